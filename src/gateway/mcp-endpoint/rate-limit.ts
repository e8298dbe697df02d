import { Redis } from "ioredis";

export interface RateDecision {
  allowed: boolean;
  /** Seconds until one call is available again (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /** Takes one call from the bucket of `key` (an MCP server id). */
  take(key: string): Promise<RateDecision>;
  close(): Promise<void>;
}

export interface RateLimitSettings {
  perHour: number;
  burst: number;
  now: () => number;
}

const ratePerMs = (perHour: number) => perHour / 3_600_000;

/**
 * Token bucket per MCP server in this process: `burst` calls at once, refilled at `perHour`. Enough
 * for one instance; several instances behind a balancer share a Redis bucket instead.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: number;

  constructor(private readonly settings: RateLimitSettings) {
    this.rate = ratePerMs(settings.perHour);
  }

  async take(key: string): Promise<RateDecision> {
    const now = this.settings.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, at: now };
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.evictFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate / 1000)),
      remaining: 0,
    };
  }

  /** Full buckets carry no information; dropping them bounds memory. */
  private evictFull(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.rate >= this.settings.burst) this.buckets.delete(k);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/** The same bucket as MemoryRateLimiter, updated atomically in Redis by one script call. */
const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
tokens = math.min(burst, tokens + elapsed * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 60000)
return {allowed, wait, math.floor(tokens)}
`;

type BucketRedis = Redis & {
  atlasgateTakeToken(
    key: string,
    rate: string,
    burst: string,
    now: string,
  ): Promise<[number, number, number]>;
};

/**
 * Shared bucket for gateways running side by side. If Redis cannot be reached the call is let
 * through (and reported): an outage of the limiter should not become an outage of the gateway.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: BucketRedis;
  private readonly rate: number;

  constructor(
    url: string,
    private readonly settings: RateLimitSettings & { prefix?: string; onError?: (e: Error) => void },
  ) {
    this.rate = ratePerMs(settings.perHour);
    const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
    redis.on("error", (e: Error) => settings.onError?.(e));
    redis.defineCommand("atlasgateTakeToken", { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    this.redis = redis as BucketRedis;
  }

  async take(key: string): Promise<RateDecision> {
    try {
      const [allowed, waitMs, remaining] = await this.redis.atlasgateTakeToken(
        `${this.settings.prefix ?? "atlasgate:rl:"}${key}`,
        String(this.rate),
        String(this.settings.burst),
        String(this.settings.now()),
      );
      return allowed === 1
        ? { allowed: true, retryAfterSeconds: 0, remaining: Number(remaining) }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(waitMs) / 1000)), remaining: 0 };
    } catch (e) {
      this.settings.onError?.(e as Error);
      return { allowed: true, retryAfterSeconds: 0, remaining: 0 };
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function createRateLimiter(
  redisUrl: string | null,
  settings: RateLimitSettings & { onError?: (e: Error) => void },
): RateLimiter {
  return redisUrl ? new RedisRateLimiter(redisUrl, settings) : new MemoryRateLimiter(settings);
}
