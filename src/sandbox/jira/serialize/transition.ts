import type { SandboxContext } from "../../context.js";
import type { Issue, Transition } from "../../state/model.js";
import { fieldMetadata } from "./field-meta.js";
import { FIELD_BY_ID } from "./fields.js";
import type { ApiVersion } from "./refs.js";
import { statusBean } from "./status.js";

/**
 * Transitions open to an issue. The sandbox has one shared workflow where every status can reach
 * every other ("allow all transitions"); a transition into the current status is not offered.
 */
export function availableTransitions(ctx: SandboxContext, issue: Issue): Transition[] {
  return ctx.store.transitions.filter((t) => t.toStatusId !== issue.statusId);
}

/** `IssueTransition` bean; `withFields` adds the screen's field metadata (`expand=transitions.fields`). */
export function transitionBean(
  ctx: SandboxContext,
  apiBase: string,
  issue: Issue,
  transition: Transition,
  apiVersion: ApiVersion,
  withFields: boolean,
): Record<string, unknown> {
  const to = ctx.store.statuses.get(transition.toStatusId);
  const bean: Record<string, unknown> = { id: transition.id, name: transition.name };
  if (to) bean.to = statusBean(ctx, apiBase, to, apiVersion);
  bean.hasScreen = transition.screenFields.length > 0;
  bean.isGlobal = true;
  bean.isInitial = false;
  bean.isAvailable = true;
  bean.isConditional = false;
  bean.isLooped = false;
  if (withFields) {
    const fields: Record<string, unknown> = {};
    for (const id of transition.screenFields) {
      const def = FIELD_BY_ID.get(id);
      if (!def) continue;
      fields[id] = fieldMetadata(ctx, apiBase, def, issue.projectId, issue.issueTypeId, apiVersion, {
        required: id === "resolution",
      });
    }
    bean.fields = fields;
  }
  return bean;
}
