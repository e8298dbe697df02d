import type { SandboxContext } from "../context.js";
import type {
  ConfluenceAttachment,
  ConfluenceLabel,
  ContentVersion,
  FooterComment,
  Page,
  Space,
  User,
} from "../state/model.js";
import { type BodyFormat, renderBody } from "./body.js";
import { isoTime, pageTitle, pageWebui, tinyui } from "./shared.js";

/**
 * v2 response shapes. Only properties the spec's schemas define are emitted, and optional ones are
 * left out rather than sent as null where the schema does not allow null.
 */

export function versionOf(v: ContentVersion): Record<string, unknown> {
  return {
    createdAt: isoTime(v.createdAt),
    message: v.message,
    number: v.number,
    minorEdit: v.minorEdit,
    authorId: v.authorId,
  };
}

export function currentVersion(versions: ContentVersion[]): ContentVersion {
  return versions[versions.length - 1];
}

export interface PageRenderOptions {
  bodyFormat?: BodyFormat;
  includeVersion?: boolean;
  /** Render this historical version instead of the current one. */
  version?: ContentVersion;
}

/** `PageBulk` (and the base of `PageSingle`). */
export function pageJson(
  ctx: SandboxContext,
  page: Page,
  options: PageRenderOptions = {},
): Record<string, unknown> {
  const space = ctx.store.spaces.get(page.spaceId);
  const version = options.version ?? currentVersion(page.versions);
  const out: Record<string, unknown> = {
    id: page.id,
    status: page.status,
    title: version.title,
    spaceId: page.spaceId,
  };
  if (page.parentId) {
    out.parentId = page.parentId;
    out.parentType = "page";
  }
  out.position = page.position;
  out.authorId = page.authorId;
  out.ownerId = page.ownerId;
  out.lastOwnerId = null;
  out.createdAt = isoTime(page.createdAt);
  if (options.includeVersion !== false) out.version = versionOf(version);
  out.body = renderBody(version.body, options.bodyFormat);
  out._links = {
    webui: pageWebui(space, page),
    editui: `/pages/resumedraft.action?draftId=${page.id}`,
    tinyui: tinyui(page.id),
  };
  return out;
}

/** `SpaceBulk`; `descriptionFormat` and `icon` only when asked for, as Confluence does. */
export function spaceJson(
  space: Space,
  options: { descriptionFormat?: "plain" | "view"; icon?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    spaceOwnerId: space.authorId,
    createdAt: isoTime(space.createdAt),
  };
  if (space.homepageId) out.homepageId = space.homepageId;
  if (options.descriptionFormat === "plain") {
    out.description = { plain: { representation: "plain", value: space.description } };
  } else if (options.descriptionFormat === "view") {
    out.description = { view: { representation: "view", value: `<p>${escapeHtml(space.description)}</p>` } };
  }
  if (options.icon) {
    const path = `/download/attachments/${space.id}/${space.key.toLowerCase()}-icon.png?api=v2`;
    out.icon = { path, apiDownloadLink: path };
  }
  out._links = { webui: `/spaces/${space.key}` };
  return out;
}

export function labelJson(label: ConfluenceLabel): Record<string, unknown> {
  return { id: label.id, name: label.name, prefix: label.prefix };
}

/** Comment titles are derived from the page: Confluence names every comment `Re: <page title>`. */
export function commentTitle(ctx: SandboxContext, comment: FooterComment): string {
  const page = ctx.store.pages.get(comment.pageId);
  return `Re: ${page ? pageTitle(page) : currentVersion(comment.versions).title}`;
}

function commentWebui(ctx: SandboxContext, comment: FooterComment): string {
  const page = ctx.store.pages.get(comment.pageId);
  if (!page) return `/pages/viewpage.action?pageId=${comment.pageId}&focusedCommentId=${comment.id}`;
  return `${pageWebui(ctx.store.spaces.get(page.spaceId), page)}?focusedCommentId=${comment.id}`;
}

/**
 * Footer comments in their three v2 shapes: `page` (PageCommentModel, no parentCommentId),
 * `full` (FooterCommentModel) and `child` (ChildrenCommentModel, no pageId).
 */
export function commentJson(
  ctx: SandboxContext,
  comment: FooterComment,
  shape: "page" | "full" | "child",
  options: { bodyFormat?: BodyFormat; includeVersion?: boolean; version?: ContentVersion } = {},
): Record<string, unknown> {
  const version = options.version ?? currentVersion(comment.versions);
  const out: Record<string, unknown> = {
    id: comment.id,
    status: comment.status,
    title: commentTitle(ctx, comment),
  };
  if (shape !== "child") out.pageId = comment.pageId;
  if (shape !== "page" && comment.parentCommentId) out.parentCommentId = comment.parentCommentId;
  if (options.includeVersion !== false) out.version = versionOf(version);
  out.body = renderBody(version.body, options.bodyFormat);
  out._links = { webui: commentWebui(ctx, comment) };
  return out;
}

const MEDIA_DESCRIPTIONS: Array<[RegExp, string]> = [
  [/^image\/png$/, "PNG Image"],
  [/^image\/jpe?g$/, "JPEG Image"],
  [/^image\/gif$/, "GIF Image"],
  [/^image\/svg/, "SVG Image"],
  [/^image\//, "Image"],
  [/^application\/pdf$/, "PDF Document"],
  [/^text\/plain$/, "Text File"],
  [/^text\/csv$/, "CSV File"],
  [/json/, "JSON File"],
  [/zip/, "Zip Archive"],
  [/^text\//, "Text File"],
];

export function mediaTypeDescription(mediaType: string): string {
  for (const [re, label] of MEDIA_DESCRIPTIONS) if (re.test(mediaType)) return label;
  return "File";
}

/** Relative to `_links.base`, as Confluence's `downloadLink` is. */
export function attachmentDownloadPath(a: ConfluenceAttachment): string {
  return `/download/attachments/${a.pageId}/${encodeURIComponent(a.title)}?version=${a.version}&modificationDate=${a.createdAt}&cacheVersion=1&api=v2`;
}

export function attachmentWebui(a: ConfluenceAttachment): string {
  return `/pages/viewpageattachments.action?pageId=${a.pageId}&preview=${encodeURIComponent(`/${a.pageId}/${a.id}/${a.title}`)}`;
}

/** `AttachmentBulk` (and the base of `AttachmentSingle`). */
export function attachmentJson(a: ConfluenceAttachment): Record<string, unknown> {
  const download = attachmentDownloadPath(a);
  const webui = attachmentWebui(a);
  return {
    id: a.id,
    status: "current",
    title: a.title,
    createdAt: isoTime(a.createdAt),
    pageId: a.pageId,
    mediaType: a.mediaType,
    mediaTypeDescription: mediaTypeDescription(a.mediaType),
    comment: a.comment,
    fileId: a.fileId,
    fileSize: a.content.length,
    webuiLink: webui,
    downloadLink: download,
    version: {
      createdAt: isoTime(a.createdAt),
      message: "",
      number: a.version,
      minorEdit: false,
      authorId: a.authorId,
    },
    _links: { webui, download },
  };
}

// ------------------------------------------------------------------------------------------ v1

/** Confluence v1 `User` as it appears in `version.by`, `history.createdBy` and `/user/current`. */
export function v1User(base: string, user: User, self: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: "known",
    accountId: user.accountId,
    accountType: user.accountType === "app" ? "app" : "atlassian",
  };
  if (self) out.email = user.emailAddress;
  Object.assign(out, {
    publicName: user.displayName,
    profilePicture: {
      path: `/wiki/aa-avatar/${user.accountId}`,
      width: 48,
      height: 48,
      isDefault: false,
    },
    displayName: user.displayName,
    timeZone: user.timeZone,
    isExternalCollaborator: false,
    externalCollaborator: false,
    isGuest: false,
    _expandable: { operations: "", personalSpace: "" },
    _links: { self: `${base}/rest/api/user?accountId=${encodeURIComponent(user.accountId)}` },
  });
  return out;
}

/** v1 `Space` with the required `_expandable` and `_links`. */
export function v1Space(base: string, space: Space): Record<string, unknown> {
  return {
    id: Number(space.id),
    key: space.key,
    alias: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    _expandable: {
      settings: `/rest/api/space/${space.key}/settings`,
      metadata: "",
      operations: "",
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${space.key}`,
      identifiers: "",
      permissions: "",
      icon: "",
      description: "",
      theme: `/rest/api/space/${space.key}/theme`,
      history: "",
      homepage: space.homepageId ? `/rest/api/content/${space.homepageId}` : "",
    },
    _links: { webui: `/spaces/${space.key}`, self: `${base}/rest/api/space/${space.key}` },
  };
}

/** `Mon DD, YYYY`, the form Confluence uses for anything older than a week. */
export function friendlyDate(ms: number): string {
  const d = new Date(ms);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    d.getUTCMonth()
  ];
  return `${month} ${String(d.getUTCDate()).padStart(2, "0")}, ${d.getUTCFullYear()}`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
