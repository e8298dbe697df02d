import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { jiraError } from "../http/errors.js";
import type { Issue } from "../state/model.js";
import {
  boardOr404,
  boardScope,
  canWrite,
  epicOr404,
  forbidden,
  type IssueScope,
  issueList,
  listIssues,
  pathNumber,
  readObject,
  touch,
} from "./common.js";
import { AGILE, epicBean, isEpic, isSubtask, SOFTWARE } from "./serialize.js";

const FORBIDDEN_EPIC = "You don't have permission to edit the issues.";

/**
 * Epics (company-managed: the epic is the issue's `parent`): one epic, its issues, issues without
 * an epic, and moving issues into or out of epics — site-wide and per board.
 */
export function epicRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const cloud = ctx.options.deployment === "cloud";

  /** Issues that can carry an epic and have none. */
  const withoutEpic: IssueScope = (issue) => {
    if (isEpic(ctx, issue) || isSubtask(ctx, issue)) return false;
    const parent = issue.parentId ? ctx.store.issues.get(issue.parentId) : undefined;
    return !(parent && isEpic(ctx, parent));
  };
  const childrenOf =
    (epic: Issue): IssueScope =>
    (issue) =>
      issue.parentId === epic.id;

  // Static `none` routes first: they would otherwise be read as an epic called "none".
  for (const [base, paging] of pagings(cloud)) {
    app.get(`${base}/epic/none/issue`, (c) => listIssues(ctx, c, withoutEpic, paging));
    app.get(`${base}/board/:boardId/epic/none/issue`, (c) => {
      const board = boardOr404(ctx, c);
      if (board instanceof Response) return board;
      const onBoard = boardScope(ctx, board);
      return listIssues(ctx, c, (i) => onBoard(i) && withoutEpic(i), paging);
    });
    app.get(`${base}/epic/:epicIdOrKey/issue`, (c) => {
      const epic = epicOr404(ctx, c, c.req.param("epicIdOrKey"));
      if (epic instanceof Response) return epic;
      return listIssues(ctx, c, childrenOf(epic), paging);
    });
    app.get(`${base}/board/:boardId/epic/:epicId/issue`, (c) => {
      const board = boardOr404(ctx, c);
      if (board instanceof Response) return board;
      const id = pathNumber(c.req.param("epicId"));
      const epic = epicOr404(ctx, c, id === null ? undefined : String(id));
      if (epic instanceof Response) return epic;
      const onBoard = boardScope(ctx, board);
      const children = childrenOf(epic);
      return listIssues(ctx, c, (i) => onBoard(i) && children(i), paging);
    });
  }

  app.post(`${AGILE}/epic/none/issue`, async (c) => {
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_EPIC);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const listed = issueList(ctx, c, body);
    if (listed instanceof Response) return listed;
    for (const issue of listed.issues) {
      const parent = issue.parentId ? ctx.store.issues.get(issue.parentId) : undefined;
      if (parent && isEpic(ctx, parent)) {
        issue.parentId = null;
        touch(ctx, issue);
      }
    }
    return c.body(null, 204);
  });

  app.get(`${AGILE}/epic/:epicIdOrKey`, (c) => {
    const epic = epicOr404(ctx, c, c.req.param("epicIdOrKey"));
    if (epic instanceof Response) return epic;
    return c.json(epicBean(ctx, c.get("apiBase"), epic));
  });

  app.post(`${AGILE}/epic/:epicIdOrKey/issue`, async (c) => {
    const epic = epicOr404(ctx, c, c.req.param("epicIdOrKey"));
    if (epic instanceof Response) return epic;
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_EPIC);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const listed = issueList(ctx, c, body);
    if (listed instanceof Response) return listed;
    const refused = listed.issues
      .filter((i) => isEpic(ctx, i) || isSubtask(ctx, i))
      .map(
        (i) =>
          `Issue '${i.key}' is ${isEpic(ctx, i) ? "an epic" : "a sub-task"} and cannot be added to an epic.`,
      );
    if (refused.length > 0) return jiraError(c, 400, refused);
    for (const issue of listed.issues) {
      if (issue.parentId === epic.id) continue;
      issue.parentId = epic.id;
      touch(ctx, issue);
    }
    return c.body(null, 204);
  });

  return app;
}

function pagings(cloud: boolean): Array<[string, "offset" | "token"]> {
  const out: Array<[string, "offset" | "token"]> = [[AGILE, "offset"]];
  if (cloud) out.push([SOFTWARE, "token"]);
  return out;
}
