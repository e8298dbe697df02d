import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import { AtlassianClient } from "../../atlassian/index.js";
import type { Repositories } from "../storage/repositories.js";
import { createTestDatabase, postgresUnavailableReason } from "../storage/test-postgres.js";
import type { IntegratedAccount } from "../storage/types.js";
import type { OAuthConfig } from "./config.js";
import { NeedsReauthError, OAuthRefreshError, OAuthTransientError } from "./errors.js";
import {
  clearRequestLog,
  connectAccount,
  expireSandboxTokens,
  openTestStorage,
  refreshRequests,
  sandboxOAuthConfig,
  spendRefreshToken,
  TestClock,
  type TestStorage,
} from "./test-fixture.js";
import { TokenManager, type TokenManagerOptions } from "./token-manager.js";
import { tokenStoreFrom } from "./token-store.js";

const TTL_MS = 5000;

async function oauthSecret(repos: Repositories, account: IntegratedAccount) {
  const secret = await repos.accounts.readSecret(account.teamId, account.id);
  if (secret?.type !== "oauth") throw new Error("expected an OAuth secret");
  return secret;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error("expected a rejection");
  return err;
}

describe("TokenManager against the sandbox", () => {
  let h: SandboxHarness;
  let storage: TestStorage;
  let config: OAuthConfig;
  let teamId: string;
  const clock = new TestClock();

  /**
   * The sandbox's tokens live 5 s, so the manager's "valid long enough" margin is 1 s here (30 s in
   * production): a just-refreshed token must count as fresh. The clock only moves when a test says so.
   */
  const manager = (options: Partial<TokenManagerOptions> = {}) =>
    new TokenManager({
      repos: storage.repos,
      oauth: config,
      now: clock.now,
      minValidityMs: 1000,
      ...options,
    });

  const connect = () => connectAccount(h, storage.repos, config, teamId, clock);

  /** Our clock and the sandbox agree that every token issued so far has expired. */
  const atExpiry = async () => {
    clock.advance(TTL_MS);
    await expireSandboxTokens(h);
  };

  const worksAtSandbox = async (token: string) =>
    (await h.get(`/ex/jira/${h.info.cloudId}/rest/api/3/myself`, { as: { bearer: token } })).status === 200;

  beforeAll(async () => {
    h = await SandboxHarness.start({ tokenTtlSeconds: TTL_MS / 1000 });
    storage = await openTestStorage(clock);
    config = sandboxOAuthConfig(h);
    teamId = (await storage.repos.teams.create("team")).id;
  });
  afterAll(async () => {
    await storage?.close();
    await h?.close();
  });
  beforeEach(async () => {
    await fetch(`${h.url}/__sandbox/faults`, { method: "DELETE" });
  });

  it("hands out the stored token while it is valid, without refreshing", async () => {
    const account = await connect();
    const stored = await oauthSecret(storage.repos, account);
    await clearRequestLog(h);
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => m.getAccessToken(account)));
    expect(new Set(tokens)).toEqual(new Set([stored.accessToken]));
    expect(await refreshRequests(h)).toEqual([]);
  });

  it("50 concurrent calls at expiry on one manager make exactly one refresh request", async () => {
    const account = await connect();
    const before = await oauthSecret(storage.repos, account);
    await atExpiry();
    await clearRequestLog(h);
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => m.getAccessToken(account)));
    expect(await refreshRequests(h)).toEqual([200]);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.accessToken);
    expect(await worksAtSandbox(tokens[0])).toBe(true);
    // Later calls reuse it.
    await m.getAccessToken(account);
    expect(await refreshRequests(h)).toEqual([200]);
  });

  it("two managers on one database × 25 concurrent calls at expiry: one refresh, no invalid_grant", async () => {
    const account = await connect();
    await atExpiry();
    await clearRequestLog(h);
    const a = manager();
    const b = manager();
    const calls = Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).getAccessToken(account));
    const tokens = await Promise.all(calls);
    expect(await refreshRequests(h)).toEqual([200]);
    expect(new Set(tokens).size).toBe(1);
  });

  it("persists the rotated refresh token before handing out the access token", async () => {
    const account = await connect();
    const before = await oauthSecret(storage.repos, account);
    await atExpiry();
    const token = await manager().getAccessToken(account);

    const after = await oauthSecret(storage.repos, account);
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBe(clock.t + TTL_MS);
    const row = await storage.repos.accounts.get(teamId, account.id);
    expect(row?.tokenExpiresAt).toBe(clock.t + TTL_MS);
    expect(row?.secretVersion).toBe(account.secretVersion + 1);
    // The old refresh token is spent at Atlassian; the stored one is the live one and works.
    expect(await spendRefreshToken(h, before.refreshToken)).toBe(403);
    await atExpiry();
    await clearRequestLog(h);
    const next = await manager().getAccessToken(account);
    expect(await refreshRequests(h)).toEqual([200]);
    expect(await worksAtSandbox(next)).toBe(true);
  });

  it("hands out nothing when the rotated tokens cannot be saved", async () => {
    const account = await connect();
    const before = await oauthSecret(storage.repos, account);
    await atExpiry();
    const real = tokenStoreFrom(storage.repos);
    const failingSave = manager({
      store: {
        ...real,
        transaction: (fn) =>
          real.transaction((tx) =>
            fn({
              ...tx,
              saveTokens: async () => {
                throw new Error("disk full");
              },
            }),
          ),
      },
    });
    const err = await rejection(failingSave.getAccessToken(account));
    expect(err.message).toBe("disk full");
    // Rolled back: the row still holds the old pair.
    expect((await oauthSecret(storage.repos, account)).refreshToken).toBe(before.refreshToken);
  });

  it("a spent refresh token → needs_reauth + NeedsReauthError, then a cooldown with no requests", async () => {
    const account = await connect();
    const stored = await oauthSecret(storage.repos, account);
    // Someone else (a second install with the same tokens) refreshes first.
    expect(await spendRefreshToken(h, stored.refreshToken)).toBe(200);
    await atExpiry();
    await clearRequestLog(h);

    const m = manager();
    const err = await rejection(m.getAccessToken(account));
    expect(err).toBeInstanceOf(NeedsReauthError);
    expect(err.message).toMatch(/Reconnect the account/);
    expect(err.message).toContain(account.name);
    expect(err.message).not.toContain(stored.refreshToken);
    expect(await refreshRequests(h)).toEqual([403]);
    expect((await storage.repos.accounts.get(teamId, account.id))?.status).toBe("needs_reauth");

    // Cooldown: concurrent and repeated calls, on this manager and on another, fail fast.
    await clearRequestLog(h);
    const other = manager();
    const burst = await Promise.allSettled([
      ...Array.from({ length: 20 }, () => m.getAccessToken(account)),
      ...Array.from({ length: 20 }, () => other.getAccessToken(account)),
      other.refresh(account),
      other.onUnauthorized(account),
    ]);
    for (const r of burst) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(NeedsReauthError);
    }
    expect(await refreshRequests(h)).toEqual([]);

    // After the cooldown one attempt is allowed (across every caller), then the cooldown starts over.
    clock.advance(61_000);
    const again = await Promise.allSettled(Array.from({ length: 10 }, () => m.getAccessToken(account)));
    expect(again.every((r) => r.status === "rejected")).toBe(true);
    expect(await refreshRequests(h)).toEqual([403]);
    await rejection(other.getAccessToken(account));
    expect(await refreshRequests(h)).toEqual([403]);
  });

  it("transient failures (5xx, network) throw a retryable error and change nothing", async () => {
    const account = await connect();
    const before = await oauthSecret(storage.repos, account);
    await atExpiry();
    await clearRequestLog(h);
    await h.post("/__sandbox/faults", { paths: ["/oauth/token"], errors: { share: 1, status: 503 } });
    const m = manager();
    const err = await rejection(m.getAccessToken(account));
    expect(err).toBeInstanceOf(OAuthTransientError);
    expect((err as OAuthTransientError).retryable).toBe(true);
    expect((err as OAuthTransientError).status).toBe(503);

    const offline = manager({ oauth: { ...config, tokenUrl: "http://127.0.0.1:9/oauth/token" } });
    const netErr = await rejection(offline.getAccessToken(account));
    expect(netErr).toBeInstanceOf(OAuthTransientError);

    const row = await storage.repos.accounts.get(teamId, account.id);
    expect(row?.status).toBe("active");
    expect((await oauthSecret(storage.repos, account)).refreshToken).toBe(before.refreshToken);

    // Once Atlassian is back, the same manager recovers.
    await fetch(`${h.url}/__sandbox/faults`, { method: "DELETE" });
    await clearRequestLog(h);
    expect(await worksAtSandbox(await m.getAccessToken(account))).toBe(true);
    expect(await refreshRequests(h)).toEqual([200]);
  });

  it("bad client credentials are a non-retryable error without a status change", async () => {
    const account = await connect();
    await atExpiry();
    const m = manager({ oauth: { ...config, clientSecret: "wrong" } });
    const err = await rejection(m.getAccessToken(account));
    expect(err).toBeInstanceOf(OAuthRefreshError);
    expect(err.message).toMatch(/client id and secret/);
    expect(err.message).not.toContain("wrong");
    expect((await storage.repos.accounts.get(teamId, account.id))?.status).toBe("active");
  });

  it("onUnauthorized refreshes once, and not again for a token already replaced", async () => {
    const account = await connect();
    const m = manager();
    const first = await m.getAccessToken(account);
    await expireSandboxTokens(h); // Atlassian revokes it early; our clock still says it is valid
    await clearRequestLog(h);
    await Promise.all([m.onUnauthorized(account, first), m.onUnauthorized(account, first)]);
    expect(await refreshRequests(h)).toEqual([200]);
    const second = await m.getAccessToken(account);
    expect(second).not.toBe(first);
    // A late 401 for the old token (a request that started before the refresh) changes nothing.
    await m.onUnauthorized(account, first);
    // Another manager (another node) that handed out `first` adopts the refresh instead of repeating it.
    await manager().onUnauthorized(account, first);
    expect(await refreshRequests(h)).toEqual([200]);
  });

  it("plugs into AtlassianClient: a 401 after early expiry costs one refresh and a retry", async () => {
    const account = await connect();
    const m = manager();
    const client = new AtlassianClient({
      siteUrl: "",
      auth: { type: "oauth", cloudId: h.info.cloudId, apiBaseUrl: h.url, ...m.authFor(account) },
    });
    const myself = { product: "jira" as const, method: "GET" as const, path: "/rest/api/3/myself" };
    expect((await client.request(myself)).status).toBe(200);
    await expireSandboxTokens(h);
    await clearRequestLog(h);
    expect((await client.request(myself)).status).toBe(200);
    expect(await refreshRequests(h)).toEqual([200]);
  });

  it("explains pending and non-OAuth accounts", async () => {
    const m = manager();
    const pending = await storage.repos.accounts.create(
      teamId,
      { name: "Half done", authType: "oauth", siteUrl: "", deployment: "cloud", status: "pending" },
      null,
    );
    const err = await rejection(m.getAccessToken(pending));
    expect(err).toBeInstanceOf(NeedsReauthError);
    expect(err.message).toMatch(/not finished connecting/);

    const basic = await storage.repos.accounts.create(
      teamId,
      { name: "Token", authType: "api_token", siteUrl: h.url, deployment: "cloud" },
      { type: "api_token", email: "a@b.c", apiToken: "x" },
    );
    expect(await rejection(m.getAccessToken(basic))).toBeInstanceOf(OAuthRefreshError);
    expect(await rejection(m.getAccessToken({ teamId, id: "missing" }))).toBeInstanceOf(OAuthRefreshError);
  });
});

const pgUnavailable = await postgresUnavailableReason();

describe("TokenManager across two nodes (two Postgres pools)", () => {
  it("2 managers × 25 concurrent calls at expiry → exactly one refresh, no invalid_grant", async (ctx) => {
    if (pgUnavailable) {
      if (process.env.CI === "true") throw new Error(`Postgres is required when CI=true: ${pgUnavailable}`);
      console.warn(`skipping the two-node refresh test: ${pgUnavailable}`);
      ctx.skip();
      return;
    }
    const clock = new TestClock();
    const h = await SandboxHarness.start({ tokenTtlSeconds: TTL_MS / 1000 });
    const database = await createTestDatabase();
    const nodeA = await openTestStorage(clock, database.url);
    const nodeB = await openTestStorage(clock, database.url, false);
    try {
      const config = sandboxOAuthConfig(h);
      const teamId = (await nodeA.repos.teams.create("team")).id;
      const account = await connectAccount(h, nodeA.repos, config, teamId, clock);
      const options = { oauth: config, now: clock.now, minValidityMs: 1000 };
      const a = new TokenManager({ repos: nodeA.repos, ...options });
      const b = new TokenManager({ repos: nodeB.repos, ...options });

      for (let round = 0; round < 3; round++) {
        clock.advance(TTL_MS);
        await expireSandboxTokens(h);
        await clearRequestLog(h);
        const calls = Array.from({ length: 50 }, (_, i) => (i < 25 ? a : b).getAccessToken(account));
        const tokens = await Promise.all(calls);
        expect(await refreshRequests(h)).toEqual([200]);
        expect(new Set(tokens).size).toBe(1);
      }
      const row = await nodeB.repos.accounts.get(teamId, account.id);
      expect(row).toMatchObject({ status: "active", secretVersion: account.secretVersion + 3 });
    } finally {
      await nodeA.close();
      await nodeB.close();
      await database.drop();
      await h.close();
    }
  });
});
