import { describe, expect, it } from "vitest";
import { checkInvariants, checkSeededInvariants } from "../state/invariants.js";
import { Store } from "../state/store.js";
import { DEMO_OAUTH_CLIENT_ID, ID_KINDS, seedStore } from "./index.js";
import { ISSUE_TYPE, PRIORITY, STATUS } from "./reference.js";
import { pageTreeDepth } from "./test-fixture.js";
import { DAY, MINUTE } from "./time.js";

const NOW = Date.UTC(2026, 10, 21, 9, 30);

function seeded(options: Parameters<typeof seedStore>[1]) {
  const store = new Store();
  const users = seedStore(store, options);
  return { store, users };
}

/** Every map and list of the store, plus its id counters, as plain JSON. */
function snapshot(store: Store): string {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    out[name] = value instanceof Map ? [...value.entries()] : value;
  }
  return JSON.stringify(out);
}

const demo = seeded({ seed: "demo", now: NOW });

describe("seedStore determinism", () => {
  it("gives deep-equal stores for the same options", () => {
    const again = seeded({ seed: "demo", now: NOW });
    expect(snapshot(again.store) === snapshot(demo.store)).toBe(true);
    expect(again.users).toEqual(demo.users);
    // The id counters carry on identically too.
    expect(again.store.nextId(ID_KINDS.issue.kind)).toBe(demo.store.nextId(ID_KINDS.issue.kind));
  });

  it("shifts dates but not ids, keys or text when `now` changes", () => {
    const delta = 3 * DAY + 17 * MINUTE;
    const later = seeded({ seed: "demo", now: NOW + delta }).store;
    const ids = (s: Store) => ({
      users: [...s.users.keys()],
      issues: [...s.issues.values()].map((i) => [i.id, i.key, i.summary, i.statusId, i.assigneeId, i.rank]),
      comments: [...s.comments.keys()],
      worklogs: [...s.worklogs.keys()],
      links: [...s.links.values()],
      sprints: [...s.sprints.values()].map((x) => [x.id, x.name, x.state]),
      spaces: [...s.spaces.values()].map((x) => [x.id, x.key]),
      pages: [...s.pages.keys()],
      footerComments: [...s.footerComments.keys()],
      attachments: [...s.confluenceAttachments.keys()],
    });
    expect(ids(later)).toEqual(ids(demo.store));

    for (const issue of demo.store.issues.values()) {
      const moved = later.issues.get(issue.id)!;
      expect(moved.created - issue.created).toBe(delta);
      expect(moved.updated - issue.updated).toBe(delta);
      if (issue.resolutionDate !== null) expect(moved.resolutionDate! - issue.resolutionDate).toBe(delta);
    }
    for (const comment of demo.store.comments.values()) {
      expect(later.comments.get(comment.id)!.created - comment.created).toBe(delta);
    }
    for (const sprint of demo.store.sprints.values()) {
      if (sprint.startDate !== null)
        expect(later.sprints.get(sprint.id)!.startDate! - sprint.startDate).toBe(delta);
    }
    for (const page of demo.store.pages.values()) {
      expect(later.pages.get(page.id)!.createdAt - page.createdAt).toBe(delta);
    }
  });
});

describe("demo seed", () => {
  const { store, users } = demo;
  const issues = [...store.issues.values()];

  it("is internally consistent", () => {
    expect(checkSeededInvariants(store, NOW)).toEqual([]);
  });

  it("has the promised volume and variety", () => {
    expect(store.projects.size).toBeGreaterThanOrEqual(3);
    expect(issues.length).toBe(360);
    expect(new Set(issues.map((i) => i.issueTypeId))).toEqual(new Set(Object.values(ISSUE_TYPE)));
    const people = new Set(issues.flatMap((i) => [i.assigneeId, i.reporterId]).filter((x) => x !== null));
    expect(people.size).toBeGreaterThanOrEqual(10);
    expect(store.users.size).toBeGreaterThanOrEqual(16);
    for (const p of store.projects.values()) {
      const mine = issues.filter((i) => i.projectId === p.id);
      expect(mine.filter((i) => i.issueTypeId === ISSUE_TYPE.epic).length).toBeGreaterThanOrEqual(7);
      const components = [...store.components.values()].filter((c) => c.projectId === p.id);
      const versions = [...store.versions.values()].filter((v) => v.projectId === p.id);
      expect(components.length).toBeGreaterThanOrEqual(4);
      expect(versions.length).toBeGreaterThanOrEqual(4);
      expect(versions.some((v) => v.released) && versions.some((v) => !v.released)).toBe(true);
      expect(versions.some((v) => v.archived)).toBe(true);
    }
    for (const status of Object.values(STATUS)) expect(issues.some((i) => i.statusId === status)).toBe(true);
    expect(issues.some((i) => i.assigneeId === null)).toBe(true);
    expect(store.comments.size).toBeGreaterThan(issues.length / 2);
    expect(store.worklogs.size).toBeGreaterThan(0);
    expect(store.links.size).toBeGreaterThan(0);
    expect([...store.attachments.values()].some((a) => a.mimeType === "text/csv")).toBe(true);
  });

  it("has unassigned High/Highest bugs in every project", () => {
    for (const p of store.projects.values()) {
      const triage = issues.filter(
        (i) =>
          i.projectId === p.id &&
          i.issueTypeId === ISSUE_TYPE.bug &&
          i.assigneeId === null &&
          i.resolutionId === null &&
          (i.priorityId === PRIORITY.high || i.priorityId === PRIORITY.highest),
      );
      expect(triage.length, p.key).toBeGreaterThanOrEqual(2);
    }
  });

  it("weights priorities toward Medium", () => {
    const medium = issues.filter((i) => i.priorityId === PRIORITY.medium).length;
    for (const id of Object.values(PRIORITY)) {
      if (id !== PRIORITY.medium)
        expect(medium).toBeGreaterThan(issues.filter((i) => i.priorityId === id).length);
    }
  });

  it("numbers keys per project and ranks the backlog", () => {
    const frontend = issues.filter((i) => i.key.startsWith("FRONTEND-"));
    expect(frontend[0].key).toBe("FRONTEND-1");
    expect(store.projectCounters.get("FRONTEND")).toBe(frontend.length + 1);
    const ranks = issues.map((i) => i.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
    for (const r of ranks) expect(r).toMatch(/^0\|i[0-9a-z]{5}:$/);
    // Within a project, active-sprint work ranks above the backlog.
    const activeIds = new Set(
      [...store.sprints.values()].filter((s) => s.state === "active").map((s) => s.id),
    );
    for (const p of store.projects.values()) {
      const mine = issues.filter((i) => i.projectId === p.id && i.resolutionId === null);
      const inSprint = mine.filter((i) => activeIds.has(i.sprintIds[i.sprintIds.length - 1]));
      const backlog = mine.filter((i) => i.sprintIds.length === 0 && i.issueTypeId !== ISSUE_TYPE.epic);
      const worstSprint = inSprint.map((i) => i.rank).sort()[inSprint.length - 1];
      const bestBacklog = backlog.map((i) => i.rank).sort()[0];
      if (worstSprint && bestBacklog) expect(worstSprint < bestBacklog).toBe(true);
    }
  });

  it("runs boards and sprints like a real team", () => {
    const scrum = [...store.boards.values()].filter((b) => b.type === "scrum");
    expect(scrum.map((b) => b.id)).toEqual([1, 2, 3, 4]);
    for (const board of scrum) {
      const sprints = [...store.sprints.values()].filter((s) => s.boardId === board.id);
      expect(sprints.filter((s) => s.state === "closed").length).toBeGreaterThanOrEqual(3);
      expect(sprints.filter((s) => s.state === "future").length).toBeGreaterThanOrEqual(1);
    }
    expect(issues.some((i) => i.sprintIds.length > 1)).toBe(true); // carried over
    expect(issues.some((i) => i.sprintIds.length === 0 && i.resolutionId === null)).toBe(true); // backlog
  });

  it("seeds the admin, the viewer and realistic accounts", () => {
    expect(users.admin).toMatchObject({
      displayName: "Ada Admin",
      emailAddress: "admin@acme-robotics.test",
      name: "ada.admin",
      key: "JIRAUSER10000",
      siteAdmin: true,
      canEdit: true,
    });
    expect(users.viewer).toMatchObject({
      displayName: "Victor Viewer",
      emailAddress: "viewer@acme-robotics.test",
      canEdit: false,
      siteAdmin: false,
    });
    for (const u of store.users.values()) {
      expect(u.accountId).toMatch(
        /^([0-9a-f]{24}|712020:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/,
      );
      expect(u.emailAddress.endsWith("@acme-robotics.test")).toBe(true);
    }
    expect([...store.users.values()].filter((u) => u.siteAdmin)).toHaveLength(1);
  });

  it("registers the demo app's webhooks, audit records and plans", () => {
    const hooks = [...store.webhooks.values()];
    expect(hooks.length).toBeGreaterThanOrEqual(2);
    for (const h of hooks) {
      expect(h.clientId).toBe(DEMO_OAUTH_CLIENT_ID);
      expect(h.expirationDate).toBe(NOW + 30 * DAY);
    }
    expect(store.auditRecords.length).toBeGreaterThanOrEqual(50);
    expect(store.auditRecords.every((a) => a.authorAccountId === users.admin.accountId)).toBe(true);
    expect(new Set(store.auditRecords.map((a) => a.category))).toEqual(
      new Set(["user management", "group management", "projects", "permissions", "workflows", "fields"]),
    );
    expect(store.plans.size).toBe(2);
  });

  it("attaches one valid PNG", () => {
    const pngs = [...store.attachments.values()].filter((a) => a.mimeType === "image/png");
    expect(pngs).toHaveLength(1);
    expect(pngs[0].content.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(pngs[0].content.subarray(12, 16).toString("ascii")).toBe("IHDR");
  });

  it("builds Confluence spaces with deep page trees", () => {
    const spaces = [...store.spaces.values()];
    expect(spaces.map((s) => s.key).slice(0, 3)).toEqual(["ENG", "PROD", "OPS"]);
    expect(spaces.filter((s) => s.type === "personal")).toHaveLength(1);
    for (const s of spaces) {
      expect(pageTreeDepth(store, s.id), s.key).toBeGreaterThanOrEqual(3);
      expect([...store.pages.values()].filter((p) => p.spaceId === s.id).length).toBeGreaterThanOrEqual(8);
    }
    const pages = [...store.pages.values()];
    expect(pages.some((p) => p.versions.length > 1)).toBe(true);
    expect([...store.footerComments.values()].some((c) => c.parentCommentId !== null)).toBe(true);
    expect(store.confluenceAttachments.size).toBeGreaterThan(0);
    expect(pages.some((p) => p.versions.at(-1)?.title === "ADR-012: Use PostgreSQL for the gateway")).toBe(
      true,
    );
  });
});

describe("large demo", () => {
  it("seeds 10000 issues consistently", () => {
    const { store } = seeded({ seed: "demo", now: NOW, issueCount: 10_000 });
    expect(store.issues.size).toBe(10_000);
    expect(checkSeededInvariants(store, NOW)).toEqual([]);
  });

  it("copes with tiny issue counts", () => {
    for (const issueCount of [0, 1, 5]) {
      const { store } = seeded({ seed: "demo", now: NOW, issueCount });
      expect(store.issues.size).toBe(issueCount);
      expect(checkSeededInvariants(store, NOW)).toEqual([]);
    }
  });
});

describe("empty seed", () => {
  const { store, users } = seeded({ seed: "empty", now: NOW });

  it("has only the admin and the viewer, and no content", () => {
    expect([...store.users.values()]).toEqual([users.admin, users.viewer]);
    expect(users.admin.siteAdmin && users.admin.canEdit).toBe(true);
    expect(users.viewer.canEdit || users.viewer.siteAdmin).toBe(false);
    expect(store.projects.size + store.issues.size + store.spaces.size + store.pages.size).toBe(0);
    expect(store.boards.size + store.sprints.size + store.webhooks.size + store.plans.size).toBe(0);
    expect([...store.groups.keys()]).toEqual([
      "jira-administrators",
      "jira-software-users",
      "confluence-users",
      "site-admins",
    ]);
  });

  it("has the reference data every site has", () => {
    expect([...store.statusCategories.keys()]).toEqual([1, 2, 4, 3]);
    expect([...store.statuses.values()].map((s) => s.name)).toEqual([
      "To Do",
      "In Progress",
      "In Review",
      "Done",
    ]);
    expect(store.priorities.size).toBe(5);
    expect(store.resolutions.size).toBe(4);
    expect(store.issueTypes.size).toBe(5);
    expect(store.transitions.find((t) => t.id === "41")?.screenFields).toEqual(["resolution"]);
    expect(store.linkTypes.size).toBe(4);
    expect(store.projectRoles.size).toBe(3);
    expect(store.applicationRoles.get("jira-software")).toMatchObject({
      plan: "STANDARD",
      numberOfSeats: 35,
    });
    expect(checkSeededInvariants(store, NOW)).toEqual([]);
  });

  it("shares the admin's identity and the group ids with the demo seed", () => {
    expect(users.admin).toEqual(demo.users.admin);
    for (const group of store.groups.values()) expect(demo.store.groups.get(group.name)).toEqual(group);
  });
});

describe("checkSeededInvariants", () => {
  it("notices broken references and inconsistent state", () => {
    const { store } = seeded({ seed: "demo", now: NOW, issueCount: 40 });
    const [first, second] = [...store.issues.values()];
    first.assigneeId = "no-such-user";
    second.statusId = STATUS.done;
    second.resolutionId = null;
    second.resolutionDate = null;
    const problems = checkSeededInvariants(store, NOW).join("\n");
    expect(problems).toContain(`issue ${first.key} assignee: unknown user no-such-user`);
    expect(problems).toContain(`issue ${second.key}: status/resolution mismatch`);
  });
});

describe("checkInvariants", () => {
  it("allows what requests may do to a seed but not broken references", () => {
    const { store } = seeded({ seed: "demo", now: NOW, issueCount: 40 });
    for (const sprint of store.sprints.values()) {
      if (sprint.state === "active") {
        sprint.state = "closed";
        sprint.completeDate = NOW;
      }
    }
    expect(checkInvariants(store)).toEqual([]);
    expect(checkSeededInvariants(store, NOW).join("\n")).toContain("active sprints");

    const comment = [...store.comments.values()][0];
    store.issues.delete(comment.issueId);
    expect(checkInvariants(store)).toContain(`comment ${comment.id}: dangling issue`);
  });
});
