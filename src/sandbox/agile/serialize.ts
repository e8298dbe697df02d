/**
 * Response beans of the Jira Software API. Most of its operations declare no response schema, so
 * the shapes follow the spec's examples and what Jira Software sends: sprint dates as ISO-8601
 * instants, numeric ids for boards/sprints/epics, `self` links under `/rest/agile/1.0`.
 */
import type { SandboxContext } from "../context.js";
import { serializeIssue } from "../jira/serialize/issue.js";
import { projectAvatarUrls } from "../jira/serialize/project-ref.js";
import { isDoneStatus } from "../jira/serialize/status.js";
import type { Board, Issue, Sprint, Version } from "../state/model.js";

export const AGILE = "/rest/agile/1.0";
export const SOFTWARE = "/rest/software/1.0";
/** The Rank custom field, as `getConfiguration` reports it. */
export const RANK_FIELD_ID = 10019;
/** The fields Jira Software adds to every issue it returns. */
export const AGILE_FIELDS = ["sprint", "closedSprints", "flagged", "epic"] as const;

const EPIC_TYPE_LEVEL = 1;

export function sprintBean(apiBase: string, sprint: Sprint): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    id: sprint.id,
    self: `${apiBase}${AGILE}/sprint/${sprint.id}`,
    state: sprint.state,
    name: sprint.name,
  };
  if (sprint.startDate !== null) bean.startDate = new Date(sprint.startDate).toISOString();
  if (sprint.endDate !== null) bean.endDate = new Date(sprint.endDate).toISOString();
  if (sprint.completeDate !== null) bean.completeDate = new Date(sprint.completeDate).toISOString();
  bean.createdDate = new Date(sprint.createdDate).toISOString();
  bean.originBoardId = sprint.boardId;
  bean.goal = sprint.goal;
  return bean;
}

/** `Board` (the spec's inline schema: no extra keys). `isPrivate` is a Cloud-only property. */
export function boardBean(ctx: SandboxContext, apiBase: string, board: Board): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    id: board.id,
    self: `${apiBase}${AGILE}/board/${board.id}`,
    name: board.name,
    type: board.type,
  };
  const project = ctx.store.projects.get(board.projectId);
  if (project) {
    const label = `${project.name} (${project.key})`;
    bean.location = {
      projectId: Number(project.id),
      displayName: label,
      projectName: project.name,
      projectKey: project.key,
      projectTypeKey: project.projectTypeKey,
      avatarURI: projectAvatarUrls(apiBase, project)["24x24"],
      name: label,
    };
  }
  if (ctx.options.deployment === "cloud") bean.isPrivate = false;
  return bean;
}

export function isEpic(ctx: SandboxContext, issue: Issue): boolean {
  return ctx.store.issueTypes.get(issue.issueTypeId)?.hierarchyLevel === EPIC_TYPE_LEVEL;
}

export function isSubtask(ctx: SandboxContext, issue: Issue): boolean {
  return ctx.store.issueTypes.get(issue.issueTypeId)?.subtask === true;
}

/** Jira's epic colours are `color_1`..`color_14`; the sandbox derives one from the id so it is stable. */
export function epicColor(issue: Issue): string {
  return `color_${(Number(issue.id) % 14) + 1}`;
}

export function epicBean(ctx: SandboxContext, apiBase: string, epic: Issue): Record<string, unknown> {
  return {
    id: Number(epic.id),
    key: epic.key,
    self: `${apiBase}${AGILE}/epic/${epic.id}`,
    name: epic.summary,
    summary: epic.summary,
    color: { key: epicColor(epic) },
    done: isDoneStatus(ctx, epic.statusId),
  };
}

/** `Version` as `GET /board/{id}/version` lists it (numeric ids, unlike the platform API). */
export function agileVersionBean(apiBase: string, version: Version): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    self: `${apiBase}/rest/api/2/version/${version.id}`,
    id: Number(version.id),
    projectId: Number(version.projectId),
    name: version.name,
    description: version.description,
    archived: version.archived,
    released: version.released,
  };
  if (version.releaseDate) bean.releaseDate = `${version.releaseDate}T00:00:00.000Z`;
  return bean;
}

/** Which agile fields a `fields` parameter asks for: all by default or with `*all`/`*navigable`. */
export function agileFieldSelection(fields: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  const list = fields ?? [];
  const base = list.length === 0 || list.includes("*all") || list.includes("*navigable");
  const onlyExclusions = list.length > 0 && list.every((f) => f.startsWith("-"));
  for (const name of AGILE_FIELDS) {
    if ((base || onlyExclusions) && !list.includes(`-${name}`)) out.add(name);
    else if (list.includes(name)) out.add(name);
  }
  return out;
}

export interface AgileIssueOptions {
  fields: string[] | undefined;
  expand: string[];
  callerId: string;
  /** Precomputed `agileFieldSelection(fields)`, so listings resolve it once per request. */
  agile: Set<string>;
}

/**
 * An issue as the agile API returns it: the platform bean in its v2 form (Jira Software builds its
 * issue beans from the v2 REST layer, so rich text is wiki markup), `self` under the agile API, and
 * the agile fields `sprint`, `closedSprints`, `flagged` and `epic`.
 */
export function agileIssueBean(
  ctx: SandboxContext,
  apiBase: string,
  issue: Issue,
  options: AgileIssueOptions,
): Record<string, unknown> {
  const bean = serializeIssue(ctx, apiBase, issue, {
    fields: options.fields,
    expand: options.expand,
    apiVersion: 2,
    defaultFields: "*navigable",
    callerId: options.callerId,
  });
  bean.self = `${apiBase}${AGILE}/issue/${issue.id}`;
  const fields = bean.fields as Record<string, unknown> | undefined;
  if (!fields || options.agile.size === 0) return bean;
  const store = ctx.store;
  if (options.agile.has("sprint")) {
    const current = store.currentSprint(issue);
    fields.sprint = current ? sprintBean(apiBase, current) : null;
  }
  if (options.agile.has("closedSprints")) {
    const closed: unknown[] = [];
    for (const id of issue.sprintIds) {
      const s = store.sprints.get(id);
      if (s && s.state === "closed") closed.push(sprintBean(apiBase, s));
    }
    if (closed.length > 0) fields.closedSprints = closed;
  }
  if (options.agile.has("flagged")) fields.flagged = false;
  if (options.agile.has("epic")) {
    const parent = issue.parentId ? store.issues.get(issue.parentId) : undefined;
    fields.epic = parent && isEpic(ctx, parent) ? epicBean(ctx, apiBase, parent) : null;
  }
  return bean;
}
