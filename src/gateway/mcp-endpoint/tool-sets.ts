import type { ToolDefinition } from "../../catalog/load.js";
import type { Deployment } from "../../catalog/types.js";
import { selectToolSet, type ToolSet } from "../../mcp/server.js";
import type { McpServerConfig } from "../storage/types.js";

/** Enough for every distinct configuration of a large deployment; an evicted one is just recomputed. */
export const DEFAULT_TOOL_SET_ENTRIES = 256;

/**
 * The tool selection of each MCP server configuration, kept across requests so `/mcp/:token` does
 * not filter the catalog and rebuild the descriptors on every call. Keyed by the configuration's
 * content (and the account's deployment), not by server id and `updated_at`: a PATCH within the
 * same millisecond, a clock that stands still, or another gateway node's edit can then never serve
 * a stale list, and the request already carries the current row, so an edit or a deletion shows on
 * the next request. Servers configured alike share one entry. Least recently used entries go first.
 * Holds catalog data only — no tokens, no credentials.
 */
export class ToolSetCache {
  private readonly entries = new Map<string, ToolSet>();

  constructor(
    private readonly catalog: ToolDefinition[],
    private readonly maxEntries = DEFAULT_TOOL_SET_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(config: McpServerConfig, deployment: Deployment): ToolSet {
    const exposure = config.tool_exposure ?? "all";
    const key = JSON.stringify([deployment, exposure, config.methods, config.tags, config.tools]);
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end of the Map's order: the front is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const filters = { methods: config.methods, tags: config.tags, tools: config.tools };
    const set = selectToolSet(this.catalog, filters, deployment, exposure);
    this.entries.set(key, set);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return set;
  }
}
