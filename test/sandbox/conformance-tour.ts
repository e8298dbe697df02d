/**
 * The "tour" behind the sandbox's aggregate OpenAPI conformance test: it enumerates the routes the sandbox
 * app registered, fills their path parameters from the live seed, and exercises each one with realistic
 * requests (reads, writes with valid bodies, and a few error cases per area). It is data-driven on purpose:
 * route modules are still growing, and a new route should need nothing but an entry in `TOUR`.
 */
import type { Store } from "../../src/sandbox/state/store.js";
import type { As, SandboxHarness, SandboxResponse } from "../support/sandbox-harness.js";

type Promisable<T> = T | Promise<T>;
type Query = Record<string, string>;

export interface RouteRef {
  method: string;
  /** Hono pattern, e.g. `/rest/api/3/issue/:issueIdOrKey`. */
  path: string;
}

/** Sandbox-only machinery and OAuth endpoints: not part of any Atlassian REST API, so never toured. */
const NOT_API = [/^\/__sandbox(\/|$)/, /^\/ex\//, /^\/oauth\//, /^\/authorize$/, /^\/me$/];

/**
 * The API routes the app serves, once each, in registration order. `ALL` entries are middleware (auth,
 * webhook app checks), and `/ex/{product}/{cloudId}/...` are the same handlers mounted a second time.
 */
export function implementedRoutes(app: {
  routes: ReadonlyArray<{ method: string; path: string }>;
}): RouteRef[] {
  const seen = new Set<string>();
  const out: RouteRef[] = [];
  for (const r of app.routes) {
    if (r.method === "ALL" || NOT_API.some((re) => re.test(r.path))) continue;
    const key = routeKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

export function routeKey(r: RouteRef): string {
  return `${r.method} ${r.path}`;
}

/** Names of the `:params` of a Hono pattern (a `{regex}` suffix is not part of the name). */
export function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g)].map((m) => m[1]);
}

/** Substitutes every `:param` of a pattern (values are percent-encoded). */
export function fillPath(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

/**
 * A concrete path for matching a route to its spec operation. Numeric samples fit every Atlassian path
 * parameter type (ids, keys, names), and literal segments such as `none` stay literal.
 */
export function samplePath(pattern: string): string {
  return pattern.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "10001");
}

/** Jira platform v2 and v3 are the same operations; tour entries are written once, for v3. */
function v3Key(r: RouteRef): string {
  return `${r.method} ${r.path.replace(/^\/rest\/api\/2\//, "/rest/api/3/")}`;
}

// ---------------------------------------------------------------------------------------------- seed refs

/** Seed objects the tour reads and writes: chosen from the live store so the tour follows seed changes. */
export interface SeedRefs {
  adminId: string;
  viewerId: string;
  /** An active editor other than the admin (assignee, watcher). */
  otherUserId: string;
  groupName: string;
  groupId: string;
  projectId: string;
  projectKey: string;
  /** A standard-level issue of that project with comments, worklogs and watchers, in the active sprint. */
  issueKey: string;
  /** Another standard issue of the same project (rank, link targets). */
  otherIssueKey: string;
  commentId: string;
  worklogId: string;
  attachmentId: string;
  imageAttachmentId: string;
  linkId: string;
  versionId: string;
  roleId: string;
  storyTypeId: string;
  taskTypeName: string;
  epicKey: string;
  epicId: string;
  boardId: string;
  activeSprintId: string;
  planId: string;
  appRoleKey: string;
  spaceId: string;
  spaceKey: string;
  /** A current page with attachments, footer comments and labels. */
  pageId: string;
  pageLabel: string;
  footerCommentId: string;
  confAttachmentId: string;
  confAttachmentTitle: string;
}

function best<T>(items: Iterable<T>, score: (item: T) => number, what: string): T {
  let top: T | undefined;
  let topScore = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const s = score(item);
    if (s > topScore) {
      top = item;
      topScore = s;
    }
  }
  if (top === undefined) throw new Error(`the seed has no ${what}`);
  return top;
}

export function seedRefs(store: Store): SeedRefs {
  const users = [...store.users.values()];
  const admin = best(users, (u) => (u.siteAdmin && u.canEdit ? 1 : 0), "admin");
  const viewer = best(users, (u) => (!u.canEdit && !u.siteAdmin && u.active ? 1 : 0), "viewer");
  const other = best(
    users,
    (u) => (u.active && u.canEdit && u.accountType === "atlassian" && u !== admin ? 1 : 0),
    "second editor",
  );
  const group = best(
    store.groups.values(),
    (g) => users.filter((u) => u.groups.includes(g.name)).length,
    "group",
  );

  const level = (typeId: string) => store.issueTypes.get(typeId)?.hierarchyLevel ?? 99;
  const countBy = <T>(items: Iterable<T>, key: (item: T) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const comments = countBy(store.comments.values(), (c) => c.issueId);
  const worklogs = countBy(store.worklogs.values(), (w) => w.issueId);
  const hasChildren = new Set([...store.issues.values()].map((i) => i.parentId).filter((p) => p !== null));
  const issue = best(
    store.issues.values(),
    (i) => {
      if (level(i.issueTypeId) !== 0 || hasChildren.has(i.id)) return -1;
      const sprint = store.currentSprint(i);
      const board = [...store.boards.values()].find((b) => b.projectId === i.projectId && b.type === "scrum");
      return (
        (comments.has(i.id) ? 4 : 0) +
        (worklogs.has(i.id) ? 4 : 0) +
        (i.watcherIds.length > 0 ? 2 : 0) +
        (sprint?.state === "active" ? 8 : 0) +
        (board ? 16 : 0) +
        (i.parentId ? 1 : 0)
      );
    },
    "standard issue",
  );
  const project = store.projects.get(issue.projectId)!;
  const other2 = best(
    store.issues.values(),
    (i) => (i.projectId === project.id && i.id !== issue.id && level(i.issueTypeId) === 0 ? 1 : 0),
    "second issue",
  );
  const comment = [...store.comments.values()].find((c) => c.issueId === issue.id);
  const worklog = [...store.worklogs.values()].find((w) => w.issueId === issue.id);
  const attachment = best(store.attachments.values(), () => 1, "attachment");
  const image = best(store.attachments.values(), (a) => (a.mimeType.startsWith("image/") ? 1 : 0), "image");
  const link = best(store.links.values(), () => 1, "issue link");
  const version = best(store.versions.values(), (v) => (v.projectId === project.id ? 1 : 0), "version");
  const role = best(store.projectRoles.values(), () => 1, "project role");
  const types = project.issueTypeIds.map((id) => store.issueTypes.get(id)!);
  const story = best(types, (t) => (t.name === "Story" ? 2 : t.hierarchyLevel === 0 ? 1 : 0), "story type");
  const task = best(types, (t) => (t.name === "Task" ? 2 : t.hierarchyLevel === 0 ? 1 : 0), "task type");
  const epic = best(
    store.issues.values(),
    (i) =>
      level(i.issueTypeId) === 1
        ? (i.projectId === project.id ? 2 : 1) + (hasChildren.has(i.id) ? 1 : 0)
        : -1,
    "epic",
  );
  const board = best(
    store.boards.values(),
    (b) => (b.projectId === project.id ? 2 : 0) + (b.type === "scrum" ? 1 : 0),
    "board",
  );
  const sprint = best(
    store.sprints.values(),
    (s) => (s.boardId === board.id ? 2 : 0) + (s.state === "active" ? 1 : 0),
    "sprint",
  );
  const plan = best(store.plans.values(), () => 1, "plan");
  const appRole = best(
    store.applicationRoles.values(),
    (r) => (r.key === "jira-software" ? 1 : 0),
    "app role",
  );

  const confAtts = countBy(store.confluenceAttachments.values(), (a) => a.pageId);
  const footers = countBy(
    [...store.footerComments.values()].filter((c) => c.status === "current"),
    (c) => c.pageId,
  );
  const page = best(
    store.pages.values(),
    (p) =>
      p.status !== "current"
        ? -1
        : (confAtts.has(p.id) ? 8 : 0) +
          (footers.has(p.id) ? 4 : 0) +
          (p.labelIds.length > 0 ? 2 : 0) +
          (p.parentId ? 1 : 0),
    "page",
  );
  const space = store.spaces.get(page.spaceId)!;
  const label = page.labelIds.map((id) => store.confluenceLabels.get(id)).find((l) => l !== undefined);
  const footer = best(
    store.footerComments.values(),
    (c) =>
      c.status !== "current"
        ? -1
        : (c.pageId === page.id ? 4 : 0) +
          (c.parentCommentId === null ? 2 : 0) +
          ([...store.footerComments.values()].some((x) => x.parentCommentId === c.id) ? 1 : 0),
    "footer comment",
  );
  const confAtt = best(
    store.confluenceAttachments.values(),
    (a) => (a.pageId === page.id ? 1 : 0),
    "attachment",
  );

  return {
    adminId: admin.accountId,
    viewerId: viewer.accountId,
    otherUserId: other.accountId,
    groupName: group.name,
    groupId: group.groupId,
    projectId: project.id,
    projectKey: project.key,
    issueKey: issue.key,
    otherIssueKey: other2.key,
    commentId: comment?.id ?? "10000",
    worklogId: worklog?.id ?? "10000",
    attachmentId: attachment.id,
    imageAttachmentId: image.id,
    linkId: link.id,
    versionId: version.id,
    roleId: String(role.id),
    storyTypeId: story.id,
    taskTypeName: task.name,
    epicKey: epic.key,
    epicId: epic.id,
    boardId: String(board.id),
    activeSprintId: String(sprint.id),
    planId: String(plan.id),
    appRoleKey: appRole.key,
    spaceId: space.id,
    spaceKey: space.key,
    pageId: page.id,
    pageLabel: label?.name ?? "none",
    footerCommentId: footer.id,
    confAttachmentId: confAtt.id,
    confAttachmentTitle: confAtt.title,
  };
}

/**
 * The seed value for one path parameter, by name and, for the ambiguous `id`, by the path before it.
 * Throws for a parameter nobody taught the tour, so a new route is reported rather than guessed.
 */
export function resolveParam(pattern: string, name: string, refs: SeedRefs): string {
  const at = pattern.indexOf(`:${name}`);
  const before = pattern.slice(0, at);
  switch (name) {
    case "issueIdOrKey":
      return refs.issueKey;
    case "projectIdOrKey":
      return refs.projectKey;
    case "issueTypeId":
      return refs.storyTypeId;
    case "boardId":
      return refs.boardId;
    case "sprintId":
      return refs.activeSprintId;
    case "epicIdOrKey":
      return refs.epicKey;
    case "epicId":
      return refs.epicId;
    case "linkId":
      return refs.linkId;
    case "planId":
      return refs.planId;
    case "key":
    case "applicationKey":
      if (/\/applicationrole\/$|\/product\/$/.test(before)) return refs.appRoleKey;
      break;
    case "versionNumber":
      return "1";
    case "attachmentId":
      return refs.confAttachmentId;
    case "label":
      return refs.pageLabel;
    case "pageId":
      return refs.pageId;
    case "filename":
      return refs.confAttachmentTitle;
    case "id": {
      const rules: Array<[RegExp, string]> = [
        [/\/issue\/:issueIdOrKey\/comment\/$/, refs.commentId],
        [/\/issue\/:issueIdOrKey\/worklog\/$/, refs.worklogId],
        [/\/attachment\/thumbnail\/$/, refs.imageAttachmentId],
        [/\/rest\/api\/\d\/attachment\/(content\/)?$/, refs.attachmentId],
        [/\/rest\/api\/\d\/version\/$/, refs.versionId],
        [/\/rest\/api\/\d\/(project\/:projectIdOrKey\/)?role\/$/, refs.roleId],
        [/\/wiki\/api\/v2\/pages\/$/, refs.pageId],
        [/\/wiki\/api\/v2\/spaces\/$/, refs.spaceId],
        [/\/wiki\/api\/v2\/footer-comments\/$/, refs.footerCommentId],
        [/\/wiki\/api\/v2\/attachments\/$/, refs.confAttachmentId],
        [/\/wiki\/rest\/api\/content\/$/, refs.pageId],
      ];
      for (const [re, value] of rules) if (re.test(before)) return value;
      break;
    }
  }
  throw new Error(`the tour has no seed value for :${name} in ${pattern}; teach resolveParam()`);
}

// ---------------------------------------------------------------------------------------------- the tour

export interface Exchange {
  route: RouteRef | null;
  method: string;
  /** Path and query as sent (site form). */
  url: string;
  status: number;
  body: unknown;
  contentType: string | undefined;
  /** Statuses the tour expected; empty for setup calls, which must merely succeed. */
  expected: number[];
  note: string;
}

export interface TourContext {
  refs: SeedRefs;
  /** The live store: read it for current state (versions, ids of objects the API created). */
  store: Store;
  dc: boolean;
  /** Jira REST version of the route being toured (3 unless it is a `/rest/api/2` route). */
  v: 2 | 3;
  /** Base path of the deployment's main Jira platform API (`/rest/api/3` on Cloud, `/rest/api/2` on DC). */
  jira: string;
  /** Rich text as the toured API version takes it: ADF for v3, wiki markup for v2. */
  rich(text: string): unknown;
  /** A user reference in a body: `{accountId}` on Cloud, `{name}` on Data Center. */
  user(accountId: string): Record<string, string>;
  /** A user named in a query string: `accountId` on Cloud, `username` on Data Center. */
  userQuery(accountId: string): Record<string, string>;
  fresh: Fresh;
}

export interface TourCall {
  note?: string;
  only?: "cloud" | "datacenter";
  /** Path parameter overrides, e.g. a freshly created object for a delete. */
  params?: (t: TourContext) => Promisable<Record<string, string>>;
  /** Query parameters; a function also sees the resolved path parameters (and extra `params` overrides). */
  query?:
    | Record<string, string>
    | ((t: TourContext, params: Record<string, string>) => Record<string, string>);
  /** JSON value, a pre-serialized string, or FormData; built once the path parameters are known. */
  body?: (t: TourContext, params: Record<string, string>) => Promisable<unknown>;
  headers?: Record<string, string>;
  as?: As | ((t: TourContext) => As);
  /**
   * Call as the demo OAuth app: Bearer token through the `api.atlassian.com` form (`/ex/{product}/{cloudId}`),
   * the only form that takes OAuth tokens. Skipped on Data Center, which has no OAuth 2.0 (3LO).
   */
  oauth?: boolean;
  /** Expected status(es). Defaults to 200 for GET; required for writes. */
  expect?: number | number[];
}

const adf = (text: string) => ({
  type: "doc",
  version: 1,
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

/** A storage-format body as Confluence v2 writes take it. */
const storage = (html: string) => ({ representation: "storage", value: html });

function upload(name: string, type: string, content: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append("file", new Blob([content], { type }), name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

/** A 1x1 PNG, so thumbnails and media types are real. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let uniq = 0;
/** Unique suffixes for names that must not collide (page titles, space keys, labels). */
function next(): number {
  uniq += 1;
  return uniq;
}

const JQL_PROJECT = (t: TourContext) => `project = ${t.refs.projectKey} ORDER BY created DESC`;

/**
 * Sample requests per route, keyed by `${method} ${HonoPattern}` (Jira platform routes by their v3 form;
 * the same entry serves `/rest/api/2` with v2 bodies). A GET without an entry is toured once with seed
 * parameters and no query. Writes need an entry: the tour never guesses a body.
 */
export const TOUR: Record<string, TourCall[]> = {
  // ------------------------------------------------------------------ Jira platform: directory
  "GET /rest/api/3/user": [
    { query: (t) => t.userQuery(t.refs.otherUserId) },
    {
      note: "unknown user",
      query: (t): Query => (t.dc ? { username: "nobody.here" } : { accountId: "000000:nobody" }),
      expect: 404,
    },
  ],
  "GET /rest/api/3/user/search": [
    { query: (t): Query => (t.dc ? { username: "a" } : { query: "a" }) },
    { note: "no query", expect: 400 },
  ],
  "GET /rest/api/3/user/assignable/search": [
    { query: (t) => ({ project: t.refs.projectKey }) },
    { query: (t) => ({ issueKey: t.refs.issueKey, maxResults: "5" }) },
  ],
  "GET /rest/api/3/user/groups": [{ query: (t) => t.userQuery(t.refs.otherUserId) }],
  "GET /rest/api/3/group/bulk": [{}, { query: (t) => ({ groupName: t.refs.groupName }) }],
  "GET /rest/api/3/group/member": [
    { query: (t) => ({ groupname: t.refs.groupName }) },
    {
      query: (t): Query =>
        t.dc ? { groupname: t.refs.groupName } : { groupId: t.refs.groupId, maxResults: "2" },
    },
    { note: "unknown group", query: { groupname: "no-such-group" }, expect: 404 },
  ],
  "GET /rest/api/3/groups/picker": [{ query: { query: "jira" } }],
  "GET /rest/api/3/project/search": [{}, { query: { query: "o", maxResults: "2", orderBy: "name" } }],
  "GET /rest/api/3/project/:projectIdOrKey": [
    {},
    { query: { expand: "description,lead,issueTypes" } },
    { note: "unknown project", params: () => ({ projectIdOrKey: "NOPE" }), expect: 404 },
  ],
  "GET /rest/api/3/version/:id": [
    {},
    { note: "unknown version", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "GET /rest/api/3/issuetype/project": [{ query: (t) => ({ projectId: t.refs.projectId }) }],
  "GET /rest/api/3/auditing/record": [{}, { query: { limit: "5", filter: "project" } }],
  "GET /rest/api/3/plans/plan/:planId": [
    {},
    { note: "unknown plan", params: () => ({ planId: "999999" }), expect: 404 },
  ],
  "GET /rest/api/3/webhook": [{ oauth: true }, { note: "basic auth is not an app", expect: 403 }],
  "GET /rest/api/3/webhook/failed": [{ oauth: true }],
  "POST /rest/api/3/webhook": [
    {
      oauth: true,
      body: (t) => ({
        url: "https://example.com/hooks/jira",
        webhooks: [
          {
            events: ["jira:issue_created", "jira:issue_updated"],
            jqlFilter: `project = ${t.refs.projectKey}`,
          },
          { events: ["comment_created"], jqlFilter: `project = ${t.refs.projectKey}`, fieldIdsFilter: [] },
        ],
      }),
      expect: 200,
    },
    { note: "empty url", oauth: true, body: () => ({ url: "", webhooks: [] }), expect: 400 },
  ],
  "PUT /rest/api/3/webhook/refresh": [
    {
      oauth: true,
      body: async (t) => ({ webhookIds: [await t.fresh.webhook()] }),
      expect: 200,
    },
  ],
  "DELETE /rest/api/3/webhook": [
    {
      oauth: true,
      body: async (t) => ({ webhookIds: [await t.fresh.webhook()] }),
      expect: 202,
    },
  ],

  // ------------------------------------------------------------------ Jira platform: issues
  "POST /rest/api/3/issue": [
    {
      body: (t) => ({
        fields: {
          project: { key: t.refs.projectKey },
          issuetype: { name: t.refs.taskTypeName },
          summary: "Conformance tour: create an issue",
          description: t.rich("Created by the *conformance* tour."),
          labels: ["conformance"],
          assignee: t.user(t.refs.otherUserId),
          priority: { name: "High" },
          duedate: "2026-12-01",
        },
      }),
      expect: 201,
    },
    {
      note: "missing summary",
      body: (t) => ({
        fields: { project: { key: t.refs.projectKey }, issuetype: { name: t.refs.taskTypeName } },
      }),
      expect: 400,
    },
    {
      note: "viewer cannot create",
      as: "viewer",
      body: (t) => ({
        fields: {
          project: { key: t.refs.projectKey },
          issuetype: { name: t.refs.taskTypeName },
          summary: "x",
        },
      }),
      expect: [400, 403],
    },
  ],
  "POST /rest/api/3/issue/bulk": [
    {
      body: (t) => ({
        issueUpdates: [1, 2].map((n) => ({
          fields: {
            project: { key: t.refs.projectKey },
            issuetype: { name: t.refs.taskTypeName },
            summary: `Conformance tour: bulk ${n}`,
          },
        })),
      }),
      expect: 201,
    },
    { note: "empty list", body: () => ({ issueUpdates: [] }), expect: 400 },
  ],
  "POST /rest/api/3/issue/bulkfetch": [
    {
      body: (t) => ({
        issueIdsOrKeys: [t.refs.issueKey, t.refs.otherIssueKey],
        fields: ["summary", "status", "assignee"],
      }),
      expect: 200,
    },
    { note: "no ids", body: () => ({ issueIdsOrKeys: [] }), expect: 400 },
  ],
  "GET /rest/api/3/issue/createmeta/:projectIdOrKey/issuetypes/:issueTypeId": [
    {},
    { note: "unknown issue type", params: () => ({ issueTypeId: "99999" }), expect: 400 },
  ],
  "GET /rest/api/3/issue/:issueIdOrKey": [
    {},
    { query: { fields: "summary,status,assignee,description,comment,parent,labels" } },
    { query: { expand: "renderedFields,names,schema,transitions,editmeta,changelog" } },
    { note: "unknown issue", params: () => ({ issueIdOrKey: "NOPE-999999" }), expect: 404 },
    { note: "anonymous", as: "anonymous", expect: [401, 404] },
    { note: "OAuth app via the gateway", oauth: true, query: { fields: "summary,status" } },
  ],
  "PUT /rest/api/3/issue/:issueIdOrKey": [
    {
      params: async (t) => ({ issueIdOrKey: await t.fresh.issue() }),
      body: (t) => ({
        fields: { summary: "Conformance tour: edited", description: t.rich("Edited by the tour.") },
        update: { labels: [{ add: "tour-edited" }] },
      }),
      expect: 204,
    },
    {
      params: async (t) => ({ issueIdOrKey: await t.fresh.issue() }),
      query: { returnIssue: "true" },
      body: (t) => ({ fields: { assignee: t.user(t.refs.otherUserId) } }),
      expect: 200,
    },
    { note: "field not on screen", body: () => ({ fields: { nosuchfield: "x" } }), expect: 400 },
    { note: "viewer cannot edit", as: "viewer", body: () => ({ fields: { summary: "x" } }), expect: 403 },
  ],
  "DELETE /rest/api/3/issue/:issueIdOrKey": [
    { params: async (t) => ({ issueIdOrKey: await t.fresh.issue() }), expect: 204 },
    {
      note: "viewer cannot delete",
      as: "viewer",
      params: async (t) => ({ issueIdOrKey: await t.fresh.issue() }),
      expect: 403,
    },
  ],
  "GET /rest/api/3/search/jql": [
    { query: (t) => ({ jql: JQL_PROJECT(t), fields: "summary,status,assignee", maxResults: "5" }) },
    { query: (t) => ({ jql: `key = ${t.refs.issueKey}`, fields: "*all" }) },
    {
      note: "OAuth app via the gateway",
      oauth: true,
      query: (t) => ({ jql: JQL_PROJECT(t), maxResults: "2" }),
    },
    { note: "bad JQL", query: { jql: "project = = x" }, expect: 400 },
  ],
  "POST /rest/api/3/search/jql": [
    { body: (t) => ({ jql: JQL_PROJECT(t), fields: ["summary", "status"], maxResults: 3 }), expect: 200 },
  ],
  "POST /rest/api/3/search/approximate-count": [
    { body: (t) => ({ jql: `project = ${t.refs.projectKey}` }), expect: 200 },
  ],
  "GET /rest/api/3/search": [
    {
      only: "cloud",
      note: "removed from Cloud (CHANGE-2046)",
      query: (t) => ({ jql: JQL_PROJECT(t) }),
      expect: 410,
    },
    { only: "datacenter", query: (t) => ({ jql: JQL_PROJECT(t), maxResults: "5", fields: "summary" }) },
  ],
  "POST /rest/api/3/search": [
    {
      only: "cloud",
      note: "removed from Cloud (CHANGE-2046)",
      body: (t) => ({ jql: JQL_PROJECT(t) }),
      expect: 410,
    },
    {
      only: "datacenter",
      body: (t) => ({ jql: JQL_PROJECT(t), maxResults: 5, fields: ["summary"] }),
      expect: 200,
    },
  ],
  "GET /rest/api/3/issue/:issueIdOrKey/transitions": [{}, { query: { expand: "transitions.fields" } }],
  "POST /rest/api/3/issue/:issueIdOrKey/transitions": [
    {
      params: async (t) => ({ issueIdOrKey: await t.fresh.issue() }),
      body: async (t, p) => ({ transition: { id: await t.fresh.transitionId(p.issueIdOrKey) } }),
      expect: 204,
    },
    { note: "unknown transition", body: () => ({ transition: { id: "99999" } }), expect: 400 },
  ],
  "GET /rest/api/3/issue/:issueIdOrKey/comment": [
    {},
    { query: { orderBy: "-created", expand: "renderedBody" } },
  ],
  "POST /rest/api/3/issue/:issueIdOrKey/comment": [
    { body: (t) => ({ body: t.rich("A comment from the conformance tour.") }), expect: 201 },
    { note: "empty body", body: () => ({}), expect: 400 },
  ],
  "GET /rest/api/3/issue/:issueIdOrKey/comment/:id": [
    {},
    { note: "unknown comment", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "PUT /rest/api/3/issue/:issueIdOrKey/comment/:id": [
    {
      params: async (t) => ({ id: await t.fresh.comment(t.refs.issueKey) }),
      body: (t) => ({ body: t.rich("An edited comment.") }),
      expect: 200,
    },
  ],
  "DELETE /rest/api/3/issue/:issueIdOrKey/comment/:id": [
    { params: async (t) => ({ id: await t.fresh.comment(t.refs.issueKey) }), expect: 204 },
  ],
  "GET /rest/api/3/issue/:issueIdOrKey/worklog/:id": [
    {},
    { note: "unknown worklog", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "POST /rest/api/3/issue/:issueIdOrKey/worklog": [
    {
      body: (t) => ({
        timeSpent: "1h 30m",
        started: "2026-10-30T09:00:00.000+0000",
        comment: t.rich("Pairing session."),
      }),
      expect: 201,
    },
    { note: "no time spent", body: () => ({}), expect: 400 },
  ],
  "PUT /rest/api/3/issue/:issueIdOrKey/worklog/:id": [
    {
      params: async (t) => ({ id: await t.fresh.worklog(t.refs.issueKey) }),
      body: () => ({ timeSpentSeconds: 5400 }),
      expect: 200,
    },
  ],
  "DELETE /rest/api/3/issue/:issueIdOrKey/worklog/:id": [
    { params: async (t) => ({ id: await t.fresh.worklog(t.refs.issueKey) }), expect: 204 },
  ],
  "POST /rest/api/3/issueLink": [
    {
      body: async (t) => ({
        type: { name: "Blocks" },
        inwardIssue: { key: t.refs.issueKey },
        outwardIssue: { key: await t.fresh.issue() },
      }),
      expect: 201,
    },
    {
      note: "unknown link type",
      body: (t) => ({
        type: { name: "Nope" },
        inwardIssue: { key: t.refs.issueKey },
        outwardIssue: { key: t.refs.otherIssueKey },
      }),
      expect: 404,
    },
  ],
  "GET /rest/api/3/issueLink/:linkId": [
    {},
    { note: "unknown link", params: () => ({ linkId: "99999999" }), expect: 404 },
  ],
  "DELETE /rest/api/3/issueLink/:linkId": [
    { params: async (t) => ({ linkId: await t.fresh.link() }), expect: 204 },
  ],
  "POST /rest/api/3/issue/:issueIdOrKey/watchers": [
    {
      headers: { "content-type": "application/json" },
      body: (t) => JSON.stringify(t.dc ? t.store.users.get(t.refs.otherUserId)!.name : t.refs.otherUserId),
      expect: 204,
    },
    { note: "viewer cannot manage watchers", as: "viewer", expect: [401, 403] },
  ],
  "DELETE /rest/api/3/issue/:issueIdOrKey/watchers": [
    {
      query: (t) => t.userQuery(t.refs.otherUserId),
      expect: 204,
    },
  ],
  "POST /rest/api/3/issue/:issueIdOrKey/attachments": [
    {
      headers: { "x-atlassian-token": "no-check" },
      body: () => upload("tour-notes.txt", "text/plain", "Notes from the conformance tour.\n"),
      expect: 200,
    },
    { note: "missing XSRF header", body: () => upload("x.txt", "text/plain", "x"), expect: 403 },
  ],
  "GET /rest/api/3/attachment/content/:id": [{ expect: 303 }, { query: { redirect: "false" } }],
  "GET /rest/api/3/attachment/:id": [
    {},
    { note: "unknown attachment", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "DELETE /rest/api/3/attachment/:id": [
    { params: async (t) => ({ id: await t.fresh.attachment(t.refs.issueKey) }), expect: 204 },
  ],

  // ------------------------------------------------------------------ Jira Software
  "GET /rest/agile/1.0/board": [{}, { query: (t) => ({ projectKeyOrId: t.refs.projectKey, type: "scrum" }) }],
  "GET /rest/agile/1.0/board/:boardId": [
    {},
    { note: "unknown board", params: () => ({ boardId: "999999" }), expect: 404 },
  ],
  "GET /rest/agile/1.0/board/:boardId/sprint": [{}, { query: { state: "active,future" } }],
  "GET /rest/agile/1.0/board/:boardId/issue": [
    {},
    { query: { jql: "status != Done", fields: "summary,status", maxResults: "5" } },
  ],
  "POST /rest/agile/1.0/sprint": [
    {
      body: (t) => ({
        name: "Conformance sprint",
        originBoardId: Number(t.refs.boardId),
        goal: "Prove the sandbox conforms",
        startDate: "2026-11-16T09:00:00.000Z",
        endDate: "2026-11-30T17:00:00.000Z",
      }),
      expect: 201,
    },
    { note: "missing name", body: (t) => ({ originBoardId: Number(t.refs.boardId) }), expect: 400 },
    {
      note: "viewer cannot manage sprints",
      as: "viewer",
      body: (t) => ({ name: "x", originBoardId: Number(t.refs.boardId) }),
      expect: 403,
    },
  ],
  "GET /rest/agile/1.0/sprint/:sprintId": [
    {},
    { note: "unknown sprint", params: () => ({ sprintId: "999999" }), expect: 404 },
  ],
  "PUT /rest/agile/1.0/sprint/:sprintId": [
    {
      params: async (t) => ({ sprintId: await t.fresh.sprint() }),
      body: () => ({
        name: "Conformance sprint (renamed)",
        state: "future",
        goal: "Renamed by the tour",
        startDate: "2026-12-01T09:00:00.000Z",
        endDate: "2026-12-14T17:00:00.000Z",
      }),
      expect: 200,
    },
  ],
  "POST /rest/agile/1.0/sprint/:sprintId": [
    { body: () => ({ goal: "Ship the conformance tour" }), expect: 200 },
  ],
  "DELETE /rest/agile/1.0/sprint/:sprintId": [
    { params: async (t) => ({ sprintId: await t.fresh.sprint() }), expect: 204 },
  ],
  "POST /rest/agile/1.0/sprint/:sprintId/issue": [
    { body: async (t) => ({ issues: [await t.fresh.issue()] }), expect: 204 },
  ],
  "PUT /rest/agile/1.0/issue/rank": [
    {
      body: (t) => ({ issues: [t.refs.otherIssueKey], rankBeforeIssue: t.refs.issueKey }),
      expect: [204, 207],
    },
    { note: "no anchor", body: (t) => ({ issues: [t.refs.otherIssueKey] }), expect: 400 },
  ],
  "POST /rest/agile/1.0/backlog/issue": [
    { body: async (t) => ({ issues: [await t.fresh.issue()] }), expect: 204 },
  ],
  "POST /rest/agile/1.0/backlog/:boardId/issue": [
    { body: async (t) => ({ issues: [await t.fresh.issue()] }), expect: [204, 207] },
  ],
  "POST /rest/agile/1.0/epic/none/issue": [
    { body: async (t) => ({ issues: [await t.fresh.issue()] }), expect: 204 },
  ],
  "POST /rest/agile/1.0/epic/:epicIdOrKey/issue": [
    { body: async (t) => ({ issues: [await t.fresh.issue()] }), expect: 204 },
  ],
  "GET /rest/agile/1.0/epic/:epicIdOrKey": [
    {},
    { note: "unknown epic", params: () => ({ epicIdOrKey: "NOPE-99999" }), expect: 404 },
  ],

  // ------------------------------------------------------------------ Confluence v2
  "GET /wiki/api/v2/spaces": [
    {},
    { query: (t) => ({ keys: t.refs.spaceKey, "description-format": "plain" }) },
  ],
  "GET /wiki/api/v2/spaces/:id": [
    {},
    { note: "unknown space", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "POST /wiki/api/v2/spaces": [
    {
      body: () => {
        const n = next();
        return {
          name: `Conformance ${n}`,
          key: `CONF${n}`,
          description: { value: "Made by the tour", representation: "plain" },
        };
      },
      expect: [200, 201],
    },
    { note: "viewer cannot create spaces", as: "viewer", body: () => ({ name: "Nope" }), expect: 403 },
  ],
  "GET /wiki/api/v2/pages": [
    {},
    {
      query: (t) => ({
        "space-id": t.refs.spaceId,
        "body-format": "storage",
        limit: "5",
        sort: "-modified-date",
      }),
    },
  ],
  "GET /wiki/api/v2/pages/:id": [
    { query: { "body-format": "atlas_doc_format" } },
    { query: { "body-format": "storage", "include-labels": "true", "include-version": "true" } },
    { note: "OAuth app via the gateway", oauth: true, query: { "body-format": "storage" } },
    { note: "unknown page", params: () => ({ id: "99999999" }), expect: 404 },
  ],
  "POST /wiki/api/v2/pages": [
    {
      body: (t) => ({
        spaceId: t.refs.spaceId,
        status: "current",
        title: `Conformance page ${next()}`,
        parentId: t.refs.pageId,
        body: storage("<p>Written by the <strong>conformance</strong> tour.</p>"),
      }),
      expect: 200,
    },
    { note: "missing spaceId", body: () => ({ title: "x", body: storage("<p>x</p>") }), expect: 400 },
    {
      note: "viewer cannot create",
      as: "viewer",
      body: (t) => ({ spaceId: t.refs.spaceId, title: "x" }),
      expect: 403,
    },
  ],
  "PUT /wiki/api/v2/pages/:id": [
    { params: async (t) => ({ id: await t.fresh.page() }), body: (t, p) => pageUpdate(t, p.id), expect: 200 },
    { note: "stale version", body: (t) => pageUpdate(t, t.refs.pageId, 0), expect: 409 },
  ],
  "DELETE /wiki/api/v2/pages/:id": [{ params: async (t) => ({ id: await t.fresh.page() }), expect: 204 }],
  "GET /wiki/api/v2/pages/:id/versions/:versionNumber": [
    {},
    { note: "unknown version", params: () => ({ versionNumber: "9999" }), expect: 404 },
  ],
  "GET /wiki/api/v2/footer-comments/:id": [{}, { query: { "body-format": "storage" } }],
  "POST /wiki/api/v2/footer-comments": [
    {
      body: (t) => ({ pageId: t.refs.pageId, body: storage("<p>Looks good to the tour.</p>") }),
      expect: 201,
    },
    {
      body: (t) => ({ parentCommentId: t.refs.footerCommentId, body: storage("<p>A reply.</p>") }),
      expect: 201,
    },
    { note: "no target", body: () => ({ body: storage("<p>x</p>") }), expect: 400 },
  ],
  "PUT /wiki/api/v2/footer-comments/:id": [
    {
      params: async (t) => ({ id: await t.fresh.footerComment() }),
      body: (t, p) => commentUpdate(t, p.id),
      expect: 200,
    },
  ],
  "DELETE /wiki/api/v2/footer-comments/:id": [
    { params: async (t) => ({ id: await t.fresh.footerComment() }), expect: 204 },
  ],
  "GET /wiki/api/v2/attachments/:id": [
    {},
    { note: "unknown attachment", params: () => ({ id: "att99999999" }), expect: 404 },
  ],
  "DELETE /wiki/api/v2/attachments/:id": [
    { params: async (t) => ({ id: await t.fresh.confAttachment() }), expect: 204 },
  ],

  // ------------------------------------------------------------------ Confluence v1
  "POST /wiki/rest/api/content/:id/label": [
    { body: () => [{ prefix: "global", name: `tour-${next()}` }], expect: 200 },
    { note: "bad label", body: () => [{ prefix: "global", name: "has space" }], expect: 400 },
    { note: "viewer cannot label", as: "viewer", body: () => [{ name: "x" }], expect: 403 },
  ],
  "DELETE /wiki/rest/api/content/:id/label/:label": [
    { params: async (t) => ({ label: await t.fresh.pageLabel() }), expect: 204 },
  ],
  "DELETE /wiki/rest/api/content/:id/label": [
    {
      params: async (t) => ({ name: await t.fresh.pageLabel() }),
      query: (_t, p) => ({ name: p.name }),
      expect: 204,
    },
  ],
  "POST /wiki/rest/api/content/:id/child/attachment": [
    {
      headers: { "x-atlassian-token": "nocheck" },
      body: () =>
        upload(`tour-${next()}.txt`, "text/plain", "Attached by the tour.\n", {
          minorEdit: "true",
          comment: "tour",
        }),
      expect: 200,
    },
    {
      note: "missing XSRF header",
      body: () => upload("x.txt", "text/plain", "x", { minorEdit: "true" }),
      expect: 403,
    },
  ],
  "GET /wiki/rest/api/content/:id/child/attachment/:attachmentId/download": [{ expect: [200, 302] }],
  "GET /wiki/rest/api/search": [
    { query: (t) => ({ cql: `type = page AND space = ${t.refs.spaceKey}`, limit: "5" }) },
    { note: "bad CQL", query: { cql: "type = = page" }, expect: 400 },
  ],
  "GET /wiki/rest/api/user/current": [{}, { note: "OAuth app via the gateway", oauth: true }],
  "GET /wiki/rest/api/content/search": [
    {
      query: (t) => ({ cql: `type = page AND space = ${t.refs.spaceKey} ORDER BY created DESC`, limit: "5" }),
    },
  ],
};

/** A Confluence v2 page update body for `pageId`, `bump` versions past the current one. */
function pageUpdate(t: TourContext, pageId: string, bump = 1): Record<string, unknown> {
  const page = t.store.pages.get(pageId);
  if (!page) throw new Error(`page ${pageId} is gone`);
  const current = page.versions[page.versions.length - 1];
  return {
    id: page.id,
    status: "current",
    title: `${current.title} (edited)`,
    body: storage("<p>Edited by the conformance tour.</p>"),
    version: { number: current.number + bump, message: "tour edit" },
  };
}

/** A Confluence v2 footer comment update body: the next version of comment `id`. */
function commentUpdate(t: TourContext, id: string): Record<string, unknown> {
  const comment = t.store.footerComments.get(id);
  if (!comment) throw new Error(`footer comment ${id} is gone`);
  const current = comment.versions[comment.versions.length - 1];
  return {
    version: { number: current.number + 1, message: "tour edit" },
    body: storage("<p>Edited reply.</p>"),
  };
}

/** Objects created through the API for writes that need their own (deletes, updates that must not hit seed). */
export interface Fresh {
  issue(): Promise<string>;
  comment(issueKey: string): Promise<string>;
  worklog(issueKey: string): Promise<string>;
  attachment(issueKey: string): Promise<string>;
  link(): Promise<string>;
  sprint(): Promise<string>;
  /** A transition the issue can take now (to an in-progress status when there is one). */
  transitionId(issueKey: string): Promise<string>;
  page(): Promise<string>;
  footerComment(): Promise<string>;
  confAttachment(): Promise<string>;
  pageLabel(): Promise<string>;
  webhook(): Promise<number>;
}

/** Order of the phases: reads see the untouched seed, then creates, updates, and deletes last. */
const PHASE: Record<string, number> = { GET: 0, POST: 1, PUT: 2, PATCH: 2, DELETE: 3 };

export interface TourResult {
  /** Routes toured at least once. */
  toured: Set<string>;
  /** Routes the tour cannot exercise: a write without an entry in `TOUR`. */
  untoured: RouteRef[];
  /** Calls that could not be made (setup failure, unknown parameter), per route. */
  problems: string[];
}

export class Tour {
  readonly refs: SeedRefs;
  private readonly dc: boolean;

  constructor(
    private readonly h: SandboxHarness,
    private readonly observe: (exchange: Exchange) => void,
    private readonly oauth: string | null,
  ) {
    this.refs = seedRefs(h.sandbox.context.store);
    this.dc = h.sandbox.context.options.deployment === "datacenter";
  }

  private get store(): Store {
    return this.h.sandbox.context.store;
  }

  /** Sends one request and reports it; `route` is null for setup calls made by `fresh`. */
  async send(
    route: RouteRef | null,
    method: string,
    path: string,
    options: {
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
      as?: As;
      oauth?: boolean;
      expected?: number[];
      note?: string;
    } = {},
  ): Promise<SandboxResponse> {
    const qs = new URLSearchParams(options.query ?? {}).toString();
    let url = qs ? `${path}?${qs}` : path;
    let as = options.as;
    if (options.oauth) {
      if (!this.oauth) throw new Error("OAuth call without an OAuth token");
      const product = path.startsWith("/wiki/") ? "confluence" : "jira";
      url = `/ex/${product}/${this.h.sandbox.context.cloudId}${url}`;
      as = { bearer: this.oauth };
    }
    const res = await this.h.request(method, url, {
      as,
      body: options.body,
      headers: options.headers,
    });
    this.observe({
      route,
      method,
      url,
      status: res.status,
      body: res.body,
      contentType: res.headers.get("content-type") ?? undefined,
      expected: options.expected ?? [],
      note: options.note ?? "",
    });
    return res;
  }

  private context(v: 2 | 3): TourContext {
    const dc = this.dc;
    const store = this.store;
    const jira = dc ? "/rest/api/2" : "/rest/api/3";
    const nameOf = (accountId: string) => store.users.get(accountId)?.name ?? accountId;
    return {
      refs: this.refs,
      store,
      dc,
      v,
      jira,
      rich: (text) => (v === 3 ? adf(text) : text),
      user: (accountId): Query => (dc ? { name: nameOf(accountId) } : { accountId }),
      userQuery: (accountId): Query => (dc ? { username: nameOf(accountId) } : { accountId }),
      fresh: this.fresh(jira, dc ? 2 : 3),
    };
  }

  private fresh(jira: string, v: 2 | 3): Fresh {
    const refs = this.refs;
    const rich = (text: string) => (v === 3 ? adf(text) : text);
    const setup = async (method: string, path: string, options: Parameters<Tour["send"]>[3] = {}) => {
      const res = await this.send(null, method, path, options);
      if (res.status >= 300 && res.status !== 303) {
        throw new Error(`setup ${method} ${path} failed: ${res.status} ${res.text.slice(0, 300)}`);
      }
      return res;
    };
    const newest = (ids: Iterable<string | number>) => String(Math.max(...[...ids].map(Number)));
    const confV2 = "/wiki/api/v2";
    return {
      issue: async () => {
        const res = await setup("POST", `${jira}/issue`, {
          body: {
            fields: {
              project: { key: refs.projectKey },
              issuetype: { name: refs.taskTypeName },
              summary: "Conformance tour: scratch issue",
            },
          },
        });
        return res.body.key as string;
      },
      comment: async (issueKey) =>
        (
          await setup("POST", `${jira}/issue/${issueKey}/comment`, {
            body: { body: rich("Scratch comment.") },
          })
        ).body.id as string,
      worklog: async (issueKey) =>
        (await setup("POST", `${jira}/issue/${issueKey}/worklog`, { body: { timeSpentSeconds: 600 } })).body
          .id as string,
      attachment: async (issueKey) => {
        const form = new FormData();
        form.append("file", new Blob([PNG_1X1], { type: "image/png" }), "scratch.png");
        const res = await setup("POST", `${jira}/issue/${issueKey}/attachments`, {
          body: form,
          headers: { "x-atlassian-token": "no-check" },
        });
        return (res.body as Array<{ id: string }>)[0].id;
      },
      link: async () => {
        const other = await this.fresh(jira, v).issue();
        await setup("POST", `${jira}/issueLink`, {
          body: {
            type: { name: "Relates" },
            inwardIssue: { key: refs.issueKey },
            outwardIssue: { key: other },
          },
        });
        return newest(this.store.links.keys());
      },
      sprint: async () => {
        const res = await setup("POST", "/rest/agile/1.0/sprint", {
          body: { name: "Scratch sprint", originBoardId: Number(refs.boardId) },
        });
        return String(res.body.id);
      },
      transitionId: async (key) => {
        const res = await setup("GET", `${jira}/issue/${key}/transitions`);
        const list = (res.body.transitions ?? []) as Array<{
          id: string;
          to?: { statusCategory?: { key?: string } };
        }>;
        const pick = list.find((x) => x.to?.statusCategory?.key === "indeterminate") ?? list[0];
        if (!pick) throw new Error(`issue ${key} has no transitions`);
        return pick.id;
      },
      page: async () => {
        const res = await setup("POST", `${confV2}/pages`, {
          body: {
            spaceId: refs.spaceId,
            status: "current",
            title: `Scratch page ${next()}`,
            body: storage("<p>Scratch.</p>"),
          },
        });
        return String(res.body.id);
      },
      footerComment: async () => {
        const res = await setup("POST", `${confV2}/footer-comments`, {
          body: { pageId: refs.pageId, body: storage("<p>Scratch comment.</p>") },
        });
        return String(res.body.id);
      },
      confAttachment: async () => {
        const res = await setup("POST", `/wiki/rest/api/content/${refs.pageId}/child/attachment`, {
          body: upload(`scratch-${next()}.txt`, "text/plain", "scratch", { minorEdit: "true" }),
          headers: { "x-atlassian-token": "nocheck" },
        });
        return String(res.body.results[0].id);
      },
      pageLabel: async () => {
        const name = `scratch-${next()}`;
        await setup("POST", `/wiki/rest/api/content/${refs.pageId}/label`, {
          body: [{ prefix: "global", name }],
        });
        return name;
      },
      webhook: async () => {
        const res = await setup("POST", "/rest/api/3/webhook", {
          oauth: true,
          body: {
            url: "https://example.com/hooks/scratch",
            webhooks: [{ events: ["jira:issue_deleted"], jqlFilter: `project = ${refs.projectKey}` }],
          },
        });
        return res.body.webhookRegistrationResult[0].createdWebhookId as number;
      },
    };
  }

  /** Which entries tour a route, or null for a write nobody described yet. */
  callsFor(route: RouteRef): TourCall[] | null {
    const calls = TOUR[routeKey(route)] ?? TOUR[v3Key(route)];
    if (calls) return calls;
    return route.method === "GET" ? [{}] : null;
  }

  async run(routes: RouteRef[]): Promise<TourResult> {
    const ordered = routes
      .map((route, index) => ({ route, index }))
      .sort((a, b) => (PHASE[a.route.method] ?? 9) - (PHASE[b.route.method] ?? 9) || a.index - b.index)
      .map((x) => x.route);
    const result: TourResult = { toured: new Set(), untoured: [], problems: [] };
    const deployment = this.dc ? "datacenter" : "cloud";
    for (const route of ordered) {
      const calls = this.callsFor(route);
      if (!calls) {
        result.untoured.push(route);
        continue;
      }
      const v: 2 | 3 = route.path.startsWith("/rest/api/2/") ? 2 : 3;
      for (const call of calls) {
        if (call.only && call.only !== deployment) continue;
        if (call.oauth && !this.oauth) continue;
        const t = this.context(v);
        try {
          await this.runCall(route, call, t);
          result.toured.add(routeKey(route));
        } catch (error) {
          result.problems.push(
            `${routeKey(route)}${call.note ? ` (${call.note})` : ""}: ${error instanceof Error ? error.message : error}`,
          );
        }
      }
    }
    return result;
  }

  private async runCall(route: RouteRef, call: TourCall, t: TourContext): Promise<void> {
    const overrides = (await call.params?.(t)) ?? {};
    const params: Record<string, string> = { ...overrides };
    for (const name of paramNames(route.path)) {
      params[name] = overrides[name] ?? resolveParam(route.path, name, this.refs);
    }
    const query = typeof call.query === "function" ? call.query(t, params) : (call.query ?? {});
    const body = call.body ? await call.body(t, params) : undefined;
    const expected =
      call.expect === undefined ? [200] : Array.isArray(call.expect) ? call.expect : [call.expect];
    const as = typeof call.as === "function" ? call.as(t) : call.as;
    await this.send(route, route.method, fillPath(route.path, params), {
      query,
      body,
      headers: call.headers,
      as,
      oauth: call.oauth,
      expected,
      note: call.note,
    });
  }
}
