import type { Context } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { offsetParams } from "../../http/pagination.js";
import { parseList } from "../../http/params.js";
import type { Project, User } from "../../state/model.js";
import type { ApiVersion } from "../serialize/refs.js";

export type Ctx = Context<SandboxEnv>;

/** Jira's wording for operations that need the *Administer Jira* global permission. */
export const ADMIN_REQUIRED =
  "You are not authorized to perform this action. Administrator privileges are required.";

/** Cloud answers under `/rest/api/3`; a Data Center server only has `/rest/api/2`. */
export function apiVersionOf(ctx: SandboxContext): ApiVersion {
  return ctx.options.deployment === "datacenter" ? 2 : 3;
}

export function apiRoot(ctx: SandboxContext): string {
  return `/rest/api/${apiVersionOf(ctx)}`;
}

export function isCloud(ctx: SandboxContext): boolean {
  return ctx.options.deployment === "cloud";
}

export function caller(ctx: SandboxContext, c: Ctx): User | undefined {
  return ctx.store.users.get(c.get("identity").accountId);
}

/** *Administer Jira*: site admins only. */
export function isJiraAdmin(ctx: SandboxContext, c: Ctx): boolean {
  return caller(ctx, c)?.siteAdmin === true;
}

/** *Administer Projects* for one project: site admins, or members of its Administrators role. */
export function isProjectAdmin(ctx: SandboxContext, c: Ctx, project: Project): boolean {
  const user = caller(ctx, c);
  if (!user) return false;
  if (user.siteAdmin) return true;
  for (const role of ctx.store.projectRoles.values()) {
    if (
      role.name === "Administrators" &&
      (project.roleActors[String(role.id)] ?? []).includes(user.accountId)
    ) {
      return true;
    }
  }
  return false;
}

/** *Administer Projects* for any project on the site. */
export function isAnyProjectAdmin(ctx: SandboxContext, c: Ctx): boolean {
  if (isJiraAdmin(ctx, c)) return true;
  for (const p of ctx.store.projects.values()) if (isProjectAdmin(ctx, c, p)) return true;
  return false;
}

export function adminRequired(c: Ctx, message = ADMIN_REQUIRED): Response {
  return jiraError(c, 403, [message]);
}

/** Jira's 404 wording for `{projectIdOrKey}`, which differs for ids and keys. */
export function projectNotFound(c: Ctx, idOrKey: string): Response {
  const what = /^\d+$/.test(idOrKey) ? "id" : "key";
  return jiraError(c, 404, [`No project could be found with ${what} '${idOrKey}'.`]);
}

/** Comma-separated or repeated query values (`?status=released,archived` or `?keys=A&keys=B`). */
export function listParam(c: Ctx, name: string): string[] {
  return parseList(c.req.queries(name));
}

/** The `expand` parameter as a set; Jira matches expansion names exactly. */
export function expandParam(c: Ctx): Set<string> {
  return new Set(listParam(c, "expand"));
}

/** `startAt`/`maxResults` or a ready 400. */
export function pageParams(
  c: Ctx,
  defaults: { maxResults: number; cap: number },
): { startAt: number; maxResults: number } | Response {
  const parsed = offsetParams(c.req.query(), defaults);
  if ("error" in parsed) return jiraError(c, 400, [parsed.error]);
  return parsed;
}

/**
 * A `PageBean*` object: Jira adds `self` (this page) and, unless this is the last page, `nextPage`,
 * both absolute URLs of the same request with `startAt`/`maxResults` rewritten.
 */
export function pageBean<T>(
  ctx: SandboxContext,
  c: Ctx,
  items: readonly T[],
  startAt: number,
  maxResults: number,
): Record<string, unknown> {
  const values = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= items.length;
  const bean: Record<string, unknown> = { self: pageUrl(ctx, c, startAt, maxResults) };
  if (!isLast) bean.nextPage = pageUrl(ctx, c, startAt + maxResults, maxResults);
  bean.maxResults = maxResults;
  bean.startAt = startAt;
  bean.total = items.length;
  bean.isLast = isLast;
  bean.values = values;
  return bean;
}

function pageUrl(ctx: SandboxContext, c: Ctx, startAt: number, maxResults: number): string {
  const url = new URL(c.req.url);
  url.searchParams.set("startAt", String(startAt));
  url.searchParams.set("maxResults", String(maxResults));
  return `${ctx.baseUrl}${c.req.path}${url.search}`;
}

/** A `true`/`false` query flag (any case), or null when the value is neither (→ 400). */
export function boolParam(c: Ctx, name: string, fallback: boolean): boolean | null {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  return null;
}

/** 400 for a query parameter Jira could not read. */
export function badParam(c: Ctx, name: string, value: string): Response {
  return jiraError(c, 400, [`Invalid value '${value}' for parameter '${name}'.`]);
}
