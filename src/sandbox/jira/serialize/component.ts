import type { SandboxContext } from "../../context.js";
import type { Component } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";
import { userRef } from "./user.js";

/**
 * `ProjectComponent`. Projects default to "unassigned", so a component left at `PROJECT_DEFAULT`
 * really assigns nobody, which `realAssigneeType` says.
 */
export function componentBean(
  ctx: SandboxContext,
  apiBase: string,
  component: Component,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  const project = ctx.store.projects.get(component.projectId);
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/component/${component.id}`,
    id: component.id,
    name: component.name,
    description: component.description,
  };
  const lead = userRef(ctx, apiBase, component.leadAccountId);
  if (lead) bean.lead = lead;
  bean.assigneeType = "PROJECT_DEFAULT";
  bean.realAssigneeType = "UNASSIGNED";
  bean.isAssigneeTypeValid = false;
  if (project) bean.project = project.key;
  bean.projectId = Number(component.projectId);
  return bean;
}

/** `ComponentWithIssueCount`, the paginated listing's entry (counts come from the caller's one pass). */
export function componentWithIssueCountBean(
  ctx: SandboxContext,
  apiBase: string,
  component: Component,
  issueCount: number,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  return { ...componentBean(ctx, apiBase, component, apiVersion), issueCount };
}
