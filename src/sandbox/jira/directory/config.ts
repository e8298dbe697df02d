import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { isInteger } from "../../http/params.js";
import type { ApplicationRoleRecord, AuditRecord, User } from "../../state/model.js";
import { groupNameBean } from "../serialize/group.js";
import { priorityBean, resolutionBean } from "../serialize/priority.js";
import { projectRoleBean } from "../serialize/role.js";
import { statusBean } from "../serialize/status.js";
import { jiraTime } from "../serialize/user.js";
import {
  ADMIN_REQUIRED,
  adminRequired,
  apiRoot,
  apiVersionOf,
  badParam,
  boolParam,
  type Ctx,
  isAnyProjectAdmin,
  isCloud,
  isJiraAdmin,
  listParam,
  pageBean,
  pageParams,
} from "./common.js";

/** The product keys `approximateLicenseCount/product/{applicationKey}` accepts (an enum in the spec). */
const LICENSE_PRODUCTS = ["jira-core", "jira-product-discovery", "jira-software", "jira-servicedesk"];
const STATUS_CATEGORY_NAMES: Record<string, string> = {
  new: "TODO",
  indeterminate: "IN_PROGRESS",
  done: "DONE",
};

/** What `/serverInfo` reports, per deployment: Cloud's rolling "1001" line, or a pinned Data Center release. */
const SERVER_INFO = {
  cloud: {
    version: "1001.0.0-SNAPSHOT",
    versionNumbers: [1001, 0, 0],
    deploymentType: "Cloud",
    buildNumber: 100295,
    scmInfo: "532ed2302d5d2f8a1e3b0c7a6f4d9e8b7c6a5f41",
  },
  datacenter: {
    version: "10.3.4",
    versionNumbers: [10, 3, 4],
    deploymentType: "DataCenter",
    buildNumber: 10030004,
    scmInfo: "9c8e1f4b2a7d6e5c3b1a0f9e8d7c6b5a4f3e2d1c",
  },
} as const;
const BUILD_DATE = Date.UTC(2026, 6, 21, 0, 0, 0);
export const SERVER_TITLE = "Acme Robotics";

/**
 * Site configuration: priorities, statuses, resolutions, project roles, application roles,
 * licences, the audit log and `/serverInfo`. Administrator-only reads answer 403 in Jira's shape.
 */
export function configRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const root = apiRoot(ctx);
  const v = apiVersionOf(ctx);
  const cloud = isCloud(ctx);

  app.get(`${root}/priority`, (c) => {
    const apiBase = c.get("apiBase");
    return c.json([...ctx.store.priorities.values()].map((p) => priorityBean(apiBase, p, v)));
  });

  if (cloud) {
    app.get(`${root}/priority/search`, (c) => {
      const page = pageParams(c, { maxResults: 50, cap: 1000 });
      if (page instanceof Response) return page;
      const ids = new Set(listParam(c, "id"));
      const projectIds = listParam(c, "projectId");
      const name = (c.req.query("priorityName") ?? "").toLowerCase();
      const onlyDefault = boolParam(c, "onlyDefault", false);
      if (onlyDefault === null) return badParam(c, "onlyDefault", c.req.query("onlyDefault") ?? "");
      let priorities = [...ctx.store.priorities.values()];
      if (ids.size > 0) priorities = priorities.filter((p) => ids.has(p.id));
      // Every project uses the one priority scheme, so known project ids keep all; unknown ones are ignored.
      if (projectIds.length > 0 && !projectIds.some((id) => ctx.store.projects.has(id))) priorities = [];
      if (name !== "") priorities = priorities.filter((p) => p.name.toLowerCase().includes(name));
      if (onlyDefault) priorities = priorities.filter((p) => p.isDefault);
      const apiBase = c.get("apiBase");
      return c.json(
        pageBean(
          ctx,
          c,
          priorities.map((p) => priorityBean(apiBase, p, v)),
          page.startAt,
          page.maxResults,
        ),
      );
    });

    // The spec documents a 401 (not 403) for callers without *Administer projects*; we follow it.
    app.get(`${root}/statuses/search`, (c) => {
      if (!isAnyProjectAdmin(ctx, c)) return jiraError(c, 401, [ADMIN_REQUIRED]);
      const page = pageParams(c, { maxResults: 200, cap: 200 });
      if (page instanceof Response) return page;
      const projectId = c.req.query("projectId");
      if (projectId !== undefined && !/^\d{1,18}$/.test(projectId))
        return badParam(c, "projectId", projectId);
      const searchString = (c.req.query("searchString") ?? "").toLowerCase();
      if (searchString.length > 255) return badParam(c, "searchString", searchString);
      const category = c.req.query("statusCategory");
      if (category !== undefined && !Object.values(STATUS_CATEGORY_NAMES).includes(category)) {
        return badParam(c, "statusCategory", category);
      }
      const includeGlobal = boolParam(c, "includeGlobalStatuses", true);
      if (includeGlobal === null)
        return badParam(c, "includeGlobalStatuses", c.req.query("includeGlobalStatuses") ?? "");
      // All sandbox statuses are global (company-managed workflow), so a project filter keeps them
      // only when global statuses are included.
      let statuses = [...ctx.store.statuses.values()];
      if (projectId !== undefined && !includeGlobal) statuses = [];
      if (searchString !== "") statuses = statuses.filter((s) => s.name.toLowerCase().includes(searchString));
      const beans = statuses
        .map((s) => {
          const key = ctx.store.statusCategories.get(s.categoryId)?.key ?? "new";
          return {
            id: s.id,
            name: s.name,
            statusCategory: STATUS_CATEGORY_NAMES[key] ?? "TODO",
            scope: { type: "GLOBAL" },
            description: s.description,
          };
        })
        .filter((s) => category === undefined || s.statusCategory === category);
      return c.json(pageBean(ctx, c, beans, page.startAt, page.maxResults));
    });
  }

  app.get(`${root}/status`, (c) => {
    const apiBase = c.get("apiBase");
    return c.json([...ctx.store.statuses.values()].map((s) => statusBean(ctx, apiBase, s, v)));
  });

  app.get(`${root}/resolution`, (c) => {
    const apiBase = c.get("apiBase");
    return c.json([...ctx.store.resolutions.values()].map((r) => resolutionBean(apiBase, r, v)));
  });

  app.get(`${root}/role`, (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const apiBase = c.get("apiBase");
    return c.json(
      [...ctx.store.projectRoles.values()].map((r) => projectRoleBean(ctx, apiBase, r, { apiVersion: v })),
    );
  });

  app.get(`${root}/role/:id`, (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const id = c.req.param("id");
    const role = /^\d{1,15}$/.test(id) ? ctx.store.projectRoles.get(Number(id)) : undefined;
    if (!role) return jiraError(c, 404, [`Project role with id '${id}' does not exist.`]);
    return c.json(projectRoleBean(ctx, c.get("apiBase"), role, { apiVersion: v }));
  });

  const roleBean = (c: Ctx, role: ApplicationRoleRecord) => {
    const apiBase = c.get("apiBase");
    const users = roleUsers(role);
    const details = (names: string[]) =>
      names
        .map((n) => ctx.store.groups.get(n))
        .filter((g) => g !== undefined)
        .map((g) => groupNameBean(apiBase, g, v));
    return {
      key: role.key,
      groups: [...role.groups],
      groupDetails: details(role.groups),
      name: role.name,
      defaultGroups: [...role.defaultGroups],
      defaultGroupsDetails: details(role.defaultGroups),
      selectedByDefault: false,
      defined: true,
      numberOfSeats: role.numberOfSeats,
      remainingSeats: Math.max(0, role.numberOfSeats - users.length),
      userCount: users.length,
      userCountDescription: "users",
      hasUnlimitedSeats: false,
      platform: role.platform,
    };
  };

  /** Active people holding a role through one of its groups: what licence counts count. */
  const roleUsers = (role: ApplicationRoleRecord): User[] =>
    [...ctx.store.users.values()].filter(
      (u) => u.active && u.accountType === "atlassian" && u.groups.some((g) => role.groups.includes(g)),
    );

  app.get(`${root}/applicationrole`, (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    return c.json([...ctx.store.applicationRoles.values()].map((r) => roleBean(c, r)));
  });

  app.get(`${root}/applicationrole/:key`, (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const key = c.req.param("key");
    const role = ctx.store.applicationRoles.get(key);
    if (!role) return jiraError(c, 404, [`The application role '${key}' does not exist.`]);
    return c.json(roleBean(c, role));
  });

  if (cloud) {
    app.get(`${root}/instance/license`, (c) =>
      c.json({
        applications: [...ctx.store.applicationRoles.values()].map((r) => ({
          id: r.key,
          plan: r.plan === "FREE" ? "FREE" : r.plan === "UNLICENSED" ? "UNLICENSED" : "PAID",
        })),
      }),
    );

    app.get(`${root}/license/approximateLicenseCount`, (c) => {
      if (!isJiraAdmin(ctx, c)) return adminRequired(c);
      const licensed = new Set<string>();
      for (const role of ctx.store.applicationRoles.values())
        for (const u of roleUsers(role)) licensed.add(u.accountId);
      return c.json({ key: "jira", value: String(licensed.size) });
    });

    app.get(`${root}/license/approximateLicenseCount/product/:applicationKey`, (c) => {
      const key = c.req.param("applicationKey");
      if (!LICENSE_PRODUCTS.includes(key)) {
        return jiraError(c, 400, [
          `Invalid application key '${key}'. Valid keys: ${LICENSE_PRODUCTS.join(", ")}.`,
        ]);
      }
      if (!isJiraAdmin(ctx, c)) return adminRequired(c);
      const role = ctx.store.applicationRoles.get(key);
      return c.json({ key, value: String(role ? roleUsers(role).length : 0) });
    });
  }

  app.get(`${root}/auditing/record`, (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const rawOffset = c.req.query("offset");
    const rawLimit = c.req.query("limit");
    if (rawOffset !== undefined && !isInteger(rawOffset)) return badParam(c, "offset", rawOffset);
    if (rawLimit !== undefined && !isInteger(rawLimit)) return badParam(c, "limit", rawLimit);
    const offset = Math.max(0, rawOffset === undefined ? 0 : Number(rawOffset));
    let limit = rawLimit === undefined ? 1000 : Number(rawLimit);
    if (limit < 0) limit = 1000;
    limit = Math.min(limit, 1000);
    const from = parseAuditDate(c.req.query("from"));
    const to = parseAuditDate(c.req.query("to"));
    if (from === null) return badParam(c, "from", c.req.query("from") ?? "");
    if (to === null) return badParam(c, "to", c.req.query("to") ?? "");
    const terms = (c.req.query("filter") ?? "")
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => t !== "");
    const records = ctx.store.auditRecords
      .filter((r) => (from === undefined || r.created >= from) && (to === undefined || r.created <= to))
      .filter((r) => terms.every((t) => auditText(r).includes(t)))
      .sort((a, b) => b.created - a.created || b.id - a.id);
    return c.json({
      offset,
      limit,
      total: records.length,
      records: records.slice(offset, offset + limit).map((r) => auditBean(ctx, r)),
    });
  });

  app.get(`${root}/serverInfo`, (c) => {
    const info = SERVER_INFO[ctx.options.deployment];
    return c.json({
      baseUrl: ctx.baseUrl,
      version: info.version,
      versionNumbers: [...info.versionNumbers],
      deploymentType: info.deploymentType,
      buildNumber: info.buildNumber,
      buildDate: jiraTime(BUILD_DATE),
      serverTime: jiraTime(ctx.now()),
      scmInfo: info.scmInfo,
      serverTitle: SERVER_TITLE,
      ...(cloud ? {} : { serverTimeZone: "Etc/UTC" }),
    });
  });

  return app;
}

/** `from`/`to`: ISO 8601 dates or date-times (undefined when absent, null when unreadable). */
function parseAuditDate(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw))
    return null;
  let text = raw.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += "T00:00:00Z";
  else if (!/(Z|[+-]\d{2}:\d{2})$/.test(text)) text += "Z";
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The fields Jira's `filter` searches, lower-cased and joined once per record. */
function auditText(r: AuditRecord): string {
  return [
    r.summary,
    r.category,
    r.eventSource,
    r.objectItem.name,
    r.objectItem.typeName,
    r.remoteAddress,
    ...r.changedValues.flatMap((cv) => [cv.changedFrom, cv.changedTo]),
  ]
    .join("\n")
    .toLowerCase();
}

/**
 * `AuditRecordBean`. The spec knows only `authorKey` (Cloud also sends `authorAccountId`, which the
 * spec forbids), so the author goes there: the account id on Cloud, the user key on Data Center.
 */
function auditBean(ctx: SandboxContext, r: AuditRecord): Record<string, unknown> {
  const author = ctx.store.users.get(r.authorAccountId);
  const bean: Record<string, unknown> = {
    id: r.id,
    summary: r.summary,
    remoteAddress: r.remoteAddress,
    authorKey: ctx.options.deployment === "datacenter" && author ? author.key : r.authorAccountId,
    created: jiraTime(r.created),
    category: r.category,
    eventSource: r.eventSource,
  };
  if (r.description) bean.description = r.description;
  bean.objectItem = { ...r.objectItem };
  bean.changedValues = r.changedValues.map((cv) => ({ ...cv }));
  bean.associatedItems = r.associatedItems.map((a) => ({ ...a }));
  return bean;
}
