/**
 * Consistency checks over a seeded store, shared by the seed tests (and usable by anyone who wants
 * to assert that a mutated store is still coherent). Returns human-readable problems; none is good.
 */
import type { AdfDoc } from "../state/model.js";
import type { Store } from "../state/store.js";

/** Every ADF document in the store, labelled by where it lives. */
export function collectAdfDocs(store: Store): Array<{ where: string; doc: AdfDoc }> {
  const out: Array<{ where: string; doc: AdfDoc }> = [];
  for (const i of store.issues.values()) {
    if (i.description) out.push({ where: `${i.key} description`, doc: i.description });
    if (i.environment) out.push({ where: `${i.key} environment`, doc: i.environment });
  }
  for (const c of store.comments.values()) out.push({ where: `comment ${c.id}`, doc: c.body });
  for (const w of store.worklogs.values())
    if (w.comment) out.push({ where: `worklog ${w.id}`, doc: w.comment });
  for (const p of store.pages.values()) {
    for (const v of p.versions) out.push({ where: `page ${p.id} v${v.number}`, doc: v.body });
  }
  for (const c of store.footerComments.values()) {
    for (const v of c.versions) out.push({ where: `footer comment ${c.id} v${v.number}`, doc: v.body });
  }
  return out;
}

export function checkInvariants(store: Store, now: number): string[] {
  const problems: string[] = [];
  const fail = (message: string) => {
    if (problems.length < 50) problems.push(message);
  };
  const user = (id: string | null, where: string) => {
    if (id !== null && !store.users.has(id)) fail(`${where}: unknown user ${id}`);
  };

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
    if (board?.type !== "scrum") fail(`sprint ${s.id}: board`);
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
  const keys = new Set<string>();
  const summaries = new Set<string>();
  const maxNumber = new Map<string, number>();
  for (const i of store.issues.values()) {
    const where = `issue ${i.key}`;
    const project = store.projects.get(i.projectId);
    if (!project) {
      fail(`${where}: project`);
      continue;
    }
    if (keys.has(i.key)) fail(`${where}: duplicate key`);
    keys.add(i.key);
    if (store.issueKeys.get(i.key.toUpperCase()) !== i.id) fail(`${where}: issueKeys index`);
    const [prefix, number] = i.key.split("-");
    if (prefix !== project.key) fail(`${where}: key prefix`);
    maxNumber.set(prefix, Math.max(maxNumber.get(prefix) ?? 0, Number(number)));
    const summaryKey = `${project.key}\u0000${i.summary}`;
    if (summaries.has(summaryKey)) fail(`${where}: duplicate summary "${i.summary}"`);
    summaries.add(summaryKey);

    if (!project.issueTypeIds.includes(i.issueTypeId)) fail(`${where}: issue type`);
    if (!store.statuses.has(i.statusId)) fail(`${where}: status`);
    if (!store.priorities.has(i.priorityId)) fail(`${where}: priority`);
    if (i.resolutionId !== null && !store.resolutions.has(i.resolutionId)) fail(`${where}: resolution`);
    user(i.assigneeId, `${where} assignee`);
    user(i.reporterId, `${where} reporter`);
    user(i.creatorId, `${where} creator`);
    for (const w of i.watcherIds) user(w, `${where} watcher`);
    if (new Set(i.watcherIds).size !== i.watcherIds.length) fail(`${where}: duplicate watchers`);
    for (const c of i.componentIds)
      if (store.components.get(c)?.projectId !== i.projectId) fail(`${where}: comp`);
    for (const v of i.fixVersionIds)
      if (store.versions.get(v)?.projectId !== i.projectId) fail(`${where}: version`);

    const type = store.issueTypes.get(i.issueTypeId)!;
    if (i.parentId !== null) {
      const parent = store.issues.get(i.parentId);
      const parentType = parent && store.issueTypes.get(parent.issueTypeId);
      if (!parent || !parentType) fail(`${where}: parent missing`);
      else if (parent.projectId !== i.projectId) fail(`${where}: parent in another project`);
      else if (parentType.hierarchyLevel !== type.hierarchyLevel + 1) fail(`${where}: parent level`);
    } else if (type.subtask) fail(`${where}: sub-task without parent`);

    for (const [n, sid] of i.sprintIds.entries()) {
      const sprint = store.sprints.get(sid);
      if (!sprint) {
        fail(`${where}: sprint ${sid}`);
        continue;
      }
      if (store.boards.get(sprint.boardId)?.projectId !== i.projectId)
        fail(`${where}: sprint of another project`);
      if (n < i.sprintIds.length - 1 && sprint.state !== "closed")
        fail(`${where}: non-closed sprint in history`);
    }

    const done = store.statusCategoryOf(i.statusId).key === "done";
    if (done !== (i.resolutionId !== null) || done !== (i.resolutionDate !== null)) {
      fail(`${where}: status/resolution mismatch`);
    }
    if (!(i.created <= i.updated && i.updated <= now)) fail(`${where}: created/updated`);
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
    if (!issue) fail(`comment ${c.id}: issue`);
    else if (c.created < issue.created || c.updated < c.created || c.updated > now)
      fail(`comment ${c.id}: dates`);
    user(c.authorId, `comment ${c.id}`);
    user(c.updateAuthorId, `comment ${c.id}`);
  }
  for (const w of store.worklogs.values()) {
    const issue = store.issues.get(w.issueId);
    if (!issue) fail(`worklog ${w.id}: issue`);
    else if (w.started < issue.created || w.created > now || w.timeSpentSeconds <= 0) fail(`worklog ${w.id}`);
    user(w.authorId, `worklog ${w.id}`);
  }
  for (const l of store.links.values()) {
    if (!store.linkTypes.has(l.typeId)) fail(`link ${l.id}: type`);
    if (!store.issues.has(l.inwardIssueId) || !store.issues.has(l.outwardIssueId))
      fail(`link ${l.id}: issue`);
    if (l.inwardIssueId === l.outwardIssueId) fail(`link ${l.id}: self link`);
  }
  for (const a of store.attachments.values()) {
    const issue = store.issues.get(a.issueId);
    if (!issue) fail(`attachment ${a.id}: issue`);
    else if (a.created < issue.created || a.created > now) fail(`attachment ${a.id}: date`);
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
    if (!store.spaces.has(p.spaceId)) fail(`${where}: space`);
    if (p.parentId !== null) {
      const parent = store.pages.get(p.parentId);
      if (!parent || parent.spaceId !== p.spaceId) fail(`${where}: parent`);
      else if (parent.createdAt > p.createdAt) fail(`${where}: created before its parent`);
    }
    user(p.ownerId, where);
    user(p.authorId, where);
    for (const l of p.labelIds) if (!store.confluenceLabels.has(l)) fail(`${where}: label ${l}`);
    if (p.versions.length === 0) fail(`${where}: no versions`);
    p.versions.forEach((v, n) => {
      user(v.authorId, `${where} v${v.number}`);
      if (v.number !== n + 1) fail(`${where}: version numbering`);
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
    if (!page) fail(`footer comment ${c.id}: page`);
    else if (c.createdAt < page.createdAt || c.createdAt > now) fail(`footer comment ${c.id}: date`);
    if (c.parentCommentId !== null && store.footerComments.get(c.parentCommentId)?.pageId !== c.pageId) {
      fail(`footer comment ${c.id}: parent`);
    }
    user(c.authorId, `footer comment ${c.id}`);
  }
  for (const a of store.confluenceAttachments.values()) {
    if (!store.pages.has(a.pageId)) fail(`attachment ${a.id}: page`);
    if (!/^att\d+$/.test(a.id)) fail(`attachment ${a.id}: id`);
    user(a.authorId, `attachment ${a.id}`);
  }
  for (const l of store.confluenceLabels.values()) if (l.prefix !== "global") fail(`label ${l.id}: prefix`);
  return problems;
}

/** Depth of the deepest page in a space (the homepage alone is depth 1). */
export function pageTreeDepth(store: Store, spaceId: string): number {
  let max = 0;
  for (const p of store.pages.values()) {
    if (p.spaceId !== spaceId) continue;
    let depth = 1;
    for (let cur = p; cur.parentId !== null; depth++) cur = store.pages.get(cur.parentId)!;
    max = Math.max(max, depth);
  }
  return max;
}
