import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { Pool } from "undici";

/**
 * The floor for the per-call latency benchmark: the same SDK and stdio entry as atlasgate, one tool
 * that sends the GET it is given to the site with the same HTTP library (undici, keep-alive) and the
 * same credentials, and returns Atlassian's body untouched: no validation, no shaping, no Markdown.
 * No server that makes the same request over this SDK can answer faster.
 */
const site = new URL(process.env.ATLASSIAN_URL ?? "");
const authorization = `Basic ${Buffer.from(`${process.env.ATLASSIAN_EMAIL}:${process.env.ATLASSIAN_API_TOKEN}`).toString("base64")}`;
const pool = new Pool(site.origin);

serveStdio(() => {
  const server = new Server({ name: "pass-through", version: "1.0.0" }, { capabilities: { tools: {} } });
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
    const res = await pool.request({
      method: "GET",
      path: String(request.params.arguments?.path),
      headers: { authorization, accept: "application/json" },
    });
    const text = await res.body.text();
    return { content: [{ type: "text", text }], ...(res.statusCode === 200 ? {} : { isError: true }) };
  });
  return server;
});
