import type { SandboxContext } from "../../context.js";
import type { User } from "../../state/model.js";
import { userBean } from "./user.js";

/** The properties of Jira's `UserDetails`, which forbids others (notably `locale`). */
const USER_DETAILS_KEYS = [
  "self",
  "accountId",
  "accountType",
  "key",
  "name",
  "emailAddress",
  "avatarUrls",
  "displayName",
  "active",
  "timeZone",
] as const;

/**
 * A user as Jira embeds one inside issues, comments, worklogs, attachments and watcher lists: the
 * full `userBean` minus what `UserDetails` does not define.
 */
export function userDetails(ctx: SandboxContext, apiBase: string, user: User): Record<string, unknown> {
  const full = userBean(ctx, apiBase, user);
  const out: Record<string, unknown> = {};
  for (const k of USER_DETAILS_KEYS) if (k in full) out[k] = full[k];
  return out;
}

/** `userDetails` by account id, or null when the id does not resolve. */
export function userDetailsRef(
  ctx: SandboxContext,
  apiBase: string,
  accountId: string | null,
): Record<string, unknown> | null {
  if (!accountId) return null;
  const user = ctx.store.users.get(accountId);
  return user ? userDetails(ctx, apiBase, user) : null;
}
