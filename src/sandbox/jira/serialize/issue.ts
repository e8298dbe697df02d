/**
 * The IssueBean serializer shared by the issue, search, agile and directory routes. One function so
 * every endpoint that returns issues agrees on field shapes, `fields` selection and expansions.
 */
import type { SandboxContext } from "../../context.js";
import type { Issue, IssueLink, Sprint } from "../../state/model.js";
import { attachmentBean } from "./attachment.js";
import { commentBean } from "./comment.js";
import { formatDuration } from "./duration.js";
import { fieldMetadata } from "./field-meta.js";
import { FIELD_BY_ID, resolveFieldSelection, SPRINT_FIELD, STORY_POINTS_FIELD } from "./fields.js";
import { attachmentsOf, childrenOf, commentsOf, linksOf, worklogsOf } from "./indexes.js";
import { issueTypeRef } from "./issuetype.js";
import { priorityRefById, resolutionRef } from "./priority.js";
import { componentRef, projectRef, versionRef } from "./project-ref.js";
import { type ApiVersion, restBase } from "./refs.js";
import { renderHtml, richOut } from "./rich-text.js";
import { statusRef } from "./status.js";
import { availableTransitions, transitionBean } from "./transition.js";
import { jiraTime } from "./user.js";
import { userDetailsRef as userRef } from "./user-details.js";
import { worklogBean } from "./worklog.js";

export { issueTypeBean, issueTypeRef } from "./issuetype.js";
export {
  defaultPriority,
  priorityBean,
  priorityRef,
  priorityRefById,
  resolutionBean,
  resolutionRef,
} from "./priority.js";
export { componentRef, projectRef, versionRef } from "./project-ref.js";
export type { ApiVersion } from "./refs.js";
export { isDoneStatus, statusBean, statusCategoryBean, statusRef } from "./status.js";

export interface SerializeIssueOptions {
  /** Jira's `fields` parameter, already split on commas. Absent = `*all` (GET issue's default). */
  fields?: string[];
  /** Jira's `expand` parameter, already split on commas. */
  expand?: string[];
  apiVersion: ApiVersion;
  /** Base for a bare or exclusion-only `fields` list: `*all` for GET issue, `*navigable` for search. */
  defaultFields?: "*all" | "*navigable";
  /** The caller, for `watches.isWatching`. */
  callerId?: string;
}

const ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations";
/** Jira embeds at most this many worklogs in `fields.worklog`; clients page the rest. */
const EMBEDDED_WORKLOGS = 20;
const EMBEDDED_COMMENTS = 5000;

/** `self` of an issue: Jira links issues by numeric id. */
export function issueSelf(apiBase: string, issue: Issue, apiVersion: ApiVersion): string {
  return `${restBase(apiBase, apiVersion)}/issue/${issue.id}`;
}

/**
 * An issue as other issues reference it (parent, subtasks, links): id, key, self and the few
 * fields Jira includes there (summary, status, priority, issuetype; the `Fields` schema forbids more).
 */
export function linkedIssueRef(
  ctx: SandboxContext,
  apiBase: string,
  issue: Issue,
  apiVersion: ApiVersion,
): Record<string, unknown> {
  const fields: Record<string, unknown> = { summary: issue.summary };
  const status = statusRef(ctx, apiBase, issue.statusId, apiVersion);
  if (status) fields.status = status;
  const priority = priorityRefById(ctx, apiBase, issue.priorityId, apiVersion);
  if (priority) fields.priority = priority;
  const type = issueTypeRef(ctx, apiBase, issue.issueTypeId, apiVersion);
  if (type) fields.issuetype = type;
  return { id: issue.id, key: issue.key, self: issueSelf(apiBase, issue, apiVersion), fields };
}

/** `IssueLinkType` bean. */
export function linkTypeBean(
  apiBase: string,
  type: { id: string; name: string; inward: string; outward: string },
  apiVersion: ApiVersion,
) {
  return {
    id: type.id,
    name: type.name,
    inward: type.inward,
    outward: type.outward,
    self: `${restBase(apiBase, apiVersion)}/issueLinkType/${type.id}`,
  };
}

/**
 * A link as seen from one issue (`fields.issuelinks`): only the other end is included, under
 * `outwardIssue` when this issue is the inward one and vice versa. Without `from`, both ends
 * (`GET /issueLink/{id}`).
 */
export function issueLinkBean(
  ctx: SandboxContext,
  apiBase: string,
  link: IssueLink,
  apiVersion: ApiVersion,
  from?: string,
): Record<string, unknown> | null {
  const type = ctx.store.linkTypes.get(link.typeId);
  const inward = ctx.store.issues.get(link.inwardIssueId);
  const outward = ctx.store.issues.get(link.outwardIssueId);
  if (!type || !inward || !outward) return null;
  const bean: Record<string, unknown> = {
    id: link.id,
    self: `${restBase(apiBase, apiVersion)}/issueLink/${link.id}`,
    type: linkTypeBean(apiBase, type, apiVersion),
  };
  if (from === undefined || from === link.outwardIssueId)
    bean.inwardIssue = linkedIssueRef(ctx, apiBase, inward, apiVersion);
  if (from === undefined || from === link.inwardIssueId)
    bean.outwardIssue = linkedIssueRef(ctx, apiBase, outward, apiVersion);
  return bean;
}

/** The sprint field's item (Cloud's JSON form, as `customfield_10020` returns it). */
export function sprintFieldBean(sprint: Sprint): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    boardId: sprint.boardId,
    goal: sprint.goal,
  };
  if (sprint.startDate !== null) bean.startDate = new Date(sprint.startDate).toISOString();
  if (sprint.endDate !== null) bean.endDate = new Date(sprint.endDate).toISOString();
  if (sprint.completeDate !== null) bean.completeDate = new Date(sprint.completeDate).toISOString();
  return bean;
}

/** Seconds logged on an issue. */
export function timeSpentSeconds(ctx: SandboxContext, issue: Issue): number {
  let total = 0;
  for (const w of worklogsOf(ctx.store, issue.id)) total += w.timeSpentSeconds;
  return total;
}

function timetracking(ctx: SandboxContext, issue: Issue): Record<string, unknown> {
  const spent = timeSpentSeconds(ctx, issue);
  const original = issue.timeOriginalEstimate;
  if (original === null && spent === 0) return {};
  const out: Record<string, unknown> = {};
  if (original !== null) {
    const remaining = Math.max(0, original - spent);
    out.originalEstimate = formatDuration(original);
    out.remainingEstimate = formatDuration(remaining);
    out.originalEstimateSeconds = original;
    out.remainingEstimateSeconds = remaining;
  }
  if (spent > 0) {
    out.timeSpent = formatDuration(spent);
    out.timeSpentSeconds = spent;
  }
  return out;
}

/** Sub-tasks of an issue: children whose type is a sub-task type. */
export function subtasksOf(ctx: SandboxContext, issue: Issue): Issue[] {
  return childrenOf(ctx.store, issue.id).filter(
    (other) => ctx.store.issueTypes.get(other.issueTypeId)?.subtask,
  );
}

/** One field's value, or `undefined` for ids the sandbox does not know (Jira silently omits those). */
function fieldValue(
  ctx: SandboxContext,
  apiBase: string,
  issue: Issue,
  id: string,
  apiVersion: ApiVersion,
  callerId: string | undefined,
): unknown {
  const store = ctx.store;
  const root = restBase(apiBase, apiVersion);
  switch (id) {
    case "summary":
      return issue.summary;
    case "description":
      return richOut(issue.description, apiVersion);
    case "environment":
      return richOut(issue.environment, apiVersion);
    case "status":
      return statusRef(ctx, apiBase, issue.statusId, apiVersion);
    case "priority":
      return priorityRefById(ctx, apiBase, issue.priorityId, apiVersion);
    case "issuetype":
      return issueTypeRef(ctx, apiBase, issue.issueTypeId, apiVersion);
    case "project": {
      const p = store.projects.get(issue.projectId);
      return p ? projectRef(ctx, apiBase, p, apiVersion) : null;
    }
    case "resolution":
      return resolutionRef(ctx, apiBase, issue.resolutionId, apiVersion);
    case "assignee":
      return userRef(ctx, apiBase, issue.assigneeId);
    case "reporter":
      return userRef(ctx, apiBase, issue.reporterId);
    case "creator":
      return userRef(ctx, apiBase, issue.creatorId);
    case "labels":
      return [...issue.labels];
    case "components": {
      const out: unknown[] = [];
      for (const cid of issue.componentIds) {
        const c = store.components.get(cid);
        if (c) out.push(componentRef(apiBase, c, apiVersion));
      }
      return out;
    }
    case "fixVersions": {
      const out: unknown[] = [];
      for (const vid of issue.fixVersionIds) {
        const v = store.versions.get(vid);
        if (v) out.push(versionRef(apiBase, v, apiVersion));
      }
      return out;
    }
    case "parent": {
      const parent = issue.parentId ? store.issues.get(issue.parentId) : undefined;
      return parent ? linkedIssueRef(ctx, apiBase, parent, apiVersion) : undefined;
    }
    case "subtasks":
      return subtasksOf(ctx, issue).map((s) => linkedIssueRef(ctx, apiBase, s, apiVersion));
    case "issuelinks": {
      const out: unknown[] = [];
      for (const link of linksOf(store, issue.id)) {
        const bean = issueLinkBean(ctx, apiBase, link, apiVersion, issue.id);
        if (bean) out.push(bean);
      }
      return out;
    }
    case "attachment":
      return attachmentsOf(store, issue.id).map((a) => attachmentBean(ctx, apiBase, a, apiVersion));
    case "comment": {
      const all = commentsOf(store, issue.id);
      const shown = all.slice(0, EMBEDDED_COMMENTS);
      return {
        comments: shown.map((cm) => commentBean(ctx, apiBase, cm, apiVersion)),
        self: `${root}/issue/${issue.id}/comment`,
        maxResults: shown.length,
        total: all.length,
        startAt: 0,
      };
    }
    case "worklog": {
      const all = worklogsOf(store, issue.id);
      const shown = all.slice(0, EMBEDDED_WORKLOGS);
      return {
        startAt: 0,
        maxResults: EMBEDDED_WORKLOGS,
        total: all.length,
        worklogs: shown.map((w) => worklogBean(ctx, apiBase, w, apiVersion)),
      };
    }
    case "watches":
      return {
        self: `${root}/issue/${issue.key}/watchers`,
        watchCount: issue.watcherIds.length,
        isWatching: callerId !== undefined && issue.watcherIds.includes(callerId),
      };
    case "created":
      return jiraTime(issue.created);
    case "updated":
      return jiraTime(issue.updated);
    case "resolutiondate":
      return issue.resolutionDate === null ? null : jiraTime(issue.resolutionDate);
    case "duedate":
      return issue.dueDate;
    case "timetracking":
      return timetracking(ctx, issue);
    case "timeoriginalestimate":
      return issue.timeOriginalEstimate;
    case "timespent": {
      const spent = timeSpentSeconds(ctx, issue);
      return spent === 0 ? null : spent;
    }
    case SPRINT_FIELD: {
      const out: unknown[] = [];
      for (const sid of issue.sprintIds) {
        const s = store.sprints.get(sid);
        if (s) out.push(sprintFieldBean(s));
      }
      return out.length > 0 ? out : null;
    }
    case STORY_POINTS_FIELD:
      return issue.storyPoints;
    default:
      return undefined;
  }
}

/**
 * An `IssueBean`. `fields` follows Jira's `fields` parameter semantics (see `resolveFieldSelection`);
 * `expand` supports renderedFields, names, schema, transitions, editmeta, changelog, operations and
 * versionedRepresentations. Only properties the spec's `IssueBean` defines are emitted.
 */
export function serializeIssue(
  ctx: SandboxContext,
  apiBase: string,
  issue: Issue,
  options: SerializeIssueOptions,
): Record<string, unknown> {
  const { apiVersion } = options;
  const selected = resolveFieldSelection(options.fields, options.defaultFields ?? "*all");
  const expand = new Set(options.expand ?? []);
  const fields: Record<string, unknown> = {};
  for (const id of selected) {
    const value = fieldValue(ctx, apiBase, issue, id, apiVersion, options.callerId);
    if (value !== undefined) fields[id] = value;
  }
  const bean: Record<string, unknown> = {
    expand: ISSUE_EXPAND,
    id: issue.id,
    self: issueSelf(apiBase, issue, apiVersion),
    key: issue.key,
  };
  if (expand.has("renderedFields")) bean.renderedFields = renderedFields(ctx, issue, fields);
  if (expand.has("names")) {
    const names: Record<string, string> = {};
    for (const id of Object.keys(fields)) {
      const def = FIELD_BY_ID.get(id);
      if (def) names[id] = def.name;
    }
    bean.names = names;
  }
  if (expand.has("schema")) {
    const schema: Record<string, unknown> = {};
    for (const id of Object.keys(fields)) {
      const def = FIELD_BY_ID.get(id);
      if (def) schema[id] = { ...def.schema };
    }
    bean.schema = schema;
  }
  if (expand.has("transitions")) {
    const withFields = expand.has("transitions.fields");
    bean.transitions = availableTransitions(ctx, issue).map((t) =>
      transitionBean(ctx, apiBase, issue, t, apiVersion, withFields),
    );
  }
  if (expand.has("operations")) bean.operations = { linkGroups: [] };
  if (expand.has("editmeta")) bean.editmeta = editMeta(ctx, apiBase, issue, apiVersion);
  if (expand.has("changelog")) bean.changelog = { startAt: 0, maxResults: 0, total: 0, histories: [] };
  if (expand.has("versionedRepresentations")) {
    const versioned: Record<string, Record<string, unknown>> = {};
    for (const [id, value] of Object.entries(fields)) versioned[id] = { "1": value };
    bean.versionedRepresentations = versioned;
  } else {
    bean.fields = fields;
  }
  return bean;
}

function renderedFields(
  ctx: SandboxContext,
  issue: Issue,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of Object.keys(fields)) {
    switch (id) {
      case "description":
        out.description = issue.description ? renderHtml(issue.description) : null;
        break;
      case "environment":
        out.environment = issue.environment ? renderHtml(issue.environment) : null;
        break;
      case "comment": {
        const page = fields.comment as { comments: Array<Record<string, unknown>> };
        const comments = commentsOf(ctx.store, issue.id);
        out.comment = {
          ...page,
          comments: page.comments.map((c, i) => ({ ...c, body: renderHtml(comments[i]?.body ?? null) })),
        };
        break;
      }
      default:
        out[id] = null;
    }
  }
  return out;
}

/** `IssueUpdateMetadata`: the fields an edit may touch. */
export function editMeta(ctx: SandboxContext, apiBase: string, issue: Issue, apiVersion: ApiVersion) {
  const fields: Record<string, unknown> = {};
  for (const def of FIELD_BY_ID.values()) {
    if (!def.settable || def.id === "project") continue;
    fields[def.id] = fieldMetadata(ctx, apiBase, def, issue.projectId, issue.issueTypeId, apiVersion, {
      required: def.id === "summary" || def.id === "issuetype",
    });
  }
  return { fields };
}
