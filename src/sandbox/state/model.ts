/**
 * The sandbox's in-memory data model. Records hold what Atlassian stores, not what it returns:
 * serializers under `jira/`, `agile/` and `confluence/` turn them into each endpoint's response shape.
 * Rich text is always stored as ADF, whatever the deployment; Data Center mode converts at the edges,
 * so one seed and one JQL/CQL text index serve both deployments.
 */

/** An ADF document (`{ type: "doc", version: 1, content: [...] }`), validated on every write. */
export interface AdfDoc {
  type: "doc";
  version: 1;
  content: AdfNode[];
}

/** Any ADF node or mark; structure is enforced by the ADF JSON schema, not by TypeScript. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  text?: string;
}

/** Epoch milliseconds. Every timestamp in the state is one, rendered per endpoint on the way out. */
export type Millis = number;

export interface User {
  accountId: string;
  /** Data Center username (`name`) and user key (`key`). */
  name: string;
  key: string;
  displayName: string;
  emailAddress: string;
  active: boolean;
  timeZone: string;
  locale: string;
  accountType: "atlassian" | "app" | "customer";
  /** Names of groups this user belongs to. */
  groups: string[];
  /** Site administrators may administer Jira; other users are limited by `canEdit`. */
  siteAdmin: boolean;
  /** A browse-only user can read but not create, edit, delete or transition. */
  canEdit: boolean;
}

export interface Group {
  groupId: string;
  name: string;
}

export interface StatusCategory {
  id: number;
  key: "new" | "indeterminate" | "done" | "undefined";
  name: string;
  colorName: string;
}

export interface Status {
  id: string;
  name: string;
  description: string;
  categoryId: number;
}

export interface Priority {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  isDefault: boolean;
}

export interface Resolution {
  id: string;
  name: string;
  description: string;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  /** -1 sub-task, 0 standard, 1 epic (Jira's hierarchy levels). */
  hierarchyLevel: number;
}

/** One edge of the shared workflow. `screen` lists the fields its transition screen offers. */
export interface Transition {
  id: string;
  name: string;
  toStatusId: string;
  /** Field ids on the transition screen (e.g. `resolution` on the way to Done). */
  screenFields: string[];
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  projectTypeKey: "software" | "business" | "service_desk";
  issueTypeIds: string[];
  /** Role id → account ids of the users in that role for this project. */
  roleActors: Record<string, string[]>;
  categoryId: string | null;
  created: Millis;
}

export interface ProjectRole {
  id: number;
  name: string;
  description: string;
}

export interface ProjectCategory {
  id: string;
  name: string;
  description: string;
}

export interface Component {
  id: string;
  projectId: string;
  name: string;
  description: string;
  leadAccountId: string | null;
}

export interface Version {
  id: string;
  projectId: string;
  name: string;
  description: string;
  released: boolean;
  archived: boolean;
  startDate: string | null; // YYYY-MM-DD
  releaseDate: string | null; // YYYY-MM-DD
}

export interface Issue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  statusId: string;
  priorityId: string;
  resolutionId: string | null;
  assigneeId: string | null;
  reporterId: string;
  creatorId: string;
  labels: string[];
  componentIds: string[];
  fixVersionIds: string[];
  /** Parent issue id: the epic of a story/task/bug, or the parent of a sub-task. */
  parentId: string | null;
  /** Every sprint the issue has been in, oldest first; the last one is current if not closed. */
  sprintIds: number[];
  created: Millis;
  updated: Millis;
  resolutionDate: Millis | null;
  dueDate: string | null; // YYYY-MM-DD
  watcherIds: string[];
  /** LexoRank-like sortable string used by the agile rank operations and ORDER BY rank. */
  rank: string;
  storyPoints: number | null;
  /** Original estimate in seconds. */
  timeOriginalEstimate: number | null;
  environment: AdfDoc | null;
}

export interface Comment {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfDoc;
  created: Millis;
  updated: Millis;
  visibility: { type: "group" | "role"; value: string; identifier?: string } | null;
}

export interface Worklog {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  comment: AdfDoc | null;
  started: Millis;
  timeSpentSeconds: number;
  created: Millis;
  updated: Millis;
}

export interface IssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export interface IssueLink {
  id: string;
  typeId: string;
  inwardIssueId: string;
  outwardIssueId: string;
}

export interface Attachment {
  id: string;
  issueId: string;
  filename: string;
  authorId: string;
  created: Millis;
  mimeType: string;
  content: Buffer;
}

export interface Board {
  id: number;
  name: string;
  type: "scrum" | "kanban";
  projectId: string;
}

export interface Sprint {
  id: number;
  boardId: number;
  name: string;
  state: "future" | "active" | "closed";
  startDate: Millis | null;
  endDate: Millis | null;
  completeDate: Millis | null;
  createdDate: Millis;
  goal: string;
}

export interface Webhook {
  id: number;
  /** OAuth client id of the app that registered it: dynamic webhooks belong to one app. */
  clientId: string;
  url: string;
  events: string[];
  jqlFilter: string;
  fieldIdsFilter: string[] | null;
  issuePropertyKeysFilter: string[] | null;
  expirationDate: Millis;
}

export interface AuditRecord {
  id: number;
  summary: string;
  remoteAddress: string;
  authorAccountId: string;
  created: Millis;
  category: string;
  eventSource: string;
  description: string;
  objectItem: { id: string; name: string; typeName: string };
  changedValues: Array<{ fieldName: string; changedFrom: string; changedTo: string }>;
  associatedItems: Array<{ id: string; name: string; typeName: string }>;
}

export interface Plan {
  id: number;
  name: string;
  status: "Active" | "Trashed" | "Archived";
  leadAccountId: string;
  scenarioId: number;
  issueSources: Array<{ type: "Project" | "Board" | "Filter"; value: number }>;
}

export interface ApplicationRoleRecord {
  key: string;
  name: string;
  groups: string[];
  defaultGroups: string[];
  numberOfSeats: number;
  platform: boolean;
  /** Licence plan on Cloud (`FREE`, `PAID`, ...). */
  plan: string;
}

// ---------------------------------------------------------------- Confluence

export interface Space {
  id: string;
  key: string;
  name: string;
  type: "global" | "personal";
  status: "current" | "archived";
  description: string;
  homepageId: string | null;
  authorId: string;
  createdAt: Millis;
  labelIds: string[];
}

export interface ContentVersion {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: Millis;
  title: string;
  body: AdfDoc;
}

export interface Page {
  id: string;
  spaceId: string;
  parentId: string | null;
  status: "current" | "draft" | "trashed" | "archived";
  ownerId: string;
  authorId: string;
  createdAt: Millis;
  /** Oldest first; the last entry is the current version (title and body live there). */
  versions: ContentVersion[];
  labelIds: string[];
  position: number;
}

export interface FooterComment {
  id: string;
  pageId: string;
  parentCommentId: string | null;
  status: "current" | "trashed";
  authorId: string;
  createdAt: Millis;
  versions: ContentVersion[];
}

export interface ConfluenceLabel {
  id: string;
  name: string;
  prefix: "global" | "my" | "team";
}

export interface ConfluenceAttachment {
  id: string; // "att12345"
  fileId: string;
  pageId: string;
  title: string;
  mediaType: string;
  comment: string;
  authorId: string;
  createdAt: Millis;
  version: number;
  content: Buffer;
}
