import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { CLI, firstJsonLine, spawnOnOneCore } from "./lib.js";

const sb = spawnOnOneCore([CLI, "sandbox", "--port", "0"]);
const info = await firstJsonLine(sb);
const env = {
  PATH: process.env.PATH!,
  ATLASSIAN_URL: info.url,
  ATLASSIAN_EMAIL: info.email,
  ATLASSIAN_API_TOKEN: info.apiToken,
};
const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const variants: Record<string, [string[], Record<string, string>]> = {
  orig: [[CLI], env],
  lazy: [["/tmp/bx/lazy/dist/cli/main.js"], env],
  origRuntimeSemi2: [["--import", "/tmp/bx/semi.mjs", CLI], env],
  lazySemi2: [["--max-semi-space-size=2", "/tmp/bx/lazy/dist/cli/main.js"], env],
};
const res: Record<string, { ms: number[]; rss0: number[]; rss1: number[]; rss100: number[] }> = {};
for (let i = 0; i < 8; i++)
  for (const [name, [args, e]] of Object.entries(variants)) {
    const t0 = performance.now();
    const t = new StdioClientTransport({ command: process.execPath, args, env: e, stderr: "inherit" });
    const c = new Client({ name: "b", version: "1" });
    await c.connect(t);
    await c.listTools();
    const ms = performance.now() - t0;
    const r0 = rss(t.pid!);
    await new Promise((r) => setTimeout(r, 400));
    const r1 = rss(t.pid!);
    let r100 = Number.NaN;
    if (name !== "minimal" && true) {
      for (let k = 0; k < 100; k++) {
        const key = `BACKEND-${1 + (k % 20)}`;
        const [n, a] = [
          ["get_single_jira_issue_by_id", { issue_id_or_key: key }],
          ["list_all_jira_search", { jql: "project = BACKEND", limit: 10 }],
          ["list_all_jira_issue_comments", { issue_id_or_key: key }],
          ["get_single_jira_project_by_id", { project_id_or_key: "BACKEND" }],
        ][k % 4] as [string, any];
        const out: any = await c.callTool({ name: n, arguments: a });
        if (out.isError) throw new Error(out.content[0].text);
      }
      r100 = rss(t.pid!);
    }
    await c.close();
    if (i < 2) continue;
    res[name] ??= { ms: [], rss0: [], rss1: [], rss100: [] };
    res[name].ms.push(ms);
    res[name].rss0.push(r0);
    res[name].rss1.push(r1);
    if (!Number.isNaN(r100)) res[name].rss100.push(r100);
  }
const med = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)]!.toFixed(1) : "-";
};
for (const [n, r] of Object.entries(res))
  console.log(
    n.padEnd(12),
    "ms",
    med(r.ms),
    "rss@list",
    med(r.rss0),
    "rss+400ms",
    med(r.rss1),
    "rss@100",
    med(r.rss100),
  );
sb.kill();
