import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { encodeCursor } from "../http/pagination.js";
import { nextString } from "../seed/ids.js";
import type { AdfDoc, ContentVersion, Page } from "../state/model.js";
import { BULK_BODY_FORMATS, EMPTY_DOC, parseWriteBody, renderBody, SINGLE_BODY_FORMATS } from "./body.js";
import { currentVersion, labelJson, pageJson, versionOf } from "./serialize.js";
import {
  boolParam,
  type Ctx,
  caller,
  denyWrite,
  enumListParam,
  enumParam,
  idListParam,
  numericId,
  pageTitle,
  V2,
  v2Error,
  v2List,
  v2Paging,
  wikiBase,
} from "./shared.js";
import {
  ancestorsOf,
  childPages,
  descendantsOf,
  isSelfOrDescendant,
  nextPosition,
  type PageSort,
  purgePage,
  sortPages,
  titleTaken,
  trashPage,
} from "./tree.js";

const PAGE_SORTS = [
  "id",
  "-id",
  "created-date",
  "-created-date",
  "modified-date",
  "-modified-date",
  "title",
  "-title",
] as const;
const CHILD_PAGE_SORTS = [
  "created-date",
  "-created-date",
  "id",
  "-id",
  "child-position",
  "-child-position",
  "modified-date",
  "-modified-date",
] as const;
const CONTENT_SORTS = [...CHILD_PAGE_SORTS, "title", "-title"] as const;
const LIST_STATUSES = ["current", "archived", "deleted", "trashed"] as const;
const GET_STATUSES = ["current", "archived", "trashed", "deleted", "historical", "draft"] as const;
const TITLE_MAX = 255;
/** How many entries `include-labels` / `include-versions` embed before pointing at the full listing. */
const INCLUDED_MAX = 50;

/**
 * Confluence v2 pages: listing (site-wide and per space), CRUD with optimistic versioning, the page
 * tree and version history. Data Center has no v2 API, so the module registers nothing there and
 * every path falls through to the sandbox's 404.
 */
export function pageRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V2}/pages`, (c) => {
    const ids = idListParam(c, "id", 250);
    if (ids instanceof Response) return ids;
    const spaceIds = idListParam(c, "space-id", 100);
    if (spaceIds instanceof Response) return spaceIds;
    const subtype = enumParam(c, "subtype", ["live", "page"] as const);
    if (subtype instanceof Response) return subtype;
    const listing = listingParams(c);
    if (listing instanceof Response) return listing;
    const paging = v2Paging(c, "pages");
    if (paging instanceof Response) return paging;
    const idSet = ids.length ? new Set(ids) : null;
    const spaceSet = spaceIds.length ? new Set(spaceIds) : null;
    const pages: Page[] = [];
    // The sandbox has no live docs: `subtype=live` matches nothing.
    if (subtype !== "live") {
      for (const page of ctx.store.pages.values()) {
        if (idSet && !idSet.has(page.id)) continue;
        if (spaceSet && !spaceSet.has(page.spaceId)) continue;
        if (listing.matches(page)) pages.push(page);
      }
    }
    sortPages(pages, listing.sort);
    return v2List(c, pages, paging, (p) => pageJson(ctx, p, { bodyFormat: listing.bodyFormat }));
  });

  app.get(`${V2}/spaces/:id/pages`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const depth = enumParam(c, "depth", ["all", "root"] as const);
    if (depth instanceof Response) return depth;
    const listing = listingParams(c);
    if (listing instanceof Response) return listing;
    const paging = v2Paging(c, `space-pages:${id}`);
    if (paging instanceof Response) return paging;
    if (!ctx.store.spaces.has(id)) return v2Error(c, 404, "Space not found");
    const pages: Page[] = [];
    for (const page of ctx.store.pages.values()) {
      if (page.spaceId !== id) continue;
      if (depth === "root" && page.parentId !== null) continue;
      if (listing.matches(page)) pages.push(page);
    }
    sortPages(pages, listing.sort);
    return v2List(c, pages, paging, (p) => pageJson(ctx, p, { bodyFormat: listing.bodyFormat }));
  });

  app.post(`${V2}/pages`, async (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const flags = boolFlags(c, ["embedded", "private", "root-level"]);
    if (flags instanceof Response) return flags;
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const input = json.value;
    if (!isObject(input)) return v2Error(c, 400, "The request body must be a JSON object");
    const store = ctx.store;

    const spaceId = typeof input.spaceId === "number" ? String(input.spaceId) : input.spaceId;
    if (spaceId === undefined || spaceId === null || spaceId === "")
      return v2Error(c, 400, "spaceId is required");
    if (typeof spaceId !== "string" || !/^\d{1,18}$/.test(spaceId)) {
      return v2Error(c, 400, `Invalid spaceId: '${String(spaceId)}' is not a valid space id`);
    }
    const space = store.spaces.get(spaceId);
    if (!space) return v2Error(c, 404, `No space found with id: ${spaceId}`);

    const status = input.status ?? "current";
    if (status !== "current" && status !== "draft") {
      return v2Error(c, 400, `Invalid status '${String(status)}': a page can be created as current or draft`);
    }
    const rawTitle = input.title;
    if (rawTitle !== undefined && rawTitle !== null && typeof rawTitle !== "string") {
      return v2Error(c, 400, "title must be a string");
    }
    const title = typeof rawTitle === "string" ? rawTitle.trim() : "";
    if (status === "current" && title === "")
      return v2Error(c, 400, "Title is required for a page that is not a draft");
    if (title.length > TITLE_MAX)
      return v2Error(c, 400, `Title cannot be longer than ${TITLE_MAX} characters`);

    let parentId: string | null = null;
    if (input.parentId !== undefined && input.parentId !== null) {
      if (flags["root-level"]) {
        return v2Error(c, 400, "parentId cannot be supplied when the root-level query parameter is true");
      }
      const raw = typeof input.parentId === "number" ? String(input.parentId) : input.parentId;
      if (typeof raw !== "string" || !/^\d{1,18}$/.test(raw))
        return v2Error(c, 400, "parentId must be a content id");
      const parent = store.pages.get(raw);
      if (!parent || parent.status === "trashed")
        return v2Error(c, 404, `No parent content found with id: ${raw}`);
      if (parent.spaceId !== space.id)
        return v2Error(c, 400, "The parent page must be in the same space as the new page");
      parentId = parent.id;
    } else if (!flags["root-level"]) {
      parentId =
        space.homepageId && store.pages.get(space.homepageId)?.status === "current" ? space.homepageId : null;
    }
    if (input.subtype !== undefined && input.subtype !== "live")
      return v2Error(c, 400, "subtype must be 'live'");

    let doc: AdfDoc = EMPTY_DOC;
    if (input.body !== undefined && input.body !== null) {
      const parsed = parseWriteBody(input.body);
      if (!parsed.ok) return v2Error(c, 400, parsed.message);
      doc = parsed.doc;
    }
    if (status === "current" && titleTaken(store, space.id, title, null)) {
      return v2Error(
        c,
        400,
        "A page with this title already exists: A page already exists with the same TITLE in this space",
      );
    }

    const author = c.get("identity").accountId;
    const now = ctx.now();
    const page: Page = {
      id: nextString(store, "page"),
      spaceId: space.id,
      parentId,
      status,
      ownerId: author,
      authorId: author,
      createdAt: now,
      versions: [
        { number: 1, message: "", minorEdit: false, authorId: author, createdAt: now, title, body: doc },
      ],
      labelIds: [],
      position: nextPosition(store, space.id, parentId),
    };
    store.pages.set(page.id, page);
    const bodyFormat = doc === EMPTY_DOC ? undefined : firstRepresentation(input.body);
    return c.json(singlePage(c, page, { bodyFormat }), 200);
  });

  app.get(`${V2}/pages/:id`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const bodyFormat = enumParam(c, "body-format", SINGLE_BODY_FORMATS);
    if (bodyFormat instanceof Response) return bodyFormat;
    const statuses = enumListParam(c, "status", GET_STATUSES);
    if (statuses instanceof Response) return statuses;
    const flags = boolFlags(c, [
      "get-draft",
      "include-labels",
      "include-properties",
      "include-operations",
      "include-likes",
      "include-versions",
      "include-favorited-by-current-user-status",
      "include-webresources",
      "include-collaborators",
      "include-direct-children",
    ]);
    if (flags instanceof Response) return flags;
    const includeVersion = boolParam(c, "include-version", true);
    if (includeVersion instanceof Response) return includeVersion;
    const rawVersion = c.req.query("version");
    if (rawVersion !== undefined && !/^\d{1,9}$/.test(rawVersion)) {
      return v2Error(c, 400, `Invalid value for query parameter 'version': '${rawVersion}'`);
    }
    const page = ctx.store.pages.get(id);
    const allowed = new Set<string>(statuses.length ? statuses : ["current", "archived"]);
    if (flags["get-draft"]) allowed.add("draft");
    if (!page || !allowed.has(page.status)) return v2Error(c, 404, "Page not found");
    let version: ContentVersion | undefined;
    if (rawVersion !== undefined) {
      version = page.versions.find((v) => v.number === Number(rawVersion));
      if (!version) return v2Error(c, 404, `Version ${rawVersion} of page ${id} not found`);
    }
    const out = singlePage(c, page, { bodyFormat, includeVersion, version });
    const self = `${V2}/pages/${page.id}`;
    if (flags["include-labels"]) {
      const labels = page.labelIds.flatMap((lid) => {
        const l = ctx.store.confluenceLabels.get(lid);
        return l ? [labelJson(l)] : [];
      });
      out.labels = embedded(labels, `${self}/labels`, `page-labels:${page.id}`);
    }
    if (flags["include-properties"]) out.properties = embedded([], `${self}/properties`, "");
    if (flags["include-operations"]) {
      const ops = [{ operation: "read", targetType: "page" }];
      if (caller(ctx, c)?.canEdit)
        ops.push({ operation: "update", targetType: "page" }, { operation: "delete", targetType: "page" });
      out.operations = embedded(ops, `${self}/operations`, "");
    }
    if (flags["include-likes"]) out.likes = embedded([], `${self}/likes/users`, "");
    if (flags["include-versions"]) {
      const versions = [...page.versions].reverse().map(versionOf);
      out.versions = embedded(versions, `${self}/versions`, `page-versions:${page.id}`);
    }
    if (flags["include-favorited-by-current-user-status"]) out.isFavoritedByCurrentUser = false;
    return c.json(out, 200);
  });

  app.put(`${V2}/pages/:id`, async (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const input = json.value;
    if (!isObject(input)) return v2Error(c, 400, "The request body must be a JSON object");
    const store = ctx.store;
    const page = store.pages.get(id);
    if (!page) return v2Error(c, 404, "Page not found");

    const bodyId = typeof input.id === "number" ? String(input.id) : input.id;
    if (bodyId === undefined) return v2Error(c, 400, "id is required");
    if (bodyId !== id)
      return v2Error(
        c,
        400,
        `The id in the request body (${String(bodyId)}) does not match the page id ${id}`,
      );
    const status = input.status;
    if (status !== "current" && status !== "draft")
      return v2Error(c, 400, "status is required and must be current or draft");
    if (typeof input.title !== "string") return v2Error(c, 400, "title is required");
    const title = input.title.trim();
    if (
      !isObject(input.version) ||
      typeof input.version.number !== "number" ||
      !Number.isInteger(input.version.number)
    ) {
      return v2Error(c, 400, "version.number is required");
    }
    const number = input.version.number;
    const message = input.version.message ?? "";
    if (typeof message !== "string") return v2Error(c, 400, "version.message must be a string");
    if (input.body === undefined || input.body === null) return v2Error(c, 400, "body is required");

    // Restoring from the trash changes only the status (as Confluence documents it).
    if (page.status === "trashed" || page.status === "archived") {
      if (status !== "current")
        return v2Error(c, 400, `A ${page.status} page can only be restored to current`);
      if (titleTaken(store, page.spaceId, pageTitle(page), page.id)) {
        return v2Error(
          c,
          400,
          "A page with this title already exists: A page already exists with the same TITLE in this space",
        );
      }
      page.status = "current";
      if (page.parentId && store.pages.get(page.parentId)?.status === "trashed") page.parentId = null;
      return c.json(singlePage(c, page, {}), 200);
    }
    if (page.status === "current" && status === "draft") {
      return v2Error(c, 400, "A published page cannot be turned back into a draft through this operation");
    }

    const current = currentVersion(page.versions);
    const expected = page.status === "draft" ? 1 : current.number + 1;
    if (number !== expected) {
      if (page.status === "draft")
        return v2Error(c, 409, "Version must be 1 when updating or publishing a draft");
      return v2Error(c, 409, `Version must be incremented on update. Current version is: ${current.number}`);
    }
    if (title === "" && status === "current")
      return v2Error(c, 400, "Title is required for a page that is not a draft");
    if (title.length > TITLE_MAX)
      return v2Error(c, 400, `Title cannot be longer than ${TITLE_MAX} characters`);

    if (input.spaceId !== undefined && input.spaceId !== null && String(input.spaceId) !== page.spaceId) {
      return v2Error(c, 400, "Moving a page to a different space is not supported");
    }
    let parentId = page.parentId;
    if (input.parentId !== undefined && input.parentId !== null && String(input.parentId) !== page.parentId) {
      const parent = store.pages.get(String(input.parentId));
      if (!parent || parent.status === "trashed")
        return v2Error(c, 404, `No parent content found with id: ${String(input.parentId)}`);
      if (parent.spaceId !== page.spaceId)
        return v2Error(c, 400, "The parent page must be in the same space");
      if (isSelfOrDescendant(store, page, parent))
        return v2Error(c, 400, "A page cannot be moved below itself or one of its descendants");
      parentId = parent.id;
    }
    let ownerId = page.ownerId;
    if (input.ownerId !== undefined && input.ownerId !== null) {
      if (typeof input.ownerId !== "string" || !store.users.has(input.ownerId)) {
        return v2Error(c, 400, `No user found with account id: ${String(input.ownerId)}`);
      }
      ownerId = input.ownerId;
    }
    const parsed = parseWriteBody(input.body);
    if (!parsed.ok) return v2Error(c, 400, parsed.message);
    if (status === "current" && titleTaken(store, page.spaceId, title, page.id)) {
      return v2Error(
        c,
        400,
        "A page with this title already exists: A page already exists with the same TITLE in this space",
      );
    }

    const author = c.get("identity").accountId;
    const version: ContentVersion = {
      number,
      message,
      minorEdit: false,
      authorId: author,
      createdAt: ctx.now(),
      title,
      body: parsed.doc,
    };
    // A draft has a single, rewritable version 1; a published page gains one version per update.
    if (page.status === "draft") page.versions = [version];
    else page.versions.push(version);
    page.status = status;
    if (parentId !== page.parentId) {
      page.parentId = parentId;
      page.position = nextPosition(store, page.spaceId, parentId);
    }
    page.ownerId = ownerId;
    return c.json(singlePage(c, page, { bodyFormat: firstRepresentation(input.body) }), 200);
  });

  app.delete(`${V2}/pages/:id`, (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const flags = boolFlags(c, ["purge", "draft"]);
    if (flags instanceof Response) return flags;
    const store = ctx.store;
    const page = store.pages.get(id);
    if (!page) return v2Error(c, 404, "Page not found");
    if (flags.draft) {
      // Discarded drafts skip the trash.
      if (page.status !== "draft") return v2Error(c, 404, "No draft found for this page");
      purgePage(store, page);
      return c.body(null, 204);
    }
    if (flags.purge) {
      if (page.status !== "trashed")
        return v2Error(c, 400, "Only a trashed page can be purged; delete it first to move it to the trash");
      if (!caller(ctx, c)?.siteAdmin)
        return v2Error(c, 403, "Purging a page requires permission to administer the space");
      purgePage(store, page);
      return c.body(null, 204);
    }
    if (page.status === "draft") return v2Error(c, 404, "Page not found (use draft=true to discard a draft)");
    if (page.status === "trashed") return v2Error(c, 404, "Page not found");
    trashPage(store, page);
    return c.body(null, 204);
  });

  app.get(`${V2}/pages/:id/children`, (c) => {
    const parent = livePage(c, ctx);
    if (parent instanceof Response) return parent;
    const sort = enumParam(c, "sort", CHILD_PAGE_SORTS);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, `children:${parent.id}`);
    if (paging instanceof Response) return paging;
    const children = sortPages(childPages(ctx.store, parent.id), sort, "child-position");
    return v2List(c, children, paging, (p) => ({
      id: p.id,
      status: p.status,
      title: pageTitle(p),
      spaceId: p.spaceId,
      childPosition: p.position,
    }));
  });

  app.get(`${V2}/pages/:id/direct-children`, (c) => {
    const parent = livePage(c, ctx);
    if (parent instanceof Response) return parent;
    const sort = enumParam(c, "sort", CONTENT_SORTS);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, `direct-children:${parent.id}`);
    if (paging instanceof Response) return paging;
    const children = sortPages(childPages(ctx.store, parent.id), sort, "child-position");
    return v2List(c, children, paging, (p) => ({
      id: p.id,
      status: p.status,
      title: pageTitle(p),
      type: "page",
      spaceId: p.spaceId,
      childPosition: p.position,
    }));
  });

  app.get(`${V2}/pages/:id/ancestors`, (c) => {
    const page = livePage(c, ctx);
    if (page instanceof Response) return page;
    const paging = v2Paging(c, "ancestors");
    if (paging instanceof Response) return paging;
    // The nearest `limit` ancestors, still top-to-bottom; callers continue from the first one returned.
    const chain = ancestorsOf(ctx.store, page).slice(-paging.limit);
    return c.json(
      { results: chain.map((p) => ({ id: p.id, type: "page" })), _links: { base: wikiBase(c) } },
      200,
    );
  });

  app.get(`${V2}/pages/:id/descendants`, (c) => {
    const page = livePage(c, ctx);
    if (page instanceof Response) return page;
    const rawDepth = c.req.query("depth");
    let depth = 2;
    if (rawDepth !== undefined) {
      if (!/^\d{1,3}$/.test(rawDepth) || Number(rawDepth) < 1 || Number(rawDepth) > 10) {
        return v2Error(c, 400, `'depth' must be between 1 and 10, got '${rawDepth}'`);
      }
      depth = Number(rawDepth);
    }
    const paging = v2Paging(c, `descendants:${page.id}:${depth}`);
    if (paging instanceof Response) return paging;
    return v2List(c, descendantsOf(ctx.store, page, depth), paging, ({ page: p, depth: d }) => ({
      id: p.id,
      status: p.status,
      title: pageTitle(p),
      type: "page",
      parentId: p.parentId ?? undefined,
      depth: d,
      childPosition: p.position,
    }));
  });

  app.get(`${V2}/pages/:id/versions`, (c) => {
    const page = livePage(c, ctx);
    if (page instanceof Response) return page;
    const bodyFormat = enumParam(c, "body-format", BULK_BODY_FORMATS);
    if (bodyFormat instanceof Response) return bodyFormat;
    const sort = enumParam(c, "sort", ["modified-date", "-modified-date"] as const);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, `page-versions:${page.id}`);
    if (paging instanceof Response) return paging;
    const versions = sort === "modified-date" ? [...page.versions] : [...page.versions].reverse();
    return v2List(c, versions, paging, (v) => ({
      ...versionOf(v),
      page: { id: page.id, title: v.title, body: renderBody(v.body, bodyFormat) },
    }));
  });

  app.get(`${V2}/pages/:id/versions/:versionNumber`, (c) => {
    const page = livePage(c, ctx);
    if (page instanceof Response) return page;
    const raw = c.req.param("versionNumber");
    const bad = numericId(c, "version-number", raw);
    if (bad) return bad;
    const index = page.versions.findIndex((v) => v.number === Number(raw));
    if (index < 0) return v2Error(c, 404, `Version ${raw} of page ${page.id} not found`);
    const v = page.versions[index];
    const out: Record<string, unknown> = {
      number: v.number,
      authorId: v.authorId,
      message: v.message,
      createdAt: new Date(v.createdAt).toISOString(),
      minorEdit: v.minorEdit,
      contentTypeModified: false,
      collaborators: [v.authorId],
    };
    if (index > 0) out.prevVersion = page.versions[index - 1].number;
    if (index < page.versions.length - 1) out.nextVersion = page.versions[index + 1].number;
    return c.json(out, 200);
  });

  return app;

  /** `PageSingle` plus `_links.base`, as the single-entity operations answer. */
  function singlePage(c: Ctx, page: Page, options: Parameters<typeof pageJson>[2]): Record<string, unknown> {
    const out = pageJson(ctx, page, options);
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return out;
  }
}

/** Filters shared by `/pages` and `/spaces/{id}/pages`. */
function listingParams(c: Ctx) {
  const sort = enumParam(c, "sort", PAGE_SORTS);
  if (sort instanceof Response) return sort;
  const statuses = enumListParam(c, "status", LIST_STATUSES);
  if (statuses instanceof Response) return statuses;
  const bodyFormat = enumParam(c, "body-format", BULK_BODY_FORMATS);
  if (bodyFormat instanceof Response) return bodyFormat;
  const title = c.req.query("title");
  // `deleted` (purged) pages no longer exist in the sandbox, so that status matches nothing.
  const wanted = new Set<string>(statuses.length ? statuses : ["current", "archived"]);
  return {
    sort: sort as PageSort | undefined,
    bodyFormat,
    matches: (page: Page) => wanted.has(page.status) && (title === undefined || pageTitle(page) === title),
  };
}

/** Reads several boolean query flags at once. */
function boolFlags<K extends string>(c: Ctx, names: K[]): Record<K, boolean> | Response {
  const out = {} as Record<K, boolean>;
  for (const name of names) {
    const value = boolParam(c, name, false);
    if (value instanceof Response) return value;
    out[name] = value;
  }
  return out;
}

/** The page named by the path, if it exists and is not in the trash (the tree endpoints 404 otherwise). */
function livePage(c: Ctx, ctx: SandboxContext): Page | Response {
  const id = c.req.param("id") ?? "";
  const bad = numericId(c, "id", id);
  if (bad) return bad;
  const page = ctx.store.pages.get(id);
  if (!page || page.status === "trashed") return v2Error(c, 404, "Page not found");
  return page;
}

/** Embedded optional collections (`include-labels`, ...) as `{ results, meta, _links }`. */
function embedded(results: unknown[], self: string, tag: string): Record<string, unknown> {
  const hasMore = results.length > INCLUDED_MAX;
  const meta: Record<string, unknown> = { hasMore };
  if (hasMore && tag) meta.cursor = encodeCursor(tag, INCLUDED_MAX);
  return { results: results.slice(0, INCLUDED_MAX), meta, _links: { self } };
}

/** A write answers in the representation it was given (wiki input answers in storage). */
function firstRepresentation(body: unknown): "storage" | "atlas_doc_format" | undefined {
  if (!isObject(body)) return undefined;
  const rep = typeof body.representation === "string" ? body.representation : Object.keys(body)[0];
  if (rep === "atlas_doc_format") return "atlas_doc_format";
  return "storage";
}
