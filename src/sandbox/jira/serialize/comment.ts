import type { SandboxContext } from "../../context.js";
import type { Comment } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";
import { richOut } from "./rich-text.js";
import { jiraTime } from "./user.js";
import { userDetailsRef as userRef } from "./user-details.js";

/** `Comment` bean; v2 bodies are wiki markup, v3 bodies ADF. */
export function commentBean(
  ctx: SandboxContext,
  apiBase: string,
  comment: Comment,
  apiVersion: ApiVersion,
): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/issue/${comment.issueId}/comment/${comment.id}`,
    id: comment.id,
    author: userRef(ctx, apiBase, comment.authorId) ?? undefined,
    body: richOut(comment.body, apiVersion),
    updateAuthor: userRef(ctx, apiBase, comment.updateAuthorId) ?? undefined,
    created: jiraTime(comment.created),
    updated: jiraTime(comment.updated),
  };
  if (comment.visibility) bean.visibility = { ...comment.visibility };
  if (ctx.options.deployment === "cloud") bean.jsdPublic = true;
  if (bean.author === undefined) delete bean.author;
  if (bean.updateAuthor === undefined) delete bean.updateAuthor;
  return bean;
}
