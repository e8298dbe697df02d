import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { Pool } from "undici";
import { shapeIssue, shapeIssueSummary } from "../dist/format/jira-issue.js";

/**
 * Latency floors for the stdio benchmark: the same SDK and stdio entry as atlasgate, one tool that sends
 * the GET it is given to the site with the same HTTP library (undici, keep-alive) and credentials.
 * `ATLASGATE_BENCH_FLOOR=pass-through` returns Atlassian's body untouched: no server making that request
 * over this SDK answers faster. `shaping` adds only what a correct get-issue or search tool cannot skip —
 * JSON parse, atlasgate's own issue shaper and a compact JSON answer — and none of the validation,
 * routing, retries, limits, cursors or size cap; the gap between it and atlasgate is what those cost.
 */
const shaping = process.env.ATLASGATE_BENCH_FLOOR === "shaping";
const site = new URL(process.env.ATLASSIAN_URL ?? "");
const authorization = `Basic ${Buffer.from(`${process.env.ATLASSIAN_EMAIL}:${process.env.ATLASSIAN_API_TOKEN}`).toString("base64")}`;
const pool = new Pool(site.origin);

async function answer(path) {
  const res = await pool.request({
    method: "GET",
    path,
    headers: { authorization, accept: "application/json" },
  });
  if (!shaping) return { text: await res.body.text(), ok: res.statusCode === 200 };
  const body = await res.body.json();
  const shaped = Array.isArray(body.issues)
    ? { result: body.issues.map((i) => shapeIssueSummary(i, "cloud")), next_cursor: null }
    : shapeIssue(body, "cloud");
  return { text: JSON.stringify(shaped), ok: res.statusCode === 200 };
}

serveStdio(() => {
  const server = new Server({ name: "latency-floor", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", async () => ({
    tools: [
      {
        name: "get",
        description: "GET a path of the site.",
        inputSchema: { type: "object", properties: { path: { type: "string" } } },
      },
    ],
  }));
  server.setRequestHandler("tools/call", async (request) => {
    const { text, ok } = await answer(String(request.params.arguments?.path));
    return { content: [{ type: "text", text }], ...(ok ? {} : { isError: true }) };
  });
  return server;
});
