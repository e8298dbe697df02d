import { describe, expect, it } from "vitest";
import { matchesUserQuery } from "./users.js";
import { checkWebhookJql } from "./webhooks.js";

describe("checkWebhookJql", () => {
  it("accepts the documented subset", () => {
    for (const jql of [
      "project = FRONTEND",
      "project in (A, B) AND issuetype != Bug",
      "status = Done OR assignee = abc",
      "issueKey = ABC-1 AND reporter != x",
      "cf[10014] = EPIC-1",
      "NOT project = A",
    ]) {
      expect(checkWebhookJql(jql), jql).toEqual([]);
    }
  });

  it("rejects other fields, operators, functions, ORDER BY and bad syntax", () => {
    expect(checkWebhookJql("summary ~ robot")[0]).toContain("'summary'");
    expect(checkWebhookJql("project = A AND priority > 2").join(" ")).toContain("'>'");
    expect(checkWebhookJql("assignee = currentUser()")).toContain(
      "Functions are not supported in webhook JQL filters.",
    );
    expect(checkWebhookJql("project = A ORDER BY key")).toContain(
      "The JQL filter must not contain an ORDER BY clause.",
    );
    expect(checkWebhookJql("project = ")[0]).toMatch(/^Error in the JQL Query/);
  });
});

describe("matchesUserQuery", () => {
  const user = {
    accountId: "1",
    name: "emily.chen",
    key: "JIRAUSER1",
    displayName: "Emily Chen",
    emailAddress: "emily.chen@example.test",
    active: true,
    timeZone: "UTC",
    locale: "en_US",
    accountType: "atlassian" as const,
    groups: [],
    siteAdmin: false,
    canEdit: true,
  };

  it("matches prefixes of the name, its words and the email, ignoring case", () => {
    expect(matchesUserQuery(user, "emi", false)).toBe(true);
    expect(matchesUserQuery(user, "CHE", false)).toBe(true);
    expect(matchesUserQuery(user, "emily.c", false)).toBe(true);
    expect(matchesUserQuery(user, "hen", false)).toBe(false);
    expect(matchesUserQuery(user, "", false)).toBe(true);
  });
});
