import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConformanceReport,
  listOperations,
  matchOperation,
  requireSpecs,
  specsDir,
  validateRequest,
  validateResponse,
} from "./openapi.js";

const haveSpecs = requireSpecs();

const SITE = "https://sandbox.atlassian.net";

const avatarUrls = {
  "16x16": `${SITE}/avatar/16.png`,
  "24x24": `${SITE}/avatar/24.png`,
  "32x32": `${SITE}/avatar/32.png`,
  "48x48": `${SITE}/avatar/48.png`,
};

const userDetails = {
  self: `${SITE}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`,
  accountId: "5b10a2844c20165700ede21g",
  accountType: "atlassian",
  emailAddress: "mia@example.com",
  avatarUrls,
  displayName: "Mia Krystof",
  active: true,
  timeZone: "Australia/Sydney",
};

const adf = {
  type: "doc",
  version: 1,
  content: [{ type: "paragraph", content: [{ type: "text", text: "Steps to reproduce" }] }],
};

const issueBean = {
  expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
  id: "10001",
  self: `${SITE}/rest/api/3/issue/10001`,
  key: "X-1",
  fields: {
    summary: "Login fails with SSO",
    description: adf,
    issuetype: { id: "10002", name: "Bug", subtask: false, self: `${SITE}/rest/api/3/issuetype/10002` },
    project: { id: "10000", key: "X", name: "Example", self: `${SITE}/rest/api/3/project/10000` },
    status: {
      id: "1",
      name: "To Do",
      statusCategory: { id: 2, key: "new", name: "To Do", colorName: "blue-gray" },
    },
    assignee: userDetails,
    labels: ["sso"],
    created: "2024-01-15T10:30:00.000+0000",
    updated: "2024-01-16T08:00:00.000+0000",
  },
};

const pageOfComments = {
  startAt: 0,
  maxResults: 50,
  total: 1,
  comments: [
    {
      self: `${SITE}/rest/api/3/issue/10001/comment/10100`,
      id: "10100",
      author: userDetails,
      body: adf,
      updateAuthor: userDetails,
      created: "2024-01-15T10:30:00.000+0000",
      updated: "2024-01-15T10:30:00.000+0000",
      jsdPublic: true,
    },
  ],
};

const confluencePage = {
  id: "123",
  status: "current",
  title: "Release notes",
  spaceId: "65537",
  parentId: "122",
  parentType: "page",
  position: 0,
  authorId: "5b10a2844c20165700ede21g",
  ownerId: "5b10a2844c20165700ede21g",
  lastOwnerId: null,
  createdAt: "2024-01-15T10:30:00.000Z",
  version: {
    createdAt: "2024-01-15T10:30:00.000Z",
    message: "",
    number: 1,
    minorEdit: false,
    authorId: "5b10a2844c20165700ede21g",
  },
  body: { storage: { representation: "storage", value: "<p>Hello</p>" } },
  _links: {
    webui: "/spaces/DEV/pages/123/Release+notes",
    editui: "/pages/resumedraft.action?draftId=123",
    tinyui: "/x/ewE",
    base: `${SITE}/wiki`,
  },
};

describe.skipIf(!haveSpecs)("matchOperation", () => {
  it("maps Jira site paths, gateway paths and literal-vs-template conflicts", () => {
    expect(matchOperation("GET", "/rest/api/3/issue/X-1")).toEqual({
      spec: "jira-platform-v3",
      operationId: "getIssue",
      method: "GET",
      pathTemplate: "/rest/api/3/issue/{issueIdOrKey}",
      pathParams: { issueIdOrKey: "X-1" },
    });
    expect(matchOperation("get", "/ex/jira/abc/rest/api/3/myself")?.operationId).toBe("getCurrentUser");
    expect(
      matchOperation("GET", "https://api.atlassian.com/ex/jira/abc/rest/api/3/myself")?.operationId,
    ).toBe("getCurrentUser");
    const createmeta = matchOperation("GET", "/rest/api/3/issue/createmeta/FOO/issuetypes");
    expect(createmeta?.operationId).toBe("getCreateIssueMetaIssueTypes");
    expect(createmeta?.pathParams).toEqual({ projectIdOrKey: "FOO" });
    expect(matchOperation("GET", `${SITE}/rest/api/3/issue/X-1/comment?maxResults=5`)?.operationId).toBe(
      "getComments",
    );
    expect(matchOperation("GET", "/rest/agile/1.0/board/7/sprint")?.operationId).toBe("getAllSprints");
  });

  it("maps Confluence v2 and v1 paths in both forms", () => {
    const page = matchOperation("GET", "/wiki/api/v2/pages/123");
    expect(page).toMatchObject({
      spec: "confluence-v2",
      operationId: "getPageById",
      pathTemplate: "/pages/{id}",
    });
    expect(page?.pathParams).toEqual({ id: "123" });
    expect(matchOperation("GET", "/ex/confluence/abc/wiki/api/v2/pages/123")?.operationId).toBe(
      "getPageById",
    );
    expect(matchOperation("GET", "/wiki/rest/api/search?cql=type%3Dpage")).toMatchObject({
      spec: "confluence-v1",
      operationId: "searchByCQL",
    });
    expect(matchOperation("GET", "/ex/confluence/abc/wiki/rest/api/search")?.operationId).toBe("searchByCQL");
    expect(matchOperation("GET", "/ex/confluence/abc/rest/api/search")?.operationId).toBe("searchByCQL");
  });

  it("returns null for unknown paths, wrong methods and wrong products", () => {
    expect(matchOperation("GET", "/rest/api/3/no-such-thing/1/2/3")).toBeNull();
    expect(matchOperation("PATCH", "/rest/api/3/myself")).toBeNull();
    expect(matchOperation("GET", "/ex/confluence/abc/rest/api/3/myself")).toBeNull();
    expect(matchOperation("GET", "/ex/jira/abc/wiki/api/v2/pages/1")).toBeNull();
    expect(matchOperation("GET", "/other/app")).toBeNull();
  });
});

describe.skipIf(!haveSpecs)("listOperations", () => {
  it("lists every operation of the four specs exactly once", () => {
    const ops = listOperations();
    // 616 + 105 + 218 + 130 = 1069 in the snapshot described in shared/specs/SOURCES.md.
    expect(ops.length).toBeGreaterThan(1000);
    expect(new Set(ops.map((o) => o.spec)).size).toBe(4);
    expect(new Set(ops.map((o) => `${o.spec}:${o.operationId}`)).size).toBe(ops.length);
    expect(ops).toContainEqual({
      spec: "jira-platform-v3",
      operationId: "getIssue",
      method: "GET",
      pathTemplate: "/rest/api/3/issue/{issueIdOrKey}",
      pathParams: {},
    });
  });
});

describe.skipIf(!haveSpecs)("validateResponse", () => {
  it("accepts a realistic IssueBean", () => {
    const result = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-1",
      status: 200,
      body: issueBean,
      contentType: "application/json;charset=UTF-8",
    });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.operation?.operationId).toBe("getIssue");
  });

  it("rejects an unknown top-level property on IssueBean (additionalProperties: false)", () => {
    const result = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-1",
      status: 200,
      body: { ...issueBean, issueKey: "X-1" },
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      'body must NOT have additional properties "issueKey" (#/components/schemas/IssueBean/additionalProperties)',
    ]);
  });

  it("reports nested type errors with the instance path and the spec location", () => {
    const bad = {
      ...pageOfComments,
      comments: [{ ...pageOfComments.comments[0], author: { accountId: 7 } }],
    };
    const result = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-1/comment",
      status: 200,
      body: bad,
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toContain(
      "body/comments/0/author/accountId must be string (#/components/schemas/UserDetails/properties/accountId/type)",
    );
  });

  it("accepts a PageOfComments", () => {
    const result = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-1/comment",
      status: 200,
      body: pageOfComments,
    });
    expect(result.errors).toEqual([]);
  });

  it("validates error statuses against their declared schema", () => {
    const invalid = { errorMessages: ["Field 'priority' is required"], errors: {} };
    const base = { method: "POST", url: "/rest/api/3/issue", status: 400 };
    expect(validateResponse({ ...base, body: invalid }).errors).toEqual([]);
    const wrong = validateResponse({ ...base, body: { errorMessages: "Field 'priority' is required" } });
    expect(wrong.errors).toEqual([
      "body/errorMessages must be array (#/components/schemas/ErrorCollection/properties/errorMessages/type)",
    ]);
    // getIssue's 404 declares no content: Atlassian's error JSON cannot be checked, and is not rejected.
    const notFound = {
      errorMessages: ["Issue does not exist or you do not have permission to see it."],
      errors: {},
    };
    expect(
      validateResponse({ method: "GET", url: "/rest/api/3/issue/X-9", status: 404, body: notFound }).ok,
    ).toBe(true);
    const teapot = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-9",
      status: 418,
      body: notFound,
    });
    expect(teapot.ok).toBe(false);
    expect(teapot.errors[0]).toMatch(/status 418 is not declared for getIssue/);
  });

  it("accepts a Confluence v2 page and rejects a wrong type", () => {
    const url = "/wiki/api/v2/pages/123?body-format=storage";
    expect(validateResponse({ method: "GET", url, status: 200, body: confluencePage }).errors).toEqual([]);
    const wrong = { ...confluencePage, version: { ...confluencePage.version, number: "1" } };
    const result = validateResponse({ method: "GET", url, status: 200, body: wrong });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      "body/version/number must be integer (#/components/schemas/Version/properties/number/type)",
    ]);
  });

  it("translates nullable: a Confluence page's position may be null, its title may not", () => {
    const url = "/wiki/api/v2/pages/123";
    expect(
      validateResponse({ method: "GET", url, status: 200, body: { ...confluencePage, position: null } }).ok,
    ).toBe(true);
    expect(
      validateResponse({ method: "GET", url, status: 200, body: { ...confluencePage, title: null } }).ok,
    ).toBe(false);
  });

  it("requires an empty body where no content is declared (204)", () => {
    const base = { method: "DELETE", url: "/rest/api/3/issue/X-1", status: 204 };
    expect(validateResponse({ ...base, body: undefined }).ok).toBe(true);
    expect(validateResponse({ ...base, body: "" }).ok).toBe(true);
    const withBody = validateResponse({ ...base, body: { id: "10001" } });
    expect(withBody.ok).toBe(false);
    expect(withBody.errors).toEqual(["status 204 declares no response body, but one was returned"]);
  });

  it("requires a body where a JSON schema is declared, and JSON where JSON is declared", () => {
    const empty = validateResponse({
      method: "GET",
      url: "/rest/api/3/myself",
      status: 200,
      body: undefined,
    });
    expect(empty.ok).toBe(false);
    const html = validateResponse({
      method: "GET",
      url: "/rest/api/3/myself",
      status: 200,
      body: "<html></html>",
      contentType: "text/html",
    });
    expect(html.errors.some((e) => e.includes("content type text/html is not declared"))).toBe(true);
  });

  it("reports unmatched requests instead of passing them", () => {
    const result = validateResponse({ method: "GET", url: "/rest/api/3/nope/1/2/3", status: 200, body: {} });
    expect(result).toMatchObject({ operation: null, ok: false });
    expect(result.errors[0]).toMatch(/no operation matches GET \/rest\/api\/3\/nope\/1\/2\/3/);
  });

  it("caps the error list at 20 entries", () => {
    const comments = Array.from({ length: 30 }, (_, i) => ({ id: i, self: 1 }));
    const result = validateResponse({
      method: "GET",
      url: "/rest/api/3/issue/X-1/comment",
      status: 200,
      body: { ...pageOfComments, comments },
    });
    expect(result.errors).toHaveLength(20);
    expect(result.errors[19]).toMatch(/^\.\.\. and 41 more errors$/);
  });
});

describe.skipIf(!haveSpecs)("validateRequest", () => {
  const createIssueBody = {
    fields: {
      project: { key: "X" },
      issuetype: { id: "10002" },
      summary: "Login fails with SSO",
      description: adf,
      labels: ["sso"],
    },
    update: {},
    properties: [{ key: "triage", value: { team: "identity" } }],
  };

  it("accepts a well-formed createIssue body", () => {
    const result = validateRequest({
      method: "POST",
      url: "/rest/api/3/issue?updateHistory=true",
      body: createIssueBody,
      contentType: "application/json",
    });
    expect(result.operation?.operationId).toBe("createIssue");
    expect(result.errors).toEqual([]);
  });

  it("catches a createIssue body with a wrong type", () => {
    const result = validateRequest({
      method: "POST",
      url: "/rest/api/3/issue",
      body: { ...createIssueBody, fields: "summary=Login fails", properties: [{ key: 42, value: {} }] },
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\/fields must be object \(#\/components\/schemas\/IssueUpdateDetails\//),
        "body/properties/0/key must be string (#/components/schemas/EntityProperty/properties/key/type)",
      ]),
    );
  });

  it("requires declared request bodies and rejects undeclared ones", () => {
    expect(validateRequest({ method: "POST", url: "/rest/api/3/issue" }).errors).toEqual([
      "createIssue requires a request body",
    ]);
    expect(validateRequest({ method: "GET", url: "/rest/api/3/myself", body: { a: 1 } }).errors).toEqual([
      "getCurrentUser declares no request body, but one was sent",
    ]);
  });

  it("checks query parameter types and enums, and ignores unknown names", () => {
    expect(
      validateRequest({ method: "GET", url: "/rest/api/3/search/jql?jql=project%3DX&maxResults=50" }).ok,
    ).toBe(true);
    const badNumber = validateRequest({ method: "GET", url: "/rest/api/3/search/jql?maxResults=lots" });
    expect(badNumber.ok).toBe(false);
    expect(badNumber.errors[0]).toMatch(/^query\/maxResults must be integer/);
    expect(validateRequest({ method: "GET", url: "/rest/api/3/myself?utm_source=test" }).ok).toBe(true);
    expect(
      validateRequest({
        method: "GET",
        url: "/wiki/api/v2/pages/123?body-format=atlas_doc_format&status=current",
      }).ok,
    ).toBe(true);
    const badEnum = validateRequest({ method: "GET", url: "/wiki/api/v2/pages/123?body-format=markdown" });
    expect(badEnum.ok).toBe(false);
    expect(badEnum.errors[0]).toMatch(
      /^query\/body-format must be equal to one of the allowed values: "storage"/,
    );
  });

  it("reads array parameters as repeated keys or comma-separated lists", () => {
    expect(
      validateRequest({ method: "GET", url: "/rest/api/3/issue/X-1?fields=summary,status&fields=labels" }).ok,
    ).toBe(true);
    expect(
      validateRequest({ method: "GET", url: "/wiki/api/v2/pages/123?status=current,archived&status=draft" })
        .ok,
    ).toBe(true);
    expect(validateRequest({ method: "GET", url: "/wiki/api/v2/pages/123?status=current,bogus" }).ok).toBe(
      false,
    );
  });

  it("checks path parameter types", () => {
    const result = validateRequest({ method: "GET", url: "/wiki/api/v2/pages/not-a-number" });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/^path\/id must be integer/);
  });

  it("does not validate non-JSON bodies but rejects undeclared content types", () => {
    const upload = { method: "POST", url: "/rest/api/3/issue/X-1/attachments", body: "--boundary..." };
    expect(validateRequest({ ...upload, contentType: "multipart/form-data; boundary=boundary" }).ok).toBe(
      true,
    );
    expect(validateRequest({ ...upload, contentType: "text/plain" }).ok).toBe(false);
  });
});

describe.skipIf(!haveSpecs)("ConformanceReport", () => {
  it("counts distinct operations and keeps every failure", () => {
    const report = new ConformanceReport("unit");
    report.record(
      validateResponse({ method: "GET", url: "/rest/api/3/issue/X-1", status: 200, body: issueBean }),
    );
    report.record(
      validateResponse({ method: "GET", url: "/rest/api/3/issue/X-2", status: 200, body: issueBean }),
    );
    report.record(
      validateResponse({ method: "DELETE", url: "/rest/api/3/issue/X-1", status: 204, body: { x: 1 } }),
    );
    report.record(validateResponse({ method: "GET", url: "/rest/api/3/nope/1/2/3", status: 200, body: {} }));
    const summary = report.summary();
    expect(summary.conforming).toBe(1);
    expect(summary.total).toBe(3);
    expect(summary.failures.map((f) => f.operationId)).toEqual(["deleteIssue", "(no matching operation)"]);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const text = report.print();
      expect(text).toContain("unit: 1 of 3 operations conform");
      expect(log).toHaveBeenCalledWith(text);
    } finally {
      log.mockRestore();
    }
  });
});

describe("spec discovery", () => {
  const saved = { dir: process.env.ATLASGATE_SPECS_DIR, ci: process.env.CI };
  afterEach(() => {
    for (const [key, value] of [
      ["ATLASGATE_SPECS_DIR", saved.dir],
      ["CI", saved.ci],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("skips locally and throws on CI when the specs are missing", () => {
    process.env.ATLASGATE_SPECS_DIR = path.join(tmpdir(), "atlasgate-no-such-specs-dir");
    expect(specsDir()).toBeNull();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      process.env.CI = "false";
      expect(requireSpecs()).toBe(false);
      expect(warn.mock.calls[0][0]).toMatch(/specs directory not found/);
      process.env.CI = "true";
      expect(() => requireSpecs()).toThrow(/specs directory not found/);
    } finally {
      warn.mockRestore();
    }
    expect(matchOperation("GET", "/rest/api/3/myself")).toBeNull();
    expect(listOperations()).toEqual([]);
  });

  it.skipIf(!haveSpecs)("disables only the spec whose file is missing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "atlasgate-specs-"));
    try {
      symlinkSync(
        path.join(specsDir()!, "confluence-v1.openapi.json"),
        path.join(dir, "confluence-v1.openapi.json"),
      );
      process.env.ATLASGATE_SPECS_DIR = dir;
      expect(specsDir()).toBe(dir);
      expect(matchOperation("GET", "/wiki/rest/api/search")?.operationId).toBe("searchByCQL");
      expect(matchOperation("GET", "/rest/api/3/myself")).toBeNull();
      const result = validateResponse({ method: "GET", url: "/rest/api/3/myself", status: 200, body: {} });
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toContain("spec file not found");
      expect(result.errors[0]).toContain("jira-platform-v3.openapi.json");
      expect(listOperations().every((o) => o.spec === "confluence-v1")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
