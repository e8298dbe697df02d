import type { Store } from "./store.js";

/** Collects problems, stopping at 50 so a badly broken store still gives a readable report. */
function problemList(): { problems: string[]; fail: (message: string) => void } {
  const problems: string[] = [];
  return {
    problems,
    fail: (message) => {
      if (problems.length < 50) problems.push(message);
    },
  };
}

/** Reports a user reference that names no user (`null` means "nobody" and is fine). */
function userCheck(store: Store, fail: (message: string) => void) {
  return (id: string | null, where: string) => {
    if (id !== null && !store.users.has(id)) fail(`${where}: unknown user ${id}`);
  };
}

/**
 * Referential and semantic integrity of the whole store. The fuzz test runs this after thousands of
 * random requests: whatever the input, the state must stay consistent. Returns human-readable
 * problems; none is good.
 */
export function checkInvariants(store: Store): string[] {
  const { problems, fail } = problemList();
  const user = userCheck(store, fail);
  const keys = new Set<string>();
  for (const [id, issue] of store.issues) {
    const where = `issue ${issue.key}`;
    if (issue.id !== id) fail(`issue map key ${id} holds issue ${issue.id}`);
    if (keys.has(issue.key)) fail(`${where}: duplicate key`);
    keys.add(issue.key);
    if (store.issueKeys.get(issue.key.toUpperCase()) !== id) fail(`${where}: issueKeys index`);
    if (!store.projects.has(issue.projectId)) fail(`${where}: unknown project ${issue.projectId}`);
    if (!store.issueTypes.has(issue.issueTypeId)) fail(`${where}: unknown issue type ${issue.issueTypeId}`);
    if (!store.statuses.has(issue.statusId)) fail(`${where}: unknown status ${issue.statusId}`);
    if (!store.priorities.has(issue.priorityId)) fail(`${where}: unknown priority ${issue.priorityId}`);
    if (issue.resolutionId !== null && !store.resolutions.has(issue.resolutionId)) {
      fail(`${where}: unknown resolution ${issue.resolutionId}`);
    }
    user(issue.assigneeId, `${where} assignee`);
    user(issue.reporterId, `${where} reporter`);
    user(issue.creatorId, `${where} creator`);
    if (issue.parentId !== null && !store.issues.has(issue.parentId)) fail(`${where}: dangling parent`);
    for (const c of issue.componentIds)
      if (!store.components.has(c)) fail(`${where}: unknown component ${c}`);
    for (const v of issue.fixVersionIds) if (!store.versions.has(v)) fail(`${where}: unknown version ${v}`);
    for (const s of issue.sprintIds) if (!store.sprints.has(s)) fail(`${where}: unknown sprint ${s}`);
    if (issue.updated < issue.created) fail(`${where}: updated before created`);
    if (!Array.isArray(issue.labels) || issue.labels.some((l) => typeof l !== "string" || /\s/.test(l))) {
      fail(`${where}: bad labels`);
    }
    if (typeof issue.summary !== "string" || issue.summary.length === 0) fail(`${where}: empty summary`);
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

/**
 * {@link checkInvariants} plus what a freshly seeded store promises beyond that: plausible dates up
 * to the seed's clock `now`, one active sprint per scrum board, unique summaries and titles, every
 * reference of the reference data resolved. Random requests may legitimately break these (close
 * every sprint, reuse a summary), which is why the fuzz test does not ask for them.
 */
export function checkSeededInvariants(store: Store, now: number): string[] {
  const { problems, fail } = problemList();
  const user = userCheck(store, fail);
  for (const problem of checkInvariants(store)) fail(problem);

  // Reference data and users.
  for (const s of store.statuses.values()) {
    if (!store.statusCategories.has(s.categoryId)) fail(`status ${s.id}: unknown category`);
  }
  for (const t of store.transitions)
    if (!store.statuses.has(t.toStatusId)) fail(`transition ${t.id}: bad status`);
  for (const u of store.users.values()) {
    for (const g of u.groups) if (!store.groups.has(g)) fail(`user ${u.name}: unknown group ${g}`);
  }
  for (const r of store.applicationRoles.values()) {
    for (const g of [...r.groups, ...r.defaultGroups])
      if (!store.groups.has(g)) fail(`role ${r.key}: group ${g}`);
  }

  // Projects and their parts.
  for (const p of store.projects.values()) {
    user(p.leadAccountId, `project ${p.key} lead`);
    if (p.categoryId !== null && !store.projectCategories.has(p.categoryId))
      fail(`project ${p.key}: category`);
    for (const t of p.issueTypeIds) if (!store.issueTypes.has(t)) fail(`project ${p.key}: issue type ${t}`);
    for (const [role, actors] of Object.entries(p.roleActors)) {
      if (!store.projectRoles.has(Number(role))) fail(`project ${p.key}: role ${role}`);
      for (const a of actors) user(a, `project ${p.key} role ${role}`);
    }
  }
  for (const c of store.components.values()) {
    if (!store.projects.has(c.projectId)) fail(`component ${c.id}: project`);
    user(c.leadAccountId, `component ${c.id}`);
  }
  for (const v of store.versions.values()) {
    if (!store.projects.has(v.projectId)) fail(`version ${v.id}: project`);
    if (v.startDate && v.releaseDate && v.startDate > v.releaseDate) fail(`version ${v.id}: dates`);
  }

  // Agile.
  for (const b of store.boards.values()) if (!store.projects.has(b.projectId)) fail(`board ${b.id}: project`);
  for (const s of store.sprints.values()) {
    const board = store.boards.get(s.boardId);
    if (board && board.type !== "scrum") fail(`sprint ${s.id}: board`);
    if (s.state === "closed" && (s.completeDate === null || s.startDate === null))
      fail(`sprint ${s.id}: dates`);
    if (s.state !== "closed" && s.completeDate !== null) fail(`sprint ${s.id}: completeDate`);
    if (s.startDate !== null && s.endDate !== null && s.startDate >= s.endDate)
      fail(`sprint ${s.id}: start>=end`);
    if (s.completeDate !== null && s.startDate !== null && s.completeDate < s.startDate)
      fail(`sprint ${s.id}`);
  }
  for (const b of store.boards.values()) {
    if (b.type !== "scrum") continue;
    const active = [...store.sprints.values()].filter((s) => s.boardId === b.id && s.state === "active");
    if (active.length !== 1) fail(`board ${b.id}: ${active.length} active sprints`);
  }

  // Issues.
  const summaries = new Set<string>();
  const maxNumber = new Map<string, number>();
  for (const i of store.issues.values()) {
    const where = `issue ${i.key}`;
    const project = store.projects.get(i.projectId);
    const type = store.issueTypes.get(i.issueTypeId);
    if (!project || !type) continue;
    const [prefix, number] = i.key.split("-");
    if (prefix !== project.key) fail(`${where}: key prefix`);
    maxNumber.set(prefix, Math.max(maxNumber.get(prefix) ?? 0, Number(number)));
    const summaryKey = `${project.key}\u0000${i.summary}`;
    if (summaries.has(summaryKey)) fail(`${where}: duplicate summary "${i.summary}"`);
    summaries.add(summaryKey);

    if (!project.issueTypeIds.includes(i.issueTypeId)) fail(`${where}: issue type`);
    for (const w of i.watcherIds) user(w, `${where} watcher`);
    if (new Set(i.watcherIds).size !== i.watcherIds.length) fail(`${where}: duplicate watchers`);
    for (const c of i.componentIds) {
      const component = store.components.get(c);
      if (component && component.projectId !== i.projectId) fail(`${where}: comp`);
    }
    for (const v of i.fixVersionIds) {
      const version = store.versions.get(v);
      if (version && version.projectId !== i.projectId) fail(`${where}: version`);
    }

    if (i.parentId !== null) {
      const parent = store.issues.get(i.parentId);
      const parentType = parent && store.issueTypes.get(parent.issueTypeId);
      if (parent && !parentType) fail(`${where}: parent missing`);
      else if (parent && parent.projectId !== i.projectId) fail(`${where}: parent in another project`);
      else if (parentType && parentType.hierarchyLevel !== type.hierarchyLevel + 1)
        fail(`${where}: parent level`);
    } else if (type.subtask) fail(`${where}: sub-task without parent`);

    for (const [n, sid] of i.sprintIds.entries()) {
      const sprint = store.sprints.get(sid);
      if (!sprint) continue;
      if (store.boards.get(sprint.boardId)?.projectId !== i.projectId)
        fail(`${where}: sprint of another project`);
      if (n < i.sprintIds.length - 1 && sprint.state !== "closed")
        fail(`${where}: non-closed sprint in history`);
    }

    const done = store.statusCategoryOf(i.statusId).key === "done";
    if (done !== (i.resolutionId !== null) || done !== (i.resolutionDate !== null)) {
      fail(`${where}: status/resolution mismatch`);
    }
    if (i.updated > now) fail(`${where}: updated in the future`);
    if (i.resolutionDate !== null && !(i.created <= i.resolutionDate && i.resolutionDate <= i.updated)) {
      fail(`${where}: resolution date`);
    }
    if (i.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(i.dueDate)) fail(`${where}: due date`);
  }
  for (const [prefix, max] of maxNumber) {
    if (store.projectCounters.get(prefix) !== max + 1) fail(`project ${prefix}: counter`);
  }

  for (const c of store.comments.values()) {
    const issue = store.issues.get(c.issueId);
    if (issue && (c.created < issue.created || c.updated < c.created || c.updated > now))
      fail(`comment ${c.id}: dates`);
    user(c.authorId, `comment ${c.id}`);
    user(c.updateAuthorId, `comment ${c.id}`);
  }
  for (const w of store.worklogs.values()) {
    const issue = store.issues.get(w.issueId);
    if (issue && (w.started < issue.created || w.created > now || w.timeSpentSeconds <= 0))
      fail(`worklog ${w.id}`);
    user(w.authorId, `worklog ${w.id}`);
  }
  for (const l of store.links.values()) {
    if (l.inwardIssueId === l.outwardIssueId) fail(`link ${l.id}: self link`);
  }
  for (const a of store.attachments.values()) {
    const issue = store.issues.get(a.issueId);
    if (issue && (a.created < issue.created || a.created > now)) fail(`attachment ${a.id}: date`);
    user(a.authorId, `attachment ${a.id}`);
    if (a.content.length === 0) fail(`attachment ${a.id}: empty`);
  }

  // Site.
  for (const p of store.plans.values()) {
    user(p.leadAccountId, `plan ${p.id}`);
    for (const s of p.issueSources) {
      if (s.type === "Project" && !store.projects.has(String(s.value)))
        fail(`plan ${p.id}: project ${s.value}`);
      if (s.type === "Board" && !store.boards.has(s.value)) fail(`plan ${p.id}: board ${s.value}`);
    }
  }
  let lastAudit = { id: 0, created: Number.NEGATIVE_INFINITY };
  for (const a of store.auditRecords) {
    user(a.authorAccountId, `audit ${a.id}`);
    if (a.id <= lastAudit.id || a.created < lastAudit.created) fail(`audit ${a.id}: order`);
    if (a.created > now) fail(`audit ${a.id}: future`);
    lastAudit = a;
  }

  // Confluence.
  for (const s of store.spaces.values()) {
    user(s.authorId, `space ${s.key}`);
    const home = s.homepageId === null ? undefined : store.pages.get(s.homepageId);
    if (!home || home.spaceId !== s.id || home.parentId !== null) fail(`space ${s.key}: homepage`);
    for (const l of s.labelIds) if (!store.confluenceLabels.has(l)) fail(`space ${s.key}: label ${l}`);
  }
  const titles = new Set<string>();
  for (const p of store.pages.values()) {
    const where = `page ${p.id}`;
    const parent = p.parentId === null ? undefined : store.pages.get(p.parentId);
    if (parent && parent.spaceId !== p.spaceId) fail(`${where}: parent`);
    else if (parent && parent.createdAt > p.createdAt) fail(`${where}: created before its parent`);
    user(p.ownerId, where);
    user(p.authorId, where);
    for (const l of p.labelIds) if (!store.confluenceLabels.has(l)) fail(`${where}: label ${l}`);
    p.versions.forEach((v, n) => {
      user(v.authorId, `${where} v${v.number}`);
      const previous = p.versions[n - 1];
      if (previous && previous.createdAt > v.createdAt) fail(`${where}: version order`);
      if (v.createdAt > now) fail(`${where}: future version`);
    });
    if (p.versions[0] && p.versions[0].createdAt !== p.createdAt) fail(`${where}: createdAt`);
    const title = `${p.spaceId}\u0000${p.versions[p.versions.length - 1]?.title}`;
    if (titles.has(title)) fail(`${where}: duplicate title in space`);
    titles.add(title);
  }
  for (const c of store.footerComments.values()) {
    const page = store.pages.get(c.pageId);
    if (page && (c.createdAt < page.createdAt || c.createdAt > now)) fail(`footer comment ${c.id}: date`);
    if (c.parentCommentId !== null) {
      const parent = store.footerComments.get(c.parentCommentId);
      if (parent && parent.pageId !== c.pageId) fail(`footer comment ${c.id}: parent`);
    }
    user(c.authorId, `footer comment ${c.id}`);
  }
  for (const a of store.confluenceAttachments.values()) {
    if (!/^att\d+$/.test(a.id)) fail(`attachment ${a.id}: id`);
    user(a.authorId, `attachment ${a.id}`);
  }
  for (const l of store.confluenceLabels.values()) if (l.prefix !== "global") fail(`label ${l.id}: prefix`);
  return problems;
}
