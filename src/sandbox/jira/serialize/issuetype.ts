import type { SandboxContext } from "../../context.js";
import type { IssueType } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";

/** Jira Cloud's built-in avatar ids per standard type, so icons look like a real site's. */
function avatarIdOf(type: IssueType): number {
  if (type.subtask) return 10316;
  if (type.hierarchyLevel >= 1) return 10307;
  const name = type.name.toLowerCase();
  if (name === "bug") return 10303;
  if (name === "story") return 10315;
  return 10318;
}

/** `IssueTypeDetails` bean: only properties the spec defines (it forbids others). */
export function issueTypeBean(
  apiBase: string,
  type: IssueType,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  const avatarId = avatarIdOf(type);
  return {
    self: `${restBase(apiBase, apiVersion)}/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${restBase(apiBase, 2)}/universal_avatar/view/type/issuetype/avatar/${avatarId}?size=medium`,
    name: type.name,
    subtask: type.subtask,
    avatarId,
    hierarchyLevel: type.hierarchyLevel,
  };
}

export function issueTypeRef(ctx: SandboxContext, apiBase: string, id: string, apiVersion: ApiVersion = 3) {
  const t = ctx.store.issueTypes.get(id);
  return t ? issueTypeBean(apiBase, t, apiVersion) : null;
}
