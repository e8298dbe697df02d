import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StdioSession, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";
import { adfHasMark, keyNumber, registerTour } from "./tour.js";

// Needs the built CLI: `npm run build` first.

registerTour("cloud");

describe("seed workflow and error contracts over stdio (cloud)", () => {
  let h: SandboxHarness;
  let session: StdioSession;

  beforeAll(async () => {
    h = await SandboxHarness.start();
    session = await startStdio(h);
  });

  afterAll(async () => {
    await session?.close();
    await h?.close();
  });

  it("finds an unassigned high-priority bug, assigns it to me, comments in Markdown and starts it", async () => {
    const store = h.sandbox.context.store;

    // 1. Find unassigned High/Highest bugs in BACKEND.
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
    expect(expected.length).toBeGreaterThan(0);
    expect(search.json.result.map((i: any) => i.key)).toEqual(expected.map((i) => i.key));
    for (const i of search.json.result) {
      expect(i.type).toBe("Bug");
      expect(i.assignee).toBeNull();
      expect(["High", "Highest"]).toContain(i.priority);
    }
    const key: string = search.json.result[0].key;

    // 2. Who am I?
    const me = await session.call("get_single_jira_current_user");
    expect(me.isError, me.text).toBe(false);
    expect(me.json.accountId).toBe(h.info.accountId);

    // 3. Assign the bug to me.
    const assign = await session.call("update_a_jira_issue_by_id", {
      issue_id_or_key: key,
      assignee: me.json.accountId,
    });
    expect(assign.isError, assign.text).toBe(false);

    // 4. Comment in Markdown.
    const comment = await session.call("create_a_jira_issue_comment", {
      issue_id_or_key: key,
      body: "Taking this one. **Root cause first**, then a fix:\n\n- reproduce on staging\n- add a regression test",
    });
    expect(comment.isError, comment.text).toBe(false);

    // 5. Transition to In Progress by status name.
    const start = await session.call("jira_issues_transition", {
      issue_id_or_key: key,
      transition: "In Progress",
    });
    expect(start.isError, start.text).toBe(false);

    // The store holds the result of all three writes.
    const issue = store.findIssue(key)!;
    expect(issue.assigneeId).toBe(h.info.accountId);
    expect(store.statuses.get(issue.statusId)!.name).toBe("In Progress");
    const comments = [...store.comments.values()].filter((c) => c.issueId === issue.id);
    const last = comments.at(-1)!;
    expect(last.id).toBe(comment.json.id);
    expect(last.authorId).toBe(h.info.accountId);
    expect(adfHasMark(last.body, "Root cause first", "strong")).toBe(true);
    expect(JSON.stringify(last.body)).toContain('"bulletList"');

    // And the gateway reads it back the same way.
    const read = await session.call("get_single_jira_issue_by_id", { issue_id_or_key: key });
    expect(read.json.assignee.id).toBe(h.info.accountId);
    expect(read.json.status).toBe("In Progress");
    expect(read.json.comment.comments.at(-1).body).toContain("**Root cause first**");
  });

  it("reports a wrong argument type as one tool error naming the argument, without calling Atlassian", async () => {
    const before = h.sandbox.context.requestLog.list().length;
    const r = await session.call("get_single_jira_issue_by_id", { issue_id_or_key: 10001 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('"issue_id_or_key" must be string');
    expect(r.text).toContain("get_single_jira_issue_by_id");
    expect(h.sandbox.context.requestLog.list().length).toBe(before);

    const several = await session.call("list_all_jira_search", { jql: 42, limit: "ten", bogus: true });
    expect(several.isError).toBe(true);
    expect(several.text).toContain('"jql" must be string');
    expect(several.text).toContain('"limit" must be integer');
    expect(several.text).toContain('unknown argument "bogus"');
  });

  it("refuses a tampered next_cursor, and a cursor issued by another tool, with a clear error", async () => {
    const first = await session.call("list_all_jira_search", {
      jql: "project = BACKEND ORDER BY key",
      limit: 2,
    });
    expect(first.isError, first.text).toBe(false);
    const cursor: string = first.json.next_cursor;
    expect(typeof cursor).toBe("string");

    const [payload, sum] = cursor.split(".");
    const forged = Buffer.from(JSON.stringify({ offset: 40, token: "forged" })).toString("base64url");
    for (const bad of [
      `${forged}.${sum}`,
      `${payload}.${sum.slice(0, -1)}${sum.endsWith("A") ? "B" : "A"}`,
      "not-a-cursor",
      `${payload}`,
    ]) {
      const r = await session.call("list_all_jira_search", {
        jql: "project = BACKEND ORDER BY key",
        limit: 2,
        next_cursor: bad,
      });
      expect(r.isError, `cursor ${bad} accepted`).toBe(true);
      expect(r.text).toContain("next_cursor is not a cursor this tool issued");
    }

    const users = await session.call("list_all_jira_users", { limit: 2 });
    const foreign = await session.call("list_all_jira_search", {
      jql: "project = BACKEND ORDER BY key",
      next_cursor: users.json.next_cursor,
    });
    expect(foreign.isError).toBe(true);
    expect(foreign.text).toContain("next_cursor is not a cursor this tool issued");

    // The genuine cursor still works after all that.
    const second = await session.call("list_all_jira_search", {
      jql: "project = BACKEND ORDER BY key",
      limit: 2,
      next_cursor: cursor,
    });
    expect(second.isError, second.text).toBe(false);
    expect(second.json.result.map((i: any) => i.key)).toEqual(["BACKEND-3", "BACKEND-4"]);
  });

  it("answers an unknown tool with a JSON-RPC error, which the SDK client throws", async () => {
    await expect(session.client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
    // The session survives it.
    const me = await session.call("get_single_jira_current_user");
    expect(me.isError, me.text).toBe(false);
  });
});
