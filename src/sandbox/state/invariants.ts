import type { Store } from "./store.js";

/**
 * Referential and semantic integrity of the whole store. The fuzz test runs this after thousands of
 * random requests: whatever the input, the state must stay consistent.
 */
export function checkInvariants(store: Store): string[] {
  const problems: string[] = [];
  const fail = (msg: string) => {
    if (problems.length < 50) problems.push(msg);
  };
  const keys = new Set<string>();
  for (const [id, issue] of store.issues) {
    if (issue.id !== id) fail(`issue map key ${id} holds issue ${issue.id}`);
    if (keys.has(issue.key)) fail(`duplicate issue key ${issue.key}`);
    keys.add(issue.key);
    if (store.issueKeys.get(issue.key.toUpperCase()) !== id) fail(`key index misses ${issue.key}`);
    if (!store.projects.has(issue.projectId)) fail(`${issue.key}: unknown project ${issue.projectId}`);
    if (!store.issueTypes.has(issue.issueTypeId))
      fail(`${issue.key}: unknown issue type ${issue.issueTypeId}`);
    if (!store.statuses.has(issue.statusId)) fail(`${issue.key}: unknown status ${issue.statusId}`);
    if (!store.priorities.has(issue.priorityId)) fail(`${issue.key}: unknown priority ${issue.priorityId}`);
    if (issue.resolutionId !== null && !store.resolutions.has(issue.resolutionId)) {
      fail(`${issue.key}: unknown resolution ${issue.resolutionId}`);
    }
    for (const userId of [issue.assigneeId, issue.reporterId, issue.creatorId]) {
      if (userId !== null && !store.users.has(userId)) fail(`${issue.key}: unknown user ${userId}`);
    }
    if (issue.parentId !== null && !store.issues.has(issue.parentId)) fail(`${issue.key}: dangling parent`);
    for (const c of issue.componentIds)
      if (!store.components.has(c)) fail(`${issue.key}: unknown component ${c}`);
    for (const v of issue.fixVersionIds)
      if (!store.versions.has(v)) fail(`${issue.key}: unknown version ${v}`);
    for (const s of issue.sprintIds) if (!store.sprints.has(s)) fail(`${issue.key}: unknown sprint ${s}`);
    if (issue.updated < issue.created) fail(`${issue.key}: updated before created`);
    if (!Array.isArray(issue.labels) || issue.labels.some((l) => typeof l !== "string" || /\s/.test(l))) {
      fail(`${issue.key}: bad labels`);
    }
    if (typeof issue.summary !== "string" || issue.summary.length === 0) fail(`${issue.key}: empty summary`);
  }
  for (const [id, c] of store.comments)
    if (!store.issues.has(c.issueId)) fail(`comment ${id}: dangling issue`);
  for (const [id, w] of store.worklogs)
    if (!store.issues.has(w.issueId)) fail(`worklog ${id}: dangling issue`);
  for (const [id, a] of store.attachments)
    if (!store.issues.has(a.issueId)) fail(`attachment ${id}: dangling issue`);
  for (const [id, l] of store.links) {
    if (!store.issues.has(l.inwardIssueId) || !store.issues.has(l.outwardIssueId))
      fail(`link ${id}: dangling issue`);
    if (!store.linkTypes.has(l.typeId)) fail(`link ${id}: unknown type`);
  }
  for (const [id, s] of store.sprints) if (!store.boards.has(s.boardId)) fail(`sprint ${id}: unknown board`);
  for (const [id, p] of store.pages) {
    if (!store.spaces.has(p.spaceId)) fail(`page ${id}: unknown space`);
    if (p.parentId !== null && !store.pages.has(p.parentId)) fail(`page ${id}: dangling parent`);
    if (p.versions.length === 0) fail(`page ${id}: no version`);
    p.versions.forEach((v, i) => {
      if (v.number !== i + 1) fail(`page ${id}: version ${i + 1} numbered ${v.number}`);
    });
  }
  for (const [id, c] of store.footerComments) {
    if (!store.pages.has(c.pageId)) fail(`footer comment ${id}: dangling page`);
    if (c.parentCommentId !== null && !store.footerComments.has(c.parentCommentId))
      fail(`footer comment ${id}: dangling parent`);
  }
  for (const [id, a] of store.confluenceAttachments)
    if (!store.pages.has(a.pageId)) fail(`attachment ${id}: dangling page`);
  return problems;
}
