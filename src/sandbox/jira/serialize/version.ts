import type { SandboxContext } from "../../context.js";
import type { Version } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Jira's "user" date format (`d/MMM/yy`, e.g. `5/Mar/26`), shown next to the ISO date. */
export function userDate(ymd: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  return `${d}/${MONTHS[m - 1]}/${String(y % 100).padStart(2, "0")}`;
}

/** Issue counts per status category of the version's fix-version issues (`expand=issuesstatus`). */
export function versionIssuesStatus(ctx: SandboxContext, versionId: string): Record<string, number> {
  const counts = { unmapped: 0, toDo: 0, inProgress: 0, done: 0 };
  for (const issue of ctx.store.issues.values()) {
    if (!issue.fixVersionIds.includes(versionId)) continue;
    const status = ctx.store.statuses.get(issue.statusId);
    const key = status ? ctx.store.statusCategories.get(status.categoryId)?.key : undefined;
    if (key === "new") counts.toDo++;
    else if (key === "indeterminate") counts.inProgress++;
    else if (key === "done") counts.done++;
    else counts.unmapped++;
  }
  return counts;
}

/**
 * `Version` as `/version/{id}` and the project version listings return it. `overdue` is computed
 * against the sandbox clock, like Jira does against its own.
 */
export function versionBean(
  ctx: SandboxContext,
  apiBase: string,
  version: Version,
  options: { apiVersion?: ApiVersion; expand?: ReadonlySet<string> } = {},
): Record<string, unknown> {
  const apiVersion = options.apiVersion ?? 3;
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/version/${version.id}`,
    id: version.id,
    description: version.description,
    name: version.name,
    archived: version.archived,
    released: version.released,
  };
  if (version.startDate) bean.startDate = version.startDate;
  if (version.releaseDate) {
    bean.releaseDate = version.releaseDate;
    if (!version.released) {
      const today = new Date(ctx.now()).toISOString().slice(0, 10);
      bean.overdue = version.releaseDate < today;
    }
  }
  if (version.startDate) bean.userStartDate = userDate(version.startDate);
  if (version.releaseDate) bean.userReleaseDate = userDate(version.releaseDate);
  bean.projectId = Number(version.projectId);
  if (options.expand?.has("issuesstatus"))
    bean.issuesStatusForFixVersion = versionIssuesStatus(ctx, version.id);
  if (options.expand?.has("operations")) bean.operations = [];
  return bean;
}
