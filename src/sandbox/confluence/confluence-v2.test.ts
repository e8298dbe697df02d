import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import { conformingClient, type Options } from "./test-client.js";

let h: SandboxHarness;
const { specs, report, get, post, put, del } = conformingClient(
  "Confluence v2 + v1 writes (sandbox)",
  () => h,
);

const V2 = "/wiki/api/v2";

function adf(text: string) {
  return { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

let spaceId: string;
let spaceKey: string;
let homepageId: string;

beforeAll(async () => {
  h = await SandboxHarness.start();
  const res = await post(`${V2}/spaces`, { name: "Sandbox Test Space", key: "SBXTEST" });
  expect(res.status).toBe(201);
  spaceId = res.body.id;
  spaceKey = res.body.key;
  homepageId = res.body.homepageId;
});

afterAll(async () => {
  if (specs) report.print();
  await h?.close();
});

async function createPage(title: string, extra: Record<string, unknown> = {}, query: Options["query"] = {}) {
  const res = await post(
    `${V2}/pages`,
    {
      spaceId,
      status: "current",
      title,
      body: { representation: "storage", value: `<p>${title} body</p>` },
      ...extra,
    },
    { query },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe("spaces", () => {
  it("lists, filters and reads spaces", async () => {
    const all = await get(`${V2}/spaces`, { query: { limit: 250 } });
    expect(all.status).toBe(200);
    expect(all.body._links.base).toBe(`${h.url}/wiki`);
    const mine = all.body.results.find((s: { key: string }) => s.key === "SBXTEST");
    expect(mine).toMatchObject({
      id: spaceId,
      name: "Sandbox Test Space",
      type: "global",
      status: "current",
    });
    expect(mine.description).toBeUndefined();

    const byKey = await get(`${V2}/spaces`, { query: { keys: "SBXTEST", "description-format": "plain" } });
    expect(byKey.body.results).toHaveLength(1);
    expect(byKey.body.results[0].description.plain.representation).toBe("plain");

    const one = await get(`${V2}/spaces/${spaceId}`, {
      query: { "include-labels": true, "include-operations": true },
    });
    expect(one.status).toBe(200);
    expect(one.body.homepageId).toBe(homepageId);
    expect(one.body._links.base).toBe(`${h.url}/wiki`);
    expect(one.body.labels.results).toEqual([]);

    const sorted = await get(`${V2}/spaces`, { query: { sort: "-key", limit: 250 } });
    const keys = sorted.body.results.map((s: { key: string }) => s.key);
    const lower = keys.map((k: string) => k.toLowerCase());
    expect(lower).toEqual([...lower].sort().reverse());
  });

  it("validates space creation and its permissions", async () => {
    expect((await post(`${V2}/spaces`, { name: "Dup", key: "SBXTEST" })).status).toBe(400);
    expect((await post(`${V2}/spaces`, { name: "Bad key", key: "NO-DASH" })).status).toBe(400);
    expect((await post(`${V2}/spaces`, { key: "NONAME" })).status).toBe(400);
    expect(
      (await post(`${V2}/spaces`, { name: "Viewer space", key: "VIEWSP" }, { as: "viewer" })).status,
    ).toBe(403);
    expect((await get(`${V2}/spaces/999999999`)).status).toBe(404);
    expect((await get(`${V2}/spaces/abc`)).status).toBe(400);
  });

  it("rejects bad pagination parameters", async () => {
    expect((await get(`${V2}/spaces`, { query: { limit: 0 } })).status).toBe(400);
    expect((await get(`${V2}/spaces`, { query: { limit: 1000 } })).status).toBe(400);
    expect((await get(`${V2}/spaces`, { query: { limit: "ten" } })).status).toBe(400);
    expect((await get(`${V2}/spaces`, { query: { cursor: "not-a-cursor" } })).status).toBe(400);
    expect((await get(`${V2}/spaces`, { query: { sort: "bogus" } })).status).toBe(400);
  });

  it("answers 401 without credentials", async () => {
    const res = await get(`${V2}/spaces`, { as: "anonymous" });
    expect(res.status).toBe(401);
  });
});

describe("pages", () => {
  it("creates under the homepage, reads back in both body formats", async () => {
    const created = await createPage("Round trip", {
      body: { representation: "storage", value: "<p>Hello <strong>world</strong></p>" },
    });
    expect(created.parentId).toBe(homepageId);
    expect(created.version.number).toBe(1);
    expect(created._links.base).toBe(`${h.url}/wiki`);
    expect(created._links.webui).toBe(`/spaces/${spaceKey}/pages/${created.id}/Round+trip`);

    const storage = await get(`${V2}/pages/${created.id}`, { query: { "body-format": "storage" } });
    expect(storage.body.body.storage.representation).toBe("storage");
    expect(storage.body.body.storage.value).toContain("<strong>world</strong>");

    const adfRes = await get(`${V2}/pages/${created.id}`, { query: { "body-format": "atlas_doc_format" } });
    const doc = JSON.parse(adfRes.body.body.atlas_doc_format.value);
    expect(doc.type).toBe("doc");
    expect(JSON.stringify(doc)).toContain('"strong"');
    expect(JSON.stringify(doc)).toContain("world");

    const noBody = await get(`${V2}/pages/${created.id}`);
    expect(noBody.body.body).toEqual({});
  });

  it("accepts ADF and wiki input, refuses invalid ADF", async () => {
    const fromAdf = await createPage("From ADF", {
      body: { representation: "atlas_doc_format", value: JSON.stringify(adf("typed as ADF")) },
    });
    const asStorage = await get(`${V2}/pages/${fromAdf.id}`, { query: { "body-format": "storage" } });
    expect(asStorage.body.body.storage.value).toContain("typed as ADF");

    const fromWiki = await createPage("From wiki", {
      body: { wiki: { representation: "wiki", value: "*bold* words" } },
    });
    const wikiAdf = await get(`${V2}/pages/${fromWiki.id}`, { query: { "body-format": "atlas_doc_format" } });
    expect(wikiAdf.body.body.atlas_doc_format.value).toContain("bold");

    const invalid = await post(`${V2}/pages`, {
      spaceId,
      title: "Invalid ADF",
      body: {
        representation: "atlas_doc_format",
        value: JSON.stringify({ type: "doc", version: 1, content: [{ type: "nope" }] }),
      },
    });
    expect(invalid.status).toBe(400);
    const notJson = await post(`${V2}/pages`, {
      spaceId,
      title: "Not JSON",
      body: { representation: "atlas_doc_format", value: "{oops" },
    });
    expect(notJson.status).toBe(400);
    const badRep = await post(`${V2}/pages`, {
      spaceId,
      title: "Bad rep",
      body: { representation: "html", value: "<p/>" },
    });
    expect(badRep.status).toBe(400);
  });

  it("enforces title rules, ids and root-level", async () => {
    await createPage("Unique title");
    const dup = await post(`${V2}/pages`, { spaceId, title: "unique TITLE" });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].title).toMatch(/A page with this title already exists/);
    expect((await post(`${V2}/pages`, { spaceId, title: "" })).status).toBe(400);
    expect((await post(`${V2}/pages`, { title: "No space" })).status).toBe(400);
    expect((await post(`${V2}/pages`, { spaceId: "424242424", title: "Ghost space" })).status).toBe(404);
    expect((await post(`${V2}/pages`, { spaceId, title: "Ghost parent", parentId: "99999999" })).status).toBe(
      404,
    );
    const root = await createPage("At the root", {}, { "root-level": true });
    expect(root.parentId).toBeUndefined();
    const both = await post(
      `${V2}/pages`,
      { spaceId, title: "Both", parentId: homepageId },
      { query: { "root-level": true } },
    );
    expect(both.status).toBe(400);
    expect((await get(`${V2}/pages/12x`)).status).toBe(400);
    expect((await get(`${V2}/pages/987654321`)).status).toBe(404);
    const draft = await post(`${V2}/pages`, { spaceId, status: "draft" });
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe("draft");
  });

  it("updates with optimistic versioning and keeps history", async () => {
    const page = await createPage("Versioned");
    const update = (number: number, title = "Versioned v2") =>
      put(`${V2}/pages/${page.id}`, {
        id: page.id,
        status: "current",
        title,
        body: { representation: "atlas_doc_format", value: JSON.stringify(adf("second version")) },
        version: { number, message: "edit" },
      });
    const stale = await update(1);
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].title).toBe("Version must be incremented on update. Current version is: 1");
    expect((await update(3)).status).toBe(409);
    const ok = await update(2);
    expect(ok.status).toBe(200);
    expect(ok.body.version).toMatchObject({ number: 2, message: "edit" });
    expect(ok.body.title).toBe("Versioned v2");

    const readBack = await get(`${V2}/pages/${page.id}`, {
      query: { "body-format": "storage", "include-versions": true },
    });
    expect(readBack.body.body.storage.value).toContain("second version");
    expect(readBack.body.versions.results.map((v: { number: number }) => v.number)).toEqual([2, 1]);

    const old = await get(`${V2}/pages/${page.id}`, { query: { version: 1, "body-format": "storage" } });
    expect(old.body.title).toBe("Versioned");
    expect(old.body.body.storage.value).toContain("Versioned body");

    const versions = await get(`${V2}/pages/${page.id}/versions`, { query: { "body-format": "storage" } });
    expect(versions.body.results.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    expect(versions.body.results[0].page.title).toBe("Versioned v2");
    const detail = await get(`${V2}/pages/${page.id}/versions/1`);
    expect(detail.body).toMatchObject({ number: 1, nextVersion: 2 });
    expect((await get(`${V2}/pages/${page.id}/versions/9`)).status).toBe(404);

    const mismatch = await put(`${V2}/pages/${page.id}`, {
      id: "1",
      status: "current",
      title: "x",
      body: { representation: "storage", value: "<p/>" },
      version: { number: 3 },
    });
    expect(mismatch.status).toBe(400);
    const missing = await put(`${V2}/pages/${page.id}`, { id: page.id, status: "current", title: "x" });
    expect(missing.status).toBe(400);
  });

  it("trashes, restores and purges", async () => {
    const page = await createPage("Trash me");
    const child = await createPage("Trash child", { parentId: page.id });
    expect((await del(`${V2}/pages/${page.id}`, { query: { purge: true } })).status).toBe(400);
    expect((await del(`${V2}/pages/${page.id}`)).status).toBe(204);
    expect((await get(`${V2}/pages/${page.id}`)).status).toBe(404);
    const trashed = await get(`${V2}/pages/${page.id}`, { query: { status: "trashed" } });
    expect(trashed.body.status).toBe("trashed");
    const movedChild = await get(`${V2}/pages/${child.id}`);
    expect(movedChild.body.parentId).toBe(homepageId);
    const listed = await get(`${V2}/spaces/${spaceId}/pages`, { query: { status: "trashed" } });
    expect(listed.body.results.map((p: { id: string }) => p.id)).toContain(page.id);

    const restored = await put(`${V2}/pages/${page.id}`, {
      id: page.id,
      status: "current",
      title: "Trash me",
      body: { representation: "storage", value: "<p/>" },
      version: { number: 2 },
    });
    expect(restored.status).toBe(200);
    expect(restored.body.status).toBe("current");

    expect((await del(`${V2}/pages/${page.id}`)).status).toBe(204);
    expect((await del(`${V2}/pages/${page.id}`, { query: { purge: true } })).status).toBe(204);
    expect((await get(`${V2}/pages/${page.id}`, { query: { status: "trashed" } })).status).toBe(404);
  });

  it("walks the page tree", async () => {
    const top = await createPage("Tree top");
    const mid = await createPage("Tree middle", { parentId: top.id });
    const leafA = await createPage("Tree leaf A", { parentId: mid.id });
    const leafB = await createPage("Tree leaf B", { parentId: mid.id });

    const ancestors = await get(`${V2}/pages/${leafA.id}/ancestors`);
    expect(ancestors.body.results).toEqual([
      { id: homepageId, type: "page" },
      { id: top.id, type: "page" },
      { id: mid.id, type: "page" },
    ]);
    const nearest = await get(`${V2}/pages/${leafA.id}/ancestors`, { query: { limit: 1 } });
    expect(nearest.body.results).toEqual([{ id: mid.id, type: "page" }]);

    const children = await get(`${V2}/pages/${mid.id}/children`);
    expect(children.body.results.map((p: { id: string }) => p.id)).toEqual([leafA.id, leafB.id]);
    const direct = await get(`${V2}/pages/${mid.id}/direct-children`, { query: { sort: "-title" } });
    expect(direct.body.results.map((p: { id: string }) => p.id)).toEqual([leafB.id, leafA.id]);
    expect(direct.body.results[0].type).toBe("page");

    const desc = await get(`${V2}/pages/${top.id}/descendants`, { query: { depth: 2 } });
    expect(desc.body.results.map((d: { id: string; depth: number }) => [d.id, d.depth])).toEqual([
      [mid.id, 1],
      [leafA.id, 2],
      [leafB.id, 2],
    ]);
    const shallow = await get(`${V2}/pages/${top.id}/descendants`, { query: { depth: 1 } });
    expect(shallow.body.results).toHaveLength(1);
    expect((await get(`${V2}/pages/${top.id}/descendants`, { query: { depth: 11 } })).status).toBe(400);

    const moved = await put(`${V2}/pages/${top.id}`, {
      id: top.id,
      status: "current",
      title: "Tree top",
      parentId: leafA.id,
      body: { representation: "storage", value: "<p/>" },
      version: { number: 2 },
    });
    expect(moved.status).toBe(400);
  });

  it("walks every page of a space by cursor with no duplicates or gaps", async () => {
    const created = await post(`${V2}/spaces`, { name: "Cursor walk", key: "CURSORWALK" });
    const walkSpace = created.body.id;
    const expected = new Set<string>([created.body.homepageId]);
    for (let i = 0; i < 40; i++) {
      const res = await post(`${V2}/pages`, {
        spaceId: walkSpace,
        title: `Walk ${String(i).padStart(2, "0")}`,
      });
      expected.add(res.body.id);
    }
    const seen: string[] = [];
    let path: string | undefined = `${V2}/spaces/${walkSpace}/pages?limit=7&sort=title&body-format=storage`;
    let pages = 0;
    while (path) {
      const res = await get(path);
      expect(res.status).toBe(200);
      seen.push(...res.body.results.map((p: { id: string }) => p.id));
      for (const p of res.body.results) expect(p.body.storage.representation).toBe("storage");
      const next: string | undefined = res.body._links.next;
      if (next) {
        expect(next.startsWith(`${V2}/spaces/${walkSpace}/pages?`)).toBe(true);
        expect(next).toContain("sort=title");
        expect(res.headers.get("link")).toContain(`<${next}>; rel="next"`);
      } else expect(res.headers.get("link")).toBeNull();
      path = next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(expected.size / 7));
    expect(seen).toHaveLength(expected.size);
    expect(new Set(seen)).toEqual(expected);

    const walkSite: string[] = [];
    let sitePath: string | undefined = `${V2}/pages?limit=250&space-id=${walkSpace}`;
    while (sitePath) {
      const res = await get(sitePath);
      walkSite.push(...res.body.results.map((p: { id: string }) => p.id));
      sitePath = res.body._links.next;
    }
    expect(new Set(walkSite)).toEqual(expected);
    const roots = await get(`${V2}/spaces/${walkSpace}/pages`, { query: { depth: "root" } });
    expect(roots.body.results.map((p: { id: string }) => p.id)).toEqual([created.body.homepageId]);
    const titled = await get(`${V2}/pages`, { query: { title: "Walk 07", "space-id": walkSpace } });
    expect(titled.body.results).toHaveLength(1);
  });

  it("walks every seeded space in both body formats", async () => {
    const spaces = await get(`${V2}/spaces`, { query: { limit: 250 } });
    const seeded = spaces.body.results.filter(
      (s: { key: string }) => !["SBXTEST", "CURSORWALK"].includes(s.key),
    );
    expect(seeded.length).toBeGreaterThanOrEqual(3);
    for (const space of seeded) {
      for (const format of ["storage", "atlas_doc_format"]) {
        const ids: string[] = [];
        let path: string | undefined = `${V2}/spaces/${space.id}/pages?limit=10&body-format=${format}`;
        while (path) {
          const res = await get(path);
          expect(res.status).toBe(200);
          for (const p of res.body.results) {
            expect(p.spaceId).toBe(space.id);
            expect(typeof p.body[format].value).toBe("string");
            if (format === "atlas_doc_format") expect(JSON.parse(p.body[format].value).type).toBe("doc");
          }
          ids.push(...res.body.results.map((p: { id: string }) => p.id));
          path = res.body._links.next;
        }
        expect(new Set(ids).size).toBe(ids.length);
        const all = await get(`${V2}/pages`, { query: { "space-id": space.id, limit: 250 } });
        expect(new Set(ids)).toEqual(new Set(all.body.results.map((p: { id: string }) => p.id)));
      }
    }
  });

  it("accepts seeded storage bodies written back unchanged", async () => {
    const pages = await get(`${V2}/pages`, { query: { limit: 60, "body-format": "storage" } });
    for (const p of pages.body.results) {
      const res = await put(`${V2}/pages/${p.id}`, {
        id: p.id,
        status: "current",
        title: p.title,
        body: { representation: "storage", value: p.body.storage.value },
        version: { number: p.version.number + 1, message: "round trip" },
      });
      expect(res.status, `${p.title}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.body.storage.value).toBe(p.body.storage.value);
    }
  });

  it("refuses every write from the viewer and every call without credentials", async () => {
    const page = await createPage("Viewer target");
    expect((await get(`${V2}/pages/${page.id}`, { as: "viewer" })).status).toBe(200);
    expect((await post(`${V2}/pages`, { spaceId, title: "Viewer page" }, { as: "viewer" })).status).toBe(403);
    const body = {
      id: page.id,
      status: "current",
      title: "x",
      body: { representation: "storage", value: "" },
      version: { number: 2 },
    };
    expect((await put(`${V2}/pages/${page.id}`, body, { as: "viewer" })).status).toBe(403);
    expect((await del(`${V2}/pages/${page.id}`, { as: "viewer" })).status).toBe(403);
    expect((await get(`${V2}/pages/${page.id}`, { as: "anonymous" })).status).toBe(401);
  });

  it("serves the OAuth gateway form with relative links", async () => {
    const tokens = await h.oauthTokens();
    const as = { bearer: tokens.access_token };
    const prefix = `/ex/confluence/${h.info.cloudId}`;
    const list = await get(`${prefix}${V2}/spaces/${spaceId}/pages`, { as, query: { limit: 2 } });
    expect(list.status).toBe(200);
    expect(list.body._links.base).toBe(`${h.url}${prefix}/wiki`);
    expect(list.body._links.next.startsWith(`${V2}/spaces/${spaceId}/pages?`)).toBe(true);
    const next = await get(`${prefix}${list.body._links.next}`, { as });
    expect(next.status).toBe(200);
    const created = await post(`${prefix}${V2}/pages`, { spaceId, title: "Via OAuth" }, { as });
    expect(created.status).toBe(200);
    expect((await get(`${prefix}${V2}/pages/${created.body.id}`, { as })).body.title).toBe("Via OAuth");
    expect((await get(`${prefix}${V2}/pages/${created.body.id}`, { as: "admin" })).status).toBe(401);
  });
});

describe("footer comments", () => {
  it("creates, replies, updates with versions and deletes", async () => {
    const page = await createPage("Commented");
    const created = await post(`${V2}/footer-comments`, {
      pageId: page.id,
      body: { representation: "storage", value: "<p>First!</p>" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ pageId: page.id, title: "Re: Commented", status: "current" });
    const reply = await post(`${V2}/footer-comments`, {
      parentCommentId: created.body.id,
      body: { representation: "atlas_doc_format", value: JSON.stringify(adf("a reply")) },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.parentCommentId).toBe(created.body.id);
    expect(reply.body.pageId).toBe(page.id);

    const list = await get(`${V2}/pages/${page.id}/footer-comments`, { query: { "body-format": "storage" } });
    expect(list.body.results.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect(list.body.results[0].body.storage.value).toContain("First!");
    const children = await get(`${V2}/footer-comments/${created.body.id}/children`, {
      query: { "body-format": "atlas_doc_format" },
    });
    expect(children.body.results.map((c: { id: string }) => c.id)).toEqual([reply.body.id]);
    expect(children.body.results[0].body.atlas_doc_format.value).toContain("a reply");

    const stale = await put(`${V2}/footer-comments/${created.body.id}`, {
      version: { number: 1 },
      body: { representation: "storage", value: "<p>Edited</p>" },
    });
    expect(stale.status).toBe(409);
    const edited = await put(`${V2}/footer-comments/${created.body.id}`, {
      version: { number: 2 },
      body: { representation: "storage", value: "<p>Edited</p>" },
    });
    expect(edited.status).toBe(200);
    const readBack = await get(`${V2}/footer-comments/${created.body.id}`, {
      query: { "body-format": "atlas_doc_format" },
    });
    expect(readBack.body.version.number).toBe(2);
    expect(readBack.body.body.atlas_doc_format.value).toContain("Edited");

    expect((await post(`${V2}/footer-comments`, { pageId: page.id }, { as: "viewer" })).status).toBe(403);
    expect(
      (await post(`${V2}/footer-comments`, { body: { representation: "storage", value: "<p>x</p>" } }))
        .status,
    ).toBe(400);
    expect(
      (
        await post(`${V2}/footer-comments`, {
          pageId: "99999999",
          body: { representation: "storage", value: "<p>x</p>" },
        })
      ).status,
    ).toBe(404);
    expect((await del(`${V2}/footer-comments/${created.body.id}`, { as: "viewer" })).status).toBe(403);
    expect((await del(`${V2}/footer-comments/${created.body.id}`)).status).toBe(204);
    expect((await get(`${V2}/footer-comments/${created.body.id}`)).status).toBe(404);
    expect((await get(`${V2}/footer-comments/${reply.body.id}`)).status).toBe(404);
    const all = await get(`${V2}/footer-comments`, { query: { limit: 5 } });
    expect(all.status).toBe(200);
  });
});

describe("labels", () => {
  it("adds labels through v1 and reads them through v2", async () => {
    const page = await createPage("Labelled");
    const added = await post(`/wiki/rest/api/content/${page.id}/label`, [
      { prefix: "global", name: "Runbook" },
      { prefix: "global", name: "oncall" },
    ]);
    expect(added.status).toBe(200);
    expect(added.body.results.map((l: { name: string }) => l.name)).toEqual(["runbook", "oncall"]);
    const single = await post(`/wiki/rest/api/content/${page.id}/label`, {
      prefix: "global",
      name: "single",
    });
    expect(single.body.size).toBe(3);

    const labels = await get(`${V2}/pages/${page.id}/labels`, { query: { sort: "name" } });
    expect(labels.body.results.map((l: { name: string }) => l.name)).toEqual(["oncall", "runbook", "single"]);
    const site = await get(`${V2}/labels`, { query: { limit: 250 } });
    expect(site.body.results.map((l: { name: string }) => l.name)).toContain("runbook");
    const withLabels = await get(`${V2}/pages/${page.id}`, { query: { "include-labels": true } });
    expect(withLabels.body.labels.results).toHaveLength(3);

    expect(
      (await post(`/wiki/rest/api/content/${page.id}/label`, [{ prefix: "global", name: "has space" }]))
        .status,
    ).toBe(400);
    expect(
      (await post(`/wiki/rest/api/content/${page.id}/label`, [{ prefix: "bogus", name: "x" }])).status,
    ).toBe(400);
    expect(
      (await post(`/wiki/rest/api/content/${page.id}/label`, [{ name: "x" }], { as: "viewer" })).status,
    ).toBe(403);
    expect(
      (await post(`/wiki/rest/api/content/99999999/label`, [{ prefix: "global", name: "x" }])).status,
    ).toBe(404);

    expect((await del(`/wiki/rest/api/content/${page.id}/label/runbook`, { as: "viewer" })).status).toBe(403);
    expect((await del(`/wiki/rest/api/content/${page.id}/label/runbook`)).status).toBe(204);
    expect((await del(`/wiki/rest/api/content/${page.id}/label/runbook`)).status).toBe(404);
    const after = await get(`${V2}/pages/${page.id}/labels`);
    expect(after.body.results.map((l: { name: string }) => l.name)).toEqual(["oncall", "single"]);
    expect((await get(`${V2}/spaces/${spaceId}/labels`)).status).toBe(200);
  });
});

describe("attachments", () => {
  it("uploads through v1, lists through v2, downloads the bytes, deletes", async () => {
    const page = await createPage("With files");
    const form = () => {
      const f = new FormData();
      f.append("file", new Blob([Buffer.from("hello attachment")], { type: "text/plain" }), "notes.txt");
      f.append("minorEdit", "true");
      f.append("comment", "release notes");
      return f;
    };
    const path = `/wiki/rest/api/content/${page.id}/child/attachment`;
    expect((await post(path, form())).status).toBe(403);
    const uploaded = await post(path, form(), { headers: { "X-Atlassian-Token": "nocheck" } });
    expect(uploaded.status).toBe(200);
    const att = uploaded.body.results[0];
    expect(att).toMatchObject({ type: "attachment", title: "notes.txt" });
    expect(att.id).toMatch(/^att\d+$/);
    expect((await post(path, form(), { headers: { "X-Atlassian-Token": "nocheck" } })).status).toBe(400);
    expect(
      (await post(path, form(), { as: "viewer", headers: { "X-Atlassian-Token": "nocheck" } })).status,
    ).toBe(403);

    const list = await get(`${V2}/pages/${page.id}/attachments`);
    expect(list.body.results).toHaveLength(1);
    const meta = list.body.results[0];
    expect(meta).toMatchObject({
      id: att.id,
      mediaType: "text/plain",
      fileSize: 16,
      comment: "release notes",
    });
    const one = await get(`${V2}/attachments/${att.id}`);
    expect(one.body._links.base).toBe(`${h.url}/wiki`);
    expect((await get(`${V2}/attachments/${att.id.slice(3)}`)).status).toBe(200);

    const bytes = await h.get(`/wiki${meta.downloadLink}`);
    expect(bytes.status).toBe(200);
    expect(bytes.text).toBe("hello attachment");
    const redirect = await get(`${path}/${att.id}/download`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location") ?? "";
    expect((await h.get(location)).text).toBe("hello attachment");
    expect((await get(`${path}/att1/download`)).status).toBe(404);

    expect((await del(`${V2}/attachments/${att.id}`, { as: "viewer" })).status).toBe(403);
    expect((await del(`${V2}/attachments/${att.id}`)).status).toBe(204);
    expect((await get(`${V2}/attachments/${att.id}`)).status).toBe(404);
    expect((await get(`${V2}/attachments/nonsense`)).status).toBe(400);
  });

  it("serves the bytes of seeded attachments through their downloadLink", async () => {
    const found = await get("/wiki/rest/api/search", { query: { cql: "type = attachment", limit: 5 } });
    expect(found.body.results.length).toBeGreaterThan(0);
    for (const r of found.body.results) {
      const meta = await get(`${V2}/attachments/${r.content.id}`);
      expect(meta.status).toBe(200);
      const bytes = await h.get(`/wiki${meta.body.downloadLink}`);
      expect(bytes.status).toBe(200);
      expect(bytes.headers.get("content-type")).toContain(meta.body.mediaType.split(";")[0]);
      expect(Number(bytes.headers.get("content-length"))).toBe(meta.body.fileSize);
    }
  });
});
