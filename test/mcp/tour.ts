import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/catalog/types.js";
import type { AdfNode, Issue, User } from "../../src/sandbox/state/model.js";
import type { Store } from "../../src/sandbox/state/store.js";
import { type StdioSession, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

/**
 * A table-driven tour of every tool over real stdio. One table serves both deployments, so a tool
 * that exists on Cloud and Data Center is held to the same checks on both; entries differ only where
 * Atlassian does (usernames instead of account ids, wiki markup instead of ADF).
 */

export type CallResult = Awaited<ReturnType<StdioSession["call"]>>;
type Args = Record<string, unknown>;

export interface TourEntry {
  tool: string;
  /** What the entry proves, shown as the test name. */
  does: string;
  /** Omitted: the entry runs on every deployment where the tool is listed. */
  only?: Deployment;
  args: (t: Tour) => Args | Promise<Args>;
  check: (r: CallResult, t: Tour) => void | Promise<void>;
  /**
   * A defect outside test/ that this entry exposes; the entry runs as `it.fails` until the named fix
   * lands, and then fails loudly so the flag is removed rather than forgotten.
   */
  knownBug?: string;
}

/** The live state of one tour: the sandbox, the session, values carried between entries. */
export class Tour {
  readonly vars: Record<string, any> = {};
  readonly called = new Set<string>();

  constructor(
    readonly h: SandboxHarness,
    readonly session: StdioSession,
    readonly deployment: Deployment,
  ) {}

  get store(): Store {
    return this.h.sandbox.context.store;
  }

  get dc(): boolean {
    return this.deployment === "datacenter";
  }

  async call(tool: string, args: Args = {}): Promise<CallResult> {
    this.called.add(tool);
    return this.session.call(tool, args);
  }

  /** Calls a tool that must succeed and returns its JSON. */
  async ok(tool: string, args: Args = {}): Promise<any> {
    const r = await this.call(tool, args);
    expect(r.isError, `${tool} failed: ${r.text}`).toBe(false);
    return r.json;
  }

  /** How tools name a user here: account id on Cloud, username on Data Center. */
  ref(user: User | string): string {
    const u = typeof user === "string" ? this.store.users.get(user)! : user;
    return this.dc ? u.name : u.accountId;
  }

  /** The user reference in an Atlassian user bean as the tools return it. */
  refOf(bean: { accountId?: string; name?: string }): string | undefined {
    return this.dc ? bean.name : bean.accountId;
  }

  get admin(): User {
    return this.store.users.get(this.h.info.accountId)!;
  }

  get viewer(): User {
    return this.store.users.get(this.h.info.viewer.accountId)!;
  }

  issue(key: string): Issue {
    const issue = this.store.findIssue(key);
    if (!issue) throw new Error(`no issue ${key} in the store`);
    return issue;
  }

  statusOf(key: string): string {
    return this.store.statuses.get(this.issue(key).statusId)!.name;
  }

  project(key: string) {
    return this.store.findProject(key)!;
  }

  /** Seeded issues of a project in key order. */
  issuesOf(projectKey: string): Issue[] {
    const id = this.project(projectKey).id;
    return [...this.store.issues.values()]
      .filter((i) => i.projectId === id)
      .sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
  }

  /** Walks a list tool through every page, failing on a repeated item; returns all items. */
  async walk(tool: string, args: Args, idOf: (item: any) => unknown, maxPages = 50): Promise<any[]> {
    const all: any[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await this.ok(tool, cursor ? { ...args, next_cursor: cursor } : args);
      expect(Array.isArray(page.result), `${tool} result is a list`).toBe(true);
      all.push(...page.result);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < maxPages);
    expect(cursor ?? null, `${tool} ended within ${maxPages} pages`).toBeNull();
    const ids = all.map(idOf);
    expect(new Set(ids).size, `${tool} repeated an item across pages`).toBe(ids.length);
    return all;
  }
}

export function keyNumber(key: string): number {
  return Number(key.split("-")[1]);
}

/** True when some text node containing `text` carries the mark. */
export function adfHasMark(node: AdfNode | null | undefined, text: string, mark: string): boolean {
  if (!node) return false;
  if (node.type === "text" && node.text?.includes(text) && node.marks?.some((m) => m.type === mark))
    return true;
  return (node.content ?? []).some((child) => adfHasMark(child, text, mark));
}

/** All the text of an ADF document, for "contains" checks. */
export function adfText(node: AdfNode | null | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? []).map(adfText).join(" ");
}

export function expectNotFound(r: CallResult, tool: string): void {
  expect(r.isError, `${tool} should fail: ${r.text}`).toBe(true);
  expect(r.text).toContain(tool);
  expect(r.text).toContain("HTTP 404");
}

const sorted = <T>(values: Iterable<T>) => [...values].map(String).sort();

const TOUR_LABEL = "mcp-tour";
const UNIQUE_WORD = "zebracornquokka";
const ATTACHMENT_TEXT = "tour attachment: plain text, ünïcödé ✓\nsecond line\n";

/**
 * The tour. Entries run in order and may use what earlier ones created (`t.vars`): reads of seeded
 * data first, then a fresh issue that the write entries create, change, read back and delete.
 */
export const TOUR: TourEntry[] = [
  // ------------------------------------------------------------------ issues: reads of seeded data
  {
    tool: "get_single_jira_issue_by_id",
    does: "returns the stored key, summary, status and assignee",
    args: (t) => {
      t.vars.seeded = t.issuesOf("BACKEND").find((i) => i.assigneeId !== null)!;
      return { issue_id_or_key: t.vars.seeded.key };
    },
    check: (r, t) => {
      const issue: Issue = t.vars.seeded;
      expect(r.isError, r.text).toBe(false);
      expect(r.json.key).toBe(issue.key);
      expect(r.json.id).toBe(issue.id);
      expect(r.json.summary).toBe(issue.summary);
      expect(r.json.status).toBe(t.statusOf(issue.key));
      expect(r.json.assignee.id).toBe(t.ref(issue.assigneeId!));
    },
  },
  {
    tool: "list_all_jira_search",
    does: "pages a JQL search with next_cursor in the store's key order, without duplicates",
    args: () => ({ jql: "project = BACKEND ORDER BY key ASC", limit: 5 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(5);
      expect(typeof r.json.next_cursor).toBe("string");
      const second = await t.ok("list_all_jira_search", {
        jql: "project = BACKEND ORDER BY key ASC",
        limit: 5,
        next_cursor: r.json.next_cursor,
      });
      const keys = [...r.json.result, ...second.result].map((i: any) => i.key);
      expect(new Set(keys).size).toBe(10);
      const expected = t.issuesOf("BACKEND").slice(0, 10);
      expect(keys).toEqual(expected.map((i) => i.key));
      expect([...r.json.result, ...second.result].map((i: any) => i.summary)).toEqual(
        expected.map((i) => i.summary),
      );
    },
  },
  {
    tool: "list_all_jira_issue_transitions",
    does: "lists the workflow's transitions with their target statuses",
    args: (t) => ({ issue_id_or_key: t.vars.seeded.key }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const current = t.issue(t.vars.seeded.key).statusId;
      const expected = t.store.transitions.filter((x) => x.toStatusId !== current);
      for (const x of expected) {
        const found = r.json.result.find((y: any) => y.id === x.id);
        expect(found, `transition ${x.name}`).toBeDefined();
        expect(found.to.name).toBe(t.store.statuses.get(x.toStatusId)!.name);
      }
    },
  },
  {
    tool: "list_all_jira_issue_comments",
    does: "walks an issue's comments one per page, matching the store in order",
    args: (t) => {
      const withComments = [...t.store.issues.values()].find(
        (i) => [...t.store.comments.values()].filter((c) => c.issueId === i.id).length >= 3,
      )!;
      t.vars.commented = withComments;
      return { issue_id_or_key: withComments.key, limit: 1 };
    },
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(1);
      const all = await t.walk(
        "list_all_jira_issue_comments",
        { issue_id_or_key: t.vars.commented.key, limit: 1 },
        (c) => c.id,
      );
      const expected = [...t.store.comments.values()]
        .filter((c) => c.issueId === t.vars.commented.id)
        .map((c) => c.id);
      expect(all.map((c) => c.id)).toEqual(expected);
      expect(all[0].id).toBe(r.json.result[0].id);
    },
  },
  {
    tool: "list_all_jira_issue_attachments",
    does: "lists an issue's stored attachments",
    args: (t) => {
      const att = [...t.store.attachments.values()][0];
      t.vars.seededAttachment = att;
      return { issue_id_or_key: t.store.issues.get(att.issueId)!.key };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const issueId = t.vars.seededAttachment.issueId;
      const expected = [...t.store.attachments.values()].filter((a) => a.issueId === issueId);
      expect(sorted(r.json.result.map((a: any) => a.id))).toEqual(sorted(expected.map((a) => a.id)));
      expect(sorted(r.json.result.map((a: any) => a.filename))).toEqual(
        sorted(expected.map((a) => a.filename)),
      );
    },
  },
  {
    tool: "get_single_jira_issue_attachment_by_id",
    does: "returns the stored attachment's metadata",
    args: (t) => ({ id: t.vars.seededAttachment.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(String(r.json.id)).toBe(t.vars.seededAttachment.id);
      expect(r.json.filename).toBe(t.vars.seededAttachment.filename);
      expect(r.json.size).toBe(t.vars.seededAttachment.content.length);
    },
  },
  {
    tool: "jira_issue_attachments_download",
    does: "returns the stored attachment's bytes",
    only: "cloud",
    args: (t) => ({ id: t.vars.seededAttachment.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const att = t.vars.seededAttachment;
      expect(r.json.size).toBe(att.content.length);
      if (r.json.text !== undefined) expect(r.json.text).toBe(att.content.toString("utf8"));
      else expect(Buffer.from(r.json.base64, "base64").equals(att.content)).toBe(true);
    },
  },
  {
    tool: "list_all_jira_issue_worklogs",
    does: "lists an issue's stored worklogs",
    args: (t) => {
      const wl = [...t.store.worklogs.values()][0];
      t.vars.worklogIssue = t.store.issues.get(wl.issueId)!;
      return { issue_id_or_key: t.vars.worklogIssue.key, limit: 100 };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.worklogs.values()].filter((w) => w.issueId === t.vars.worklogIssue.id);
      expect(sorted(r.json.result.map((w: any) => w.id))).toEqual(sorted(expected.map((w) => w.id)));
      expect(sorted(r.json.result.map((w: any) => w.timeSpentSeconds))).toEqual(
        sorted(expected.map((w) => w.timeSpentSeconds)),
      );
    },
  },
  {
    tool: "list_all_jira_issue_link_types",
    does: "lists the stored link types",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((x: any) => x.name))).toEqual(
        sorted([...t.store.linkTypes.values()].map((x) => x.name)),
      );
    },
  },
  {
    tool: "get_single_jira_issue_link_by_id",
    does: "returns a stored link with both issues",
    args: (t) => {
      t.vars.seededLink = [...t.store.links.values()][0];
      return { id: t.vars.seededLink.id };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const link = t.vars.seededLink;
      expect(r.json.type.name).toBe(t.store.linkTypes.get(link.typeId)!.name);
      expect(r.json.inwardIssue.key).toBe(t.store.issues.get(link.inwardIssueId)!.key);
      expect(r.json.outwardIssue.key).toBe(t.store.issues.get(link.outwardIssueId)!.key);
    },
  },
  {
    tool: "list_all_jira_issue_watchers",
    does: "lists the stored watchers",
    args: (t) => {
      t.vars.watched = [...t.store.issues.values()].find((i) => i.watcherIds.length >= 2)!;
      return { issue_id_or_key: t.vars.watched.key };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = t.vars.watched.watcherIds.map((id: string) => t.ref(id));
      expect(sorted(r.json.result.map((u: any) => t.refOf(u)))).toEqual(sorted(expected));
    },
  },

  // ------------------------------------------------------------------ issues: writes, read back
  {
    tool: "create_a_jira_issue",
    does: "creates an issue whose Markdown description is stored as rich text",
    args: (t) => ({
      project: "BACKEND",
      issue_type: "Task",
      summary: "MCP tour task",
      description: "Created by the **tour** with `code`.",
      labels: [TOUR_LABEL],
      priority: "Low",
      assignee: t.ref(t.admin),
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.key).toMatch(/^BACKEND-\d+$/);
      t.vars.task = r.json.key;
      const stored = t.issue(r.json.key);
      expect(stored.summary).toBe("MCP tour task");
      expect(stored.labels).toEqual([TOUR_LABEL]);
      expect(t.store.priorities.get(stored.priorityId)!.name).toBe("Low");
      expect(stored.assigneeId).toBe(t.admin.accountId);
      expect(adfHasMark(stored.description, "tour", "strong")).toBe(true);
      expect(adfHasMark(stored.description, "code", "code")).toBe(true);
      const read = await t.ok("get_single_jira_issue_by_id", { issue_id_or_key: r.json.key });
      expect(read.summary).toBe("MCP tour task");
      expect(read.description).toContain("**tour**");
    },
  },
  {
    tool: "update_a_jira_issue_by_id",
    does: "changes summary and labels, visible through get_single_jira_issue_by_id",
    args: (t) => ({
      issue_id_or_key: t.vars.task,
      summary: "MCP tour task (edited)",
      labels: [TOUR_LABEL, "edited"],
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_jira_issue_by_id", { issue_id_or_key: t.vars.task });
      expect(read.summary).toBe("MCP tour task (edited)");
      expect(sorted(read.labels)).toEqual(sorted([TOUR_LABEL, "edited"]));
      expect(t.issue(t.vars.task).summary).toBe("MCP tour task (edited)");
    },
  },
  {
    tool: "jira_issues_transition",
    does: "moves the issue by status name and adds the Markdown comment given with it",
    args: (t) => ({
      issue_id_or_key: t.vars.task,
      transition: "In Review",
      comment: "Moved by the **tour**",
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.statusOf(t.vars.task)).toBe("In Review");
      const read = await t.ok("get_single_jira_issue_by_id", { issue_id_or_key: t.vars.task });
      expect(read.status).toBe("In Review");
      const comments = [...t.store.comments.values()].filter((c) => c.issueId === t.issue(t.vars.task).id);
      expect(comments.some((c) => adfHasMark(c.body, "tour", "strong"))).toBe(true);
    },
  },
  {
    tool: "jira_issues_transition",
    does: "refuses a status no transition leads to, naming the ones that exist",
    args: (t) => ({ issue_id_or_key: t.vars.task, transition: "Nowhere" }),
    check: (r, t) => {
      expect(r.isError).toBe(true);
      expect(r.text).toContain('"Nowhere"');
      expect(r.text).toContain('"Done"');
      expect(t.statusOf(t.vars.task)).toBe("In Review");
    },
  },
  {
    tool: "create_a_jira_issue_comment",
    does: "adds a Markdown comment that list_all_jira_issue_comments then shows",
    args: (t) => ({ issue_id_or_key: t.vars.task, body: "Tour comment with **bold** text" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      t.vars.commentId = r.json.id;
      const stored = t.store.comments.get(r.json.id)!;
      expect(adfHasMark(stored.body, "bold", "strong")).toBe(true);
      const list = await t.ok("list_all_jira_issue_comments", { issue_id_or_key: t.vars.task });
      const found = list.result.find((c: any) => c.id === r.json.id);
      expect(found, "new comment listed").toBeDefined();
      expect(found.body).toContain("bold");
      if (t.dc) {
        // Data Center takes wiki markup: the Markdown must have been converted on the way in.
        const sent = t.h.sandbox.context.requestLog
          .list()
          .filter((e) => e.method === "POST" && e.path.endsWith(`/comment`))
          .at(-1)!;
        expect((sent.body as any).body).toBe("Tour comment with *bold* text");
      }
    },
  },
  {
    tool: "get_single_jira_issue_comment_by_id",
    does: "returns the comment as Markdown (from ADF on Cloud, from wiki markup on Data Center)",
    args: (t) => ({ issue_id_or_key: t.vars.task, id: t.vars.commentId }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.id).toBe(t.vars.commentId);
      expect(r.json.body).toBe("Tour comment with **bold** text");
      expect(t.refOf(r.json.author)).toBe(t.ref(t.admin));
    },
  },
  {
    tool: "update_a_jira_issue_comment_by_id",
    does: "replaces the comment body, visible through get_single_jira_issue_comment_by_id",
    args: (t) => ({ issue_id_or_key: t.vars.task, id: t.vars.commentId, body: "Edited _tour_ comment" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_jira_issue_comment_by_id", {
        issue_id_or_key: t.vars.task,
        id: t.vars.commentId,
      });
      expect(read.body).toContain("Edited");
      expect(adfHasMark(t.store.comments.get(t.vars.commentId)!.body, "tour", "em")).toBe(true);
    },
  },
  {
    tool: "delete_a_jira_issue_comment_by_id",
    does: "removes the comment: reading it again is a 404",
    args: (t) => ({ issue_id_or_key: t.vars.task, id: t.vars.commentId }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.comments.has(t.vars.commentId)).toBe(false);
      expectNotFound(
        await t.call("get_single_jira_issue_comment_by_id", {
          issue_id_or_key: t.vars.task,
          id: t.vars.commentId,
        }),
        "get_single_jira_issue_comment_by_id",
      );
    },
  },
  {
    tool: "jira_issues_bulk_create",
    does: "creates several issues in one call",
    args: () => ({
      issues: [
        {
          project: "BACKEND",
          issue_type: "Task",
          summary: "Tour bulk one",
          description: "First *bulk* issue",
        },
        { project: "BACKEND", issue_type: "Story", summary: "Tour bulk two", labels: [TOUR_LABEL] },
      ],
    }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.issues).toHaveLength(2);
      const [one, two] = r.json.issues.map((i: any) => t.issue(i.key));
      expect(one.summary).toBe("Tour bulk one");
      expect(adfHasMark(one.description, "bulk", "em")).toBe(true);
      expect(two.summary).toBe("Tour bulk two");
      expect(t.store.issueTypes.get(two.issueTypeId)!.name).toBe("Story");
      t.vars.bulk = r.json.issues.map((i: any) => i.key);
    },
  },
  {
    tool: "delete_a_jira_issue_by_id",
    does: "deletes an issue: reading it again is a 404",
    args: (t) => ({ issue_id_or_key: t.vars.bulk[1] }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.findIssue(t.vars.bulk[1])).toBeUndefined();
      expectNotFound(
        await t.call("get_single_jira_issue_by_id", { issue_id_or_key: t.vars.bulk[1] }),
        "get_single_jira_issue_by_id",
      );
    },
  },
  {
    tool: "create_a_jira_issue_attachment",
    does: "uploads base64 content that the attachment list then shows, byte for byte",
    args: (t) => ({
      issue_id_or_key: t.vars.task,
      filename: "tour-notes.txt",
      mime_type: "text/plain",
      content_base64: Buffer.from(ATTACHMENT_TEXT, "utf8").toString("base64"),
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const created = Array.isArray(r.json) ? r.json[0] : r.json;
      t.vars.attachmentId = String(created.id);
      expect(t.store.attachments.get(t.vars.attachmentId)!.content.toString("utf8")).toBe(ATTACHMENT_TEXT);
      const list = await t.ok("list_all_jira_issue_attachments", { issue_id_or_key: t.vars.task });
      expect(list.result.map((a: any) => a.filename)).toContain("tour-notes.txt");
      if (!t.dc) {
        const download = await t.ok("jira_issue_attachments_download", { id: t.vars.attachmentId });
        expect(download.text).toBe(ATTACHMENT_TEXT);
      }
    },
  },
  {
    tool: "delete_a_jira_issue_attachment_by_id",
    does: "deletes the attachment: reading it again is a 404",
    args: (t) => ({ id: t.vars.attachmentId }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.attachments.has(t.vars.attachmentId)).toBe(false);
      expectNotFound(
        await t.call("get_single_jira_issue_attachment_by_id", { id: t.vars.attachmentId }),
        "get_single_jira_issue_attachment_by_id",
      );
    },
  },
  {
    tool: "create_a_jira_issue_worklog",
    does: "logs time that the worklog list then shows",
    args: (t) => ({
      issue_id_or_key: t.vars.task,
      time_spent: "1h 30m",
      started: "2026-05-01T09:00:00.000+0000",
      comment: "Worked on the **tour**",
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      t.vars.worklogId = r.json.id;
      expect(adfHasMark(t.store.worklogs.get(r.json.id)!.comment, "tour", "strong")).toBe(true);
      const list = await t.ok("list_all_jira_issue_worklogs", { issue_id_or_key: t.vars.task });
      expect(list.result.find((w: any) => w.id === r.json.id)?.timeSpentSeconds).toBe(5400);
    },
  },
  {
    tool: "update_a_jira_issue_worklog_by_id",
    does: "changes the time spent, visible in the worklog list",
    args: (t) => ({ issue_id_or_key: t.vars.task, id: t.vars.worklogId, time_spent: "2h" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_issue_worklogs", { issue_id_or_key: t.vars.task });
      expect(list.result.find((w: any) => w.id === t.vars.worklogId)?.timeSpentSeconds).toBe(7200);
    },
  },
  {
    tool: "delete_a_jira_issue_worklog_by_id",
    does: "deletes the worklog: the list no longer shows it",
    args: (t) => ({ issue_id_or_key: t.vars.task, id: t.vars.worklogId }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_issue_worklogs", { issue_id_or_key: t.vars.task });
      expect(list.result.map((w: any) => w.id)).not.toContain(t.vars.worklogId);
      expect(t.store.worklogs.has(t.vars.worklogId)).toBe(false);
    },
  },
  {
    tool: "create_a_jira_issue_link",
    does: "links two issues; the issue then shows the link",
    args: (t) => ({ type: "Blocks", inward_issue: t.vars.task, outward_issue: t.vars.seeded.key }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_jira_issue_by_id", { issue_id_or_key: t.vars.task });
      const link = read.links.find((l: any) => l.key === t.vars.seeded.key);
      expect(link, "link shown on the issue").toBeDefined();
      expect(link.relation).toBe("blocks");
      t.vars.linkId = String(link.id);
    },
  },
  {
    tool: "get_single_jira_issue_link_by_id",
    does: "returns the link just created",
    args: (t) => ({ id: t.vars.linkId }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.type.name).toBe("Blocks");
      expect(r.json.inwardIssue.key).toBe(t.vars.task);
      expect(r.json.outwardIssue.key).toBe(t.vars.seeded.key);
    },
  },
  {
    tool: "delete_a_jira_issue_link_by_id",
    does: "deletes the link: reading it again is a 404",
    args: (t) => ({ id: t.vars.linkId }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.links.has(t.vars.linkId)).toBe(false);
      expectNotFound(
        await t.call("get_single_jira_issue_link_by_id", { id: t.vars.linkId }),
        "get_single_jira_issue_link_by_id",
      );
    },
  },
  {
    tool: "create_a_jira_issue_watcher",
    does: "adds a watcher that the watcher list then shows",
    args: (t) => ({ issue_id_or_key: t.vars.task, account_id: t.ref(t.viewer) }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_issue_watchers", { issue_id_or_key: t.vars.task });
      expect(list.result.map((u: any) => t.refOf(u))).toContain(t.ref(t.viewer));
    },
  },
  {
    tool: "delete_a_jira_issue_watcher_by_id",
    does: "removes the watcher: the watcher list no longer shows it",
    args: (t) =>
      t.dc
        ? { issue_id_or_key: t.vars.task, username: t.viewer.name }
        : { issue_id_or_key: t.vars.task, account_id: t.viewer.accountId },
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_issue_watchers", { issue_id_or_key: t.vars.task });
      expect(list.result.map((u: any) => t.refOf(u))).not.toContain(t.ref(t.viewer));
      expect(t.issue(t.vars.task).watcherIds).not.toContain(t.viewer.accountId);
    },
  },

  // ------------------------------------------------------------------ projects and metadata
  {
    tool: "list_all_jira_projects",
    does: "walks every project two per page",
    only: "cloud",
    args: () => ({ limit: 2 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(2);
      const all = await t.walk("list_all_jira_projects", { limit: 2 }, (p) => p.id);
      expect(sorted(all.map((p) => p.key))).toEqual(sorted([...t.store.projects.values()].map((p) => p.key)));
    },
  },
  {
    tool: "get_single_jira_project_by_id",
    does: "returns the stored project",
    args: () => ({ project_id_or_key: "BACKEND" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const p = t.project("BACKEND");
      expect(r.json.id).toBe(p.id);
      expect(r.json.key).toBe("BACKEND");
      expect(r.json.description).toBe(p.description);
    },
  },
  {
    tool: "list_all_jira_project_issue_types",
    does: "lists the project's issue types",
    args: () => ({ project_id_or_key: "BACKEND" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = t.project("BACKEND").issueTypeIds.map((id) => t.store.issueTypes.get(id)!.name);
      expect(sorted(r.json.result.map((x: any) => x.name))).toEqual(sorted(expected));
    },
  },
  {
    tool: "list_all_jira_project_components",
    does: "lists the project's components",
    args: () => ({ project_id_or_key: "BACKEND", limit: 100 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const pid = t.project("BACKEND").id;
      const expected = [...t.store.components.values()].filter((c) => c.projectId === pid).map((c) => c.name);
      expect(sorted(r.json.result.map((x: any) => x.name))).toEqual(sorted(expected));
    },
  },
  {
    tool: "list_all_jira_versions",
    does: "lists the project's versions",
    args: () => ({ project_id_or_key: "BACKEND", limit: 100 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const pid = t.project("BACKEND").id;
      const expected = [...t.store.versions.values()].filter((v) => v.projectId === pid);
      expect(sorted(r.json.result.map((x: any) => x.name))).toEqual(sorted(expected.map((v) => v.name)));
      t.vars.version = expected[0];
    },
  },
  {
    tool: "get_single_jira_version_by_id",
    does: "returns the stored version",
    args: (t) => ({ id: t.vars.version.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.name).toBe(t.vars.version.name);
      expect(r.json.released).toBe(t.vars.version.released);
    },
  },
  {
    tool: "list_all_jira_roles",
    does: "lists the project roles by name and id",
    args: () => ({ project_id_or_key: "BACKEND" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((x: any) => `${x.id}:${x.name}`))).toEqual(
        sorted([...t.store.projectRoles.values()].map((x) => `${x.id}:${x.name}`)),
      );
    },
  },
  {
    tool: "get_single_jira_role_by_id",
    does: "returns a role with the project's actors in it",
    args: (t) => {
      t.vars.role = [...t.store.projectRoles.values()].find((x) => x.name === "Administrators")!;
      return { project_id_or_key: "BACKEND", id: String(t.vars.role.id) };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.name).toBe("Administrators");
      const actors = t.project("BACKEND").roleActors[String(t.vars.role.id)] ?? [];
      expect(r.json.actors).toHaveLength(actors.length);
    },
  },
  {
    tool: "list_all_jira_issue_createmeta",
    does: "lists the issue types an issue may be created with",
    args: () => ({ project_id_or_key: "BACKEND" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = t.project("BACKEND").issueTypeIds.map((id) => t.store.issueTypes.get(id)!.name);
      expect(sorted(r.json.result.map((x: any) => x.name))).toEqual(sorted(expected));
    },
  },
  {
    tool: "list_all_jira_issue_createmeta_fields",
    does: "pages the create-screen fields of a type, summary first and required",
    args: () => ({ project_id_or_key: "BACKEND", issue_type_id: "10003", limit: 2 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(2);
      const all = await t.walk(
        "list_all_jira_issue_createmeta_fields",
        { project_id_or_key: "BACKEND", issue_type_id: "10003", limit: 2 },
        (f) => f.fieldId,
      );
      expect(all.length).toBeGreaterThan(2);
      expect(all.find((f) => f.fieldId === "summary")?.required).toBe(true);
    },
  },

  // ------------------------------------------------------------------ people and site
  {
    tool: "get_single_jira_current_user",
    does: "returns the account the credentials belong to",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.refOf(r.json)).toBe(t.ref(t.admin));
      expect(r.json.displayName).toBe(t.admin.displayName);
    },
  },
  {
    tool: "list_all_jira_users",
    does: "walks the user directory through several pages",
    only: "cloud",
    args: () => ({ limit: 10 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(typeof r.json.next_cursor).toBe("string");
      const all = await t.walk("list_all_jira_users", { limit: 10 }, (u) => u.accountId);
      for (const u of all) expect(t.store.users.has(u.accountId)).toBe(true);
      expect(all.map((u) => u.accountId)).toContain(t.viewer.accountId);
    },
  },
  {
    tool: "get_single_jira_user_by_id",
    does: "returns a user by account id",
    only: "cloud",
    args: (t) => ({ account_id: t.viewer.accountId }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.displayName).toBe(t.viewer.displayName);
    },
  },
  {
    tool: "list_all_jira_users_default",
    does: "lists users, the admin among them",
    only: "cloud",
    args: () => ({ limit: 100 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((u: any) => u.accountId)).toContain(t.admin.accountId);
    },
  },
  {
    tool: "list_all_jira_search_users",
    does: "finds a user by name",
    args: () => ({ query: "ada" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((u: any) => t.refOf(u))).toContain(t.ref(t.admin));
    },
  },
  {
    tool: "list_all_jira_user_groups",
    does: "lists the groups a user is in",
    only: "cloud",
    args: (t) => ({ account_id: t.admin.accountId }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((g: any) => g.name))).toEqual(sorted(t.admin.groups));
    },
  },
  {
    tool: "list_all_jira_groups",
    does: "walks every group",
    only: "cloud",
    args: () => ({ limit: 3 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const all = await t.walk("list_all_jira_groups", { limit: 3 }, (g) => g.name);
      expect(sorted(all.map((g) => g.name))).toEqual(sorted(t.store.groups.keys()));
    },
  },
  {
    tool: "list_all_jira_groups_picker",
    does: "finds groups by part of the name",
    args: () => ({ query: "jira" }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.groups.keys()].filter((n) => n.includes("jira"));
      expect(sorted(r.json.result.map((g: any) => g.name))).toEqual(sorted(expected));
    },
  },
  {
    tool: "list_all_jira_labels",
    does: "lists labels, including the one the tour's issue carries",
    only: "cloud",
    args: () => ({ limit: 1000 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const all = await t.walk("list_all_jira_labels", { limit: 1000 }, (l) => l);
      expect(all).toContain(TOUR_LABEL);
    },
  },
  {
    tool: "list_all_jira_fields",
    does: "lists the fields, summary among them",
    args: () => ({ limit: 1000 }),
    check: (r) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((f: any) => f.id)).toContain("summary");
    },
  },
  {
    tool: "list_all_jira_priorities",
    does: "lists the stored priorities",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((p: any) => p.name)).toEqual(
        [...t.store.priorities.values()].map((p) => p.name),
      );
    },
  },
  {
    tool: "list_all_jira_status",
    does: "lists the stored statuses",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((s: any) => s.name))).toEqual(
        sorted([...t.store.statuses.values()].map((s) => s.name)),
      );
    },
  },
  {
    tool: "list_all_jira_plans",
    does: "lists the stored plans",
    only: "cloud",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((p: any) => p.name))).toEqual(
        sorted([...t.store.plans.values()].map((p) => p.name)),
      );
    },
  },
  {
    tool: "list_all_jira_application_roles",
    does: "lists the stored application roles",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((x: any) => x.key))).toEqual(sorted(t.store.applicationRoles.keys()));
    },
  },
  {
    tool: "get_single_jira_license_count_by_id",
    does: "returns a product's approximate user count",
    only: "cloud",
    args: () => ({ application_key: "jira-software" }),
    check: (r) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.key).toBe("jira-software");
      expect(Number(r.json.value)).toBeGreaterThan(0);
    },
  },
  {
    tool: "list_all_jira_licenses",
    does: "lists the licensed products",
    only: "cloud",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const ids = r.json.result.map((x: any) => x.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(t.store.applicationRoles.has(id)).toBe(true);
    },
  },
  {
    tool: "list_all_jira_audit_logs",
    does: "pages the audit records, newest first",
    args: () => ({ limit: 5 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(5);
      const second = await t.ok("list_all_jira_audit_logs", { limit: 5, next_cursor: r.json.next_cursor });
      const ids = [...r.json.result, ...second.result].map((x: any) => x.id);
      const expected = [...t.store.auditRecords]
        .sort((a, b) => b.created - a.created || b.id - a.id)
        .slice(0, 10);
      expect(ids).toEqual(expected.map((x) => x.id));
    },
  },

  // ------------------------------------------------------------------ webhooks and OAuth-only operations
  ...(
    [
      ["list_all_jira_webhooks", () => ({})],
      [
        "create_a_jira_webhook",
        () => ({
          url: "https://example.test/hook",
          webhooks: [{ events: ["jira:issue_created"], jqlFilter: "project = BACKEND" }],
        }),
      ],
      ["delete_a_jira_webhook_by_id", (t: Tour) => ({ id: [...t.store.webhooks.keys()][0] })],
      ["jira_webhooks_refresh", (t: Tour) => ({ ids: [...t.store.webhooks.keys()] })],
    ] as const
  ).map(
    ([tool, args]): TourEntry => ({
      tool,
      does: "is refused clearly with API-token auth: dynamic webhooks belong to Connect and OAuth 2.0 apps (Atlassian 403)",
      only: "cloud",
      args: (t) => {
        t.vars.webhooksBefore = JSON.stringify([...t.store.webhooks.values()]);
        return args(t);
      },
      check: (r, t) => {
        expect(r.isError).toBe(true);
        expect(r.text).toContain(tool);
        expect(r.text).toContain("HTTP 403");
        expect(r.text).toMatch(/Connect and OAuth 2\.0 apps/);
        expect(JSON.stringify([...t.store.webhooks.values()])).toBe(t.vars.webhooksBefore);
      },
    }),
  ),
  {
    tool: "list_all_jira_accessible_resources",
    does: "is refused clearly with API-token auth: accessible resources exist only for OAuth 2.0 tokens",
    only: "cloud",
    args: () => ({}),
    check: (r) => {
      expect(r.isError).toBe(true);
      expect(r.text).toContain("list_all_jira_accessible_resources");
      // Today the site answers 401 and the hint blames the API token; see the report for the fix
      // that names OAuth instead. Either wording is accepted here.
      expect(r.text).toMatch(/OAuth|HTTP 401/);
    },
  },

  // ------------------------------------------------------------------ agile
  {
    tool: "list_all_jira_boards",
    does: "pages the stored boards",
    args: () => ({ limit: 2 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const all = await t.walk("list_all_jira_boards", { limit: 2 }, (b) => b.id);
      expect(all.map((b) => `${b.id}:${b.name}`)).toEqual(
        [...t.store.boards.values()].map((b) => `${b.id}:${b.name}`),
      );
    },
  },
  {
    tool: "get_single_jira_board_by_id",
    does: "returns the stored board",
    args: (t) => {
      t.vars.board = [...t.store.boards.values()].find(
        (b) => b.projectId === t.project("BACKEND").id && b.type === "scrum",
      )!;
      return { board_id: String(t.vars.board.id) };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.name).toBe(t.vars.board.name);
      expect(r.json.type).toBe("scrum");
    },
  },
  {
    tool: "list_all_jira_sprints",
    does: "lists the board's sprints",
    args: (t) => ({ board_id: String(t.vars.board.id), limit: 50 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.sprints.values()].filter((s) => s.boardId === t.vars.board.id);
      expect(sorted(r.json.result.map((s: any) => s.id))).toEqual(sorted(expected.map((s) => s.id)));
      t.vars.activeSprint = expected.find((s) => s.state === "active");
    },
  },
  {
    tool: "get_single_jira_sprint_by_id",
    does: "returns the stored sprint",
    args: (t) => ({ sprint_id: String(t.vars.activeSprint.id) }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.name).toBe(t.vars.activeSprint.name);
      expect(r.json.state).toBe("active");
      expect(r.json.goal).toBe(t.vars.activeSprint.goal);
    },
  },
  {
    tool: "list_all_jira_sprint_issues",
    does: "lists the issues in the active sprint",
    args: (t) => ({ sprint_id: String(t.vars.activeSprint.id), limit: 50 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const all = await t.walk(
        "list_all_jira_sprint_issues",
        { sprint_id: String(t.vars.activeSprint.id), limit: 50 },
        (i) => i.key,
      );
      const expected = [...t.store.issues.values()].filter(
        (i) => t.store.currentSprint(i)?.id === t.vars.activeSprint.id,
      );
      expect(sorted(all.map((i) => i.key))).toEqual(sorted(expected.map((i) => i.key)));
    },
  },
  {
    tool: "create_a_jira_sprint",
    does: "creates a future sprint on the board",
    args: (t) => ({ name: "Tour sprint", board_id: t.vars.board.id, goal: "Prove the tools" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      t.vars.sprint = String(r.json.id);
      const stored = t.store.sprints.get(Number(r.json.id))!;
      expect(stored.name).toBe("Tour sprint");
      expect(stored.state).toBe("future");
      expect(stored.boardId).toBe(t.vars.board.id);
      const read = await t.ok("get_single_jira_sprint_by_id", { sprint_id: t.vars.sprint });
      expect(read.goal).toBe("Prove the tools");
    },
  },
  {
    tool: "update_a_jira_sprint_by_id",
    does: "renames the sprint, visible through get_single_jira_sprint_by_id",
    args: (t) => ({ sprint_id: t.vars.sprint, name: "Tour sprint (renamed)", goal: "Updated goal" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_jira_sprint_by_id", { sprint_id: t.vars.sprint });
      expect(read.name).toBe("Tour sprint (renamed)");
      expect(read.goal).toBe("Updated goal");
    },
  },
  {
    tool: "jira_sprint_issues_move",
    does: "moves an issue into the sprint; the sprint's issue list shows it",
    args: (t) => ({ sprint_id: t.vars.sprint, issues: [t.vars.task] }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_sprint_issues", { sprint_id: t.vars.sprint });
      expect(list.result.map((i: any) => i.key)).toEqual([t.vars.task]);
      expect(t.store.currentSprint(t.issue(t.vars.task))?.id).toBe(Number(t.vars.sprint));
    },
  },
  ...(["cloud", "datacenter"] as const).map(
    (deployment): TourEntry => ({
      tool: "list_all_jira_sprint_issues",
      does: "shows the issue's description as the Markdown it was written in",
      only: deployment,
      // The Agile API answers v2-style fields (wiki markup) on Cloud too; the formatter converts them.
      args: (t) => ({ sprint_id: t.vars.sprint }),
      check: (r, t) => {
        expect(r.isError, r.text).toBe(false);
        expect(r.json.result[0].key).toBe(t.vars.task);
        expect(r.json.result[0].description).toBe("Created by the **tour** with `code`.");
      },
    }),
  ),
  {
    tool: "jira_backlog_issues_move",
    does: "moves the issue back to the backlog; the sprint's list is empty again",
    args: (t) => ({ issues: [t.vars.task] }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_jira_sprint_issues", { sprint_id: t.vars.sprint });
      expect(list.result).toEqual([]);
      expect(t.store.currentSprint(t.issue(t.vars.task))).toBeUndefined();
    },
  },
  {
    tool: "list_all_jira_backlog_issues",
    does: "lists the board's backlog, which now holds the issue",
    args: (t) => ({ board_id: String(t.vars.board.id), jql: `key = ${t.vars.task}` }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((i: any) => i.key)).toEqual([t.vars.task]);
      const page = await t.ok("list_all_jira_backlog_issues", {
        board_id: String(t.vars.board.id),
        limit: 20,
      });
      expect(page.result.length).toBeGreaterThan(0);
      for (const i of page.result) {
        const stored = t.issue(i.key);
        expect(stored.projectId).toBe(t.project("BACKEND").id);
        expect(t.store.currentSprint(stored)).toBeUndefined();
      }
    },
  },
  {
    tool: "list_all_jira_epics",
    does: "lists the board's epics",
    args: (t) => ({ board_id: String(t.vars.board.id), limit: 50 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const epicType = [...t.store.issueTypes.values()].find((x) => x.name === "Epic")!.id;
      const epics = t.issuesOf("BACKEND").filter((i) => i.issueTypeId === epicType);
      expect(r.json.result.length).toBeGreaterThan(0);
      for (const e of r.json.result) expect(epics.map((x) => x.key)).toContain(e.key);
      t.vars.epic = epics.find((e) => e.key === r.json.result[0].key);
    },
  },
  {
    tool: "get_single_jira_epic_by_id",
    does: "returns the stored epic",
    args: (t) => ({ epic_id_or_key: t.vars.epic.key }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.key).toBe(t.vars.epic.key);
      expect(r.json.summary).toBe(t.vars.epic.summary);
    },
  },
  {
    tool: "list_all_jira_epic_issues",
    does: "lists the epic's children",
    args: (t) => ({ epic_id_or_key: t.vars.epic.key, limit: 100 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.issues.values()].filter((i) => i.parentId === t.vars.epic.id);
      expect(sorted(r.json.result.map((i: any) => i.key))).toEqual(sorted(expected.map((i) => i.key)));
    },
  },
  {
    tool: "jira_epic_issues_move",
    does: "puts the issue under the epic; the epic's issue list shows it",
    args: (t) => ({ epic_id_or_key: t.vars.epic.key, issues: [t.vars.task] }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.issue(t.vars.task).parentId).toBe(t.vars.epic.id);
      const list = await t.ok("list_all_jira_epic_issues", { epic_id_or_key: t.vars.epic.key, limit: 100 });
      expect(list.result.map((i: any) => i.key)).toContain(t.vars.task);
    },
  },
  {
    tool: "jira_issues_rank",
    does: "ranks the issue first: a search ORDER BY rank returns it first",
    args: async (t) => {
      const first = await t.ok("list_all_jira_search", {
        jql: "project = BACKEND ORDER BY rank ASC",
        limit: 1,
      });
      t.vars.rankedFirst = first.result[0].key;
      expect(t.vars.rankedFirst).not.toBe(t.vars.task);
      return { issues: [t.vars.task], rank_before_issue: t.vars.rankedFirst };
    },
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const after = await t.ok("list_all_jira_search", {
        jql: "project = BACKEND ORDER BY rank ASC",
        limit: 2,
      });
      expect(after.result.map((i: any) => i.key)).toEqual([t.vars.task, t.vars.rankedFirst]);
    },
  },
  {
    tool: "delete_a_jira_sprint_by_id",
    does: "deletes the sprint: reading it again is a 404",
    args: (t) => ({ sprint_id: t.vars.sprint }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.sprints.has(Number(t.vars.sprint))).toBe(false);
      expectNotFound(
        await t.call("get_single_jira_sprint_by_id", { sprint_id: t.vars.sprint }),
        "get_single_jira_sprint_by_id",
      );
    },
  },

  // ------------------------------------------------------------------ Confluence (Cloud only)
  {
    tool: "list_all_confluence_spaces",
    does: "lists the stored spaces",
    only: "cloud",
    args: () => ({}),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(sorted(r.json.result.map((s: any) => s.key))).toEqual(
        sorted([...t.store.spaces.values()].map((s) => s.key)),
      );
      t.vars.space = [...t.store.spaces.values()].find((s) => s.key === "ENG");
    },
  },
  {
    tool: "get_single_confluence_space_by_id",
    does: "returns the stored space",
    only: "cloud",
    args: (t) => ({ id: t.vars.space.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.key).toBe("ENG");
      expect(r.json.name).toBe(t.vars.space.name);
    },
  },
  {
    tool: "list_all_confluence_pages",
    does: "walks a space's pages through cursor pages without duplicates",
    only: "cloud",
    args: (t) => ({ space_id: [t.vars.space.id], limit: 5 }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result).toHaveLength(5);
      expect(typeof r.json.next_cursor).toBe("string");
      const all = await t.walk(
        "list_all_confluence_pages",
        { space_id: [t.vars.space.id], limit: 5 },
        (p) => p.id,
      );
      const expected = [...t.store.pages.values()].filter(
        (p) => p.spaceId === t.vars.space.id && p.status === "current",
      );
      expect(sorted(all.map((p) => p.id))).toEqual(sorted(expected.map((p) => p.id)));
    },
  },
  {
    tool: "create_a_confluence_page",
    does: "creates a page from Markdown under a parent",
    only: "cloud",
    args: (t) => {
      t.vars.pageMarkdown = `# Tour page\n\nThis page proves the **${UNIQUE_WORD}** tools.\n\n- one\n- two`;
      return {
        space_id: t.vars.space.id,
        parent_id: t.vars.space.homepageId,
        title: "MCP tour page",
        body: t.vars.pageMarkdown,
      };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      t.vars.page = r.json.id;
      const stored = t.store.pages.get(r.json.id)!;
      expect(stored.parentId).toBe(t.vars.space.homepageId);
      const current = stored.versions.at(-1)!;
      expect(current.title).toBe("MCP tour page");
      expect(adfHasMark(current.body, UNIQUE_WORD, "strong")).toBe(true);
    },
  },
  {
    tool: "get_single_confluence_page_by_id",
    does: "returns the page body as the Markdown it was written in",
    only: "cloud",
    args: (t) => ({ id: t.vars.page }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.title).toBe("MCP tour page");
      expect(r.json.body.atlas_doc_format).toBe(t.vars.pageMarkdown);
    },
  },
  {
    tool: "list_all_confluence_page_children",
    does: "lists the parent's children, the new page among them",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.space.homepageId, limit: 100 }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.pages.values()].filter(
        (p) => p.parentId === t.vars.space.homepageId && p.status === "current",
      );
      expect(sorted(r.json.result.map((p: any) => p.id))).toEqual(sorted(expected.map((p) => p.id)));
      expect(r.json.result.map((p: any) => p.id)).toContain(t.vars.page);
    },
  },
  {
    tool: "update_a_confluence_page_by_id",
    does: "replaces the body without a version number; the page reads back at version 2",
    only: "cloud",
    args: (t) => ({ id: t.vars.page, body: `Updated **${UNIQUE_WORD}** body`, version_message: "tour edit" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_confluence_page_by_id", { id: t.vars.page });
      expect(read.version.number).toBe(2);
      expect(read.title).toBe("MCP tour page");
      expect(read.body.atlas_doc_format).toBe(`Updated **${UNIQUE_WORD}** body`);
    },
  },
  {
    tool: "list_all_confluence_page_versions",
    does: "lists both versions of the page, newest first",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.page }),
    check: (r) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((v: any) => v.number)).toEqual([2, 1]);
      expect(r.json.result[0].message).toBe("tour edit");
    },
  },
  {
    tool: "list_all_confluence_search",
    does: "finds the new page with CQL",
    only: "cloud",
    args: () => ({ cql: `text ~ "${UNIQUE_WORD}"` }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.result.map((x: any) => x.content.id)).toEqual([t.vars.page]);
    },
  },
  {
    tool: "list_all_confluence_footer_comments",
    does: "lists a page's stored footer comments",
    only: "cloud",
    args: (t) => {
      t.vars.commentedPage = [...t.store.footerComments.values()][0].pageId;
      return { page_id: t.vars.commentedPage };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      // A page's footer-comment list holds its top-level comments; replies hang off their parent.
      const expected = [...t.store.footerComments.values()].filter(
        (c) => c.pageId === t.vars.commentedPage && c.status === "current" && c.parentCommentId === null,
      );
      expect(sorted(r.json.result.map((c: any) => c.id))).toEqual(sorted(expected.map((c) => c.id)));
      t.vars.seededFooter = expected[0];
    },
  },
  {
    tool: "get_single_confluence_footer_comment_by_id",
    does: "returns a stored footer comment as Markdown",
    only: "cloud",
    args: (t) => ({ id: t.vars.seededFooter.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.pageId).toBe(t.vars.commentedPage);
      const firstWords = adfText(t.vars.seededFooter.versions.at(-1).body)
        .trim()
        .split(/\s+/)
        .slice(0, 3)
        .join(" ");
      expect(r.json.body.atlas_doc_format).toContain(firstWords);
    },
  },
  {
    tool: "create_a_confluence_footer_comment",
    does: "comments on the new page in Markdown; the page's comment list shows it",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.page, body: "A **tour** footer comment" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      t.vars.footer = r.json.id;
      expect(adfHasMark(t.store.footerComments.get(r.json.id)!.versions.at(-1)!.body, "tour", "strong")).toBe(
        true,
      );
      const list = await t.ok("list_all_confluence_footer_comments", { page_id: t.vars.page });
      expect(list.result.map((c: any) => c.id)).toEqual([r.json.id]);
      expect(list.result[0].body.atlas_doc_format).toBe("A **tour** footer comment");
    },
  },
  {
    tool: "update_a_confluence_footer_comment_by_id",
    does: "edits the comment without a version number; it reads back at version 2",
    only: "cloud",
    args: (t) => ({ id: t.vars.footer, body: "Edited _tour_ comment" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const read = await t.ok("get_single_confluence_footer_comment_by_id", { id: t.vars.footer });
      expect(read.version.number).toBe(2);
      // Emphasis comes back in the renderer's spelling (`*tour*`); the store says it is emphasis.
      expect(read.body.atlas_doc_format).toMatch(/^Edited [*_]tour[*_] comment$/);
      expect(adfHasMark(t.store.footerComments.get(t.vars.footer)!.versions.at(-1)!.body, "tour", "em")).toBe(
        true,
      );
    },
  },
  {
    tool: "delete_a_confluence_footer_comment_by_id",
    does: "deletes the comment: the page's comment list is empty again",
    only: "cloud",
    args: (t) => ({ id: t.vars.footer }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_confluence_footer_comments", { page_id: t.vars.page });
      expect(list.result).toEqual([]);
      expectNotFound(
        await t.call("get_single_confluence_footer_comment_by_id", { id: t.vars.footer }),
        "get_single_confluence_footer_comment_by_id",
      );
    },
  },
  {
    tool: "list_all_confluence_page_labels",
    does: "lists a page's stored labels",
    only: "cloud",
    args: (t) => {
      t.vars.labelledPage = [...t.store.pages.values()].find((p) => p.labelIds.length > 0)!;
      return { page_id: t.vars.labelledPage.id };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = t.vars.labelledPage.labelIds.map(
        (id: string) => t.store.confluenceLabels.get(id)!.name,
      );
      expect(sorted(r.json.result.map((l: any) => l.name))).toEqual(sorted(expected));
    },
  },
  {
    tool: "create_a_confluence_page_label",
    does: "labels the new page; the page's label list shows it",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.page, labels: ["tour-label"] }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_confluence_page_labels", { page_id: t.vars.page });
      expect(list.result.map((l: any) => l.name)).toEqual(["tour-label"]);
    },
  },
  {
    tool: "delete_a_confluence_page_label_by_id",
    does: "removes the label: the page's label list is empty again",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.page, label: "tour-label" }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_confluence_page_labels", { page_id: t.vars.page });
      expect(list.result).toEqual([]);
    },
  },
  {
    tool: "list_all_confluence_attachments",
    does: "lists a page's stored attachments",
    only: "cloud",
    args: (t) => {
      t.vars.seededConfAttachment = [...t.store.confluenceAttachments.values()][0];
      return { page_id: t.vars.seededConfAttachment.pageId };
    },
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const expected = [...t.store.confluenceAttachments.values()].filter(
        (a) => a.pageId === t.vars.seededConfAttachment.pageId,
      );
      expect(sorted(r.json.result.map((a: any) => a.id))).toEqual(sorted(expected.map((a) => a.id)));
    },
  },
  {
    tool: "get_single_confluence_attachment_by_id",
    does: "returns a stored attachment's metadata",
    only: "cloud",
    args: (t) => ({ id: t.vars.seededConfAttachment.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(r.json.title).toBe(t.vars.seededConfAttachment.title);
      expect(r.json.fileSize).toBe(t.vars.seededConfAttachment.content.length);
    },
  },
  {
    tool: "confluence_attachments_download",
    does: "returns a stored attachment's bytes",
    only: "cloud",
    args: (t) => ({ page_id: t.vars.seededConfAttachment.pageId, id: t.vars.seededConfAttachment.id }),
    check: (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const content: Buffer = t.vars.seededConfAttachment.content;
      expect(r.json.size).toBe(content.length);
      if (r.json.text !== undefined) expect(r.json.text).toBe(content.toString("utf8"));
      else expect(Buffer.from(r.json.base64, "base64").equals(content)).toBe(true);
    },
  },
  {
    tool: "create_a_confluence_attachment",
    does: "uploads base64 content to the new page; the list shows it and download returns the same text",
    only: "cloud",
    args: (t) => ({
      page_id: t.vars.page,
      filename: "tour-notes.txt",
      mime_type: "text/plain",
      comment: "uploaded by the tour",
      content_base64: Buffer.from(ATTACHMENT_TEXT, "utf8").toString("base64"),
    }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      const list = await t.ok("list_all_confluence_attachments", { page_id: t.vars.page });
      const found = list.result.find((a: any) => a.title === "tour-notes.txt");
      expect(found, "uploaded attachment listed").toBeDefined();
      const download = await t.ok("confluence_attachments_download", { page_id: t.vars.page, id: found.id });
      expect(download.text).toBe(ATTACHMENT_TEXT);
    },
  },
  {
    tool: "delete_a_confluence_attachment_by_id",
    does: "deletes an attachment: reading it again is a 404",
    only: "cloud",
    args: (t) => {
      t.vars.doomedAttachment = [...t.store.confluenceAttachments.values()].find(
        (a) => a.pageId !== t.vars.seededConfAttachment.pageId,
      )!;
      return { id: t.vars.doomedAttachment.id };
    },
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expect(t.store.confluenceAttachments.has(t.vars.doomedAttachment.id)).toBe(false);
      expectNotFound(
        await t.call("get_single_confluence_attachment_by_id", { id: t.vars.doomedAttachment.id }),
        "get_single_confluence_attachment_by_id",
      );
    },
  },
  {
    tool: "delete_a_confluence_page_by_id",
    does: "deletes the page: reading it again is a 404 and CQL no longer finds it",
    only: "cloud",
    args: (t) => ({ id: t.vars.page }),
    check: async (r, t) => {
      expect(r.isError, r.text).toBe(false);
      expectNotFound(
        await t.call("get_single_confluence_page_by_id", { id: t.vars.page }),
        "get_single_confluence_page_by_id",
      );
      const search = await t.ok("list_all_confluence_search", { cql: `text ~ "${UNIQUE_WORD}"` });
      expect(search.result).toEqual([]);
    },
  },
];

/** Every tool listed by tools/list, following pages if the server pages them. */
export async function listedToolNames(session: StdioSession): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await session.client.listTools(cursor ? { cursor } : undefined);
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/**
 * Registers the tour for one deployment: a sandbox, a stdio session, one test per entry, and a
 * closing test that every listed tool had an entry and was actually called.
 */
export function registerTour(deployment: Deployment): void {
  const entries = TOUR.filter((e) => !e.only || e.only === deployment);

  describe(`every tool over stdio (${deployment})`, () => {
    let h: SandboxHarness;
    let session: StdioSession;
    let tour: Tour;
    let listed: string[];

    beforeAll(async () => {
      h = await SandboxHarness.start({ deployment });
      session = await startStdio(h);
      tour = new Tour(h, session, deployment);
      listed = await listedToolNames(session);
    });

    afterAll(async () => {
      await session?.close();
      await h?.close();
    });

    it("has a tour entry for every listed tool, and none for an unlisted one", () => {
      const covered = new Set(entries.map((e) => e.tool));
      expect(listed.filter((name) => !covered.has(name))).toEqual([]);
      expect([...covered].filter((name) => !listed.includes(name))).toEqual([]);
    });

    for (const entry of entries) {
      const run = async () => {
        const args = await entry.args(tour);
        const result = await tour.call(entry.tool, args);
        await entry.check(result, tour);
      };
      const name = `${entry.tool}: ${entry.does}`;
      // TOUR_STRICT=1 runs known-bug entries as ordinary tests, to see their failures or check a fix.
      if (entry.knownBug && process.env.TOUR_STRICT !== "1")
        it.fails(`${name} [known bug: ${entry.knownBug}]`, run);
      else it(name, run);
    }

    it("called every listed tool at least once", () => {
      expect(listed.filter((name) => !tour.called.has(name))).toEqual([]);
    });
  });
}
