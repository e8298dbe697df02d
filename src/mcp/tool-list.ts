import type { ToolDefinition } from "../catalog/load.js";

/** The wire form of a tool in `tools/list`: what clients (and their models) pay tokens for. */
export function toolDescriptor(tool: ToolDefinition) {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
  };
}
