/**
 * Validation and application of Jira's issue write bodies (`IssueUpdateDetails`: `fields` and
 * `update`), shared by create, bulk create, edit and transitions. Everything is checked against a
 * draft copy and errors are collected per field, the way Jira reports them all at once; the caller
 * commits the draft only when there are none.
 */
import type { SandboxContext } from "../../context.js";
import { isObject } from "../../http/body.js";
import type { AdfDoc, Issue } from "../../state/model.js";
import { parseDuration } from "../serialize/duration.js";
import { FIELD_BY_ID, SPRINT_FIELD, STORY_POINTS_FIELD } from "../serialize/fields.js";
import type { ApiVersion } from "../serialize/refs.js";
import { adfPlainText, richIn } from "../serialize/rich-text.js";
import { isDataCenter, resolveUserRef } from "./common.js";

export type WriteMode = "create" | "edit" | "transition";

export interface PendingLink {
  typeId: string;
  otherIssueId: string;
  /** True when the draft is the outward end (it "blocks" the other). */
  draftIsOutward: boolean;
}

export interface InputOutcome {
  errors: Record<string, string>;
  messages: string[];
  /** Comments requested through `update.comment[].add`, added after the issue is saved. */
  comments: Array<{ body: AdfDoc; visibility: { type: "group" | "role"; value: string } | null }>;
  links: PendingLink[];
}

export interface InputOptions {
  mode: WriteMode;
  apiVersion: ApiVersion;
  /** Fields a transition's screen allows (transition mode only). */
  screen?: readonly string[];
}

const MAX_SUMMARY = 255;
const MAX_TEXT = 32767;
const MAX_LABEL = 255;

export function cannotBeSet(id: string): string {
  return `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

function richError(apiVersion: ApiVersion): string {
  return apiVersion === 3
    ? "Operation value must be an Atlassian Document"
    : "Operation value must be a string";
}

/** Finds an item by `{id}` or `{name}`, as Jira's field bodies reference things. */
function byIdOrName<T extends { id: string; name: string }>(
  items: Iterable<T>,
  value: unknown,
): T | undefined | "invalid" {
  if (!isObject(value)) return "invalid";
  const id = value.id;
  const name = value.name;
  if (typeof id === "string" || typeof id === "number") {
    for (const it of items) if (it.id === String(id)) return it;
    return undefined;
  }
  if (typeof name === "string") {
    for (const it of items) if (it.name.toLowerCase() === name.toLowerCase()) return it;
    return undefined;
  }
  return "invalid";
}

/** Applies `fields` and `update` to `draft`. The draft must be a copy the caller may throw away. */
export function applyIssueInput(
  ctx: SandboxContext,
  draft: Issue,
  body: Record<string, unknown>,
  options: InputOptions,
): InputOutcome {
  const out: InputOutcome = { errors: {}, messages: [], comments: [], links: [] };
  const { mode } = options;
  const rawFields = body.fields ?? {};
  const rawUpdate = body.update ?? {};
  if (!isObject(rawFields)) {
    out.messages.push("Can not deserialize 'fields': expected a JSON object.");
    return out;
  }
  if (!isObject(rawUpdate)) {
    out.messages.push("Can not deserialize 'update': expected a JSON object.");
    return out;
  }
  const fields = rawFields;
  const update = rawUpdate;

  const allowed = (id: string): boolean => {
    const def = FIELD_BY_ID.get(id);
    if (!def) return false;
    if (mode === "transition") return (options.screen ?? []).includes(id) || id === "comment";
    if (id === "resolution") return false;
    if (id === "project") return mode === "create";
    return def.settable;
  };

  // Project and issue type first: components, versions and parent are validated against them.
  if (mode === "create") {
    resolveProjectAndType(ctx, draft, fields, out);
    if (out.errors.project) return out;
  }

  for (const [id, value] of Object.entries(fields)) {
    if (mode === "create" && (id === "project" || id === "issuetype")) continue;
    if (id in update) {
      out.errors[id] = `Field '${id}' cannot be set in both 'fields' and 'update'.`;
      continue;
    }
    if (!allowed(id) || id === "comment") {
      out.errors[id] = cannotBeSet(id);
      continue;
    }
    setField(ctx, draft, id, value, options, out);
  }

  for (const [id, ops] of Object.entries(update)) {
    if (!allowed(id) && id !== "comment" && id !== "issuelinks") {
      out.errors[id] = cannotBeSet(id);
      continue;
    }
    if (mode === "transition" && id === "issuelinks") {
      out.errors[id] = cannotBeSet(id);
      continue;
    }
    if (!Array.isArray(ops)) {
      out.errors[id] = "Operations must be given as an array.";
      continue;
    }
    if (ops.length > 1000) {
      out.errors[id] = "Too many operations.";
      continue;
    }
    for (const op of ops) {
      if (!isObject(op) || Object.keys(op).length !== 1) {
        out.errors[id] = "Each operation must have exactly one of add, set, remove or edit.";
        break;
      }
      const [verb, value] = Object.entries(op)[0] as [string, unknown];
      applyOperation(ctx, draft, id, verb, value, options, out);
      if (out.errors[id]) break;
    }
  }

  if (mode === "create") checkCreateRequired(ctx, draft, fields, out);
  return out;
}

function resolveProjectAndType(
  ctx: SandboxContext,
  draft: Issue,
  fields: Record<string, unknown>,
  out: InputOutcome,
) {
  const store = ctx.store;
  const pv = fields.project;
  let projectOk = false;
  if (isObject(pv)) {
    const key = pv.key;
    const id = pv.id;
    const project =
      typeof id === "string" || typeof id === "number"
        ? /^\d{1,18}$/.test(String(id))
          ? store.projects.get(String(id))
          : undefined
        : typeof key === "string" && key.length <= 255
          ? store.findProject(key)
          : undefined;
    if (project) {
      draft.projectId = project.id;
      projectOk = true;
    }
  }
  if (!projectOk) {
    out.errors.project = pv === undefined ? "Specify a valid project ID or key" : "valid project is required";
    return;
  }
  const project = store.projects.get(draft.projectId);
  const tv = fields.issuetype;
  if (tv === undefined) {
    out.errors.issuetype = "Specify an issue type";
    return;
  }
  const types = (project?.issueTypeIds ?? [])
    .map((id) => store.issueTypes.get(id))
    .filter((t) => t !== undefined);
  const type = byIdOrName(types, tv);
  if (type === undefined || type === "invalid") {
    out.errors.issuetype = "Specify a valid issue type";
    return;
  }
  draft.issueTypeId = type.id;
}

function checkCreateRequired(
  ctx: SandboxContext,
  draft: Issue,
  fields: Record<string, unknown>,
  out: InputOutcome,
) {
  if (!("summary" in fields) && !out.errors.summary)
    out.errors.summary = "You must specify a summary of the issue.";
  const type = ctx.store.issueTypes.get(draft.issueTypeId);
  if (type?.subtask && draft.parentId === null && !out.errors.parent) {
    out.errors.parent = "Issue type is a sub-task but parent issue key or id not specified.";
  }
}

function setField(
  ctx: SandboxContext,
  draft: Issue,
  id: string,
  value: unknown,
  options: InputOptions,
  out: InputOutcome,
): undefined {
  const store = ctx.store;
  const err = (m: string): undefined => {
    out.errors[id] = m;
  };
  switch (id) {
    case "summary": {
      if (typeof value !== "string" || value.trim() === "")
        return err("You must specify a summary of the issue.");
      if (value.length > MAX_SUMMARY) return err("Summary must be less than 255 characters.");
      if (/[\r\n]/.test(value)) return err("The summary is invalid because it contains newline characters.");
      draft.summary = value;
      return;
    }
    case "description":
    case "environment": {
      const parsed = richIn(value, options.apiVersion);
      if (!parsed.ok) return err(richError(options.apiVersion));
      if (parsed.doc && adfPlainText(parsed.doc).length > MAX_TEXT) {
        return err(`The entered text is too long. It exceeds the allowed limit of ${MAX_TEXT} characters.`);
      }
      if (id === "description") draft.description = parsed.doc;
      else draft.environment = parsed.doc;
      return;
    }
    case "issuetype": {
      const project = store.projects.get(draft.projectId);
      const types = (project?.issueTypeIds ?? [])
        .map((t) => store.issueTypes.get(t))
        .filter((t) => t !== undefined);
      const type = byIdOrName(types, value);
      if (type === undefined || type === "invalid") return err("The issue type selected is invalid.");
      const current = store.issueTypes.get(draft.issueTypeId);
      if (current && current.subtask !== type.subtask) {
        return err("Issue type cannot be changed between a sub-task type and a standard type by editing.");
      }
      draft.issueTypeId = type.id;
      return;
    }
    case "priority": {
      if (value === null) return err("Priority is required.");
      const p = byIdOrName(store.priorities.values(), value);
      if (p === "invalid") return err("Specify the Priority (id or name) in the string format");
      if (p === undefined) return err("The priority selected is invalid.");
      draft.priorityId = p.id;
      return;
    }
    case "resolution": {
      if (value === null) {
        draft.resolutionId = null;
        return;
      }
      const r = byIdOrName(store.resolutions.values(), value);
      if (r === undefined || r === "invalid") return err("The resolution selected is invalid.");
      draft.resolutionId = r.id;
      return;
    }
    case "assignee":
    case "reporter": {
      if (isObject(value) && value.accountId === "-1" && id === "assignee") {
        draft.assigneeId = store.projects.get(draft.projectId)?.leadAccountId ?? null;
        return;
      }
      const user = resolveUserRef(ctx, value);
      if (user === "invalid") {
        return err(
          isDataCenter(ctx)
            ? `expected 'name' property to be a string`
            : "Specify a valid value for accountId",
        );
      }
      if (user === undefined) {
        const who = isObject(value)
          ? String(value.accountId ?? value.name ?? value.key ?? value.id ?? "")
          : "";
        return err(
          isDataCenter(ctx)
            ? `User '${who.slice(0, 100)}' does not exist.`
            : "Specified user does not exist or you do not have required permissions",
        );
      }
      if (user === null) {
        if (id === "reporter") return err("Reporter is required.");
        draft.assigneeId = null;
        return;
      }
      if (!user.active) return err(`User '${user.displayName}' cannot be assigned issues.`);
      if (id === "assignee") draft.assigneeId = user.accountId;
      else draft.reporterId = user.accountId;
      return;
    }
    case "labels": {
      if (value === null) {
        draft.labels = [];
        return;
      }
      if (!Array.isArray(value)) return err("Operation value must be an array of strings");
      const labels: string[] = [];
      for (const l of value) {
        const problem = labelProblem(l);
        if (problem) return err(problem);
        if (!labels.includes(l as string)) labels.push(l as string);
      }
      draft.labels = labels;
      return;
    }
    case "components":
    case "fixVersions": {
      if (value === null) {
        if (id === "components") draft.componentIds = [];
        else draft.fixVersionIds = [];
        return;
      }
      if (!Array.isArray(value)) return err("Operation value must be an array");
      const ids: string[] = [];
      for (const item of value) {
        const found = resolveListItem(ctx, draft, id, item);
        if (typeof found !== "string" || !found.startsWith("#")) return err(found as string);
        const realId = found.slice(1);
        if (!ids.includes(realId)) ids.push(realId);
      }
      if (id === "components") draft.componentIds = ids;
      else draft.fixVersionIds = ids;
      return;
    }
    case "parent": {
      if (value === null) {
        if (store.issueTypes.get(draft.issueTypeId)?.subtask) return err("A sub-task must have a parent.");
        draft.parentId = null;
        return;
      }
      if (!isObject(value)) return err("Could not find issue by id or key.");
      const ref = value.key ?? value.id;
      const parent =
        typeof ref === "string" || typeof ref === "number"
          ? /^[A-Za-z0-9_-]{1,255}$/.test(String(ref))
            ? store.findIssue(String(ref))
            : undefined
          : undefined;
      if (!parent) return err("Could not find issue by id or key.");
      if (parent.id === draft.id) return err("An issue cannot be its own parent.");
      const ownType = store.issueTypes.get(draft.issueTypeId);
      const parentType = store.issueTypes.get(parent.issueTypeId);
      if (!ownType || !parentType) return err("Could not find issue by id or key.");
      if (ownType.subtask) {
        if (parentType.subtask) return err("A sub-task cannot be the parent of another sub-task.");
        if (parent.projectId !== draft.projectId) {
          return err("Sub-tasks must be created in the same project as the parent.");
        }
      } else if (parentType.hierarchyLevel !== ownType.hierarchyLevel + 1) {
        return err(
          `Issue type '${ownType.name}' cannot have a parent of type '${parentType.name}'. Choose an issue of a higher hierarchy level.`,
        );
      }
      draft.parentId = parent.id;
      return;
    }
    case "duedate": {
      if (value === null || value === "") {
        draft.dueDate = null;
        return;
      }
      if (typeof value !== "string" || !isValidDate(value)) {
        return err(
          `Error parsing date string: ${String(typeof value === "string" ? value.slice(0, 50) : value)}`,
        );
      }
      draft.dueDate = value;
      return;
    }
    case "timetracking": {
      if (value === null) {
        draft.timeOriginalEstimate = null;
        return;
      }
      if (!isObject(value)) return err("Operation value must be an object");
      const orig = value.originalEstimate ?? value.originalEstimateSeconds;
      if (orig !== undefined) {
        const seconds =
          typeof orig === "number" && Number.isInteger(orig) && orig >= 0
            ? orig
            : typeof orig === "string"
              ? parseDuration(orig)
              : null;
        if (seconds === null) return err("Original Estimate is invalid.");
        draft.timeOriginalEstimate = seconds;
      }
      return;
    }
    case STORY_POINTS_FIELD: {
      if (value === null) {
        draft.storyPoints = null;
        return;
      }
      if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > 1e12) {
        return err("Operation value must be a number");
      }
      draft.storyPoints = value;
      return;
    }
    case SPRINT_FIELD: {
      const current = draft.sprintIds[draft.sprintIds.length - 1];
      const currentSprint = current === undefined ? undefined : store.sprints.get(current);
      if (value === null) {
        if (currentSprint && currentSprint.state !== "closed") draft.sprintIds = draft.sprintIds.slice(0, -1);
        return;
      }
      if (typeof value !== "number" || !Number.isInteger(value))
        return err("Number value expected as the Sprint id.");
      const sprint = store.sprints.get(value);
      if (!sprint) return err(`Sprint with id ${value} does not exist.`);
      if (sprint.state === "closed") return err("Issue can be assigned only active or future sprints.");
      if (current === value) return;
      const kept =
        currentSprint && currentSprint.state !== "closed" ? draft.sprintIds.slice(0, -1) : draft.sprintIds;
      draft.sprintIds = [...kept, value];
      return;
    }
    default:
      err(cannotBeSet(id));
  }
}

function labelProblem(label: unknown): string | null {
  if (typeof label !== "string") return "Operation value must be a string";
  if (label === "") return "Label cannot be empty.";
  if (/\s/.test(label)) return `The label '${label.slice(0, 100)}' contains spaces which is invalid.`;
  if (label.length > MAX_LABEL) {
    return `The label '${label.slice(0, 40)}...' exceeds the maximum length allowed for labels: ${MAX_LABEL} characters.`;
  }
  return null;
}

/** `#id` for a found component/version, else an error message. */
function resolveListItem(ctx: SandboxContext, draft: Issue, field: string, item: unknown): string {
  const store = ctx.store;
  const pool: Array<{ id: string; name: string }> =
    field === "components"
      ? [...store.components.values()].filter((c) => c.projectId === draft.projectId)
      : [...store.versions.values()].filter((v) => v.projectId === draft.projectId);
  const what = field === "components" ? "Component" : "Version";
  const found = byIdOrName(pool, item);
  if (found === "invalid") return `${what} reference must be an object with an id or a name.`;
  if (found === undefined) {
    const o = item as Record<string, unknown>;
    if (o.id !== undefined) return `${what} with id '${String(o.id).slice(0, 50)}' does not exist.`;
    return `${what} name '${String(o.name).slice(0, 100)}' is not valid`;
  }
  return `#${found.id}`;
}

function applyOperation(
  ctx: SandboxContext,
  draft: Issue,
  id: string,
  verb: string,
  value: unknown,
  options: InputOptions,
  out: InputOutcome,
): undefined {
  const err = (m: string): undefined => {
    out.errors[id] = m;
  };
  if (id === "comment") {
    if (verb !== "add") return err(`Operation '${verb}' is not supported for field 'comment' here.`);
    if (!isObject(value)) return err("Comment body is required.");
    const parsed = richIn(value.body ?? null, options.apiVersion);
    if (!parsed.ok) return err(richError(options.apiVersion));
    if (!parsed.doc || (adfPlainText(parsed.doc) === "" && parsed.doc.content.length === 0)) {
      return err("Comment body can not be empty!");
    }
    out.comments.push({ body: parsed.doc, visibility: null });
    return;
  }
  if (id === "issuelinks") {
    if (verb !== "add") return err(`Operation '${verb}' is not supported for field 'issuelinks'.`);
    if (!isObject(value) || !isObject(value.type)) return err("Issue link type is required.");
    const type = byIdOrName(ctx.store.linkTypes.values(), value.type);
    if (type === undefined || type === "invalid") return err("No issue link type with name or id found.");
    const otherRef = isObject(value.outwardIssue)
      ? value.outwardIssue
      : isObject(value.inwardIssue)
        ? value.inwardIssue
        : null;
    const ref = otherRef ? (otherRef.key ?? otherRef.id) : undefined;
    const other =
      typeof ref === "string" && /^[A-Za-z0-9_-]{1,255}$/.test(ref) ? ctx.store.findIssue(ref) : undefined;
    if (!other) return err("Could not find issue by id or key.");
    out.links.push({ typeId: type.id, otherIssueId: other.id, draftIsOutward: isObject(value.inwardIssue) });
    return;
  }
  const list = id === "labels" || id === "components" || id === "fixVersions";
  if (verb === "set") return setField(ctx, draft, id, value, options, out);
  if (!list || (verb !== "add" && verb !== "remove")) {
    return err(`Operation '${String(verb).slice(0, 40)}' is not supported for field '${id}'.`);
  }
  if (id === "labels") {
    const problem = labelProblem(value);
    if (problem) return err(problem);
    const label = value as string;
    if (verb === "add") {
      if (!draft.labels.includes(label)) draft.labels = [...draft.labels, label];
    } else draft.labels = draft.labels.filter((l) => l !== label);
    return;
  }
  const found = resolveListItem(ctx, draft, id, value);
  if (!found.startsWith("#")) {
    // Removing something that does not exist is harmless in Jira only when the reference is well formed.
    return err(found);
  }
  const realId = found.slice(1);
  const key = id === "components" ? "componentIds" : "fixVersionIds";
  const current = draft[key];
  draft[key] =
    verb === "add"
      ? current.includes(realId)
        ? current
        : [...current, realId]
      : current.filter((x) => x !== realId);
}

function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** A detached copy of an issue, safe to mutate while validating. */
export function draftOf(issue: Issue): Issue {
  return {
    ...issue,
    labels: [...issue.labels],
    componentIds: [...issue.componentIds],
    fixVersionIds: [...issue.fixVersionIds],
    sprintIds: [...issue.sprintIds],
    watcherIds: [...issue.watcherIds],
  };
}
