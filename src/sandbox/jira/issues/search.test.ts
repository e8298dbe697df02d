import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { SandboxHarness } from "../../../../test/support/sandbox-harness.js";
import { SEARCH_REMOVED, UNBOUNDED_JQL } from "./search-routes.js";
import { CheckedClient } from "./test-client.js";

const V3 = "/rest/api/3";

let h: SandboxHarness;
let api: CheckedClient;

beforeAll(async () => {
  h = await SandboxHarness.start();
  api = new CheckedClient(h, "Jira search (Cloud)");
});

afterAll(async () => {
  await h.close();
  api.finish();
});

function projectIssueCount(key: string): number {
  const store = h.sandbox.context.store;
  const id = store.findProject(key)!.id;
  return [...store.issues.values()].filter((i) => i.projectId === id).length;
}

describe("/search/jql", () => {
  it("returns only ids by default and pages with opaque tokens (no total, no startAt)", async () => {
    const expected = projectIssueCount("BACKEND");
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { jql: "project = BACKEND", maxResults: 40 };
      if (token) query.nextPageToken = token;
      const res = await api.get(`${V3}/search/jql`, { query });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty("total");
      expect(res.body).not.toHaveProperty("startAt");
      for (const issue of res.body.issues) expect(Object.keys(issue)).toEqual(["id"]);
      seen.push(...res.body.issues.map((i: { id: string }) => i.id));
      token = res.body.nextPageToken;
      expect(res.body.isLast).toBe(token === undefined);
      pages++;
    } while (token && pages < 100);
    expect(seen.length).toBe(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it("defaults to 50 per page and serializes requested fields", async () => {
    const res = await api.get(`${V3}/search/jql`, {
      query: { jql: "project = FRONTEND ORDER BY key ASC", fields: "summary,status" },
    });
    expect(res.body.issues.length).toBe(Math.min(50, projectIssueCount("FRONTEND")));
    expect(Object.keys(res.body.issues[0].fields).sort()).toEqual(["status", "summary"]);
    expect(res.body.issues[0].key).toBe("FRONTEND-1");
    const nav = await api.get(`${V3}/search/jql`, {
      query: { jql: "project = FRONTEND", fields: "*navigable", maxResults: 1 },
    });
    expect(nav.body.issues[0].fields).toHaveProperty("assignee");
    expect(nav.body.issues[0].fields).not.toHaveProperty("comment");
  });

  it("supports POST with the same semantics and top-level names/schema", async () => {
    const res = await api.post(`${V3}/search/jql`, {
      jql: "project = DEVOPS AND statusCategory != Done",
      fields: ["summary", "priority"],
      maxResults: 5,
      expand: "names,schema",
    });
    expect(res.status).toBe(200);
    expect(res.body.issues.length).toBeLessThanOrEqual(5);
    expect(res.body.names).toEqual({ summary: "Summary", priority: "Priority" });
    expect(res.body.schema.priority).toEqual({ type: "priority", system: "priority" });
    for (const issue of res.body.issues) expect(issue.fields.priority).toHaveProperty("name");
  });

  it("refuses unbounded queries and invalid JQL with Jira's messages", async () => {
    for (const jql of ["", "ORDER BY created DESC"]) {
      const res = await api.get(`${V3}/search/jql`, { query: { jql } });
      expect(res.status, jql).toBe(400);
      expect(res.body).toEqual({ errorMessages: [UNBOUNDED_JQL], errors: {} });
    }
    const bad = await api.get(`${V3}/search/jql`, { query: { jql: "project = = FRONTEND" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/^Error in the JQL Query/);
    const token = await api.get(`${V3}/search/jql`, {
      query: { jql: "project = FRONTEND", nextPageToken: "garbage!" },
    });
    expect(token.status).toBe(400);
    const otherQuery = await api.get(`${V3}/search/jql`, {
      query: { jql: "project = BACKEND", maxResults: 1 },
    });
    const misuse = await api.get(`${V3}/search/jql`, {
      query: { jql: "project = FRONTEND", nextPageToken: otherQuery.body.nextPageToken },
    });
    expect(misuse.status).toBe(400);
    expect((await api.post(`${V3}/search/jql`, { jql: 5 })).status).toBe(400);
    expect(
      (await api.get(`${V3}/search/jql`, { query: { jql: "project = X", maxResults: "many" } })).status,
    ).toBe(400);
    expect(
      (await api.get(`${V3}/search/jql`, { query: { jql: "project = FRONTEND" }, as: "anonymous" })).status,
    ).toBe(401);
  });

  it("sees writes immediately", async () => {
    const created = await api.post(`${V3}/issue`, {
      fields: { project: { key: "DEVOPS" }, issuetype: { name: "Task" }, summary: "zebra-unicorn-marker" },
    });
    const res = await api.get(`${V3}/search/jql`, {
      query: { jql: `key = ${created.body.key}`, fields: "summary" },
    });
    expect(res.body.issues.map((i: { key: string }) => i.key)).toEqual([created.body.key]);
  });

  it("counts approximately", async () => {
    const res = await api.post(`${V3}/search/approximate-count`, { jql: "project = BACKEND" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: projectIssueCount("BACKEND") });
    expect((await api.post(`${V3}/search/approximate-count`, { jql: "" })).status).toBe(400);
    expect((await api.post(`${V3}/search/approximate-count`, { jql: "project in (" })).status).toBe(400);
  });
});

describe("removed /search", () => {
  it("answers 410 Gone pointing at /search/jql", async () => {
    for (const res of [
      await api.get(`${V3}/search`, { query: { jql: "project = FRONTEND" } }),
      await api.post(`${V3}/search`, { jql: "project = FRONTEND" }),
    ]) {
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ errorMessages: [SEARCH_REMOVED], errors: {} });
    }
  });
});
