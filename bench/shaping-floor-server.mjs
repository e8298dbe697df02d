import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { Pool } from "undici";
import { shapeIssue, shapeIssueSummary } from "../dist/format/jira-issue.js";

/**
 * The least a correct get-issue or search tool must do, as a second latency floor: the pass-through
 * server's request, then JSON parse, atlasgate's own issue shaper and a compact JSON answer — no
 * argument validation, routing, retries, limits or size cap. The gap between this and atlasgate is
 * what atlasgate's pipeline and client add; the gap between this and a direct fetch is the price of
 * MCP over stdio plus the shaping the response budgets need.
 */
const site = new URL(process.env.ATLASSIAN_URL ?? "");
const authorization = `Basic ${Buffer.from(`${process.env.ATLASSIAN_EMAIL}:${process.env.ATLASSIAN_API_TOKEN}`).toString("base64")}`;
const pool = new Pool(site.origin);

serveStdio(() => {
  const server = new Server({ name: "shaping-floor", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", async () => ({
    tools: [
      {
        name: "get",
        description: "GET a path of the site and shape the issue or issues in it.",
        inputSchema: { type: "object", properties: { path: { type: "string" } } },
      },
    ],
  }));
  server.setRequestHandler("tools/call", async (request) => {
    const res = await pool.request({
      method: "GET",
      path: String(request.params.arguments?.path),
      headers: { authorization, accept: "application/json" },
    });
    const body = await res.body.json();
    const shaped = Array.isArray(body.issues)
      ? { result: body.issues.map((i) => shapeIssueSummary(i, "cloud")), next_cursor: null }
      : shapeIssue(body, "cloud");
    return { content: [{ type: "text", text: JSON.stringify(shaped) }] };
  });
  return server;
});
