import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { jiraError } from "../http/errors.js";
import { parseBoolean, parseList } from "../http/params.js";
import { STORY_POINTS_FIELD } from "../jira/serialize/fields.js";
import { projectRef } from "../jira/serialize/project-ref.js";
import { isDoneStatus } from "../jira/serialize/status.js";
import { avatarUrls } from "../jira/serialize/user.js";
import type { Board, User } from "../state/model.js";
import { boardOr404, type Ctx, canWrite, isCloud, pagedValues } from "./common.js";
import { compareRank } from "./rank.js";
import { AGILE, agileVersionBean, boardBean, epicBean, isEpic, RANK_FIELD_ID } from "./serialize.js";

const BOARD_TYPES = new Set(["scrum", "kanban", "simple"]);
/** Jira keeps closed work on a Kanban board only for a while; this is its default sub-filter. */
const KANBAN_SUBQUERY = "fixVersion in unreleasedVersions() OR fixVersion is EMPTY";

/**
 * Boards: listing with Jira Software's filters, a board, its configuration (columns mapped to the
 * workflow's statuses, story points as estimation, the Rank field), its projects, versions and epics.
 */
export function boardRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get(`${AGILE}/board`, (c) => {
    const types = parseList(c.req.queries("type"));
    for (const t of types) {
      if (!BOARD_TYPES.has(t))
        return jiraError(c, 400, [`'${t}' is not a valid board type. Valid values: scrum, kanban, simple.`]);
    }
    const orderBy = c.req.query("orderBy");
    if (orderBy !== undefined && !/^[+-]?name$/.test(orderBy)) {
      return jiraError(c, 400, [
        `'${orderBy}' is not a valid value for orderBy. Valid values: name, -name, +name.`,
      ]);
    }
    const expand = new Set(parseList(c.req.queries("expand")));
    const name = c.req.query("name")?.toLowerCase();
    const projectRefParam = c.req.query("projectKeyOrId");
    let projectId: string | undefined;
    if (projectRefParam !== undefined && projectRefParam !== "") {
      const project = ctx.store.findProject(projectRefParam);
      if (!project)
        return jiraError(c, 400, [`No project could be found with key or id '${projectRefParam}'.`]);
      projectId = project.id;
    }
    const boards: Board[] = [];
    for (const b of ctx.store.boards.values()) {
      if (types.length > 0 && !types.includes(b.type)) continue;
      if (name !== undefined && !b.name.toLowerCase().includes(name)) continue;
      if (projectId !== undefined && b.projectId !== projectId) continue;
      boards.push(b);
    }
    if (orderBy !== undefined) {
      const dir = orderBy.startsWith("-") ? -1 : 1;
      boards.sort((a, b) => dir * a.name.localeCompare(b.name) || a.id - b.id);
    }
    const apiBase = c.get("apiBase");
    const editable = canWrite(ctx, c);
    return pagedValues(c, boards, (b) => {
      const bean = boardBean(ctx, apiBase, b);
      if (expand.has("admins")) bean.admins = boardAdmins(ctx, apiBase, b);
      if (expand.has("permissions")) bean.canEdit = editable;
      return bean;
    });
  });

  app.get(`${AGILE}/board/:boardId`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    return c.json(boardBean(ctx, c.get("apiBase"), board));
  });

  app.get(`${AGILE}/board/:boardId/configuration`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    return c.json(configuration(ctx, c, board));
  });

  app.get(`${AGILE}/board/:boardId/project`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    const project = ctx.store.projects.get(board.projectId);
    const apiBase = c.get("apiBase");
    const v = isCloud(ctx) ? 3 : 2;
    return pagedValues(c, project ? [project] : [], (p) => projectRef(ctx, apiBase, p, v));
  });

  app.get(`${AGILE}/board/:boardId/version`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    const rawReleased = c.req.query("released");
    let released: boolean | undefined;
    if (rawReleased !== undefined) {
      const parsed = parseBoolean(rawReleased, false);
      if (parsed === null) return jiraError(c, 400, [`Invalid value for released: '${rawReleased}'`]);
      released = parsed;
    }
    const versions = [...ctx.store.versions.values()].filter(
      (v) => v.projectId === board.projectId && (released === undefined || v.released === released),
    );
    const apiBase = c.get("apiBase");
    return pagedValues(c, versions, (v) => agileVersionBean(apiBase, v));
  });

  app.get(`${AGILE}/board/:boardId/epic`, (c) => {
    const board = boardOr404(ctx, c);
    if (board instanceof Response) return board;
    const rawDone = c.req.query("done");
    let done: boolean | undefined;
    if (rawDone !== undefined) {
      const parsed = parseBoolean(rawDone, false);
      if (parsed === null) return jiraError(c, 400, [`Invalid value for done: '${rawDone}'`]);
      done = parsed;
    }
    const epics = [...ctx.store.issues.values()]
      .filter(
        (i) =>
          i.projectId === board.projectId &&
          isEpic(ctx, i) &&
          (done === undefined || isDoneStatus(ctx, i.statusId) === done),
      )
      .sort(compareRank);
    const apiBase = c.get("apiBase");
    return pagedValues(c, epics, (e) => epicBean(ctx, apiBase, e));
  });

  return app;
}

/** `BoardAdminsBean`: the project lead administers a project's board. Its user items are a narrow bean. */
function boardAdmins(ctx: SandboxContext, apiBase: string, board: Board): Record<string, unknown> {
  const lead = ctx.store.users.get(ctx.store.projects.get(board.projectId)?.leadAccountId ?? "");
  return { users: lead ? [adminUser(ctx, apiBase, lead)] : [], groups: [] };
}

function adminUser(ctx: SandboxContext, apiBase: string, user: User): Record<string, unknown> {
  if (!isCloud(ctx)) {
    return {
      self: `${apiBase}/rest/api/2/user?username=${encodeURIComponent(user.name)}`,
      key: user.key,
      name: user.name,
      displayName: user.displayName,
      active: user.active,
      avatarUrls: avatarUrls(user.key),
    };
  }
  return {
    self: `${apiBase}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    displayName: user.displayName,
    active: user.active,
    avatarUrls: avatarUrls(user.accountId),
  };
}

/** Columns follow the workflow: one per status, the last (Done) being the board's "done" column. */
function configuration(ctx: SandboxContext, c: Ctx, board: Board): Record<string, unknown> {
  const apiBase = c.get("apiBase");
  const v = isCloud(ctx) ? 3 : 2;
  const statuses = [...ctx.store.statuses.values()].sort(
    (a, b) => columnOrder(ctx, a.categoryId) - columnOrder(ctx, b.categoryId),
  );
  const project = ctx.store.projects.get(board.projectId);
  const bean: Record<string, unknown> = {
    id: board.id,
    name: board.name,
    type: board.type,
    self: `${apiBase}${AGILE}/board/${board.id}/configuration`,
    location: { type: "project", projectKeyOrId: project ? project.id : board.projectId },
    filter: { id: String(filterIdOf(board)), self: `${apiBase}/rest/api/${v}/filter/${filterIdOf(board)}` },
  };
  if (board.type === "kanban") bean.subQuery = { query: KANBAN_SUBQUERY };
  bean.columnConfig = {
    columns: statuses.map((s) => ({
      name: s.name,
      statuses: [{ id: s.id, self: `${apiBase}/rest/api/${v}/status/${s.id}` }],
    })),
    constraintType: "none",
  };
  if (board.type === "scrum") {
    bean.estimation = {
      type: "field",
      field: { fieldId: STORY_POINTS_FIELD, displayName: "Story point estimate" },
    };
  }
  bean.ranking = { rankCustomFieldId: RANK_FIELD_ID };
  return bean;
}

/** To Do first, Done last, as Jira's default board columns are laid out. */
function columnOrder(ctx: SandboxContext, categoryId: number): number {
  const key = ctx.store.statusCategories.get(categoryId)?.key;
  return key === "new" ? 0 : key === "indeterminate" ? 1 : key === "done" ? 2 : 3;
}

/** The board's saved filter (`project = KEY ORDER BY Rank ASC`); the sandbox numbers them after boards. */
export function filterIdOf(board: Board): number {
  return 10000 + board.id;
}
