import { compact, isAdfDoc } from "./compact.js";
import { adfToMarkdown, wikiToMarkdown } from "./markdown.js";

type Obj = Record<string, any>;

/**
 * A model reads issues far more than it writes them; Jira's IssueBean nests every value in
 * objects full of ids and links. These shapers flatten the fields a model reasons about (names
 * instead of objects) and keep ids only where the model needs one to act (account ids, keys).
 */
export function shapeIssue(issue: Obj, deployment: "cloud" | "datacenter"): Obj {
  const f: Obj = issue.fields ?? {};
  const out: Obj = { key: issue.key, id: issue.id };
  for (const [name, value] of Object.entries(f)) {
    const shaped = shapeField(name, value, deployment);
    if (shaped !== undefined) out[FIELD_NAMES[name] ?? name] = shaped;
  }
  for (const extra of ["transitions", "names", "renderedFields", "changelog"]) {
    if (issue[extra] !== undefined) out[extra] = compact(issue[extra]);
  }
  return out;
}

/** Search results: one line's worth per issue. */
export function shapeIssueSummary(issue: Obj, deployment: "cloud" | "datacenter"): Obj {
  const shaped = shapeIssue(issue, deployment);
  delete shaped.id;
  if (shaped.assignee && typeof shaped.assignee === "object") shaped.assignee = shaped.assignee.name;
  return shaped;
}

const FIELD_NAMES: Record<string, string> = {
  issuetype: "type",
  fixVersions: "fix_versions",
  duedate: "due",
  resolutiondate: "resolved",
  issuelinks: "links",
  attachment: "attachments",
  customfield_10020: "sprint",
  customfield_10016: "story_points",
  timetracking: "time_tracking",
};

function name(v: any): any {
  if (v === null || v === undefined) return v;
  if (typeof v !== "object") return v;
  return v.name ?? v.value ?? v.displayName ?? v.key ?? v.id;
}

function user(v: any): any {
  if (!v || typeof v !== "object") return v ?? null;
  return { name: v.displayName, id: v.accountId ?? v.name };
}

function date(v: any): any {
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 16).replace("T", " ") : v;
}

function text(v: any): any {
  if (v === null || v === undefined) return v;
  if (isAdfDoc(v)) return adfToMarkdown(v);
  // Strings are wiki markup: always on Data Center, and on Cloud from the Agile API (v2-style fields).
  if (typeof v === "string") return wikiToMarkdown(v);
  return v;
}

function shapeField(field: string, v: any, _deployment: "cloud" | "datacenter"): any {
  switch (field) {
    case "status":
      return v ? v.name : v;
    case "priority":
    case "issuetype":
    case "resolution":
      return name(v);
    case "assignee":
    case "reporter":
    case "creator":
      return user(v);
    case "project":
      return v ? v.key : v;
    case "components":
    case "fixVersions":
    case "versions":
      return Array.isArray(v) ? v.map(name) : v;
    case "parent":
      return v ? { key: v.key, summary: v.fields?.summary } : v;
    case "subtasks":
      return Array.isArray(v)
        ? v.map((s: Obj) => ({ key: s.key, summary: s.fields?.summary, status: s.fields?.status?.name }))
        : v;
    case "issuelinks":
      return Array.isArray(v)
        ? v.map((l: Obj) => {
            const other = l.outwardIssue ?? l.inwardIssue;
            const relation = l.outwardIssue ? l.type?.outward : l.type?.inward;
            return { id: l.id, relation, key: other?.key, summary: other?.fields?.summary };
          })
        : v;
    case "attachment":
      return Array.isArray(v)
        ? v.map((a: Obj) => ({ id: a.id, filename: a.filename, size: a.size, mime_type: a.mimeType }))
        : v;
    case "comment":
      if (!v || !Array.isArray(v.comments)) return v;
      return {
        total: v.total,
        comments: v.comments.map((c: Obj) => ({
          id: c.id,
          author: c.author?.displayName,
          created: date(c.created),
          body: text(c.body),
        })),
      };
    case "worklog":
      return v && typeof v.total === "number" ? { total: v.total } : compact(v);
    case "watches":
      return v ? v.watchCount : v;
    case "votes":
      return undefined;
    case "customfield_10020":
      return Array.isArray(v) ? v.map((s: Obj) => ({ id: s.id, name: s.name, state: s.state })) : v;
    case "description":
    case "environment":
      return text(v);
    case "created":
    case "updated":
    case "resolutiondate":
    case "lastViewed":
    case "statuscategorychangedate":
      return date(v);
    default:
      if (v === null || (Array.isArray(v) && v.length === 0)) return undefined;
      return compact(v);
  }
}
