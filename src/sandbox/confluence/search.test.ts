import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import { conformingClient } from "./test-client.js";

let h: SandboxHarness;
const { specs, report, get, post } = conformingClient("Confluence v1 search (sandbox)", () => h);

const V2 = "/wiki/api/v2";

let spaceId: string;

beforeAll(async () => {
  h = await SandboxHarness.start();
  const space = await post(`${V2}/spaces`, { name: "Search Space", key: "SRCH" });
  expect(space.status).toBe(201);
  spaceId = space.body.id;
  for (let i = 0; i < 30; i++) {
    const res = await post(`${V2}/pages`, {
      spaceId,
      title: `Quokka report ${String(i).padStart(2, "0")}`,
      body: { representation: "storage", value: `<p>The quokka census number ${i} &amp; friends.</p>` },
    });
    expect(res.status).toBe(200);
  }
  const special = await post(`${V2}/pages`, {
    spaceId,
    title: "Zebrafish handbook",
    body: {
      representation: "storage",
      value: "<p>Everything about <strong>zebrafish</strong> tanks &lt;here&gt;.</p>",
    },
  });
  expect(special.status).toBe(200);
});

afterAll(async () => {
  if (specs) report.print();
  await h?.close();
});

const SEARCH = "/wiki/rest/api/search";

describe("search by CQL", () => {
  it("finds content with highlights, excerpts and containers", async () => {
    const res = await get(SEARCH, { query: { cql: 'text ~ "zebrafish"' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      start: 0,
      limit: 25,
      size: 1,
      totalSize: 1,
      cqlQuery: 'text ~ "zebrafish"',
    });
    const hit = res.body.results[0];
    expect(hit.content).toMatchObject({ type: "page", status: "current" });
    expect(hit.title).toBe("@@@hl@@@Zebrafish@@@endhl@@@ handbook");
    expect(hit.excerpt).toContain("@@@hl@@@zebrafish@@@endhl@@@");
    expect(hit.excerpt).toContain("&lt;here&gt;");
    expect(hit.resultGlobalContainer).toEqual({ title: "Search Space", displayUrl: "/spaces/SRCH" });
    expect(hit.entityType).toBe("content");
    expect(hit.url).toMatch(/^\/spaces\/SRCH\/pages\/\d+\/Zebrafish\+handbook$/);
    expect(res.body._links.base).toBe(`${h.url}/wiki`);
    expect(res.body._links.next).toBeUndefined();

    const plain = await get(SEARCH, { query: { cql: 'text ~ "zebrafish"', excerpt: "none" } });
    expect(plain.body.results[0].excerpt).toBe("");
    const unescaped = await get(SEARCH, {
      query: { cql: 'text ~ "zebrafish"', excerpt: "indexed_unescaped" },
    });
    expect(unescaped.body.results[0].excerpt).toContain("<here>");
    expect(unescaped.body.results[0].title).toBe("Zebrafish handbook");
  });

  it("expands content fields on request", async () => {
    const res = await get(SEARCH, {
      query: {
        cql: 'title = "Zebrafish handbook"',
        expand: "content.space,content.version,content.body.storage",
      },
    });
    const content = res.body.results[0].content;
    expect(content.space.key).toBe("SRCH");
    expect(content.version.number).toBe(1);
    expect(content.body.storage.value).toContain("zebrafish");
  });

  it("returns spaces, comments and attachments of the seed in their own result shapes", async () => {
    const spaces = await get(SEARCH, { query: { cql: "type = space", limit: 50 } });
    expect(spaces.body.results.length).toBeGreaterThanOrEqual(3);
    for (const r of spaces.body.results) {
      expect(r.entityType).toBe("space");
      expect(r.space.key).toBeTruthy();
    }
    const expand =
      "content.history,content.ancestors,content.container,content.version,content.body.atlas_doc_format";
    for (const type of ["comment", "attachment", "page"]) {
      const res = await get(SEARCH, { query: { cql: `type = ${type}`, limit: 20, expand } });
      expect(res.status).toBe(200);
      expect(res.body.totalSize).toBeGreaterThan(0);
      for (const r of res.body.results) {
        expect(r.content.type).toBe(type);
        expect(r.entityType).toBe("content");
        if (type !== "page") expect(r.resultParentContainer.title).toBeTruthy();
      }
    }
  });

  it("pages through every result by cursor, and by start", async () => {
    const cql = `space = SRCH and text ~ quokka order by title`;
    const seen: string[] = [];
    let url: string | undefined = `${SEARCH}?${new URLSearchParams({ cql, limit: "7" })}`;
    let total = -1;
    while (url) {
      const res = await get(url);
      expect(res.status).toBe(200);
      total = res.body.totalSize;
      seen.push(...res.body.results.map((r: { content: { id: string } }) => r.content.id));
      const next: string | undefined = res.body._links.next;
      if (next) expect(next.startsWith("/rest/api/search?")).toBe(true);
      url = next ? `/wiki${next}` : undefined;
    }
    expect(total).toBe(30);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);

    const third = await get(SEARCH, { query: { cql, limit: 7, start: 14 } });
    expect(third.body.start).toBe(14);
    expect(third.body.results.map((r: { content: { id: string } }) => r.content.id)).toEqual(
      seen.slice(14, 21),
    );
    expect(third.body._links.prev).toBeDefined();
  });

  it("rejects invalid CQL and parameters in Confluence's v1 shape", async () => {
    const bad = await get(SEARCH, { query: { cql: "title = " } });
    expect(bad.status).toBe(400);
    expect(bad.body.statusCode).toBe(400);
    expect(bad.body.message).toMatch(/^Could not parse cql/);
    expect((await get(SEARCH, { query: { cql: "nosuchfield = x" } })).status).toBe(400);
    expect((await get(SEARCH, {})).status).toBe(400);
    expect((await get(SEARCH, { query: { cql: "type = page", limit: -1 } })).status).toBe(400);
    expect((await get(SEARCH, { query: { cql: "type = page", cursor: "garbage!" } })).status).toBe(400);
  });

  it("is readable by the viewer and closed to anonymous callers", async () => {
    expect((await get(SEARCH, { query: { cql: "type = page" }, as: "viewer" })).status).toBe(200);
    const anon = await h.get(SEARCH, { query: { cql: "type = page" }, as: "anonymous" });
    expect(anon.status).toBe(401);
    expect(anon.body.statusCode).toBe(401);
  });

  it("searches content as a ContentArray", async () => {
    const res = await get("/wiki/rest/api/content/search", {
      query: { cql: "space = SRCH and type = page", limit: 10, expand: "version" },
    });
    expect(res.status).toBe(200);
    expect(res.body.size).toBe(10);
    expect(res.body.results[0].version.number).toBe(1);
    expect(res.body._links.next.startsWith("/rest/api/content/search?")).toBe(true);
    const next = await get(`/wiki${res.body._links.next}`);
    expect(next.body.results).toHaveLength(10);
  });

  it("works through the OAuth gateway form", async () => {
    const tokens = await h.oauthTokens();
    const prefix = `/ex/confluence/${h.info.cloudId}`;
    const res = await get(`${prefix}${SEARCH}`, {
      as: { bearer: tokens.access_token },
      query: { cql: 'text ~ "zebrafish"' },
    });
    expect(res.status).toBe(200);
    expect(res.body._links.base).toBe(`${h.url}${prefix}/wiki`);
  });
});

describe("current user", () => {
  it("returns the caller", async () => {
    const me = await get("/wiki/rest/api/user/current");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "known", accountId: h.info.accountId, email: h.info.email });
    const viewer = await get("/wiki/rest/api/user/current", { as: "viewer" });
    expect(viewer.body.accountId).toBe(h.info.viewer.accountId);
  });
});

describe("Data Center", () => {
  it("has no Confluence endpoints", async () => {
    const dc = await SandboxHarness.start({ deployment: "datacenter" });
    try {
      expect((await dc.get(`${V2}/pages`)).status).toBe(404);
      expect((await dc.get(SEARCH, { query: { cql: "type = page" } })).status).toBe(404);
    } finally {
      await dc.close();
    }
  });
});
