import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Confluence is not under test; leaving it out keeps this file independent of its converters.
vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { SandboxHarness } from "../../../../test/support/sandbox-harness.js";
import { CheckedClient, memberCredentials } from "./test-client.js";

const V3 = "/rest/api/3";
const NOT_FOUND = {
  errorMessages: ["Issue does not exist or you do not have permission to see it."],
  errors: {},
};

let h: SandboxHarness;
let api: CheckedClient;

beforeAll(async () => {
  h = await SandboxHarness.start();
  api = new CheckedClient(h, "Jira issues (Cloud)");
});

afterAll(async () => {
  await h.close();
  api.finish();
});

const adf = (text: string) => ({
  type: "doc",
  version: 1,
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

async function create(fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await api.post(`${V3}/issue`, {
    fields: {
      project: { key: "FRONTEND" },
      issuetype: { name: "Task" },
      summary: "Created in a test",
      ...fields,
    },
    ...extra,
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; key: string; self: string };
}

describe("GET issue", () => {
  it("returns every documented field with Jira's shapes", async () => {
    const res = await api.get(`${V3}/issue/FRONTEND-2`);
    expect(res.status).toBe(200);
    const f = res.body.fields;
    for (const id of [
      "summary",
      "description",
      "status",
      "priority",
      "issuetype",
      "project",
      "assignee",
      "reporter",
      "creator",
      "labels",
      "components",
      "fixVersions",
      "subtasks",
      "issuelinks",
      "attachment",
      "comment",
      "worklog",
      "watches",
      "created",
      "updated",
      "resolution",
      "resolutiondate",
      "duedate",
      "timetracking",
      "environment",
      "customfield_10020",
      "customfield_10016",
    ]) {
      expect(f, id).toHaveProperty(id);
    }
    expect(f.status.statusCategory).toMatchObject({ key: expect.any(String), id: expect.any(Number) });
    expect(f.comment).toMatchObject({ comments: expect.any(Array), total: expect.any(Number), startAt: 0 });
    expect(f.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(f.project.key).toBe("FRONTEND");
    expect(res.body.key).toBe("FRONTEND-2");
    expect(res.body.self).toBe(`${h.url}${V3}/issue/${res.body.id}`);
  });

  it("accepts the numeric id and a lower-case key", async () => {
    const byKey = await api.get(`${V3}/issue/frontend-2?fields=summary`);
    const byId = await api.get(`${V3}/issue/${byKey.body.id}?fields=summary`);
    expect(byId.body.key).toBe("FRONTEND-2");
    expect(byId.body.fields).toEqual(byKey.body.fields);
  });

  it("applies Jira's fields selection semantics", async () => {
    const only = await api.get(`${V3}/issue/FRONTEND-2?fields=summary,status`);
    expect(Object.keys(only.body.fields).sort()).toEqual(["status", "summary"]);
    const minus = await api.get(`${V3}/issue/FRONTEND-2?fields=-comment,-description`);
    expect(minus.body.fields).not.toHaveProperty("comment");
    expect(minus.body.fields).not.toHaveProperty("description");
    expect(minus.body.fields).toHaveProperty("summary");
    const nav = await api.get(`${V3}/issue/FRONTEND-2?fields=*navigable`);
    expect(nav.body.fields).not.toHaveProperty("comment");
    expect(nav.body.fields).toHaveProperty("assignee");
    const repeated = await api.get(`${V3}/issue/FRONTEND-2`, { query: { fields: "labels" } });
    expect(Object.keys(repeated.body.fields)).toEqual(["labels"]);
    const unknown = await api.get(`${V3}/issue/FRONTEND-2?fields=nonsense`);
    expect(unknown.body.fields).toEqual({});
  });

  it("expands names, schema, renderedFields, transitions, changelog and editmeta", async () => {
    const res = await api.get(
      `${V3}/issue/FRONTEND-2?fields=summary,description&expand=names,schema,renderedFields,transitions,changelog,editmeta`,
    );
    expect(res.body.names).toEqual({ summary: "Summary", description: "Description" });
    expect(res.body.schema.summary).toEqual({ type: "string", system: "summary" });
    expect(
      typeof res.body.renderedFields.description === "string" || res.body.renderedFields.description === null,
    ).toBe(true);
    expect(res.body.transitions.length).toBeGreaterThan(0);
    expect(res.body.transitions[0]).toMatchObject({ id: expect.any(String), to: { id: expect.any(String) } });
    expect(res.body.changelog).toMatchObject({ histories: [] });
    expect(res.body.editmeta.fields.priority.allowedValues.length).toBe(5);
  });

  it("answers Jira's 404 for unknown or malformed ids, and 401 anonymously", async () => {
    for (const id of ["FRONTEND-999999", "NOPE-1", "99999999", "..%2F..%2Fetc", "%00", "A".repeat(600)]) {
      const res = await api.get(`${V3}/issue/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body, id).toEqual(NOT_FOUND);
    }
    const anon = await api.get(`${V3}/issue/FRONTEND-2`, { as: "anonymous" });
    expect(anon.status).toBe(401);
  });

  it("is served through the OAuth gateway with gateway self links", async () => {
    const token = (await h.oauthTokens()).access_token;
    const gw = `/ex/jira/${h.sandbox.context.cloudId}`;
    const res = await api.get(`${gw}${V3}/issue/FRONTEND-2?fields=summary`, { as: { bearer: token } });
    expect(res.status).toBe(200);
    expect(res.body.self).toBe(`${h.url}${gw}${V3}/issue/${res.body.id}`);
  });
});

describe("create issue", () => {
  it("creates with defaults (reporter = caller, To Do, default priority) and reads back", async () => {
    const created = await create({ description: adf("Hello"), labels: ["alpha", "beta"] });
    expect(created.key).toMatch(/^FRONTEND-\d+$/);
    const res = await api.get(`${V3}/issue/${created.key}`);
    const f = res.body.fields;
    expect(f.summary).toBe("Created in a test");
    expect(f.description).toEqual(adf("Hello"));
    expect(f.labels).toEqual(["alpha", "beta"]);
    expect(f.reporter.accountId).toBe(h.info.accountId);
    expect(f.creator.accountId).toBe(h.info.accountId);
    expect(f.status.statusCategory.key).toBe("new");
    expect(f.priority.name).toBe("Medium");
    expect(f.assignee).toBeNull();
    expect(f.watches.isWatching).toBe(true);
  });

  it("sets assignee by accountId, components, versions, due date, story points, parent epic", async () => {
    const store = h.sandbox.context.store;
    const project = store.findProject("FRONTEND")!;
    const component = [...store.components.values()].find((c) => c.projectId === project.id)!;
    const version = [...store.versions.values()].find((v) => v.projectId === project.id && !v.archived)!;
    const epic = [...store.issues.values()].find(
      (i) => i.projectId === project.id && i.issueTypeId === "10000",
    )!;
    const member = memberCredentials(h);
    const created = await create({
      issuetype: { id: "10001" },
      assignee: { accountId: member.accountId },
      components: [{ id: component.id }],
      fixVersions: [{ name: version.name }],
      duedate: "2026-12-24",
      customfield_10016: 5,
      parent: { key: epic.key },
      priority: { name: "High" },
      timetracking: { originalEstimate: "1d 2h" },
    });
    const f = (await api.get(`${V3}/issue/${created.id}`)).body.fields;
    expect(f.issuetype.name).toBe("Story");
    expect(f.assignee.accountId).toBe(member.accountId);
    expect(f.components.map((c: { id: string }) => c.id)).toEqual([component.id]);
    expect(f.fixVersions.map((v: { id: string }) => v.id)).toEqual([version.id]);
    expect(f.duedate).toBe("2026-12-24");
    expect(f.customfield_10016).toBe(5);
    expect(f.parent).toMatchObject({ key: epic.key, fields: { summary: epic.summary } });
    expect(f.priority.name).toBe("High");
    expect(f.timetracking).toMatchObject({ originalEstimate: "1d 2h", originalEstimateSeconds: 36000 });
  });

  it("reports Jira's per-field errors for missing and invalid fields", async () => {
    const noSummary = await api.post(`${V3}/issue`, {
      fields: { project: { key: "FRONTEND" }, issuetype: { name: "Task" } },
    });
    expect(noSummary.status).toBe(400);
    expect(noSummary.body).toEqual({
      errorMessages: [],
      errors: { summary: "You must specify a summary of the issue." },
    });
    const noProject = await api.post(`${V3}/issue`, {
      fields: { summary: "x", issuetype: { name: "Task" } },
    });
    expect(noProject.body.errors).toHaveProperty("project");
    const badType = await api.post(`${V3}/issue`, {
      fields: { project: { key: "FRONTEND" }, issuetype: { name: "Nope" }, summary: "x" },
    });
    expect(badType.body.errors).toHaveProperty("issuetype");
    const many = await api.post(`${V3}/issue`, {
      fields: {
        project: { id: h.sandbox.context.store.findProject("FRONTEND")!.id },
        issuetype: { name: "Task" },
        summary: "x".repeat(300),
        description: "plain text is not ADF",
        assignee: { accountId: "nobody" },
        labels: ["has space"],
        status: { id: "3" },
        customfield_99999: 1,
        duedate: "2026-02-30",
      },
    });
    expect(many.status).toBe(400);
    expect(many.body.errors).toEqual({
      summary: "Summary must be less than 255 characters.",
      description: "Operation value must be an Atlassian Document",
      assignee: "Specified user does not exist or you do not have required permissions",
      labels: "The label 'has space' contains spaces which is invalid.",
      status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown.",
      customfield_99999:
        "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
      duedate: "Error parsing date string: 2026-02-30",
    });
  });

  it("requires a parent for sub-tasks and keeps them in the parent's project", async () => {
    const missing = await api.post(`${V3}/issue`, {
      fields: { project: { key: "FRONTEND" }, issuetype: { name: "Sub-task" }, summary: "x" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toHaveProperty("parent");
    const parent = await create({});
    const sub = await create({ issuetype: { name: "Sub-task" }, parent: { key: parent.key } });
    const p = (await api.get(`${V3}/issue/${parent.key}?fields=subtasks`)).body.fields;
    expect(p.subtasks.map((s: { key: string }) => s.key)).toEqual([sub.key]);
  });

  it("answers malformed bodies with a 400, never a crash", async () => {
    for (const body of [
      "{not json",
      "[1,2]",
      '"str"',
      JSON.stringify({ fields: [] }),
      JSON.stringify({ fields: { project: 7 } }),
    ]) {
      const res = await api.post(`${V3}/issue`, body, { headers: { "content-type": "application/json" } });
      expect(res.status, body).toBe(400);
      expect(res.body).toMatchObject({ errorMessages: expect.any(Array), errors: expect.any(Object) });
    }
  });

  it("forbids the browse-only viewer", async () => {
    const res = await api.post(
      `${V3}/issue`,
      { fields: { project: { key: "FRONTEND" }, issuetype: { name: "Task" }, summary: "x" } },
      { as: "viewer" },
    );
    expect(res.status).toBe(403);
    expect(res.body.errorMessages).toEqual(["You do not have permission to create issues in this project."]);
  });
});

describe("bulk create and bulk fetch", () => {
  it("creates what it can and reports failed elements, as Jira does", async () => {
    const res = await api.post(`${V3}/issue/bulk`, {
      issueUpdates: [
        { fields: { project: { key: "BACKEND" }, issuetype: { name: "Bug" }, summary: "bulk one" } },
        { fields: { project: { key: "BACKEND" }, issuetype: { name: "Bug" } } },
        { fields: { project: { key: "BACKEND" }, issuetype: { name: "Task" }, summary: "bulk three" } },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.issues).toHaveLength(2);
    expect(res.body.errors).toEqual([
      {
        status: 400,
        elementErrors: { errorMessages: [], errors: { summary: "You must specify a summary of the issue." } },
        failedElementNumber: 1,
      },
    ]);
    const read = await api.get(`${V3}/issue/${res.body.issues[1].key}?fields=summary`);
    expect(read.body.fields.summary).toBe("bulk three");
  });

  it("answers 400 when every element fails or the batch is too big", async () => {
    const all = await api.post(`${V3}/issue/bulk`, { issueUpdates: [{ fields: {} }] });
    expect(all.status).toBe(400);
    expect(all.body.issues).toEqual([]);
    const big = await api.post(`${V3}/issue/bulk`, {
      issueUpdates: Array.from({ length: 51 }, () => ({ fields: {} })),
    });
    expect(big.status).toBe(400);
    const junk = await api.post(`${V3}/issue/bulk`, "{", { headers: { "content-type": "application/json" } });
    expect(junk.status).toBe(400);
    const viewer = await api.post(
      `${V3}/issue/bulk`,
      {
        issueUpdates: [{ fields: { project: { key: "BACKEND" }, issuetype: { name: "Bug" }, summary: "v" } }],
      },
      { as: "viewer" },
    );
    expect(viewer.status).toBe(400);
    expect(viewer.body.errors[0].status).toBe(403);
  });

  it("bulk-fetches by ids and keys, skipping unknown ones", async () => {
    const res = await api.post(`${V3}/issue/bulkfetch`, {
      issueIdsOrKeys: ["FRONTEND-2", "FRONTEND-3", "NOPE-1", "frontend-2"],
      fields: ["summary"],
    });
    expect(res.status).toBe(200);
    expect(res.body.issues.map((i: { key: string }) => i.key)).toEqual(["FRONTEND-2", "FRONTEND-3"]);
    expect(Object.keys(res.body.issues[0].fields)).toEqual(["summary"]);
    expect((await api.post(`${V3}/issue/bulkfetch`, { issueIdsOrKeys: "x" })).status).toBe(400);
  });
});

describe("edit issue", () => {
  it("sets fields and applies update operations, then reads back", async () => {
    const created = await create({ labels: ["keep", "drop"] });
    const store = h.sandbox.context.store;
    const project = store.findProject("FRONTEND")!;
    const [c1, c2] = [...store.components.values()].filter((c) => c.projectId === project.id);
    const res = await api.put(`${V3}/issue/${created.key}`, {
      fields: { summary: "Edited", description: adf("New text") },
      update: {
        labels: [{ add: "added" }, { remove: "drop" }],
        components: [{ set: [{ id: c1!.id }] }, { add: { name: c2!.name } }],
        comment: [{ add: { body: adf("Edit comment") } }],
      },
    });
    expect(res.status, res.text).toBe(204);
    const f = (await api.get(`${V3}/issue/${created.key}`)).body.fields;
    expect(f.summary).toBe("Edited");
    expect(f.description).toEqual(adf("New text"));
    expect(f.labels).toEqual(["keep", "added"]);
    expect(f.components.map((c: { id: string }) => c.id)).toEqual([c1!.id, c2!.id]);
    expect(f.comment.comments.at(-1).body).toEqual(adf("Edit comment"));
  });

  it("returns the issue with returnIssue=true", async () => {
    const created = await create({});
    const res = await api.put(`${V3}/issue/${created.key}?returnIssue=true`, {
      fields: { summary: "Returned" },
    });
    expect(res.status).toBe(200);
    expect(res.body.fields.summary).toBe("Returned");
  });

  it("clears the assignee with null and rejects unknown fields and bad values", async () => {
    const created = await create({ assignee: { accountId: h.info.accountId } });
    expect((await api.put(`${V3}/issue/${created.key}`, { fields: { assignee: null } })).status).toBe(204);
    expect((await api.get(`${V3}/issue/${created.key}?fields=assignee`)).body.fields.assignee).toBeNull();
    const bad = await api.put(`${V3}/issue/${created.key}`, {
      fields: { nonsense: 1, summary: "" },
      update: { labels: [{ frobnicate: "x" }] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["labels", "nonsense", "summary"]);
    const both = await api.put(`${V3}/issue/${created.key}`, {
      fields: { labels: ["a"] },
      update: { labels: [{ add: "b" }] },
    });
    expect(both.body.errors.labels).toBe("Field 'labels' cannot be set in both 'fields' and 'update'.");
    expect(
      (
        await api.put(`${V3}/issue/${created.key}`, "{oops", {
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    expect(
      (await api.put(`${V3}/issue/${created.key}`, { fields: { project: { key: "BACKEND" } } })).status,
    ).toBe(400);
  });

  it("403s the viewer and 404s unknown issues", async () => {
    const viewer = await api.put(`${V3}/issue/FRONTEND-2`, { fields: { summary: "x" } }, { as: "viewer" });
    expect(viewer.status).toBe(403);
    expect(viewer.body.errorMessages).toEqual(["You do not have permission to edit issues in this project."]);
    const missing = await api.put(`${V3}/issue/FRONTEND-999999`, { fields: { summary: "x" } });
    expect(missing.status).toBe(404);
  });
});

describe("delete issue", () => {
  it("refuses issues with sub-tasks unless deleteSubtasks=true", async () => {
    const parent = await create({});
    const sub = await create({ issuetype: { name: "Sub-task" }, parent: { key: parent.key } });
    const refused = await api.delete(`${V3}/issue/${parent.key}`);
    expect(refused.status).toBe(400);
    expect((await api.delete(`${V3}/issue/${parent.key}`, { as: "viewer" })).status).toBe(403);
    expect((await api.delete(`${V3}/issue/${parent.key}?deleteSubtasks=true`)).status).toBe(204);
    expect((await api.get(`${V3}/issue/${parent.key}`)).status).toBe(404);
    expect((await api.get(`${V3}/issue/${sub.key}`)).status).toBe(404);
    expect((await api.delete(`${V3}/issue/${parent.key}`)).status).toBe(404);
  });
});

describe("createmeta", () => {
  it("lists the project's issue types and each type's fields with required flags", async () => {
    const types = await api.get(`${V3}/issue/createmeta/FRONTEND/issuetypes`);
    expect(types.status).toBe(200);
    expect(types.body.issueTypes.map((t: { name: string }) => t.name)).toContain("Story");
    const sub = types.body.issueTypes.find((t: { subtask: boolean }) => t.subtask);
    const fields = await api.get(`${V3}/issue/createmeta/FRONTEND/issuetypes/${sub.id}`);
    expect(fields.status).toBe(200);
    const byId = Object.fromEntries(fields.body.fields.map((f: { fieldId: string }) => [f.fieldId, f]));
    expect(byId.summary.required).toBe(true);
    expect(byId.parent.required).toBe(true);
    expect(byId.priority.allowedValues.map((p: { name: string }) => p.name)).toContain("Highest");
    const paged = await api.get(
      `${V3}/issue/createmeta/FRONTEND/issuetypes/${sub.id}?maxResults=2&startAt=1`,
    );
    expect(paged.body.fields).toHaveLength(2);
    expect(paged.body.total).toBe(fields.body.total);
    expect((await api.get(`${V3}/issue/createmeta/NOPE/issuetypes`)).status).toBe(400);
    expect((await api.get(`${V3}/issue/createmeta/FRONTEND/issuetypes/999`)).status).toBe(400);
  });
});

describe("fields and labels", () => {
  it("lists system and custom fields with schemas", async () => {
    const res = await api.get(`${V3}/field`);
    const byId = Object.fromEntries(res.body.map((f: { id: string }) => [f.id, f]));
    expect(byId.customfield_10020).toMatchObject({ name: "Sprint", custom: true });
    expect(byId.customfield_10016.schema).toMatchObject({ type: "number", customId: 10016 });
    expect(byId.summary.schema).toEqual({ type: "string", system: "summary" });
  });

  it("pages distinct labels", async () => {
    const all = await api.get(`${V3}/label`);
    expect(all.body.values.length).toBe(all.body.total);
    expect(new Set(all.body.values).size).toBe(all.body.total);
    const page = await api.get(`${V3}/label?maxResults=2&startAt=1`);
    expect(page.body.values).toEqual(all.body.values.slice(1, 3));
    expect(page.body.isLast).toBe(false);
    expect((await api.get(`${V3}/label?maxResults=x`)).status).toBe(400);
  });
});

describe("robustness", () => {
  it("answers arbitrary JSON bodies on every write with a 2xx/4xx, never a 5xx", async () => {
    const fc = await import("fast-check");
    const key = (await create({})).key;
    const targets: Array<[string, string]> = [
      ["POST", `${V3}/issue`],
      ["PUT", `${V3}/issue/${key}`],
      ["POST", `${V3}/issue/${key}/transitions`],
      ["POST", `${V3}/issue/${key}/comment`],
      ["POST", `${V3}/issue/${key}/worklog`],
      ["POST", `${V3}/issueLink`],
      ["POST", `${V3}/issue/bulk`],
      ["POST", `${V3}/search/jql`],
    ];
    const fieldValue = fc.anything({ maxDepth: 3 });
    const body = fc.oneof(
      fc.anything({ maxDepth: 4 }),
      fc.record({
        fields: fc.dictionary(
          fc.constantFrom(
            "summary",
            "labels",
            "assignee",
            "parent",
            "duedate",
            "customfield_10020",
            "description",
            "timetracking",
            "priority",
            "components",
          ),
          fieldValue,
        ),
      }),
      fc.record({
        update: fc.dictionary(
          fc.constantFrom("labels", "comment", "components", "issuelinks"),
          fc.array(fc.dictionary(fc.constantFrom("add", "set", "remove"), fieldValue)),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async ([method, path], value) => {
        const res = await h.request(method, path, {
          body: JSON.stringify(value ?? null),
          headers: { "content-type": "application/json" },
        });
        expect(
          res.status,
          `${method} ${path} ${JSON.stringify(value)} → ${res.text.slice(0, 200)}`,
        ).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
