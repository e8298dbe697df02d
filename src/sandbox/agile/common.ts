/**
 * Plumbing shared by the agile route files: the caller's rights, Jira Software's 404 wording for
 * boards, sprints and epics, the `issues` arrays its write operations take, and one issue-listing
 * engine that serves every board/sprint/backlog/epic listing in both pagination styles.
 */
import type { Context } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { jiraError } from "../http/errors.js";
import { decodeCursor, encodeCursor, offsetParams } from "../http/pagination.js";
import { isInteger, parseBoolean, parseList } from "../http/params.js";
import { addFieldNamesAndSchema, resolveFieldSelection } from "../jira/serialize/fields.js";
import { isDoneStatus } from "../jira/serialize/status.js";
import { compileJql, JqlError, parseJql } from "../jql/index.js";
import type { Board, Issue, Sprint } from "../state/model.js";
import { compareRank } from "./rank.js";
import { agileFieldSelection, agileIssueBean, isEpic, isSubtask, RANK_FIELD_ID } from "./serialize.js";

export type Ctx = Context<SandboxEnv>;

export const BOARD_NOT_FOUND = "Board does not exist or you do not have permission to see it.";
export const SPRINT_NOT_FOUND = "Sprint does not exist or you do not have permission to see it.";
export const ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it.";
/** Jira Software's limit on issues per move/rank request. */
export const MAX_ISSUES_PER_WRITE = 50;

export function isCloud(ctx: SandboxContext): boolean {
  return ctx.options.deployment === "cloud";
}

/** A browse-only user may read boards and sprints but not change them. */
export function canWrite(ctx: SandboxContext, c: Ctx): boolean {
  const user = ctx.store.users.get(c.get("identity").accountId);
  return user !== undefined && (user.canEdit || user.siteAdmin);
}

export function forbidden(c: Ctx, message: string): Response {
  return jiraError(c, 403, [message]);
}

/**
 * A numeric path id (`boardId`, `sprintId`): Jira's REST layer cannot bind anything else to its
 * `long` parameter and answers 404, as it does for ids that do not exist.
 */
export function pathNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

export function boardOr404(ctx: SandboxContext, c: Ctx): Board | Response {
  const id = pathNumber(c.req.param("boardId"));
  const board = id === null ? undefined : ctx.store.boards.get(id);
  return board ?? jiraError(c, 404, [BOARD_NOT_FOUND]);
}

export function sprintOr404(ctx: SandboxContext, c: Ctx): Sprint | Response {
  const id = pathNumber(c.req.param("sprintId"));
  const sprint = id === null ? undefined : ctx.store.sprints.get(id);
  return sprint ?? jiraError(c, 404, [SPRINT_NOT_FOUND]);
}

const ID_OR_KEY = /^(?:\d{1,18}|[A-Za-z][A-Za-z0-9_]{0,254}-\d{1,18})$/;

export function findIssue(ctx: SandboxContext, idOrKey: string): Issue | undefined {
  return ID_OR_KEY.test(idOrKey) ? ctx.store.findIssue(idOrKey) : undefined;
}

/** Epics are issues of the epic type; anything else named as an epic does not exist as one. */
export function epicOr404(ctx: SandboxContext, c: Ctx, idOrKey: string | undefined): Issue | Response {
  const issue = idOrKey === undefined ? undefined : findIssue(ctx, idOrKey);
  if (!issue) return jiraError(c, 404, [ISSUE_NOT_FOUND]);
  if (!isEpic(ctx, issue)) return jiraError(c, 404, [`Issue '${issue.key}' is not an epic.`]);
  return issue;
}

/**
 * The `issues` array of a move/rank body: 1..50 ids or keys, each resolving to an issue. Returns
 * the issues in request order (duplicates dropped) or a ready 400.
 */
export function issueList(
  ctx: SandboxContext,
  c: Ctx,
  body: Record<string, unknown>,
  { allowMissing = false } = {},
): { issues: Issue[]; missing: string[] } | Response {
  const raw = body.issues;
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) {
    return jiraError(c, 400, [], { issues: "The 'issues' field must be a list of issue ids or keys." });
  }
  if (raw.length === 0) return jiraError(c, 400, [], { issues: "At least one issue must be given." });
  if (raw.length > MAX_ISSUES_PER_WRITE) {
    return jiraError(c, 400, [], {
      issues: `The maximum number of issues that can be moved in one operation is ${MAX_ISSUES_PER_WRITE}.`,
    });
  }
  const issues: Issue[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const ref of raw as string[]) {
    const issue = findIssue(ctx, ref.trim());
    if (!issue) {
      missing.push(ref);
      continue;
    }
    if (seen.has(issue.id)) continue;
    seen.add(issue.id);
    issues.push(issue);
  }
  if (missing.length > 0 && !allowMissing) {
    return jiraError(
      c,
      400,
      missing.map((ref) => `Issue '${ref}' does not exist or you do not have permission to see it.`),
    );
  }
  return { issues, missing };
}

/** Optional string property of a body, or a ready 400 when it has another type. */
export function optionalString(
  c: Ctx,
  body: Record<string, unknown>,
  name: string,
): string | undefined | Response {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string")
    return jiraError(c, 400, [], { [name]: `The '${name}' field must be a string.` });
  return v;
}

/** Drops the issue out of any open sprint; closed sprints stay in its history, as in Jira. */
export function removeFromOpenSprints(ctx: SandboxContext, issue: Issue): boolean {
  const kept = issue.sprintIds.filter((id) => ctx.store.sprints.get(id)?.state === "closed");
  if (kept.length === issue.sprintIds.length) return false;
  issue.sprintIds = kept;
  return true;
}

export function touch(ctx: SandboxContext, issue: Issue): void {
  issue.updated = Math.max(ctx.now(), issue.created);
}

// ------------------------------------------------------------------ issue listings

/** Which issues a listing may return at all, before the caller's `jql`. */
export type IssueScope = (issue: Issue) => boolean;

export type Paging = "offset" | "token";

interface ListInput {
  jql: string | undefined;
  fields: string[] | undefined;
  expand: string[];
}

/** Offset listings: Cloud pages issues by 50; Data Center by `jira.search.views.default.max`. */
const OFFSET_CAP_CLOUD = 50;
const OFFSET_CAP_DC = 1000;
/** `/rest/software/1.0`: up to 5,000 ids per page, fewer when full issues are returned. */
const TOKEN_CAP_IDS = 5000;
const TOKEN_CAP_FIELDS = 100;
const BAD_TOKEN = "The provided next page token is invalid or expired.";

function listInput(c: Ctx): ListInput | Response {
  const fieldsRaw = c.req.queries("fields");
  const validate = c.req.query("validateQuery");
  if (parseBoolean(validate, true) === null) {
    return jiraError(c, 400, [`Invalid value for validateQuery: '${validate}'`]);
  }
  return {
    jql: c.req.query("jql"),
    fields: fieldsRaw ? parseList(fieldsRaw) : undefined,
    expand: parseList(c.req.queries("expand")),
  };
}

/** Issues in scope that match the caller's JQL, in the JQL's order or by rank. */
function matching(
  ctx: SandboxContext,
  c: Ctx,
  scope: IssueScope,
  jql: string | undefined,
): Issue[] | Response {
  let matches: (issue: Issue) => boolean = () => true;
  let compare = compareRank;
  if (jql !== undefined && jql.trim() !== "") {
    try {
      const query = parseJql(jql);
      const compiled = compileJql(query, {
        store: ctx.store,
        currentUserId: c.get("identity").accountId ?? null,
        now: ctx.now(),
      });
      matches = compiled.matches;
      if (query.orderBy.length > 0) compare = compiled.compare;
    } catch (e) {
      if (e instanceof JqlError) return jiraError(c, 400, [e.message]);
      throw e;
    }
  }
  const out: Issue[] = [];
  for (const issue of ctx.store.issues.values()) if (scope(issue) && matches(issue)) out.push(issue);
  return out.sort(compare);
}

function idsOnly(fields: string[] | undefined): boolean {
  return fields !== undefined && fields.length > 0 && fields.every((f) => f === "id" || f === "key");
}

/** A short tag tying a page token to its listing and query, so it cannot page another one. */
function tokenTag(c: Ctx, jql: string | undefined): string {
  const text = `${c.req.path.replace(/^\/ex\/jira\/[^/]+/, "")}?${jql ?? ""}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `agile${(h >>> 0).toString(36)}`;
}

/**
 * Serves one issue listing: offset paging answers `SearchResults` (`/rest/agile/1.0`), token
 * paging answers `SoftwareIssueResults` (`/rest/software/1.0`). Ordered by rank unless the `jql`
 * has its own ORDER BY, as Jira Software documents.
 */
export function listIssues(ctx: SandboxContext, c: Ctx, scope: IssueScope, paging: Paging): Response {
  const input = listInput(c);
  if (input instanceof Response) return input;
  if (paging === "token") {
    const reconcile = c.req.queries("reconcileIssues");
    if (reconcile) {
      const ids = parseList(reconcile);
      if (ids.length > 50 || ids.some((v) => !isInteger(v))) {
        return jiraError(c, 400, ["reconcileIssues accepts at most 50 issue ids."]);
      }
    }
  }
  const rawMax = c.req.query("maxResults");
  let startAt = 0;
  let maxResults: number;
  if (paging === "offset") {
    const cap = isCloud(ctx) ? OFFSET_CAP_CLOUD : OFFSET_CAP_DC;
    const page = offsetParams(
      { startAt: c.req.query("startAt"), maxResults: rawMax },
      { maxResults: Math.min(50, cap), cap },
    );
    if ("error" in page) return jiraError(c, 400, [page.error]);
    startAt = page.startAt;
    maxResults = page.maxResults;
  } else {
    if (rawMax !== undefined && !isInteger(rawMax))
      return jiraError(c, 400, [`Invalid value for maxResults: '${rawMax}'`]);
    const cap = idsOnly(input.fields) ? TOKEN_CAP_IDS : TOKEN_CAP_FIELDS;
    maxResults = rawMax === undefined ? 50 : Number(rawMax);
    if (maxResults < 0) return jiraError(c, 400, ["maxResults must be a non-negative integer."]);
    maxResults = Math.min(maxResults, cap);
    const token = c.req.query("nextPageToken");
    if (token !== undefined && token !== "") {
      const decoded = decodeCursor(tokenTag(c, input.jql), token);
      if (decoded === null) return jiraError(c, 400, [BAD_TOKEN]);
      startAt = decoded;
    }
  }
  const matched = matching(ctx, c, scope, input.jql);
  if (matched instanceof Response) return matched;
  const apiBase = c.get("apiBase");
  const options = {
    fields: input.fields,
    expand: input.expand.filter((e) => e !== "names" && e !== "schema"),
    callerId: c.get("identity").accountId,
    agile: agileFieldSelection(input.fields),
  };
  const page = matched.slice(startAt, startAt + maxResults);
  const issues = page.map((issue) => agileIssueBean(ctx, apiBase, issue, options));
  if (paging === "offset") {
    const body: Record<string, unknown> = {
      expand: "schema,names",
      startAt,
      maxResults,
      total: matched.length,
      issues,
    };
    addFieldNamesAndSchema(body, input.expand, () => resolveFieldSelection(input.fields, "*navigable"));
    return c.json(body);
  }
  const body: Record<string, unknown> = { issues };
  const end = startAt + page.length;
  const isLast = end >= matched.length || maxResults === 0;
  if (!isLast) body.nextPageToken = encodeCursor(tokenTag(c, input.jql), end);
  body.isLast = isLast;
  addFieldNamesAndSchema(body, input.expand, () => resolveFieldSelection(input.fields, "*navigable"));
  return c.json(body);
}

/** Offset paging of a plain value list (boards, sprints, epics, ...): Jira Software caps these at 50. */
export function pagedValues<T>(c: Ctx, items: readonly T[], map: (item: T) => unknown): Response {
  const page = offsetParams(
    { startAt: c.req.query("startAt"), maxResults: c.req.query("maxResults") },
    { maxResults: 50, cap: 50 },
  );
  if ("error" in page) return jiraError(c, 400, [page.error]);
  const slice = items.slice(page.startAt, page.startAt + page.maxResults);
  return c.json({
    maxResults: page.maxResults,
    startAt: page.startAt,
    total: items.length,
    isLast: page.startAt + slice.length >= items.length,
    values: slice.map(map),
  });
}

/** Issues a board shows: its project's, without epics on a scrum board (Jira keeps those in a panel). */
export function boardScope(ctx: SandboxContext, board: Board): IssueScope {
  const scrum = board.type === "scrum";
  return (issue) => issue.projectId === board.projectId && !(scrum && isEpic(ctx, issue));
}

/** True when the issue sits in a future or active sprint. */
export function inOpenSprint(ctx: SandboxContext, issue: Issue): boolean {
  for (const id of issue.sprintIds) {
    const sprint = ctx.store.sprints.get(id);
    if (sprint && sprint.state !== "closed") return true;
  }
  return false;
}

/** The backlog: incomplete board issues that are in no future or active sprint. */
export function backlogScope(ctx: SandboxContext, board: Board): IssueScope {
  const onBoard = boardScope(ctx, board);
  return (issue) => onBoard(issue) && !inOpenSprint(ctx, issue) && !isDoneStatus(ctx, issue.statusId);
}

export interface RankTarget {
  anchor: Issue;
  where: "before" | "after";
}

/**
 * `rankBeforeIssue` / `rankAfterIssue` / `rankCustomFieldId` of a move or rank body. `required`
 * for the rank operation itself, optional for moves. Null means "no ranking asked for".
 */
export function rankTarget(
  ctx: SandboxContext,
  c: Ctx,
  body: Record<string, unknown>,
  required: boolean,
): RankTarget | null | Response {
  const before = optionalString(c, body, "rankBeforeIssue");
  if (before instanceof Response) return before;
  const after = optionalString(c, body, "rankAfterIssue");
  if (after instanceof Response) return after;
  const field = body.rankCustomFieldId;
  if (field !== undefined && field !== null) {
    if (typeof field !== "number" || !Number.isInteger(field)) {
      return jiraError(c, 400, [], { rankCustomFieldId: "The 'rankCustomFieldId' field must be a number." });
    }
    if (field !== RANK_FIELD_ID) {
      return jiraError(c, 400, [`The custom field with id ${field} is not a rank field.`]);
    }
  }
  if (before !== undefined && after !== undefined) {
    return jiraError(c, 400, ["Only one of 'rankBeforeIssue' and 'rankAfterIssue' may be given."]);
  }
  const ref = before ?? after;
  if (ref === undefined) {
    return required
      ? jiraError(c, 400, ["Either 'rankBeforeIssue' or 'rankAfterIssue' must be given."])
      : null;
  }
  const anchor = findIssue(ctx, ref.trim());
  if (!anchor)
    return jiraError(c, 400, [`Issue '${ref}' does not exist or you do not have permission to see it.`]);
  return { anchor, where: before !== undefined ? "before" : "after" };
}

/** Sub-tasks travel with their parent between sprints and the backlog, as on a Jira board. */
export function withSubtasks(ctx: SandboxContext, issues: readonly Issue[]): Issue[] {
  const ids = new Set(issues.map((i) => i.id));
  const out = [...issues];
  for (const other of ctx.store.issues.values()) {
    if (other.parentId !== null && ids.has(other.parentId) && !ids.has(other.id) && isSubtask(ctx, other)) {
      out.push(other);
      ids.add(other.id);
    }
  }
  return out;
}

/** A JSON object body, or a ready 400. */
export async function readObject(c: Ctx): Promise<Record<string, unknown> | Response> {
  const parsed = await readJson(c);
  if (!parsed.ok) return parsed.response;
  if (!isObject(parsed.value)) return jiraError(c, 400, ["The request body must be a JSON object."]);
  return parsed.value;
}
