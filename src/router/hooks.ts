import { readFile, realpath, stat } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { AtlassianResponse } from "../atlassian/index.js";
import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment, RequestHook, ResponseHook } from "../catalog/types.js";
import { type PreparedRequest, richText } from "./build-request.js";
import { ArgumentError } from "./errors.js";

/** Attachments above this size are refused on upload and summarized instead of returned on download. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface RequestHookContext {
  tool: ToolDefinition;
  args: Record<string, unknown>;
  request: PreparedRequest;
  deployment: Deployment;
  /** Makes a further upstream call (counted in the Atlassian time); for hooks that must look something up. */
  call(req: PreparedRequest, accept?: "json" | "binary"): Promise<AtlassianResponse>;
  attachmentDirs?: string[];
}

/**
 * Behaviour data cannot express, named in the catalog (`hooks.request`) and implemented here once.
 * Each hook receives the request the router built from the schema and adjusts it.
 */
export async function runRequestHook(name: RequestHook, ctx: RequestHookContext): Promise<PreparedRequest> {
  switch (name) {
    case "transition_by_name":
      return transitionByName(ctx);
    case "attachment_upload":
    case "confluence_attachment_upload":
      return attachmentUpload(ctx);
    case "bare_string_body":
      return bareStringBody(ctx);
    case "page_version_bump":
    case "footer_comment_version_bump":
      return versionBump(ctx);
    case "search_default_fields":
      return searchDefaultFields(ctx);
    case "bulk_create_issues":
      return bulkCreateIssues(ctx);
    case "label_array_body":
      return labelArrayBody(ctx);
  }
}

/**
 * Bulk create takes the same flat fields as create_a_jira_issue, per issue; Jira wants each one as
 * `{ fields: {...} }` with objects for project, type, priority, assignee and parent.
 */
function bulkCreateIssues(ctx: RequestHookContext): PreparedRequest {
  const issues = Array.isArray(ctx.args.issues) ? (ctx.args.issues as Array<Record<string, unknown>>) : [];
  const dc = ctx.deployment === "datacenter";
  const issueUpdates = issues.map((issue, i) => {
    const fields: Record<string, unknown> = {
      project: /^\d+$/.test(String(issue.project)) ? { id: String(issue.project) } : { key: issue.project },
      issuetype: { name: issue.issue_type },
      summary: issue.summary,
    };
    if (issue.description !== undefined)
      fields.description = richText(`issues[${i}].description`, issue.description, ctx.deployment);
    if (issue.assignee !== undefined)
      fields.assignee = dc ? { name: issue.assignee } : { accountId: issue.assignee };
    if (issue.priority !== undefined) fields.priority = { name: issue.priority };
    if (issue.labels !== undefined) fields.labels = issue.labels;
    if (issue.parent !== undefined) fields.parent = { key: issue.parent };
    return { fields };
  });
  return { ...ctx.request, body: { json: { issueUpdates } } };
}

/** Confluence's v1 label endpoint takes a bare array of `{ prefix, name }`. */
function labelArrayBody(ctx: RequestHookContext): PreparedRequest {
  const labels = Array.isArray(ctx.args.labels) ? (ctx.args.labels as unknown[]) : [];
  return { ...ctx.request, body: { json: labels.map((name) => ({ prefix: "global", name: String(name) })) } };
}

function jsonBody(req: PreparedRequest): Record<string, any> {
  return req.body && "json" in req.body && req.body.json && typeof req.body.json === "object"
    ? (req.body.json as Record<string, any>)
    : {};
}

/** Lets a model say "In Progress" instead of looking up transition id 21 first. */
async function transitionByName(ctx: RequestHookContext): Promise<PreparedRequest> {
  const body = jsonBody(ctx.request);
  const wanted = String(ctx.args.transition ?? "").trim();
  if (wanted === "") throw new ArgumentError('missing required argument "transition"');
  let id = wanted;
  if (!/^\d+$/.test(wanted)) {
    const res = await ctx.call({ ...ctx.request, method: "GET", body: undefined, query: [], headers: {} });
    const transitions = ((res.body as any)?.transitions ?? []) as Array<{
      id: string;
      name: string;
      to?: { name?: string };
    }>;
    const lower = wanted.toLowerCase();
    const match =
      transitions.find((t) => t.to?.name?.toLowerCase() === lower) ??
      transitions.find((t) => t.name.toLowerCase() === lower);
    if (!match) {
      const options = transitions.map((t) => `"${t.to?.name ?? t.name}" (id ${t.id})`).join(", ");
      throw new ArgumentError(
        `No transition of this issue leads to "${wanted}". Available: ${options || "none"}.`,
      );
    }
    id = match.id;
  }
  body.transition = { id };
  if (body.update?.comment !== undefined && !Array.isArray(body.update.comment)) {
    body.update.comment = [{ add: { body: body.update.comment } }];
  }
  return { ...ctx.request, body: { json: body } };
}

async function attachmentUpload(ctx: RequestHookContext): Promise<PreparedRequest> {
  const { args } = ctx;
  let bytes: Buffer;
  let filename = typeof args.filename === "string" ? args.filename : undefined;
  if (typeof args.content_base64 === "string") {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(args.content_base64))
      throw new ArgumentError('"content_base64" is not base64');
    bytes = Buffer.from(args.content_base64, "base64");
  } else if (typeof args.path === "string") {
    bytes = await readAllowedFile(args.path, ctx.attachmentDirs);
    filename ??= basename(args.path);
  } else {
    throw new ArgumentError(
      'give the file as "content_base64" (with "filename") or, in the local server, as "path"',
    );
  }
  if (!filename) throw new ArgumentError('missing required argument "filename"');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new ArgumentError(`the file is ${bytes.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`);
  }
  const form = new FormData();
  const type = typeof args.mime_type === "string" ? args.mime_type : mimeFromName(filename);
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), filename);
  if (typeof args.comment === "string") form.append("comment", args.comment);
  // Confluence's v1 upload requires the minorEdit part.
  if (ctx.tool.spec.hooks?.request === "confluence_attachment_upload") form.append("minorEdit", "true");
  return { ...ctx.request, body: { multipart: form } };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  xml: "application/xml",
  yaml: "application/yaml",
  yml: "application/yaml",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  zip: "application/zip",
};

/** Atlassian stores the type the upload declares; guessing it from the name keeps text files readable later. */
function mimeFromName(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (ext && MIME_BY_EXTENSION[ext]) || "application/octet-stream";
}

/**
 * Local files may be attached only from directories the user listed in ATLASGATE_ATTACHMENT_DIRS;
 * symlinks are resolved first so a link cannot point outside them.
 */
async function readAllowedFile(path: string, dirs: string[] | undefined): Promise<Buffer> {
  if (!dirs || dirs.length === 0) {
    throw new ArgumentError(
      '"path" is not allowed here: set ATLASGATE_ATTACHMENT_DIRS to the directories files may come from, or send "content_base64"',
    );
  }
  if (!isAbsolute(path)) throw new ArgumentError('"path" must be absolute');
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new ArgumentError(`"path" ${JSON.stringify(path)} does not exist`);
  }
  let allowed = false;
  for (const dir of dirs) {
    let root: string;
    try {
      root = await realpath(dir);
    } catch {
      continue;
    }
    const rel = relative(root, real);
    if (rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel)) allowed = true;
  }
  if (!allowed)
    throw new ArgumentError(`"path" is outside the allowed attachment directories (${dirs.join(", ")})`);
  const info = await stat(real);
  if (!info.isFile()) throw new ArgumentError('"path" is not a file');
  if (info.size > MAX_ATTACHMENT_BYTES)
    throw new ArgumentError(`the file is ${info.size} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`);
  return readFile(real);
}

/** Jira's watcher endpoint takes a bare JSON string (the account id), not an object. */
function bareStringBody(ctx: RequestHookContext): PreparedRequest {
  const value = ctx.args.account_id ?? ctx.args.username;
  if (typeof value !== "string") throw new ArgumentError('missing required argument "account_id"');
  return { ...ctx.request, body: { raw: JSON.stringify(value), contentType: "application/json" } };
}

/**
 * Confluence updates must carry the next version number; asking a model to track it invites 409s,
 * so when it is not given the hook reads the current version (and title) and bumps it.
 */
async function versionBump(ctx: RequestHookContext): Promise<PreparedRequest> {
  const body = jsonBody(ctx.request);
  const id = ctx.request.path.split("/").pop()!;
  body.id = decodeURIComponent(id);
  if (body.version?.number === undefined || body.title === undefined || body.status === undefined) {
    const res = await ctx.call({ ...ctx.request, method: "GET", body: undefined, query: [], headers: {} });
    const current = res.body as any;
    body.version = {
      ...(body.version ?? {}),
      number: body.version?.number ?? (current?.version?.number ?? 0) + 1,
    };
    if (body.title === undefined && ctx.tool.resource === "pages") body.title = current?.title;
    body.status ??= current?.status === "draft" ? "draft" : "current";
  }
  return { ...ctx.request, body: { json: body } };
}

/** Cloud's `/search/jql` returns bare ids unless `fields` is given; default to what a model reads. */
function searchDefaultFields(ctx: RequestHookContext): PreparedRequest {
  const has = ctx.request.query.some(([k]) => k === "fields");
  if (has) return ctx.request;
  return {
    ...ctx.request,
    query: [...ctx.request.query, ["fields", "summary,status,assignee,priority,issuetype"]],
  };
}

export interface ResponseHookContext {
  tool: ToolDefinition;
  args: Record<string, unknown>;
  response: AtlassianResponse;
  deployment: Deployment;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-yaml|yaml|csv|x-sh))/i;

export async function runResponseHook(name: ResponseHook, ctx: ResponseHookContext): Promise<unknown> {
  switch (name) {
    case "attachment_download":
    case "confluence_attachment_download": {
      const bytes = ctx.response.bytes ?? Buffer.alloc(0);
      const mime = (ctx.response.contentType ?? "application/octet-stream").split(";")[0].trim();
      if (bytes.length > MAX_ATTACHMENT_BYTES) {
        return {
          mime_type: mime,
          size: bytes.length,
          note: `too large to return (limit ${MAX_ATTACHMENT_BYTES} bytes)`,
        };
      }
      if (TEXT_TYPES.test(mime)) return { mime_type: mime, size: bytes.length, text: bytes.toString("utf8") };
      return { mime_type: mime, size: bytes.length, base64: bytes.toString("base64") };
    }
    case "project_roles_map": {
      const map = (ctx.response.body ?? {}) as Record<string, string>;
      return {
        result: Object.entries(map).map(([name, url]) => ({
          name,
          id: Number(String(url).split("/").pop()),
        })),
        next_cursor: null,
      };
    }
    case "created_issue_link":
      return { ok: true, status: ctx.response.status };
  }
}
