import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { nextString } from "../seed/ids.js";
import type { ContentVersion, FooterComment } from "../state/model.js";
import { BULK_BODY_FORMATS, parseWriteBody, SINGLE_BODY_FORMATS } from "./body.js";
import { commentJson, commentTitle, currentVersion, versionOf } from "./serialize.js";
import {
  boolParam,
  type Ctx,
  compareNumericIds,
  denyWrite,
  enumListParam,
  enumParam,
  numericId,
  V2,
  v2Error,
  v2List,
  v2Paging,
  wikiBase,
} from "./shared.js";
import { commentThread } from "./tree.js";

const COMMENT_SORTS = ["created-date", "-created-date", "modified-date", "-modified-date"] as const;
const COMMENT_STATUSES = ["current", "archived", "trashed", "deleted", "historical", "draft"] as const;

/**
 * Confluence v2 footer comments: page threads, replies, and CRUD with the same optimistic versioning
 * as pages. Cloud only (nothing registered on Data Center).
 */
export function commentRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V2}/pages/:id/footer-comments`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const opts = listOptions(c);
    if (opts instanceof Response) return opts;
    const statuses = enumListParam(c, "status", COMMENT_STATUSES);
    if (statuses instanceof Response) return statuses;
    const paging = v2Paging(c, `page-comments:${id}`);
    if (paging instanceof Response) return paging;
    const page = ctx.store.pages.get(id);
    if (!page || page.status === "trashed") return v2Error(c, 404, "Page not found");
    const wanted = new Set<string>(statuses.length ? statuses : ["current"]);
    const comments: FooterComment[] = [];
    // Only top-level comments: replies are listed under their parent comment.
    for (const cm of ctx.store.footerComments.values()) {
      if (cm.pageId === id && cm.parentCommentId === null && wanted.has(cm.status)) comments.push(cm);
    }
    sortComments(comments, opts.sort);
    return v2List(c, comments, paging, (cm) => commentJson(ctx, cm, "page", { bodyFormat: opts.bodyFormat }));
  });

  app.get(`${V2}/footer-comments`, (c) => {
    const opts = listOptions(c);
    if (opts instanceof Response) return opts;
    const paging = v2Paging(c, "footer-comments");
    if (paging instanceof Response) return paging;
    const comments = [...ctx.store.footerComments.values()].filter((cm) => visible(ctx, cm));
    sortComments(comments, opts.sort);
    return v2List(c, comments, paging, (cm) => commentJson(ctx, cm, "full", { bodyFormat: opts.bodyFormat }));
  });

  app.get(`${V2}/footer-comments/:id/children`, (c) => {
    const comment = findComment(c, ctx);
    if (comment instanceof Response) return comment;
    const opts = listOptions(c);
    if (opts instanceof Response) return opts;
    const paging = v2Paging(c, `comment-children:${comment.id}`);
    if (paging instanceof Response) return paging;
    const replies = [...ctx.store.footerComments.values()].filter(
      (cm) => cm.parentCommentId === comment.id && cm.status === "current",
    );
    sortComments(replies, opts.sort);
    return v2List(c, replies, paging, (cm) => commentJson(ctx, cm, "child", { bodyFormat: opts.bodyFormat }));
  });

  app.post(`${V2}/footer-comments`, async (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const input = json.value;
    if (!isObject(input)) return v2Error(c, 400, "The request body must be a JSON object");
    const store = ctx.store;
    for (const other of ["blogPostId", "attachmentId", "customContentId"]) {
      if (input[other] !== undefined && input[other] !== null) {
        return v2Error(
          c,
          404,
          `No content found for ${other} ${String(input[other])}: the sandbox has only pages`,
        );
      }
    }
    const pageId = input.pageId === undefined || input.pageId === null ? null : String(input.pageId);
    const parentCommentId =
      input.parentCommentId === undefined || input.parentCommentId === null
        ? null
        : String(input.parentCommentId);
    if ((pageId === null) === (parentCommentId === null)) {
      return v2Error(
        c,
        400,
        "Exactly one of pageId, blogPostId, attachmentId, customContentId or parentCommentId must be provided",
      );
    }
    let targetPageId: string;
    if (parentCommentId !== null) {
      const parent = store.footerComments.get(parentCommentId);
      if (!parent || !visible(ctx, parent))
        return v2Error(c, 404, `No comment found with id: ${parentCommentId}`);
      targetPageId = parent.pageId;
    } else {
      const page = store.pages.get(pageId as string);
      if (!page || page.status === "trashed" || page.status === "draft") {
        return v2Error(c, 404, `No page found with id: ${pageId}`);
      }
      targetPageId = page.id;
    }
    if (input.body === undefined || input.body === null) return v2Error(c, 400, "body is required");
    const parsed = parseWriteBody(input.body);
    if (!parsed.ok) return v2Error(c, 400, parsed.message);
    if (parsed.doc.content.length === 0) return v2Error(c, 400, "A comment body cannot be empty");

    const author = c.get("identity").accountId;
    const now = ctx.now();
    const comment: FooterComment = {
      id: nextString(store, "footerComment"),
      pageId: targetPageId,
      parentCommentId,
      status: "current",
      authorId: author,
      createdAt: now,
      versions: [],
    };
    comment.versions.push({
      number: 1,
      message: "",
      minorEdit: false,
      authorId: author,
      createdAt: now,
      title: commentTitle(ctx, comment),
      body: parsed.doc,
    });
    store.footerComments.set(comment.id, comment);
    const out = commentJson(ctx, comment, "full", { bodyFormat: representationOf(input.body) });
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return c.json(out, 201);
  });

  app.get(`${V2}/footer-comments/:id`, (c) => {
    const comment = findComment(c, ctx);
    if (comment instanceof Response) return comment;
    const bodyFormat = enumParam(c, "body-format", SINGLE_BODY_FORMATS);
    if (bodyFormat instanceof Response) return bodyFormat;
    const flags: Record<string, boolean> = {};
    for (const name of ["include-properties", "include-operations", "include-likes", "include-versions"]) {
      const value = boolParam(c, name, false);
      if (value instanceof Response) return value;
      flags[name] = value;
    }
    const includeVersion = boolParam(c, "include-version", true);
    if (includeVersion instanceof Response) return includeVersion;
    const rawVersion = c.req.query("version");
    let version: ContentVersion | undefined;
    if (rawVersion !== undefined) {
      if (!/^\d{1,9}$/.test(rawVersion))
        return v2Error(c, 400, `Invalid value for query parameter 'version': '${rawVersion}'`);
      version = comment.versions.find((v) => v.number === Number(rawVersion));
      if (!version) return v2Error(c, 404, `Version ${rawVersion} of comment ${comment.id} not found`);
    }
    const out = commentJson(ctx, comment, "full", { bodyFormat, includeVersion, version });
    const self = `${V2}/footer-comments/${comment.id}`;
    const meta = { hasMore: false };
    if (flags["include-properties"])
      out.properties = { results: [], meta, _links: { self: `${self}/properties` } };
    if (flags["include-operations"]) {
      out.operations = {
        results: [{ operation: "read", targetType: "comment" }],
        meta,
        _links: { self: `${self}/operations` },
      };
    }
    if (flags["include-likes"]) out.likes = { results: [], meta, _links: { self: `${self}/likes/users` } };
    if (flags["include-versions"]) {
      out.versions = {
        results: [...comment.versions].reverse().map(versionOf),
        meta,
        _links: { self: `${self}/versions` },
      };
    }
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return c.json(out, 200);
  });

  app.put(`${V2}/footer-comments/:id`, async (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const comment = findComment(c, ctx);
    if (comment instanceof Response) return comment;
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const input = json.value;
    if (!isObject(input)) return v2Error(c, 400, "The request body must be a JSON object");
    if (
      !isObject(input.version) ||
      typeof input.version.number !== "number" ||
      !Number.isInteger(input.version.number)
    ) {
      return v2Error(c, 400, "version.number is required");
    }
    const message = input.version.message ?? "";
    if (typeof message !== "string") return v2Error(c, 400, "version.message must be a string");
    const current = currentVersion(comment.versions);
    if (input.version.number !== current.number + 1) {
      return v2Error(c, 409, `Version must be incremented on update. Current version is: ${current.number}`);
    }
    if (input.body === undefined || input.body === null) return v2Error(c, 400, "body is required");
    const parsed = parseWriteBody(input.body);
    if (!parsed.ok) return v2Error(c, 400, parsed.message);
    if (parsed.doc.content.length === 0) return v2Error(c, 400, "A comment body cannot be empty");
    comment.versions.push({
      number: input.version.number,
      message,
      minorEdit: false,
      authorId: c.get("identity").accountId,
      createdAt: ctx.now(),
      title: current.title,
      body: parsed.doc,
    });
    return c.json(commentJson(ctx, comment, "full", { bodyFormat: representationOf(input.body) }), 200);
  });

  app.delete(`${V2}/footer-comments/:id`, (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const comment = findComment(c, ctx);
    if (comment instanceof Response) return comment;
    // Permanent, and replies go with their parent.
    for (const cm of commentThread(ctx.store, comment)) ctx.store.footerComments.delete(cm.id);
    return c.body(null, 204);
  });

  return app;
}

/** A comment is visible while it and its page are live. */
function visible(ctx: SandboxContext, comment: FooterComment): boolean {
  if (comment.status !== "current") return false;
  const page = ctx.store.pages.get(comment.pageId);
  return !!page && page.status !== "trashed";
}

function findComment(c: Ctx, ctx: SandboxContext): FooterComment | Response {
  const id = c.req.param("id") ?? "";
  const bad = numericId(c, "comment-id", id);
  if (bad) return bad;
  const comment = ctx.store.footerComments.get(id);
  if (!comment || !visible(ctx, comment)) return v2Error(c, 404, "Comment not found");
  return comment;
}

function listOptions(c: Ctx) {
  const bodyFormat = enumParam(c, "body-format", BULK_BODY_FORMATS);
  if (bodyFormat instanceof Response) return bodyFormat;
  const sort = enumParam(c, "sort", COMMENT_SORTS);
  if (sort instanceof Response) return sort;
  return { bodyFormat, sort };
}

function sortComments(comments: FooterComment[], sort: (typeof COMMENT_SORTS)[number] | undefined): void {
  const key = sort ?? "created-date";
  const desc = key.startsWith("-");
  const modified = key.endsWith("modified-date");
  comments.sort((a, b) => {
    const x = modified ? currentVersion(a.versions).createdAt : a.createdAt;
    const y = modified ? currentVersion(b.versions).createdAt : b.createdAt;
    const r = x - y || compareNumericIds(a.id, b.id);
    return desc ? -r : r;
  });
}

function representationOf(body: unknown): "storage" | "atlas_doc_format" {
  if (isObject(body) && (body.representation === "atlas_doc_format" || "atlas_doc_format" in body))
    return "atlas_doc_format";
  return "storage";
}
