import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { type StdioSession, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";
import { adfHasMark, keyNumber, listedToolNames, registerTour } from "./tour.js";

// Needs the built CLI: `npm run build` first. startStdio signs in with the PAT on Data Center.

registerTour("datacenter");

describe("Data Center tool list and seed workflow over stdio", () => {
  let h: SandboxHarness;
  let session: StdioSession;

  beforeAll(async () => {
    h = await SandboxHarness.start({ deployment: "datacenter" });
    session = await startStdio(h);
  });

  afterAll(async () => {
    await session?.close();
    await h?.close();
  });

  it("lists exactly the catalog's tools that have a Data Center endpoint", async () => {
    const catalog = loadCatalog();
    const dcTools = catalog.filter((t) => t.deployments.includes("datacenter")).map((t) => t.name);
    const cloudOnly = catalog.filter((t) => !t.deployments.includes("datacenter")).map((t) => t.name);
    const listed = await listedToolNames(session);
    expect([...listed].sort()).toEqual([...dcTools].sort());
    expect(listed.filter((name) => cloudOnly.includes(name))).toEqual([]);
    // The families Atlassian only offers on Cloud, by name, so a catalog slip cannot hide them.
    for (const name of listed) {
      expect(name).not.toMatch(/webhook|plans|accessible_resources|license|confluence/);
    }
    expect(cloudOnly.some((name) => name.includes("confluence"))).toBe(true);
  });

  it("refuses a Cloud-only tool as unknown", async () => {
    await expect(session.client.callTool({ name: "list_all_jira_webhooks", arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
  });

  it("runs the seed workflow with usernames and wiki markup", async () => {
    const store = h.sandbox.context.store;
    const search = await session.call("list_all_jira_search", {
      jql: "project = BACKEND AND issuetype = Bug AND assignee is EMPTY AND priority in (High, Highest) ORDER BY key ASC",
      limit: 50,
    });
    expect(search.isError, search.text).toBe(false);
    const backend = store.findProject("BACKEND")!;
    const expected = [...store.issues.values()]
      .filter(
        (i) =>
          i.projectId === backend.id &&
          store.issueTypes.get(i.issueTypeId)!.name === "Bug" &&
          i.assigneeId === null &&
          ["High", "Highest"].includes(store.priorities.get(i.priorityId)!.name),
      )
      .sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
    expect(search.json.result.map((i: any) => i.key)).toEqual(expected.map((i) => i.key));
    const key: string = search.json.result[0].key;

    const me = await session.call("get_single_jira_current_user");
    expect(me.isError, me.text).toBe(false);
    expect(me.json.name).toBe(h.info.username);

    const assign = await session.call("update_a_jira_issue_by_id", {
      issue_id_or_key: key,
      assignee: me.json.name,
    });
    expect(assign.isError, assign.text).toBe(false);
    const comment = await session.call("create_a_jira_issue_comment", {
      issue_id_or_key: key,
      body: "Taking this one. **Root cause first**, then a fix.",
    });
    expect(comment.isError, comment.text).toBe(false);
    // Data Center takes and answers wiki markup; the tool result reads as Markdown again.
    expect(comment.json.body).toBe("Taking this one. **Root cause first**, then a fix.");
    const start = await session.call("jira_issues_transition", {
      issue_id_or_key: key,
      transition: "In Progress",
    });
    expect(start.isError, start.text).toBe(false);

    const issue = store.findIssue(key)!;
    expect(issue.assigneeId).toBe(h.info.accountId);
    expect(store.statuses.get(issue.statusId)!.name).toBe("In Progress");
    const last = [...store.comments.values()].filter((c) => c.issueId === issue.id).at(-1)!;
    expect(last.id).toBe(comment.json.id);
    expect(adfHasMark(last.body, "Root cause first", "strong")).toBe(true);
  });
});
