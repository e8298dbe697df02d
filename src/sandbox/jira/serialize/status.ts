import type { SandboxContext } from "../../context.js";
import type { Status, StatusCategory } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";

/** `StatusCategory` bean: agile and search responses embed it inside every status. */
export function statusCategoryBean(apiBase: string, category: StatusCategory, apiVersion: ApiVersion = 3) {
  return {
    self: `${restBase(apiBase, apiVersion)}/statuscategory/${category.id}`,
    id: category.id,
    key: category.key,
    colorName: category.colorName,
    name: category.name,
  };
}

/** `StatusDetails` bean with its category, as issues, transitions and boards show a status. */
export function statusBean(
  ctx: SandboxContext,
  apiBase: string,
  status: Status,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  const category = ctx.store.statusCategories.get(status.categoryId);
  const bean: Record<string, unknown> = {
    self: `${restBase(apiBase, apiVersion)}/status/${status.id}`,
    description: status.description,
    iconUrl: `${apiBase}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
  };
  if (category) bean.statusCategory = statusCategoryBean(apiBase, category, apiVersion);
  return bean;
}

/** A status by id, or null when the id does not resolve (never throws on stale data). */
export function statusRef(
  ctx: SandboxContext,
  apiBase: string,
  statusId: string,
  apiVersion: ApiVersion = 3,
) {
  const status = ctx.store.statuses.get(statusId);
  return status ? statusBean(ctx, apiBase, status, apiVersion) : null;
}

/** True when the status sits in the "done" category, which drives resolution handling. */
export function isDoneStatus(ctx: SandboxContext, statusId: string): boolean {
  const status = ctx.store.statuses.get(statusId);
  return status !== undefined && ctx.store.statusCategories.get(status.categoryId)?.key === "done";
}
