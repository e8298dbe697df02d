import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/index.js";
import type { Pagination } from "../catalog/types.js";
import { capText } from "../format/size-cap.js";
import { buildRequest, loadRichText, MAX_MARKDOWN_CHARS } from "./build-request.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ArgumentError } from "./errors.js";
import { pageQuery, pageResult } from "./pagination.js";
import { validateArgs } from "./validate.js";

const catalog = loadCatalog();
beforeAll(() => loadRichText());
const tool = (name: string) => {
  const t = catalog.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t;
};
const p = (style: Pagination["style"], itemsPath = "values"): Pagination => ({
  style,
  itemsPath,
  maxPageSize: 100,
  defaultPageSize: 2,
});

describe("router: flat arguments to an Atlassian request", () => {
  it("splits path, query and body, and wraps values as Jira expects", () => {
    const t = tool("create_a_jira_issue");
    const req = buildRequest(
      t,
      validateArgs(t, {
        project: "BACKEND",
        issue_type: "Bug",
        summary: "S",
        priority: "High",
        labels: ["a"],
      }),
      "cloud",
    );
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/rest/api/3/issue");
    const body = (req.body as { json: any }).json;
    expect(body.fields).toMatchObject({
      project: { key: "BACKEND" },
      issuetype: { name: "Bug" },
      summary: "S",
      priority: { name: "High" },
      labels: ["a"],
    });
    const dc = buildRequest(
      t,
      { project: "10001", issue_type: "Bug", summary: "S", assignee: "ada" },
      "datacenter",
    );
    expect(dc.path).toBe("/rest/api/2/issue");
    expect((dc.body as { json: any }).json.fields).toMatchObject({
      project: { id: "10001" },
      assignee: { name: "ada" },
    });
  });

  it("converts Markdown to ADF on Cloud and to wiki markup on Data Center", () => {
    const t = tool("create_a_jira_issue_comment");
    const cloud = (buildRequest(t, { issue_id_or_key: "A-1", body: "**hi**" }, "cloud").body as { json: any })
      .json;
    expect(cloud.body.type).toBe("doc");
    expect(cloud.body.content[0].content[0].marks[0].type).toBe("strong");
    const dc = (
      buildRequest(t, { issue_id_or_key: "A-1", body: "**hi**" }, "datacenter").body as { json: any }
    ).json;
    expect(dc.body).toBe("*hi*");
    expect(() =>
      buildRequest(
        t,
        { issue_id_or_key: "A-1", body: { type: "doc", version: 1, content: [{ type: "nope" }] } },
        "cloud",
      ),
    ).toThrow(ArgumentError);
  });

  it("refuses Markdown over the conversion limit with the argument, its length and the limit", () => {
    const t = tool("create_a_jira_issue_comment");
    const long = "x".repeat(MAX_MARKDOWN_CHARS + 1);
    expect(() => buildRequest(t, { issue_id_or_key: "A-1", body: long }, "cloud")).toThrow(
      /"body" is 100,001 characters of Markdown; at most 100,000 are converted/,
    );
    expect(() => buildRequest(t, { issue_id_or_key: "A-1", body: long }, "datacenter")).toThrow(
      ArgumentError,
    );
    const atLimit = buildRequest(t, { issue_id_or_key: "A-1", body: long.slice(1) }, "cloud");
    expect((atLimit.body as { json: any }).json.body.type).toBe("doc");
  });

  it("percent-encodes path values and refuses dot segments", () => {
    const t = tool("get_single_jira_issue_by_id");
    expect(buildRequest(t, { issue_id_or_key: "A/../B?x=1" }, "cloud").path).toBe(
      "/rest/api/3/issue/A%2F..%2FB%3Fx%3D1",
    );
    for (const bad of ["..", ".", ""])
      expect(() => buildRequest(t, { issue_id_or_key: bad }, "cloud")).toThrow(ArgumentError);
  });

  it("reports every argument problem at once, naming argument, expectation and value", () => {
    const t = tool("create_a_jira_issue");
    try {
      validateArgs(t, { project: 5, summary: ["x"], colour: "red" });
      expect.unreachable();
    } catch (e) {
      const err = e as ArgumentError;
      expect(err.message).toContain('"project" must be string, got number 5');
      expect(err.message).toContain('"summary" must be string, got an array of 1');
      expect(err.message).toContain('missing required argument "issue_type"');
      expect(err.message).toContain('unknown argument "colour"');
    }
    expect(() => validateArgs(t, "nope")).toThrow(/JSON object/);
    expect(() => validateArgs(t, { project: "A", issue_type: "Bug", summary: "s", raw: "yes" })).toThrow(
      /raw/,
    );
  });

  it("refuses a tool on a deployment that lacks it", () => {
    expect(() => buildRequest(tool("list_all_jira_plans"), {}, "datacenter")).toThrow(
      /not available on Data Center/,
    );
  });
});

describe("router: paging adapters", () => {
  it("offset: startAt/maxResults, next from total and isLast", () => {
    expect(pageQuery(p("offset"), 2, { offset: 4 })).toEqual([
      ["startAt", "4"],
      ["maxResults", "2"],
    ]);
    expect(pageResult(p("offset"), { values: [1, 2], total: 5, isLast: false }, 2, { offset: 0 })).toEqual({
      items: [1, 2],
      next: { offset: 2 },
    });
    expect(pageResult(p("offset"), { values: [5], total: 5 }, 2, { offset: 4 }).next).toBeNull();
    expect(pageResult(p("offset"), { values: [1, 2], isLast: true }, 2, {}).next).toBeNull();
  });
  it("offset-array: a short page is the last", () => {
    expect(pageResult(p("offset-array", ""), [1, 2], 2, {}).next).toEqual({ offset: 2 });
    expect(pageResult(p("offset-array", ""), [3], 2, { offset: 2 }).next).toBeNull();
  });
  it("token: nextPageToken until absent", () => {
    expect(pageQuery(p("token"), 2, { token: "t1" })).toEqual([
      ["nextPageToken", "t1"],
      ["maxResults", "2"],
    ]);
    expect(pageResult(p("token", "issues"), { issues: [1], nextPageToken: "t2" }, 2, {}).next).toEqual({
      token: "t2",
    });
    expect(
      pageResult(p("token", "issues"), { issues: [1], isLast: true, nextPageToken: "t2" }, 2, {}).next,
    ).toBeNull();
  });
  it("Confluence cursors come from _links.next", () => {
    const body = { results: [1], _links: { next: "/wiki/api/v2/pages?cursor=abc%3D&limit=2" } };
    expect(pageResult(p("cursor-links", "results"), body, 2, {}).next).toEqual({ token: "abc=" });
    expect(pageQuery(p("cursor-links"), 2, { token: "abc=" })).toEqual([
      ["cursor", "abc="],
      ["limit", "2"],
    ]);
    expect(pageResult(p("cursor-links", "results"), { results: [], _links: {} }, 2, {}).next).toBeNull();
  });
  it("audit: offset/limit with total; cursor: nextPageCursor; none: sliced here", () => {
    expect(pageQuery(p("audit"), 3, { offset: 6 })).toEqual([
      ["offset", "6"],
      ["limit", "3"],
    ]);
    expect(
      pageResult(p("audit", "records"), { records: [1, 2, 3], total: 10 }, 3, { offset: 6 }).next,
    ).toEqual({ offset: 9 });
    expect(pageResult(p("cursor"), { values: [1], nextPageCursor: "c", last: false }, 1, {}).next).toEqual({
      token: "c",
    });
    expect(pageResult(p("none", ""), [1, 2, 3, 4, 5], 2, { offset: 2 })).toEqual({
      items: [3, 4],
      next: { offset: 4 },
    });
    expect(pageResult(p("none", ""), [1, 2, 3], 2, { offset: 2 })).toEqual({ items: [3], next: null });
  });
  it("cursors are opaque, bound to the tool, and refuse tampering", () => {
    const c = encodeCursor("list_all_jira_search", { token: "abc" });
    expect(decodeCursor("list_all_jira_search", c)).toEqual({ token: "abc" });
    expect(() => decodeCursor("list_all_jira_projects", c)).toThrow(/not a cursor this tool issued/);
    expect(() => decodeCursor("list_all_jira_search", `${c.slice(0, -1)}x`)).toThrow(ArgumentError);
    const forged = `${Buffer.from(JSON.stringify({ offset: -5 })).toString("base64url")}.${c.split(".")[1]}`;
    expect(() => decodeCursor("list_all_jira_search", forged)).toThrow(ArgumentError);
    expect(() => decodeCursor("list_all_jira_search", "x".repeat(5000))).toThrow(ArgumentError);
  });
  it("cuts very large results with a marker that says how to get the rest", () => {
    const text = capText("x".repeat(150), 100);
    expect(text.length).toBeLessThan(400);
    expect(text).toMatch(/truncated: the result has 150 characters/);
    expect(text).toMatch(/next_cursor/);
    expect(capText("short", 100)).toBe("short");
  });
});
