import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import type { IntegratedAccount } from "../storage/types.js";
import type { OAuthConfig } from "./config.js";
import { RefreshScheduler } from "./scheduler.js";
import {
  clearRequestLog,
  connectAccount,
  openTestStorage,
  refreshRequests,
  sandboxOAuthConfig,
  TestClock,
  type TestStorage,
} from "./test-fixture.js";
import { TokenManager } from "./token-manager.js";

/** Timers the test fires by hand, so delays are asserted as numbers rather than waited for. */
class ManualTimers {
  next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  readonly cleared: number[] = [];
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id as unknown as ReturnType<typeof setTimeout>;
  };
  clearTimeout = (handle: ReturnType<typeof setTimeout>) => {
    this.cleared.push(handle as unknown as number);
    this.pending.delete(handle as unknown as number);
  };
  fireAll(): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const t of all) t.fn();
  }
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("RefreshScheduler", () => {
  const HOUR = 3600_000;
  let h: SandboxHarness;
  let storage: TestStorage;
  let config: OAuthConfig;
  let teamId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    // Hour-long tokens, as in production; the injected clock walks up to their expiry.
    h = await SandboxHarness.start({ tokenTtlSeconds: 3600 });
    config = sandboxOAuthConfig(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  // A database per test: the scheduler scans every team, so accounts of earlier tests would be due too.
  beforeEach(async () => {
    storage = await openTestStorage(clock);
    teamId = (await storage.repos.teams.create("team")).id;
  });
  afterEach(async () => {
    await storage?.close();
  });

  const tokens = () => new TokenManager({ repos: storage.repos, oauth: config, now: clock.now });
  const row = async (a: IntegratedAccount) => (await storage.repos.accounts.get(teamId, a.id))!;

  it("refreshes each account at a jittered moment 60–180 s before expiry, once", async () => {
    const account = await connectAccount(h, storage.repos, config, teamId, clock);
    const expiresAt = account.tokenExpiresAt!;
    expect(expiresAt).toBe(clock.t + HOUR);
    const timers = new ManualTimers();
    const scheduler = new RefreshScheduler({
      accounts: storage.repos.accounts,
      tokens: tokens(),
      now: clock.now,
      random: () => 0.25, // lead = 60 s + 0.25 × 120 s = 90 s
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });
    await clearRequestLog(h);

    // Far from expiry: nothing is due.
    await scheduler.scan();
    expect(timers.pending.size).toBe(0);

    // 170 s before expiry: due within the 180 s look-ahead; the timer fires 80 s later (90 s before expiry).
    clock.t = expiresAt - 170_000;
    await scheduler.scan();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([80_000]);
    expect(scheduler.pending().get(account.id)).toBe(expiresAt - 90_000);
    // Scanning again does not schedule it twice.
    await scheduler.scan();
    expect(timers.pending.size).toBe(1);
    expect(await refreshRequests(h)).toEqual([]);

    clock.advance(80_000);
    timers.fireAll();
    await until(async () => (await row(account)).secretVersion > account.secretVersion, "the refresh");
    expect(await refreshRequests(h)).toEqual([200]);
    const after = await row(account);
    expect(after.status).toBe("active");
    // Refreshed while the old token still had 90 s to live; the new one lives an hour from then.
    expect(clock.t).toBeLessThan(expiresAt);
    expect(after.tokenExpiresAt).toBe(clock.t + HOUR);

    // Not due any more.
    await scheduler.scan();
    expect(timers.pending.size).toBe(0);
    await scheduler.stop();
  });

  it("spreads the moment with the random source and fires at once when already late", async () => {
    const account = await connectAccount(h, storage.repos, config, teamId, clock);
    const expiresAt = account.tokenExpiresAt!;
    clock.t = expiresAt - 100_000;
    for (const [random, delay] of [
      [0, 40_000], // lead 60 s → fire 40 s from now
      [0.999999, 0], // lead ~180 s → already past: fire now
    ] as const) {
      const timers = new ManualTimers();
      const scheduler = new RefreshScheduler({
        accounts: { dueForRefresh: async () => [account] },
        tokens: { refresh: async () => ({ accessToken: "", expiresAt: 0, version: 0 }) },
        now: clock.now,
        random: () => random,
        setTimeout: timers.setTimeout,
        clearTimeout: timers.clearTimeout,
      });
      await scheduler.scan();
      expect([...timers.pending.values()].map((t) => t.ms)).toEqual([delay]);
      // stop() clears what is pending.
      await scheduler.stop();
      expect(timers.pending.size).toBe(0);
      expect(timers.cleared).toHaveLength(1);
    }
  });

  it("start() polls on its interval with real timers and refreshes through the TokenManager; stop() ends it", async () => {
    const account = await connectAccount(h, storage.repos, config, teamId, clock);
    clock.t = account.tokenExpiresAt! - 150_000;
    await clearRequestLog(h);
    const manager = tokens();
    const calls: string[] = [];
    const scheduler = new RefreshScheduler({
      accounts: storage.repos.accounts,
      tokens: {
        refresh: (ref, options) => {
          calls.push(ref.id);
          return manager.refresh(ref, options);
        },
      },
      now: clock.now,
      intervalMs: 20,
      random: () => 1, // lead 180 s: already inside the window, so it fires at once
    });
    scheduler.start();
    await until(async () => (await row(account)).secretVersion > account.secretVersion, "the refresh");
    await scheduler.stop();
    const count = calls.filter((id) => id === account.id).length;
    expect(count).toBe(1);
    expect(await refreshRequests(h)).toEqual([200]);
    // After stop(), no further scans or refreshes.
    clock.t += 10 * HOUR;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.filter((id) => id === account.id)).toHaveLength(count);
  });

  it("a refresh someone else already made is adopted, not repeated", async () => {
    const account = await connectAccount(h, storage.repos, config, teamId, clock);
    clock.t = account.tokenExpiresAt! - 120_000;
    const timers = new ManualTimers();
    const manager = tokens();
    const scheduler = new RefreshScheduler({
      accounts: storage.repos.accounts,
      tokens: manager,
      now: clock.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });
    await scheduler.scan();
    expect(timers.pending.size).toBeGreaterThanOrEqual(1);
    // Another node refreshes this account first.
    await tokens().refresh(account);
    await clearRequestLog(h);
    timers.fireAll();
    await new Promise((r) => setTimeout(r, 100));
    expect(await refreshRequests(h)).toEqual([]);
    await scheduler.stop();
  });
});
