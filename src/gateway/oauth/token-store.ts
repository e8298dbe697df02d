import type { Repositories } from "../storage/repositories.js";
import type { IntegratedAccount, Millis, OAuthTokens, Queryable } from "../storage/types.js";

/** Which account: every storage call is team-scoped, so the team travels with the id. */
export type AccountRef = Pick<IntegratedAccount, "teamId" | "id">;

/** One OAuth account as the refresh code needs it: the row, its decrypted tokens, its last failure. */
export interface OAuthAccountRow {
  account: IntegratedAccount;
  /** Null while the connect flow has not finished (status `pending`) or for non-OAuth accounts. */
  tokens: OAuthTokens | null;
  /** When a refresh last failed; drives the retry cooldown. */
  refreshFailedAt: Millis | null;
}

/** The operations that must run on the refresh transaction's connection, with the lock held. */
export interface TokenTx {
  /** Blocks until this transaction holds the account's refresh lock (pg_advisory_xact_lock). */
  lockForRefresh(ref: AccountRef): Promise<void>;
  read(ref: AccountRef): Promise<OAuthAccountRow | null>;
  /**
   * Stores rotated tokens, marks the account active and clears the failure mark, iff the secret
   * version is still `expectedVersion`. Null when it is not (someone wrote without the lock).
   */
  saveTokens(
    ref: AccountRef,
    tokens: OAuthTokens,
    expectedVersion: number,
  ): Promise<IntegratedAccount | null>;
  /** Status `needs_reauth` and refresh_failed_at = now, committed with the transaction. */
  markNeedsReauth(ref: AccountRef, reason: string): Promise<void>;
}

/**
 * The storage operations the token manager and the scheduler use, gathered in one seam so the
 * refresh algorithm reads as the algorithm. Built from the repositories by `tokenStoreFrom`.
 */
export interface TokenStore {
  /** A plain read, outside any lock. */
  read(ref: AccountRef): Promise<OAuthAccountRow | null>;
  transaction<T>(fn: (tx: TokenTx) => Promise<T>): Promise<T>;
  /** Active OAuth accounts whose access token expires before `beforeMs`. */
  dueForRefresh(beforeMs: Millis): Promise<IntegratedAccount[]>;
}

export function tokenStoreFrom(repos: Repositories): TokenStore {
  return {
    read: (ref) => readRow(repos, repos.db, ref),
    transaction: (fn) =>
      repos.transaction((tx, txRepos) =>
        fn({
          lockForRefresh: (ref) => txRepos.accounts.lockForRefresh(tx, ref.id),
          read: (ref) => readRow(txRepos, tx, ref),
          async saveTokens(ref, tokens, expectedVersion) {
            const saved = await txRepos.accounts.updateOAuthTokens(
              tx,
              ref.teamId,
              ref.id,
              tokens,
              expectedVersion,
            );
            if (!saved || saved.status === "active") return saved;
            return txRepos.accounts.setStatus(ref.teamId, ref.id, "active");
          },
          async markNeedsReauth(ref, reason) {
            await txRepos.accounts.setStatus(ref.teamId, ref.id, "needs_reauth");
            await txRepos.accounts.markRefreshFailed(ref.teamId, ref.id, reason);
          },
        }),
      ),
    dueForRefresh: (beforeMs) => repos.accounts.dueForRefresh(beforeMs),
  };
}

async function readRow(repos: Repositories, q: Queryable, ref: AccountRef): Promise<OAuthAccountRow | null> {
  const account = await repos.accounts.get(ref.teamId, ref.id);
  if (!account) return null;
  if (account.authType !== "oauth") return { account, tokens: null, refreshFailedAt: null };
  const secret = await repos.accounts.readSecret(ref.teamId, ref.id);
  // The repositories expose no reader for refresh_failed_at yet; this is the one column read here.
  const { rows } = await q.query<{ refresh_failed_at: unknown }>(
    "SELECT refresh_failed_at FROM integrated_accounts WHERE team_id = $1 AND id = $2",
    [ref.teamId, ref.id],
  );
  const failed = rows[0]?.refresh_failed_at;
  const tokens: OAuthTokens | null =
    secret?.type === "oauth"
      ? {
          accessToken: secret.accessToken,
          refreshToken: secret.refreshToken,
          expiresAt: secret.expiresAt,
          scope: secret.scope,
        }
      : null;
  return {
    account,
    tokens,
    refreshFailedAt: failed === null || failed === undefined ? null : Number(failed),
  };
}
