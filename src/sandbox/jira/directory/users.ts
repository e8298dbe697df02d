import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import type { User } from "../../state/model.js";
import { foundGroupBean, groupDetailsBean, groupNameBean, userDetailsBean } from "../serialize/group.js";
import { userBean } from "../serialize/user.js";
import {
  apiRoot,
  apiVersionOf,
  badParam,
  boolParam,
  type Ctx,
  caller,
  isCloud,
  listParam,
  pageBean,
  pageParams,
  projectNotFound,
} from "./common.js";

const USER_NOT_FOUND = "Specified user does not exist or you do not have required permissions";
/** Jira's picker limit (`jira.ajax.autocomplete.limit`). */
const GROUP_PICKER_DEFAULT = 20;

/**
 * Users and groups: `/user`, `/myself`, the user searches (bare arrays, as Jira returns them) and the
 * group listings. Cloud identifies users by accountId only; Data Center by username or key.
 */
export function userRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const root = apiRoot(ctx);
  const v = apiVersionOf(ctx);
  const cloud = isCloud(ctx);

  /** `User` as `/user` and `/myself` return it: with the `groups`/`applicationRoles` summaries. */
  const fullUser = (c: Ctx, user: User) => {
    const apiBase = c.get("apiBase");
    const expand = new Set(listParam(c, "expand"));
    const groups = userGroups(user);
    const roles = [...ctx.store.applicationRoles.values()].filter((r) =>
      r.groups.some((g) => user.groups.includes(g)),
    );
    return {
      ...userBean(ctx, apiBase, user),
      groups: {
        size: groups.length,
        items: expand.has("groups") ? groups.map((g) => groupNameBean(apiBase, g, v)) : [],
      },
      applicationRoles: {
        size: roles.length,
        items: expand.has("applicationRoles") ? roles.map((r) => ({ key: r.key, name: r.name })) : [],
      },
      expand: "groups,applicationRoles",
    };
  };

  const userGroups = (user: User) =>
    user.groups
      .map((name) => ctx.store.groups.get(name))
      .filter((g) => g !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));

  /** Finds the user a request names: accountId on Cloud, username or key on Data Center. */
  const namedUser = (c: Ctx): User | undefined => {
    if (cloud) {
      const accountId = c.req.query("accountId");
      return accountId ? ctx.store.users.get(accountId) : undefined;
    }
    const name = c.req.query("username") ?? c.req.query("key");
    return name ? ctx.store.findUserByName(name) : undefined;
  };

  app.get(`${root}/user`, (c) => {
    const user = namedUser(c);
    if (!user) return jiraError(c, 404, [USER_NOT_FOUND]);
    return c.json(fullUser(c, user));
  });

  app.get(`${root}/myself`, (c) => {
    const user = caller(ctx, c);
    if (!user) return jiraError(c, 404, [USER_NOT_FOUND]);
    return c.json(fullUser(c, user));
  });

  if (cloud) {
    // Both list every account (inactive ones too), as a bare array.
    const allUsers = (c: Ctx) => {
      const page = pageParams(c, { maxResults: 50, cap: 1000 });
      if (page instanceof Response) return page;
      const apiBase = c.get("apiBase");
      const users = [...ctx.store.users.values()].slice(page.startAt, page.startAt + page.maxResults);
      return c.json(users.map((u) => userBean(ctx, apiBase, u)));
    };
    app.get(`${root}/users`, allUsers);
    app.get(`${root}/users/search`, allUsers);
  }

  app.get(`${root}/user/search`, (c) => {
    const page = pageParams(c, { maxResults: 50, cap: 1000 });
    if (page instanceof Response) return page;
    // Data Center takes the search string as `username`; Cloud as `query` (or an exact accountId).
    const query = cloud ? c.req.query("query") : (c.req.query("username") ?? c.req.query("query"));
    const accountId = cloud ? c.req.query("accountId") : undefined;
    const property = c.req.query("property");
    if (query === undefined && accountId === undefined && property === undefined) {
      return jiraError(c, 400, [
        cloud
          ? "The query parameter 'query' or 'accountId' is required."
          : "The username query parameter was not provided",
      ]);
    }
    if (query !== undefined && accountId !== undefined) {
      return jiraError(c, 400, ["The query parameters 'query' and 'accountId' cannot be used together."]);
    }
    let users = [...ctx.store.users.values()].filter((u) => u.active);
    if (accountId !== undefined) users = users.filter((u) => u.accountId === accountId);
    if (query !== undefined) users = users.filter((u) => matchesUserQuery(u, query, !cloud));
    const apiBase = c.get("apiBase");
    return c.json(
      users.slice(page.startAt, page.startAt + page.maxResults).map((u) => userBean(ctx, apiBase, u)),
    );
  });

  app.get(`${root}/user/assignable/search`, (c) => {
    const page = pageParams(c, { maxResults: 50, cap: 1000 });
    if (page instanceof Response) return page;
    const projectParam = c.req.query("project");
    const issueKey = c.req.query("issueKey");
    const issueId = c.req.query("issueId");
    if (projectParam === undefined && issueKey === undefined && issueId === undefined) {
      return jiraError(c, 400, [
        "One of the following parameters must be provided: 'project', 'issueKey' or 'issueId'.",
      ]);
    }
    if (issueId !== undefined && !/^\d+$/.test(issueId)) return badParam(c, "issueId", issueId);
    if (projectParam !== undefined) {
      if (!ctx.store.findProject(projectParam)) return projectNotFound(c, projectParam);
    } else {
      const issue = ctx.store.findIssue((issueKey ?? issueId) as string);
      if (!issue) return jiraError(c, 404, ["Issue does not exist or you do not have permission to see it."]);
    }
    const query = cloud ? c.req.query("query") : (c.req.query("username") ?? c.req.query("query"));
    const accountId = cloud ? c.req.query("accountId") : undefined;
    // Assignable = active people who may edit issues (the browse-only viewer has no *Assign issues*).
    let users = [...ctx.store.users.values()].filter(
      (u) => u.active && u.canEdit && u.accountType === "atlassian",
    );
    if (accountId !== undefined) users = users.filter((u) => u.accountId === accountId);
    if (query !== undefined && query !== "") users = users.filter((u) => matchesUserQuery(u, query, !cloud));
    const apiBase = c.get("apiBase");
    return c.json(
      users.slice(page.startAt, page.startAt + page.maxResults).map((u) => userBean(ctx, apiBase, u)),
    );
  });

  if (cloud) {
    app.get(`${root}/user/groups`, (c) => {
      const user = namedUser(c);
      if (!user) return jiraError(c, 404, [USER_NOT_FOUND]);
      const apiBase = c.get("apiBase");
      return c.json(userGroups(user).map((g) => groupNameBean(apiBase, g, v)));
    });

    app.get(`${root}/group/bulk`, (c) => {
      const page = pageParams(c, { maxResults: 50, cap: 1000 });
      if (page instanceof Response) return page;
      const ids = new Set(listParam(c, "groupId"));
      const names = new Set(listParam(c, "groupName").map((n) => n.toLowerCase()));
      let groups = [...ctx.store.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
      if (ids.size > 0 || names.size > 0) {
        groups = groups.filter((g) => ids.has(g.groupId) || names.has(g.name.toLowerCase()));
      }
      return c.json(pageBean(ctx, c, groups.map(groupDetailsBean), page.startAt, page.maxResults));
    });
  }

  app.get(`${root}/group/member`, (c) => {
    const page = pageParams(c, { maxResults: 50, cap: 50 });
    if (page instanceof Response) return page;
    const includeInactive = boolParam(c, "includeInactiveUsers", false);
    if (includeInactive === null)
      return badParam(c, "includeInactiveUsers", c.req.query("includeInactiveUsers") ?? "");
    const groupId = cloud ? c.req.query("groupId") : undefined;
    const groupname = c.req.query("groupname");
    if (groupId === undefined && groupname === undefined) {
      return jiraError(c, 400, ["You must specify a group name or group id."]);
    }
    const group =
      groupId !== undefined
        ? [...ctx.store.groups.values()].find((g) => g.groupId === groupId)
        : [...ctx.store.groups.values()].find((g) => g.name.toLowerCase() === groupname!.toLowerCase());
    if (!group) return jiraError(c, 404, [`The group '${groupId ?? groupname}' does not exist.`]);
    const members = [...ctx.store.users.values()]
      .filter((u) => u.groups.includes(group.name) && (includeInactive || u.active))
      .sort((a, b) => a.name.localeCompare(b.name));
    const apiBase = c.get("apiBase");
    return c.json(
      pageBean(
        ctx,
        c,
        members.map((u) => userDetailsBean(ctx, apiBase, u)),
        page.startAt,
        page.maxResults,
      ),
    );
  });

  app.get(`${root}/groups/picker`, (c) => {
    const rawMax = c.req.query("maxResults");
    if (rawMax !== undefined && !/^-?\d{1,9}$/.test(rawMax)) return badParam(c, "maxResults", rawMax);
    const max = rawMax === undefined || Number(rawMax) < 0 ? GROUP_PICKER_DEFAULT : Number(rawMax);
    const query = c.req.query("query") ?? "";
    const exclude = new Set(listParam(c, "exclude").map((n) => n.toLowerCase()));
    const excludeId = new Set(listParam(c, "excludeId"));
    const needle = query.toLowerCase();
    const matching = [...ctx.store.groups.values()]
      .filter((g) => !exclude.has(g.name.toLowerCase()) && !excludeId.has(g.groupId))
      .filter((g) => g.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name));
    const shown = matching.slice(0, max);
    return c.json({
      header: `Showing ${shown.length} of ${matching.length} matching groups`,
      total: matching.length,
      groups: shown.map((g) => foundGroupBean(g, query)),
    });
  });

  return app;
}

/**
 * Jira's user search: a case-insensitive prefix of the display name, of any word in it, or of the
 * email address (and, on Data Center, of the username).
 */
export function matchesUserQuery(user: User, query: string, byUsername: boolean): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const name = user.displayName.toLowerCase();
  if (name.startsWith(q)) return true;
  if (name.split(/\s+/).some((word) => word.startsWith(q))) return true;
  if (user.emailAddress.toLowerCase().startsWith(q)) return true;
  return byUsername && user.name.toLowerCase().startsWith(q);
}
