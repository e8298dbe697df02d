import type { Repositories } from "../storage/repositories.js";
import type { Millis, OAuthTokens } from "../storage/types.js";
import { AtlassianOAuthClient, type TokenResult } from "./atlassian-oauth.js";
import type { OAuthConfig } from "./config.js";
import { NeedsReauthError, OAuthRefreshError, OAuthTransientError } from "./errors.js";
import {
  type AccountRef,
  type OAuthAccountRow,
  type TokenStore,
  type TokenTx,
  tokenStoreFrom,
} from "./token-store.js";

/** An access token plus what the manager needs to reason about it later. */
export interface AccessTokenInfo {
  accessToken: string;
  expiresAt: Millis;
  /** The account's secret version this token belongs to. */
  version: number;
}

export interface RefreshOptions {
  /**
   * The secret version the caller last saw. If the row moved past it by the time the lock is held,
   * someone else (this process or another node) already refreshed: their token is used, no HTTP call.
   */
  expectedVersion?: number;
  /** Refresh even when the stored token still looks valid (Atlassian answered 401 with it). */
  force?: boolean;
}

/** pino-compatible subset; only ids, outcomes and statuses are ever passed in, never a token. */
export interface TokenLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface TokenManagerOptions {
  /** The gateway's repositories; or `store` to supply the storage seam directly. */
  repos?: Repositories;
  store?: TokenStore;
  /** The app's OAuth settings, or a ready client (tests inject one). */
  oauth: OAuthConfig | AtlassianOAuthClient;
  now?: () => Millis;
  /** A token with less life left than this is refreshed before use. Default 30 s. */
  minValidityMs?: number;
  /** After `invalid_grant`, calls fail fast for this long without contacting Atlassian. Default 60 s. */
  cooldownMs?: number;
  /**
   * A refresh without `expectedVersion` (a plain `refresh(id)`) is skipped when the stored token
   * still has more than this to live. Default 180 s, the scheduler's horizon.
   */
  freshEnoughMs?: number;
  logger?: TokenLogger;
}

type Outcome =
  | { kind: "token"; info: AccessTokenInfo; refreshed: boolean }
  | { kind: "needs_reauth"; name: string; cooldown: boolean }
  | { kind: "not_connected"; name: string }
  | { kind: "missing" }
  | { kind: "not_oauth" }
  | { kind: "transient"; status: number | null; description: string }
  | { kind: "rejected"; status: number; description: string };

/**
 * Hands out Atlassian OAuth access tokens for integrated accounts, refreshing them on demand.
 *
 * Atlassian rotates refresh tokens: each works once, and a second use is `invalid_grant`, which kills
 * the account until the user consents again. So two refreshes of one account must never race. Inside
 * one process, concurrent callers share one in-flight refresh; across gateway nodes, the refresh runs
 * under a Postgres advisory lock and re-reads the row inside it, so the node that waited finds the
 * rotated tokens and uses them instead of spending the old refresh token a second time. The rotated
 * refresh token is committed in the same transaction, before the new access token is handed out, so
 * a crash can lose at most an access token, never the only valid refresh token.
 *
 * One instance per gateway process.
 */
export class TokenManager {
  private readonly store: TokenStore;
  private readonly oauth: AtlassianOAuthClient;
  private readonly now: () => Millis;
  private readonly minValidityMs: number;
  private readonly cooldownMs: number;
  private readonly freshEnoughMs: number;
  private readonly logger: TokenLogger | undefined;
  private readonly inflight = new Map<string, Promise<AccessTokenInfo>>();
  private readonly cache = new Map<string, AccessTokenInfo>();

  constructor(options: TokenManagerOptions) {
    if (options.store) this.store = options.store;
    else if (options.repos) this.store = tokenStoreFrom(options.repos);
    else throw new TypeError("TokenManager needs repos or store");
    this.oauth =
      options.oauth instanceof AtlassianOAuthClient ? options.oauth : new AtlassianOAuthClient(options.oauth);
    this.now = options.now ?? Date.now;
    this.minValidityMs = options.minValidityMs ?? 30_000;
    this.cooldownMs = options.cooldownMs ?? 60_000;
    this.freshEnoughMs = options.freshEnoughMs ?? 180_000;
    this.logger = options.logger;
  }

  /**
   * A token valid for at least `minValidityMs` more. Throws `NeedsReauthError` (reconnect needed),
   * `OAuthTransientError` (retry later) or `OAuthRefreshError` (not an OAuth account / app misconfigured).
   */
  async getAccessToken(account: AccountRef): Promise<string> {
    return (await this.getAccessTokenInfo(account)).accessToken;
  }

  async getAccessTokenInfo(account: AccountRef): Promise<AccessTokenInfo> {
    const cached = this.cache.get(account.id);
    if (cached && this.validLongEnough(cached.expiresAt)) return cached;
    const running = this.inflight.get(account.id);
    if (running) return running;

    const row = await this.store.read(account);
    const problem = this.precheck(account.id, row);
    if (problem) throw problem;
    const { account: current, tokens } = row!;
    if (current.status === "active" && tokens && this.validLongEnough(tokens.expiresAt)) {
      const info = {
        accessToken: tokens.accessToken,
        expiresAt: tokens.expiresAt,
        version: current.secretVersion,
      };
      this.remember(account.id, info);
      return info;
    }
    return this.refresh(account, { expectedVersion: current.secretVersion });
  }

  /**
   * Atlassian refused a token this manager handed out. Forces a refresh unless someone refreshed
   * since that token was handed out. Pass the rejected token when known; without it, the token this
   * manager currently hands out is assumed to be the rejected one.
   */
  async onUnauthorized(account: AccountRef, rejectedToken?: string): Promise<void> {
    const cached = this.cache.get(account.id);
    let expectedVersion: number;
    if (cached && (rejectedToken === undefined || rejectedToken === cached.accessToken)) {
      expectedVersion = cached.version;
    } else if (cached) {
      // The manager already hands out another token: a refresh happened after the rejected one left.
      return;
    } else {
      const row = await this.store.read(account);
      const problem = this.precheck(account.id, row);
      if (problem) throw problem;
      if (rejectedToken !== undefined && row!.tokens!.accessToken !== rejectedToken) return;
      expectedVersion = row!.account.secretVersion;
    }
    this.cache.delete(account.id);
    await this.refresh(account, { expectedVersion, force: true });
  }

  /**
   * Refreshes the account's tokens, or adopts a refresh someone else made meanwhile. Concurrent
   * calls for one account in this process share one refresh.
   */
  async refresh(account: AccountRef, options: RefreshOptions = {}): Promise<AccessTokenInfo> {
    for (;;) {
      const running = this.inflight.get(account.id);
      if (!running) break;
      const got = await running;
      // A forced refresh needs a token newer than the rejected one; anything else is satisfied.
      if (
        !options.force ||
        options.expectedVersion === undefined ||
        got.version !== options.expectedVersion
      ) {
        return got;
      }
    }
    const promise = this.refreshUnderLock(account, options).finally(() => {
      if (this.inflight.get(account.id) === promise) this.inflight.delete(account.id);
    });
    this.inflight.set(account.id, promise);
    return promise;
  }

  /** Drops the cached token (account deleted or reconnected), so the next call reads the row again. */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  /**
   * The `getAccessToken`/`onUnauthorized` pair of the Atlassian client's `oauth` auth, bound to one
   * account. A 401 refreshes only when nobody has refreshed since the rejected token was handed out;
   * callers that share one binding across concurrent requests should pass the rejected token, since
   * the token handed out last may already be a newer one.
   */
  authFor(account: AccountRef): {
    getAccessToken(): Promise<string>;
    onUnauthorized(rejectedToken?: string): Promise<void>;
  } {
    let last: string | undefined;
    return {
      getAccessToken: async () => {
        last = await this.getAccessToken(account);
        return last;
      },
      onUnauthorized: (rejectedToken?: string) => this.onUnauthorized(account, rejectedToken ?? last),
    };
  }

  private async refreshUnderLock(ref: AccountRef, options: RefreshOptions): Promise<AccessTokenInfo> {
    const accountId = ref.id;
    const outcome = await this.store.transaction((tx) => this.decideAndRefresh(tx, ref, options));
    switch (outcome.kind) {
      case "token":
        this.remember(accountId, outcome.info);
        return outcome.info;
      case "needs_reauth":
        this.cache.delete(accountId);
        throw new NeedsReauthError(accountId, outcome.name);
      case "not_connected":
        throw new NeedsReauthError(accountId, outcome.name, "not_connected");
      case "missing":
        this.cache.delete(accountId);
        throw new OAuthRefreshError(`integrated account ${accountId} does not exist`);
      case "not_oauth":
        throw new OAuthRefreshError(`integrated account ${accountId} does not use OAuth`);
      case "transient":
        throw new OAuthTransientError(
          `refreshing the OAuth token of integrated account ${accountId} failed (${outcome.description}); try again`,
          outcome.status,
        );
      case "rejected":
        throw new OAuthRefreshError(
          `Atlassian refused to refresh the OAuth token of integrated account ${accountId} ` +
            `(HTTP ${outcome.status}: ${outcome.description}); check the gateway's OAuth client id and secret`,
          outcome.status,
        );
    }
  }

  /**
   * Runs with the account's advisory lock held. Never throws for an expected outcome: a thrown error
   * would roll back, and the needs_reauth mark must be committed so other nodes waiting on the lock
   * see it and make no request of their own.
   */
  private async decideAndRefresh(tx: TokenTx, ref: AccountRef, options: RefreshOptions): Promise<Outcome> {
    const accountId = ref.id;
    await tx.lockForRefresh(ref);
    const row = await tx.read(ref);
    if (!row) return { kind: "missing" };
    const { account, tokens } = row;
    if (account.authType !== "oauth") return { kind: "not_oauth" };
    if (!tokens) return { kind: "not_connected", name: account.name };
    const now = this.now();
    const current: AccessTokenInfo = {
      accessToken: tokens.accessToken,
      expiresAt: tokens.expiresAt,
      version: account.secretVersion,
    };
    const usable = account.status === "active" && this.validLongEnough(tokens.expiresAt);

    if (
      usable &&
      options.expectedVersion !== undefined &&
      account.secretVersion !== options.expectedVersion
    ) {
      this.logger?.info(
        { accountId, version: account.secretVersion },
        "oauth refresh adopted from another caller",
      );
      return { kind: "token", info: current, refreshed: false };
    }
    if (
      usable &&
      !options.force &&
      options.expectedVersion === undefined &&
      tokens.expiresAt - now > this.freshEnoughMs
    ) {
      return { kind: "token", info: current, refreshed: false };
    }
    if (this.inCooldown(row, now)) return { kind: "needs_reauth", name: account.name, cooldown: true };

    let result: TokenResult;
    if (tokens.refreshToken === "") {
      result = { ok: false, kind: "invalid_grant", status: 0, description: "no refresh token stored" };
    } else {
      result = await this.oauth.refresh(tokens.refreshToken);
    }
    if (result.ok) {
      const next: OAuthTokens = {
        accessToken: result.tokens.accessToken,
        // Atlassian always rotates; should it ever not, the old refresh token stays valid.
        refreshToken: result.tokens.refreshToken ?? tokens.refreshToken,
        expiresAt: now + result.tokens.expiresInSeconds * 1000,
        scope: result.tokens.scope || tokens.scope,
      };
      const saved = await tx.saveTokens(ref, next, account.secretVersion);
      if (!saved) {
        // Impossible while every writer takes the lock; if it happens, the rotated token is lost, so
        // roll back loudly rather than hand out a token whose refresh token was never stored.
        throw new OAuthRefreshError(`integrated account ${accountId} changed during its token refresh`);
      }
      this.logger?.info({ accountId, version: saved.secretVersion }, "oauth token refreshed");
      return {
        kind: "token",
        info: {
          accessToken: next.accessToken,
          expiresAt: next.expiresAt,
          version: saved.secretVersion,
        },
        refreshed: true,
      };
    }
    if (result.kind === "invalid_grant") {
      await tx.markNeedsReauth(ref, `invalid_grant: ${result.description}`);
      this.logger?.warn(
        { accountId, status: result.status },
        "oauth refresh token refused; account needs reauth",
      );
      return { kind: "needs_reauth", name: account.name, cooldown: false };
    }
    this.logger?.warn(
      { accountId, status: result.status, kind: result.kind, reason: result.description },
      "oauth refresh failed",
    );
    return result.kind === "transient"
      ? { kind: "transient", status: result.status, description: result.description }
      : { kind: "rejected", status: result.status, description: result.description };
  }

  /** Errors that need no lock to detect: no such account, wrong type, or a fresh invalid_grant. */
  private precheck(accountId: string, row: OAuthAccountRow | null): Error | null {
    if (!row) return new OAuthRefreshError(`integrated account ${accountId} does not exist`);
    if (row.account.authType !== "oauth") {
      return new OAuthRefreshError(`integrated account ${accountId} does not use OAuth`);
    }
    if (!row.tokens) return new NeedsReauthError(accountId, row.account.name, "not_connected");
    if (this.inCooldown(row, this.now())) return new NeedsReauthError(accountId, row.account.name);
    return null;
  }

  private inCooldown(row: OAuthAccountRow, now: Millis): boolean {
    return (
      row.account.status === "needs_reauth" &&
      row.refreshFailedAt !== null &&
      now - row.refreshFailedAt < this.cooldownMs
    );
  }

  private validLongEnough(expiresAt: Millis): boolean {
    return expiresAt - this.now() >= this.minValidityMs;
  }

  private remember(accountId: string, info: AccessTokenInfo): void {
    const known = this.cache.get(accountId);
    if (!known || known.version <= info.version) this.cache.set(accountId, info);
  }
}
