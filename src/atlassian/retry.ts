/**
 * When to try an Atlassian request again, and after how long. Every retry rule of the client lives
 * in `decideRetry`, a pure function (no I/O, no clock reads, no Math.random) so that each rule is a
 * row in a table test and the client loop stays a dumb executor of its answers.
 */

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /**
   * Attempts in total when Atlassian throttles (429/503). Higher than `maxAttempts`: a throttled
   * request surely did not take effect and the server says when to come back, so waiting it out
   * (within the time budget) is what keeps a burst of calls from failing.
   */
  maxRateLimitAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter picks a delay below it). */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** Largest wait we accept from `Retry-After`/`X-RateLimit-Reset`; longer asks are shortened to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  maxRateLimitAttempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
});

export type RetryOutcome =
  | { kind: "status"; status: number; retryAfter?: string | null; rateLimitReset?: string | null }
  | {
      kind: "network";
      /** Node/undici error code: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ETIMEDOUT... */
      code: string;
      /** Whether any byte of the request may have reached the server; `false` only when known for sure. */
      sent: boolean;
    };

export interface RetryInput {
  method: string;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  outcome: RetryOutcome;
  /** Time spent on this logical request so far (attempts, waits), in ms. */
  elapsedMs: number;
  /** The logical request's overall time budget, in ms. */
  budgetMs: number;
  /** A number in [0, 1) for jitter; the caller supplies it so that tests can pin it. */
  random: number;
  policy: RetryPolicy;
  /** Epoch ms, to turn an HTTP-date `Retry-After` into a delay. */
  now: number;
  /**
   * The caller can refresh its credentials (OAuth with `onUnauthorized`) and has not done so yet
   * for this logical request: a 401 then earns one immediate retry, whatever the method, because
   * a rejected request was never applied.
   */
  canRefreshAuth?: boolean;
}

/** Why no retry happens; short fixed codes so callers and tests can branch on them. */
export type NoRetryReason =
  | "status" // a status that retrying cannot fix (4xx other than 429, other 5xx...)
  | "unsafe-write" // a non-idempotent request that may have been applied
  | "permanent-network" // DNS name not found, TLS certificate problems: the same on the next try
  | "attempts" // maxAttempts used up
  | "budget"; // the wait would not fit in the remaining time budget

export type RetryDecision =
  | { retry: true; delayMs: number; refreshAuth?: true }
  | { retry: false; reason: NoRetryReason };

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Network failures that will happen again on the next try, so retrying only burns the budget. */
const PERMANENT_NETWORK_CODES = new Set([
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, policy } = input;
  const idempotent = IDEMPOTENT.has(input.method.toUpperCase());
  let serverDelayMs: number | null = null;

  if (outcome.kind === "status") {
    const s = outcome.status;
    if (s === 401 && input.canRefreshAuth) {
      // One refresh-and-retry, outside maxAttempts: it is the cheapest way out of an expired token.
      return input.elapsedMs < input.budgetMs ? { retry: true, delayMs: 0, refreshAuth: true } : no("budget");
    }
    if (s === 429 || s === 503) {
      // The server refused before doing anything: safe for every method.
      serverDelayMs =
        parseRetryAfter(outcome.retryAfter, input.now) ??
        parseRateLimitReset(outcome.rateLimitReset, input.now);
      if (serverDelayMs !== null) serverDelayMs = Math.min(serverDelayMs, policy.maxRetryAfterMs);
    } else if (s === 500 || s === 502 || s === 504) {
      // The server may have applied the change before failing: only a repeatable request may go again.
      if (!idempotent) return no("unsafe-write");
    } else {
      return no("status");
    }
  } else {
    if (PERMANENT_NETWORK_CODES.has(outcome.code)) return no("permanent-network");
    if (!idempotent && outcome.sent) return no("unsafe-write");
  }

  const throttled = outcome.kind === "status" && (outcome.status === 429 || outcome.status === 503);
  const maxAttempts = throttled ? (policy.maxRateLimitAttempts ?? policy.maxAttempts) : policy.maxAttempts;
  if (input.attempt >= maxAttempts) return no("attempts");
  const delayMs = serverDelayMs ?? backoffDelay(input.attempt, input.random, policy);
  if (input.elapsedMs + delayMs > input.budgetMs) return no("budget");
  return { retry: true, delayMs };
}

/** Exponential backoff with full jitter: spreads retries of many clients over the whole window. */
export function backoffDelay(attempt: number, random: number, policy: RetryPolicy): number {
  const r = Math.min(Math.max(random, 0), 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(r * ceiling);
}

/**
 * `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable
 * so the caller falls back to the next source instead of trusting garbage.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  // HTTP-dates always name a weekday or month; refusing bare numbers-with-signs etc. avoids Date quirks.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * Jira Cloud's `X-RateLimit-Reset` is an ISO 8601 instant; other proxies send epoch seconds or
 * seconds to wait. Small numbers are read as a delay, large ones as an epoch.
 */
export function parseRateLimitReset(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n >= 1e12) return Math.max(0, n - now); // epoch milliseconds
    if (n >= 1e9) return Math.max(0, n * 1000 - now); // epoch seconds
    return Math.ceil(n * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

function no(reason: NoRetryReason): RetryDecision {
  return { retry: false, reason };
}

/**
 * Error codes raised before the request could leave this machine (no connection, no TLS session):
 * the server cannot have seen it, so even a POST may be sent again. Everything else counts as
 * possibly sent, because a write must never be duplicated.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_DESTROYED",
  "UND_ERR_CLOSED",
  ...PERMANENT_NETWORK_CODES,
]);

export function isSurelyNotSent(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}
