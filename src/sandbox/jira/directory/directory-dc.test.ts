import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Confluence is not under test here; leaving its modules out keeps this file independent of them
// (and of the rich-text converters they load). Jira routes are mounted exactly as in production.
vi.mock("../../confluence/index.js", () => ({ confluenceRouteModules: [] }));

import { requireSpecs, validateResponse } from "../../../../test/support/openapi.js";
import { type As, SandboxHarness } from "../../../../test/support/sandbox-harness.js";

let h: SandboxHarness;
let specs = false;

beforeAll(async () => {
  h = await SandboxHarness.start({ deployment: "datacenter" });
  specs = requireSpecs();
});

afterAll(async () => {
  await h.close();
});

const V2 = "/rest/api/2";

/**
 * Data Center has no published OpenAPI spec in the reference set; the closest contract is Cloud's
 * (whose `User`, `Project`, ... also define DC's `name`/`key`), so successful DC bodies are checked
 * against the v3 operation of the same path.
 */
async function get(path: string, as: As = "admin") {
  const res = await h.get(path, { as });
  if (specs && res.status === 200) {
    const result = validateResponse({
      method: "GET",
      url: path.replace(V2, "/rest/api/3"),
      status: 200,
      body: res.body,
    });
    expect(result.errors, `${path} ${res.text.slice(0, 200)}`).toEqual([]);
  }
  return res;
}

describe("Data Center directory", () => {
  it("answers 401 without credentials", async () => {
    expect((await get(`${V2}/myself`, "anonymous")).status).toBe(401);
  });

  it("identifies users by username and key", async () => {
    const me = await get(`${V2}/myself`);
    expect(me.status).toBe(200);
    expect(me.body.name).toBe(h.info.username);
    expect(me.body).not.toHaveProperty("accountId");
    const byName = await get(`${V2}/user?username=${encodeURIComponent(h.info.username)}`);
    expect(byName.body.key).toBe(me.body.key);
    const byKey = await get(`${V2}/user?key=${encodeURIComponent(me.body.key)}`);
    expect(byKey.body.name).toBe(h.info.username);
    expect((await get(`${V2}/user?username=nobody`)).status).toBe(404);
    const search = await get(`${V2}/user/search?username=${encodeURIComponent(h.info.username.slice(0, 4))}`);
    expect(search.body.map((u: { name: string }) => u.name)).toContain(h.info.username);
    const members = await get(`${V2}/group/member?groupname=jira-administrators`);
    expect(members.body.values[0]).toHaveProperty("name");
  });

  it("serves projects, versions and roles under /rest/api/2", async () => {
    const project = await get(`${V2}/project/FRONTEND`);
    expect(project.status).toBe(200);
    expect(project.body.self).toContain("/rest/api/2/project/");
    expect(project.body.lead.name).toEqual(expect.any(String));
    const versions = await get(`${V2}/project/FRONTEND/versions`);
    expect(versions.body.length).toBeGreaterThan(0);
    const role = await get(`${V2}/project/FRONTEND/role/10002`);
    expect(role.body.actors[0].name).toEqual(expect.any(String));
    expect(role.body.actors[0]).not.toHaveProperty("actorUser");
  });

  it("reports a Data Center server", async () => {
    const res = await get(`${V2}/serverInfo`);
    expect(res.body).toMatchObject({
      deploymentType: "DataCenter",
      version: "10.3.4",
      versionNumbers: [10, 3, 4],
      serverTitle: "Acme Robotics",
    });
  });

  it("keeps the audit log for administrators", async () => {
    expect((await get(`${V2}/auditing/record?limit=1`)).body.records).toHaveLength(1);
    expect((await get(`${V2}/auditing/record`, "viewer")).status).toBe(403);
  });

  it("404s Cloud-only endpoints and the v3 API", async () => {
    for (const path of [
      `${V2}/users/search`,
      `${V2}/user/groups?username=${h.info.username}`,
      `${V2}/group/bulk`,
      `${V2}/plans/plan`,
      `${V2}/webhook`,
      `${V2}/instance/license`,
      `${V2}/statuses/search`,
      `${V2}/priority/search`,
      `${V2}/license/approximateLicenseCount`,
      `${V2}/issuetype/project?projectId=10000`,
      "/rest/api/3/myself",
      "/rest/api/3/project/FRONTEND",
    ]) {
      const res = await h.get(path, { as: "admin" });
      expect(res.status, path).toBe(404);
      expect(res.body.errorMessages, path).toEqual(expect.any(Array));
    }
    const search = await h.get(`${V2}/project/search`, { as: "admin" });
    expect(search.body.errorMessages).toEqual(["No project could be found with key 'search'."]);
    const oauth = await h.request("POST", `${V2}/webhook`, {
      as: "admin",
      body: { url: "https://example.test/h", webhooks: [] },
    });
    expect(oauth.status).toBe(404);
  });
});
