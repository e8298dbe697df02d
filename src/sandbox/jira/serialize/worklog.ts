import type { SandboxContext } from "../../context.js";
import type { Worklog } from "../../state/model.js";
import { formatDuration } from "./duration.js";
import { type ApiVersion, restBase } from "./refs.js";
import { richOut } from "./rich-text.js";
import { jiraTime } from "./user.js";
import { userDetailsRef as userRef } from "./user-details.js";

/** `Worklog` bean. */
export function worklogBean(
  ctx: SandboxContext,
  apiBase: string,
  worklog: Worklog,
  apiVersion: ApiVersion,
): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/issue/${worklog.issueId}/worklog/${worklog.id}`,
  };
  const author = userRef(ctx, apiBase, worklog.authorId);
  if (author) bean.author = author;
  const updateAuthor = userRef(ctx, apiBase, worklog.updateAuthorId);
  if (updateAuthor) bean.updateAuthor = updateAuthor;
  if (worklog.comment) bean.comment = richOut(worklog.comment, apiVersion);
  bean.created = jiraTime(worklog.created);
  bean.updated = jiraTime(worklog.updated);
  bean.started = jiraTime(worklog.started);
  bean.timeSpent = formatDuration(worklog.timeSpentSeconds);
  bean.timeSpentSeconds = worklog.timeSpentSeconds;
  bean.id = worklog.id;
  bean.issueId = worklog.issueId;
  return bean;
}
