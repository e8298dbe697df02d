import { ProtocolError, ProtocolErrorCode, Server } from "@modelcontextprotocol/server";
import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment } from "../catalog/types.js";
import type { ExecuteOptions, ToolOutcome } from "../pipeline/execute.js";
import { DISCOVERY_TOOLS, searchTools } from "./discovery.js";
import { selectTools, type ToolFilters } from "./filters.js";
import { toolDescriptor } from "./tool-list.js";

export type ToolExposure = "all" | "discovery";

export interface McpServerOptions {
  /** From `selectToolSet` for this deployment; the gateway keeps one per configuration. */
  toolSet: ToolSet;
  deployment: Deployment;
  execute: Omit<ExecuteOptions, "deployment" | "signal">;
  version: string;
  /** Called after every tool call (audit records, metrics, logs). */
  /** Awaited before the result is answered, so an audit record is durable before the client sees the call done. */
  onToolCall?: (event: { tool: string; outcome: ToolOutcome; args: unknown }) => void | Promise<void>;
}

/** The tools one configuration exposes: callable by name, and as `tools/list` shows them. */
export interface ToolSet {
  readonly exposure: ToolExposure;
  readonly allowed: ToolDefinition[];
  readonly byName: ReadonlyMap<string, ToolDefinition>;
  readonly listed: readonly object[];
}

/**
 * Depends on its arguments only, never on credentials, so one result may serve every request of
 * every server configured alike; the listed descriptors are frozen because they are shared that way.
 */
export function selectToolSet(
  catalog: ToolDefinition[],
  filters: ToolFilters,
  deployment: Deployment,
  exposure: ToolExposure,
): ToolSet {
  const allowed = selectTools(catalog, filters, deployment);
  const listed =
    exposure === "discovery" ? DISCOVERY_TOOLS.map((t) => ({ ...t })) : allowed.map(toolDescriptor);
  return {
    exposure,
    allowed,
    byName: new Map(allowed.map((t) => [t.name, t])),
    listed: Object.freeze(listed.map((t) => Object.freeze(t))),
  };
}

/**
 * Builds an MCP server (protocol only, no transport) over the filtered catalog. The stdio server
 * and the HTTP gateway both call this, so a tool behaves the same whichever way it is reached.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { exposure, allowed, byName, listed } = options.toolSet;

  const server = new Server(
    { name: "atlasgate", title: "atlasgate: Jira and Confluence", version: options.version },
    {
      capabilities: { tools: { listChanged: false } },
      instructions:
        exposure === "discovery"
          ? "Jira and Confluence tools. Use search_tools to find a tool, get_tool_schema for its arguments, then call_tool."
          : "Jira and Confluence tools. Lists page with limit and next_cursor; text fields take Markdown. Any tool accepts raw: true for Atlassian's unmodified JSON.",
    },
  );

  const run = async (tool: ToolDefinition, args: unknown, signal?: AbortSignal) => {
    // Loaded on the first call, not at start: the pipeline pulls in the Markdown/ADF converters,
    // the JSON Schema validator and the HTTP client, none of which `initialize`/`tools/list` need.
    const { executeTool } = await import("../pipeline/execute.js");
    const outcome = await executeTool(tool, args, {
      ...options.execute,
      deployment: options.deployment,
      signal,
    });
    await options.onToolCall?.({ tool: tool.name, outcome, args });
    return outcome.result;
  };

  const unknownTool = (name: unknown) =>
    new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown tool: ${typeof name === "string" ? name.slice(0, 100) : String(name)}`,
    );

  server.setRequestHandler("tools/list", async () => ({ tools: listed as any }));

  server.setRequestHandler("tools/call", async (request: any, ctx: any) => {
    const name = request.params?.name;
    const args = request.params?.arguments ?? {};
    const signal: AbortSignal | undefined = ctx?.mcpReq?.signal ?? ctx?.signal;
    if (exposure === "discovery") {
      if (name === "search_tools") {
        const query = typeof args.query === "string" ? args.query : "";
        const limit = Number.isInteger(args.limit) && args.limit > 0 ? Math.min(args.limit, 50) : 10;
        if (!query.trim()) return textResult('"query" must be a non-empty string', true);
        return textResult(JSON.stringify({ result: searchTools(allowed, query, limit) }));
      }
      if (name === "get_tool_schema") {
        const tool = typeof args.name === "string" ? byName.get(args.name) : undefined;
        if (!tool)
          return textResult(
            `No tool named ${JSON.stringify(args.name)} is available; use search_tools.`,
            true,
          );
        return textResult(JSON.stringify(toolDescriptor(tool)));
      }
      if (name === "call_tool") {
        const tool = typeof args.name === "string" ? byName.get(args.name) : undefined;
        if (!tool)
          return textResult(
            `No tool named ${JSON.stringify(args.name)} is available; use search_tools.`,
            true,
          );
        return (await run(tool, args.arguments ?? {}, signal)) as any;
      }
      throw unknownTool(name);
    }
    const tool = typeof name === "string" ? byName.get(name) : undefined;
    if (!tool) throw unknownTool(name);
    return (await run(tool, args, signal)) as any;
  });

  return server;
}

function textResult(text: string, isError = false) {
  return { content: [{ type: "text" as const, text }], ...(isError ? { isError: true } : {}) } as any;
}
