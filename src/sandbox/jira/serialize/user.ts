import type { SandboxContext } from "../../context.js";
import type { User } from "../../state/model.js";

/** Jira's four avatar sizes; URLs are stable per account so responses are deterministic. */
export function avatarUrls(seed: string): Record<"48x48" | "24x24" | "16x16" | "32x32", string> {
  const base = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${seed}`;
  return { "48x48": `${base}/48`, "24x24": `${base}/24`, "16x16": `${base}/16`, "32x32": `${base}/32` };
}

/**
 * A user as Jira returns it inside other objects (assignee, author, ...) and from the user
 * endpoints. Cloud identifies users by accountId only (GDPR); Data Center by name and key.
 */
export function userBean(ctx: SandboxContext, apiBase: string, user: User): Record<string, unknown> {
  if (ctx.options.deployment === "datacenter") {
    return {
      self: `${apiBase}/rest/api/2/user?username=${encodeURIComponent(user.name)}`,
      key: user.key,
      name: user.name,
      emailAddress: user.emailAddress,
      avatarUrls: avatarUrls(user.key),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
      locale: user.locale,
    };
  }
  return {
    self: `${apiBase}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    accountType: user.accountType,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    locale: user.locale,
  };
}

/** A user reference by id, or null when the id no longer resolves (deleted user). */
export function userRef(
  ctx: SandboxContext,
  apiBase: string,
  accountId: string | null,
): Record<string, unknown> | null {
  if (!accountId) return null;
  const user = ctx.store.users.get(accountId);
  return user ? userBean(ctx, apiBase, user) : null;
}

/** Jira's timestamp format: `2026-11-01T09:00:00.000+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}
