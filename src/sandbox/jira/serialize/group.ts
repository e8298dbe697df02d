import type { SandboxContext } from "../../context.js";
import type { Group, User } from "../../state/model.js";
import { type ApiVersion, restBase } from "./refs.js";
import { avatarUrls } from "./user.js";

/** `GroupName`: what `/user/groups` and user `groups` expansions list (a link per group). */
export function groupNameBean(
  apiBase: string,
  group: Group,
  apiVersion: ApiVersion = 3,
): Record<string, unknown> {
  return {
    name: group.name,
    groupId: group.groupId,
    self: `${restBase(apiBase, apiVersion)}/group?groupId=${encodeURIComponent(group.groupId)}`,
  };
}

/** `GroupDetails`: the bulk listing's entries carry no link, only name and id. */
export function groupDetailsBean(group: Group): Record<string, unknown> {
  return { name: group.name, groupId: group.groupId };
}

/**
 * `FoundGroup` for the picker: `html` highlights the first match with `<b>`, which pickers render as
 * is, so the group name itself is HTML-escaped first.
 */
export function foundGroupBean(group: Group, query: string): Record<string, unknown> {
  let html = escapeHtml(group.name);
  if (query !== "") {
    const at = group.name.toLowerCase().indexOf(query.toLowerCase());
    if (at >= 0) {
      const end = at + query.length;
      html = `${escapeHtml(group.name.slice(0, at))}<b>${escapeHtml(group.name.slice(at, end))}</b>${escapeHtml(group.name.slice(end))}`;
    }
  }
  return { name: group.name, html, labels: [], groupId: group.groupId };
}

/**
 * `UserDetails`, the member entries of `/group/member`. Unlike `User` it has no `locale` (the spec
 * forbids it), so it cannot reuse `userBean` as is.
 */
export function userDetailsBean(ctx: SandboxContext, apiBase: string, user: User): Record<string, unknown> {
  if (ctx.options.deployment === "datacenter") {
    return {
      self: `${restBase(apiBase, 2)}/user?username=${encodeURIComponent(user.name)}`,
      name: user.name,
      key: user.key,
      emailAddress: user.emailAddress,
      avatarUrls: avatarUrls(user.key),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
    };
  }
  return {
    self: `${restBase(apiBase, 3)}/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    accountType: user.accountType,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
