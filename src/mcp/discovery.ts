import type { ToolDefinition } from "../catalog/load.js";

/**
 * Discovery exposure: three meta-tools whose schemas do not grow with the catalog, for clients
 * that pay per listed tool. They see exactly the tools the filters allow.
 */
export const DISCOVERY_TOOLS = [
  {
    name: "search_tools",
    title: "Search tools",
    description: "Find Jira/Confluence tools by keywords. Returns names and one-line descriptions.",
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", description: "Keywords, e.g. 'add comment to issue'." },
        limit: { type: "integer", minimum: 1, maximum: 50, description: "Max results (default 10)." },
      },
      required: ["query"],
      additionalProperties: false,
    },
    annotations: {
      title: "Search tools",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  {
    name: "get_tool_schema",
    title: "Get tool schema",
    description: "Get a tool's full description and input schema before calling it.",
    inputSchema: {
      type: "object",
      properties: { name: { type: "string", description: "Tool name from search_tools." } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: {
      title: "Get tool schema",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  {
    name: "call_tool",
    title: "Call tool",
    description: "Call a tool by name with its arguments (see get_tool_schema).",
    inputSchema: {
      type: "object",
      properties: {
        name: { type: "string", description: "Tool name." },
        arguments: { type: "object", description: "The tool's arguments." },
      },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: {
      title: "Call tool",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  },
] as const;

const STOP = new Set([
  "a",
  "an",
  "the",
  "to",
  "of",
  "in",
  "on",
  "for",
  "and",
  "or",
  "by",
  "with",
  "my",
  "all",
  "get",
  "list",
]);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w));
}

/** Keyword ranking over name, title, tags and description; names weigh most. */
export function searchTools(tools: ToolDefinition[], query: string, limit = 10) {
  const q = words(query);
  const scored = tools.map((t) => {
    const name = words(t.name.replace(/_/g, " "));
    const title = words(t.title);
    const desc = words(t.description);
    const tags = words(t.tags.join(" "));
    let score = 0;
    for (const w of q) {
      if (name.includes(w)) score += 3;
      if (title.includes(w)) score += 2;
      if (tags.includes(w)) score += 1;
      if (desc.includes(w)) score += 1;
    }
    if (t.tags.includes("core")) score += 0.1;
    return { t, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name))
    .slice(0, limit)
    .map(({ t }) => ({ name: t.name, description: t.description.split(/(?<=\.)\s/)[0] }));
}
