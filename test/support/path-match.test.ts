import { describe, expect, it } from "vitest";
import { candidateSpecs, compileRoute, matchRoute, splitUrl } from "./path-match.js";

const routes = [
  compileRoute("get", "/rest/api/3/issue/{issueIdOrKey}"),
  compileRoute("put", "/rest/api/3/issue/{issueIdOrKey}"),
  compileRoute("get", "/rest/api/3/issue/createmeta"),
  compileRoute("get", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}"),
  compileRoute("get", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}"),
];

describe("matchRoute", () => {
  it("prefers literal segments over templated ones, position by position", () => {
    expect(matchRoute(routes, "GET", "/rest/api/3/issue/createmeta")?.route.template).toBe(
      "/rest/api/3/issue/createmeta",
    );
    const meta = matchRoute(routes, "GET", "/rest/api/3/issue/createmeta/FOO/issuetypes/10001");
    expect(meta?.route.template).toBe(
      "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
    );
    expect(meta?.params).toEqual({ projectIdOrKey: "FOO", issueTypeId: "10001" });
  });

  it("filters by method and decodes parameters", () => {
    expect(matchRoute(routes, "put", "/rest/api/3/issue/createmeta")?.route.template).toBe(
      "/rest/api/3/issue/{issueIdOrKey}",
    );
    expect(matchRoute(routes, "DELETE", "/rest/api/3/issue/X-1")).toBeNull();
    expect(matchRoute(routes, "GET", "/rest/api/3/issue/X%2D1")?.params).toEqual({ issueIdOrKey: "X-1" });
    expect(matchRoute(routes, "GET", "/rest/api/3/issue")).toBeNull();
  });
});

describe("splitUrl / candidateSpecs", () => {
  it("strips origins, gateway prefixes, trailing slashes and the query", () => {
    const jira = splitUrl("https://api.atlassian.com/ex/jira/11223344-a1b2/rest/api/3/search/jql/?jql=a%3Db");
    expect(jira).toMatchObject({ sitePath: "/rest/api/3/search/jql", gateway: "jira" });
    expect(jira.query.get("jql")).toBe("a=b");
    expect(splitUrl("/ex/confluence/abc/rest/api/content")).toMatchObject({
      sitePath: "/wiki/rest/api/content",
      gateway: "confluence",
    });
  });

  it("routes path prefixes to specs", () => {
    expect(candidateSpecs("/wiki/api/v2/pages/1", null)).toEqual([
      { spec: "confluence-v2", specPath: "/pages/1" },
    ]);
    expect(candidateSpecs("/wiki/rest/api/search", null)).toEqual([
      { spec: "confluence-v1", specPath: "/wiki/rest/api/search" },
    ]);
    expect(candidateSpecs("/rest/agile/1.0/board", null).map((c) => c.spec)).toEqual([
      "jira-platform-v3",
      "jira-software",
    ]);
    expect(candidateSpecs("/rest/api/3/myself", "confluence")).toEqual([]);
    expect(candidateSpecs("/wiki/api/v2/pages", "jira")).toEqual([]);
  });
});
