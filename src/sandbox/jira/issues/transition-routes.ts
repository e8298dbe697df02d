import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { isObject } from "../../http/body.js";
import { jiraError } from "../../http/errors.js";
import type { ApiVersion } from "../serialize/refs.js";
import { isDoneStatus } from "../serialize/status.js";
import { availableTransitions, transitionBean } from "../serialize/transition.js";
import { apiVersions, caller, canWrite, issueOr404, prefix, queryList, readObject } from "./common.js";
import { editIssue } from "./issue-service.js";

/** The spec documents no 403 for doTransition: Jira reports a missing permission as a 400. */
export const TRANSITION_FORBIDDEN = "You do not have permission to transition this issue.";

/** `GET/POST /issue/{issueIdOrKey}/transitions`. */
export function transitionRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.get(`${P}/issue/:issueIdOrKey/transitions`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const withFields = (queryList(c, "expand") ?? []).includes("transitions.fields");
    const only = c.req.query("transitionId");
    const list = availableTransitions(ctx, issue).filter((t) => only === undefined || t.id === only);
    return c.json({
      expand: "transitions",
      transitions: list.map((t) => transitionBean(ctx, c.get("apiBase"), issue, t, v, withFields)),
    });
  });

  app.post(`${P}/issue/:issueIdOrKey/transitions`, async (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const user = caller(ctx, c);
    if (!canWrite(user)) return jiraError(c, 400, [TRANSITION_FORBIDDEN]);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const t = body.transition;
    const rawId = isObject(t) ? t.id : undefined;
    if (rawId === undefined || rawId === null) return jiraError(c, 400, ["Missing 'transition' identifier"]);
    const id = String(rawId).slice(0, 100);
    const transition = availableTransitions(ctx, issue).find((x) => x.id === id);
    if (!transition) return jiraError(c, 400, [`Transition id '${id}' is not valid for this issue.`]);
    const toDone = isDoneStatus(ctx, transition.toStatusId);
    const outcome = editIssue(
      ctx,
      issue,
      body,
      { mode: "transition", apiVersion: v, screen: transition.screenFields, callerId: user?.accountId ?? "" },
      (draft) => {
        draft.statusId = transition.toStatusId;
        if (toDone) {
          // Cloud fills the resolution in when the screen offers it and the caller chose none.
          if (draft.resolutionId === null) draft.resolutionId = defaultResolutionId(ctx);
          if (draft.resolutionDate === null || !isDoneStatus(ctx, issue.statusId))
            draft.resolutionDate = ctx.now();
        } else {
          draft.resolutionId = null;
          draft.resolutionDate = null;
        }
      },
    );
    if (outcome.messages.length > 0 || Object.keys(outcome.errors).length > 0) {
      return jiraError(c, 400, outcome.messages, outcome.errors);
    }
    return c.body(null, 204);
  });
}

function defaultResolutionId(ctx: SandboxContext): string | null {
  for (const r of ctx.store.resolutions.values()) if (r.name === "Done") return r.id;
  return ctx.store.resolutions.keys().next().value ?? null;
}
