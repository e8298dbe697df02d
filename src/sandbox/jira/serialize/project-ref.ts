import type { SandboxContext } from "../../context.js";
import type { Component, Project, Version } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";

export function projectAvatarUrls(apiBase: string, project: Project): Record<string, string> {
  const base = `${apiBase}/rest/api/3/universal_avatar/view/type/project/avatar/10400?pid=${project.id}`;
  return {
    "48x48": base,
    "24x24": `${base}&size=small`,
    "16x16": `${base}&size=xsmall`,
    "32x32": `${base}&size=medium`,
  };
}

/** `ProjectDetails`, as issues and createmeta reference a project (the spec forbids extra keys). */
export function projectRef(
  ctx: SandboxContext,
  apiBase: string,
  project: Project,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  const root = restBase(apiBase, apiVersion);
  const bean: Record<string, unknown> = {
    self: `${root}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: projectAvatarUrls(apiBase, project),
  };
  const category = project.categoryId ? ctx.store.projectCategories.get(project.categoryId) : undefined;
  if (category) {
    bean.projectCategory = {
      self: `${root}/projectCategory/${category.id}`,
      id: category.id,
      description: category.description,
      name: category.name,
    };
  }
  return bean;
}

/** A component as issues embed it. */
export function componentRef(apiBase: string, component: Component, apiVersion: ApiVersion = 3) {
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/component/${component.id}`,
    id: component.id,
    name: component.name,
  };
  if (component.description) bean.description = component.description;
  return bean;
}

/** A version as issues embed it (fixVersions). */
export function versionRef(apiBase: string, version: Version, apiVersion: ApiVersion = 3) {
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/version/${version.id}`,
    id: version.id,
    description: version.description,
    name: version.name,
    archived: version.archived,
    released: version.released,
  };
  if (version.releaseDate) bean.releaseDate = version.releaseDate;
  return bean;
}
