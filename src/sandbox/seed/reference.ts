/**
 * What every Jira site has before anyone creates a project: reference data, the base groups, the
 * admin and a browse-only viewer. Both seeds start here, so `empty` and `demo` agree on ids.
 */
import type { Group, User } from "../state/model.js";
import type { Store } from "../state/store.js";
import { ADMIN_PERSON, EMAIL_DOMAIN, VIEWER_PERSON } from "./data-people.js";
import { nextNumber } from "./ids.js";
import { Rng } from "./prng.js";

export const STATUS = { toDo: "10000", inProgress: "3", inReview: "10001", done: "10002" } as const;
export const PRIORITY = { highest: "1", high: "2", medium: "3", low: "4", lowest: "5" } as const;
export const RESOLUTION = {
  done: "10000",
  wontDo: "10001",
  duplicate: "10002",
  cannotReproduce: "10003",
} as const;
export const ISSUE_TYPE = {
  epic: "10000",
  story: "10001",
  task: "10002",
  bug: "10003",
  subtask: "10004",
} as const;
export const LINK_TYPE = { blocks: "10000", cloners: "10001", duplicate: "10002", relates: "10003" } as const;
export const ROLE = { users: 10000, developers: 10001, administrators: 10002 } as const;

export const BASE_GROUPS = ["jira-administrators", "jira-software-users", "confluence-users", "site-admins"];

export function seedReferenceData(store: Store): void {
  for (const c of [
    { id: 1, key: "undefined", name: "No Category", colorName: "medium-gray" },
    { id: 2, key: "new", name: "To Do", colorName: "blue-gray" },
    { id: 4, key: "indeterminate", name: "In Progress", colorName: "yellow" },
    { id: 3, key: "done", name: "Done", colorName: "green" },
  ] as const) {
    store.statusCategories.set(c.id, { ...c });
  }

  for (const s of [
    { id: STATUS.toDo, name: "To Do", description: "Work that has not been started.", categoryId: 2 },
    {
      id: STATUS.inProgress,
      name: "In Progress",
      description: "This issue is being actively worked on.",
      categoryId: 4,
    },
    { id: STATUS.inReview, name: "In Review", description: "The work is waiting for review.", categoryId: 4 },
    { id: STATUS.done, name: "Done", description: "Work has been completed.", categoryId: 3 },
  ]) {
    store.statuses.set(s.id, s);
  }

  for (const p of [
    { id: PRIORITY.highest, name: "Highest", color: "#d04437", text: "This problem will block progress." },
    { id: PRIORITY.high, name: "High", color: "#f15c75", text: "Serious problem that could block progress." },
    { id: PRIORITY.medium, name: "Medium", color: "#f79232", text: "Has the potential to affect progress." },
    { id: PRIORITY.low, name: "Low", color: "#707070", text: "Minor problem or easily worked around." },
    {
      id: PRIORITY.lowest,
      name: "Lowest",
      color: "#999999",
      text: "Trivial problem with little or no impact.",
    },
  ]) {
    store.priorities.set(p.id, {
      id: p.id,
      name: p.name,
      description: p.text,
      statusColor: p.color,
      isDefault: p.id === PRIORITY.medium,
    });
  }

  for (const r of [
    { id: RESOLUTION.done, name: "Done", description: "Work has been completed on this issue." },
    { id: RESOLUTION.wontDo, name: "Won't Do", description: "This issue won't be actioned." },
    {
      id: RESOLUTION.duplicate,
      name: "Duplicate",
      description: "The problem is a duplicate of an existing issue.",
    },
    {
      id: RESOLUTION.cannotReproduce,
      name: "Cannot Reproduce",
      description: "All attempts at reproducing this issue failed, or not enough information was available.",
    },
  ]) {
    store.resolutions.set(r.id, r);
  }

  for (const t of [
    {
      id: ISSUE_TYPE.epic,
      name: "Epic",
      description: "A big user story that needs to be broken down.",
      level: 1,
    },
    {
      id: ISSUE_TYPE.story,
      name: "Story",
      description: "Functionality or a feature expressed as a user goal.",
      level: 0,
    },
    { id: ISSUE_TYPE.task, name: "Task", description: "A small, distinct piece of work.", level: 0 },
    { id: ISSUE_TYPE.bug, name: "Bug", description: "A problem or error.", level: 0 },
    {
      id: ISSUE_TYPE.subtask,
      name: "Sub-task",
      description: "A small piece of work that's part of a larger task.",
      level: -1,
    },
  ]) {
    store.issueTypes.set(t.id, {
      id: t.id,
      name: t.name,
      description: t.description,
      subtask: t.level === -1,
      hierarchyLevel: t.level,
    });
  }

  store.transitions.push(
    { id: "11", name: "To Do", toStatusId: STATUS.toDo, screenFields: [] },
    { id: "21", name: "In Progress", toStatusId: STATUS.inProgress, screenFields: [] },
    { id: "31", name: "In Review", toStatusId: STATUS.inReview, screenFields: [] },
    { id: "41", name: "Done", toStatusId: STATUS.done, screenFields: ["resolution"] },
  );

  for (const l of [
    { id: LINK_TYPE.blocks, name: "Blocks", inward: "is blocked by", outward: "blocks" },
    { id: LINK_TYPE.cloners, name: "Cloners", inward: "is cloned by", outward: "clones" },
    { id: LINK_TYPE.duplicate, name: "Duplicate", inward: "is duplicated by", outward: "duplicates" },
    { id: LINK_TYPE.relates, name: "Relates", inward: "relates to", outward: "relates to" },
  ]) {
    store.linkTypes.set(l.id, l);
  }

  for (const r of [
    { id: ROLE.users, name: "Users", description: "A project role that represents users in a project" },
    {
      id: ROLE.developers,
      name: "Developers",
      description: "A project role that represents developers in a project",
    },
    {
      id: ROLE.administrators,
      name: "Administrators",
      description: "A project role that represents administrators in a project",
    },
  ]) {
    store.projectRoles.set(r.id, r);
  }

  store.applicationRoles.set("jira-software", {
    key: "jira-software",
    name: "Jira Software",
    groups: ["jira-administrators", "jira-software-users", "site-admins"],
    defaultGroups: ["jira-software-users"],
    numberOfSeats: 35,
    platform: false,
    plan: "STANDARD",
  });
  store.applicationRoles.set("jira-core", {
    key: "jira-core",
    name: "Jira Work Management",
    groups: ["jira-administrators", "jira-software-users", "site-admins"],
    defaultGroups: ["jira-software-users"],
    numberOfSeats: 35,
    platform: true,
    plan: "STANDARD",
  });
}

/** Like account ids, a group id hangs off the name only, so it is the same in every seed. */
export function addGroup(store: Store, name: string): Group {
  const group = { groupId: new Rng(`group:${name}`).uuid(), name };
  store.groups.set(name, group);
  return group;
}

/** Lower-case ASCII, so "Tomás" becomes the username and mailbox `tomas`. */
export function asciiSlug(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}

export interface PersonInput {
  first: string;
  last: string;
  timeZone: string;
  locale: string;
  groups: string[];
  siteAdmin?: boolean;
  canEdit?: boolean;
  active?: boolean;
  modernAccountId?: boolean;
  /** Mailbox name when it is not `first.last` (the admin and viewer have role mailboxes). */
  mailbox?: string;
}

/**
 * The account id hangs off the email address only, so a user keeps the same id in every seed and
 * whatever order users are created in.
 */
export function addUser(store: Store, person: PersonInput): User {
  const username = `${asciiSlug(person.first)}.${asciiSlug(person.last)}`;
  const email = `${person.mailbox ?? username}@${EMAIL_DOMAIN}`;
  const idRng = new Rng(`account:${email}`);
  const accountId = person.modernAccountId ? `712020:${idRng.uuid()}` : idRng.hex(24);
  const user: User = {
    accountId,
    name: username,
    key: `JIRAUSER${nextNumber(store, "user")}`,
    displayName: `${person.first} ${person.last}`,
    emailAddress: email,
    active: person.active ?? true,
    timeZone: person.timeZone,
    locale: person.locale,
    accountType: "atlassian",
    groups: [...person.groups],
    siteAdmin: person.siteAdmin ?? false,
    canEdit: person.canEdit ?? true,
  };
  store.users.set(accountId, user);
  return user;
}

export interface CoreUsers {
  admin: User;
  viewer: User;
}

export function seedCoreUsers(store: Store): CoreUsers {
  for (const name of BASE_GROUPS) addGroup(store, name);
  const admin = addUser(store, {
    ...ADMIN_PERSON,
    groups: [...BASE_GROUPS],
    siteAdmin: true,
    canEdit: true,
  });
  const viewer = addUser(store, {
    ...VIEWER_PERSON,
    groups: ["jira-software-users", "confluence-users"],
    siteAdmin: false,
    canEdit: false,
  });
  return { admin, viewer };
}
