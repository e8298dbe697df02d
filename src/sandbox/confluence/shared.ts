import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { confluenceV1Error, confluenceV2Error } from "../http/errors.js";
import { decodeCursor, encodeCursor } from "../http/pagination.js";
import { parseBoolean, parseList } from "../http/params.js";
import type { Page, Space, User } from "../state/model.js";

/** Request context of every Confluence handler. */
export type Ctx = Context<SandboxEnv>;

/** Path prefixes; handlers register full paths so one module serves the site and the gateway form. */
export const V2 = "/wiki/api/v2";
export const V1 = "/wiki/rest/api";

/** Confluence v2 caps every `limit` at 250 and rejects anything outside 1..250 (it does not clamp). */
export const V2_MAX_LIMIT = 250;

/**
 * A failed parameter check carries the ready error response, so handlers read as
 * `const x = parse(...); if (x instanceof Response) return x;`.
 */
export type Checked<T> = T | Response;

/** Confluence v2's `createdAt` format: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `_links.base`: the site (or gateway) base plus the `/wiki` context path, as Confluence reports it. */
export function wikiBase(c: Ctx): string {
  return `${c.get("apiBase")}/wiki`;
}

/** The request path without the `/ex/confluence/{cloudId}` gateway prefix: Confluence's relative links never carry it. */
export function sitePath(c: Ctx): string {
  return c.req.path.replace(/^\/ex\/confluence\/[^/]+/, "");
}

export function v2Error(
  c: Ctx,
  status: ContentfulStatusCode,
  title: string,
  detail: string | null = null,
): Response {
  return confluenceV2Error(c, status, title, detail);
}

export function v1Error(c: Ctx, status: ContentfulStatusCode, message: string): Response {
  return confluenceV1Error(c, status, message);
}

/** The authenticated caller; the auth middleware guarantees an identity, the store may have lost the user on reset. */
export function caller(ctx: SandboxContext, c: Ctx): User | undefined {
  return ctx.store.users.get(c.get("identity").accountId);
}

/**
 * Browse-only users may read everything but write nothing: Confluence answers 403 before it looks at
 * the body, so handlers call this first.
 */
export function denyWrite(ctx: SandboxContext, c: Ctx, api: "v1" | "v2"): Response | null {
  const user = caller(ctx, c);
  if (user?.canEdit) return null;
  const message = "You do not have permission to perform this operation.";
  return api === "v2" ? v2Error(c, 403, message) : v1Error(c, 403, message);
}

/** Path ids of Confluence content and spaces are int64s; anything else is a 400 before any lookup. */
export function numericId(c: Ctx, name: string, value: string): Response | null {
  if (/^\d{1,18}$/.test(value)) return null;
  return v2Error(c, 400, `Invalid value for path parameter '${name}': '${value}' is not a valid number`);
}

/** Offset and size of one page of a cursor listing. */
export interface Paging {
  offset: number;
  limit: number;
  tag: string;
}

/**
 * Reads `limit` and `cursor` the way Confluence v2 validates them: `limit` must be an integer in
 * 1..250 (400 otherwise, no clamping) and a cursor must be one this listing handed out. The tag makes
 * a cursor from one listing (or one page's children) unusable on another, as real cursors are.
 */
export function v2Paging(c: Ctx, tag: string, defaultLimit = 25): Checked<Paging> {
  const rawLimit = c.req.query("limit");
  let limit = defaultLimit;
  if (rawLimit !== undefined) {
    if (!/^-?\d{1,10}$/.test(rawLimit))
      return v2Error(c, 400, `Invalid value for query parameter 'limit': '${rawLimit}'`);
    limit = Number(rawLimit);
    if (limit < 1 || limit > V2_MAX_LIMIT) {
      return v2Error(c, 400, `'limit' must be between 1 and ${V2_MAX_LIMIT}, got ${limit}`);
    }
  }
  const rawCursor = c.req.query("cursor");
  let offset = 0;
  if (rawCursor !== undefined && rawCursor !== "") {
    const decoded = decodeCursor(tag, rawCursor);
    if (decoded === null)
      return v2Error(c, 400, "Invalid cursor", `The cursor '${rawCursor}' is malformed or expired`);
    offset = decoded;
  }
  return { offset, limit, tag };
}

/**
 * The relative URL of the next page: same path and parameters, new cursor. Confluence's links are
 * relative to the site (they start with `/wiki/api/v2`), whichever form the request came in.
 */
function nextUrl(c: Ctx, cursor: string): string {
  const url = new URL(c.req.url);
  const params = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (k !== "cursor") params.append(k, v);
  params.set("cursor", cursor);
  return `${sitePath(c)}?${params.toString()}`;
}

/**
 * One page of a v2 listing: `{ results, _links: { next?, base } }` plus the `Link` header, which is
 * where Atlassian documents the next URL first. Serialization runs only for the slice returned.
 */
export function v2List<T>(
  c: Ctx,
  items: readonly T[],
  paging: Paging,
  serialize: (item: T) => unknown,
): Response {
  const end = paging.offset + paging.limit;
  const results = items.slice(paging.offset, end).map(serialize);
  const base = wikiBase(c);
  const links: { next?: string; base: string } = { base };
  if (end < items.length) {
    links.next = nextUrl(c, encodeCursor(paging.tag, end));
    c.header("Link", `<${links.next}>; rel="next", <${base}>; rel="base"`);
  }
  return c.json({ results, _links: links }, 200);
}

/** A boolean query parameter, or a 400 in the product's shape. */
export function boolParam(
  c: Ctx,
  name: string,
  fallback: boolean,
  api: "v1" | "v2" = "v2",
): Checked<boolean> {
  const raw = c.req.query(name);
  const value = parseBoolean(raw, fallback);
  if (value !== null) return value;
  const message = `Invalid value for query parameter '${name}': '${raw}' is not a boolean`;
  return api === "v2" ? v2Error(c, 400, message) : v1Error(c, 400, message);
}

/** A single-valued enum parameter (`sort`, `body-format`, ...), or a 400 naming the allowed values. */
export function enumParam<T extends string>(
  c: Ctx,
  name: string,
  allowed: readonly T[],
): Checked<T | undefined> {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  return v2Error(
    c,
    400,
    `Invalid value for query parameter '${name}': '${raw}'. Allowed values: ${allowed.join(", ")}`,
  );
}

/** A list parameter (`status=current,archived` or repeated) whose members must each be allowed. */
export function enumListParam<T extends string>(c: Ctx, name: string, allowed: readonly T[]): Checked<T[]> {
  const values = parseList(c.req.queries(name));
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) {
      return v2Error(
        c,
        400,
        `Invalid value for query parameter '${name}': '${v}'. Allowed values: ${allowed.join(", ")}`,
      );
    }
  }
  return values as T[];
}

/** An id-list parameter (`id`, `space-id`, `ids`, `label-id`): int64 values, at most `max` of them. */
export function idListParam(c: Ctx, name: string, max: number): Checked<string[]> {
  const values = parseList(c.req.queries(name));
  if (values.length > max) return v2Error(c, 400, `'${name}' accepts at most ${max} values`);
  for (const v of values) {
    if (!/^\d{1,18}$/.test(v))
      return v2Error(c, 400, `Invalid value for query parameter '${name}': '${v}' is not a valid number`);
  }
  return values;
}

/** Title of the current version of a page. */
export function pageTitle(page: Page): string {
  return page.versions[page.versions.length - 1]?.title ?? "";
}

/** Confluence's web UI slug: the title with spaces as `+`. */
function slug(title: string): string {
  return encodeURIComponent(title).replace(/%20/g, "+");
}

/** `/spaces/ENG/pages/65537/Title+words`, relative to `_links.base`. */
export function pageWebui(space: Space | undefined, page: Page): string {
  return `/spaces/${space?.key ?? "~"}/pages/${page.id}/${slug(pageTitle(page))}`;
}

/**
 * Confluence's tiny links (`/x/AbCd`) are the content id's little-endian bytes in URL-safe base64,
 * trailing zero bytes dropped; reproducing the scheme keeps them stable and recognisable.
 */
export function tinyui(id: string): string {
  let n = BigInt(id);
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  while (bytes.length < 4) bytes.push(0);
  const b64 = Buffer.from(bytes).toString("base64").replace(/=+$/, "").replace(/A+$/, "");
  return `/x/${b64.replace(/\//g, "-").replace(/\+/g, "_")}`;
}

/** Numeric-aware id comparison, so `id` sorts match Confluence's numeric ids. */
export function compareNumericIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Names sort case-insensitively, ties by id, so every listing order is total and stable. */
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
