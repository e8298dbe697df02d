import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { adfToText, CqlError, type CqlExpr, type CqlItem, parseCql, searchContent } from "../cql/index.js";
import { parseTextQuery, type TextTerm } from "../cql/text.js";
import { decodeCursor, encodeCursor } from "../http/pagination.js";
import { parseBoolean } from "../http/params.js";
import type { Space } from "../state/model.js";
import {
  attachmentWebui,
  commentTitle,
  currentVersion,
  escapeHtml,
  friendlyDate,
  v1Space,
  v1User,
} from "./serialize.js";
import { type Ctx, caller, pageTitle, pageWebui, V1, v1Error, wikiBase } from "./shared.js";
import { parseExpand, type V1Target, v1Content } from "./v1-content.js";

/** No documented cap; the sandbox clamps like other Confluence listings so a client cannot ask for everything at once. */
const SEARCH_MAX_LIMIT = 250;
const EXCERPT_LENGTH = 240;
const EXCERPTS = ["highlight", "indexed", "none", "highlight_unescaped", "indexed_unescaped"] as const;
type ExcerptMode = (typeof EXCERPTS)[number];
const HL_START = "@@@hl@@@";
const HL_END = "@@@endhl@@@";

/**
 * Confluence v1 search (`/rest/api/search`, `/rest/api/content/search`) over the CQL engine, and the
 * current-user endpoint. Pagination is by opaque cursor in `_links.next`; `start` still works. Cloud
 * only: nothing is registered on Data Center.
 */
export function searchRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V1}/search`, (c) => {
    const started = performance.now();
    const params = searchParams(c, "search");
    if (params instanceof Response) return params;
    const excerpt = (c.req.query("excerpt") ?? "highlight") as ExcerptMode;
    if (!EXCERPTS.includes(excerpt)) return v1Error(c, 400, `Invalid excerpt strategy '${excerpt}'`);
    const archived = flag(c, "includeArchivedSpaces");
    if (archived instanceof Response) return archived;
    const excludeCurrent = flag(c, "excludeCurrentSpaces");
    if (excludeCurrent instanceof Response) return excludeCurrent;
    const found = runSearch(c, ctx, params.cql, params.spaceKey, archived, excludeCurrent);
    if (found instanceof Response) return found;
    const { items, terms } = found;
    const base = wikiBase(c);
    const expand = parseExpand(c.req.queries("expand") ?? [], "content.");
    const slice = items.slice(params.offset, params.offset + params.limit);
    const results = slice.map((item, i) =>
      searchResult(ctx, base, item, excerpt, terms, expand, items.length - params.offset - i),
    );
    return c.json(
      {
        results,
        start: params.offset,
        limit: params.limit,
        size: results.length,
        totalSize: items.length,
        cqlQuery: params.cql,
        searchDuration: Math.round(performance.now() - started),
        _links: listLinks(c, "search", params, items.length),
      },
      200,
    );
  });

  app.get(`${V1}/content/search`, (c) => {
    const params = searchParams(c, "content-search");
    if (params instanceof Response) return params;
    const found = runSearch(c, ctx, params.cql, params.spaceKey, false, false);
    if (found instanceof Response) return found;
    const items = found.items.filter((i): i is Exclude<CqlItem, { kind: "space" }> => i.kind !== "space");
    const base = wikiBase(c);
    const expand = parseExpand(c.req.queries("expand") ?? []);
    const results = items
      .slice(params.offset, params.offset + params.limit)
      .map((item) => v1Content(ctx, base, toTarget(item), expand));
    return c.json(
      {
        results,
        start: params.offset,
        limit: params.limit,
        size: results.length,
        _links: listLinks(c, "content/search", params, items.length),
      },
      200,
    );
  });

  app.get(`${V1}/user/current`, (c) => {
    const user = caller(ctx, c);
    if (!user) return v1Error(c, 404, "The current user no longer exists");
    return c.json(v1User(wikiBase(c), user, true), 200);
  });

  return app;
}

interface SearchParams {
  cql: string;
  offset: number;
  limit: number;
  tag: string;
  spaceKey: string | null;
}

function searchParams(c: Ctx, tag: string): SearchParams | Response {
  const cql = c.req.query("cql");
  if (cql === undefined || cql.trim() === "") return v1Error(c, 400, "The 'cql' query parameter is required");
  const rawLimit = c.req.query("limit");
  let limit = 25;
  if (rawLimit !== undefined) {
    if (!/^\d{1,9}$/.test(rawLimit)) return v1Error(c, 400, `Invalid value for limit: '${rawLimit}'`);
    limit = Math.min(Number(rawLimit), SEARCH_MAX_LIMIT);
  }
  const rawStart = c.req.query("start");
  let offset = 0;
  if (rawStart !== undefined) {
    if (!/^\d{1,9}$/.test(rawStart)) return v1Error(c, 400, `Invalid value for start: '${rawStart}'`);
    offset = Number(rawStart);
  }
  const cursor = c.req.query("cursor");
  if (cursor !== undefined && cursor !== "") {
    // The cursor carries the query too, so one taken from another search is refused.
    const decoded = decodeCursor(cursorTag(tag, cql), cursor);
    if (decoded === null) return v1Error(c, 400, `Invalid cursor: '${cursor}'`);
    offset = decoded;
  }
  let spaceKey: string | null = null;
  const context = c.req.query("cqlcontext");
  if (context !== undefined && context !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(context);
    } catch {
      return v1Error(c, 400, 'cqlcontext must be a JSON object such as {"spaceKey":"ENG"}');
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return v1Error(c, 400, "cqlcontext must be a JSON object");
    }
    const key = (parsed as Record<string, unknown>).spaceKey;
    if (typeof key === "string" && key !== "") spaceKey = key;
  }
  return { cql, offset, limit, tag, spaceKey };
}

function cursorTag(tag: string, cql: string): string {
  let h = 0;
  for (let i = 0; i < cql.length; i++) h = (Math.imul(h, 31) + cql.charCodeAt(i)) | 0;
  return `${tag}-${(h >>> 0).toString(36)}`;
}

function flag(c: Ctx, name: string): boolean | Response {
  const value = parseBoolean(c.req.query(name), false);
  return value === null ? v1Error(c, 400, `Invalid value for ${name}: '${c.req.query(name)}'`) : value;
}

/** Runs the query; a CQL syntax or field error becomes Confluence's 400 with the parser's message. */
function runSearch(
  c: Ctx,
  ctx: SandboxContext,
  cql: string,
  spaceKey: string | null,
  includeArchived: boolean,
  excludeCurrent: boolean,
): { items: CqlItem[]; terms: TextTerm[] } | Response {
  let items: CqlItem[];
  let terms: TextTerm[];
  try {
    items = searchContent(cql, {
      store: ctx.store,
      now: ctx.now(),
      currentUserId: c.get("identity").accountId,
    });
    terms = highlightTerms(parseCql(cql).where);
  } catch (e) {
    if (e instanceof CqlError) return v1Error(c, 400, e.message);
    throw e;
  }
  const store = ctx.store;
  const spaceOf = (item: CqlItem): Space | undefined => {
    if (item.kind === "space") return item.space;
    const pageId =
      item.kind === "page"
        ? item.page.id
        : item.kind === "comment"
          ? item.comment.pageId
          : item.attachment.pageId;
    const page = store.pages.get(pageId);
    return page ? store.spaces.get(page.spaceId) : undefined;
  };
  items = items.filter((item) => {
    const space = spaceOf(item);
    if (spaceKey !== null && space?.key !== spaceKey) return false;
    const isArchived = space?.status === "archived";
    if (isArchived && !includeArchived) return false;
    if (!isArchived && excludeCurrent) return false;
    return true;
  });
  return { items, terms };
}

/** `_links` of a v1 listing: `next`/`prev` are relative to `base` (which ends in `/wiki`), as Confluence sends them. */
function listLinks(c: Ctx, path: string, params: SearchParams, total: number): Record<string, string> {
  const base = wikiBase(c);
  const tag = cursorTag(params.tag, params.cql);
  const url = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of new URL(c.req.url).searchParams) {
      if (k !== "cursor" && k !== "start" && k !== "next" && k !== "prev") q.append(k, v);
    }
    q.set("limit", String(params.limit));
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `/rest/api/${path}?${q.toString()}`;
  };
  const links: Record<string, string> = {};
  const end = params.offset + params.limit;
  if (params.limit > 0 && end < total) links.next = url({ next: "true", cursor: encodeCursor(tag, end) });
  if (params.offset > 0 && params.limit > 0) {
    links.prev = url({ prev: "true", cursor: encodeCursor(tag, Math.max(0, params.offset - params.limit)) });
  }
  links.base = base;
  links.context = "/wiki";
  links.self = `${base}${url({})}`;
  return links;
}

function toTarget(item: Exclude<CqlItem, { kind: "space" }>): V1Target {
  switch (item.kind) {
    case "page":
      return { kind: "page", page: item.page };
    case "comment":
      return { kind: "comment", comment: item.comment };
    case "attachment":
      return { kind: "attachment", attachment: item.attachment };
  }
}

/** Terms of every positive `text ~` / `title ~` clause: what Confluence highlights in titles and excerpts. */
function highlightTerms(expr: CqlExpr, negated = false): TextTerm[] {
  switch (expr.type) {
    case "and":
    case "or":
      return expr.operands.flatMap((e) => highlightTerms(e, negated));
    case "not":
      return highlightTerms(expr.operand, !negated);
    case "clause":
      if (negated || expr.operator !== "~" || (expr.field !== "text" && expr.field !== "title")) return [];
      return expr.values.flatMap((v) => (v.kind === "literal" ? parseTextQuery(v.value) : []));
  }
}

function wordMatches(word: string, terms: TextTerm[]): boolean {
  const w = word.toLowerCase();
  return terms.some((t) =>
    t.words.some((q, i) => (t.prefix && i === t.words.length - 1 ? w.startsWith(q) : w === q)),
  );
}

/** Wraps matched words in Confluence's `@@@hl@@@…@@@endhl@@@` markers, escaping HTML first when asked. */
function highlight(text: string, terms: TextTerm[], mark: boolean, asHtml: boolean): string {
  if (!mark || terms.length === 0) return asHtml ? escapeHtml(text) : text;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!wordMatches(m[0], terms)) continue;
    const at = m.index ?? 0;
    const before = text.slice(last, at);
    out += (asHtml ? escapeHtml(before) : before) + HL_START + (asHtml ? escapeHtml(m[0]) : m[0]) + HL_END;
    last = at + m[0].length;
  }
  const rest = text.slice(last);
  return out + (asHtml ? escapeHtml(rest) : rest);
}

/** A window of the body around the first hit (or its start), as Confluence's excerpts are. */
function excerptOf(text: string, terms: TextTerm[], mode: ExcerptMode): string {
  if (mode === "none") return "";
  const flat = text.replace(/\s+/g, " ").trim();
  let start = 0;
  if (terms.length > 0) {
    for (const m of flat.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (wordMatches(m[0], terms)) {
        start = Math.max(0, (m.index ?? 0) - 60);
        break;
      }
    }
  }
  let window = flat.slice(start, start + EXCERPT_LENGTH);
  if (start > 0) window = `...${window}`;
  if (start + EXCERPT_LENGTH < flat.length) window += "...";
  const mark = mode === "highlight" || mode === "highlight_unescaped";
  const asHtml = mode === "highlight" || mode === "indexed";
  return highlight(window, terms, mark, asHtml);
}

function searchResult(
  ctx: SandboxContext,
  base: string,
  item: CqlItem,
  mode: ExcerptMode,
  terms: TextTerm[],
  expand: Set<string>,
  score: number,
): Record<string, unknown> {
  const store = ctx.store;
  const mark = mode === "highlight" || mode === "highlight_unescaped";
  if (item.kind === "space") {
    const space = item.space;
    const modified = space.createdAt;
    return {
      space: v1Space(base, space),
      title: highlight(space.name, terms, mark, false),
      excerpt: excerptOf(space.description, terms, mode),
      url: `/spaces/${space.key}`,
      breadcrumbs: [],
      entityType: "space",
      iconCssClass: "aui-icon aui-icon-small aui-iconfont-space",
      lastModified: new Date(modified).toISOString(),
      friendlyLastModified: friendlyDate(modified),
      score,
    };
  }
  const target = toTarget(item);
  const pageId =
    item.kind === "page"
      ? item.page.id
      : item.kind === "comment"
        ? item.comment.pageId
        : item.attachment.pageId;
  const page = store.pages.get(pageId);
  const space = page ? store.spaces.get(page.spaceId) : undefined;
  let title: string;
  let text: string;
  let url: string;
  let modified: number;
  let icon: string;
  switch (item.kind) {
    case "page":
      title = pageTitle(item.page);
      text = adfToText(currentVersion(item.page.versions).body);
      url = pageWebui(space, item.page);
      modified = currentVersion(item.page.versions).createdAt;
      icon = "aui-icon content-type-page";
      break;
    case "comment":
      title = commentTitle(ctx, item.comment);
      text = adfToText(currentVersion(item.comment.versions).body);
      url = `${page ? pageWebui(space, page) : ""}?focusedCommentId=${item.comment.id}`;
      modified = currentVersion(item.comment.versions).createdAt;
      icon = "aui-icon content-type-comment";
      break;
    case "attachment":
      title = item.attachment.title;
      text = item.attachment.comment;
      url = attachmentWebui(item.attachment);
      modified = item.attachment.createdAt;
      icon = "aui-icon content-type-attachment";
      break;
  }
  const out: Record<string, unknown> = {
    content: v1Content(ctx, base, target, expand),
    title: highlight(title, terms, mark, false),
    excerpt: excerptOf(text, terms, mode),
    url,
  };
  if (item.kind !== "page" && page) {
    out.resultParentContainer = { title: pageTitle(page), displayUrl: pageWebui(space, page) };
  }
  if (space) out.resultGlobalContainer = { title: space.name, displayUrl: `/spaces/${space.key}` };
  Object.assign(out, {
    breadcrumbs: [],
    entityType: "content",
    iconCssClass: icon,
    lastModified: new Date(modified).toISOString(),
    friendlyLastModified: friendlyDate(modified),
    score,
  });
  return out;
}
