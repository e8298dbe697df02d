import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { nextString } from "../../seed/ids.js";
import type { Attachment } from "../../state/model.js";
import { attachmentBean } from "../serialize/attachment.js";
import type { ApiVersion } from "../serialize/refs.js";
import { restBase } from "../serialize/refs.js";
import {
  apiVersions,
  type Ctx,
  caller,
  canWrite,
  issueOr404,
  numericId,
  prefix,
  queryBool,
  touch,
} from "./common.js";

export const XSRF_FAILED = "XSRF check failed";
export const ATTACH_FORBIDDEN = "You do not have permission to create attachments for this issue.";
const DELETE_FORBIDDEN = "You do not have permission to delete attachments for this issue.";
/** Jira Cloud's default per-file limit. */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;
/** Jira refuses more than 60 files in one request. */
const MAX_FILES = 60;

/** Attachments: upload (multipart, XSRF header), metadata, content (with Cloud's 303 redirect), delete. */
export function attachmentRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

/** Keeps only the last path segment and printable characters, so a filename can never be a path. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 255);
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "attachment" : cleaned;
}

function attachmentOr404(ctx: SandboxContext, c: Ctx): Attachment | Response {
  const raw = c.req.param("id") ?? "";
  const id = numericId(raw);
  const a = id === null ? undefined : ctx.store.attachments.get(id);
  return a ?? jiraError(c, 404, [`The attachment with id '${raw.slice(0, 50)}' does not exist.`]);
}

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.post(`${P}/issue/:issueIdOrKey/attachments`, async (c) => {
    // Jira's XSRF filter runs before anything else looks at the request.
    if ((c.req.header("x-atlassian-token") ?? "").toLowerCase() !== "no-check") {
      return jiraError(c, 403, [XSRF_FAILED]);
    }
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const user = caller(ctx, c);
    if (!canWrite(user) || !user) return jiraError(c, 403, [ATTACH_FORBIDDEN]);
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      return jiraError(c, 415, ["Attachments must be uploaded as multipart/form-data with a 'file' part."]);
    }
    let form: Record<string, unknown>;
    try {
      form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    } catch {
      return jiraError(c, 400, ["The multipart body could not be parsed."]);
    }
    const raw = form.file;
    const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (f): f is File => typeof f === "object" && f !== null && typeof (f as File).arrayBuffer === "function",
    );
    if (files.length > MAX_FILES)
      return jiraError(c, 413, [`You can attach at most ${MAX_FILES} files at once.`]);
    for (const f of files) {
      if (f.size > UPLOAD_LIMIT) {
        return jiraError(c, 413, [
          `The file '${safeFilename(f.name)}' is too large. The maximum attachment size is ${UPLOAD_LIMIT} bytes.`,
        ]);
      }
    }
    const created: Attachment[] = [];
    for (const f of files) {
      const a: Attachment = {
        id: nextString(ctx.store, "attachment"),
        issueId: issue.id,
        filename: safeFilename(f.name),
        authorId: user.accountId,
        created: ctx.now(),
        mimeType: /^[\w.+-]+\/[\w.+-]+$/.test(f.type) ? f.type : "application/octet-stream",
        content: Buffer.from(await f.arrayBuffer()),
      };
      ctx.store.attachments.set(a.id, a);
      created.push(a);
    }
    if (created.length > 0) touch(ctx, issue);
    return c.json(created.map((a) => attachmentBean(ctx, c.get("apiBase"), a, v)));
  });

  app.get(`${P}/attachment/meta`, (c) => c.json({ enabled: true, uploadLimit: UPLOAD_LIMIT }));

  app.get(`${P}/attachment/content/:id`, (c) => {
    const a = attachmentOr404(ctx, c);
    if (a instanceof Response) return a;
    const redirect = queryBool(c, "redirect", true);
    if (redirect instanceof Response) return redirect;
    if (redirect) {
      // Cloud redirects to its media service; the sandbox points at its own non-redirecting form.
      const location = `${restBase(c.get("apiBase"), v)}/attachment/content/${a.id}?redirect=false`;
      return c.body(null, 303, { Location: location });
    }
    return bytes(a);
  });

  app.get(`${P}/attachment/thumbnail/:id`, (c) => {
    const a = attachmentOr404(ctx, c);
    if (a instanceof Response) return a;
    if (!a.mimeType.startsWith("image/"))
      return jiraError(c, 404, ["No thumbnail is available for this attachment."]);
    return bytes(a);
  });

  app.get(`${P}/attachment/:id`, (c) => {
    const a = attachmentOr404(ctx, c);
    if (a instanceof Response) return a;
    return c.json(attachmentBean(ctx, c.get("apiBase"), a, v, { numericId: true }));
  });

  app.delete(`${P}/attachment/:id`, (c) => {
    const a = attachmentOr404(ctx, c);
    if (a instanceof Response) return a;
    const user = caller(ctx, c);
    if (!canWrite(user) || !user || (!user.siteAdmin && user.accountId !== a.authorId && !user.canEdit)) {
      return jiraError(c, 403, [DELETE_FORBIDDEN]);
    }
    ctx.store.attachments.delete(a.id);
    const issue = ctx.store.issues.get(a.issueId);
    if (issue) touch(ctx, issue);
    return c.body(null, 204);
  });
}

function bytes(a: Attachment): Response {
  return new Response(new Uint8Array(a.content), {
    status: 200,
    headers: {
      "Content-Type": a.mimeType,
      "Content-Length": String(a.content.length),
      "Content-Disposition": `attachment; filename="${a.filename.replace(/["\\]/g, "_")}"`,
    },
  });
}
