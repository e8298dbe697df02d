import type { SandboxContext } from "../../context.js";
import type { Project, ProjectRole } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";
import { avatarUrls } from "./user.js";

/** The link `/project/{key}/role` and the project's `roles` map point at. */
export function projectRoleUrl(
  apiBase: string,
  project: Project,
  roleId: number,
  apiVersion: ApiVersion = 3,
): string {
  return `${restBase(apiBase, apiVersion)}/project/${project.id}/role/${roleId}`;
}

/** Role name → role URL, the shape of both `/project/{key}/role` and a project's `roles`. */
export function projectRolesMap(
  ctx: SandboxContext,
  apiBase: string,
  project: Project,
  apiVersion: ApiVersion = 3,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const role of ctx.store.projectRoles.values())
    out[role.name] = projectRoleUrl(apiBase, project, role.id, apiVersion);
  return out;
}

/**
 * `ProjectRole`. With a project it is that project's role and lists its actors (sorted by display
 * name, as Jira documents); without one it is the site-wide role with its default actors (none here).
 */
export function projectRoleBean(
  ctx: SandboxContext,
  apiBase: string,
  role: ProjectRole,
  options: { apiVersion?: ApiVersion; project?: Project; excludeInactiveUsers?: boolean } = {},
): Record<string, unknown> {
  const apiVersion = options.apiVersion ?? 3;
  const project = options.project;
  const self = project
    ? projectRoleUrl(apiBase, project, role.id, apiVersion)
    : `${restBase(apiBase, apiVersion)}/role/${role.id}`;
  const bean: Record<string, unknown> = { self, name: role.name, id: role.id, description: role.description };
  bean.actors = project ? roleActors(ctx, project, role, options.excludeInactiveUsers ?? false) : [];
  return bean;
}

function roleActors(ctx: SandboxContext, project: Project, role: ProjectRole, excludeInactive: boolean) {
  const dc = ctx.options.deployment === "datacenter";
  const users = (project.roleActors[String(role.id)] ?? [])
    .map((id) => ctx.store.users.get(id))
    .filter((u) => u !== undefined && (!excludeInactive || u.active));
  users.sort((a, b) => a!.displayName.localeCompare(b!.displayName));
  return users.map((user, index) => {
    const u = user!;
    const actor: Record<string, unknown> = {
      // Actor ids are per project role membership in Jira; a stable derived number serves the same purpose.
      id: Number(project.id) * 100_000 + (role.id % 1000) * 100 + index,
      displayName: u.displayName,
      type: "atlassian-user-role-actor",
      avatarUrl: avatarUrls(dc ? u.key : u.accountId)["48x48"],
    };
    if (dc) actor.name = u.name;
    else actor.actorUser = { accountId: u.accountId };
    return actor;
  });
}
