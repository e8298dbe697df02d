import type { Dispatcher } from "undici";
import { type AtlassianAuth, AtlassianClient } from "../../atlassian/index.js";
import type { Upstream } from "../../pipeline/execute.js";
import type { UpstreamTotals } from "../observability/metrics.js";
import type { AccountSecret, IntegratedAccount } from "../storage/types.js";

/** What an OAuth account's client needs from the token manager (src/gateway/oauth). */
export interface AccessTokenSource {
  authFor(account: { teamId: string; id: string }): {
    getAccessToken(): Promise<string>;
    /** `rejectedToken`: the access token Atlassian answered 401 to, when known. */
    onUnauthorized(rejectedToken?: string): Promise<void>;
  };
}

export interface UpstreamCacheOptions {
  readSecret(teamId: string, accountId: string): Promise<AccountSecret | null>;
  tokens: AccessTokenSource | null;
  apiBaseUrl: string;
  userAgent: string;
  dispatcher?: Dispatcher;
}

/** A tool call on an account that cannot reach Atlassian; the pipeline turns it into an isError result. */
export class AccountUnavailableError extends Error {
  override readonly name = "AccountUnavailableError";
}

interface Entry {
  /** Static-secret accounts: the secret version the client was built with. OAuth: always 0. */
  version: number;
  client: Promise<AtlassianClient>;
  resolved?: AtlassianClient;
}

/**
 * One AtlassianClient per integrated account, shared by every MCP server and request on it, so the
 * per-account throttles and the keep-alive pool work across requests. A rotated secret (new
 * `secretVersion`) replaces the client; OAuth clients ask the token manager on every attempt and
 * therefore survive token refreshes.
 */
export class UpstreamCache {
  private readonly entries = new Map<string, Entry>();
  private readonly retired: UpstreamTotals = { retries: 0, rateLimited: 0 };
  private readonly draining = new Set<AtlassianClient>();

  constructor(private readonly options: UpstreamCacheOptions) {}

  /** The pipeline's view of an account: fails with a readable message when the account is unusable. */
  upstreamFor(account: IntegratedAccount): Upstream {
    return {
      request: async (req) => {
        if (account.status === "needs_reauth") {
          throw new AccountUnavailableError(
            `the Atlassian authorization of integrated account "${account.name}" is no longer valid; an admin must reconnect it (POST /integrated-account with auth {"type":"oauth"})`,
          );
        }
        if (account.status === "pending") {
          throw new AccountUnavailableError(
            `integrated account "${account.name}" is not connected yet; finish its OAuth consent first`,
          );
        }
        const client = await this.clientFor(account);
        return client.request(req);
      },
    };
  }

  private clientFor(account: IntegratedAccount): Promise<AtlassianClient> {
    const version = account.authType === "oauth" ? 0 : account.secretVersion;
    const existing = this.entries.get(account.id);
    if (existing && existing.version === version) return existing.client;
    if (existing) this.retire(account.id, existing);
    const client = this.build(account);
    const entry: Entry = { version, client };
    this.entries.set(account.id, entry);
    client.then(
      (c) => {
        entry.resolved = c;
      },
      () => {
        if (this.entries.get(account.id) === entry) this.entries.delete(account.id);
      },
    );
    return client;
  }

  private async build(account: IntegratedAccount): Promise<AtlassianClient> {
    let auth: AtlassianAuth;
    if (account.authType === "oauth") {
      if (!this.options.tokens) {
        throw new AccountUnavailableError(
          "OAuth is not configured on this gateway (ATLASSIAN_OAUTH_CLIENT_ID)",
        );
      }
      if (!account.cloudId)
        throw new AccountUnavailableError(`integrated account "${account.name}" has no cloud id`);
      const bound = this.options.tokens.authFor({ teamId: account.teamId, id: account.id });
      auth = {
        type: "oauth",
        cloudId: account.cloudId,
        apiBaseUrl: this.options.apiBaseUrl,
        getAccessToken: () => bound.getAccessToken(),
        onUnauthorized: (rejectedToken) => bound.onUnauthorized(rejectedToken),
      };
    } else {
      const secret = await this.options.readSecret(account.teamId, account.id);
      if (!secret)
        throw new AccountUnavailableError(`integrated account "${account.name}" has no stored credential`);
      if (secret.type === "api_token")
        auth = { type: "basic", email: secret.email, apiToken: secret.apiToken };
      else if (secret.type === "pat") auth = { type: "pat", token: secret.token };
      else
        throw new AccountUnavailableError(`integrated account "${account.name}" has a mismatched credential`);
    }
    return new AtlassianClient({
      siteUrl: account.authType === "oauth" ? "" : account.siteUrl,
      auth,
      userAgent: this.options.userAgent,
      dispatcher: this.options.dispatcher,
      limits: { maxConcurrent: 10 },
    });
  }

  /** Drops an account's client (account deleted). */
  forget(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (entry) this.retire(accountId, entry);
  }

  private retire(accountId: string, entry: Entry): void {
    this.entries.delete(accountId);
    void entry.client.then(
      (c) => {
        this.retired.retries += c.stats.retries;
        this.retired.rateLimited += c.stats.rateLimited;
        // Let calls already running on the old client finish before closing it.
        this.draining.add(c);
        setTimeout(() => {
          this.draining.delete(c);
          void c.close();
        }, 120_000).unref?.();
      },
      () => {},
    );
  }

  /** Summed client counters, for /metrics. */
  totals(): UpstreamTotals {
    const out = { ...this.retired };
    for (const entry of this.entries.values()) {
      if (!entry.resolved) continue;
      out.retries += entry.resolved.stats.retries;
      out.rateLimited += entry.resolved.stats.rateLimited;
    }
    return out;
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    const old = [...this.draining];
    this.draining.clear();
    await Promise.all([
      ...all.map((e) =>
        e.client.then(
          (c) => c.close(),
          () => {},
        ),
      ),
      ...old.map((c) => c.close()),
    ]);
  }
}
