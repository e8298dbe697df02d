import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { offsetParams } from "../../http/pagination.js";
import { isInteger } from "../../http/params.js";
import { nextString } from "../../seed/ids.js";
import type { Worklog } from "../../state/model.js";
import { parseDuration } from "../serialize/duration.js";
import { worklogsOf } from "../serialize/indexes.js";
import type { ApiVersion } from "../serialize/refs.js";
import { richIn } from "../serialize/rich-text.js";
import { worklogBean } from "../serialize/worklog.js";
import {
  apiVersions,
  type Ctx,
  caller,
  canWrite,
  issueChildOr404,
  issueOr404,
  mayChangeOwn,
  prefix,
  readObject,
  touch,
} from "./common.js";

/** The spec documents 400 (not 403) for worklog permission failures. */
export const WORKLOG_FORBIDDEN = "You do not have the permission to associate a worklog to this issue.";
export const WORKLOG_EDIT_FORBIDDEN = "You do not have permission to edit this worklog.";
export const WORKLOG_DELETE_FORBIDDEN = "You do not have permission to delete this worklog.";

/** Jira's worklog `started` format: `2026-11-01T09:00:00.000+0000`. */
const STARTED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-])(\d{2}):?(\d{2})$/;

export function parseStarted(value: string): number | null {
  const m = STARTED.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === "+" ? 1 : -1);
  return utc - offset;
}

/** Worklogs of an issue: list, add, get, update, delete. */
export function worklogRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

interface WorklogInput {
  seconds?: number;
  started?: number;
  comment?: Worklog["comment"];
}

function parseWorklog(
  body: Record<string, unknown>,
  v: ApiVersion,
  creating: boolean,
): { ok: true; value: WorklogInput } | { ok: false; errors: Record<string, string> } {
  const out: WorklogInput = {};
  const errors: Record<string, string> = {};
  const { timeSpent, timeSpentSeconds, started, comment } = body;
  if (timeSpent !== undefined && timeSpentSeconds !== undefined) {
    errors.timeLogged = "Provide either 'timeSpent' or 'timeSpentSeconds', not both.";
  } else if (timeSpent !== undefined) {
    const seconds = typeof timeSpent === "string" ? parseDuration(timeSpent) : null;
    if (seconds === null) errors.timeLogged = "Invalid time duration entered.";
    else if (seconds <= 0) errors.timeLogged = "You must indicate the time spent working.";
    else out.seconds = seconds;
  } else if (timeSpentSeconds !== undefined) {
    if (
      typeof timeSpentSeconds !== "number" ||
      !Number.isInteger(timeSpentSeconds) ||
      timeSpentSeconds > 315_360_000
    ) {
      errors.timeLogged = "Invalid time duration entered.";
    } else if (timeSpentSeconds <= 0) errors.timeLogged = "You must indicate the time spent working.";
    else out.seconds = timeSpentSeconds;
  } else if (creating) {
    errors.timeLogged = "You must indicate the time spent working.";
  }
  if (started !== undefined) {
    const ms = typeof started === "string" ? parseStarted(started) : null;
    if (ms === null) {
      errors.started = `Could not parse 'started': expected a date and time like 2026-11-01T09:00:00.000+0000.`;
    } else out.started = ms;
  }
  if (comment !== undefined) {
    const parsed = richIn(comment, v);
    if (!parsed.ok)
      errors.comment = v === 3 ? "Comment must be an Atlassian Document." : "Comment must be a string.";
    else out.comment = parsed.doc;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

/** Checks `adjustEstimate` and its companion parameters as Jira does (the estimate itself is derived). */
function checkAdjust(c: Ctx, creating: boolean): Response | null {
  const adjust = c.req.query("adjustEstimate");
  if (adjust === undefined) return null;
  if (!["new", "leave", "manual", "auto"].includes(adjust)) {
    return jiraError(c, 400, [`Invalid value for adjustEstimate: '${adjust.slice(0, 30)}'`]);
  }
  if (adjust === "new" && parseDuration(c.req.query("newEstimate") ?? "") === null) {
    return jiraError(c, 400, [], { newEstimate: "You must supply a valid new estimate." });
  }
  const reduce = creating ? "reduceBy" : "increaseBy";
  if (
    adjust === "manual" &&
    c.req.query(reduce) !== undefined &&
    parseDuration(c.req.query(reduce) ?? "") === null
  ) {
    return jiraError(c, 400, [], {
      [reduce]: `You must supply a valid amount to ${creating ? "reduce" : "increase"} the estimate by.`,
    });
  }
  return null;
}

const worklogOr404 = (ctx: SandboxContext, c: Ctx) =>
  issueChildOr404(ctx, c, ctx.store.worklogs, (raw) => `Cannot find worklog with id: '${raw}'.`);

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.get(`${P}/issue/:issueIdOrKey/worklog`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const page = offsetParams(c.req.query(), { maxResults: 5000, cap: 5000 });
    if ("error" in page) return jiraError(c, 400, [page.error]);
    const after = c.req.query("startedAfter");
    const before = c.req.query("startedBefore");
    for (const [name, value] of [
      ["startedAfter", after],
      ["startedBefore", before],
    ] as const) {
      if (value !== undefined && !isInteger(value))
        return jiraError(c, 400, [`Invalid value for ${name}: '${value.slice(0, 30)}'`]);
    }
    const all = worklogsOf(ctx.store, issue.id).filter(
      (w) =>
        (after === undefined || w.started >= Number(after)) &&
        (before === undefined || w.started < Number(before)),
    );
    const slice = all.slice(page.startAt, page.startAt + page.maxResults);
    return c.json({
      startAt: page.startAt,
      maxResults: page.maxResults,
      total: all.length,
      worklogs: slice.map((w) => worklogBean(ctx, c.get("apiBase"), w, v)),
    });
  });

  app.post(`${P}/issue/:issueIdOrKey/worklog`, async (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const user = caller(ctx, c);
    if (!canWrite(user) || !user) return jiraError(c, 400, [WORKLOG_FORBIDDEN]);
    const adjust = checkAdjust(c, true);
    if (adjust) return adjust;
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const parsed = parseWorklog(body, v, true);
    if (!parsed.ok) return jiraError(c, 400, [], parsed.errors);
    const now = ctx.now();
    const w: Worklog = {
      id: nextString(ctx.store, "worklog"),
      issueId: issue.id,
      authorId: user.accountId,
      updateAuthorId: user.accountId,
      comment: parsed.value.comment ?? null,
      started: parsed.value.started ?? now,
      timeSpentSeconds: parsed.value.seconds as number,
      created: now,
      updated: now,
    };
    ctx.store.worklogs.set(w.id, w);
    touch(ctx, issue);
    return c.json(worklogBean(ctx, c.get("apiBase"), w, v), 201);
  });

  app.get(`${P}/issue/:issueIdOrKey/worklog/:id`, (c) => {
    const found = worklogOr404(ctx, c);
    if (found instanceof Response) return found;
    const w = found.item;
    return c.json(worklogBean(ctx, c.get("apiBase"), w, v));
  });

  app.put(`${P}/issue/:issueIdOrKey/worklog/:id`, async (c) => {
    const found = worklogOr404(ctx, c);
    if (found instanceof Response) return found;
    const { issue, item: w } = found;
    const user = caller(ctx, c);
    if (!mayChangeOwn(user, w) || !user) return jiraError(c, 400, [WORKLOG_EDIT_FORBIDDEN]);
    const adjust = checkAdjust(c, false);
    if (adjust) return adjust;
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const parsed = parseWorklog(body, v, false);
    if (!parsed.ok) return jiraError(c, 400, [], parsed.errors);
    if (parsed.value.seconds !== undefined) w.timeSpentSeconds = parsed.value.seconds;
    if (parsed.value.started !== undefined) w.started = parsed.value.started;
    if (parsed.value.comment !== undefined) w.comment = parsed.value.comment;
    w.updateAuthorId = user.accountId;
    w.updated = Math.max(ctx.now(), w.created);
    touch(ctx, issue);
    return c.json(worklogBean(ctx, c.get("apiBase"), w, v));
  });

  app.delete(`${P}/issue/:issueIdOrKey/worklog/:id`, (c) => {
    const found = worklogOr404(ctx, c);
    if (found instanceof Response) return found;
    const { issue, item: w } = found;
    if (!mayChangeOwn(caller(ctx, c), w)) return jiraError(c, 400, [WORKLOG_DELETE_FORBIDDEN]);
    const adjust = checkAdjust(c, false);
    if (adjust) return adjust;
    ctx.store.worklogs.delete(w.id);
    touch(ctx, issue);
    return c.body(null, 204);
  });
}
