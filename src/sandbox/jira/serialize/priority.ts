import type { SandboxContext } from "../../context.js";
import type { Priority, Resolution } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";

/** Priority as embedded in issues (Jira's short form: self, iconUrl, name, id). */
export function priorityRef(
  apiBase: string,
  priority: Priority,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  return {
    self: `${restBase(apiBase, apiVersion)}/priority/${priority.id}`,
    iconUrl: `${apiBase}/images/icons/priorities/${priority.name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.svg`,
    name: priority.name,
    id: priority.id,
  };
}

/** Full `Priority` bean (createmeta allowedValues, `GET /priority`). */
export function priorityBean(
  apiBase: string,
  priority: Priority,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  return {
    ...priorityRef(apiBase, priority, apiVersion),
    description: priority.description,
    statusColor: priority.statusColor,
    isDefault: priority.isDefault,
  };
}

export function priorityRefById(
  ctx: SandboxContext,
  apiBase: string,
  id: string,
  apiVersion: ApiVersion = 3,
) {
  const p = ctx.store.priorities.get(id);
  return p ? priorityRef(apiBase, p, apiVersion) : null;
}

/** The priority new issues get when the caller names none: the default one, else the middle one. */
export function defaultPriority(ctx: SandboxContext): Priority | undefined {
  const all = [...ctx.store.priorities.values()];
  return all.find((p) => p.isDefault) ?? all[Math.floor(all.length / 2)];
}

export function resolutionBean(apiBase: string, resolution: Resolution, apiVersion: ApiVersion = 3) {
  return {
    self: `${restBase(apiBase, apiVersion)}/resolution/${resolution.id}`,
    id: resolution.id,
    description: resolution.description,
    name: resolution.name,
  };
}

export function resolutionRef(
  ctx: SandboxContext,
  apiBase: string,
  id: string | null,
  apiVersion: ApiVersion = 3,
) {
  if (id === null) return null;
  const r = ctx.store.resolutions.get(id);
  return r ? resolutionBean(apiBase, r, apiVersion) : null;
}
