/**
 * A small, fully deterministic Store for the JQL tests (not imported by product code). Issue data comes
 * from a seeded PRNG so property tests can rely on a stable, varied population.
 */

import { seededRandom } from "../seed/prng.js";
import type { AdfDoc, Issue, Sprint, User } from "../state/model.js";
import { Store } from "../state/store.js";

/** 2024-06-15 12:00 UTC, a Saturday: the fixture's fixed "now". */
export const FIXTURE_NOW = Date.UTC(2024, 5, 15, 12, 0, 0);
const DAY = 86_400_000;

export const VERBS = ["Fix", "Add", "Improve", "Refactor", "Investigate"];
export const NOUNS = [
  "login",
  "payment",
  "export",
  "cache",
  "timeout",
  "dashboard",
  "report",
  "search",
  "upload",
  "crash",
  "button",
  "invoice",
  "token",
  "reports",
  "tokens",
];
export const LABELS = ["backend", "frontend", "urgent", "tech-debt", "Customer", "security"];

export function adf(text: string, mentionName?: string): AdfDoc {
  const content: AdfDoc["content"] = [{ type: "text", text }];
  if (mentionName) content.push({ type: "mention", attrs: { id: "x", text: `@${mentionName}` } });
  return { type: "doc", version: 1, content: [{ type: "paragraph", content }] };
}

function user(accountId: string, name: string, displayName: string, groups: string[]): User {
  return {
    accountId,
    name,
    key: `key-${name}`,
    displayName,
    emailAddress: `${name}@example.com`,
    active: true,
    timeZone: "UTC",
    locale: "en_US",
    accountType: "atlassian",
    groups,
    siteAdmin: false,
    canEdit: true,
  };
}

export interface Fixture {
  store: Store;
  now: number;
  issues: Issue[];
}

export function buildFixture(seed = 20240615, issueCount = 200): Fixture {
  const store = new Store();
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  for (const c of [
    { id: 1, key: "undefined" as const, name: "No Category", colorName: "medium-gray" },
    { id: 2, key: "new" as const, name: "To Do", colorName: "blue-gray" },
    { id: 4, key: "indeterminate" as const, name: "In Progress", colorName: "yellow" },
    { id: 3, key: "done" as const, name: "Done", colorName: "green" },
  ]) {
    store.statusCategories.set(c.id, c);
  }
  const statuses: Array<[string, string, number]> = [
    ["10000", "To Do", 2],
    ["10001", "In Progress", 4],
    ["10002", "In Review", 4],
    ["10003", "Done", 3],
  ];
  for (const [id, name, categoryId] of statuses)
    store.statuses.set(id, { id, name, description: "", categoryId });
  ["Highest", "High", "Medium", "Low", "Lowest"].forEach((name, i) => {
    const id = String(i + 1);
    store.priorities.set(id, {
      id,
      name,
      description: "",
      statusColor: "#000",
      isDefault: name === "Medium",
    });
  });
  for (const [id, name] of [
    ["10000", "Done"],
    ["10001", "Won't Do"],
    ["10002", "Duplicate"],
  ]) {
    store.resolutions.set(id, { id, name, description: "" });
  }
  const types: Array<[string, string, number]> = [
    ["10000", "Epic", 1],
    ["10001", "Story", 0],
    ["10002", "Task", 0],
    ["10003", "Bug", 0],
    ["10004", "Sub-task", -1],
  ];
  for (const [id, name, level] of types) {
    store.issueTypes.set(id, { id, name, description: "", subtask: level === -1, hierarchyLevel: level });
  }

  for (const g of ["jira-software-users", "developers", "admins"])
    store.groups.set(g, { groupId: `g-${g}`, name: g });
  const users = [
    user("acc-alice", "alice", "Alice Anders", ["jira-software-users", "developers", "admins"]),
    user("acc-bob", "bob", "Bob Brown", ["jira-software-users", "developers"]),
    user("acc-carol", "carol", "Carol Chen", ["jira-software-users"]),
    user("acc-dave", "dave", "dave Dunn", ["jira-software-users", "developers"]),
  ];
  for (const u of users) store.users.set(u.accountId, u);

  const projects: Array<[string, string, string]> = [
    ["10000", "BACKEND", "Backend Services"],
    ["10001", "FRONTEND", "Frontend App"],
    ["10002", "OPS", "Operations"],
  ];
  for (const [id, key, name] of projects) {
    store.projects.set(id, {
      id,
      key,
      name,
      description: "",
      leadAccountId: "acc-alice",
      projectTypeKey: "software",
      issueTypeIds: types.map((t) => t[0]),
      roleActors: {},
      categoryId: null,
      created: FIXTURE_NOW - 400 * DAY,
    });
  }
  const components: Array<[string, string, string]> = [
    ["10100", "10000", "API"],
    ["10101", "10000", "Database"],
    ["10102", "10001", "UI"],
    ["10103", "10001", "API"],
    ["10104", "10002", "Infra"],
  ];
  for (const [id, projectId, name] of components) {
    store.components.set(id, { id, projectId, name, description: "", leadAccountId: null });
  }
  const versions: Array<[string, string, string, boolean]> = [
    ["10200", "10000", "1.0", true],
    ["10201", "10000", "1.1", true],
    ["10202", "10000", "2.0", false],
    ["10203", "10001", "1.0", true],
    ["10204", "10001", "2.0", false],
    ["10205", "10002", "v2024.1", false],
  ];
  for (const [id, projectId, name, released] of versions) {
    store.versions.set(id, {
      id,
      projectId,
      name,
      description: "",
      released,
      archived: false,
      startDate: null,
      releaseDate: null,
    });
  }
  store.boards.set(1, { id: 1, name: "BACKEND board", type: "scrum", projectId: "10000" });
  store.boards.set(2, { id: 2, name: "FRONTEND board", type: "scrum", projectId: "10001" });
  const sprints: Array<[number, number, string, Sprint["state"]]> = [
    [1, 1, "BE Sprint 1", "closed"],
    [2, 1, "BE Sprint 2", "active"],
    [3, 1, "BE Sprint 3", "future"],
    [4, 2, "FE Sprint 1", "closed"],
    [5, 2, "FE Sprint 2", "active"],
    [6, 2, "Shared Name", "future"],
    [7, 1, "Shared Name", "closed"],
  ];
  for (const [id, boardId, name, state] of sprints) {
    store.sprints.set(id, {
      id,
      boardId,
      name,
      state,
      startDate: null,
      endDate: null,
      completeDate: null,
      createdDate: FIXTURE_NOW - 100 * DAY,
      goal: "",
    });
  }
  const sprintsByProject: Record<string, number[]> = {
    "10000": [1, 7, 2, 3],
    "10001": [4, 5, 6],
    "10002": [],
  };

  const componentsByProject = (pid: string) => components.filter((c) => c[1] === pid).map((c) => c[0]);
  const versionsByProject = (pid: string) => versions.filter((v) => v[1] === pid).map((v) => v[0]);
  const epicsByProject = new Map<string, string[]>();
  const parentsByProject = new Map<string, string[]>();

  for (let n = 0; n < issueCount; n++) {
    const [projectId, projectKey] = projects[n % 3];
    const num = (store.projectCounters.get(projectKey) ?? 0) + 1;
    store.projectCounters.set(projectKey, num);
    const id = String(store.nextId("issue"));
    const epics = epicsByProject.get(projectId) ?? [];
    const parents = parentsByProject.get(projectId) ?? [];
    let issueTypeId: string;
    if (num <= 2) issueTypeId = "10000";
    else if (parents.length > 0 && rnd() < 0.15) issueTypeId = "10004";
    else issueTypeId = pick(["10001", "10002", "10003"]);
    let parentId: string | null = null;
    if (issueTypeId === "10004") parentId = pick(parents);
    else if (issueTypeId !== "10000" && epics.length > 0 && rnd() < 0.6) parentId = pick(epics);

    const statusId = pick(statuses)[0];
    const done = statusId === "10003";
    // Creation times: mostly random, some exactly at UTC midnight so day-boundary tests have edges.
    const daysAgo = Math.floor(rnd() * 200);
    const atMidnight = rnd() < 0.2;
    const created = atMidnight
      ? Math.floor((FIXTURE_NOW - daysAgo * DAY) / DAY) * DAY
      : FIXTURE_NOW - daysAgo * DAY - Math.floor(rnd() * DAY);
    const updated = Math.min(FIXTURE_NOW, created + Math.floor(rnd() * 30 * DAY));
    const summary = `${pick(VERBS)} ${pick(NOUNS)} ${pick(NOUNS)}`;
    const labelCount = Math.floor(rnd() * 3);
    const labels = [...new Set(Array.from({ length: labelCount }, () => pick(LABELS)))];
    const comps = componentsByProject(projectId).filter(() => rnd() < 0.35);
    const vers = versionsByProject(projectId).filter(() => rnd() < 0.3);
    const projectSprints = sprintsByProject[projectId];
    const sprintIds = projectSprints.length && rnd() < 0.6 ? projectSprints.filter(() => rnd() < 0.5) : [];
    const due =
      rnd() < 0.5
        ? new Date(FIXTURE_NOW + Math.floor((rnd() - 0.5) * 60) * DAY).toISOString().slice(0, 10)
        : null;
    const assigneeId = rnd() < 0.25 ? null : pick(users).accountId;
    const issue: Issue = {
      id,
      key: `${projectKey}-${num}`,
      projectId,
      issueTypeId,
      summary,
      description:
        rnd() < 0.7 ? adf(`${pick(NOUNS)} details for ${pick(NOUNS)} flow`, pick(users).displayName) : null,
      statusId,
      priorityId: pick(["1", "2", "3", "3", "4", "5"]),
      resolutionId: done ? pick(["10000", "10000", "10001", "10002"]) : null,
      assigneeId,
      reporterId: pick(users).accountId,
      creatorId: pick(users).accountId,
      labels,
      componentIds: comps,
      fixVersionIds: vers,
      parentId,
      sprintIds,
      created,
      updated,
      resolutionDate: done ? updated : null,
      dueDate: due,
      watcherIds: users.filter(() => rnd() < 0.3).map((u) => u.accountId),
      rank: `0|i${String(Math.floor(rnd() * 1e6)).padStart(6, "0")}:`,
      storyPoints: rnd() < 0.5 ? pick([1, 2, 3, 5, 8, 13]) : null,
      timeOriginalEstimate: null,
      environment: rnd() < 0.2 ? adf(`runs on ${pick(["linux", "windows", "macos"])} servers`) : null,
    };
    store.addIssue(issue);
    if (issueTypeId === "10000") epicsByProject.set(projectId, [...epics, id]);
    if (issueTypeId !== "10000" && issueTypeId !== "10004") parentsByProject.set(projectId, [...parents, id]);

    const commentCount = rnd() < 0.4 ? 1 + Math.floor(rnd() * 2) : 0;
    for (let c = 0; c < commentCount; c++) {
      const cid = String(store.nextId("comment"));
      store.comments.set(cid, {
        id: cid,
        issueId: id,
        authorId: pick(users).accountId,
        updateAuthorId: pick(users).accountId,
        body: adf(`comment about ${pick(NOUNS)} and ${pick(["zebra", "walrus", "quokka"])}`),
        created: updated,
        updated,
        visibility: null,
      });
    }
  }
  // A key the first OPS issue had before it moved, as Jira keeps old keys resolvable.
  store.issueKeys.set("OLDOPS-7", store.issueKeys.get("OPS-1")!);
  return { store, now: FIXTURE_NOW, issues: [...store.issues.values()] };
}
