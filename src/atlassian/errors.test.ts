import { describe, expect, it } from "vitest";
import { baseUrlFor, checkPath, normalizeBase, queryString, staticSecrets } from "./auth.js";
import { AtlassianError, extractAtlassianMessages, hintFor, scrubber } from "./errors.js";

describe("extractAtlassianMessages", () => {
  it("reads every Atlassian error shape", () => {
    expect(
      extractAtlassianMessages({
        errorMessages: ["Issue does not exist"],
        errors: { summary: "Summary is required." },
      }),
    ).toEqual(["Issue does not exist", "summary: Summary is required."]);
    expect(
      extractAtlassianMessages({
        errors: [
          { status: 404, code: "NOT_FOUND", title: "Page not found", detail: "id 99" },
          { title: "Other" },
        ],
      }),
    ).toEqual(["Page not found: id 99", "Other"]);
    expect(
      extractAtlassianMessages({
        statusCode: 400,
        data: { errors: [{ message: { key: "k", translation: "Title is too long" } }] },
        message: "Bad request",
      }),
    ).toEqual(["Bad request", "Title is too long"]);
    expect(
      extractAtlassianMessages({ error: "invalid_grant", error_description: "Unknown refresh token" }),
    ).toEqual(["invalid_grant: Unknown refresh token"]);
    expect(extractAtlassianMessages({ code: 401, message: "Unauthorized" })).toEqual(["Unauthorized"]);
  });

  it("copes with text, HTML pages and junk", () => {
    expect(extractAtlassianMessages("Service Unavailable\n")).toEqual(["Service Unavailable"]);
    expect(
      extractAtlassianMessages("<!DOCTYPE html><html><title>Bad Gateway</title><body>x</body></html>"),
    ).toEqual(["HTML page: Bad Gateway"]);
    for (const junk of [null, undefined, 42, [], {}, { errors: "x" }, { errorMessages: [1, null] }]) {
      expect(extractAtlassianMessages(junk)).toEqual([]);
    }
  });
});

describe("AtlassianError", () => {
  it("builds a readable message and keeps the fields", () => {
    const e = new AtlassianError({
      status: 404,
      code: "http",
      method: "GET",
      path: "/rest/api/3/issue/NOPE-1",
      atlassianMessages: ["Issue does not exist or you do not have permission to see it."],
      attempts: 1,
      hint: "h",
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("AtlassianError");
    expect(e.message).toBe(
      "Atlassian answered 404 for GET /rest/api/3/issue/NOPE-1: Issue does not exist or you do not have permission to see it.",
    );
    expect(e.status).toBe(404);
    expect(e.retryAfterSeconds).toBeUndefined();
  });

  it("scrubs secrets from message, messages, hint and path", () => {
    const secret = "ATATT-super-secret-token";
    const e = new AtlassianError({
      status: 401,
      code: "http",
      method: "GET",
      path: `/rest/x/${secret}`,
      atlassianMessages: [`bad token ${secret}`],
      attempts: 1,
      hint: `check ${secret}`,
      detail: `detail ${secret}`,
      secrets: [secret, "ab"],
    });
    const text = JSON.stringify({ ...e, message: e.message, stack: e.stack });
    expect(text).not.toContain(secret);
    expect(e.message).toContain("[redacted]");
  });

  it("scrubber blanks longer secrets first and ignores tiny ones", () => {
    const scrub = scrubber(["secret", "secret-long-value", "a"]);
    expect(scrub("x secret-long-value y secret a")).toBe("x [redacted] y [redacted] a");
  });
});

describe("hintFor", () => {
  const base = { code: "http" as const, method: "GET", authKind: "basic" as const };
  it("gives an actionable hint per status", () => {
    expect(hintFor({ ...base, status: 401 })).toMatch(/API token.*id\.atlassian\.com/);
    expect(hintFor({ ...base, status: 401, authKind: "pat" })).toMatch(/personal access token/);
    expect(hintFor({ ...base, status: 401, authKind: "oauth" })).toMatch(/Reconnect/);
    expect(hintFor({ ...base, status: 403 })).toMatch(/permission/);
    expect(hintFor({ ...base, status: 404 })).toMatch(/does not exist, or this account cannot see it/);
    expect(hintFor({ ...base, status: 410 })).toMatch(/removed/);
    expect(hintFor({ ...base, status: 429, retryAfterSeconds: 7 })).toMatch(/try again after 7 s/);
    expect(hintFor({ ...base, status: 500, method: "POST" })).toMatch(/may have been applied/);
    expect(hintFor({ ...base, status: null, code: "network", origin: "https://x" })).toMatch(/HTTPS_PROXY/);
  });
});

describe("auth helpers", () => {
  const oauth = { type: "oauth" as const, cloudId: "c-1", getAccessToken: async () => "t" };
  it("builds base URLs for the site and the OAuth gateway", () => {
    expect(
      baseUrlFor("https://acme.atlassian.net/", { type: "basic", email: "a", apiToken: "b" }, "jira"),
    ).toBe("https://acme.atlassian.net");
    expect(baseUrlFor("https://dc.corp/jira/", { type: "pat", token: "x" }, "jira")).toBe(
      "https://dc.corp/jira",
    );
    expect(baseUrlFor("", oauth, "confluence")).toBe("https://api.atlassian.com/ex/confluence/c-1");
    expect(baseUrlFor("", { ...oauth, apiBaseUrl: "http://127.0.0.1:9/" }, "jira")).toBe(
      "http://127.0.0.1:9/ex/jira/c-1",
    );
  });

  it("validates base URLs", () => {
    expect(() => normalizeBase("acme.atlassian.net", "siteUrl")).toThrow(/absolute/);
    expect(() => normalizeBase("ftp://x", "siteUrl")).toThrow(/http/);
    expect(() => normalizeBase("https://u:p@x", "siteUrl")).toThrow(/credentials/);
    expect(() => normalizeBase("https://x/?a=1", "siteUrl")).toThrow(/query/);
  });

  it("refuses paths that could escape their base", () => {
    for (const bad of [
      "rest/api",
      "//evil.com/x",
      "/a/../b",
      "/a/%2e%2E/b",
      "/a/./b",
      "/a?x=1",
      "/a#f",
      "/a b",
      "/..",
    ]) {
      expect(() => checkPath(bad), bad).toThrow(TypeError);
    }
    for (const good of ["/rest/api/3/issue/BACKEND-1", "/wiki/api/v2/pages/1", "/a/..b/c", "/a/%2F"]) {
      expect(() => checkPath(good)).not.toThrow();
    }
  });

  it("encodes queries with %20", () => {
    expect(
      queryString([
        ["jql", "project = X order by key"],
        ["a&b", "é"],
      ]),
    ).toBe("?jql=project%20%3D%20X%20order%20by%20key&a%26b=%C3%A9");
    expect(queryString([])).toBe("");
  });

  it("lists the static secrets of each auth type", () => {
    const s = staticSecrets({ type: "basic", email: "a@b.c", apiToken: "tok-123456" });
    expect(s).toContain("tok-123456");
    expect(s).toContain(Buffer.from("a@b.c:tok-123456").toString("base64"));
    expect(staticSecrets({ type: "pat", token: "pat-abcdef" })).toEqual(["pat-abcdef"]);
  });
});
