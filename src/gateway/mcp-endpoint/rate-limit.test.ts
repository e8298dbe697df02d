import { randomUUID } from "node:crypto";
import { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "./rate-limit.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisUnavailable(): Promise<string | null> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1000);
    s.once("connect", () => {
      s.destroy();
      resolve(null);
    });
    s.once("timeout", () => {
      s.destroy();
      resolve(`no Redis answers at ${REDIS_URL} (timeout)`);
    });
    s.once("error", (e) => resolve(`no Redis at ${REDIS_URL}: ${e.message}`));
    s.connect(Number(port || 6379), hostname);
  });
}

function behaves(make: (now: () => number) => Promise<RateLimiter>) {
  let now = 1_000_000;
  let limiter: RateLimiter;
  beforeAll(async () => {
    limiter = await make(() => now);
  });
  afterAll(() => limiter?.close());

  it("lets a burst through, then refuses with a retry delay, then refills at the hourly rate", async () => {
    const key = randomUUID();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take(key));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBe(1); // 3600/h = one per second
    now += 1_000;
    expect((await limiter.take(key)).allowed).toBe(true);
    expect((await limiter.take(key)).allowed).toBe(false);
  });

  it("keeps separate buckets per key", async () => {
    const a = randomUUID();
    const b = randomUUID();
    for (let i = 0; i < 3; i++) await limiter.take(a);
    expect((await limiter.take(a)).allowed).toBe(false);
    expect((await limiter.take(b)).allowed).toBe(true);
  });
}

describe("MemoryRateLimiter", () => {
  behaves(async (now) => new MemoryRateLimiter({ perHour: 3600, burst: 3, now }));
});

describe("RedisRateLimiter", async () => {
  const reason = await redisUnavailable();
  if (reason && process.env.CI === "true") throw new Error(`Redis is required in CI: ${reason}`);
  if (reason) {
    it.skip(`skipped: ${reason}`, () => {});
    return;
  }
  behaves(
    async (now) =>
      new RedisRateLimiter(REDIS_URL, {
        perHour: 3600,
        burst: 3,
        now,
        prefix: `atlasgate:test:${randomUUID()}:`,
      }),
  );
});
