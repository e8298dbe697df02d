import { describe, expect, it } from "vitest";
import { type LimiterClock, Semaphore, TokenBucket } from "./limiter.js";

/** A clock that only moves when the test says so; sleepers wake when it passes their deadline. */
class FakeClock implements LimiterClock {
  t = 0;
  private sleepers: Array<{ at: number; resolve: () => void }> = [];
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      const entry = { at: this.t + ms, resolve };
      this.sleepers.push(entry);
      signal?.addEventListener(
        "abort",
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== entry);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.resolve();
    await flush();
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe("TokenBucket", () => {
  it("lets a burst through, then spaces requests at the rate", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, { clock });
    expect(bucket.burst).toBe(2);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([
      0, 0, 500, 1000,
    ]);
  });

  it("refills with time, never above the burst", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(10, { clock, burst: 3 });
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0]);
    expect(bucket.reserve()).toBe(100);
    clock.t += 100; // pays back the reservation
    expect(bucket.reserve()).toBe(100);
    clock.t += 60_000; // a long idle period refills only up to the burst
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0, 100]);
  });

  it("supports rates below one per second", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(0.5, { clock });
    expect(bucket.burst).toBe(1);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 2000]);
  });

  it("take() waits for its turn on the injected clock, in arrival order", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1, { clock });
    const done: number[] = [];
    const takers = [1, 2, 3].map((n) => bucket.take().then(() => done.push(n)));
    await flush();
    expect(done).toEqual([1]);
    expect(clock.sleeps).toEqual([1000, 2000]);
    await clock.advance(999);
    expect(done).toEqual([1]);
    await clock.advance(1);
    expect(done).toEqual([1, 2]);
    await clock.advance(1000);
    expect(done).toEqual([1, 2, 3]);
    await Promise.all(takers);
  });

  it("a cancelled take() gives its token back", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1, { clock });
    await bucket.take();
    const ac = new AbortController();
    const waiting = bucket.take(ac.signal);
    ac.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    // Had the token not been refunded, the next caller would wait 2000 ms.
    expect(bucket.reserve()).toBe(1000);
  });

  it("rejects nonsense rates", () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
    expect(() => new TokenBucket(5, { burst: 0 })).toThrow(RangeError);
  });
});

describe("Semaphore", () => {
  it("admits up to max at once and queues the rest in order", async () => {
    const sem = new Semaphore(2);
    const order: string[] = [];
    const r1 = await sem.acquire();
    const r2 = await sem.acquire();
    const track = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const p3 = sem.acquire().then(track("3"));
    const p4 = sem.acquire().then(track("4"));
    await flush();
    expect(sem.active).toBe(2);
    expect(sem.waiting).toBe(2);
    expect(order).toEqual([]);
    r1();
    const r3 = await p3;
    expect(order).toEqual(["3"]);
    r1(); // a second release of the same slot changes nothing
    await flush();
    expect(order).toEqual(["3"]);
    r2();
    const r4 = await p4;
    expect(order).toEqual(["3", "4"]);
    r3();
    r4();
    expect(sem.active).toBe(0);
  });

  it("drops an aborted waiter without taking a slot", async () => {
    const sem = new Semaphore(1);
    const r1 = await sem.acquire();
    const ac = new AbortController();
    const aborted = sem.acquire(ac.signal);
    const next = sem.acquire();
    ac.abort(new Error("gone"));
    await expect(aborted).rejects.toThrow("gone");
    expect(sem.waiting).toBe(1);
    r1();
    const r2 = await next;
    expect(sem.active).toBe(1);
    r2();
    await expect(sem.acquire(AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("rejects a non-positive size", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});
