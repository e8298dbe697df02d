import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { nextNumber } from "../seed/ids.js";
import type { ConfluenceAttachment } from "../state/model.js";
import { attachmentDownloadPath, attachmentJson } from "./serialize.js";
import {
  boolParam,
  type Ctx,
  compareNumericIds,
  denyWrite,
  enumListParam,
  enumParam,
  numericId,
  V1,
  V2,
  v1Error,
  v2Error,
  v2List,
  v2Paging,
  wikiBase,
} from "./shared.js";
import { v1Content } from "./v1-content.js";

/** Upload answers carry the version, as Confluence's do. */
const ATTACHMENT_EXPAND = new Set(["version"]);
const ATTACHMENT_SORTS = ["created-date", "-created-date", "modified-date", "-modified-date"] as const;

/** Extension → media type, for uploads sent as `application/octet-stream` (curl's default). */
const MEDIA_BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  zip: "application/zip",
  log: "text/plain",
  html: "text/html",
  xml: "application/xml",
};

/**
 * Attachments: v2 reads and delete, v1 upload (multipart, XSRF header required) and download. The
 * download operation answers 302 to the attachment's `downloadLink`, which serves the bytes, as
 * Confluence Cloud does. Cloud only: nothing is registered on Data Center.
 */
export function attachmentRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V2}/pages/:id/attachments`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const sort = enumParam(c, "sort", ATTACHMENT_SORTS);
    if (sort instanceof Response) return sort;
    const statuses = enumListParam(c, "status", ["current", "archived", "trashed"] as const);
    if (statuses instanceof Response) return statuses;
    const mediaType = c.req.query("mediaType");
    const filename = c.req.query("filename");
    const paging = v2Paging(c, `page-attachments:${id}`, 50);
    if (paging instanceof Response) return paging;
    const page = ctx.store.pages.get(id);
    if (!page || page.status === "trashed") return v2Error(c, 404, "Page not found");
    // Attachments in the sandbox are always current.
    const wantCurrent = statuses.length === 0 || statuses.includes("current");
    const list: ConfluenceAttachment[] = [];
    if (wantCurrent) {
      for (const a of ctx.store.confluenceAttachments.values()) {
        if (a.pageId !== id) continue;
        if (mediaType && a.mediaType !== mediaType) continue;
        if (filename && a.title !== filename) continue;
        list.push(a);
      }
    }
    const desc = sort?.startsWith("-") ?? false;
    list.sort((a, b) => {
      const r = a.createdAt - b.createdAt || compareNumericIds(a.id.slice(3), b.id.slice(3));
      return desc ? -r : r;
    });
    return v2List(c, list, paging, attachmentJson);
  });

  app.get(`${V2}/attachments/:id`, (c) => {
    const a = findAttachment(c, ctx);
    if (a instanceof Response) return a;
    for (const name of [
      "include-labels",
      "include-properties",
      "include-operations",
      "include-versions",
      "include-version",
      "include-collaborators",
    ]) {
      const value = boolParam(c, name, false);
      if (value instanceof Response) return value;
    }
    const rawVersion = c.req.query("version");
    if (rawVersion !== undefined && rawVersion !== String(a.version)) {
      return v2Error(c, 404, `Version ${rawVersion} of attachment ${a.id} not found`);
    }
    const out = attachmentJson(a);
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return c.json(out, 200);
  });

  app.delete(`${V2}/attachments/:id`, (c) => {
    const denied = denyWrite(ctx, c, "v2");
    if (denied) return denied;
    const purge = boolParam(c, "purge", false);
    if (purge instanceof Response) return purge;
    const a = findAttachment(c, ctx);
    if (a instanceof Response) return a;
    // The model has no trash for attachments, so delete and purge both remove it.
    ctx.store.confluenceAttachments.delete(a.id);
    return c.body(null, 204);
  });

  app.post(`${V1}/content/:id/child/attachment`, async (c) => {
    // Multipart endpoints are XSRF-protected: without the opt-out header Confluence refuses the request.
    if ((c.req.header("x-atlassian-token") ?? "").toLowerCase() !== "nocheck") {
      return v1Error(c, 403, "XSRF check failed");
    }
    const denied = denyWrite(ctx, c, "v1");
    if (denied) return denied;
    const status = c.req.query("status") ?? "current";
    if (status !== "current" && status !== "draft") return v1Error(c, 400, `Invalid status '${status}'`);
    const id = c.req.param("id");
    const page = /^\d{1,18}$/.test(id) ? ctx.store.pages.get(id) : undefined;
    if (!page || page.status === "trashed") {
      return v1Error(
        c,
        404,
        `No content found with id: ${id}, or the calling user does not have permission to view it`,
      );
    }
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      return v1Error(c, 400, "The request must be multipart/form-data with at least one 'file' part");
    }
    let form: Record<string, string | File | Array<string | File>>;
    try {
      form = (await c.req.parseBody({ all: true })) as typeof form;
    } catch {
      return v1Error(c, 400, "The multipart body could not be parsed");
    }
    const files = asArray(form.file).filter((f): f is File => typeof f !== "string");
    if (files.length === 0) return v1Error(c, 400, "At least one 'file' part is required");
    const comments = asArray(form.comment).map((v) => (typeof v === "string" ? v : ""));
    if (comments.length > 0 && comments.length !== files.length) {
      return v1Error(c, 400, "If comments are given, every file needs one, in the same order as the files");
    }
    const minorEdit = asArray(form.minorEdit)[0];
    if (minorEdit === undefined) return v1Error(c, 400, "The 'minorEdit' part is required");
    if (typeof minorEdit !== "string" || !/^(true|false)$/i.test(minorEdit.replace(/"/g, ""))) {
      return v1Error(c, 400, "minorEdit must be true or false");
    }
    const store = ctx.store;
    const names = new Set<string>();
    for (const f of files) {
      const name = f.name || "file";
      const taken = [...store.confluenceAttachments.values()].some(
        (a) => a.pageId === page.id && a.title === name,
      );
      if (taken || names.has(name)) {
        return v1Error(
          c,
          400,
          `Cannot add a new attachment with same file name as an existing attachment: ${name}`,
        );
      }
      names.add(name);
    }
    const created: ConfluenceAttachment[] = [];
    const author = c.get("identity").accountId;
    for (const [i, f] of files.entries()) {
      const a: ConfluenceAttachment = {
        id: `att${nextNumber(store, "confluenceAttachment")}`,
        fileId: randomUUID(),
        pageId: page.id,
        title: f.name || "file",
        mediaType: guessMediaType(f.name, f.type),
        comment: comments[i] ?? "",
        authorId: author,
        createdAt: ctx.now(),
        version: 1,
        content: Buffer.from(await f.arrayBuffer()),
      };
      store.confluenceAttachments.set(a.id, a);
      created.push(a);
    }
    const base = wikiBase(c);
    return c.json(
      {
        results: created.map((a) =>
          v1Content(ctx, base, { kind: "attachment", attachment: a }, ATTACHMENT_EXPAND),
        ),
        size: created.length,
        _links: { base, context: "/wiki" },
      },
      200,
    );
  });

  app.get(`${V1}/content/:id/child/attachment/:attachmentId/download`, (c) => {
    const a = ctx.store.confluenceAttachments.get(normalizeAttachmentId(c.req.param("attachmentId")));
    if (!a || a.pageId !== c.req.param("id") || !livePage(ctx, a.pageId)) {
      return v1Error(c, 404, "No attachment found with the given id on that content");
    }
    const version = c.req.query("version");
    if (version !== undefined && version !== String(a.version))
      return v1Error(c, 404, `No version ${version} of ${a.id}`);
    return c.redirect(`${wikiBase(c)}${attachmentDownloadPath(a)}`, 302);
  });

  app.get("/wiki/download/attachments/:pageId/:filename", (c) => {
    const pageId = c.req.param("pageId");
    const filename = c.req.param("filename");
    let found: ConfluenceAttachment | undefined;
    for (const a of ctx.store.confluenceAttachments.values()) {
      if (a.pageId === pageId && a.title === filename) {
        found = a;
        break;
      }
    }
    if (!found || !livePage(ctx, pageId)) return v1Error(c, 404, "Attachment not found");
    return c.body(new Uint8Array(found.content), 200, {
      "Content-Type": found.mediaType,
      "Content-Length": String(found.content.length),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(found.title)}`,
    });
  });

  return app;
}

function livePage(ctx: SandboxContext, pageId: string): boolean {
  const page = ctx.store.pages.get(pageId);
  return !!page && page.status !== "trashed";
}

/** v2 accepts both `att123` and `123` for attachment ids. */
function normalizeAttachmentId(raw: string): string {
  return /^\d+$/.test(raw) ? `att${raw}` : raw;
}

function findAttachment(c: Ctx, ctx: SandboxContext): ConfluenceAttachment | Response {
  const raw = c.req.param("id") ?? "";
  if (!/^(att)?\d{1,18}$/.test(raw)) return v2Error(c, 400, `Invalid attachment id '${raw}'`);
  const a = ctx.store.confluenceAttachments.get(normalizeAttachmentId(raw));
  if (!a || !livePage(ctx, a.pageId)) return v2Error(c, 404, "Attachment not found");
  return a;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function guessMediaType(name: string, declared: string): string {
  const type = declared.split(";")[0].trim().toLowerCase();
  if (type && type !== "application/octet-stream") return type;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && MEDIA_BY_EXTENSION[ext]) || "application/octet-stream";
}
