import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import type { Project, Version } from "../../state/model.js";
import { componentBean, componentWithIssueCountBean } from "../serialize/component.js";
import { issueTypeBean } from "../serialize/issuetype.js";
import { projectBean, projectStats } from "../serialize/project.js";
import { projectRoleBean, projectRolesMap } from "../serialize/role.js";
import { statusBean } from "../serialize/status.js";
import { versionBean } from "../serialize/version.js";
import {
  apiRoot,
  apiVersionOf,
  badParam,
  boolParam,
  type Ctx,
  caller,
  expandParam,
  isCloud,
  isProjectAdmin,
  listParam,
  pageBean,
  pageParams,
  projectNotFound,
} from "./common.js";

const PROJECT_ORDER = ["category", "key", "name", "owner", "issueCount", "lastIssueUpdatedDate"];
/** Only meaningful for archived/deleted projects, of which the sandbox has none: they keep key order. */
const PROJECT_ORDER_UNSUPPORTED = ["archivedDate", "deletedDate"];
const VERSION_ORDER = ["description", "name", "releaseDate", "sequence", "startDate"];
const COMPONENT_ORDER = ["description", "issueCount", "lead", "name"];
const VERSION_STATUSES = ["released", "unreleased", "archived"];

/** `orderBy` with Jira's optional `+`/`-` prefix; null when the field is not one the endpoint sorts by. */
function parseOrder(raw: string, allowed: readonly string[]): { field: string; desc: boolean } | null {
  const m = /^([+-]?)(\w+)$/.exec(raw);
  if (!m || !allowed.includes(m[2])) return null;
  return { field: m[2], desc: m[1] === "-" };
}

function compare(a: string | number | null, b: string | number | null): number {
  // Nulls sort last ascending, as Jira puts undated versions after dated ones.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { sensitivity: "base" });
}

/**
 * Projects and what hangs off them: search, details, statuses, components, versions and roles.
 * Unknown projects are Jira's 404 naming the key or id exactly as sent.
 */
export function projectRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const root = apiRoot(ctx);
  const v = apiVersionOf(ctx);
  const cloud = isCloud(ctx);

  const canEdit = (c: Ctx) => caller(ctx, c)?.canEdit === true;

  if (cloud) {
    app.get(`${root}/project/search`, (c) => {
      const page = pageParams(c, { maxResults: 50, cap: 100 });
      if (page instanceof Response) return page;
      const rawOrder = c.req.query("orderBy") ?? "key";
      const order = parseOrder(rawOrder, [...PROJECT_ORDER, ...PROJECT_ORDER_UNSUPPORTED]);
      if (!order) return badParam(c, "orderBy", rawOrder);
      const ids = listParam(c, "id");
      for (const id of ids) if (!/^\d+$/.test(id)) return badParam(c, "id", id);
      const keys = new Set(listParam(c, "keys").map((k) => k.toUpperCase()));
      const query = (c.req.query("query") ?? "").toLowerCase();
      const typeKeys = new Set(listParam(c, "typeKey"));
      const categoryId = c.req.query("categoryId");
      if (categoryId !== undefined && !/^\d+$/.test(categoryId)) return badParam(c, "categoryId", categoryId);
      const action = c.req.query("action") ?? "view";
      if (!["view", "browse", "edit", "create"].includes(action)) return badParam(c, "action", action);
      const statuses = listParam(c, "status");
      for (const s of statuses)
        if (!["live", "archived", "deleted"].includes(s)) return badParam(c, "status", s);

      const expand = expandParam(c);
      const stats =
        expand.has("insight") || ["issueCount", "lastIssueUpdatedDate"].includes(order.field)
          ? projectStats(ctx)
          : undefined;
      const editor = canEdit(c);
      let projects = [...ctx.store.projects.values()];
      if (ids.length > 0) projects = projects.filter((p) => ids.includes(p.id));
      if (keys.size > 0) projects = projects.filter((p) => keys.has(p.key));
      if (query !== "") {
        projects = projects.filter(
          (p) => p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query),
        );
      }
      if (typeKeys.size > 0) projects = projects.filter((p) => typeKeys.has(p.projectTypeKey));
      if (categoryId !== undefined) projects = projects.filter((p) => p.categoryId === categoryId);
      // Every project is live; archived or deleted ones exist only if someone asks for nothing else.
      if (statuses.length > 0 && !statuses.includes("live")) projects = [];
      if ((action === "edit" || action === "create") && !editor) projects = [];

      const sortKey = (p: Project): string | number | null => {
        switch (order.field) {
          case "name":
            return p.name;
          case "category":
            return p.categoryId ? (ctx.store.projectCategories.get(p.categoryId)?.name ?? null) : null;
          case "owner":
            return ctx.store.users.get(p.leadAccountId)?.displayName ?? null;
          case "issueCount":
            return stats?.get(p.id)?.totalIssueCount ?? 0;
          case "lastIssueUpdatedDate":
            return stats?.get(p.id)?.lastIssueUpdateTime ?? null;
          default:
            return p.key;
        }
      };
      projects.sort((a, b) => compare(sortKey(a), sortKey(b)) || a.key.localeCompare(b.key));
      if (order.desc) projects.reverse();
      const apiBase = c.get("apiBase");
      const window = projects.slice(page.startAt, page.startAt + page.maxResults);
      const beans = window.map((p) =>
        projectBean(ctx, apiBase, p, { apiVersion: v, expand, stats, canEdit: editor }),
      );
      // pageBean slices itself: hand it the full length but only the serialized window.
      const bean = pageBean(ctx, c, projects, page.startAt, page.maxResults);
      bean.values = beans;
      return c.json(bean);
    });
  }

  app.get(`${root}/project/:projectIdOrKey`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project) return projectNotFound(c, idOrKey);
    const expand = expandParam(c);
    const stats = expand.has("insight") ? projectStats(ctx) : undefined;
    return c.json(
      projectBean(ctx, c.get("apiBase"), project, {
        apiVersion: v,
        full: true,
        expand,
        stats,
        canEdit: canEdit(c),
      }),
    );
  });

  app.get(`${root}/project/:projectIdOrKey/statuses`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project) return projectNotFound(c, idOrKey);
    const apiBase = c.get("apiBase");
    // One shared workflow: every issue type of the project can reach every status.
    const statuses = [...ctx.store.statuses.values()].map((s) => statusBean(ctx, apiBase, s, v));
    const out = project.issueTypeIds
      .map((id) => ctx.store.issueTypes.get(id))
      .filter((t) => t !== undefined)
      .map((t) => ({
        self: `${apiBase}${root}/issuetype/${t.id}`,
        id: t.id,
        name: t.name,
        subtask: t.subtask,
        statuses,
      }));
    return c.json(out);
  });

  app.get(`${root}/project/:projectIdOrKey/components`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project) return projectNotFound(c, idOrKey);
    const source = c.req.query("componentSource");
    if (source !== undefined && !["jira", "compass", "auto"].includes(source)) {
      return badParam(c, "componentSource", source);
    }
    const apiBase = c.get("apiBase");
    const out = [...ctx.store.components.values()]
      .filter((comp) => comp.projectId === project.id && source !== "compass")
      .map((comp) => componentBean(ctx, apiBase, comp, v));
    return c.json(out);
  });

  if (cloud) {
    app.get(`${root}/project/:projectIdOrKey/component`, (c) => {
      const idOrKey = c.req.param("projectIdOrKey");
      const project = ctx.store.findProject(idOrKey);
      if (!project) return projectNotFound(c, idOrKey);
      const page = pageParams(c, { maxResults: 50, cap: 1000 });
      if (page instanceof Response) return page;
      const rawOrder = c.req.query("orderBy");
      const order =
        rawOrder === undefined ? { field: "name", desc: false } : parseOrder(rawOrder, COMPONENT_ORDER);
      if (!order) return badParam(c, "orderBy", rawOrder ?? "");
      const source = c.req.query("componentSource");
      if (source !== undefined && !["jira", "compass", "auto"].includes(source)) {
        return badParam(c, "componentSource", source);
      }
      const query = (c.req.query("query") ?? "").toLowerCase();
      let components = [...ctx.store.components.values()].filter((comp) => comp.projectId === project.id);
      if (source === "compass") components = [];
      if (query !== "") {
        components = components.filter(
          (comp) => comp.name.toLowerCase().includes(query) || comp.description.toLowerCase().includes(query),
        );
      }
      const counts = new Map<string, number>();
      for (const issue of ctx.store.issues.values()) {
        if (issue.projectId !== project.id) continue;
        for (const id of issue.componentIds) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const key = (comp: (typeof components)[number]): string | number | null => {
        if (order.field === "description") return comp.description;
        if (order.field === "issueCount") return counts.get(comp.id) ?? 0;
        if (order.field === "lead") {
          return comp.leadAccountId ? (ctx.store.users.get(comp.leadAccountId)?.displayName ?? null) : null;
        }
        return comp.name;
      };
      components.sort((a, b) => compare(key(a), key(b)) || compare(a.name, b.name));
      if (order.desc) components.reverse();
      const apiBase = c.get("apiBase");
      const bean = pageBean(ctx, c, components, page.startAt, page.maxResults);
      bean.values = components
        .slice(page.startAt, page.startAt + page.maxResults)
        .map((comp) => componentWithIssueCountBean(ctx, apiBase, comp, counts.get(comp.id) ?? 0, v));
      return c.json(bean);
    });
  }

  const projectVersions = (project: Project) =>
    [...ctx.store.versions.values()].filter((ver) => ver.projectId === project.id);

  app.get(`${root}/project/:projectIdOrKey/version`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project) return projectNotFound(c, idOrKey);
    const page = pageParams(c, { maxResults: 50, cap: 1000 });
    if (page instanceof Response) return page;
    const rawOrder = c.req.query("orderBy");
    const order =
      rawOrder === undefined ? { field: "sequence", desc: false } : parseOrder(rawOrder, VERSION_ORDER);
    if (!order) return badParam(c, "orderBy", rawOrder ?? "");
    const statuses = listParam(c, "status");
    for (const s of statuses) if (!VERSION_STATUSES.includes(s)) return badParam(c, "status", s);
    const query = (c.req.query("query") ?? "").toLowerCase();
    let versions = projectVersions(project);
    if (statuses.length > 0) versions = versions.filter((ver) => statuses.includes(versionStatus(ver)));
    if (query !== "") {
      versions = versions.filter(
        (ver) => ver.name.toLowerCase().includes(query) || ver.description.toLowerCase().includes(query),
      );
    }
    if (order.field !== "sequence") {
      const key = (ver: Version) =>
        order.field === "name"
          ? ver.name
          : order.field === "description"
            ? ver.description
            : order.field === "releaseDate"
              ? ver.releaseDate
              : ver.startDate;
      versions = versions
        .map((ver, i) => ({ ver, i }))
        .sort((a, b) => compare(key(a.ver), key(b.ver)) || a.i - b.i)
        .map((x) => x.ver);
    }
    if (order.desc) versions.reverse();
    const expand = expandParam(c);
    const apiBase = c.get("apiBase");
    const bean = pageBean(ctx, c, versions, page.startAt, page.maxResults);
    bean.values = versions
      .slice(page.startAt, page.startAt + page.maxResults)
      .map((ver) => versionBean(ctx, apiBase, ver, { apiVersion: v, expand }));
    return c.json(bean);
  });

  app.get(`${root}/project/:projectIdOrKey/versions`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project) return projectNotFound(c, idOrKey);
    const expand = expandParam(c);
    const apiBase = c.get("apiBase");
    return c.json(
      projectVersions(project).map((ver) => versionBean(ctx, apiBase, ver, { apiVersion: v, expand })),
    );
  });

  app.get(`${root}/version/:id`, (c) => {
    const id = c.req.param("id");
    const version = /^\d+$/.test(id) ? ctx.store.versions.get(id) : undefined;
    if (!version) return jiraError(c, 404, [`Could not find version for id '${id}'`]);
    return c.json(versionBean(ctx, c.get("apiBase"), version, { apiVersion: v, expand: expandParam(c) }));
  });

  // Project roles need *Administer Projects*; Jira answers 404 (as for an unknown project) otherwise.
  app.get(`${root}/project/:projectIdOrKey/role`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project || !isProjectAdmin(ctx, c, project)) return projectNotFound(c, idOrKey);
    return c.json(projectRolesMap(ctx, c.get("apiBase"), project, v));
  });

  app.get(`${root}/project/:projectIdOrKey/role/:id`, (c) => {
    const idOrKey = c.req.param("projectIdOrKey");
    const project = ctx.store.findProject(idOrKey);
    if (!project || !isProjectAdmin(ctx, c, project)) return projectNotFound(c, idOrKey);
    const excludeInactive = boolParam(c, "excludeInactiveUsers", false);
    if (excludeInactive === null)
      return badParam(c, "excludeInactiveUsers", c.req.query("excludeInactiveUsers") ?? "");
    const id = c.req.param("id");
    const role = /^\d{1,15}$/.test(id) ? ctx.store.projectRoles.get(Number(id)) : undefined;
    if (!role) return jiraError(c, 404, ["Can not retrieve a role actor for a null project role."]);
    return c.json(
      projectRoleBean(ctx, c.get("apiBase"), role, {
        apiVersion: v,
        project,
        excludeInactiveUsers: excludeInactive,
      }),
    );
  });

  if (cloud) {
    app.get(`${root}/issuetype/project`, (c) => {
      const projectId = c.req.query("projectId");
      if (projectId === undefined) return jiraError(c, 400, ["The 'projectId' query parameter is required."]);
      if (!/^\d{1,18}$/.test(projectId)) return badParam(c, "projectId", projectId);
      const level = c.req.query("level");
      if (level !== undefined && !/^-?\d{1,9}$/.test(level)) return badParam(c, "level", level);
      const project = ctx.store.projects.get(projectId);
      if (!project) return projectNotFound(c, projectId);
      const apiBase = c.get("apiBase");
      return c.json(
        project.issueTypeIds
          .map((id) => ctx.store.issueTypes.get(id))
          .filter((t) => t !== undefined && (level === undefined || t.hierarchyLevel === Number(level)))
          .map((t) => issueTypeBean(apiBase, t!, v)),
      );
    });
  }

  return app;
}

/** The `status` filter's three buckets: archived wins over released. */
function versionStatus(version: Version): string {
  if (version.archived) return "archived";
  return version.released ? "released" : "unreleased";
}
