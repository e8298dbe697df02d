import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import type { User } from "../../state/model.js";
import type { ApiVersion } from "../serialize/refs.js";
import { restBase } from "../serialize/refs.js";
import { userDetails as userBean } from "../serialize/user-details.js";
import { apiVersions, caller, canWrite, isDataCenter, issueOr404, prefix, readBody } from "./common.js";

export const WATCHERS_FORBIDDEN = "You do not have the permission to manage the watcher list.";

/** Watchers of an issue. Adding takes a bare JSON string (accountId, or username on Data Center). */
export function watcherRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

function lookup(ctx: SandboxContext, ref: string): User | undefined {
  if (ref.length > 128) return undefined;
  return isDataCenter(ctx) ? ctx.store.findUserByName(ref) : ctx.store.users.get(ref);
}

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.get(`${P}/issue/:issueIdOrKey/watchers`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const apiBase = c.get("apiBase");
    const watchers: unknown[] = [];
    for (const id of issue.watcherIds) {
      const u = ctx.store.users.get(id);
      if (u) watchers.push(userBean(ctx, apiBase, u));
    }
    return c.json({
      self: `${restBase(apiBase, v)}/issue/${issue.key}/watchers`,
      isWatching: issue.watcherIds.includes(c.get("identity").accountId),
      watchCount: watchers.length,
      watchers,
    });
  });

  app.post(`${P}/issue/:issueIdOrKey/watchers`, async (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const me = caller(ctx, c);
    if (!canWrite(me) || !me) return jiraError(c, 403, [WATCHERS_FORBIDDEN]);
    const body = await readBody(c, { required: false });
    if (!body.ok) return jiraError(c, 400, [body.message]);
    let user: User | undefined = me;
    if (body.value !== undefined) {
      if (typeof body.value !== "string" || body.value === "") {
        return jiraError(c, 400, [
          isDataCenter(ctx)
            ? "The request body must be a username as a JSON string."
            : "The request body must be an accountId as a JSON string.",
        ]);
      }
      user = lookup(ctx, body.value);
      if (!user) return jiraError(c, 404, [`The user "${body.value.slice(0, 128)}" does not exist.`]);
    }
    if (!user.active)
      return jiraError(c, 400, [`The user "${user.displayName}" is inactive and cannot watch issues.`]);
    if (!issue.watcherIds.includes(user.accountId)) issue.watcherIds.push(user.accountId);
    return c.body(null, 204);
  });

  app.delete(`${P}/issue/:issueIdOrKey/watchers`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const me = caller(ctx, c);
    if (!canWrite(me)) return jiraError(c, 403, [WATCHERS_FORBIDDEN]);
    const param = isDataCenter(ctx) ? "username" : "accountId";
    const ref = c.req.query(param);
    if (ref === undefined || ref === "") return jiraError(c, 400, [`${param} is required.`]);
    const user = lookup(ctx, ref);
    if (!user) return jiraError(c, 404, [`The user "${ref.slice(0, 128)}" does not exist.`]);
    issue.watcherIds = issue.watcherIds.filter((id) => id !== user.accountId);
    return c.body(null, 204);
  });
}
