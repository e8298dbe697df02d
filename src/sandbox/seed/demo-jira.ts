/**
 * The Jira and Jira Software half of the demo seed: projects, components, versions, boards,
 * sprints, issues and everything hanging off issues. Issues are created in global creation order,
 * so ids, keys and `created` all increase together, as they do on a real site.
 */
import { crc32, deflateSync } from "node:zlib";
import type { Board, Component, Issue, Project, Sprint, User, Version } from "../state/model.js";
import type { Store } from "../state/store.js";
import { LOG_LINES, PROJECT_CATEGORIES, PROJECTS, type ProjectDef, STACK_TRACES } from "./data-jira.js";
import type { DemoPeople } from "./demo-users.js";
import { nextNumber, nextString } from "./ids.js";
import {
  bugEnvironment,
  commentBody,
  type IssueKind,
  issueDescription,
  subtaskSummary,
  type TextContext,
  uniqueSummary,
  withSuffix,
  worklogComment,
} from "./jira-text.js";
import type { Rng } from "./prng.js";
import { ISSUE_TYPE, LINK_TYPE, PRIORITY, RESOLUTION, ROLE, STATUS } from "./reference.js";
import { DAY, HOUR, MINUTE, ymd } from "./time.js";

const SPRINT_LENGTH = 14 * DAY;
const HISTORY = 180 * DAY;

const KIND_TYPE: Record<IssueKind, string> = {
  epic: ISSUE_TYPE.epic,
  story: ISSUE_TYPE.story,
  task: ISSUE_TYPE.task,
  bug: ISSUE_TYPE.bug,
  subtask: ISSUE_TYPE.subtask,
};

export interface SeededSprints {
  closed: Sprint[];
  active: Sprint;
  future: Sprint[];
}

/** A seeded project with everything later seeding steps (plans, audit, Confluence) refer to. */
export interface SeededProject {
  def: ProjectDef;
  project: Project;
  /** The engineers who do most of the work; `members` adds QA and product (the Developers role). */
  engineers: User[];
  members: User[];
  components: Component[];
  /** Oldest first; `releaseAt` is the release date in millis (null when unscheduled). */
  versions: Array<{ version: Version; releaseAt: number | null }>;
  board: Board;
  sprints: SeededSprints;
}

export interface DemoJira {
  projects: SeededProject[];
}

interface IssueMeta {
  issue: Issue;
  kind: IssueKind;
  project: SeededProject;
  bucket: "active" | "future" | "backlog" | "done";
}

export function seedDemoJira(
  store: Store,
  rng: Rng,
  now: number,
  people: DemoPeople,
  issueCount: number,
): DemoJira {
  const projects = seedProjects(store, rng.fork("projects"), now, people);
  const kanbanBoard: Board = {
    id: nextNumber(store, "board"),
    name: "Ops support (Kanban)",
    type: "kanban",
    projectId: projects.find((p) => p.def.key === "DEVOPS")!.project.id,
  };
  store.boards.set(kanbanBoard.id, kanbanBoard);

  const metas = seedIssues(store, rng.fork("issues"), now, people, projects, issueCount);
  ensureUnassignedUrgentBugs(rng.fork("triage"), metas, projects);
  settleEpics(metas);
  seedActivity(store, rng.fork("activity"), now, metas);
  seedLinks(store, rng.fork("links"), metas);
  assignRanks(metas, projects);
  for (const p of projects) {
    const count = metas.filter((m) => m.project === p).length;
    store.projectCounters.set(p.project.key, count + 1);
  }
  return { projects };
}

// ------------------------------------------------------------------ projects

function seedProjects(store: Store, rng: Rng, now: number, people: DemoPeople): SeededProject[] {
  const categoryIds = new Map<string, string>();
  for (const [name, description] of PROJECT_CATEGORIES) {
    const id = nextString(store, "projectCategory");
    store.projectCategories.set(id, { id, name, description });
    categoryIds.set(name, id);
  }

  const partial = PROJECTS.map((def, index) => {
    const team = people.byTeam[def.team];
    const lead = team[0];
    const qa = people.byTeam.qa[index % people.byTeam.qa.length];
    const members = [...team, qa, ...people.byTeam.product];
    const project: Project = {
      id: nextString(store, "project"),
      key: def.key,
      name: def.name,
      description: def.description,
      leadAccountId: lead.accountId,
      projectTypeKey: "software",
      issueTypeIds: Object.values(ISSUE_TYPE),
      roleActors: {
        [String(ROLE.administrators)]: [lead.accountId, people.admin.accountId],
        [String(ROLE.developers)]: members.map((m) => m.accountId),
        [String(ROLE.users)]: [people.viewer.accountId, ...people.byTeam.product.map((u) => u.accountId)],
      },
      categoryId: categoryIds.get(def.category) ?? null,
      created: now - (420 - index * 25) * DAY - rng.int(0, 8) * HOUR,
    };
    store.projects.set(project.id, project);

    const components = def.components.map(([name, description], i) => {
      const component: Component = {
        id: nextString(store, "component"),
        projectId: project.id,
        name,
        description,
        leadAccountId: i % 3 === 2 ? null : team[i % team.length].accountId,
      };
      store.components.set(component.id, component);
      return component;
    });

    const versions = seedVersions(store, rng, now, project, def);
    return { def, project, engineers: team, members, components, versions };
  });

  // Boards get ids 1..n in project order before any sprint exists, as a fresh site would number them.
  const boards = partial.map((p): Board => {
    const board: Board = {
      id: nextNumber(store, "board"),
      name: `${p.def.key} board`,
      type: "scrum",
      projectId: p.project.id,
    };
    store.boards.set(board.id, board);
    return board;
  });
  return partial.map((p, i) => ({
    ...p,
    board: boards[i],
    sprints: seedSprints(store, rng, now, p.def, boards[i]),
  }));
}

/** Released every four weeks: archived, released..., the current one (due soon), then the next. */
function seedVersions(store: Store, rng: Rng, now: number, project: Project, def: ProjectDef) {
  const current = def.versions.length - 2;
  return def.versions.map((name, i) => {
    const offset = (i - current) * 28 * DAY;
    let releaseAt: number | null = now + 12 * DAY + offset + rng.int(-2, 2) * DAY;
    let startAt: number | null = releaseAt - 28 * DAY;
    if (i > current && def.versions.length > 5 && i === def.versions.length - 1) {
      releaseAt = null; // a far-future version nobody has scheduled yet
      startAt = null;
    }
    const version: Version = {
      id: nextString(store, "version"),
      projectId: project.id,
      name,
      description: i < current ? `${name} release` : `${name} (planned)`,
      released: i < current,
      archived: i === 0,
      startDate: startAt === null ? null : ymd(startAt),
      releaseDate: releaseAt === null ? null : ymd(releaseAt),
    };
    store.versions.set(version.id, version);
    return { version, releaseAt };
  });
}

function seedSprints(store: Store, rng: Rng, now: number, def: ProjectDef, board: Board): SeededSprints {
  const activeStart = now - rng.int(2, 10) * DAY - rng.int(0, 8) * HOUR;
  const closedCount = 4;
  const futureCount = rng.chance(0.5) ? 2 : 1;
  let number = rng.int(14, 30);
  const goals = rng.sample(def.sprintGoals, def.sprintGoals.length);
  const make = (
    state: Sprint["state"],
    start: number | null,
    end: number | null,
    complete: number | null,
  ) => {
    const sprint: Sprint = {
      id: nextNumber(store, "sprint"),
      boardId: board.id,
      name: `${def.key} Sprint ${number++}`,
      state,
      startDate: start,
      endDate: end,
      completeDate: complete,
      createdDate: start === null ? now - rng.int(1, 6) * DAY : start - rng.int(1, 4) * DAY,
      goal: goals[(number - 1) % goals.length] ?? "",
    };
    store.sprints.set(sprint.id, sprint);
    return sprint;
  };
  const closed: Sprint[] = [];
  for (let k = closedCount; k >= 1; k--) {
    const start = activeStart - k * SPRINT_LENGTH;
    const end = start + SPRINT_LENGTH - 2 * HOUR;
    closed.push(make("closed", start, end, end + rng.int(0, 90) * MINUTE));
  }
  const active = make("active", activeStart, activeStart + SPRINT_LENGTH, null);
  const future: Sprint[] = [];
  for (let k = 0; k < futureCount; k++) future.push(make("future", null, null, null));
  return { closed, active, future };
}

// ------------------------------------------------------------------ issues

function splitCount(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

function epicOrdinals(n: number): Set<number> {
  const count = n === 0 ? 0 : Math.max(1, Math.min(n, Math.round(n / 11)));
  const set = new Set<number>();
  for (let j = 0; j < count; j++) set.add(Math.floor((j * n * 0.8) / count));
  return set;
}

function doneProbability(age: number): number {
  if (age > 120 * DAY) return 0.88;
  if (age > 60 * DAY) return 0.72;
  if (age > 28 * DAY) return 0.5;
  if (age > 10 * DAY) return 0.28;
  if (age > 2 * DAY) return 0.12;
  return 0;
}

function pickPriority(rng: Rng, kind: IssueKind): string {
  if (kind === "bug") {
    return rng.weighted([
      [PRIORITY.highest, 8],
      [PRIORITY.high, 25],
      [PRIORITY.medium, 45],
      [PRIORITY.low, 17],
      [PRIORITY.lowest, 5],
    ]);
  }
  return rng.weighted([
    [PRIORITY.highest, 2],
    [PRIORITY.high, 14],
    [PRIORITY.medium, 60],
    [PRIORITY.low, 18],
    [PRIORITY.lowest, 6],
  ]);
}

function pickResolution(rng: Rng, kind: IssueKind): string {
  if (kind === "bug") {
    return rng.weighted([
      [RESOLUTION.done, 75],
      [RESOLUTION.wontDo, 7],
      [RESOLUTION.duplicate, 8],
      [RESOLUTION.cannotReproduce, 10],
    ]);
  }
  if (kind === "subtask" || kind === "epic") return RESOLUTION.done;
  return rng.weighted([
    [RESOLUTION.done, 90],
    [RESOLUTION.wontDo, 7],
    [RESOLUTION.duplicate, 3],
  ]);
}

/** The sprint history of an issue resolved at `resolvedAt`, or of an open one in `bucket`. */
function sprintHistory(
  rng: Rng,
  sprints: SeededSprints,
  created: number,
  bucket: IssueMeta["bucket"],
  resolvedAt: number | null,
): number[] {
  const lastClosed = sprints.closed[sprints.closed.length - 1];
  const carried = (previous: Sprint | undefined) =>
    previous?.startDate != null && created < previous.startDate && rng.chance(0.25);
  if (bucket === "done" && resolvedAt !== null) {
    if (resolvedAt >= sprints.active.startDate!) {
      return carried(lastClosed) ? [lastClosed.id, sprints.active.id] : [sprints.active.id];
    }
    const index = sprints.closed.findIndex(
      (s) => resolvedAt >= s.startDate! && resolvedAt <= s.completeDate!,
    );
    if (index < 0) return [];
    const sprint = sprints.closed[index];
    const previous = sprints.closed[index - 1];
    return previous && carried(previous) ? [previous.id, sprint.id] : [sprint.id];
  }
  if (bucket === "active")
    return carried(lastClosed) ? [lastClosed.id, sprints.active.id] : [sprints.active.id];
  if (bucket === "future") return [rng.pick(sprints.future).id];
  return [];
}

/** Text for a project's issues mentions its members and refers to its recent issues. */
function textContext(p: SeededProject): TextContext {
  return {
    people: p.members.map((m) => ({ accountId: m.accountId, displayName: m.displayName })),
    relatedKeys: [],
    gitBaseUrl: `https://git.acme-robotics.test/acme/${p.def.key.toLowerCase()}`,
  };
}

function rememberKey(ctx: TextContext, key: string): void {
  ctx.relatedKeys.push(key);
  if (ctx.relatedKeys.length > 30) ctx.relatedKeys.shift();
}

function seedIssues(
  store: Store,
  rng: Rng,
  now: number,
  people: DemoPeople,
  projects: SeededProject[],
  issueCount: number,
): IssueMeta[] {
  // One slot per issue, with its creation time; ids and keys follow creation order across projects.
  const counts = splitCount(issueCount, projects.length);
  const slots: Array<{ project: number; created: number }> = [];
  counts.forEach((n, project) => {
    for (let i = 0; i < n; i++) {
      const age = 30 * MINUTE + Math.floor((HISTORY - 30 * MINUTE) * rng.next() ** 1.25);
      slots.push({ project, created: now - age });
    }
  });
  slots.sort((a, b) => a.created - b.created || a.project - b.project);

  const perProject = projects.map((p, i) => ({
    ordinal: 0,
    epicAt: epicOrdinals(counts[i]),
    epics: [] as Issue[],
    parents: [] as IssueMeta[],
    used: new Set<string>(),
    ctx: textContext(p),
  }));

  const metas: IssueMeta[] = [];
  for (const slot of slots) {
    const p = projects[slot.project];
    const state = perProject[slot.project];
    const ordinal = state.ordinal++;
    const key = `${p.project.key}-${ordinal + 1}`;
    const created = slot.created;
    const age = now - created;
    const qa = p.members.filter((u) => !p.engineers.includes(u) && !people.byTeam.product.includes(u));
    // Engineers do most of the work; QA picks up some bugs and sub-tasks, the admin the odd chore.
    const worker = () =>
      rng.chance(0.03)
        ? people.admin
        : qa.length > 0 && rng.chance(kind === "bug" || kind === "subtask" ? 0.12 : 0.03)
          ? rng.pick(qa)
          : rng.pick(p.engineers);

    // Kind and parent.
    let kind: IssueKind;
    let parent: IssueMeta | null = null;
    if (state.epicAt.has(ordinal)) kind = "epic";
    else {
      kind = rng.weighted<IssueKind>([
        ["story", 35],
        ["task", 25],
        ["bug", 25],
        ["subtask", 15],
      ]);
      if (kind === "subtask") {
        const candidates = state.parents
          .slice(-40)
          .filter((m) => m.issue.resolutionDate === null || m.issue.resolutionDate > created + HOUR);
        if (candidates.length === 0) kind = "task";
        else parent = rng.pick(candidates);
      }
    }

    // Summary.
    let summary: string;
    if (kind === "epic") {
      const j = state.epics.length;
      const base = p.def.epics[j % p.def.epics.length];
      const phased =
        j < p.def.epics.length ? base : `${base}: phase ${Math.floor(j / p.def.epics.length) + 1}`;
      summary = withSuffix(phased, state.used);
    } else if (kind === "subtask") summary = subtaskSummary(rng, parent!.issue.summary, state.used);
    else summary = uniqueSummary(rng, kind, p.def.vocabulary, state.used);
    summary = summary.length > 250 ? summary.slice(0, 250) : summary;
    state.used.add(summary);

    // Status, resolution and sprints.
    let bucket: IssueMeta["bucket"];
    let statusId: string = STATUS.toDo;
    let resolvedAt: number | null = null;
    let sprintIds: number[] = [];
    if (kind === "epic")
      bucket = "backlog"; // settled from the children later
    else if (kind === "subtask") {
      const parentIssue = parent!.issue;
      sprintIds = [...parentIssue.sprintIds];
      if (parentIssue.resolutionDate !== null) {
        statusId = STATUS.done;
        resolvedAt = created + Math.floor(rng.next() * (parentIssue.resolutionDate - created));
      } else if (parentIssue.statusId === STATUS.toDo) {
        statusId = rng.chance(0.1) ? STATUS.inProgress : STATUS.toDo;
      } else {
        statusId = rng.weighted([
          [STATUS.toDo, 35],
          [STATUS.inProgress, 30],
          [STATUS.done, 35],
        ]);
        if (statusId === STATUS.done) resolvedAt = created + Math.floor(rng.next() * age);
      }
      bucket = statusId === STATUS.done ? "done" : parent!.bucket;
    } else if (rng.chance(doneProbability(age))) {
      bucket = "done";
      statusId = STATUS.done;
      const span = Math.min(age, 45 * DAY) - 30 * MINUTE;
      resolvedAt = created + 30 * MINUTE + Math.floor(span * rng.next() ** 1.5);
      sprintIds = sprintHistory(rng, p.sprints, created, bucket, resolvedAt);
    } else {
      bucket = rng.weighted<IssueMeta["bucket"]>([
        ["active", 45],
        ["future", 12],
        ["backlog", 43],
      ]);
      if (bucket === "active") {
        statusId = rng.weighted([
          [STATUS.toDo, 30],
          [STATUS.inProgress, 40],
          [STATUS.inReview, 30],
        ]);
      } else if (bucket === "backlog" && rng.chance(0.08)) statusId = STATUS.inProgress;
      sprintIds = sprintHistory(rng, p.sprints, created, bucket, null);
    }
    const done = statusId === STATUS.done;

    // People.
    const reporter =
      kind === "bug" && qa.length > 0 && rng.chance(0.35)
        ? rng.pick(qa)
        : (kind === "story" || kind === "epic") && rng.chance(0.4)
          ? rng.pick(people.byTeam.product.length > 0 ? people.byTeam.product : p.engineers)
          : rng.chance(0.04)
            ? people.admin
            : rng.pick(p.members);
    let assignee: User | null;
    if (kind === "epic") assignee = rng.chance(0.7) ? rng.pick(p.engineers) : null;
    else if (done || statusId !== STATUS.toDo) assignee = worker();
    else {
      const unassigned = bucket === "backlog" ? 0.35 : bucket === "future" ? 0.2 : 0.1;
      assignee = rng.chance(unassigned) ? null : worker();
    }

    // Fields.
    const priorityId =
      kind === "epic" ? (rng.chance(0.7) ? PRIORITY.medium : PRIORITY.high) : pickPriority(rng, kind);
    const labelCount = rng.weighted([
      [0, 40],
      [1, 35],
      [2, 20],
      [3, 5],
    ]);
    const labels = rng.sample(p.def.labels, labelCount).sort();
    const componentCount =
      kind === "epic"
        ? 0
        : rng.weighted([
            [0, 15],
            [1, 70],
            [2, 15],
          ]);
    const componentIds = rng
      .sample(p.components, componentCount)
      .map((c) => c.id)
      .sort();
    const fixVersionIds = pickFixVersions(rng, p, bucket, resolvedAt);
    const mainParent = kind === "subtask" ? parent : null;
    let parentId: string | null = mainParent ? mainParent.issue.id : null;
    if (
      (kind === "story" || kind === "task" || kind === "bug") &&
      state.epics.length > 0 &&
      rng.chance(0.8)
    ) {
      parentId = rng.pick(state.epics.slice(-4)).id;
    }

    const issue: Issue = {
      id: nextString(store, "issue"),
      key,
      projectId: p.project.id,
      issueTypeId: KIND_TYPE[kind],
      summary,
      description:
        kind === "epic" || rng.chance(0.88)
          ? issueDescription(rng, kind, summary, p.def.vocabulary, state.ctx)
          : null,
      statusId,
      priorityId,
      resolutionId: done ? pickResolution(rng, kind) : null,
      assigneeId: assignee?.accountId ?? null,
      reporterId: reporter.accountId,
      creatorId: reporter.accountId,
      labels,
      componentIds,
      fixVersionIds,
      parentId,
      sprintIds,
      created,
      updated: resolvedAt ?? created,
      resolutionDate: resolvedAt,
      dueDate: rng.chance(0.15) ? ymd(created + rng.int(5, 60) * DAY) : null,
      watcherIds: [],
      rank: "",
      storyPoints:
        kind === "story" && rng.chance(0.9)
          ? rng.weighted([
              [1, 10],
              [2, 20],
              [3, 30],
              [5, 25],
              [8, 12],
              [13, 3],
            ])
          : null,
      timeOriginalEstimate:
        (kind === "task" || kind === "subtask") && rng.chance(0.5)
          ? (rng.pick([1, 2, 4, 8, 16, 24]) * HOUR) / 1000
          : null,
      environment: kind === "bug" && rng.chance(0.5) ? bugEnvironment(rng, p.def.vocabulary) : null,
    };
    store.addIssue(issue);
    const meta: IssueMeta = { issue, kind, project: p, bucket };
    metas.push(meta);
    if (kind === "epic") state.epics.push(issue);
    if (kind === "story" || kind === "task") state.parents.push(meta);
    rememberKey(state.ctx, key);
  }
  return metas;
}

function pickFixVersions(
  rng: Rng,
  p: SeededProject,
  bucket: IssueMeta["bucket"],
  resolvedAt: number | null,
): string[] {
  const versions = p.versions;
  const current = versions.find((v) => !v.version.released);
  const next = versions.filter((v) => !v.version.released)[1];
  if (bucket === "done" && resolvedAt !== null) {
    if (!rng.chance(0.7)) return [];
    const shipped = versions.find(
      (v) => v.version.released && v.releaseAt !== null && v.releaseAt >= resolvedAt,
    );
    const target = shipped ?? current;
    return target ? [target.version.id] : [];
  }
  if (bucket === "active" && current && rng.chance(0.6)) return [current.version.id];
  if (bucket === "future" && next && rng.chance(0.4)) return [next.version.id];
  if (bucket === "backlog" && next && rng.chance(0.15)) return [next.version.id];
  return [];
}

/** An end-to-end scenario triages unassigned High/Highest bugs: make sure each project has a few. */
function ensureUnassignedUrgentBugs(rng: Rng, metas: IssueMeta[], projects: SeededProject[]): void {
  for (const p of projects) {
    const openBugs = metas.filter(
      (m) => m.project === p && m.kind === "bug" && m.issue.resolutionId === null,
    );
    const urgent = (m: IssueMeta) =>
      m.issue.priorityId === PRIORITY.highest || m.issue.priorityId === PRIORITY.high;
    let missing = 3 - openBugs.filter((m) => urgent(m) && m.issue.assigneeId === null).length;
    const candidates = [
      ...openBugs.filter((m) => m.issue.statusId === STATUS.toDo),
      ...openBugs.filter((m) => m.issue.statusId !== STATUS.toDo),
    ].filter((m) => !(urgent(m) && m.issue.assigneeId === null));
    for (const m of candidates) {
      if (missing <= 0) break;
      m.issue.assigneeId = null;
      m.issue.statusId = STATUS.toDo;
      m.issue.priorityId = rng.chance(0.4) ? PRIORITY.highest : PRIORITY.high;
      missing--;
    }
  }
}

/** An epic is done when all its children are, in progress when any has started. */
function settleEpics(metas: IssueMeta[]): void {
  const children = new Map<string, IssueMeta[]>();
  for (const m of metas) {
    if (m.kind === "epic" || m.issue.parentId === null || m.kind === "subtask") continue;
    const list = children.get(m.issue.parentId) ?? [];
    list.push(m);
    children.set(m.issue.parentId, list);
  }
  for (const m of metas) {
    if (m.kind !== "epic") continue;
    const kids = children.get(m.issue.id) ?? [];
    if (kids.length > 0 && kids.every((k) => k.issue.resolutionDate !== null)) {
      m.bucket = "done";
      m.issue.statusId = STATUS.done;
      m.issue.resolutionId = RESOLUTION.done;
      m.issue.resolutionDate = Math.max(...kids.map((k) => k.issue.resolutionDate!));
      m.issue.updated = m.issue.resolutionDate;
    } else if (kids.some((k) => k.issue.statusId !== STATUS.toDo)) {
      m.issue.statusId = STATUS.inProgress;
    }
  }
}

// ------------------------------------------------------------------ comments, worklogs, attachments

function seedActivity(store: Store, rng: Rng, now: number, metas: IssueMeta[]): void {
  const projectCtx = new Map<SeededProject, TextContext>();
  let pngPlaced = false;
  for (const m of metas) {
    const { issue, project } = m;
    let ctx = projectCtx.get(project);
    if (!ctx) {
      ctx = textContext(project);
      projectCtx.set(project, ctx);
    }
    // Activity happens while the issue is open, with a little chatter after it closes.
    const activityEnd = Math.min(now, issue.resolutionDate === null ? now : issue.resolutionDate + 2 * DAY);
    const window = Math.max(activityEnd - issue.created, MINUTE);
    const at = () => issue.created + MINUTE + Math.floor(rng.next() * (window - MINUTE));
    let latest = issue.resolutionDate ?? issue.created;

    // Watchers: reporter and assignee watch automatically; a few others follow along.
    const watchers = new Set<string>([issue.reporterId]);
    if (issue.assigneeId) watchers.add(issue.assigneeId);
    for (const u of rng.sample(project.members, rng.int(0, 2))) watchers.add(u.accountId);
    issue.watcherIds = [...watchers];

    const commentCount = rng.weighted([
      [0, 35],
      [1, 25],
      [2, 18],
      [3, 12],
      [4, 6],
      [5, 4],
    ]);
    const times = Array.from({ length: commentCount }, at).sort((a, b) => a - b);
    for (const created of times) {
      const author =
        rng.chance(0.4) && issue.assigneeId ? issue.assigneeId : rng.pick(project.members).accountId;
      const edited = rng.chance(0.1) ? Math.min(now, created + rng.int(2, 90) * MINUTE) : created;
      const id = nextString(store, "comment");
      store.comments.set(id, {
        id,
        issueId: issue.id,
        authorId: author,
        updateAuthorId: author,
        body: commentBody(rng, ctx),
        created,
        updated: edited,
        visibility: rng.chance(0.03)
          ? { type: "role", value: "Developers", identifier: String(ROLE.developers) }
          : null,
      });
      latest = Math.max(latest, edited);
    }

    const started = issue.statusId !== STATUS.toDo;
    if (m.kind !== "epic" && started && rng.chance(0.45)) {
      const end = issue.resolutionDate ?? now;
      for (let i = rng.int(1, 3); i > 0; i--) {
        const timeSpentSeconds = rng.int(1, 16) * 1800;
        const span = Math.max(end - issue.created - timeSpentSeconds * 1000, MINUTE);
        const startedAt = issue.created + Math.floor(rng.next() * span);
        const logged = Math.min(now, startedAt + timeSpentSeconds * 1000 + rng.int(0, 120) * MINUTE);
        const author = issue.assigneeId ?? rng.pick(project.members).accountId;
        const id = nextString(store, "worklog");
        store.worklogs.set(id, {
          id,
          issueId: issue.id,
          authorId: author,
          updateAuthorId: author,
          comment: worklogComment(rng),
          started: startedAt,
          timeSpentSeconds,
          created: logged,
          updated: logged,
        });
        latest = Math.max(latest, logged);
      }
    }

    const wantsPng: boolean = !pngPlaced && m.kind === "bug" && project.def.key === "FRONTEND";
    if (m.kind !== "epic" && (wantsPng || rng.chance(0.06))) {
      const file = wantsPng ? screenshotFile() : textFile(rng, issue.created);
      pngPlaced ||= wantsPng;
      const created = at();
      const id = nextString(store, "attachment");
      store.attachments.set(id, {
        id,
        issueId: issue.id,
        filename: file.filename,
        authorId: issue.reporterId,
        created,
        mimeType: file.mimeType,
        content: file.content,
      });
      latest = Math.max(latest, created);
    }

    // Some issues were touched again later (a field edit, a rank change).
    if (rng.chance(0.25)) latest += Math.floor(rng.next() * (now - latest) * 0.3);
    issue.updated = Math.min(now, Math.max(issue.updated, latest));
    rememberKey(ctx, issue.key);
  }
}

function textFile(rng: Rng, from: number): { filename: string; mimeType: string; content: Buffer } {
  const roll = rng.next();
  if (roll < 0.4) {
    const lines: string[] = [];
    let t = from - rng.int(1, 60) * MINUTE;
    for (let i = rng.int(4, 10); i > 0; i--) {
      t += rng.int(1, 4000) * 10;
      lines.push(`${new Date(t).toISOString()} ${rng.pick(LOG_LINES)}`);
    }
    return { filename: "app.log", mimeType: "text/plain", content: Buffer.from(`${lines.join("\n")}\n`) };
  }
  if (roll < 0.7) {
    const rows = ["robot_id,site,battery_pct,firmware,last_seen"];
    for (let i = rng.int(3, 8); i > 0; i--) {
      rows.push(
        `R-${rng.int(1000, 9999)},${rng.pick(["DUB-1", "RTM-2", "ATL-3", "SYD-1"])},${rng.int(3, 100)},` +
          `4.${rng.int(0, 9)}.${rng.int(0, 20)},${new Date(from - rng.int(1, 500) * MINUTE).toISOString()}`,
      );
    }
    return {
      filename: "robots-export.csv",
      mimeType: "text/csv",
      content: Buffer.from(`${rows.join("\n")}\n`),
    };
  }
  const trace = rng.pick(STACK_TRACES);
  return { filename: "stacktrace.txt", mimeType: "text/plain", content: Buffer.from(`${trace.text}\n`) };
}

/** A real (tiny) PNG: 4×4 pixels in Acme orange, built with zlib so the bytes are valid. */
function screenshotFile(): { filename: string; mimeType: string; content: Buffer } {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0); // width
  header.writeUInt32BE(4, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: truecolour
  const row = Buffer.from([0, 0xf7, 0x92, 0x32, 0xf7, 0x92, 0x32, 0xf7, 0x92, 0x32, 0xf7, 0x92, 0x32]);
  const content = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat([row, row, row, row]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return { filename: "screenshot.png", mimeType: "image/png", content };
}

// ------------------------------------------------------------------ links and rank

function seedLinks(store: Store, rng: Rng, metas: IssueMeta[]): void {
  const seen = new Set<string>();
  const byProject = new Map<SeededProject, IssueMeta[]>();
  for (const m of metas) {
    if (m.kind === "epic" || m.kind === "subtask") continue;
    const list = byProject.get(m.project) ?? [];
    list.push(m);
    byProject.set(m.project, list);
  }
  const all = metas.filter((m) => m.kind !== "epic" && m.kind !== "subtask");
  // Stored as "outward issue <outward verb> inward issue": outward blocks / duplicates / clones inward.
  const add = (typeId: string, outward: IssueMeta, inward: IssueMeta) => {
    if (outward === inward) return;
    const pair = [outward.issue.id, inward.issue.id].sort().join(":");
    if (seen.has(pair)) return;
    seen.add(pair);
    const id = nextString(store, "link");
    store.links.set(id, { id, typeId, outwardIssueId: outward.issue.id, inwardIssueId: inward.issue.id });
  };
  const seenPerProject = new Map<SeededProject, number>();
  for (const m of metas) {
    if (m.kind === "epic" || m.kind === "subtask") continue;
    const peers = byProject.get(m.project)!;
    const index = seenPerProject.get(m.project) ?? 0;
    seenPerProject.set(m.project, index + 1);
    if (index === 0) continue;
    const earlier = () => peers.slice(0, index);
    if (m.issue.resolutionId === RESOLUTION.duplicate) {
      const sameKind = earlier().filter((e) => e.kind === m.kind);
      add(LINK_TYPE.duplicate, m, rng.pick(sameKind.length > 0 ? sameKind : earlier()));
    }
    if (m.issue.resolutionId === null && rng.chance(0.07)) {
      // A few random draws find an open blocker without scanning the whole project.
      for (let attempt = 0; attempt < 8; attempt++) {
        const candidate = peers[rng.int(0, index - 1)];
        if (candidate.issue.resolutionId !== null) continue;
        add(LINK_TYPE.blocks, candidate, m);
        break;
      }
    }
    if (rng.chance(0.05)) add(LINK_TYPE.relates, m, rng.chance(0.8) ? rng.pick(peers) : rng.pick(all));
    if (rng.chance(0.005)) add(LINK_TYPE.cloners, m, peers[rng.int(0, index - 1)]);
  }
}

/**
 * LexoRank-looking ranks (`0|i000ab:`), in backlog order per project: the active sprint, future
 * sprints, the backlog by priority, then finished work. Gaps leave room for rank operations.
 */
function assignRanks(metas: IssueMeta[], projects: SeededProject[]): void {
  const order: Record<IssueMeta["bucket"], number> = { active: 0, future: 1, backlog: 2, done: 3 };
  const sorted: IssueMeta[] = [];
  for (const p of projects) {
    const mine = metas.filter((m) => m.project === p);
    mine.sort(
      (a, b) =>
        order[a.bucket] - order[b.bucket] ||
        Number(a.issue.priorityId) - Number(b.issue.priorityId) ||
        Number(a.issue.id) - Number(b.issue.id),
    );
    sorted.push(...mine);
  }
  const space = 36 ** 5;
  const step = Math.max(1, Math.min(4096, Math.floor(space / (sorted.length + 2))));
  sorted.forEach((m, i) => {
    m.issue.rank = `0|i${((i + 1) * step).toString(36).padStart(5, "0")}:`;
  });
}
