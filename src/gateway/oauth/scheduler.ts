import type { Millis } from "../storage/types.js";
import type { TokenLogger, TokenManager } from "./token-manager.js";
import type { AccountRef, TokenStore } from "./token-store.js";

type TimerHandle = ReturnType<typeof setTimeout>;

export interface RefreshSchedulerOptions {
  /** Where due accounts come from: `repos.accounts` (or a TokenStore). */
  accounts: Pick<TokenStore, "dueForRefresh">;
  tokens: Pick<TokenManager, "refresh">;
  /** How often the database is asked for accounts nearing expiry. Default 30 s. */
  intervalMs?: number;
  /** Refresh no later than this before expiry. Default 60 s. */
  minLeadMs?: number;
  /** ...and no earlier than this; also the look-ahead of each scan. Default 180 s. */
  maxLeadMs?: number;
  now?: () => Millis;
  /** [0, 1); picks each account's moment within the lead window. */
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => TimerHandle;
  clearTimeout?: (handle: TimerHandle) => void;
  logger?: TokenLogger;
}

interface Scheduled {
  handle: TimerHandle;
  expiresAt: Millis;
  fireAt: Millis;
}

/**
 * Refreshes OAuth tokens before they expire, so MCP calls rarely wait on a refresh. Each account is
 * refreshed at a random moment 60–180 s before expiry: with several gateway nodes scanning the same
 * table, the jitter spreads the attempts, and whichever node comes second finds the rotated tokens
 * under the advisory lock (TokenManager.refresh) and makes no request.
 */
export class RefreshScheduler {
  private readonly opts: Required<Omit<RefreshSchedulerOptions, "logger">> & { logger?: TokenLogger };
  private readonly timers = new Map<string, Scheduled>();
  private interval: ReturnType<typeof setInterval> | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;

  constructor(options: RefreshSchedulerOptions) {
    this.opts = {
      intervalMs: 30_000,
      minLeadMs: 60_000,
      maxLeadMs: 180_000,
      now: Date.now,
      random: Math.random,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle),
      ...options,
    };
    if (this.opts.minLeadMs > this.opts.maxLeadMs)
      throw new RangeError("minLeadMs must not exceed maxLeadMs");
  }

  /** Scans now and then every `intervalMs`. */
  start(): void {
    if (this.interval || this.stopped) return;
    this.interval = setInterval(() => void this.scan(), this.opts.intervalMs);
    this.interval.unref?.();
    void this.scan();
  }

  /** Clears the interval and every pending timer; refreshes already running finish on their own. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    for (const entry of this.timers.values()) this.opts.clearTimeout(entry.handle);
    this.timers.clear();
    await this.scanning;
  }

  /** Account ids with a pending refresh timer, and when each fires (for tests and diagnostics). */
  pending(): Map<string, Millis> {
    return new Map([...this.timers].map(([id, s]) => [id, s.fireAt]));
  }

  /** One scan: schedules a timer for every account expiring within the look-ahead not yet scheduled. */
  scan(): Promise<void> {
    if (!this.scanning) {
      this.scanning = this.scanOnce()
        .catch((err: unknown) => {
          this.opts.logger?.warn({ err: errorText(err) }, "oauth refresh scan failed");
        })
        .finally(() => {
          this.scanning = null;
        });
    }
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const now = this.opts.now();
    const due = await this.opts.accounts.dueForRefresh(now + this.opts.maxLeadMs);
    if (this.stopped) return;
    for (const account of due) {
      if (account.tokenExpiresAt === null) continue;
      const known = this.timers.get(account.id);
      if (known && known.expiresAt === account.tokenExpiresAt) continue;
      if (known) this.opts.clearTimeout(known.handle);
      const { minLeadMs, maxLeadMs } = this.opts;
      const lead = minLeadMs + this.opts.random() * (maxLeadMs - minLeadMs);
      const fireAt = account.tokenExpiresAt - lead;
      const delay = Math.max(0, Math.round(fireAt - now));
      const ref = { teamId: account.teamId, id: account.id };
      const version = account.secretVersion;
      const handle = this.opts.setTimeout(() => this.fire(ref, version), delay);
      (handle as { unref?: () => void }).unref?.();
      this.timers.set(account.id, { handle, expiresAt: account.tokenExpiresAt, fireAt });
    }
  }

  private fire(ref: AccountRef, version: number): void {
    const accountId = ref.id;
    this.timers.delete(accountId);
    if (this.stopped) return;
    // The version makes a refresh someone else already did a no-op (adopted under the lock).
    this.opts.tokens.refresh(ref, { expectedVersion: version }).catch((err: unknown) => {
      this.opts.logger?.warn({ accountId, err: errorText(err) }, "proactive oauth refresh failed");
    });
  }
}

/** Error name and message only: these errors are built without secrets, and stacks add nothing here. */
function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
