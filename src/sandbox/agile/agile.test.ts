import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConformanceReport, requireSpecs, validateResponse } from "../../../test/support/openapi.js";
import { type As, SandboxHarness, type SandboxResponse } from "../../../test/support/sandbox-harness.js";
import { loadSpecDoc, specFilePath } from "../../../test/support/spec-files.js";

/**
 * Jira answers 400 to unreadable parameters or JQL and 401 to missing credentials on every
 * operation, but several agile operations do not declare those statuses. Such a response is
 * accepted only when the undeclared status is the sole problem and the body is Jira's error shape.
 */
const UNDECLARED_OK = /^status (400|401) is not declared for /;

type Body = Record<string, any>;

/** Real HTTP through the harness; every response is validated against the Jira Software spec. */
class CheckedClient {
  readonly report: ConformanceReport;
  readonly gaps = new Set<string>();
  private readonly specs: boolean;

  constructor(
    private readonly h: SandboxHarness,
    title: string,
  ) {
    this.report = new ConformanceReport(title);
    this.specs = requireSpecs();
  }

  async call(
    method: string,
    path: string,
    options: { as?: As; body?: unknown; query?: Record<string, string | number | boolean> } = {},
  ): Promise<SandboxResponse> {
    const res = await this.h.request(method, path, options);
    if (!this.specs) return res;
    const url = new URL(path, "http://x");
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const result = validateResponse({
      method,
      url: `${url.pathname}${url.search}`,
      status: res.status,
      body: res.text === "" ? undefined : res.body,
      contentType: res.headers.get("content-type") ?? undefined,
    });
    const where = `${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`;
    if (res.status >= 400) {
      expect(res.body, where).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
    }
    if (
      !result.ok &&
      result.errors.length === 1 &&
      UNDECLARED_OK.test(result.errors[0]) &&
      result.operation
    ) {
      this.gaps.add(`${result.operation.operationId}: ${result.errors[0]}`);
      this.report.record({ ...result, ok: true, errors: [] });
      return res;
    }
    this.report.record(result);
    expect(result.errors, where).toEqual([]);
    if (result.operation && res.status < 300)
      checkUndocumentedShape(result.operation.operationId, res.body, where);
    return res;
  }

  get(path: string, query?: Record<string, string | number | boolean>, as?: As) {
    return this.call("GET", path, { query, as });
  }
  post(path: string, body: unknown, as?: As) {
    return this.call("POST", path, { body, as });
  }
  put(path: string, body: unknown, as?: As) {
    return this.call("PUT", path, { body, as });
  }
  delete(path: string, as?: As) {
    return this.call("DELETE", path, { as });
  }
}

/** Property names of a component schema of the Jira Software spec (empty set when specs are absent). */
function componentProperties(name: string): Set<string> {
  const where = specFilePath("jira-software");
  if ("missing" in where) return new Set();
  const doc = loadSpecDoc(where.file) as unknown as { components: { schemas: Record<string, Body> } };
  return new Set(Object.keys(doc.components.schemas[name]?.properties ?? {}));
}

let sprintProps: Set<string> | undefined;
let entryProps: Set<string> | undefined;

/**
 * Many agile operations declare a JSON response without a schema. Where the spec has the matching
 * component (`SprintBean`, `Entry`), the sandbox must still emit only properties it defines.
 */
function checkUndocumentedShape(operationId: string, body: any, where: string): void {
  sprintProps ??= componentProperties("SprintBean");
  entryProps ??= componentProperties("Entry");
  if (sprintProps.size === 0) return;
  const within = (bean: Body, allowed: Set<string>) =>
    expect(
      Object.keys(bean).filter((k) => !allowed.has(k)),
      where,
    ).toEqual([]);
  if (["createSprint", "getSprint", "updateSprint", "partiallyUpdateSprint"].includes(operationId)) {
    within(body, sprintProps);
  } else if (operationId === "getAllSprints") {
    for (const s of body.values) within(s, sprintProps);
  } else if (body && Array.isArray(body.entries)) {
    for (const e of body.entries) within(e, entryProps);
  }
}

const A = "/rest/agile/1.0";
const S = "/rest/software/1.0";

let h: SandboxHarness;
let api: CheckedClient;
/** FRONTEND's scrum board, its project key, and the Kanban board. */
let scrum: Body;
let kanbanId: number;

beforeAll(async () => {
  h = await SandboxHarness.start();
  api = new CheckedClient(h, "Jira Software (Cloud)");
  const boards = await api.get(`${A}/board`);
  scrum = boards.body.values.find((b: Body) => b.type === "scrum");
  kanbanId = boards.body.values.find((b: Body) => b.type === "kanban").id;
});

afterAll(async () => {
  api?.report.print();
  if (api?.gaps.size) console.log(`Undeclared statuses answered:\n  ${[...api.gaps].join("\n  ")}`);
  await h?.close();
});

/** Walks an offset listing page by page and returns every item, checking the page arithmetic. */
async function walkOffset(
  path: string,
  key: "values" | "issues",
  pageSize: number,
  query: Record<string, string> = {},
) {
  const seen: Body[] = [];
  let startAt = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const res = await api.get(path, { ...query, startAt, maxResults: pageSize });
    expect(res.status).toBe(200);
    expect(res.body.startAt).toBe(startAt);
    const items: Body[] = res.body[key];
    seen.push(...items);
    startAt += items.length;
    if (key === "values" ? res.body.isLast : startAt >= res.body.total) {
      if (res.body.total !== undefined) expect(seen.length).toBe(res.body.total);
      return seen;
    }
    expect(items.length).toBe(pageSize);
  }
  throw new Error("pagination did not end");
}

async function walkTokens(path: string, pageSize: number, query: Record<string, string> = {}) {
  const seen: Body[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const res = await api.get(path, {
      ...query,
      maxResults: pageSize,
      ...(token ? { nextPageToken: token } : {}),
    });
    expect(res.status).toBe(200);
    seen.push(...res.body.issues);
    if (res.body.isLast) {
      expect(res.body.nextPageToken).toBeUndefined();
      return seen;
    }
    expect(res.body.issues.length).toBe(pageSize);
    token = res.body.nextPageToken;
  }
  throw new Error("pagination did not end");
}

function keysOf(issues: Body[]): string[] {
  return issues.map((i) => i.key);
}

function expectUnique(items: Body[]) {
  expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
}

describe("boards", () => {
  it("lists boards with Jira's page fields and walks pages without gaps", async () => {
    const all = await api.get(`${A}/board`);
    expect(all.body).toMatchObject({ startAt: 0, maxResults: 50, isLast: true });
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    const walked = await walkOffset(`${A}/board`, "values", 2);
    expect(walked.map((b) => b.id)).toEqual(all.body.values.map((b: Body) => b.id));
    expectUnique(walked);
  });

  it("filters by type, name and project, and sorts by name", async () => {
    const kanban = await api.get(`${A}/board`, { type: "kanban" });
    expect(kanban.body.values.every((b: Body) => b.type === "kanban")).toBe(true);
    expect(kanban.body.values.length).toBeGreaterThan(0);
    const named = await api.get(`${A}/board`, { name: scrum.name.slice(0, 5).toLowerCase() });
    expect(named.body.values.map((b: Body) => b.id)).toContain(scrum.id);
    const byProject = await api.get(`${A}/board`, { projectKeyOrId: scrum.location.projectKey });
    expect(
      byProject.body.values.every((b: Body) => b.location.projectKey === scrum.location.projectKey),
    ).toBe(true);
    const byId = await api.get(`${A}/board`, { projectKeyOrId: String(scrum.location.projectId) });
    expect(byId.body.total).toBe(byProject.body.total);
    const sorted = await api.get(`${A}/board`, { orderBy: "-name" });
    const names = sorted.body.values.map((b: Body) => b.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => b.localeCompare(a)));
    const expanded = await api.get(`${A}/board`, { expand: "admins,permissions" });
    expect(expanded.body.values[0].canEdit).toBe(true);
    expect(expanded.body.values[0].admins.users.length).toBe(1);
    const viewer = await api.get(`${A}/board`, { expand: "permissions" }, "viewer");
    expect(viewer.body.values[0].canEdit).toBe(false);
  });

  it("rejects bad filters and paging with 400", async () => {
    expect((await api.get(`${A}/board`, { type: "agility" })).status).toBe(400);
    expect((await api.get(`${A}/board`, { projectKeyOrId: "NOPE" })).status).toBe(400);
    expect((await api.get(`${A}/board`, { orderBy: "id" })).status).toBe(400);
    expect((await api.get(`${A}/board`, { startAt: "x" })).status).toBe(400);
  });

  it("gets a board, and 404s unknown or malformed ids", async () => {
    const res = await api.get(`${A}/board/${scrum.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(scrum);
    expect((await api.get(`${A}/board/99999`)).status).toBe(404);
    expect((await api.get(`${A}/board/abc`)).status).toBe(404);
  });

  it("returns the configuration: status columns, story points, rank field", async () => {
    const res = await api.get(`${A}/board/${scrum.id}/configuration`);
    expect(res.status).toBe(200);
    const cols = res.body.columnConfig.columns;
    expect(cols[0].name).toBe("To Do");
    expect(cols[cols.length - 1].name).toBe("Done");
    expect(cols.flatMap((c: Body) => c.statuses).length).toBeGreaterThanOrEqual(4);
    expect(res.body.estimation).toEqual({
      type: "field",
      field: { fieldId: "customfield_10016", displayName: "Story point estimate" },
    });
    expect(res.body.ranking).toEqual({ rankCustomFieldId: 10019 });
    const kanban = await api.get(`${A}/board/${kanbanId}/configuration`);
    expect(kanban.body.subQuery.query).toEqual(expect.any(String));
    expect(kanban.body.estimation).toBeUndefined();
    expect((await api.get(`${A}/board/77777/configuration`)).status).toBe(404);
  });

  it("lists the board's projects, versions and epics", async () => {
    const projects = await api.get(`${A}/board/${scrum.id}/project`);
    expect(projects.body.values.map((p: Body) => p.key)).toEqual([scrum.location.projectKey]);
    const versions = await api.get(`${A}/board/${scrum.id}/version`);
    expect(versions.body.total).toBeGreaterThan(0);
    const released = await api.get(`${A}/board/${scrum.id}/version`, { released: "true" });
    expect(released.body.values.every((v: Body) => v.released)).toBe(true);
    const epics = await api.get(`${A}/board/${scrum.id}/epic`);
    expect(epics.body.total).toBeGreaterThan(0);
    for (const e of epics.body.values) {
      expect(Object.keys(e).sort()).toEqual(["color", "done", "id", "key", "name", "self", "summary"]);
      expect(e.color.key).toMatch(/^color_\d+$/);
    }
    const open = await api.get(`${A}/board/${scrum.id}/epic`, { done: "false" });
    expect(open.body.values.every((e: Body) => e.done === false)).toBe(true);
    expect((await api.get(`${A}/board/${scrum.id}/epic`, { done: "maybe" })).status).toBe(400);
  });

  it("asks for credentials", async () => {
    const res = await api.get(`${A}/board`, {}, "anonymous");
    expect(res.status).toBe(401);
  });
});

describe("sprints", () => {
  it("lists a board's sprints closed → active → future, filtered by state", async () => {
    const res = await api.get(`${A}/board/${scrum.id}/sprint`);
    const order = { closed: 0, active: 1, future: 2 } as Record<string, number>;
    const states = res.body.values.map((s: Body) => order[s.state]);
    expect(states).toEqual([...states].sort());
    expect(res.body.values.filter((s: Body) => s.state === "active")).toHaveLength(1);
    const open = await api.get(`${A}/board/${scrum.id}/sprint`, { state: "future,active" });
    expect(open.body.values.every((s: Body) => s.state !== "closed")).toBe(true);
    const walked = await walkOffset(`${A}/board/${scrum.id}/sprint`, "values", 2);
    expect(walked.map((s) => s.id)).toEqual(res.body.values.map((s: Body) => s.id));
    expect((await api.get(`${A}/board/${scrum.id}/sprint`, { state: "done" })).status).toBe(400);
    expect((await api.get(`${A}/board/${kanbanId}/sprint`)).status).toBe(400);
    expect((await api.get(`${A}/board/424242/sprint`)).status).toBe(404);
  });

  it("creates a future sprint that the board then lists", async () => {
    const res = await api.post(`${A}/sprint`, {
      name: "  Agile test sprint  ",
      originBoardId: scrum.id,
      startDate: "2026-11-02T09:00:00.000+10:00",
      endDate: "2026-11-16T09:00:00.000+1000",
      goal: "Prove the API",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: "future",
      name: "Agile test sprint",
      originBoardId: scrum.id,
      goal: "Prove the API",
      startDate: "2026-11-01T23:00:00.000Z",
      endDate: "2026-11-15T23:00:00.000Z",
    });
    expect(res.body.self).toBe(`${h.url}${A}/sprint/${res.body.id}`);
    const listed = await api.get(`${A}/board/${scrum.id}/sprint`, { state: "future" });
    expect(listed.body.values.map((s: Body) => s.id)).toContain(res.body.id);
    const got = await api.get(`${A}/sprint/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it("validates sprint creation", async () => {
    const bad = async (body: unknown, status = 400) => {
      const res = await api.post(`${A}/sprint`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      return res.body;
    };
    expect((await bad({ originBoardId: scrum.id })).errors.name).toBeDefined();
    expect((await bad({ name: "   ", originBoardId: scrum.id })).errors.name).toBeDefined();
    expect((await bad({ name: "x".repeat(256), originBoardId: scrum.id })).errors.name).toBeDefined();
    expect((await bad({ name: "ok" })).errors.originBoardId).toBeDefined();
    expect((await bad({ name: "ok", originBoardId: "1" })).errors.originBoardId).toBeDefined();
    expect(
      (await bad({ name: "ok", originBoardId: scrum.id, startDate: "tomorrow" })).errors.startDate,
    ).toBeDefined();
    await bad({ name: "ok", originBoardId: scrum.id, startDate: "2026-11-10", endDate: "2026-11-01" });
    await bad({ name: "ok", originBoardId: kanbanId });
    await bad({ name: "ok", originBoardId: 424242 }, 404);
    await bad("[]");
    const res = await api.call("POST", `${A}/sprint`, { body: "{not json" });
    expect(res.status).toBe(400);
  });

  it("refuses sprint writes to the viewer (403) and to anonymous callers (401)", async () => {
    const body = { name: "Nope", originBoardId: scrum.id };
    expect((await api.post(`${A}/sprint`, body, "viewer")).status).toBe(403);
    expect((await api.post(`${A}/sprint`, body, "anonymous")).status).toBe(401);
    const sprint = (await api.post(`${A}/sprint`, body)).body;
    expect((await api.post(`${A}/sprint/${sprint.id}`, { name: "x" }, "viewer")).status).toBe(403);
    expect((await api.put(`${A}/sprint/${sprint.id}`, { name: "x" }, "viewer")).status).toBe(403);
    expect((await api.delete(`${A}/sprint/${sprint.id}`, "viewer")).status).toBe(403);
    expect((await api.post(`${A}/sprint/${sprint.id}/issue`, { issues: ["X-1"] }, "viewer")).status).toBe(
      403,
    );
    expect((await api.get(`${A}/sprint/${sprint.id}`, {}, "viewer")).status).toBe(200);
    expect((await api.get(`${A}/sprint/${sprint.id}`, {}, "anonymous")).status).toBe(401);
    expect((await api.delete(`${A}/sprint/${sprint.id}`)).status).toBe(204);
  });

  it("404s unknown sprints on every sprint operation", async () => {
    expect((await api.get(`${A}/sprint/999999`)).status).toBe(404);
    expect((await api.get(`${A}/sprint/abc`)).status).toBe(404);
    expect((await api.post(`${A}/sprint/999999`, { name: "x" })).status).toBe(404);
    expect((await api.put(`${A}/sprint/999999`, { name: "x" })).status).toBe(404);
    expect((await api.delete(`${A}/sprint/999999`)).status).toBe(404);
    expect((await api.get(`${A}/sprint/999999/issue`)).status).toBe(404);
    expect((await api.post(`${A}/sprint/999999/issue`, { issues: ["A-1"] })).status).toBe(404);
  });

  it("runs a sprint: plan, start, complete (incomplete work returns to the backlog), delete", async () => {
    const board = scrum.id;
    const sprints = (await api.get(`${A}/board/${board}/sprint`)).body.values as Body[];
    const active = sprints.find((s) => s.state === "active")!;

    // Plan: move three backlog issues into a new sprint, ranked before the backlog's first issue.
    const created = (await api.post(`${A}/sprint`, { name: "Lifecycle", originBoardId: board })).body;
    const backlog = (
      await api.get(`${A}/board/${board}/backlog`, { maxResults: 10, jql: 'issuetype != "Sub-task"' })
    ).body.issues as Body[];
    const picked = backlog.slice(3, 6).map((i) => i.key);
    const moved = await api.post(`${A}/sprint/${created.id}/issue`, {
      issues: picked,
      rankBeforeIssue: backlog[0].key,
    });
    expect(moved.status).toBe(204);
    // The picked issues lead the sprint in the order given; their sub-tasks came along.
    const inSprint = await api.get(`${A}/sprint/${created.id}/issue`, { maxResults: 50 });
    const sprintKeys = keysOf(inSprint.body.issues);
    expect(sprintKeys.slice(0, 3)).toEqual(picked);
    for (const i of inSprint.body.issues.slice(3)) expect(picked).toContain(i.fields.parent.key);
    expect(inSprint.body.issues[0].fields.sprint).toMatchObject({ id: created.id, state: "future" });
    const backlogAfter = keysOf(
      (await api.get(`${A}/board/${board}/backlog`, { maxResults: 50 })).body.issues,
    );
    for (const k of picked) expect(backlogAfter).not.toContain(k);

    // Starting needs dates, and only one active sprint per board.
    expect((await api.post(`${A}/sprint/${created.id}`, { state: "active" })).status).toBe(400);
    const dates = { startDate: "2026-11-01T09:00:00.000Z", endDate: "2026-11-15T09:00:00.000Z" };
    const blocked = await api.post(`${A}/sprint/${created.id}`, { state: "active", ...dates });
    expect(blocked.status).toBe(400);
    expect((await api.post(`${A}/sprint/${created.id}`, { state: "closed" })).status).toBe(400);

    // Complete the seeded active sprint: its unfinished issues go back to the backlog.
    const activeIssues = (await api.get(`${A}/sprint/${active.id}/issue`, { maxResults: 50 })).body
      .issues as Body[];
    const unfinished = activeIssues
      .filter((i) => i.fields.status.statusCategory.key !== "done")
      .map((i) => i.key);
    const finished = activeIssues
      .filter((i) => i.fields.status.statusCategory.key === "done")
      .map((i) => i.key);
    expect(unfinished.length).toBeGreaterThan(0);
    const closed = await api.post(`${A}/sprint/${active.id}`, { state: "closed" });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe("closed");
    expect(closed.body.completeDate).toEqual(expect.any(String));
    const backlogNow = await walkOffset(`${A}/board/${board}/backlog`, "issues", 50);
    const backlogKeys = keysOf(backlogNow);
    for (const k of unfinished.filter((k) => !finished.includes(k))) expect(backlogKeys).toContain(k);
    for (const k of finished) expect(backlogKeys).not.toContain(k);
    const one = await api.get(`${A}/issue/${unfinished[0]}`);
    expect(one.body.fields.sprint).toBeNull();
    expect(one.body.fields.closedSprints.map((s: Body) => s.id)).toContain(active.id);
    // The closed sprint still reports the issues it held.
    const history = await api.get(`${A}/sprint/${active.id}/issue`, { maxResults: 50 });
    expect(history.body.total).toBe(activeIssues.length);

    // A closed sprint takes only name and goal, refuses issues, and cannot be reopened.
    const renamed = await api.post(`${A}/sprint/${active.id}`, {
      name: "Renamed",
      goal: "g",
      startDate: "2020-01-01",
    });
    expect(renamed.body).toMatchObject({ name: "Renamed", goal: "g", startDate: active.startDate });
    expect((await api.post(`${A}/sprint/${active.id}`, { state: "active" })).status).toBe(200);
    expect((await api.get(`${A}/sprint/${active.id}`)).body.state).toBe("closed");
    expect((await api.post(`${A}/sprint/${active.id}/issue`, { issues: [picked[0]] })).status).toBe(400);

    // Now the planned sprint can start.
    const started = await api.post(`${A}/sprint/${created.id}`, { state: "active", ...dates });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: "active", ...dates });
    expect((await api.post(`${A}/sprint/${created.id}`, { state: "future" })).status).toBe(400);
    expect(
      (await api.post(`${A}/sprint/${created.id}`, { endDate: "2026-10-01T00:00:00.000Z" })).status,
    ).toBe(400);

    // Full update: absent fields are cleared (goal), present ones replaced.
    const full = await api.put(`${A}/sprint/${created.id}`, { name: "Lifecycle 2", ...dates });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ name: "Lifecycle 2", goal: "", state: "active" });
    expect((await api.put(`${A}/sprint/${created.id}`, { ...dates })).status).toBe(400);
    expect((await api.put(`${A}/sprint/${created.id}`, { name: "No dates" })).status).toBe(400);

    // Deleting a sprint sends its issues to the backlog.
    expect((await api.delete(`${A}/sprint/${created.id}`)).status).toBe(204);
    expect((await api.get(`${A}/sprint/${created.id}`)).status).toBe(404);
    const finalBacklog = keysOf(await walkOffset(`${A}/board/${board}/backlog`, "issues", 50));
    for (const k of picked) expect(finalBacklog).toContain(k);
  });

  it("validates moves into a sprint", async () => {
    const sprint = (await api.post(`${A}/sprint`, { name: "Moves", originBoardId: scrum.id })).body;
    const path = `${A}/sprint/${sprint.id}/issue`;
    const backlog = (await api.get(`${A}/board/${scrum.id}/backlog`, { maxResults: 2 })).body
      .issues as Body[];
    expect((await api.post(path, {})).status).toBe(400);
    expect((await api.post(path, { issues: [] })).status).toBe(400);
    expect((await api.post(path, { issues: "A-1" })).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => `${scrum.location.projectKey}-${i + 1}`);
    expect((await api.post(path, { issues: many })).status).toBe(400);
    expect((await api.post(path, { issues: ["NOPE-1"] })).status).toBe(400);
    const both = {
      issues: [backlog[0].key],
      rankBeforeIssue: backlog[1].key,
      rankAfterIssue: backlog[1].key,
    };
    expect((await api.post(path, both)).status).toBe(400);
    expect((await api.post(path, { issues: [backlog[0].key], rankCustomFieldId: 10000 })).status).toBe(400);
    expect((await api.post(path, { issues: [backlog[0].key], rankAfterIssue: backlog[0].key })).status).toBe(
      400,
    );
    expect((await api.delete(`${A}/sprint/${sprint.id}`)).status).toBe(204);
  });
});

describe("backlog and board issues", () => {
  it("lists the backlog: incomplete issues in no open sprint, by rank, paged without gaps", async () => {
    const board = 2;
    const walked = await walkOffset(`${A}/board/${board}/backlog`, "issues", 7);
    expectUnique(walked);
    expect(walked.length).toBeGreaterThan(7);
    for (const i of walked) {
      expect(i.fields.status.statusCategory.key).not.toBe("done");
      expect(i.fields.sprint).toBeNull();
      expect(i.fields.issuetype.name).not.toBe("Epic");
      expect(i.fields.flagged).toBe(false);
      expect(i.self).toBe(`${h.url}${A}/issue/${i.id}`);
    }
    const byRank = await api.get(`${A}/board/${board}/issue`, {
      jql: `key in (${keysOf(walked).join(",")}) ORDER BY rank ASC`,
      maxResults: 50,
    });
    expect(keysOf(byRank.body.issues)).toEqual(keysOf(walked).slice(0, 50));
  });

  it("filters listings with JQL, narrows fields and rejects bad JQL", async () => {
    const board = scrum.id;
    const bugs = await api.get(`${A}/board/${board}/issue`, {
      jql: "issuetype = Bug",
      fields: "summary,issuetype",
    });
    expect(bugs.body.total).toBeGreaterThan(0);
    for (const i of bugs.body.issues) {
      expect(i.fields.issuetype.name).toBe("Bug");
      expect(Object.keys(i.fields).sort()).toEqual(["issuetype", "summary"]);
    }
    const withSprint = await api.get(`${A}/board/${board}/issue`, {
      fields: "summary,sprint,epic",
      maxResults: 1,
    });
    expect(Object.keys(withSprint.body.issues[0].fields).sort()).toEqual(["epic", "sprint", "summary"]);
    const names = await api.get(`${A}/board/${board}/issue`, {
      fields: "summary",
      expand: "names",
      maxResults: 1,
    });
    expect(names.body.names).toEqual({ summary: "Summary" });
    expect((await api.get(`${A}/board/${board}/issue`, { jql: "status = = 1" })).status).toBe(400);
    expect((await api.get(`${A}/board/${board}/backlog`, { jql: "nosuchfield = 1" })).status).toBe(400);
    expect((await api.get(`${A}/sprint/1/issue`, { jql: "(" })).status).toBe(400);
    expect((await api.get(`${A}/board/${board}/issue`, { maxResults: "many" })).status).toBe(400);
    expect((await api.get(`${A}/board/${board}/issue`, { validateQuery: "perhaps" })).status).toBe(400);
    const capped = await api.get(`${A}/board/${board}/issue`, { maxResults: 1000, fields: "summary" });
    expect(capped.body.maxResults).toBe(50);
  });

  it("keeps epics off scrum boards but on the Kanban board; Kanban has no backlog", async () => {
    const board = await api.get(`${A}/board/${scrum.id}/issue`, { jql: "issuetype = Epic" });
    expect(board.body.total).toBe(0);
    const kanban = await api.get(`${A}/board/${kanbanId}/issue`, { jql: "issuetype = Epic" });
    expect(kanban.body.total).toBeGreaterThan(0);
    expect((await api.get(`${A}/board/${kanbanId}/backlog`)).status).toBe(400);
    expect((await api.get(`${A}/board/999/issue`)).status).toBe(404);
    expect((await api.get(`${A}/board/999/backlog`)).status).toBe(404);
  });

  it("moves issues to the backlog, site-wide and per board (207 for issues off the board)", async () => {
    const board = 3;
    const active = (await api.get(`${A}/board/${board}/sprint`, { state: "active" })).body.values[0];
    const inSprint = (await api.get(`${A}/sprint/${active.id}/issue`, { jql: "statusCategory != Done" })).body
      .issues as Body[];
    expect(inSprint.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = inSprint.map((i) => i.key);
    expect((await api.post(`${A}/backlog/issue`, { issues: [a] }, "viewer")).status).toBe(403);
    expect((await api.post(`${A}/backlog/issue`, { issues: [a] })).status).toBe(204);
    expect((await api.post(`${A}/backlog/issue`, { issues: ["NOPE-9"] })).status).toBe(400);
    let backlog = keysOf(await walkOffset(`${A}/board/${board}/backlog`, "issues", 50));
    expect(backlog).toContain(a);

    const elsewhere = (await api.get(`${A}/board/1/backlog`, { maxResults: 1 })).body.issues[0].key;
    const partial = await api.post(`${A}/backlog/${board}/issue`, {
      issues: [b, elsewhere],
      rankBeforeIssue: backlog[0],
    });
    expect(partial.status).toBe(207);
    expect(partial.body.entries).toEqual([
      expect.objectContaining({ issueKey: b, status: 200 }),
      expect.objectContaining({ issueKey: elsewhere, status: 400, errors: [expect.any(String)] }),
    ]);
    expect((await api.post(`${A}/backlog/${board}/issue`, { issues: [c] })).status).toBe(204);
    backlog = keysOf(await walkOffset(`${A}/board/${board}/backlog`, "issues", 50));
    expect(backlog[0]).toBe(b);
    expect(backlog).toContain(c);
    expect((await api.post(`${A}/backlog/999/issue`, { issues: [c] })).status).toBe(404);
    expect((await api.post(`${A}/backlog/${board}/issue`, { issues: [c] }, "viewer")).status).toBe(403);
  });
});

describe("rank", () => {
  it("ranks issues before and after others, visible through ORDER BY rank", async () => {
    const board = 4;
    const jqlOrder = async (keys: string[]) =>
      keysOf(
        (await api.get(`${A}/board/${board}/issue`, { jql: `key in (${keys.join(",")}) ORDER BY rank ASC` }))
          .body.issues,
      );
    const first = (await api.get(`${A}/board/${board}/issue`, { maxResults: 6 })).body.issues as Body[];
    const keys = keysOf(first);
    expect(await jqlOrder(keys)).toEqual(keys);

    expect(
      (await api.put(`${A}/issue/rank`, { issues: [keys[4], keys[5]], rankBeforeIssue: keys[1] })).status,
    ).toBe(204);
    expect(await jqlOrder(keys)).toEqual([keys[0], keys[4], keys[5], keys[1], keys[2], keys[3]]);

    expect((await api.put(`${A}/issue/rank`, { issues: [keys[0]], rankAfterIssue: keys[3] })).status).toBe(
      204,
    );
    expect(await jqlOrder(keys)).toEqual([keys[4], keys[5], keys[1], keys[2], keys[3], keys[0]]);
    // The default order of agile listings is rank, too.
    const listed = keysOf((await api.get(`${A}/board/${board}/issue`, { maxResults: 50 })).body.issues);
    expect(listed.filter((k) => keys.includes(k))).toEqual([
      keys[4],
      keys[5],
      keys[1],
      keys[2],
      keys[3],
      keys[0],
    ]);
  });

  it("answers 207 for issues it cannot rank, and 400/403 for bad requests", async () => {
    const issues = (await api.get(`${A}/board/1/issue`, { maxResults: 3 })).body.issues as Body[];
    const [a, b] = keysOf(issues);
    const partial = await api.put(`${A}/issue/rank`, { issues: [a, "NOPE-1"], rankAfterIssue: b });
    expect(partial.status).toBe(207);
    expect(partial.body.entries).toEqual([
      { issueId: Number(issues[0].id), issueKey: a, status: 200 },
      { issueKey: "NOPE-1", status: 404, errors: [expect.any(String)] },
    ]);
    expect((await api.put(`${A}/issue/rank`, { issues: [a] })).status).toBe(400);
    expect(
      (await api.put(`${A}/issue/rank`, { issues: [a], rankBeforeIssue: b, rankAfterIssue: b })).status,
    ).toBe(400);
    expect((await api.put(`${A}/issue/rank`, { issues: [a], rankBeforeIssue: "NOPE-2" })).status).toBe(400);
    expect((await api.put(`${A}/issue/rank`, { issues: [a], rankBeforeIssue: a })).status).toBe(400);
    expect((await api.put(`${A}/issue/rank`, { issues: Array(51).fill(a), rankBeforeIssue: b })).status).toBe(
      400,
    );
    expect((await api.put(`${A}/issue/rank`, { issues: [a], rankBeforeIssue: b }, "viewer")).status).toBe(
      403,
    );
    expect((await api.put(`${A}/issue/rank`, { issues: [a], rankBeforeIssue: b }, "anonymous")).status).toBe(
      401,
    );
  });
});

describe("epics", () => {
  it("gets an epic by key or id and lists its issues", async () => {
    const epic = (await api.get(`${A}/board/${scrum.id}/epic`)).body.values[0];
    const byKey = await api.get(`${A}/epic/${epic.key}`);
    expect(byKey.body).toEqual(epic);
    expect((await api.get(`${A}/epic/${epic.id}`)).body).toEqual(epic);
    const children = await api.get(`${A}/epic/${epic.key}/issue`);
    expect(children.body.total).toBeGreaterThan(0);
    for (const i of children.body.issues) {
      expect(i.fields.parent.key).toBe(epic.key);
      expect(i.fields.epic).toEqual(epic);
    }
    const onBoard = await api.get(`${A}/board/${scrum.id}/epic/${epic.id}/issue`);
    expect(onBoard.body.total).toBe(children.body.total);
    const notEpic = children.body.issues[0].key;
    expect((await api.get(`${A}/epic/${notEpic}`)).status).toBe(404);
    expect((await api.get(`${A}/epic/NOPE-1`)).status).toBe(404);
    expect((await api.get(`${A}/epic/NOPE-1/issue`)).status).toBe(404);
  });

  it("moves issues into and out of epics", async () => {
    const [epic, other] = (await api.get(`${A}/board/${scrum.id}/epic`)).body.values as Body[];
    const orphans = await api.get(`${A}/board/${scrum.id}/epic/none/issue`, { maxResults: 2 });
    expect(orphans.body.total).toBeGreaterThan(0);
    const key = orphans.body.issues[0].key;
    expect(orphans.body.issues[0].fields.epic).toBeNull();
    const everywhere = await api.get(`${A}/epic/none/issue`, { jql: `key = ${key}` });
    expect(keysOf(everywhere.body.issues)).toEqual([key]);

    expect((await api.post(`${A}/epic/${epic.key}/issue`, { issues: [key] }, "viewer")).status).toBe(403);
    expect((await api.post(`${A}/epic/${epic.key}/issue`, { issues: [key] })).status).toBe(204);
    expect((await api.get(`${A}/issue/${key}`)).body.fields.epic.key).toBe(epic.key);
    expect(keysOf((await api.get(`${A}/epic/${epic.key}/issue`, { maxResults: 50 })).body.issues)).toContain(
      key,
    );
    expect((await api.get(`${A}/epic/none/issue`, { jql: `key = ${key}` })).body.total).toBe(0);

    expect((await api.post(`${A}/epic/${other.key}/issue`, { issues: [epic.key] })).status).toBe(400);
    expect((await api.post(`${A}/epic/${other.key}/issue`, { issues: ["NOPE-1"] })).status).toBe(400);
    expect((await api.post(`${A}/epic/NOPE-1/issue`, { issues: [key] })).status).toBe(404);

    expect((await api.post(`${A}/epic/none/issue`, { issues: [key] })).status).toBe(204);
    expect((await api.get(`${A}/issue/${key}`)).body.fields.epic).toBeNull();
    expect((await api.post(`${A}/epic/none/issue`, { issues: [key] }, "viewer")).status).toBe(403);
  });
});

describe("agile issue view", () => {
  it("adds sprint, closedSprints, flagged and epic to the issue", async () => {
    const active = (await api.get(`${A}/board/2/sprint`, { state: "active" })).body.values[0];
    const issue = (await api.get(`${A}/sprint/${active.id}/issue`, { maxResults: 1 })).body.issues[0];
    const res = await api.get(`${A}/issue/${issue.key}`);
    expect(res.status).toBe(200);
    expect(res.body.fields.sprint).toEqual(active);
    expect(res.body.fields.flagged).toBe(false);
    expect(res.body.fields).toHaveProperty("epic");
    expect(res.body.fields.customfield_10020.map((s: Body) => s.id)).toContain(active.id);
    expect(typeof (res.body.fields.description ?? "")).toBe("string");
    const byId = await api.get(`${A}/issue/${issue.id}`, { fields: "summary" });
    expect(Object.keys(byId.body.fields)).toEqual(["summary"]);
    expect((await api.get(`${A}/issue/NOPE-1`)).status).toBe(404);
    expect((await api.get(`${A}/issue/${issue.key}`, { updateHistory: "x" })).status).toBe(400);
    expect((await api.get(`${A}/issue/${issue.key}`, {}, "anonymous")).status).toBe(401);
  });
});

describe("enhanced /rest/software/1.0 listings", () => {
  it("pages board issues, backlog and sprint issues by token without gaps or duplicates", async () => {
    const board = 1;
    const offset = await walkOffset(`${A}/board/${board}/issue`, "issues", 50);
    const tokens = await walkTokens(`${S}/board/${board}/issue`, 13);
    expectUnique(tokens);
    expect(keysOf(tokens)).toEqual(keysOf(offset));
    const backlog = await walkTokens(`${S}/board/${board}/backlog`, 5);
    expect(keysOf(backlog)).toEqual(keysOf(await walkOffset(`${A}/board/${board}/backlog`, "issues", 50)));
    const sprint = (await api.get(`${A}/board/${board}/sprint`, { state: "closed" })).body.values[0];
    const sprintIssues = await walkTokens(`${S}/sprint/${sprint.id}/issue`, 4, { jql: "issuetype != Epic" });
    expectUnique(sprintIssues);
    const onBoard = await walkTokens(`${S}/board/${board}/sprint/${sprint.id}/issue`, 4, {
      jql: "issuetype != Epic",
    });
    expect(keysOf(onBoard)).toEqual(keysOf(sprintIssues));
    const count = await api.get(`${S}/board/${board}/backlog/approximate-count`);
    expect(count.body).toEqual({ count: backlog.length });
    const boardCount = await api.get(`${S}/board/${board}/issue/approximate-count`);
    expect(boardCount.body).toEqual({ count: tokens.length });
  });

  it("serves epic listings and rejects foreign or forged tokens", async () => {
    const epic = (await api.get(`${A}/board/1/epic`)).body.values[0];
    const children = await walkTokens(`${S}/epic/${epic.key}/issue`, 2);
    expect(children.length).toBe((await api.get(`${A}/epic/${epic.key}/issue`)).body.total);
    const none = await api.get(`${S}/epic/none/issue`, { maxResults: 1, fields: "summary", expand: "names" });
    expect(none.body.names).toEqual({ summary: "Summary" });
    const token = none.body.nextPageToken;
    expect((await api.get(`${S}/board/1/issue`, { nextPageToken: token })).status).toBe(400);
    expect((await api.get(`${S}/board/1/issue`, { nextPageToken: "garbage!" })).status).toBe(400);
    expect((await api.get(`${S}/board/1/issue`, { maxResults: -1 })).status).toBe(400);
    expect((await api.get(`${S}/board/1/issue`, { reconcileIssues: "1,x" })).status).toBe(400);
    expect((await api.get(`${S}/board/999/issue`)).status).toBe(404);
    expect((await api.get(`${S}/sprint/999999/issue`)).status).toBe(404);
  });
});

describe("OAuth gateway form", () => {
  it("serves the agile API under /ex/jira/{cloudId} with gateway self links", async () => {
    const token = (await h.oauthTokens()).access_token;
    const base = `/ex/jira/${h.sandbox.context.cloudId}`;
    const as = { bearer: token };
    const boards = await api.get(`${base}${A}/board`, {}, as);
    expect(boards.status).toBe(200);
    expect(boards.body.values[0].self).toBe(`${h.url}${base}${A}/board/${boards.body.values[0].id}`);
    const sprint = await api.post(`${base}${A}/sprint`, { name: "Via OAuth", originBoardId: scrum.id }, as);
    expect(sprint.status).toBe(201);
    expect(sprint.body.self).toBe(`${h.url}${base}${A}/sprint/${sprint.body.id}`);
    const issues = await api.get(`${base}${S}/board/${scrum.id}/backlog`, { maxResults: 1 }, as);
    expect(issues.body.issues[0].self).toBe(`${h.url}${base}${A}/issue/${issues.body.issues[0].id}`);
    expect((await api.delete(`${base}${A}/sprint/${sprint.body.id}`, as)).status).toBe(204);
    expect((await h.get(`${base}${A}/board`, { as: "anonymous" })).status).toBe(401);
  });
});

describe("Data Center", () => {
  let dc: SandboxHarness;
  let dcApi: CheckedClient;
  beforeAll(async () => {
    dc = await SandboxHarness.start({ deployment: "datacenter" });
    dcApi = new CheckedClient(dc, "Jira Software (Data Center)");
  });
  afterAll(async () => {
    dcApi?.report.print();
    await dc?.close();
  });

  it("serves /rest/agile/1.0 with users by name, and has no /rest/software/1.0", async () => {
    const boards = await dcApi.get(`${A}/board`, { expand: "admins" });
    expect(boards.status).toBe(200);
    expect(boards.body.values[0].isPrivate).toBeUndefined();
    expect(boards.body.values[0].admins.users[0].name).toEqual(expect.any(String));
    expect(boards.body.values[0].admins.users[0].accountId).toBeUndefined();
    const issue = (await dcApi.get(`${A}/board/1/issue`, { jql: "reporter is not EMPTY", maxResults: 1 }))
      .body.issues[0];
    expect(issue.fields.reporter.name).toEqual(expect.any(String));
    expect(issue.fields.reporter.accountId).toBeUndefined();
    const capped = await dcApi.get(`${A}/board/1/issue`, { maxResults: 500, fields: "summary" });
    expect(capped.body.maxResults).toBe(500);
    const sprint = await dcApi.post(`${A}/sprint`, { name: "DC sprint", originBoardId: 1 });
    expect(sprint.status).toBe(201);
    const missing = await dc.get(`${S}/board/1/issue`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errorMessages: expect.any(Array), errors: {} });
  });
});
