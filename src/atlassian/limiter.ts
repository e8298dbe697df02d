/**
 * Per-client (= per Atlassian account) throttles: a concurrency cap and a requests-per-second token
 * bucket. Atlassian rate-limits per account and per app, so a gateway serving many users keeps each
 * account under its own quota instead of letting one noisy session draw 429s for everyone.
 * Both take an injectable clock so tests drive time by hand.
 */

export interface LimiterClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: LimiterClock = {
  now: () => performance.now(),
  sleep: abortableSleep,
};

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A FIFO counting semaphore; waiters that abort leave the queue without taking a slot. */
export class Semaphore {
  private activeCount = 0;
  private readonly queue: Array<{ grant: () => void }> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`maxConcurrent must be a positive integer, got ${max}`);
  }

  get active(): number {
    return this.activeCount;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; calling release more than once is harmless. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.activeCount < this.max && this.queue.length === 0) {
      this.activeCount++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.activeCount++;
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activeCount--;
      const next = this.queue.shift();
      if (next) next.grant();
    };
  }
}

/**
 * A token bucket that hands out reservations: a caller takes a token now even when the bucket is
 * empty (the level goes negative) and waits for its turn, so callers are served in arrival order
 * with a single sleep each.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly clock: LimiterClock;
  readonly burst: number;

  constructor(
    readonly ratePerSecond: number,
    options: { burst?: number; clock?: LimiterClock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`requestsPerSecond must be a positive number, got ${ratePerSecond}`);
    }
    this.burst = options.burst ?? Math.max(1, Math.floor(ratePerSecond));
    if (!(this.burst >= 1)) throw new RangeError(`burst must be at least 1, got ${this.burst}`);
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Takes a token and returns how long to wait before using it (0 = now). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.ratePerSecond);
  }

  /** Gives back a reserved token that will not be used (its waiter was cancelled). */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  async take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const wait = this.reserve();
    if (wait === 0) return;
    try {
      await this.clock.sleep(wait, signal);
    } catch (err) {
      this.refund();
      throw err;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
  }
}
