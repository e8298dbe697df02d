import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment } from "../catalog/types.js";

/**
 * Which tools a server exposes. All given filters apply together (AND). The same predicate decides
 * listing and calling, so a tool that is not listed can never be called.
 */
export interface ToolFilters {
  /** `read` (list + get), `write` (create + update + delete), `custom`, or exact method names (`transition`). */
  methods?: string[];
  /** Toolset tags (`core`, `issues`, `agile`, ...); `all` or empty means every tag. */
  tags?: string[];
  /** Exact tool names. */
  tools?: string[];
  /** Hide every tool that writes (READ_ONLY_MODE), custom writes included. */
  readOnly?: boolean;
}

const READ = new Set(["list", "get"]);
const WRITE = new Set(["create", "update", "delete"]);

export function methodMatches(tool: ToolDefinition, methods: string[] | undefined): boolean {
  if (!methods || methods.length === 0) return true;
  return methods.some((m) => {
    if (m === "read") return READ.has(tool.kind);
    if (m === "write") return WRITE.has(tool.kind);
    if (m === "custom") return tool.kind === "custom";
    return tool.method === m;
  });
}

export function toolAllowed(tool: ToolDefinition, filters: ToolFilters, deployment: Deployment): boolean {
  if (!tool.deployments.includes(deployment)) return false;
  if (filters.readOnly && tool.access !== "read") return false;
  if (!methodMatches(tool, filters.methods)) return false;
  const tags = filters.tags?.filter((t) => t !== "all");
  if (tags && tags.length > 0 && !tags.some((t) => tool.tags.includes(t))) return false;
  if (filters.tools && filters.tools.length > 0 && !filters.tools.includes(tool.name)) return false;
  return true;
}

export function selectTools(
  catalog: ToolDefinition[],
  filters: ToolFilters,
  deployment: Deployment,
): ToolDefinition[] {
  return catalog.filter((t) => toolAllowed(t, filters, deployment));
}

/** Method filter words users may write, for validating configuration. */
export function knownMethodWords(catalog: ToolDefinition[]): Set<string> {
  return new Set(["read", "write", "custom", ...catalog.map((t) => t.method)]);
}

export function knownTags(catalog: ToolDefinition[]): Set<string> {
  return new Set(["all", ...catalog.flatMap((t) => t.tags)]);
}
