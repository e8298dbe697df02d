import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { type As, SandboxHarness } from "../../../../test/support/sandbox-harness.js";
import { CheckedClient, memberCredentials } from "./test-client.js";

const V3 = "/rest/api/3";

let h: SandboxHarness;
let api: CheckedClient;
let member: { as: As; accountId: string };

beforeAll(async () => {
  h = await SandboxHarness.start();
  api = new CheckedClient(h, "Jira issue activity (Cloud)");
  member = memberCredentials(h);
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

async function newIssue(summary = "Activity test"): Promise<string> {
  const res = await api.post(`${V3}/issue`, {
    fields: { project: { key: "FRONTEND" }, issuetype: { name: "Task" }, summary },
  });
  expect(res.status).toBe(201);
  return res.body.key;
}

describe("transitions", () => {
  it("lists transitions with target status, and screen fields on request", async () => {
    const key = await newIssue();
    const res = await api.get(`${V3}/issue/${key}/transitions?expand=transitions.fields`);
    expect(res.status).toBe(200);
    const names = res.body.transitions.map((t: { name: string }) => t.name);
    expect(names).toContain("Done");
    expect(names).not.toContain("To Do");
    const done = res.body.transitions.find((t: { name: string }) => t.name === "Done");
    expect(done.hasScreen).toBe(true);
    expect(done.to.statusCategory.key).toBe("done");
    expect(done.fields.resolution.required).toBe(true);
    const plain = await api.get(`${V3}/issue/${key}/transitions`);
    expect(plain.body.transitions[0]).not.toHaveProperty("fields");
  });

  it("moves to Done with a default resolution and back, clearing it", async () => {
    const key = await newIssue();
    const list = (await api.get(`${V3}/issue/${key}/transitions`)).body.transitions;
    const done = list.find((t: { name: string }) => t.name === "Done");
    const res = await api.post(`${V3}/issue/${key}/transitions`, {
      transition: { id: done.id },
      update: { comment: [{ add: { body: adf("Closing") } }] },
    });
    expect(res.status, res.text).toBe(204);
    let f = (await api.get(`${V3}/issue/${key}?fields=status,resolution,resolutiondate,comment`)).body.fields;
    expect(f.status.name).toBe("Done");
    expect(f.resolution.name).toBe("Done");
    expect(f.resolutiondate).not.toBeNull();
    expect(f.comment.comments.at(-1).body).toEqual(adf("Closing"));
    const back = (await api.get(`${V3}/issue/${key}/transitions`)).body.transitions.find(
      (t: { name: string }) => t.name === "In Progress",
    );
    expect((await api.post(`${V3}/issue/${key}/transitions`, { transition: { id: back.id } })).status).toBe(
      204,
    );
    f = (await api.get(`${V3}/issue/${key}?fields=status,resolution,resolutiondate`)).body.fields;
    expect(f.status.name).toBe("In Progress");
    expect(f.resolution).toBeNull();
    expect(f.resolutiondate).toBeNull();
  });

  it("takes an explicit resolution on the Done screen, refuses off-screen fields", async () => {
    const key = await newIssue();
    const list = (await api.get(`${V3}/issue/${key}/transitions`)).body.transitions;
    const done = list.find((t: { name: string }) => t.name === "Done");
    const prog = list.find((t: { name: string }) => t.name === "In Progress");
    const off = await api.post(`${V3}/issue/${key}/transitions`, {
      transition: { id: prog.id },
      fields: { resolution: { name: "Won't Do" } },
    });
    expect(off.status).toBe(400);
    expect(off.body.errors.resolution).toMatch(/cannot be set/);
    const ok = await api.post(`${V3}/issue/${key}/transitions`, {
      transition: { id: done.id },
      fields: { resolution: { name: "Won't Do" } },
    });
    expect(ok.status).toBe(204);
    expect((await api.get(`${V3}/issue/${key}?fields=resolution`)).body.fields.resolution.name).toBe(
      "Won't Do",
    );
  });

  it("rejects missing or invalid transition ids, the viewer, and unknown issues", async () => {
    const key = await newIssue();
    const invalid = await api.post(`${V3}/issue/${key}/transitions`, { transition: { id: "999" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errorMessages).toEqual(["Transition id '999' is not valid for this issue."]);
    expect((await api.post(`${V3}/issue/${key}/transitions`, {})).status).toBe(400);
    expect(
      (
        await api.post(`${V3}/issue/${key}/transitions`, "x{", {
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    const viewer = await api.post(
      `${V3}/issue/${key}/transitions`,
      { transition: { id: "21" } },
      { as: "viewer" },
    );
    expect(viewer.status).toBe(400);
    expect(viewer.body.errorMessages).toEqual(["You do not have permission to transition this issue."]);
    expect((await api.get(`${V3}/issue/NOPE-1/transitions`)).status).toBe(404);
    expect((await api.post(`${V3}/issue/NOPE-1/transitions`, { transition: { id: "21" } })).status).toBe(404);
  });
});

describe("comments", () => {
  it("adds, lists (paged, ordered), reads, edits and deletes", async () => {
    const key = await newIssue();
    const ids: string[] = [];
    for (const text of ["one", "two", "three"]) {
      const res = await api.post(`${V3}/issue/${key}/comment`, { body: adf(text) });
      expect(res.status).toBe(201);
      expect(res.body.author.accountId).toBe(h.info.accountId);
      ids.push(res.body.id);
    }
    const page = await api.get(`${V3}/issue/${key}/comment?startAt=1&maxResults=1`);
    expect(page.body).toMatchObject({ startAt: 1, maxResults: 1, total: 3 });
    expect(page.body.comments[0].body).toEqual(adf("two"));
    const desc = await api.get(`${V3}/issue/${key}/comment?orderBy=-created`);
    expect(desc.body.comments.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    const one = await api.get(`${V3}/issue/${key}/comment/${ids[0]}?expand=renderedBody`);
    expect(one.body.renderedBody).toContain("one");
    const edited = await api.put(`${V3}/issue/${key}/comment/${ids[0]}`, { body: adf("uno") });
    expect(edited.status).toBe(200);
    expect((await api.get(`${V3}/issue/${key}/comment/${ids[0]}`)).body.body).toEqual(adf("uno"));
    expect((await api.delete(`${V3}/issue/${key}/comment/${ids[1]}`)).status).toBe(204);
    expect((await api.get(`${V3}/issue/${key}/comment/${ids[1]}`)).status).toBe(404);
    expect((await api.get(`${V3}/issue/${key}?fields=comment`)).body.fields.comment.total).toBe(2);
  });

  it("lets only the author or an admin change a comment; the viewer cannot comment", async () => {
    const key = await newIssue();
    const mine = await api.post(`${V3}/issue/${key}/comment`, { body: adf("member's") }, { as: member.as });
    expect(mine.status).toBe(201);
    const admins = await api.post(`${V3}/issue/${key}/comment`, { body: adf("admin's") });
    const denied = await api.put(
      `${V3}/issue/${key}/comment/${admins.body.id}`,
      { body: adf("x") },
      { as: member.as },
    );
    expect(denied.status).toBe(400);
    expect((await api.delete(`${V3}/issue/${key}/comment/${admins.body.id}`, { as: member.as })).status).toBe(
      400,
    );
    expect(
      (await api.put(`${V3}/issue/${key}/comment/${mine.body.id}`, { body: adf("ok") }, { as: member.as }))
        .status,
    ).toBe(200);
    expect(
      (await api.put(`${V3}/issue/${key}/comment/${mine.body.id}`, { body: adf("admin ok") })).status,
    ).toBe(200);
    const viewer = await api.post(`${V3}/issue/${key}/comment`, { body: adf("no") }, { as: "viewer" });
    expect(viewer.status).toBe(400);
    expect(viewer.body.errorMessages).toEqual(["You do not have the permission to comment on this issue."]);
  });

  it("validates bodies, visibility, ids and ordering", async () => {
    const key = await newIssue();
    const cases: unknown[] = [
      {},
      { body: "wiki text on v3" },
      { body: { type: "doc" } },
      { body: adf("x"), visibility: { type: "group", value: "no-such-group" } },
    ];
    for (const body of cases) {
      const res = await api.post(`${V3}/issue/${key}/comment`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const vis = await api.post(`${V3}/issue/${key}/comment`, {
      body: adf("x"),
      visibility: { type: "role", value: "Developers" },
    });
    expect(vis.body.visibility).toEqual({ type: "role", value: "Developers" });
    for (const id of ["abc", "99999999", "..%2F1"]) {
      expect((await api.get(`${V3}/issue/${key}/comment/${id}`)).status, id).toBe(404);
    }
    expect((await api.get(`${V3}/issue/${key}/comment?orderBy=sideways`)).status).toBe(400);
    expect((await api.get(`${V3}/issue/NOPE-1/comment`)).status).toBe(404);
  });
});

describe("worklogs", () => {
  it("adds with timeSpent or seconds, lists, edits and deletes; time tracking follows", async () => {
    const key = await newIssue();
    const a = await api.post(`${V3}/issue/${key}/worklog`, {
      timeSpent: "3h 20m",
      started: "2026-11-01T09:00:00.000+0000",
      comment: adf("pairing"),
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      timeSpent: "3h 20m",
      timeSpentSeconds: 12000,
      started: "2026-11-01T09:00:00.000+0000",
    });
    const b = await api.post(`${V3}/issue/${key}/worklog`, {
      timeSpentSeconds: 3600,
      started: "2026-11-02T10:00:00.000+0200",
    });
    expect(b.body.started).toBe("2026-11-02T08:00:00.000+0000");
    const list = await api.get(`${V3}/issue/${key}/worklog`);
    expect(list.body).toMatchObject({ startAt: 0, total: 2 });
    const after = await api.get(`${V3}/issue/${key}/worklog?startedAfter=${Date.UTC(2026, 10, 2)}`);
    expect(after.body.worklogs.map((w: { id: string }) => w.id)).toEqual([b.body.id]);
    expect(
      (await api.put(`${V3}/issue/${key}/worklog/${a.body.id}`, { timeSpent: "1d" })).body.timeSpentSeconds,
    ).toBe(28800);
    const tt = (await api.get(`${V3}/issue/${key}?fields=timetracking,worklog`)).body.fields;
    expect(tt.timetracking).toMatchObject({ timeSpentSeconds: 32400, timeSpent: "1d 1h" });
    expect(tt.worklog.total).toBe(2);
    expect((await api.delete(`${V3}/issue/${key}/worklog/${b.body.id}`)).status).toBe(204);
    expect((await api.get(`${V3}/issue/${key}/worklog/${b.body.id}`)).status).toBe(404);
    expect((await api.get(`${V3}/issue/${key}/worklog/${a.body.id}`)).body.timeSpent).toBe("1d");
  });

  it("rejects bad durations, dates, the viewer and others' worklogs", async () => {
    const key = await newIssue();
    for (const body of [
      {},
      { timeSpent: "forever" },
      { timeSpent: "1h", timeSpentSeconds: 60 },
      { timeSpentSeconds: -5 },
      { timeSpent: "1h", started: "yesterday" },
      { timeSpent: "1h", comment: "text" },
    ]) {
      const res = await api.post(`${V3}/issue/${key}/worklog`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await api.post(`${V3}/issue/${key}/worklog?adjustEstimate=new`, { timeSpent: "1h" })).status,
    ).toBe(400);
    const viewer = await api.post(`${V3}/issue/${key}/worklog`, { timeSpent: "1h" }, { as: "viewer" });
    expect(viewer.status).toBe(400);
    const admin = await api.post(`${V3}/issue/${key}/worklog`, { timeSpent: "1h" });
    expect(
      (await api.put(`${V3}/issue/${key}/worklog/${admin.body.id}`, { timeSpent: "2h" }, { as: member.as }))
        .status,
    ).toBe(400);
    expect((await api.delete(`${V3}/issue/${key}/worklog/${admin.body.id}`, { as: member.as })).status).toBe(
      400,
    );
    expect((await api.get(`${V3}/issue/${key}/worklog/xyz`)).status).toBe(404);
  });
});

describe("issue links", () => {
  it("links issues, shows the link on both ends, reads and deletes it", async () => {
    const a = await newIssue("blocker");
    const b = await newIssue("blocked");
    const types = await api.get(`${V3}/issueLinkType`);
    expect(types.body.issueLinkTypes.map((t: { name: string }) => t.name)).toContain("Blocks");
    const res = await api.post(`${V3}/issueLink`, {
      type: { name: "Blocks" },
      inwardIssue: { key: a },
      outwardIssue: { key: b },
      comment: { body: adf("linking") },
    });
    expect(res.status).toBe(201);
    expect(res.text).toBe("");
    const fa = (await api.get(`${V3}/issue/${a}?fields=issuelinks`)).body.fields.issuelinks;
    const fb = (await api.get(`${V3}/issue/${b}?fields=issuelinks,comment`)).body.fields;
    expect(fa).toHaveLength(1);
    expect(fa[0].outwardIssue.key).toBe(b);
    expect(fa[0]).not.toHaveProperty("inwardIssue");
    expect(fb.issuelinks[0].inwardIssue.key).toBe(a);
    expect(fb.comment.comments.at(-1).body).toEqual(adf("linking"));
    const link = await api.get(`${V3}/issueLink/${fa[0].id}`);
    expect(link.body).toMatchObject({
      inwardIssue: { key: a },
      outwardIssue: { key: b },
      type: { name: "Blocks" },
    });
    expect((await api.delete(`${V3}/issueLink/${fa[0].id}`, { as: "viewer" })).status).toBe(404);
    expect((await api.delete(`${V3}/issueLink/${fa[0].id}`)).status).toBe(204);
    expect((await api.get(`${V3}/issueLink/${fa[0].id}`)).status).toBe(404);
    expect((await api.get(`${V3}/issue/${a}?fields=issuelinks`)).body.fields.issuelinks).toEqual([]);
  });

  it("rejects unknown types and issues, bad ids and the viewer", async () => {
    const a = await newIssue();
    expect(
      (
        await api.post(`${V3}/issueLink`, {
          type: { name: "Nope" },
          inwardIssue: { key: a },
          outwardIssue: { key: "FRONTEND-2" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.post(`${V3}/issueLink`, {
          type: { name: "Blocks" },
          inwardIssue: { key: a },
          outwardIssue: { key: "NOPE-9" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.post(`${V3}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: a } })).status,
    ).toBe(400);
    expect(
      (
        await api.post(
          `${V3}/issueLink`,
          { type: { name: "Blocks" }, inwardIssue: { key: a }, outwardIssue: { key: "FRONTEND-2" } },
          { as: "viewer" },
        )
      ).status,
    ).toBe(404);
    expect((await api.get(`${V3}/issueLink/abc`)).status).toBe(400);
  });
});

describe("watchers", () => {
  it("adds the caller or a named account, lists and removes", async () => {
    const key = await newIssue();
    const start = await api.get(`${V3}/issue/${key}/watchers`);
    expect(start.body).toMatchObject({ isWatching: true, watchCount: 1 });
    const add = await api.post(`${V3}/issue/${key}/watchers`, JSON.stringify(member.accountId), {
      headers: { "content-type": "application/json" },
    });
    expect(add.status).toBe(204);
    const after = await api.get(`${V3}/issue/${key}/watchers`);
    expect(after.body.watchers.map((w: { accountId: string }) => w.accountId)).toContain(member.accountId);
    expect(after.body.watchCount).toBe(2);
    expect(
      (await api.delete(`${V3}/issue/${key}/watchers?accountId=${encodeURIComponent(member.accountId)}`))
        .status,
    ).toBe(204);
    expect((await api.get(`${V3}/issue/${key}?fields=watches`)).body.fields.watches.watchCount).toBe(1);
  });

  it("rejects bad bodies, unknown users, missing accountId and the viewer", async () => {
    const key = await newIssue();
    const json = { headers: { "content-type": "application/json" } };
    expect((await api.post(`${V3}/issue/${key}/watchers`, "42", json)).status).toBe(400);
    expect((await api.post(`${V3}/issue/${key}/watchers`, JSON.stringify("nobody"), json)).status).toBe(404);
    expect((await api.delete(`${V3}/issue/${key}/watchers`)).status).toBe(400);
    expect(
      (
        await api.post(`${V3}/issue/${key}/watchers`, JSON.stringify(h.info.viewer.accountId), {
          ...json,
          as: "viewer",
        })
      ).status,
    ).toBe(403);
  });
});

describe("attachments", () => {
  const upload = (
    key: string,
    files: Array<[string, string, string]>,
    headers: Record<string, string> = { "X-Atlassian-Token": "no-check" },
    as: As = "admin",
  ) => {
    const form = new FormData();
    for (const [name, type, content] of files) form.append("file", new Blob([content], { type }), name);
    return api.post(`${V3}/issue/${key}/attachments`, form, { headers, as });
  };

  it("uploads several files, serves metadata and bytes, lists them on the issue, deletes", async () => {
    const key = await newIssue();
    const res = await upload(key, [
      ["notes.txt", "text/plain", "hello"],
      ["../../etc/passwd", "image/png", "PNG"],
    ]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((a: { filename: string }) => a.filename)).toEqual(["notes.txt", "passwd"]);
    const id = res.body[0].id;
    const meta = await api.get(`${V3}/attachment/${id}`);
    expect(meta.body).toMatchObject({
      id: Number(id),
      filename: "notes.txt",
      size: 5,
      mimeType: "text/plain",
    });
    const redirect = await api.get(`${V3}/attachment/content/${id}`);
    expect(redirect.status).toBe(303);
    const location = redirect.headers.get("location")!;
    expect(location).toContain(`/attachment/content/${id}?redirect=false`);
    const bytes = await api.get(`${V3}/attachment/content/${id}?redirect=false`);
    expect(bytes.status).toBe(200);
    expect(bytes.text).toBe("hello");
    expect(bytes.headers.get("content-type")).toContain("text/plain");
    const listed = (await api.get(`${V3}/issue/${key}?fields=attachment`)).body.fields.attachment;
    expect(listed).toHaveLength(2);
    expect((await api.delete(`${V3}/attachment/${id}`, { as: "viewer" })).status).toBe(403);
    expect((await api.delete(`${V3}/attachment/${id}`)).status).toBe(204);
    expect((await api.get(`${V3}/attachment/${id}`)).status).toBe(404);
    const settings = await api.get(`${V3}/attachment/meta`);
    expect(settings.body).toEqual({ enabled: true, uploadLimit: 10485760 });
  });

  it("enforces the XSRF header, permissions and multipart", async () => {
    const key = await newIssue();
    const xsrf = await upload(key, [["a.txt", "text/plain", "a"]], {});
    expect(xsrf.status).toBe(403);
    expect(xsrf.body.errorMessages).toEqual(["XSRF check failed"]);
    expect(
      (await upload(key, [["a.txt", "text/plain", "a"]], { "X-Atlassian-Token": "no-check" }, "viewer"))
        .status,
    ).toBe(403);
    expect((await upload("NOPE-1", [["a.txt", "text/plain", "a"]])).status).toBe(404);
    const notMultipart = await api.post(
      `${V3}/issue/${key}/attachments`,
      { file: "x" },
      { headers: { "X-Atlassian-Token": "no-check" } },
    );
    expect(notMultipart.status).toBe(415);
    expect((await api.get(`${V3}/attachment/abc`)).status).toBe(404);
  });
});
