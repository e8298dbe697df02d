import type { SandboxContext } from "../../context.js";
import type { Project, ProjectCategory } from "../../state/model.js";
import { componentBean } from "./component.js";
import { issueTypeBean } from "./issuetype.js";
import { projectAvatarUrls } from "./project-ref.js";
import { type ApiVersion, restBase } from "./refs.js";
import { projectRolesMap } from "./role.js";
import { jiraTime, userRef } from "./user.js";
import { versionBean } from "./version.js";

/** What `Project.expand` advertises: the expansions a client may ask for. */
const PROJECT_EXPANDS = "description,lead,issueTypes,url,projectKeys,permissions,insight";

export function projectCategoryBean(
  apiBase: string,
  category: ProjectCategory,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  return {
    self: `${restBase(apiBase, apiVersion)}/projectCategory/${category.id}`,
    id: category.id,
    name: category.name,
    description: category.description,
  };
}

/** Issue count and last update of a project, for `expand=insight` and `orderBy=issueCount`. */
export interface ProjectStats {
  totalIssueCount: number;
  lastIssueUpdateTime: number | null;
}

export function projectStats(ctx: SandboxContext): Map<string, ProjectStats> {
  const out = new Map<string, ProjectStats>();
  for (const issue of ctx.store.issues.values()) {
    let s = out.get(issue.projectId);
    if (!s) {
      s = { totalIssueCount: 0, lastIssueUpdateTime: null };
      out.set(issue.projectId, s);
    }
    s.totalIssueCount++;
    if (s.lastIssueUpdateTime === null || issue.updated > s.lastIssueUpdateTime)
      s.lastIssueUpdateTime = issue.updated;
  }
  return out;
}

export interface ProjectBeanOptions {
  apiVersion?: ApiVersion;
  /**
   * `full` is `GET /project/{key}` (description, lead, components, issue types, versions, roles are
   * always there); otherwise it is a search entry, where only `expand` adds them.
   */
  full?: boolean;
  expand?: ReadonlySet<string>;
  /** Needed for `expand=insight`; computed once per request by the caller. */
  stats?: Map<string, ProjectStats>;
  /** The caller may edit (`expand=permissions`). */
  canEdit?: boolean;
}

/** `Project`, emitting only properties the spec defines (it forbids all others). */
export function projectBean(
  ctx: SandboxContext,
  apiBase: string,
  project: Project,
  options: ProjectBeanOptions = {},
): Record<string, unknown> {
  const apiVersion = options.apiVersion ?? 3;
  const expand = options.expand ?? new Set<string>();
  const full = options.full ?? false;
  const root = restBase(apiBase, apiVersion);
  const bean: Record<string, unknown> = {
    expand: PROJECT_EXPANDS,
    self: `${root}/project/${project.id}`,
    id: project.id,
    key: project.key,
  };
  if (full || expand.has("description")) bean.description = project.description;
  if (full || expand.has("lead")) {
    const lead = userRef(ctx, apiBase, project.leadAccountId);
    if (lead) bean.lead = lead;
  }
  if (full) {
    bean.components = [...ctx.store.components.values()]
      .filter((c) => c.projectId === project.id)
      .map((c) => componentBean(ctx, apiBase, c, apiVersion));
  }
  if (full || expand.has("issueTypes")) {
    bean.issueTypes = project.issueTypeIds
      .map((id) => ctx.store.issueTypes.get(id))
      .filter((t) => t !== undefined)
      .map((t) => issueTypeBean(apiBase, t, apiVersion));
  }
  if (full) {
    bean.assigneeType = "UNASSIGNED";
    bean.versions = [...ctx.store.versions.values()]
      .filter((v) => v.projectId === project.id)
      .map((v) => versionBean(ctx, apiBase, v, { apiVersion }));
  }
  bean.name = project.name;
  if (full) bean.roles = projectRolesMap(ctx, apiBase, project, apiVersion);
  bean.avatarUrls = projectAvatarUrls(apiBase, project);
  const category = project.categoryId ? ctx.store.projectCategories.get(project.categoryId) : undefined;
  if (category) bean.projectCategory = projectCategoryBean(apiBase, category, apiVersion);
  bean.projectTypeKey = project.projectTypeKey;
  bean.simplified = false;
  bean.style = "classic";
  bean.isPrivate = false;
  bean.properties = {};
  if (expand.has("permissions")) bean.permissions = { canEdit: options.canEdit ?? false };
  if (expand.has("insight")) {
    const s = options.stats?.get(project.id);
    const insight: Record<string, unknown> = { totalIssueCount: s?.totalIssueCount ?? 0 };
    if (s?.lastIssueUpdateTime) insight.lastIssueUpdateTime = jiraTime(s.lastIssueUpdateTime);
    bean.insight = insight;
  }
  return bean;
}
