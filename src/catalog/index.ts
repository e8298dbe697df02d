import { docs } from "./docs/index.js";
import { buildCatalog, type ToolDefinition } from "./load.js";
import { resources } from "./resources/index.js";

export type { ArgBinding, ToolDefinition } from "./load.js";
export { CatalogError } from "./load.js";

let cached: ToolDefinition[] | undefined;

/** The whole catalog, built and checked once per process. */
export function loadCatalog(): ToolDefinition[] {
  cached ??= buildCatalog(resources, docs);
  return cached;
}
