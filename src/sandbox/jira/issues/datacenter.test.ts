import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { SandboxHarness } from "../../../../test/support/sandbox-harness.js";
import { CheckedClient, memberCredentials } from "./test-client.js";

const V2 = "/rest/api/2";

let h: SandboxHarness;
let api: CheckedClient;

beforeAll(async () => {
  h = await SandboxHarness.start({ deployment: "datacenter" });
  api = new CheckedClient(h, "Jira issues (Data Center)");
});

afterAll(async () => {
  await h.close();
  api.finish();
});

describe("Data Center issues", () => {
  it("returns wiki markup and name/key users", async () => {
    const res = await api.get(`${V2}/issue/FRONTEND-2`);
    expect(res.status).toBe(200);
    const f = res.body.fields;
    expect(typeof f.description === "string" || f.description === null).toBe(true);
    expect(f.reporter).toHaveProperty("name");
    expect(f.reporter).not.toHaveProperty("accountId");
    expect(res.body.self).toBe(`${h.url}${V2}/issue/${res.body.id}`);
  });

  it("creates with wiki markup and assignee by name, then reads it back", async () => {
    const member = memberCredentials(h);
    const name = h.sandbox.context.store.users.get(member.accountId)!.name;
    const created = await api.post(`${V2}/issue`, {
      fields: {
        project: { key: "BACKEND" },
        issuetype: { name: "Bug" },
        summary: "DC bug",
        description: "h2. Steps\n\n* open the page\n* click *save*",
        assignee: { name },
      },
    });
    expect(created.status, created.text).toBe(201);
    const f = (await api.get(`${V2}/issue/${created.body.key}`)).body.fields;
    expect(f.assignee.name).toBe(name);
    expect(f.description).toContain("h2. Steps");
    expect(f.description).toContain("*save*");
    const stored = h.sandbox.context.store.findIssue(created.body.key)!;
    expect(stored.description?.content[0]?.type).toBe("heading");
    const adfRejected = await api.post(`${V2}/issue`, {
      fields: {
        project: { key: "BACKEND" },
        issuetype: { name: "Bug" },
        summary: "x",
        description: { type: "doc" },
      },
    });
    expect(adfRejected.status).toBe(400);
    expect(adfRejected.body.errors.description).toBe("Operation value must be a string");
    const unknownUser = await api.post(`${V2}/issue`, {
      fields: {
        project: { key: "BACKEND" },
        issuetype: { name: "Bug" },
        summary: "x",
        assignee: { name: "ghost" },
      },
    });
    expect(unknownUser.body.errors.assignee).toBe("User 'ghost' does not exist.");
  });

  it("adds wiki comments and watchers by username", async () => {
    const res = await api.post(`${V2}/issue/FRONTEND-3/comment`, { body: "Looks *good* to me" });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe("Looks *good* to me");
    expect(res.body.author).toHaveProperty("name");
    const name = h.info.username;
    const del = await api.delete(`${V2}/issue/FRONTEND-3/watchers?username=${encodeURIComponent(name)}`);
    expect(del.status).toBe(204);
    const add = await api.post(`${V2}/issue/FRONTEND-3/watchers`, JSON.stringify(name), {
      headers: { "content-type": "application/json" },
    });
    expect(add.status).toBe(204);
    const watchers = await api.get(`${V2}/issue/FRONTEND-3/watchers`);
    expect(watchers.body.watchers.map((w: { name: string }) => w.name)).toContain(name);
  });

  it("searches with offset paging and a total; there is no /search/jql", async () => {
    const first = await api.get(`${V2}/search`, {
      query: { jql: "project = BACKEND ORDER BY key ASC", maxResults: 10, fields: "summary" },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 10 });
    expect(first.body.total).toBeGreaterThan(10);
    expect(first.body.issues[0].key).toBe("BACKEND-1");
    const second = await api.post(`${V2}/search`, {
      jql: "project = BACKEND ORDER BY key ASC",
      startAt: 10,
      maxResults: 10,
      fields: ["summary"],
    });
    expect(second.body.startAt).toBe(10);
    expect(second.body.issues[0].key).not.toBe("BACKEND-1");
    const all = await api.get(`${V2}/search`, { query: { maxResults: 1 } });
    expect(all.body.total).toBe(h.sandbox.context.store.issues.size);
    const bad = await api.get(`${V2}/search`, { query: { jql: "project = = X" } });
    expect(bad.status).toBe(400);
    expect((await h.get(`${V2}/search/jql`, { query: { jql: "project = BACKEND" } })).status).toBe(404);
    expect((await h.get("/rest/api/3/issue/FRONTEND-2")).status).toBe(404);
  });

  it("transitions and 403s the viewer on writes", async () => {
    const done = (await api.get(`${V2}/issue/FRONTEND-4/transitions`)).body.transitions.find(
      (t: { name: string }) => t.name === "Done",
    );
    if (done) {
      expect(
        (await api.post(`${V2}/issue/FRONTEND-4/transitions`, { transition: { id: done.id } })).status,
      ).toBe(204);
      expect((await api.get(`${V2}/issue/FRONTEND-4?fields=status`)).body.fields.status.name).toBe("Done");
    }
    const viewer = await api.put(`${V2}/issue/FRONTEND-4`, { fields: { summary: "x" } }, { as: "viewer" });
    expect(viewer.status).toBe(403);
  });
});

describe("Data Center createmeta", () => {
  it("pages issue types and fields as values with isLast", async () => {
    const types = await api.get(`${V2}/issue/createmeta/FRONTEND/issuetypes`);
    expect(types.status).toBe(200);
    expect(types.body.isLast).toBe(true);
    const story = types.body.values.find((t: { name: string }) => t.name === "Story");
    const fields = await api.get(`${V2}/issue/createmeta/FRONTEND/issuetypes/${story.id}?maxResults=3`);
    expect(fields.body.values).toHaveLength(3);
    expect(fields.body.isLast).toBe(false);
    expect(fields.body.values[0]).toHaveProperty("fieldId");
  });
});
