import type { SeedName } from "./seed/index.js";

/** Which Atlassian product line the sandbox pretends to be. */
export type Deployment = "cloud" | "datacenter";

/** Options of `startSandbox` and of `atlasgate sandbox`. Everything has a default so tests can pass `{}`. */
export interface SandboxOptions {
  /** Interface to listen on; loopback by default so the sandbox is never exposed by accident. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  seed?: SeedName;
  deployment?: Deployment;
  /** Lifetime of OAuth access tokens, in seconds (Atlassian's is 3600). */
  tokenTtlSeconds?: number;
  /** Demo seed size; the JQL benchmark uses 10,000. */
  issueCount?: number;
  /** Fixed "now" for the seed, so dates are reproducible across runs. Defaults to 2026-11-01T09:00Z. */
  seedTime?: number;
  /** Clock used at run time (token expiry, created/updated stamps). Tests may inject one. */
  clock?: () => number;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  seed: SeedName;
  deployment: Deployment;
  tokenTtlSeconds: number;
  issueCount: number | undefined;
  seedTime: number;
  clock: () => number;
  maxBodyBytes: number;
}

/** The seed's "today": fixed, so ids, keys and dates are the same on every machine and every run. */
export const DEFAULT_SEED_TIME = Date.UTC(2026, 10, 1, 9, 0, 0);

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const deployment = options.deployment ?? "cloud";
  if (deployment !== "cloud" && deployment !== "datacenter") {
    throw new Error(`deployment must be "cloud" or "datacenter", got ${JSON.stringify(deployment)}`);
  }
  const seed = options.seed ?? "demo";
  if (seed !== "demo" && seed !== "empty")
    throw new Error(`seed must be "demo" or "empty", got ${JSON.stringify(seed)}`);
  const port = options.port ?? 4010;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be 0-65535, got ${port}`);
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!Number.isFinite(ttl) || ttl <= 0)
    throw new Error(`token TTL must be a positive number of seconds, got ${ttl}`);
  return {
    host: options.host ?? "127.0.0.1",
    port,
    seed,
    deployment,
    tokenTtlSeconds: ttl,
    issueCount: options.issueCount,
    seedTime: options.seedTime ?? DEFAULT_SEED_TIME,
    clock: options.clock ?? Date.now,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
  };
}
