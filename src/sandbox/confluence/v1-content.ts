import type { SandboxContext } from "../context.js";
import type { ConfluenceAttachment, ContentVersion, FooterComment, Page, User } from "../state/model.js";
import { renderV1Body } from "./body.js";
import {
  attachmentDownloadPath,
  attachmentWebui,
  commentTitle,
  currentVersion,
  friendlyDate,
  mediaTypeDescription,
  v1Space,
  v1User,
} from "./serialize.js";
import { isoTime, pageTitle, pageWebui, tinyui } from "./shared.js";
import { ancestorsOf } from "./tree.js";

/**
 * Confluence v1 `Content` for pages, footer comments and attachments, with the `expand` mechanism:
 * what is not expanded is listed under `_expandable` with the URL that would fetch it.
 */
export type V1Target =
  | { kind: "page"; page: Page }
  | { kind: "comment"; comment: FooterComment }
  | { kind: "attachment"; attachment: ConfluenceAttachment };

/** `expand` values this serializer understands; others are ignored, as Confluence ignores unknown ones. */
export function parseExpand(values: string[], prefix = ""): Set<string> {
  const out = new Set<string>();
  for (const raw of values) {
    for (const part of raw.split(",")) {
      const v = part.trim();
      if (prefix && v.startsWith(prefix)) out.add(v.slice(prefix.length));
      else if (!prefix) out.add(v);
    }
  }
  return out;
}

function v1Version(
  ctx: SandboxContext,
  base: string,
  id: string,
  v: { number: number; authorId: string; createdAt: number; message: string; minorEdit: boolean },
) {
  const out: Record<string, unknown> = {};
  const author = ctx.store.users.get(v.authorId);
  if (author) out.by = v1User(base, author, false);
  Object.assign(out, {
    when: isoTime(v.createdAt),
    friendlyWhen: friendlyDate(v.createdAt),
    message: v.message,
    number: v.number,
    minorEdit: v.minorEdit,
    contentTypeModified: false,
    _expandable: { collaborators: "", content: `/rest/api/content/${id}` },
    _links: { self: `${base}/rest/api/content/${id}/version/${v.number}` },
  });
  return out;
}

function history(ctx: SandboxContext, base: string, id: string, authorId: string, createdAt: number) {
  const out: Record<string, unknown> = { latest: true };
  const author: User | undefined = ctx.store.users.get(authorId);
  if (author) out.createdBy = v1User(base, author, false);
  out.createdDate = isoTime(createdAt);
  out._expandable = { lastUpdated: "", previousVersion: "", contributors: "", nextVersion: "" };
  out._links = { self: `${base}/rest/api/content/${id}/history` };
  return out;
}

export function v1Content(
  ctx: SandboxContext,
  base: string,
  target: V1Target,
  expand: Set<string> = new Set(),
): Record<string, unknown> {
  const store = ctx.store;
  let id: string;
  let type: string;
  let title: string;
  let page: Page | undefined;
  let version: ContentVersion | undefined;
  let authorId: string;
  let createdAt: number;
  const links: Record<string, string> = {};
  const extra: Record<string, unknown> = {};
  switch (target.kind) {
    case "page":
      page = target.page;
      id = page.id;
      type = "page";
      title = pageTitle(page);
      version = currentVersion(page.versions);
      authorId = page.authorId;
      createdAt = page.createdAt;
      links.webui = pageWebui(store.spaces.get(page.spaceId), page);
      links.editui = `/pages/resumedraft.action?draftId=${page.id}`;
      links.tinyui = tinyui(page.id);
      break;
    case "comment": {
      const comment = target.comment;
      page = store.pages.get(comment.pageId);
      id = comment.id;
      type = "comment";
      title = commentTitle(ctx, comment);
      version = currentVersion(comment.versions);
      authorId = comment.authorId;
      createdAt = comment.createdAt;
      links.webui = `${page ? pageWebui(store.spaces.get(page.spaceId), page) : ""}?focusedCommentId=${comment.id}`;
      extra.extensions = { location: "footer" };
      break;
    }
    case "attachment": {
      const a = target.attachment;
      page = store.pages.get(a.pageId);
      id = a.id;
      type = "attachment";
      title = a.title;
      authorId = a.authorId;
      createdAt = a.createdAt;
      links.webui = attachmentWebui(a);
      links.download = attachmentDownloadPath(a);
      extra.extensions = {
        mediaType: a.mediaType,
        fileSize: a.content.length,
        comment: a.comment,
        mediaTypeDescription: mediaTypeDescription(a.mediaType),
        fileId: a.fileId,
        collectionName: `contentId-${a.pageId}`,
      };
      extra.metadata = { mediaType: a.mediaType, comment: a.comment };
      break;
    }
  }
  links.self = `${base}/rest/api/content/${id}`;
  const space = page ? store.spaces.get(page.spaceId) : undefined;
  const status = target.kind === "page" ? target.page.status : "current";
  const out: Record<string, unknown> = { id, type, status, title, ...extra };
  const expandable: Record<string, string> = {
    childTypes: "",
    container: "",
    metadata: "",
    operations: "",
    children: `/rest/api/content/${id}/child`,
    restrictions: `/rest/api/content/${id}/restriction/byOperation`,
    history: `/rest/api/content/${id}/history`,
    ancestors: "",
    body: "",
    version: "",
    descendants: `/rest/api/content/${id}/descendant`,
    space: space ? `/rest/api/space/${space.key}` : "",
  };
  if (expand.has("space") && space) {
    out.space = v1Space(base, space);
    delete expandable.space;
  }
  if (expand.has("version")) {
    out.version =
      target.kind === "attachment"
        ? v1Version(ctx, base, id, {
            number: target.attachment.version,
            authorId,
            createdAt,
            message: "",
            minorEdit: false,
          })
        : v1Version(ctx, base, id, version as ContentVersion);
    delete expandable.version;
  }
  if (expand.has("history")) {
    out.history = history(ctx, base, id, authorId, createdAt);
    delete expandable.history;
  }
  if (expand.has("ancestors") && target.kind === "page") {
    out.ancestors = ancestorsOf(store, target.page).map((p) =>
      v1Content(ctx, base, { kind: "page", page: p }),
    );
    delete expandable.ancestors;
  }
  if (expand.has("container") && target.kind !== "page" && page) {
    out.container = v1Content(ctx, base, { kind: "page", page });
    delete expandable.container;
  }
  const bodyFormats = (["storage", "atlas_doc_format", "view"] as const).filter((f) =>
    expand.has(`body.${f}`),
  );
  if (bodyFormats.length > 0 && version) {
    const body: Record<string, unknown> = {};
    for (const f of bodyFormats) body[f] = renderV1Body(version.body, f, `/rest/api/content/${id}`);
    out.body = body;
    delete expandable.body;
  }
  out.macroRenderedOutput = {};
  out.extensions ??= {};
  out._expandable = expandable;
  out._links = links;
  return out;
}
