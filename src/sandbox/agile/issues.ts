import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { jiraError } from "../http/errors.js";
import { parseBoolean, parseList } from "../http/params.js";
import type { Board, Issue } from "../state/model.js";
import {
  backlogScope,
  boardOr404,
  boardScope,
  type Ctx,
  canWrite,
  findIssue,
  forbidden,
  ISSUE_NOT_FOUND,
  issueList,
  listIssues,
  rankTarget,
  readObject,
  removeFromOpenSprints,
  touch,
  withSubtasks,
} from "./common.js";
import { rankRelative } from "./rank.js";
import { AGILE, agileFieldSelection, agileIssueBean, SOFTWARE } from "./serialize.js";

export const NO_KANBAN_BACKLOG = "The backlog is not available on Kanban boards";
const FORBIDDEN_RANK = "You don't have permission to rank issues.";
const FORBIDDEN_MOVE = "You don't have permission to schedule issues.";

/**
 * Board and backlog issue listings (offset-paged `/rest/agile/1.0` and token-paged
 * `/rest/software/1.0`), the agile view of one issue, ranking, and moving issues to the backlog.
 */
export function issueRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const cloud = ctx.options.deployment === "cloud";

  const boardIssues = (paging: "offset" | "token") => (c: Ctx) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    return listIssues(ctx, c, boardScope(ctx, board), paging);
  };
  const backlog = (paging: "offset" | "token") => (c: Ctx) => {
    const board = scrumBoard(ctx, c);
    if (board instanceof Response) return board;
    return listIssues(ctx, c, backlogScope(ctx, board), paging);
  };
  app.get(`${AGILE}/board/:boardId/issue`, boardIssues("offset"));
  app.get(`${AGILE}/board/:boardId/backlog`, backlog("offset"));
  if (cloud) {
    app.get(`${SOFTWARE}/board/:boardId/issue`, boardIssues("token"));
    app.get(`${SOFTWARE}/board/:boardId/backlog`, backlog("token"));
    app.get(`${SOFTWARE}/board/:boardId/issue/approximate-count`, (c) => {
      const board = boardOr404(ctx, c);
      if (board instanceof Response) return board;
      return c.json({ count: count(ctx, boardScope(ctx, board)) });
    });
    app.get(`${SOFTWARE}/board/:boardId/backlog/approximate-count`, (c) => {
      const board = scrumBoard(ctx, c);
      if (board instanceof Response) return board;
      return c.json({ count: count(ctx, backlogScope(ctx, board)) });
    });
  }

  app.get(`${AGILE}/issue/:issueIdOrKey`, (c) => {
    const issue = findIssue(ctx, c.req.param("issueIdOrKey"));
    if (!issue) return jiraError(c, 404, [ISSUE_NOT_FOUND]);
    const rawHistory = c.req.query("updateHistory");
    if (parseBoolean(rawHistory, false) === null) {
      return jiraError(c, 400, [`Invalid value for updateHistory: '${rawHistory}'`]);
    }
    const raw = c.req.queries("fields");
    const fields = raw ? parseList(raw) : undefined;
    return c.json(
      agileIssueBean(ctx, c.get("apiBase"), issue, {
        fields,
        expand: parseList(c.req.queries("expand")),
        callerId: c.get("identity").accountId,
        agile: agileFieldSelection(fields),
      }),
    );
  });

  app.put(`${AGILE}/issue/rank`, async (c) => {
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_RANK);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const listed = issueList(ctx, c, body, { allowMissing: true });
    if (listed instanceof Response) return listed;
    const target = rankTarget(ctx, c, body, true);
    if (target instanceof Response) return target;
    if (!target) return jiraError(c, 400, ["Either 'rankBeforeIssue' or 'rankAfterIssue' must be given."]);
    if (!rankRelative(ctx.store.issues.values(), listed.issues, target.anchor, target.where)) {
      return jiraError(c, 400, ["An issue cannot be ranked relative to itself."]);
    }
    for (const issue of listed.issues) touch(ctx, issue);
    return partialResult(
      c,
      listed.issues,
      listed.missing.map((ref) => ({ ref, status: 404, error: notFound(ref) })),
    );
  });

  app.post(`${AGILE}/backlog/issue`, async (c) => {
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_MOVE);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const listed = issueList(ctx, c, body);
    if (listed instanceof Response) return listed;
    for (const issue of withSubtasks(ctx, listed.issues))
      if (removeFromOpenSprints(ctx, issue)) touch(ctx, issue);
    return c.body(null, 204);
  });

  app.post(`${AGILE}/backlog/:boardId/issue`, async (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_MOVE);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const listed = issueList(ctx, c, body, { allowMissing: true });
    if (listed instanceof Response) return listed;
    const target = rankTarget(ctx, c, body, false);
    if (target instanceof Response) return target;
    const onBoard = boardScope(ctx, board);
    const moving = listed.issues.filter(onBoard);
    const failures: Failure[] = listed.missing.map((ref) => ({ ref, status: 404, error: notFound(ref) }));
    for (const issue of listed.issues) {
      if (!onBoard(issue)) {
        failures.push({
          ref: issue.key,
          issue,
          status: 400,
          error: `Issue '${issue.key}' is not on board ${board.id}.`,
        });
      }
    }
    if (
      target &&
      moving.length > 0 &&
      !rankRelative(ctx.store.issues.values(), moving, target.anchor, target.where)
    ) {
      return jiraError(c, 400, ["An issue cannot be ranked relative to itself."]);
    }
    for (const issue of withSubtasks(ctx, moving)) {
      removeFromOpenSprints(ctx, issue);
      touch(ctx, issue);
    }
    return partialResult(c, moving, failures);
  });

  return app;
}

function scrumBoard(ctx: SandboxContext, c: Ctx): Board | Response {
  const board = boardOr404(ctx, c);
  if (board instanceof Response) return board;
  return board.type === "scrum" ? board : jiraError(c, 400, [NO_KANBAN_BACKLOG]);
}

function count(ctx: SandboxContext, scope: (issue: Issue) => boolean): number {
  let n = 0;
  for (const issue of ctx.store.issues.values()) if (scope(issue)) n++;
  return n;
}

function notFound(ref: string): string {
  return `Issue '${ref}' does not exist or you do not have permission to see it.`;
}

interface Failure {
  ref: string;
  issue?: Issue;
  status: number;
  error: string;
}

/** 204 when every issue went through; otherwise 207 with one entry per issue, as Jira Software reports. */
function partialResult(c: Ctx, done: readonly Issue[], failures: readonly Failure[]): Response {
  if (failures.length === 0) return c.body(null, 204);
  const entries: Array<Record<string, unknown>> = done.map((i) => ({
    issueId: Number(i.id),
    issueKey: i.key,
    status: 200,
  }));
  for (const f of failures) {
    const entry: Record<string, unknown> = {
      issueKey: f.issue?.key ?? f.ref,
      status: f.status,
      errors: [f.error],
    };
    if (f.issue) entry.issueId = Number(f.issue.id);
    entries.push(entry);
  }
  return c.json({ entries }, 207);
}
