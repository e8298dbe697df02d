import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StdioSession, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

/**
 * Under Atlassian's rate limiting (≥ 30 % of requests answered 429), every call still succeeds, and
 * no write is applied twice: a 429 means the request did not take effect, so the client retries it,
 * and nothing else makes it resend a write.
 */
describe("stdio server under the sandbox's rate-limit fault", () => {
  let h: SandboxHarness;
  let s: StdioSession;
  beforeAll(async () => {
    h = await SandboxHarness.start();
    s = await startStdio(h, {});
  });
  afterAll(async () => {
    await s.close();
    await h.close();
  });

  it("500 mixed calls all succeed and no write is applied twice", async () => {
    await fetch(`${h.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rateLimit: { share: 0.35, retryAfterSeconds: 0 }, seed: 11 }),
    });
    await fetch(`${h.url}/__sandbox/requests`, { method: "DELETE" });
    const store = h.sandbox.context.store;
    const commentsBefore = store.comments.size;
    const calls: Array<[string, Record<string, unknown>]> = [];
    let writes = 0;
    for (let i = 0; i < 500; i++) {
      const key = `BACKEND-${2 + (i % 40)}`;
      switch (i % 5) {
        case 0:
          calls.push(["get_single_jira_issue_by_id", { issue_id_or_key: key }]);
          break;
        case 1:
          calls.push(["list_all_jira_search", { jql: "project = FRONTEND ORDER BY created DESC", limit: 5 }]);
          break;
        case 2:
          calls.push([
            "create_a_jira_issue_comment",
            { issue_id_or_key: key, body: `rate-limit comment ${i}` },
          ]);
          writes++;
          break;
        case 3:
          calls.push(["list_all_jira_issue_comments", { issue_id_or_key: key, limit: 3 }]);
          break;
        default:
          calls.push(["update_a_jira_issue_by_id", { issue_id_or_key: key, labels: [`rl-${i}`] }]);
          writes++;
      }
    }
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const [name, args] = calls[next++];
        const r = await s.call(name, args);
        if (r.isError) failures.push(`${name}: ${r.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);

    const log = (await (await fetch(`${h.url}/__sandbox/requests`)).json()) as { requests: any[] };
    const limited = log.requests.filter((r) => r.status === 429).length;
    expect(limited / log.requests.length).toBeGreaterThanOrEqual(0.3);
    // Each write reached the emulator exactly once with success...
    const appliedWrites = log.requests.filter(
      (r) => (r.method === "POST" || r.method === "PUT") && r.status < 300,
    );
    expect(appliedWrites).toHaveLength(writes);
    // ...and the state shows each comment exactly once.
    const texts = [...store.comments.values()]
      .map((c) => JSON.stringify(c.body))
      .filter((t) => t.includes("rate-limit comment"));
    expect(store.comments.size - commentsBefore).toBe(100);
    expect(new Set(texts).size).toBe(100);
  });
});
