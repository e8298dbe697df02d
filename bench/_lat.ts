import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Agent, request } from "undici";
import { CLI, firstJsonLine, spawnOnOneCore } from "./lib.js";

const sb = spawnOnOneCore([CLI, "sandbox", "--port", "0"]);
const info = await firstJsonLine(sb);
const auth = `Basic ${Buffer.from(`${info.email}:${info.apiToken}`).toString("base64")}`;
const { loadCatalog } = await import("../dist/catalog/index.js" as any);
const { AtlassianClient } = await import("../dist/atlassian/index.js" as any);
const { executeTool } = await import("../dist/pipeline/execute.js" as any);
const cat = loadCatalog();
const tool = cat.find((t: any) => t.name === "get_single_jira_issue_by_id");
const client = new AtlassianClient({
  siteUrl: info.url,
  auth: { type: "basic", email: info.email, apiToken: info.apiToken },
});
const t = new StdioClientTransport({
  command: process.execPath,
  args: ["bench/minimal-server.mjs"],
  env: { PATH: process.env.PATH! },
  stderr: "ignore",
});
const c = new Client({ name: "b", version: "1" });
await c.connect(t);
const ag = new Agent({ connections: 1 });
const r = { inproc: [] as number[], direct: [] as number[], ping: [] as number[], raw: [] as number[] };
for (let i = 0; i < 320; i++) {
  const key = `BACKEND-${1 + (i % 20)}`;
  let t0 = performance.now();
  const o = await executeTool(tool, { issue_id_or_key: key }, { upstream: client, deployment: "cloud" });
  if (o.result.isError) throw new Error(o.result.content[0].text);
  if (i >= 20) r.inproc.push(performance.now() - t0);
  t0 = performance.now();
  const o2 = await executeTool(
    tool,
    { issue_id_or_key: key, raw: true },
    { upstream: client, deployment: "cloud" },
  );
  if (i >= 20) r.raw.push(performance.now() - t0);
  t0 = performance.now();
  const res = await request(`${info.url}/rest/api/3/issue/${key}`, {
    headers: { authorization: auth },
    dispatcher: ag,
  });
  await res.body.json();
  if (i >= 20) r.direct.push(performance.now() - t0);
  t0 = performance.now();
  await c.callTool({ name: "ping", arguments: {} });
  if (i >= 20) r.ping.push(performance.now() - t0);
}
const med = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!.toFixed(2);
};
console.log(
  "inproc executeTool",
  med(r.inproc),
  "inproc raw",
  med(r.raw),
  "direct",
  med(r.direct),
  "minimal ping via MCP",
  med(r.ping),
);
await c.close();
await client.close?.();
await ag.close();
sb.kill();
