import { z } from "zod";
import { Rng } from "../seed/prng.js";

/**
 * Run-time fault injection, set through `POST /__sandbox/faults`. Faults are decided by a seeded
 * PRNG so a failing test reproduces. A fault's `phase` says whether it strikes before the emulator
 * handles the request (nothing changed: a safe retry) or after (the write happened, the client
 * only lost the answer: the case that must never be retried blindly).
 */
export const faultConfigSchema = z
  .object({
    /** Only requests whose path starts with one of these are affected (default: every API path). */
    paths: z.array(z.string().startsWith("/")).max(50).optional(),
    rateLimit: z
      .object({
        /** Share of requests answered 429 at random, 0..1. */
        share: z.number().min(0).max(1).default(0),
        /** A quota per credential: at most `limit` requests per `windowSeconds`. */
        perCredential: z
          .object({
            limit: z.number().int().min(1).max(1_000_000),
            windowSeconds: z.number().min(0.001).max(3600),
          })
          .strict()
          .optional(),
        retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
      })
      .strict()
      .optional(),
    errors: z
      .object({
        share: z.number().min(0).max(1),
        status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
        phase: z.enum(["before", "after"]).default("before"),
      })
      .strict()
      .optional(),
    latency: z
      .object({ ms: z.number().min(0).max(60_000), jitterMs: z.number().min(0).max(60_000).default(0) })
      .strict()
      .optional(),
    resets: z
      .object({ share: z.number().min(0).max(1), phase: z.enum(["before", "after"]).default("before") })
      .strict()
      .optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultDecision =
  | { kind: "none" }
  | {
      kind: "rate-limit";
      retryAfterSeconds: number;
      limit: number;
      remaining: number;
      resetAt: number;
      reason: string;
    }
  | { kind: "error"; status: 500 | 502 | 503 | 504; phase: "before" | "after" }
  | { kind: "reset"; phase: "before" | "after" };

export class FaultInjector {
  private config: FaultConfig = {};
  private rng = new Rng(1);
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Counters shown by `GET /__sandbox/faults`. */
  readonly stats = { rateLimited: 0, errors: 0, resets: 0, delayed: 0 };

  set(config: FaultConfig): void {
    this.config = config;
    this.rng = new Rng(config.seed ?? 1);
    this.windows.clear();
    this.stats.rateLimited = 0;
    this.stats.errors = 0;
    this.stats.resets = 0;
    this.stats.delayed = 0;
  }

  get(): FaultConfig {
    return this.config;
  }

  /** False when no fault is configured: the common case costs one check per request. */
  get active(): boolean {
    const c = this.config;
    return (
      c.rateLimit !== undefined || c.errors !== undefined || c.latency !== undefined || c.resets !== undefined
    );
  }

  applies(path: string): boolean {
    if (!this.active) return false;
    if (path.startsWith("/__sandbox")) return false;
    const paths = this.config.paths;
    return !paths || paths.some((p) => path.startsWith(p));
  }

  /** Milliseconds to hold the request, or 0. */
  latency(): number {
    const l = this.config.latency;
    if (!l || (l.ms === 0 && l.jitterMs === 0)) return 0;
    this.stats.delayed++;
    return l.ms + this.rng.next() * l.jitterMs;
  }

  decide(credential: string, now: number): FaultDecision {
    const rl = this.config.rateLimit;
    if (rl) {
      if (rl.perCredential) {
        const windowMs = rl.perCredential.windowSeconds * 1000;
        let w = this.windows.get(credential);
        if (!w || now - w.start >= windowMs) {
          w = { start: now, count: 0 };
          this.windows.set(credential, w);
        }
        w.count++;
        if (w.count > rl.perCredential.limit) {
          this.stats.rateLimited++;
          const resetAt = w.start + windowMs;
          return {
            kind: "rate-limit",
            retryAfterSeconds: Math.max(rl.retryAfterSeconds, Math.ceil((resetAt - now) / 1000)),
            limit: rl.perCredential.limit,
            remaining: 0,
            resetAt,
            reason: "jira-burst-based",
          };
        }
      }
      if (rl.share > 0 && this.rng.next() < rl.share) {
        this.stats.rateLimited++;
        return {
          kind: "rate-limit",
          retryAfterSeconds: rl.retryAfterSeconds,
          limit: 100,
          remaining: 0,
          resetAt: now + rl.retryAfterSeconds * 1000,
          reason: "jira-quota-global-based",
        };
      }
    }
    const err = this.config.errors;
    if (err && this.rng.next() < err.share) {
      this.stats.errors++;
      return { kind: "error", status: err.status, phase: err.phase };
    }
    const reset = this.config.resets;
    if (reset && this.rng.next() < reset.share) {
      this.stats.resets++;
      return { kind: "reset", phase: reset.phase };
    }
    return { kind: "none" };
  }
}
