import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { jiraError } from "../http/errors.js";
import { parseList } from "../http/params.js";
import { nextNumber } from "../seed/ids.js";
import type { Board, Sprint } from "../state/model.js";
import {
  BOARD_NOT_FOUND,
  boardOr404,
  type Ctx,
  canWrite,
  forbidden,
  issueList,
  listIssues,
  optionalString,
  type Paging,
  pagedValues,
  rankTarget,
  readObject,
  removeFromOpenSprints,
  sprintOr404,
  touch,
  withSubtasks,
} from "./common.js";
import { rankRelative } from "./rank.js";
import { AGILE, SOFTWARE, sprintBean } from "./serialize.js";

const STATES = ["future", "active", "closed"] as const;
type State = (typeof STATES)[number];
const STATE_ORDER: Record<State, number> = { closed: 0, active: 1, future: 2 };
const MAX_NAME = 255;

export const NO_SPRINTS = "The board does not support sprints";
const FORBIDDEN_SPRINTS = "You don't have permission to manage sprints.";
const FORBIDDEN_MOVE = "You don't have permission to schedule issues.";

/**
 * Sprints: the board's sprint list, create, read, full and partial update (which is how sprints are
 * started and completed), delete, and moving issues into a sprint. Completing a sprint leaves its
 * incomplete issues with no open sprint, i.e. back in the backlog, as Jira Cloud does via the API.
 */
export function sprintRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get(`${AGILE}/board/:boardId/sprint`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    if (board.type !== "scrum") return jiraError(c, 400, [NO_SPRINTS]);
    const states = parseList(c.req.queries("state"));
    for (const s of states) {
      if (!(STATES as readonly string[]).includes(s)) {
        return jiraError(c, 400, [
          `'${s}' is not a valid sprint state. Valid values: future, active, closed.`,
        ]);
      }
    }
    const sprints = [...ctx.store.sprints.values()]
      .filter((s) => s.boardId === board.id && (states.length === 0 || states.includes(s.state)))
      .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.id - b.id);
    const apiBase = c.get("apiBase");
    return pagedValues(c, sprints, (s) => sprintBean(apiBase, s));
  });

  app.post(`${AGILE}/sprint`, async (c) => {
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_SPRINTS);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const errors: Record<string, string> = {};
    const name = typeof body.name === "string" ? body.name.trim() : undefined;
    if (body.name !== undefined && body.name !== null && typeof body.name !== "string")
      errors.name = "The sprint name must be a string.";
    else if (!name) errors.name = "The sprint name is required.";
    else if (name.length > MAX_NAME)
      errors.name = `The sprint name must not be longer than ${MAX_NAME} characters.`;
    const origin = body.originBoardId;
    if (origin === undefined || origin === null) errors.originBoardId = "The origin board id is required.";
    else if (typeof origin !== "number" || !Number.isInteger(origin))
      errors.originBoardId = "The origin board id must be a number.";
    const goal = optionalString(c, body, "goal");
    if (goal instanceof Response) return goal;
    const start = dateField(body, "startDate", errors);
    const end = dateField(body, "endDate", errors);
    if (Object.keys(errors).length > 0) return jiraError(c, 400, [], errors);
    if (start != null && end != null && end < start)
      return jiraError(c, 400, [], { endDate: END_BEFORE_START });
    const board = ctx.store.boards.get(origin as number);
    if (!board) return jiraError(c, 404, [BOARD_NOT_FOUND]);
    if (board.type !== "scrum") return jiraError(c, 400, [NO_SPRINTS]);
    const sprint: Sprint = {
      id: nextNumber(ctx.store, "sprint"),
      boardId: board.id,
      name: name as string,
      state: "future",
      startDate: start ?? null,
      endDate: end ?? null,
      completeDate: null,
      createdDate: ctx.now(),
      goal: goal ?? "",
    };
    ctx.store.sprints.set(sprint.id, sprint);
    return c.json(sprintBean(c.get("apiBase"), sprint), 201);
  });

  app.get(`${AGILE}/sprint/:sprintId`, (c) => {
    const sprint = sprintOr404(ctx, c);
    if (sprint instanceof Response) return sprint;
    return c.json(sprintBean(c.get("apiBase"), sprint));
  });

  const update = (full: boolean) => async (c: Ctx) => {
    const sprint = sprintOr404(ctx, c);
    if (sprint instanceof Response) return sprint;
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_SPRINTS);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const failed = applyUpdate(ctx, c, sprint, body, full);
    if (failed) return failed;
    return c.json(sprintBean(c.get("apiBase"), sprint));
  };
  app.put(`${AGILE}/sprint/:sprintId`, update(true));
  app.post(`${AGILE}/sprint/:sprintId`, update(false));

  app.delete(`${AGILE}/sprint/:sprintId`, (c) => {
    const sprint = sprintOr404(ctx, c);
    if (sprint instanceof Response) return sprint;
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_SPRINTS);
    for (const issue of ctx.store.issues.values()) {
      if (!issue.sprintIds.includes(sprint.id)) continue;
      issue.sprintIds = issue.sprintIds.filter((id) => id !== sprint.id);
      touch(ctx, issue);
    }
    ctx.store.sprints.delete(sprint.id);
    return c.body(null, 204);
  });

  app.post(`${AGILE}/sprint/:sprintId/issue`, async (c) => {
    const sprint = sprintOr404(ctx, c);
    if (sprint instanceof Response) return sprint;
    if (!canWrite(ctx, c)) return forbidden(c, FORBIDDEN_MOVE);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    if (sprint.state === "closed") {
      return jiraError(c, 400, ["Issues can only be moved to future or active sprints."]);
    }
    const listed = issueList(ctx, c, body);
    if (listed instanceof Response) return listed;
    const target = rankTarget(ctx, c, body, false);
    if (target instanceof Response) return target;
    if (target && !rankRelative(ctx.store.issues.values(), listed.issues, target.anchor, target.where)) {
      return jiraError(c, 400, ["An issue cannot be ranked relative to itself."]);
    }
    for (const issue of withSubtasks(ctx, listed.issues)) {
      removeFromOpenSprints(ctx, issue);
      issue.sprintIds = [...issue.sprintIds, sprint.id];
      touch(ctx, issue);
    }
    return c.body(null, 204);
  });

  sprintIssueRoutes(app, ctx, AGILE, "offset");
  if (ctx.options.deployment === "cloud") sprintIssueRoutes(app, ctx, SOFTWARE, "token");

  return app;
}

/**
 * A sprint's issues, alone and as seen from one of its boards, under one API base: Jira Software
 * serves them at `/rest/agile/1.0` with offset paging and (Cloud) at `/rest/software/1.0` with
 * token paging.
 */
function sprintIssueRoutes(app: Hono<SandboxEnv>, ctx: SandboxContext, base: string, paging: Paging): void {
  app.get(`${base}/sprint/:sprintId/issue`, (c) => {
    const sprint = sprintOr404(ctx, c);
    if (sprint instanceof Response) return sprint;
    return listIssues(ctx, c, (i) => i.sprintIds.includes(sprint.id), paging);
  });
  app.get(`${base}/board/:boardId/sprint/:sprintId/issue`, (c) => {
    const found = boardSprint(ctx, c);
    if (found instanceof Response) return found;
    const [board, sprint] = found;
    return listIssues(
      ctx,
      c,
      (i) => i.projectId === board.projectId && i.sprintIds.includes(sprint.id),
      paging,
    );
  });
}

function boardSprint(ctx: SandboxContext, c: Ctx): [Board, Sprint] | Response {
  const board = boardOr404(ctx, c);
  if (board instanceof Response) return board;
  const sprint = sprintOr404(ctx, c);
  if (sprint instanceof Response) return sprint;
  return [board, sprint];
}

const END_BEFORE_START = "The end date of a sprint must be after its start date.";

/**
 * Parses an ISO-8601 date-time as Jira Software accepts it (`2015-04-11T15:22:00.000+10:00`, `Z`,
 * `+1000`, or a bare date). Records a field error and returns undefined when unreadable; null
 * when the body sets the field to null; undefined when absent.
 */
function dateField(
  body: Record<string, unknown>,
  name: string,
  errors: Record<string, string>,
): number | null | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (v === null) return null;
  const ms = typeof v === "string" ? parseIsoDate(v) : null;
  if (ms === null) {
    errors[name] =
      `Invalid date format for '${name}'. Use an ISO 8601 date-time, e.g. 2015-04-11T15:22:00.000+10:00.`;
    return undefined;
  }
  return ms;
}

export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const [, date, time, zone] = m;
  let iso = `${date}T${time ?? "00:00"}`;
  if (zone === undefined || zone === "Z") iso += "Z";
  else iso += zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * One update (PUT = full, POST = partial) with Jira Software's rules: closed sprints only take
 * name and goal; `state` may only go future→active (needs both dates, one active sprint per
 * board) or active→closed (stamps completeDate); completeDate/createdDate are never set by hand.
 */
function applyUpdate(
  ctx: SandboxContext,
  c: Ctx,
  sprint: Sprint,
  body: Record<string, unknown>,
  full: boolean,
): Response | null {
  const errors: Record<string, string> = {};
  let name = sprint.name;
  if (body.name !== undefined && body.name !== null) {
    if (typeof body.name !== "string") errors.name = "The sprint name must be a string.";
    else name = body.name.trim();
  } else if (full) name = "";
  if (!errors.name && name === "") errors.name = "The sprint name is required.";
  else if (name.length > MAX_NAME)
    errors.name = `The sprint name must not be longer than ${MAX_NAME} characters.`;
  let goal = sprint.goal;
  if (body.goal !== undefined && body.goal !== null) {
    if (typeof body.goal !== "string") errors.goal = "The sprint goal must be a string.";
    else goal = body.goal;
  } else if (full) goal = "";
  let state: State = sprint.state;
  if (body.state !== undefined && body.state !== null) {
    if (typeof body.state !== "string" || !(STATES as readonly string[]).includes(body.state)) {
      errors.state = "Valid sprint states are: future, active, closed.";
    } else state = body.state as State;
  }
  if (body.originBoardId !== undefined && body.originBoardId !== null) {
    if (typeof body.originBoardId !== "number" || !Number.isInteger(body.originBoardId)) {
      errors.originBoardId = "The origin board id must be a number.";
    }
  }
  const start = dateField(body, "startDate", errors);
  const end = dateField(body, "endDate", errors);
  if (Object.keys(errors).length > 0) return jiraError(c, 400, [], errors);

  if (sprint.state === "closed") {
    sprint.name = name;
    sprint.goal = goal;
    return null;
  }
  const startDate = start !== undefined ? start : full ? null : sprint.startDate;
  const endDate = end !== undefined ? end : full ? null : sprint.endDate;
  if (state !== sprint.state) {
    if (sprint.state === "future" && state === "active") {
      if (startDate === null || endDate === null) {
        return jiraError(c, 400, ["A sprint needs a start date and an end date before it can be started."]);
      }
      for (const other of ctx.store.sprints.values()) {
        if (other.boardId === sprint.boardId && other.state === "active" && other.id !== sprint.id) {
          return jiraError(c, 400, [
            `Sprint cannot be started: sprint '${other.name}' is already active on this board.`,
          ]);
        }
      }
    } else if (!(sprint.state === "active" && state === "closed")) {
      return jiraError(c, 400, [`A sprint cannot be moved from state '${sprint.state}' to '${state}'.`]);
    }
  }
  if (state !== "future" && (startDate === null || endDate === null)) {
    return jiraError(c, 400, [], {
      [startDate === null ? "startDate" : "endDate"]: "Started sprints need a start date and an end date.",
    });
  }
  if (startDate !== null && endDate !== null && endDate < startDate) {
    return jiraError(c, 400, [], { endDate: END_BEFORE_START });
  }
  sprint.name = name;
  sprint.goal = goal;
  sprint.startDate = startDate;
  sprint.endDate = endDate;
  if (state === "closed" && sprint.state === "active") sprint.completeDate = ctx.now();
  sprint.state = state;
  return null;
}
