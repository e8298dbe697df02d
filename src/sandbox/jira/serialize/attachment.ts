import type { SandboxContext } from "../../context.js";
import type { Attachment } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";
import { jiraTime } from "./user.js";
import { userDetailsRef as userRef } from "./user-details.js";

/**
 * An attachment. Inside issues Jira reports `id` as a string (`Attachment`); `GET /attachment/{id}`
 * reports it as a number (`AttachmentMetadata`), hence `numericId`.
 */
export function attachmentBean(
  ctx: SandboxContext,
  apiBase: string,
  attachment: Attachment,
  apiVersion: ApiVersion,
  { numericId = false } = {},
): Record<string, unknown> {
  const root = restBase(apiBase, apiVersion);
  const bean: Record<string, unknown> = {
    self: `${root}/attachment/${attachment.id}`,
    id: numericId ? Number(attachment.id) : attachment.id,
    filename: attachment.filename,
  };
  const author = userRef(ctx, apiBase, attachment.authorId);
  if (author) bean.author = author;
  bean.created = jiraTime(attachment.created);
  bean.size = attachment.content.length;
  bean.mimeType = attachment.mimeType;
  bean.content = `${root}/attachment/content/${attachment.id}`;
  if (attachment.mimeType.startsWith("image/"))
    bean.thumbnail = `${root}/attachment/thumbnail/${attachment.id}`;
  return bean;
}
