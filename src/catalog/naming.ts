import type { Integration, StandardMethod } from "./types.js";

const STANDARD = new Set<string>(["list", "get", "create", "update", "delete"]);

export function isStandardMethod(method: string): method is StandardMethod {
  return STANDARD.has(method);
}

/**
 * The one naming rule. Tool names are public API (clients pin them in configs), so this function
 * is the only place names are made, and a test pins the full list.
 */
export function toolName(
  integration: Integration,
  resource: { name: string; singular?: string },
  method: string,
  takesId: boolean,
): string {
  const singular = resource.singular ?? resource.name;
  const byId = takesId ? "_by_id" : "";
  switch (method) {
    case "list":
      return `list_all_${integration}_${resource.name}`;
    case "get":
      return `get_single_${integration}_${singular}${byId}`;
    case "create":
      return `create_a_${integration}_${singular}`;
    case "update":
      return `update_a_${integration}_${singular}${byId}`;
    case "delete":
      return `delete_a_${integration}_${singular}${byId}`;
    default:
      return `${integration}_${resource.name}_${method}`;
  }
}

export const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
