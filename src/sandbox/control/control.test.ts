import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";

describe("sandbox control API, faults and authentication", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await fetch(`${h.url}/__sandbox/faults`, { method: "DELETE" });
    await fetch(`${h.url}/__sandbox/requests`, { method: "DELETE" });
  });

  const setFaults = (body: unknown) =>
    fetch(`${h.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const log = async () =>
    ((await (await fetch(`${h.url}/__sandbox/requests`)).json()) as any).requests as any[];

  it("authenticates Cloud Basic auth and refuses bad credentials with Jira's 401", async () => {
    expect((await h.get("/rest/api/3/myself")).status).toBe(200);
    const anon = await h.get("/rest/api/3/myself", { as: "anonymous" });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({
      errorMessages: ["Client must be authenticated to access this resource."],
      errors: {},
    });
    const wrong = await h.get("/rest/api/3/myself", { as: { basic: [h.info.email, "not-the-token"] } });
    expect(wrong.status).toBe(401);
    const otherEmail = await h.get("/rest/api/3/myself", {
      as: { basic: [h.info.viewer.email, h.info.apiToken] },
    });
    expect(otherEmail.status).toBe(401);
    const pat = await h.get("/rest/api/3/myself", { as: "pat" });
    expect(pat.status).toBe(401); // PATs are a Data Center credential
    const garbage = await h.get("/rest/api/3/myself", { headers: { authorization: "Basic %%%%" } });
    expect(garbage.status).toBe(401);
  });

  it("logs method, path, query, body, identity and status", async () => {
    await h.get("/rest/api/3/myself", { query: { expand: "groups" } });
    await h.get("/rest/api/3/myself", { as: "anonymous" });
    const entries = await log();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      method: "GET",
      path: "/rest/api/3/myself",
      query: { expand: "groups" },
      status: 200,
      identity: { accountId: h.info.accountId, kind: "basic" },
    });
    expect(entries[1]).toMatchObject({ status: 401, identity: null });
    expect(JSON.stringify(entries)).not.toContain(h.info.apiToken);
  });

  it("rejects an invalid fault config with the reason and keeps the old one", async () => {
    expect((await setFaults({ latency: { ms: 1 } })).status).toBe(200);
    const bad = await setFaults({ rateLimit: { share: 3 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).details.join(" ")).toContain("rateLimit.share");
    const unknown = await setFaults({ explode: true });
    expect(unknown.status).toBe(400);
    const current = (await (await fetch(`${h.url}/__sandbox/faults`)).json()) as any;
    expect(current.faults).toEqual({ latency: { ms: 1, jitterMs: 0 } });
  });

  it("rate limits per credential with Atlassian's headers", async () => {
    await setFaults({ rateLimit: { perCredential: { limit: 3, windowSeconds: 60 }, retryAfterSeconds: 5 } });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof h.get>> | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await h.get("/rest/api/3/myself");
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(5);
    expect(limited!.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited!.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited!.headers.get("ratelimit-reason")).toBe("jira-burst-based");
    expect(Date.parse(limited!.headers.get("x-ratelimit-reset")!)).toBeGreaterThan(0);
    expect(limited!.body.errorMessages[0]).toMatch(/rate limit/i);
    // another credential has its own quota
    expect((await h.get("/rest/api/3/myself", { as: "viewer" })).status).toBe(200);
    const entries = await log();
    expect(entries.filter((e) => e.fault === "rate-limit")).toHaveLength(2);
  });

  it("answers a share of requests with 429, reproducibly for a seed", async () => {
    const run = async () => {
      await setFaults({ rateLimit: { share: 0.5 }, seed: 7 });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await h.get("/rest/api/3/myself")).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const limited = a.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(8);
    expect(limited).toBeLessThan(32);
  });

  it("injects 5xx before or after the handler", async () => {
    await setFaults({ errors: { share: 1, status: 503 } });
    const res = await h.get("/rest/api/3/myself");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.body.errorMessages).toBeDefined();
    await setFaults({ errors: { share: 1, status: 500, phase: "after" } });
    expect((await h.get("/rest/api/3/myself")).status).toBe(500);
    const entries = await log();
    expect(entries.map((e) => e.fault)).toEqual(["error-before", "error-after"]);
  });

  it("resets connections", async () => {
    await setFaults({ resets: { share: 1 } });
    await expect(h.get("/rest/api/3/myself")).rejects.toThrow();
    await fetch(`${h.url}/__sandbox/faults`, { method: "DELETE" });
    expect((await h.get("/rest/api/3/myself")).status).toBe(200);
  });

  it("limits faults to the configured paths", async () => {
    await setFaults({ paths: ["/wiki"], errors: { share: 1 } });
    expect((await h.get("/rest/api/3/myself")).status).toBe(200);
  });

  it("adds latency without failing", async () => {
    await setFaults({ latency: { ms: 5 } });
    expect((await h.get("/rest/api/3/myself")).status).toBe(200);
    const stats = (await (await fetch(`${h.url}/__sandbox/faults`)).json()) as any;
    expect(stats.stats.delayed).toBe(1);
  });

  it("refuses oversized bodies with 413 in the product's shape", async () => {
    const big = "x".repeat(11 * 1024 * 1024);
    const res = await h.post("/rest/api/3/issue", big, { headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.body.errorMessages).toBeDefined();
  });

  it("answers unknown paths with 404 in each product's shape", async () => {
    const jira = await h.get("/rest/api/3/nothing-here");
    expect(jira.status).toBe(404);
    expect(jira.body.errorMessages).toBeDefined();
    const conf = await h.get("/wiki/api/v2/nothing-here");
    expect(conf.status).toBe(404);
    expect(conf.body.errors[0].status).toBe(404);
  });

  it("resets state to the seed", async () => {
    const before = (await (await fetch(`${h.url}/__sandbox/health`)).json()) as any;
    h.sandbox.context.store.issues.clear();
    const after = (await (await fetch(`${h.url}/__sandbox/reset`, { method: "POST" })).json()) as any;
    expect(after.issues).toBe(before.issues);
  });
});
