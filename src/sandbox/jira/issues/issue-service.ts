/**
 * Issue writes as state changes, independent of HTTP: create, edit commit, delete, and the child
 * records (comments, links) a write body may add. Route files turn outcomes into responses.
 */
import type { SandboxContext } from "../../context.js";
import { nextString } from "../../seed/ids.js";
import type { AdfDoc, Comment, Issue, IssueLink, User } from "../../state/model.js";
import { invalidate } from "../serialize/indexes.js";
import { defaultPriority } from "../serialize/priority.js";
import type { ApiVersion } from "../serialize/refs.js";
import { touch } from "./common.js";
import { applyIssueInput, draftOf, type InputOutcome } from "./issue-input.js";

export type WriteFailure = {
  ok: false;
  status: 400 | 403;
  messages: string[];
  errors: Record<string, string>;
};
export type CreateResult = { ok: true; issue: Issue } | WriteFailure;

export const CREATE_FORBIDDEN = "You do not have permission to create issues in this project.";

function failed(outcome: InputOutcome): boolean {
  return outcome.messages.length > 0 || Object.keys(outcome.errors).length > 0;
}

/** The status new issues start in: the first one in the "To Do" category. */
function initialStatusId(ctx: SandboxContext): string {
  for (const s of ctx.store.statuses.values()) {
    if (ctx.store.statusCategories.get(s.categoryId)?.key === "new") return s.id;
  }
  return ctx.store.statuses.keys().next().value ?? "1";
}

/** A rank after every existing one, so new issues land at the bottom of the backlog, as in Jira. */
function nextRank(ctx: SandboxContext): string {
  let max = "";
  for (const i of ctx.store.issues.values()) if (i.rank > max) max = i.rank;
  const m = /^0\|i([0-9a-z]{1,5}):$/.exec(max);
  if (m) {
    const next = (Number.parseInt(m[1] as string, 36) + 4096).toString(36);
    if (next.length <= 5) return `0|i${next.padStart(5, "0")}:`;
  }
  return max === "" ? "0|i00100:" : `${max}0`;
}

/** Validates a create body (`IssueUpdateDetails`) and, when it is valid, stores the new issue. */
export function createIssue(
  ctx: SandboxContext,
  user: User | undefined,
  body: unknown,
  apiVersion: ApiVersion,
): CreateResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      status: 400,
      messages: ["Can not deserialize the request body: expected a JSON object."],
      errors: {},
    };
  }
  const now = ctx.now();
  const callerId = user?.accountId ?? "";
  const draft: Issue = {
    id: "",
    key: "",
    projectId: "",
    issueTypeId: "",
    summary: "",
    description: null,
    statusId: initialStatusId(ctx),
    priorityId: defaultPriority(ctx)?.id ?? "3",
    resolutionId: null,
    assigneeId: null,
    reporterId: callerId,
    creatorId: callerId,
    labels: [],
    componentIds: [],
    fixVersionIds: [],
    parentId: null,
    sprintIds: [],
    created: now,
    updated: now,
    resolutionDate: null,
    dueDate: null,
    watcherIds: callerId ? [callerId] : [],
    rank: "",
    storyPoints: null,
    timeOriginalEstimate: null,
    environment: null,
  };
  const outcome = applyIssueInput(ctx, draft, body as Record<string, unknown>, {
    mode: "create",
    apiVersion,
  });
  if (failed(outcome)) return { ok: false, status: 400, messages: outcome.messages, errors: outcome.errors };
  if (!user || !(user.canEdit || user.siteAdmin)) {
    return { ok: false, status: 403, messages: [CREATE_FORBIDDEN], errors: {} };
  }
  const project = ctx.store.projects.get(draft.projectId);
  if (!project)
    return { ok: false, status: 400, messages: [], errors: { project: "valid project is required" } };
  let num = ctx.store.projectCounters.get(project.key) ?? 1;
  while (ctx.store.issueKeys.has(`${project.key}-${num}`)) num++;
  ctx.store.projectCounters.set(project.key, num + 1);
  draft.id = nextString(ctx.store, "issue");
  draft.key = `${project.key}-${num}`;
  draft.rank = nextRank(ctx);
  // A sub-task follows its parent into the parent's sprint, as Jira Software does.
  const parent = draft.parentId ? ctx.store.issues.get(draft.parentId) : undefined;
  if (parent && ctx.store.issueTypes.get(draft.issueTypeId)?.subtask && draft.sprintIds.length === 0) {
    draft.sprintIds = [...parent.sprintIds];
  }
  ctx.store.addIssue(draft);
  commitChildren(ctx, draft, outcome, callerId);
  return { ok: true, issue: draft };
}

/**
 * Validates an edit or transition body against a draft of `issue`; on success copies the draft
 * back and adds requested comments/links. Returns the outcome so callers can report errors.
 */
export function editIssue(
  ctx: SandboxContext,
  issue: Issue,
  body: Record<string, unknown>,
  options: {
    mode: "edit" | "transition";
    apiVersion: ApiVersion;
    screen?: readonly string[];
    callerId: string;
  },
  beforeCommit?: (draft: Issue) => void,
): InputOutcome {
  const draft = draftOf(issue);
  const outcome = applyIssueInput(ctx, draft, body, options);
  if (failed(outcome)) return outcome;
  beforeCommit?.(draft);
  const parentChanged = draft.parentId !== issue.parentId;
  Object.assign(issue, draft);
  if (parentChanged) invalidate(ctx.store.issues as Map<string, unknown>);
  touch(ctx, issue);
  commitChildren(ctx, issue, outcome, options.callerId);
  return outcome;
}

function commitChildren(ctx: SandboxContext, issue: Issue, outcome: InputOutcome, callerId: string): void {
  for (const c of outcome.comments) addComment(ctx, issue, callerId, c.body, c.visibility);
  for (const l of outcome.links) {
    addLink(
      ctx,
      l.typeId,
      l.draftIsOutward ? l.otherIssueId : issue.id,
      l.draftIsOutward ? issue.id : l.otherIssueId,
    );
  }
}

export function addComment(
  ctx: SandboxContext,
  issue: Issue,
  authorId: string,
  body: AdfDoc,
  visibility: Comment["visibility"],
): Comment {
  const now = ctx.now();
  const comment: Comment = {
    id: nextString(ctx.store, "comment"),
    issueId: issue.id,
    authorId,
    updateAuthorId: authorId,
    body,
    created: now,
    updated: now,
    visibility,
  };
  ctx.store.comments.set(comment.id, comment);
  touch(ctx, issue);
  return comment;
}

/** Stores a link `inward [outward verb] outward` (e.g. inward "blocks" outward). */
export function addLink(
  ctx: SandboxContext,
  typeId: string,
  inwardIssueId: string,
  outwardIssueId: string,
): IssueLink {
  for (const l of ctx.store.links.values()) {
    if (l.typeId === typeId && l.inwardIssueId === inwardIssueId && l.outwardIssueId === outwardIssueId)
      return l;
  }
  const link: IssueLink = { id: nextString(ctx.store, "link"), typeId, inwardIssueId, outwardIssueId };
  ctx.store.links.set(link.id, link);
  for (const id of [inwardIssueId, outwardIssueId]) {
    const i = ctx.store.issues.get(id);
    if (i) touch(ctx, i);
  }
  return link;
}

/** Deletes an issue and (when asked) its sub-tasks; children of an epic simply lose their parent. */
export function deleteIssue(ctx: SandboxContext, issue: Issue): void {
  const store = ctx.store;
  const doomed = [issue.id];
  for (const other of store.issues.values()) {
    if (other.parentId !== issue.id) continue;
    if (store.issueTypes.get(other.issueTypeId)?.subtask) doomed.push(other.id);
    else other.parentId = null;
  }
  for (const id of doomed) store.removeIssue(id);
  invalidate(store.issues as Map<string, unknown>);
}
