/**
 * Plumbing shared by the issue route files: which API versions the deployment serves, the caller,
 * issue lookup with Jira's exact 404, and permission answers.
 */
import type { Context } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { isInteger, parseBoolean, parseList } from "../../http/params.js";
import type { Issue, User } from "../../state/model.js";
import type { ApiVersion } from "../serialize/refs.js";

export type Ctx = Context<SandboxEnv>;

export const ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it.";

/**
 * Cloud serves v3 (ADF) and v2 (wiki markup); Data Center only has v2. Each route file registers
 * its handlers once per version listed here.
 */
export function apiVersions(ctx: SandboxContext): ApiVersion[] {
  return ctx.options.deployment === "datacenter" ? [2] : [3, 2];
}

export function prefix(v: ApiVersion): string {
  return `/rest/api/${v}`;
}

/** The calling user; a credential whose user was removed behaves as a user without rights. */
export function caller(ctx: SandboxContext, c: Ctx): User | undefined {
  return ctx.store.users.get(c.get("identity").accountId);
}

export function canWrite(user: User | undefined): boolean {
  return user !== undefined && (user.canEdit || user.siteAdmin);
}

/**
 * Issue ids and keys as Jira accepts them. Anything else (path traversal, spaces, absurd lengths)
 * cannot name an issue, so it is answered exactly like an unknown one.
 */
const ID_OR_KEY = /^(?:\d{1,18}|[A-Za-z][A-Za-z0-9_]{0,254}-\d{1,18})$/;

export function findIssue(ctx: SandboxContext, idOrKey: string | undefined): Issue | undefined {
  if (!idOrKey || !ID_OR_KEY.test(idOrKey)) return undefined;
  return ctx.store.findIssue(idOrKey);
}

export function issueNotFound(c: Ctx): Response {
  return jiraError(c, 404, [ISSUE_NOT_FOUND]);
}

/** Looks the path's issue up, or answers 404 as Jira does. */
export function issueOr404(ctx: SandboxContext, c: Ctx): Issue | Response {
  return findIssue(ctx, c.req.param("issueIdOrKey")) ?? issueNotFound(c);
}

/**
 * The path's issue and its child `:id` (a comment or worklog) from `items`, or Jira's 404 for
 * whichever is missing. A child of another issue is not found, as in Jira. `notFound` words the
 * child's 404 from the raw id, which Jira echoes (cut to 50 characters).
 */
export function issueChildOr404<T extends { issueId: string }>(
  ctx: SandboxContext,
  c: Ctx,
  items: ReadonlyMap<string, T>,
  notFound: (raw: string) => string,
): { issue: Issue; item: T } | Response {
  const issue = issueOr404(ctx, c);
  if (issue instanceof Response) return issue;
  const raw = c.req.param("id") ?? "";
  const id = numericId(raw);
  const item = id === null ? undefined : items.get(id);
  if (!item || item.issueId !== issue.id) return jiraError(c, 404, [notFound(raw.slice(0, 50))]);
  return { issue, item };
}

/** Whether the caller may edit or delete what they wrote; a site admin may change anyone's. */
export function mayChangeOwn(user: User | undefined, item: { authorId: string }): boolean {
  return canWrite(user) && user !== undefined && (user.siteAdmin || user.accountId === item.authorId);
}

/** Query list parameter (`fields`, `expand`), comma-separated or repeated. */
export function queryList(c: Ctx, name: string): string[] | undefined {
  const values = c.req.queries(name);
  return values ? parseList(values) : undefined;
}

/** A boolean query parameter, or a ready 400 for values Jira refuses. */
export function queryBool(c: Ctx, name: string, fallback: boolean): boolean | Response {
  const raw = c.req.query(name);
  const v = parseBoolean(raw, fallback);
  return v === null ? jiraError(c, 400, [`Invalid value for ${name}: '${raw}'`]) : v;
}

/** Numeric path id (comment, worklog, link, attachment). */
export function numericId(value: string | undefined): string | null {
  return value !== undefined && isInteger(value) && !value.startsWith("-") ? String(Number(value)) : null;
}

/** Stamps the change on the issue; every write to an issue or its children bumps `updated`. */
export function touch(ctx: SandboxContext, issue: Issue): void {
  issue.updated = Math.max(ctx.now(), issue.created);
}

/** How a user is named in error texts: accountId on Cloud, username on Data Center. */
export function isDataCenter(ctx: SandboxContext): boolean {
  return ctx.options.deployment === "datacenter";
}

/**
 * Resolves a user reference from a request body: `{accountId}` on Cloud, `{name}` (or `{key}`) on
 * Data Center. Returns undefined when the reference names no one, null for an explicit null.
 */
export function resolveUserRef(ctx: SandboxContext, value: unknown): User | null | undefined | "invalid" {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) return "invalid";
  const v = value as Record<string, unknown>;
  if (typeof v.accountId === "string") return ctx.store.users.get(v.accountId);
  if (!isDataCenter(ctx) && typeof v.id === "string") return ctx.store.users.get(v.id);
  if (isDataCenter(ctx)) {
    if (typeof v.name === "string") return ctx.store.findUserByName(v.name);
    if (typeof v.key === "string") return ctx.store.findUserByName(v.key);
  }
  if (v.accountId === null || v.name === null) return null;
  return "invalid";
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads a JSON body but leaves the error shape to the caller: a few operations (bulk create) must
 * answer malformed input in their own response schema instead of an ErrorCollection.
 */
export async function readBody(c: Ctx, { required = true } = {}): Promise<BodyResult> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return { ok: false, message: "The request body could not be read." };
  }
  if (text.trim() === "") {
    return required
      ? { ok: false, message: "No content to map due to end-of-input" }
      : { ok: true, value: undefined };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      message: `Unexpected character in JSON body: ${e instanceof Error ? e.message : "invalid JSON"}`,
    };
  }
}

/** Reads a JSON object body, answering Jira's 400 for anything else. */
export async function readObject(
  c: Ctx,
  { required = true } = {},
): Promise<Record<string, unknown> | Response> {
  const body = await readBody(c, { required });
  if (!body.ok) return jiraError(c, 400, [body.message]);
  if (body.value === undefined) return {};
  if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) {
    return jiraError(c, 400, ["Can not deserialize the request body: expected a JSON object."]);
  }
  return body.value as Record<string, unknown>;
}
