import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isSurelyNotSent,
  parseRateLimitReset,
  parseRetryAfter,
  type RetryInput,
  type RetryOutcome,
} from "./retry.js";

const NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
const policy = { ...DEFAULT_RETRY_POLICY };

function decide(over: Partial<RetryInput> & { outcome: RetryOutcome }) {
  return decideRetry({
    method: "GET",
    attempt: 1,
    elapsedMs: 0,
    budgetMs: 60_000,
    random: 0.5,
    policy,
    now: NOW,
    ...over,
  });
}

const status = (s: number, extra: Partial<Extract<RetryOutcome, { kind: "status" }>> = {}): RetryOutcome => ({
  kind: "status",
  status: s,
  ...extra,
});
const net = (code: string, sent: boolean): RetryOutcome => ({ kind: "network", code, sent });

describe("decideRetry: which outcomes retry, per method", () => {
  const methods = ["GET", "PUT", "DELETE", "POST", "PATCH"] as const;
  const idempotent = new Set(["GET", "PUT", "DELETE"]);
  const rows: Array<[string, RetryOutcome, (method: string) => boolean]> = [
    ["429", status(429), () => true],
    ["503", status(503), () => true],
    ["500", status(500), (m) => idempotent.has(m)],
    ["502", status(502), (m) => idempotent.has(m)],
    ["504", status(504), (m) => idempotent.has(m)],
    ["501", status(501), () => false],
    ["400", status(400), () => false],
    ["401 (no refresh available)", status(401), () => false],
    ["403", status(403), () => false],
    ["404", status(404), () => false],
    ["409", status(409), () => false],
    ["410", status(410), () => false],
    ["413", status(413), () => false],
    ["connection refused, not sent", net("ECONNREFUSED", false), () => true],
    ["connect timeout, not sent", net("UND_ERR_CONNECT_TIMEOUT", false), () => true],
    ["reset mid-flight", net("ECONNRESET", true), (m) => idempotent.has(m)],
    ["socket closed mid-flight", net("UND_ERR_SOCKET", true), (m) => idempotent.has(m)],
    ["timeout", net("ETIMEDOUT", true), (m) => idempotent.has(m)],
    ["DNS name not found", net("ENOTFOUND", false), () => false],
    ["TLS certificate", net("UNABLE_TO_VERIFY_LEAF_SIGNATURE", false), () => false],
  ];
  for (const [name, outcome, expected] of rows) {
    for (const method of methods) {
      it(`${method} × ${name} → ${expected(method) ? "retry" : "no retry"}`, () => {
        expect(decide({ method, outcome }).retry).toBe(expected(method));
      });
    }
  }

  it("gives the reason for refusing", () => {
    expect(decide({ method: "POST", outcome: status(500) })).toEqual({
      retry: false,
      reason: "unsafe-write",
    });
    expect(decide({ method: "PATCH", outcome: net("ECONNRESET", true) })).toEqual({
      retry: false,
      reason: "unsafe-write",
    });
    expect(decide({ method: "POST", outcome: net("ETIMEDOUT", true) })).toEqual({
      retry: false,
      reason: "unsafe-write",
    });
    expect(decide({ outcome: status(404) })).toEqual({ retry: false, reason: "status" });
    expect(decide({ outcome: net("ENOTFOUND", false) })).toEqual({
      retry: false,
      reason: "permanent-network",
    });
  });

  it("accepts lower-case methods", () => {
    expect(decide({ method: "get", outcome: status(502) }).retry).toBe(true);
    expect(decide({ method: "post", outcome: status(502) }).retry).toBe(false);
  });
});

describe("decideRetry: attempts and budget", () => {
  it("stops at maxAttempts", () => {
    expect(decide({ attempt: 3, outcome: status(502) }).retry).toBe(true);
    expect(decide({ attempt: 4, outcome: status(502) })).toEqual({ retry: false, reason: "attempts" });
    expect(decide({ attempt: 1, outcome: status(502), policy: { ...policy, maxAttempts: 1 } })).toEqual({
      retry: false,
      reason: "attempts",
    });
  });

  it("waits out throttling for up to maxRateLimitAttempts", () => {
    expect(decide({ attempt: 4, outcome: status(503) }).retry).toBe(true);
    expect(decide({ attempt: 9, outcome: status(429) }).retry).toBe(true);
    expect(decide({ attempt: 10, outcome: status(429) })).toEqual({ retry: false, reason: "attempts" });
    expect(
      decide({ attempt: 2, outcome: status(429), policy: { ...policy, maxRateLimitAttempts: 2 } }),
    ).toEqual({
      retry: false,
      reason: "attempts",
    });
  });

  it("refuses a wait that does not fit in the remaining budget", () => {
    const o = status(429, { retryAfter: "5" });
    expect(decide({ outcome: o, elapsedMs: 55_000, budgetMs: 60_000 })).toEqual({
      retry: true,
      delayMs: 5000,
    });
    expect(decide({ outcome: o, elapsedMs: 55_001, budgetMs: 60_000 })).toEqual({
      retry: false,
      reason: "budget",
    });
    expect(decide({ outcome: o, elapsedMs: 0, budgetMs: 4000 })).toEqual({ retry: false, reason: "budget" });
    // Backoff too: random 0.999 on attempt 3 → ~999 ms, which does not fit in 500 ms left.
    expect(
      decide({ outcome: status(502), attempt: 3, random: 0.999, elapsedMs: 9500, budgetMs: 10_000 }),
    ).toEqual({ retry: false, reason: "budget" });
  });

  it("checks the status before attempts and budget (a 404 is a 404, not a spent budget)", () => {
    expect(decide({ outcome: status(404), attempt: 9, elapsedMs: 99_999 })).toEqual({
      retry: false,
      reason: "status",
    });
  });
});

describe("decideRetry: delays", () => {
  it("honours Retry-After in seconds for 429 and 503", () => {
    expect(decide({ outcome: status(429, { retryAfter: "2" }) })).toEqual({ retry: true, delayMs: 2000 });
    expect(decide({ outcome: status(503, { retryAfter: "0" }) })).toEqual({ retry: true, delayMs: 0 });
    expect(decide({ method: "POST", outcome: status(429, { retryAfter: "3" }) })).toEqual({
      retry: true,
      delayMs: 3000,
    });
  });

  it("honours Retry-After as an HTTP-date", () => {
    const at = new Date(NOW + 7000).toUTCString();
    expect(decide({ outcome: status(429, { retryAfter: at }) })).toEqual({ retry: true, delayMs: 7000 });
    const past = new Date(NOW - 60_000).toUTCString();
    expect(decide({ outcome: status(429, { retryAfter: past }) })).toEqual({ retry: true, delayMs: 0 });
  });

  it("caps a huge Retry-After at maxRetryAfterMs", () => {
    expect(decide({ outcome: status(429, { retryAfter: "3600" }) })).toEqual({
      retry: true,
      delayMs: 30_000,
    });
    const far = new Date(NOW + 86_400_000).toUTCString();
    expect(decide({ outcome: status(503, { retryAfter: far }) })).toEqual({ retry: true, delayMs: 30_000 });
    expect(
      decide({ outcome: status(429, { retryAfter: "10" }), policy: { ...policy, maxRetryAfterMs: 1000 } }),
    ).toEqual({ retry: true, delayMs: 1000 });
  });

  it("falls back to X-RateLimit-Reset, then to backoff, when Retry-After is missing or garbage", () => {
    const reset = new Date(NOW + 4000).toISOString();
    expect(decide({ outcome: status(429, { rateLimitReset: reset }) })).toEqual({
      retry: true,
      delayMs: 4000,
    });
    expect(decide({ outcome: status(429, { retryAfter: "soon", rateLimitReset: reset }) })).toEqual({
      retry: true,
      delayMs: 4000,
    });
    // Garbage everywhere: full-jitter backoff, attempt 1 → random × 250.
    expect(
      decide({ outcome: status(429, { retryAfter: "-1", rateLimitReset: "later" }), random: 0.5 }),
    ).toEqual({
      retry: true,
      delayMs: 125,
    });
    expect(decide({ outcome: status(503, { retryAfter: "" }), random: 0.5 })).toEqual({
      retry: true,
      delayMs: 125,
    });
  });

  it("ignores Retry-After on statuses that are not told to wait (500 uses backoff)", () => {
    expect(decide({ outcome: status(500, { retryAfter: "20" }), random: 0 })).toEqual({
      retry: true,
      delayMs: 0,
    });
  });

  it("uses exponential backoff with full jitter, bounded by maxDelayMs", () => {
    const at = (attempt: number, random: number) =>
      decide({ outcome: status(502), attempt, random, policy: { ...policy, maxAttempts: 20 } });
    expect(at(1, 0)).toEqual({ retry: true, delayMs: 0 });
    expect(at(1, 0.999_999)).toEqual({ retry: true, delayMs: 249 });
    expect(at(2, 0.5)).toEqual({ retry: true, delayMs: 250 });
    expect(at(3, 0.5)).toEqual({ retry: true, delayMs: 500 });
    expect(at(4, 0.5)).toEqual({ retry: true, delayMs: 1000 });
    expect(at(6, 0.5)).toEqual({ retry: true, delayMs: 4000 });
    expect(at(7, 0.5)).toEqual({ retry: true, delayMs: 4000 }); // ceiling 8000 reached
    expect(at(15, 0.999_999)).toEqual({ retry: true, delayMs: 7999 });
  });

  it("keeps every jittered delay inside [0, ceiling)", () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999_999_9]) {
        const d = backoffDelay(attempt, random, policy);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
  });
});

describe("decideRetry: 401 with a refreshable OAuth token", () => {
  it("retries once at once, for any method, flagging the refresh", () => {
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      expect(decide({ method, outcome: status(401), canRefreshAuth: true })).toEqual({
        retry: true,
        delayMs: 0,
        refreshAuth: true,
      });
    }
  });

  it("does not retry once the refresh was used, or without one", () => {
    expect(decide({ outcome: status(401), canRefreshAuth: false })).toEqual({
      retry: false,
      reason: "status",
    });
    expect(decide({ outcome: status(401) })).toEqual({ retry: false, reason: "status" });
  });

  it("is allowed even at maxAttempts, but not past the budget", () => {
    expect(decide({ outcome: status(401), canRefreshAuth: true, attempt: 4 }).retry).toBe(true);
    expect(decide({ outcome: status(401), canRefreshAuth: true, elapsedMs: 60_000 })).toEqual({
      retry: false,
      reason: "budget",
    });
  });

  it("does not turn other 4xx into retries", () => {
    expect(decide({ outcome: status(403), canRefreshAuth: true }).retry).toBe(false);
  });
});

describe("header parsers", () => {
  it("parseRetryAfter", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 1.5 ", NOW)).toBe(1500);
    expect(parseRetryAfter("Sun, 01 Nov 2026 09:00:10 GMT", NOW)).toBe(10_000);
    for (const bad of [null, undefined, "", "abc", "-5", "1e3", "Thu, 99 Foo 2026", "12 apples"]) {
      expect(parseRetryAfter(bad, NOW)).toBeNull();
    }
  });

  it("parseRateLimitReset", () => {
    expect(parseRateLimitReset("2026-11-01T09:00:03Z", NOW)).toBe(3000);
    expect(parseRateLimitReset("2026-11-01T09:00:03.500Z", NOW)).toBe(3500);
    expect(parseRateLimitReset(String(NOW / 1000 + 6), NOW)).toBe(6000); // epoch seconds
    expect(parseRateLimitReset(String(NOW + 2000), NOW)).toBe(2000); // epoch ms
    expect(parseRateLimitReset("5", NOW)).toBe(5000); // seconds to wait
    expect(parseRateLimitReset("2020-01-01T00:00:00Z", NOW)).toBe(0);
    expect(parseRateLimitReset("tomorrow", NOW)).toBeNull();
    expect(parseRateLimitReset(null, NOW)).toBeNull();
  });

  it("isSurelyNotSent knows the connect-phase failures only", () => {
    expect(isSurelyNotSent("ECONNREFUSED")).toBe(true);
    expect(isSurelyNotSent("UND_ERR_CONNECT_TIMEOUT")).toBe(true);
    expect(isSurelyNotSent("ECONNRESET")).toBe(false);
    expect(isSurelyNotSent("UND_ERR_SOCKET")).toBe(false);
    expect(isSurelyNotSent("UNKNOWN")).toBe(false);
  });
});
