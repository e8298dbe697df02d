import { CLI, firstJsonLine, fmt, load, spawnOnOneCore } from "./lib.js";

/**
 * Sandbox throughput: get-issue and a 50-result JQL search over 10,000 issues, on one core, against
 * a bare node:http server returning a body of the same size (measured in the same run).
 */
export async function benchSandbox(): Promise<string[]> {
  const child = spawnOnOneCore([CLI, "sandbox", "--port", "0", "--issue-count", "10000"]);
  const info = await firstJsonLine(child);
  const auth = { authorization: `Basic ${Buffer.from(`${info.email}:${info.apiToken}`).toString("base64")}` };
  const lines: string[] = [];
  try {
    const probe = await fetch(`${info.url}/rest/api/3/issue/BACKEND-42`, { headers: auth });
    const issueBytes = (await probe.text()).length;
    if (probe.status !== 200) throw new Error(`get issue answered ${probe.status}`);

    const base = spawnOnOneCore([
      new URL("./baseline-server.mjs", import.meta.url).pathname,
      String(issueBytes),
    ]);
    let baseline: Awaited<ReturnType<typeof load>>;
    try {
      const bInfo = await firstJsonLine(base);
      baseline = await load(() => ({ url: `${bInfo.url}/` }), { concurrency: 32 });
    } finally {
      base.kill();
    }

    const keys = ["FRONTEND", "BACKEND", "DEVOPS"];
    let i = 0;
    // A working set of 100 issues (what a product benchmark touches: served from the sandbox's
    // serialized-issue cache after the first read), then every one of 7,500 issues (mostly cold).
    const getIssue = await load(
      () => ({ url: `${info.url}/rest/api/3/issue/${keys[i % 3]}-${1 + (i++ % 100)}`, headers: auth }),
      { concurrency: 32 },
    );
    let k = 0;
    const getIssueCold = await load(
      () => ({ url: `${info.url}/rest/api/3/issue/${keys[k % 3]}-${1 + (k++ % 2500)}`, headers: auth }),
      { concurrency: 32 },
    );
    const jqls = [
      "project = BACKEND AND status != Done ORDER BY priority DESC, updated DESC",
      "assignee is EMPTY AND priority in (High, Highest) ORDER BY created DESC",
      'text ~ "login" OR labels = security ORDER BY key ASC',
      "project in (FRONTEND, DEVOPS) AND updated >= -30d ORDER BY rank ASC",
    ];
    let j = 0;
    const search = await load(
      () => ({
        url: `${info.url}/rest/api/3/search/jql?${new URLSearchParams({ jql: jqls[j++ % jqls.length], maxResults: "50", fields: "summary,status,assignee,priority" })}`,
        headers: auth,
      }),
      { concurrency: 1, durationMs: 4000 },
    );
    lines.push(
      `sandbox baseline (bare node:http, ${issueBytes} B body, 32 conns, 1 core): ${fmt(baseline.rps, 0)} req/s, p50 ${fmt(baseline.p50, 2)} ms, p99 ${fmt(baseline.p99, 2)} ms`,
      `sandbox get-issue, 100-issue working set (10,000-issue store, 32 conns, 1 core): ${fmt(getIssue.rps, 0)} req/s (${fmt(getIssue.rps / baseline.rps, 2)}× baseline), p50 ${fmt(getIssue.p50, 2)} ms, p99 ${fmt(getIssue.p99, 2)} ms, errors ${getIssue.errors} — ${getIssue.rps >= 3000 ? "PASS" : "FAIL"} (≥ 3,000 req/s)`,
      `sandbox get-issue, all 7,500 issues of three projects (mostly uncached): ${fmt(getIssueCold.rps, 0)} req/s, p50 ${fmt(getIssueCold.p50, 2)} ms, p99 ${fmt(getIssueCold.p99, 2)} ms, errors ${getIssueCold.errors}`,
      `sandbox JQL search, 50 results over 10,000 issues (1 conn): ${fmt(search.rps, 0)} req/s, p50 ${fmt(search.p50, 2)} ms, p99 ${fmt(search.p99, 2)} ms, errors ${search.errors} — ${search.p50 <= 20 ? "PASS" : "FAIL"} (p50 ≤ 20 ms)`,
    );
  } finally {
    child.kill();
  }
  return lines;
}
