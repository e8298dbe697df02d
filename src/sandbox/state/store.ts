import type {
  ApplicationRoleRecord,
  Attachment,
  AuditRecord,
  Board,
  Comment,
  Component,
  ConfluenceAttachment,
  ConfluenceLabel,
  FooterComment,
  Group,
  Issue,
  IssueLink,
  IssueLinkType,
  IssueType,
  Page,
  Plan,
  Priority,
  Project,
  ProjectCategory,
  ProjectRole,
  Resolution,
  Space,
  Sprint,
  Status,
  StatusCategory,
  Transition,
  User,
  Version,
  Webhook,
  Worklog,
} from "./model.js";

/**
 * All sandbox state in one object. Maps keep insertion order, which is creation order, so every
 * listing is deterministic for a given seed. Ids come from per-kind counters owned here, so a reset
 * (a fresh store + the same seed) reproduces the very same ids.
 */
export class Store {
  readonly users = new Map<string, User>(); // by accountId
  readonly groups = new Map<string, Group>(); // by name
  readonly statusCategories = new Map<number, StatusCategory>();
  readonly statuses = new Map<string, Status>();
  readonly priorities = new Map<string, Priority>();
  readonly resolutions = new Map<string, Resolution>();
  readonly issueTypes = new Map<string, IssueType>();
  readonly transitions: Transition[] = [];
  readonly projects = new Map<string, Project>(); // by id
  readonly projectCategories = new Map<string, ProjectCategory>();
  readonly projectRoles = new Map<number, ProjectRole>();
  readonly components = new Map<string, Component>();
  readonly versions = new Map<string, Version>();
  readonly issues = new Map<string, Issue>(); // by id
  readonly issueKeys = new Map<string, string>(); // key (upper case) → id, including moved keys
  readonly comments = new Map<string, Comment>();
  readonly worklogs = new Map<string, Worklog>();
  readonly linkTypes = new Map<string, IssueLinkType>();
  readonly links = new Map<string, IssueLink>();
  readonly attachments = new Map<string, Attachment>();
  readonly boards = new Map<number, Board>();
  readonly sprints = new Map<number, Sprint>();
  readonly webhooks = new Map<number, Webhook>();
  readonly auditRecords: AuditRecord[] = [];
  readonly plans = new Map<number, Plan>();
  readonly applicationRoles = new Map<string, ApplicationRoleRecord>();
  /** Next issue number per project key. */
  readonly projectCounters = new Map<string, number>();

  readonly spaces = new Map<string, Space>();
  readonly pages = new Map<string, Page>();
  readonly footerComments = new Map<string, FooterComment>();
  readonly confluenceLabels = new Map<string, ConfluenceLabel>();
  readonly confluenceAttachments = new Map<string, ConfluenceAttachment>();

  private readonly counters = new Map<string, number>();

  /**
   * Bumped after every successful write request; read-side caches (the serialized issue cache)
   * are valid only for the generation they were filled in.
   */
  generation = 0;

  /** Returns the next id of a kind, starting at `start`. Ids are never reused, even after deletes. */
  nextId(kind: string, start = 10000): number {
    const next = (this.counters.get(kind) ?? start - 1) + 1;
    this.counters.set(kind, next);
    return next;
  }

  /** Looks an issue up by numeric id or key (case-insensitive), as `{issueIdOrKey}` does. */
  findIssue(idOrKey: string): Issue | undefined {
    if (/^\d+$/.test(idOrKey)) return this.issues.get(idOrKey);
    const id = this.issueKeys.get(idOrKey.toUpperCase());
    return id === undefined ? undefined : this.issues.get(id);
  }

  /** Looks a project up by numeric id or key (case-insensitive), as `{projectIdOrKey}` does. */
  findProject(idOrKey: string): Project | undefined {
    if (/^\d+$/.test(idOrKey)) return this.projects.get(idOrKey);
    const upper = idOrKey.toUpperCase();
    for (const p of this.projects.values()) if (p.key === upper) return p;
    return undefined;
  }

  findUserByName(nameOrKey: string): User | undefined {
    for (const u of this.users.values()) if (u.name === nameOrKey || u.key === nameOrKey) return u;
    return undefined;
  }

  addIssue(issue: Issue): void {
    this.issues.set(issue.id, issue);
    this.issueKeys.set(issue.key.toUpperCase(), issue.id);
  }

  removeIssue(id: string): void {
    const issue = this.issues.get(id);
    if (!issue) return;
    this.issues.delete(id);
    for (const [key, value] of this.issueKeys) if (value === id) this.issueKeys.delete(key);
    for (const [cid, c] of this.comments) if (c.issueId === id) this.comments.delete(cid);
    for (const [wid, w] of this.worklogs) if (w.issueId === id) this.worklogs.delete(wid);
    for (const [lid, l] of this.links)
      if (l.inwardIssueId === id || l.outwardIssueId === id) this.links.delete(lid);
    for (const [aid, a] of this.attachments) if (a.issueId === id) this.attachments.delete(aid);
  }

  /** The issue's current sprint: the last one it was added to, unless that sprint is closed. */
  currentSprint(issue: Issue): Sprint | undefined {
    const last = issue.sprintIds[issue.sprintIds.length - 1];
    if (last === undefined) return undefined;
    const sprint = this.sprints.get(last);
    return sprint && sprint.state !== "closed" ? sprint : undefined;
  }

  statusCategoryOf(statusId: string): StatusCategory {
    const status = this.statuses.get(statusId);
    const cat = status ? this.statusCategories.get(status.categoryId) : undefined;
    if (!cat) throw new Error(`status ${statusId} has no category`);
    return cat;
  }
}
