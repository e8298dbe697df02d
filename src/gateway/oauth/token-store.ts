import type { IntegratedAccount, Millis, OAuthTokens, Queryable } from "../storage/types.js";

/** One OAuth account as the refresh code needs it: the row, its decrypted tokens, its last failure. */
export interface OAuthAccountRow {
  account: IntegratedAccount;
  /** Null while the connect flow has not finished (status `pending`). */
  tokens: OAuthTokens | null;
  /** When a refresh last failed with `invalid_grant`; drives the retry cooldown. */
  refreshFailedAt: Millis | null;
}

/**
 * The storage operations the token manager and scheduler use, in one place. The gateway builds it
 * from the repositories (see `tokenStoreFrom`); tests may build it the same way over PGlite. Every
 * method taking `tx` must run on that transaction's connection: the refresh re-reads and writes while
 * holding the account's advisory lock, and on PGlite any other statement would wait for the
 * transaction itself.
 */
export interface TokenStore {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** `tx` null = a plain read outside any lock. */
  read(tx: Queryable | null, accountId: string): Promise<OAuthAccountRow | null>;
  /** Blocks until this transaction holds the account's refresh lock (pg_advisory_xact_lock). */
  lockForRefresh(tx: Queryable, accountId: string): Promise<void>;
  /**
   * Stores rotated tokens, marks the account active and clears the failure mark, iff the secret
   * version is still `expectedVersion`. Returns false when it is not (someone else wrote meanwhile).
   */
  saveTokens(
    tx: Queryable,
    accountId: string,
    tokens: OAuthTokens,
    expectedVersion: number,
  ): Promise<boolean>;
  /** Status `needs_reauth` + refresh_failed_at = `at`. */
  markNeedsReauth(tx: Queryable | null, accountId: string, at: Millis): Promise<void>;
  /** Active OAuth accounts whose access token expires before `beforeMs`. */
  dueForRefresh(
    beforeMs: Millis,
  ): Promise<Array<Pick<IntegratedAccount, "id" | "tokenExpiresAt" | "secretVersion">>>;
}
