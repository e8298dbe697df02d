import type { SandboxContext } from "../../context.js";
import type { FieldDef } from "./fields.js";
import { issueTypeBean } from "./issuetype.js";
import { priorityBean, resolutionBean } from "./priority.js";
import { componentRef, projectRef, versionRef } from "./project-ref.js";
import { type ApiVersion, restBase } from "./refs.js";

/**
 * `FieldMetadata` for createmeta, editmeta and transition screens: what a client needs to build a
 * valid create/edit/transition body (required flag, schema, allowed values, operations).
 */
export function fieldMetadata(
  ctx: SandboxContext,
  apiBase: string,
  field: FieldDef,
  projectId: string,
  issueTypeId: string,
  apiVersion: ApiVersion,
  { required = false, withKey = true } = {},
): Record<string, unknown> {
  const store = ctx.store;
  const root = restBase(apiBase, apiVersion);
  const project = store.projects.get(projectId);
  const meta: Record<string, unknown> = {
    required,
    schema: { ...field.schema },
    name: field.name,
    key: field.id,
    hasDefaultValue: field.id === "priority" || field.id === "reporter" || field.id === "issuetype",
    operations: [...field.operations],
  };
  if (!withKey) delete meta.key;
  let allowed: unknown[] | undefined;
  switch (field.id) {
    case "issuetype": {
      const type = store.issueTypes.get(issueTypeId);
      allowed = type ? [issueTypeBean(apiBase, type, apiVersion)] : [];
      break;
    }
    case "project":
      allowed = project ? [projectRef(ctx, apiBase, project, apiVersion)] : [];
      break;
    case "priority":
      allowed = [...store.priorities.values()].map((p) => priorityBean(apiBase, p, apiVersion));
      break;
    case "resolution":
      allowed = [...store.resolutions.values()].map((r) => resolutionBean(apiBase, r, apiVersion));
      break;
    case "components":
      allowed = [...store.components.values()]
        .filter((c) => c.projectId === projectId)
        .map((c) => componentRef(apiBase, c, apiVersion));
      break;
    case "fixVersions":
      allowed = [...store.versions.values()]
        .filter((v) => v.projectId === projectId && !v.archived)
        .map((v) => versionRef(apiBase, v, apiVersion));
      break;
    case "labels":
      meta.autoCompleteUrl = `${root}/label/suggest?query=`;
      break;
    case "assignee":
    case "reporter":
      meta.autoCompleteUrl = `${root}/user/${field.id === "assignee" ? "assignable/" : ""}search?${
        project ? `project=${project.key}&` : ""
      }query=`;
      break;
    case "parent":
      meta.autoCompleteUrl = `${root}/issue/picker?query=`;
      break;
  }
  if (allowed) meta.allowedValues = allowed;
  return meta;
}
