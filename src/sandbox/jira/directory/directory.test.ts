import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Confluence is not under test here; leaving its modules out keeps this file independent of them
// (and of the rich-text converters they load). Jira routes are mounted exactly as in production.
vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { ConformanceReport, requireSpecs, validateResponse } from "../../../../test/support/openapi.js";
import { type As, SandboxHarness, type SandboxResponse } from "../../../../test/support/sandbox-harness.js";

/**
 * Places where Atlassian's spec contradicts what Jira sends (and what the sandbox is asked to send).
 * Responses matching one are checked for Jira's error shape instead of the spec's schema, and are
 * listed when the file finishes so the gaps stay visible. Keyed by `operationId status`.
 */
const SPEC_GAPS: Record<string, string> = {
  // `ErrorCollections` is declared with no properties and additionalProperties:false, yet Jira sends
  // its usual `{errorMessages, errors}` body.
  "getApproximateLicenseCount 403": "ErrorCollections schema admits no properties",
};

/**
 * Jira answers 400 to unreadable query parameters and 401 to missing credentials on every
 * operation, but many operations do not declare those statuses. Such a response is accepted only
 * when the undeclared status is the sole problem and the body is Jira's error shape.
 */
const UNDECLARED_OK = /^status (400|401) is not declared for /;

/**
 * A test client that sends real HTTP through the harness and validates every response against the
 * OpenAPI spec, failing the test on any non-conformance (except the documented gaps above).
 */
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
    options: { as?: As; body?: unknown } = {},
  ): Promise<SandboxResponse> {
    const res = await this.h.request(method, path, options);
    if (!this.specs) return res;
    const result = validateResponse({
      method,
      url: path,
      status: res.status,
      body: res.text === "" ? undefined : res.body,
      contentType: res.headers.get("content-type") ?? undefined,
    });
    const where = `${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`;
    const key = result.operation ? `${result.operation.operationId} ${res.status}` : "";
    const gap =
      SPEC_GAPS[key] ??
      (result.errors.length === 1 && UNDECLARED_OK.test(result.errors[0]) ? result.errors[0] : null);
    if (!result.ok && gap && result.operation) {
      expect(res.body, where).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
      this.gaps.add(`${key}: ${gap}`);
      this.report.record({ ...result, ok: true, errors: [] });
      return res;
    }
    this.report.record(result);
    expect(result.errors, where).toEqual([]);
    return res;
  }

  get(path: string, as?: As) {
    return this.call("GET", path, { as });
  }
}

let h: SandboxHarness;
let api: CheckedClient;
let oauth: As;

beforeAll(async () => {
  h = await SandboxHarness.start();
  api = new CheckedClient(h, "Jira directory (Cloud)");
  oauth = { bearer: (await h.oauthTokens()).access_token };
  GW = `/ex/jira/${h.sandbox.context.cloudId}/rest/api/3`;
});

afterAll(async () => {
  const text = api.report.print();
  if (api.gaps.size > 0) console.log(`Spec gaps tolerated:\n  ${[...api.gaps].sort().join("\n  ")}`);
  await h.close();
  expect(api.report.summary().failures, text).toEqual([]);
});

const V3 = "/rest/api/3";
let GW = "";

describe("authentication", () => {
  it("answers 401 to anonymous callers", async () => {
    for (const path of ["/myself", "/project/search", "/serverInfo", "/priority/search", "/plans/plan"]) {
      const res = await api.get(`${V3}${path}`, "anonymous");
      expect(res.status, path).toBe(401);
    }
  });

  it("serves the OAuth gateway form too", async () => {
    const res = await api.get(`/ex/jira/${h.sandbox.context.cloudId}${V3}/project/FRONTEND`, oauth);
    expect(res.status).toBe(200);
    expect(res.body.key).toBe("FRONTEND");
    expect(res.body.self).toContain(`/ex/jira/${h.sandbox.context.cloudId}/rest/api/3/project/`);
  });
});

describe("users", () => {
  it("returns the caller from /myself and by accountId from /user", async () => {
    const me = await api.get(`${V3}/myself?expand=groups`);
    expect(me.status).toBe(200);
    expect(me.body.accountId).toBe(h.info.accountId);
    expect(me.body.groups.items.map((g: { name: string }) => g.name)).toContain("jira-administrators");
    expect(me.body).not.toHaveProperty("name");
    const user = await api.get(`${V3}/user?accountId=${encodeURIComponent(h.info.viewer.accountId)}`);
    expect(user.status).toBe(200);
    expect(user.body.displayName).toBe("Victor Viewer");
    expect(user.body.groups.items).toEqual([]);
  });

  it("404s unknown or missing accounts, and Cloud ignores usernames", async () => {
    for (const q of ["accountId=nope", "", "username=ada.admin"]) {
      const res = await api.get(`${V3}/user?${q}`);
      expect(res.status, q).toBe(404);
      expect(res.body.errorMessages).toEqual([
        "Specified user does not exist or you do not have required permissions",
      ]);
    }
  });

  it("lists users as bare arrays, paged by startAt/maxResults", async () => {
    const total = h.sandbox.context.store.users.size;
    for (const path of ["/users", "/users/search"]) {
      const seen: string[] = [];
      for (let startAt = 0; startAt < total + 7; startAt += 7) {
        const res = await api.get(`${V3}${path}?startAt=${startAt}&maxResults=7`);
        expect(res.status).toBe(200);
        expect(Array.isArray(res.body)).toBe(true);
        expect(res.body.length).toBe(Math.max(0, Math.min(7, total - startAt)));
        seen.push(...res.body.map((u: { accountId: string }) => u.accountId));
      }
      expect(new Set(seen).size).toBe(total);
    }
    const bad = await api.get(`${V3}/users/search?maxResults=lots`);
    expect(bad.status).toBe(400);
  });

  it("finds users by display name word, email prefix, or accountId", async () => {
    const byName = await api.get(`${V3}/user/search?query=CHEN`);
    expect(byName.body.map((u: { displayName: string }) => u.displayName)).toEqual(["Emily Chen"]);
    const byEmail = await api.get(`${V3}/user/search?query=${encodeURIComponent(h.info.email.slice(0, 7))}`);
    expect(byEmail.body.map((u: { accountId: string }) => u.accountId)).toEqual([h.info.accountId]);
    const byId = await api.get(`${V3}/user/search?accountId=${encodeURIComponent(h.info.viewer.accountId)}`);
    expect(byId.body).toHaveLength(1);
    const inactive = await api.get(`${V3}/user/search?query=Nora`);
    expect(inactive.body).toEqual([]);
    expect((await api.get(`${V3}/user/search`)).status).toBe(400);
    expect((await api.get(`${V3}/user/search?query=a&accountId=b`)).status).toBe(400);
  });

  it("lists assignable users of a project, without the browse-only viewer", async () => {
    const res = await api.get(`${V3}/user/assignable/search?project=FRONTEND&query=v`);
    expect(res.status).toBe(200);
    expect(res.body.map((u: { accountId: string }) => u.accountId)).not.toContain(h.info.viewer.accountId);
    const all = await api.get(`${V3}/user/assignable/search?project=FRONTEND&maxResults=1000`);
    expect(all.body.length).toBeGreaterThan(5);
    expect((await api.get(`${V3}/user/assignable/search?project=NOPE`)).status).toBe(404);
    expect((await api.get(`${V3}/user/assignable/search?query=a`)).status).toBe(400);
  });
});

describe("groups", () => {
  it("lists a user's groups as a bare array of GroupName", async () => {
    const res = await api.get(`${V3}/user/groups?accountId=${encodeURIComponent(h.info.viewer.accountId)}`);
    expect(res.status).toBe(200);
    expect(res.body.map((g: { name: string }) => g.name)).toEqual([
      "confluence-users",
      "jira-software-users",
    ]);
    expect((await api.get(`${V3}/user/groups?accountId=nope`)).status).toBe(404);
  });

  it("pages /group/bulk and filters by name or id", async () => {
    const total = h.sandbox.context.store.groups.size;
    const first = await api.get(`${V3}/group/bulk?maxResults=3`);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 3, total, isLast: false });
    expect(first.body.nextPage).toContain("startAt=3");
    const last = await api.get(`${V3}/group/bulk?startAt=${total - 1}&maxResults=3`);
    expect(last.body.isLast).toBe(true);
    expect(last.body.values).toHaveLength(1);
    expect(last.body).not.toHaveProperty("nextPage");
    const byName = await api.get(`${V3}/group/bulk?groupName=team-web`);
    expect(byName.body.values).toEqual([{ name: "team-web", groupId: expect.any(String) }]);
    const byId = await api.get(`${V3}/group/bulk?groupId=${byName.body.values[0].groupId}`);
    expect(byId.body.values[0].name).toBe("team-web");
  });

  it("lists group members (active only unless asked) ordered by username", async () => {
    const res = await api.get(`${V3}/group/member?groupname=team-platform`);
    expect(res.status).toBe(200);
    const names = res.body.values.map((u: { displayName: string }) => u.displayName);
    expect(names).not.toContain("Nora Haugen");
    const all = await api.get(`${V3}/group/member?groupname=team-platform&includeInactiveUsers=true`);
    expect(all.body.total).toBe(res.body.total + 1);
    const byId = await api.get(`${V3}/group/bulk?groupName=team-platform`);
    const viaId = await api.get(`${V3}/group/member?groupId=${byId.body.values[0].groupId}`);
    expect(viaId.body.total).toBe(res.body.total);
    expect((await api.get(`${V3}/group/member`)).status).toBe(400);
    expect((await api.get(`${V3}/group/member?groupname=no-such-group`)).status).toBe(404);
  });

  it("picks groups with a header and highlighted html", async () => {
    const res = await api.get(`${V3}/groups/picker?query=TEAM&maxResults=2`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    expect(res.body.header).toBe("Showing 2 of 4 matching groups");
    expect(res.body.groups[0].html).toBe("<b>team</b>-infra");
    const excluded = await api.get(`${V3}/groups/picker?query=team&exclude=team-web`);
    expect(excluded.body.total).toBe(3);
    expect((await api.get(`${V3}/groups/picker?maxResults=x`)).status).toBe(400);
  });
});

describe("projects", () => {
  it("pages /project/search with isLast math and nextPage links", async () => {
    const keys: string[] = [];
    let startAt = 0;
    for (;;) {
      const res = await api.get(`${V3}/project/search?startAt=${startAt}&maxResults=3`);
      expect(res.status).toBe(200);
      expect(res.body.startAt).toBe(startAt);
      expect(res.body.isLast).toBe(startAt + res.body.values.length >= res.body.total);
      keys.push(...res.body.values.map((p: { key: string }) => p.key));
      if (res.body.isLast) break;
      expect(res.body.nextPage).toContain(`startAt=${startAt + 3}`);
      startAt += 3;
    }
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(expect.arrayContaining(["BACKEND", "DEVOPS", "FRONTEND"]));
  });

  it("filters, orders and expands project search results", async () => {
    const q = await api.get(`${V3}/project/search?query=front`);
    expect(q.body.values.map((p: { key: string }) => p.key)).toEqual(["FRONTEND"]);
    expect(q.body.values[0]).not.toHaveProperty("lead");
    const keys = await api.get(
      `${V3}/project/search?keys=DEVOPS,BACKEND&orderBy=-key&expand=description,lead,issueTypes`,
    );
    expect(keys.body.values.map((p: { key: string }) => p.key)).toEqual(["DEVOPS", "BACKEND"]);
    expect(keys.body.values[0].lead.accountId).toEqual(expect.any(String));
    expect(keys.body.values[0].issueTypes.length).toBeGreaterThan(0);
    expect(keys.body.values[0].description).toEqual(expect.any(String));
    const byName = await api.get(`${V3}/project/search?orderBy=name&expand=insight,permissions`);
    const names = byName.body.values.map((p: { name: string }) => p.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(byName.body.values[0].insight.totalIssueCount).toBeGreaterThan(0);
    expect(byName.body.values[0].permissions).toEqual({ canEdit: true });
    expect((await api.get(`${V3}/project/search?orderBy=bogus`)).status).toBe(400);
    const viewerEdit = await api.get(`${V3}/project/search?action=edit`, "viewer");
    expect(viewerEdit.body.total).toBe(0);
  });

  it("returns a project by key or id with its parts, and 404s unknown ones", async () => {
    const res = await api.get(`${V3}/project/frontend`);
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p.key).toBe("FRONTEND");
    expect(p.lead.accountId).toEqual(expect.any(String));
    expect(p.components.length).toBeGreaterThan(0);
    expect(p.versions.length).toBeGreaterThan(0);
    expect(p.issueTypes.map((t: { name: string }) => t.name)).toContain("Bug");
    expect(Object.keys(p.roles)).toEqual(expect.arrayContaining(["Administrators", "Developers", "Users"]));
    expect(p.projectCategory.name).toBe("Product Engineering");
    const byId = await api.get(`${V3}/project/${p.id}`);
    expect(byId.body.key).toBe("FRONTEND");
    const nope = await api.get(`${V3}/project/NOPE`);
    expect(nope.status).toBe(404);
    expect(nope.body).toEqual({ errorMessages: ["No project could be found with key 'NOPE'."], errors: {} });
    const noId = await api.get(`${V3}/project/99999`);
    expect(noId.body.errorMessages).toEqual(["No project could be found with id '99999'."]);
  });

  it("lists statuses per issue type, and issue types of a project", async () => {
    const res = await api.get(`${V3}/project/BACKEND/statuses`);
    expect(res.status).toBe(200);
    expect(res.body[0].statuses.map((s: { name: string }) => s.name)).toContain("Done");
    expect((await api.get(`${V3}/project/NOPE/statuses`)).status).toBe(404);
    const project = (await api.get(`${V3}/project/BACKEND`)).body;
    const types = await api.get(`${V3}/issuetype/project?projectId=${project.id}`);
    expect(types.body.map((t: { id: string }) => t.id)).toEqual(
      project.issueTypes.map((t: { id: string }) => t.id),
    );
    const epics = await api.get(`${V3}/issuetype/project?projectId=${project.id}&level=1`);
    expect(epics.body.map((t: { name: string }) => t.name)).toEqual(["Epic"]);
    expect((await api.get(`${V3}/issuetype/project`)).status).toBe(400);
    expect((await api.get(`${V3}/issuetype/project?projectId=abc`)).status).toBe(400);
    expect((await api.get(`${V3}/issuetype/project?projectId=99999`)).status).toBe(404);
  });

  it("lists components as a bare array and as pages with issue counts", async () => {
    const bare = await api.get(`${V3}/project/BACKEND/components`);
    expect(Array.isArray(bare.body)).toBe(true);
    const paged = await api.get(`${V3}/project/BACKEND/component?maxResults=2&orderBy=-issueCount`);
    expect(paged.body.total).toBe(bare.body.length);
    expect(paged.body.values).toHaveLength(2);
    expect(paged.body.isLast).toBe(false);
    expect(paged.body.values[0].issueCount).toBeGreaterThanOrEqual(paged.body.values[1].issueCount);
    const store = h.sandbox.context.store;
    const c0 = paged.body.values[0];
    const counted = [...store.issues.values()].filter((i) => i.componentIds.includes(c0.id)).length;
    expect(c0.issueCount).toBe(counted);
    const q = await api.get(`${V3}/project/BACKEND/component?query=pay`);
    expect(q.body.values.map((c: { name: string }) => c.name)).toEqual(["Payments"]);
    expect((await api.get(`${V3}/project/BACKEND/component?orderBy=color`)).status).toBe(400);
    expect((await api.get(`${V3}/project/NOPE/component`)).status).toBe(404);
    expect((await api.get(`${V3}/project/NOPE/components`)).status).toBe(404);
  });

  it("pages versions with status, query and order filters", async () => {
    const bare = await api.get(`${V3}/project/BACKEND/versions`);
    expect(Array.isArray(bare.body)).toBe(true);
    const total = bare.body.length;
    const ids: string[] = [];
    for (let startAt = 0; ; startAt += 2) {
      const page = await api.get(`${V3}/project/BACKEND/version?startAt=${startAt}&maxResults=2`);
      expect(page.body.total).toBe(total);
      ids.push(...page.body.values.map((x: { id: string }) => x.id));
      if (page.body.isLast) break;
    }
    expect(ids).toEqual(bare.body.map((x: { id: string }) => x.id));
    const unreleased = await api.get(`${V3}/project/BACKEND/version?status=unreleased`);
    expect(unreleased.body.values.length).toBeGreaterThan(0);
    for (const x of unreleased.body.values) expect([x.released, x.archived]).toEqual([false, false]);
    const mixed = await api.get(`${V3}/project/BACKEND/version?status=released,archived`);
    expect(mixed.body.total + unreleased.body.total).toBe(total);
    const named = await api.get(`${V3}/project/BACKEND/version?query=4.0`);
    expect(named.body.values.map((x: { name: string }) => x.name)).toEqual(["API 4.0"]);
    const desc = await api.get(`${V3}/project/BACKEND/version?orderBy=-name&expand=issuesstatus`);
    const names = desc.body.values.map((x: { name: string }) => x.name);
    expect(names).toEqual([...names].sort().reverse());
    expect(desc.body.values[0].issuesStatusForFixVersion).toEqual(
      expect.objectContaining({ toDo: expect.any(Number), done: expect.any(Number) }),
    );
    expect((await api.get(`${V3}/project/BACKEND/version?status=bogus`)).status).toBe(400);
    expect((await api.get(`${V3}/project/BACKEND/version?orderBy=bogus`)).status).toBe(400);
    expect((await api.get(`${V3}/project/NOPE/version`)).status).toBe(404);
    expect((await api.get(`${V3}/project/NOPE/versions`)).status).toBe(404);
  });

  it("gets a version by id and 404s unknown ids", async () => {
    const [first] = (await api.get(`${V3}/project/FRONTEND/versions`)).body;
    const res = await api.get(`${V3}/version/${first.id}`);
    expect(res.body).toEqual(first);
    const nope = await api.get(`${V3}/version/99999`);
    expect(nope.status).toBe(404);
    expect(nope.body.errorMessages).toEqual(["Could not find version for id '99999'"]);
    expect((await api.get(`${V3}/version/abc`)).status).toBe(404);
  });
});

describe("roles", () => {
  it("maps role names to role URLs, and lists a role's actors", async () => {
    const roles = await api.get(`${V3}/project/FRONTEND/role`);
    expect(roles.status).toBe(200);
    const url = new URL(roles.body.Administrators);
    const role = await api.get(url.pathname);
    expect(role.status).toBe(200);
    expect(role.body.name).toBe("Administrators");
    const names = role.body.actors.map((a: { displayName: string }) => a.displayName);
    expect(names).toContain("Ada Admin");
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(role.body.actors[0].actorUser.accountId).toEqual(expect.any(String));
    expect((await api.get(`${V3}/project/FRONTEND/role/1`)).status).toBe(404);
    expect((await api.get(`${V3}/project/FRONTEND/role/x`)).status).toBe(404);
    expect((await api.get(`${V3}/project/NOPE/role`)).status).toBe(404);
  });

  it("hides project roles from non-administrators (404, as Jira does)", async () => {
    expect((await api.get(`${V3}/project/FRONTEND/role`, "viewer")).status).toBe(404);
    expect((await api.get(`${V3}/project/FRONTEND/role/10002`, "viewer")).status).toBe(404);
  });

  it("lists site-wide roles for administrators only", async () => {
    const all = await api.get(`${V3}/role`);
    expect(all.body.map((r: { name: string }) => r.name)).toEqual(["Users", "Developers", "Administrators"]);
    const one = await api.get(`${V3}/role/${all.body[0].id}`);
    expect(one.body.name).toBe("Users");
    expect((await api.get(`${V3}/role/424242`)).status).toBe(404);
    for (const path of ["/role", `/role/${all.body[0].id}`]) {
      const res = await api.get(`${V3}${path}`, "viewer");
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        errorMessages: [
          "You are not authorized to perform this action. Administrator privileges are required.",
        ],
        errors: {},
      });
    }
  });
});

describe("configuration", () => {
  it("lists priorities as an array and as pages", async () => {
    const all = await api.get(`${V3}/priority`);
    expect(all.body).toHaveLength(5);
    const page = await api.get(`${V3}/priority/search?startAt=1&maxResults=2`);
    expect(page.body).toMatchObject({ startAt: 1, maxResults: 2, total: 5, isLast: false });
    expect(page.body.values.map((p: { id: string }) => p.id)).toEqual(
      all.body.slice(1, 3).map((p: { id: string }) => p.id),
    );
    const named = await api.get(`${V3}/priority/search?priorityName=high`);
    expect(named.body.values.map((p: { name: string }) => p.name)).toEqual(["Highest", "High"]);
    const dflt = await api.get(`${V3}/priority/search?onlyDefault=true`, "viewer");
    expect(dflt.body.values.map((p: { name: string }) => p.name)).toEqual(["Medium"]);
    const byId = await api.get(`${V3}/priority/search?id=1&id=5`);
    expect(byId.body.total).toBe(2);
    expect((await api.get(`${V3}/priority/search?startAt=x`)).status).toBe(400);
  });

  it("searches statuses for admins; others are refused", async () => {
    const res = await api.get(`${V3}/statuses/search?statusCategory=IN_PROGRESS`);
    expect(res.body.values.map((s: { name: string }) => s.name)).toEqual(["In Progress", "In Review"]);
    const page = await api.get(`${V3}/statuses/search?maxResults=3`);
    expect(page.body).toMatchObject({ total: 4, isLast: false });
    const q = await api.get(`${V3}/statuses/search?searchString=review`);
    expect(q.body.total).toBe(1);
    expect((await api.get(`${V3}/statuses/search?statusCategory=NOPE`)).status).toBe(400);
    const viewer = await api.get(`${V3}/statuses/search`, "viewer");
    expect(viewer.status).toBe(401);
    const plain = await api.get(`${V3}/status`, "viewer");
    expect(plain.body).toHaveLength(4);
    const resolutions = await api.get(`${V3}/resolution`);
    expect(resolutions.body.map((r: { name: string }) => r.name)).toContain("Won't Do");
  });

  it("reports application roles to administrators", async () => {
    const all = await api.get(`${V3}/applicationrole`);
    expect(Array.isArray(all.body)).toBe(true);
    const sw = all.body.find((r: { key: string }) => r.key === "jira-software");
    expect(sw.userCount).toBeGreaterThan(1);
    expect(sw.remainingSeats).toBe(sw.numberOfSeats - sw.userCount);
    const one = await api.get(`${V3}/applicationrole/jira-software`);
    expect(one.body).toEqual(sw);
    expect((await api.get(`${V3}/applicationrole/nope`)).status).toBe(404);
    expect((await api.get(`${V3}/applicationrole`, "viewer")).status).toBe(403);
    expect((await api.get(`${V3}/applicationrole/jira-software`, "viewer")).status).toBe(403);
  });

  it("reports licences and approximate licence counts", async () => {
    const license = await api.get(`${V3}/instance/license`, "viewer");
    expect(license.body.applications).toEqual(
      expect.arrayContaining([{ id: "jira-software", plan: "PAID" }]),
    );
    const total = await api.get(`${V3}/license/approximateLicenseCount`);
    expect(total.body).toEqual({ key: "jira", value: expect.stringMatching(/^\d+$/) });
    const sw = await api.get(`${V3}/license/approximateLicenseCount/product/jira-software`);
    expect(Number(sw.body.value)).toBeGreaterThan(0);
    const sd = await api.get(`${V3}/license/approximateLicenseCount/product/jira-servicedesk`);
    expect(sd.body).toEqual({ key: "jira-servicedesk", value: "0" });
    expect((await api.get(`${V3}/license/approximateLicenseCount/product/confluence`)).status).toBe(400);
    expect((await api.get(`${V3}/license/approximateLicenseCount`, "viewer")).status).toBe(403);
    expect(
      (await api.get(`${V3}/license/approximateLicenseCount/product/jira-software`, "viewer")).status,
    ).toBe(403);
  });

  it("pages the audit log by offset/limit, newest first, with filter and dates", async () => {
    const all = await api.get(`${V3}/auditing/record`);
    const total = all.body.total;
    expect(total).toBeGreaterThan(10);
    const created = all.body.records.map((r: { created: string }) => r.created);
    expect(created).toEqual([...created].sort().reverse());
    const page = await api.get(`${V3}/auditing/record?offset=5&limit=5`);
    expect(page.body).toMatchObject({ offset: 5, limit: 5, total });
    expect(page.body.records.map((r: { id: number }) => r.id)).toEqual(
      all.body.records.slice(5, 10).map((r: { id: number }) => r.id),
    );
    const filtered = await api.get(`${V3}/auditing/record?filter=${encodeURIComponent("user created")}`);
    expect(filtered.body.total).toBeGreaterThan(0);
    for (const r of filtered.body.records)
      expect(`${r.summary} ${r.category}`.toLowerCase()).toContain("user");
    const pivot = all.body.records[10].created.slice(0, 10);
    const since = await api.get(`${V3}/auditing/record?from=${pivot}`);
    for (const r of since.body.records) expect(r.created.slice(0, 10) >= pivot).toBe(true);
    const until = await api.get(`${V3}/auditing/record?to=${pivot}T00:00:00Z`);
    expect(since.body.total + until.body.total).toBeGreaterThanOrEqual(total);
    expect((await api.get(`${V3}/auditing/record?from=yesterday`)).status).toBe(400);
    expect((await api.get(`${V3}/auditing/record?limit=x`)).status).toBe(400);
    const viewer = await api.get(`${V3}/auditing/record`, "viewer");
    expect(viewer.status).toBe(403);
  });

  it("describes the server as Jira Cloud", async () => {
    const res = await api.get(`${V3}/serverInfo`, "viewer");
    expect(res.body).toMatchObject({
      deploymentType: "Cloud",
      version: "1001.0.0-SNAPSHOT",
      versionNumbers: [1001, 0, 0],
      serverTitle: "Acme Robotics",
      baseUrl: h.url,
    });
    expect(res.body.buildNumber).toEqual(expect.any(Number));
  });
});

describe("plans", () => {
  it("walks plans with cursors", async () => {
    const first = await api.get(`${V3}/plans/plan?maxResults=1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ cursor: "", last: false, size: 1, total: 2 });
    const second = await api.get(`${V3}/plans/plan?maxResults=1&cursor=${first.body.nextPageCursor}`);
    expect(second.body).toMatchObject({ cursor: first.body.nextPageCursor, last: true, size: 1 });
    expect(second.body).not.toHaveProperty("nextPageCursor");
    expect(second.body.values[0].id).not.toBe(first.body.values[0].id);
    expect((await api.get(`${V3}/plans/plan?cursor=garbage!`)).status).toBe(400);
    const detail = await api.get(`${V3}/plans/plan/${first.body.values[0].id}`);
    expect(detail.body).toMatchObject({
      id: Number(first.body.values[0].id),
      name: first.body.values[0].name,
    });
    expect((await api.get(`${V3}/plans/plan/999`)).status).toBe(404);
    expect((await api.get(`${V3}/plans/plan`, "viewer")).status).toBe(403);
    expect((await api.get(`${V3}/plans/plan/1`, "viewer")).status).toBe(403);
  });
});

describe("dynamic webhooks", () => {
  it("refuses callers that are not apps", async () => {
    for (const as of ["admin", "viewer"] as const) {
      const list = await api.get(`${V3}/webhook`, as);
      expect(list.status).toBe(403);
      expect(list.body).toEqual({
        errorMessages: ["Only Connect and OAuth 2.0 apps can use this operation."],
        errors: {},
      });
      const post = await api.call("POST", `${V3}/webhook`, {
        as,
        body: {
          url: "https://example.test/h",
          webhooks: [{ events: ["jira:issue_created"], jqlFilter: "project = FRONTEND" }],
        },
      });
      expect(post.status).toBe(403);
      expect((await api.call("DELETE", `${V3}/webhook`, { as, body: { webhookIds: [1] } })).status).toBe(403);
      expect((await api.call("PUT", `${V3}/webhook/refresh`, { as, body: { webhookIds: [1] } })).status).toBe(
        403,
      );
      expect((await api.get(`${V3}/webhook/failed`, as)).status).toBe(403);
    }
  });

  it("registers, lists, refreshes and deletes an app's webhooks", async () => {
    const before = await api.get(`${GW}/webhook`, oauth);
    expect(before.status).toBe(200);
    const start = before.body.total;
    const reg = await api.call("POST", `${GW}/webhook`, {
      as: oauth,
      body: {
        url: "https://example.test/hooks",
        webhooks: [
          {
            events: ["jira:issue_created", "jira:issue_updated"],
            jqlFilter: "project = FRONTEND AND status != Done",
            fieldIdsFilter: ["summary"],
          },
          { events: ["comment_created"], jqlFilter: "project in (BACKEND, DEVOPS)" },
          { events: ["jira:issue_exploded"], jqlFilter: "project = FRONTEND" },
          { events: ["jira:issue_created"], jqlFilter: "summary ~ robot" },
          { events: ["jira:issue_created"], jqlFilter: "project = " },
          { events: ["jira:issue_created"], jqlFilter: "project = FRONTEND ORDER BY created" },
        ],
      },
    });
    expect(reg.status).toBe(200);
    const results = reg.body.webhookRegistrationResult;
    expect(results).toHaveLength(6);
    expect(results[0].createdWebhookId).toEqual(expect.any(Number));
    expect(results[1].createdWebhookId).toEqual(expect.any(Number));
    for (const r of results.slice(2)) {
      expect(r).not.toHaveProperty("createdWebhookId");
      expect(r.errors.length).toBeGreaterThan(0);
    }
    expect(results[2].errors[0]).toContain("jira:issue_exploded");
    expect(results[4].errors[0]).toMatch(/^Error in the JQL Query/);

    const ids = [results[0].createdWebhookId, results[1].createdWebhookId];
    const listed = await api.get(`${GW}/webhook?maxResults=100`, oauth);
    expect(listed.body.total).toBe(start + 2);
    const mine = listed.body.values.filter((w: { id: number }) => ids.includes(w.id));
    expect(mine[0]).toMatchObject({
      jqlFilter: "project = FRONTEND AND status != Done",
      events: ["jira:issue_created", "jira:issue_updated"],
      fieldIdsFilter: ["summary"],
      url: "https://example.test/hooks",
    });

    const paged = await api.get(`${GW}/webhook?startAt=1&maxResults=1`, oauth);
    expect(paged.body).toMatchObject({ startAt: 1, maxResults: 1, total: start + 2, isLast: false });

    const refresh = await api.call("PUT", `${GW}/webhook/refresh`, {
      as: oauth,
      body: { webhookIds: [...ids, 987654] },
    });
    expect(refresh.status).toBe(200);
    const store = h.sandbox.context.store;
    expect(store.webhooks.get(ids[0])?.expirationDate).toBe(refresh.body.expirationDate);
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    expect(refresh.body.expirationDate - store.webhooks.get(ids[1])!.expirationDate).toBe(0);
    expect(refresh.body.expirationDate).toBeGreaterThanOrEqual(mine[0].expirationDate);
    expect(refresh.body.expirationDate - thirtyDays).toBeLessThanOrEqual(refresh.body.expirationDate);

    const del = await api.call("DELETE", `${GW}/webhook`, { as: oauth, body: { webhookIds: [ids[0]] } });
    expect(del.status).toBe(202);
    expect(del.text).toBe("");
    const after = await api.get(`${GW}/webhook?maxResults=100`, oauth);
    expect(after.body.total).toBe(start + 1);
    expect(after.body.values.map((w: { id: number }) => w.id)).not.toContain(ids[0]);
  });

  it("rejects malformed webhook requests with 400", async () => {
    const cases: unknown[] = [
      {},
      { url: "https://example.test/h" },
      { url: "", webhooks: [{ events: ["jira:issue_created"], jqlFilter: "project = X" }] },
      { url: "https://example.test/h", webhooks: [] },
    ];
    for (const body of cases) {
      const res = await api.call("POST", `${GW}/webhook`, { as: oauth, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api.call("POST", `${GW}/webhook`, { as: oauth, body: "{not json" })).status).toBe(400);
    expect((await api.call("DELETE", `${GW}/webhook`, { as: oauth, body: {} })).status).toBe(400);
    expect(
      (await api.call("DELETE", `${GW}/webhook`, { as: oauth, body: { webhookIds: ["a"] } })).status,
    ).toBe(400);
    expect(
      (await api.call("PUT", `${GW}/webhook/refresh`, { as: oauth, body: { webhookIds: [] } })).status,
    ).toBe(400);
  });

  it("reports no failed deliveries", async () => {
    const res = await api.get(`${GW}/webhook/failed`, oauth);
    expect(res.body).toEqual({ values: [], maxResults: 100 });
  });
});
