import { resolve } from "node:path";
import { parseEncryptionKey } from "./storage/crypto.js";

/** A setting problem: `atlasgate serve` prints the message as one line on stderr and exits with 2. */
export class GatewayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatewayConfigError";
  }
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Postgres; null = embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  redisUrl: string | null;
  /** 32 bytes, or null: loaded from / generated into `<dataDir>/encryption.key` at start (storage/crypto.ts). */
  encryptionKey: Buffer | null;
  adminKey: string | null;
  /** What clients reach the gateway at (MCP URLs, OAuth redirect); null = derived from the listen address. */
  publicUrl: string | null;
  /** Extra browser origins allowed on /mcp besides the public URL's. */
  allowedOrigins: string[];
  oauth: {
    clientId: string | null;
    clientSecret: string | null;
    authorizeUrl: string;
    tokenUrl: string;
    apiBaseUrl: string;
  };
  rateLimit: { perHour: number; burst: number };
  logLevel: LogLevel;
  /** Largest MCP request body accepted, in bytes. */
  maxBodyBytes: number;
}

export interface GatewayFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = new Set<LogLevel>(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/**
 * Reads `atlasgate serve` settings from flags (which win) and the environment. Every problem is
 * reported by name, so a typo in a deployment manifest is found at start rather than on first use.
 */
export function readGatewayConfig(env: Env, flags: GatewayFlags = {}): GatewayConfig {
  const host = flags.host?.trim() || value(env, "ATLASGATE_HOST") || "127.0.0.1";
  const port = parsePort(flags.port ?? value(env, "ATLASGATE_PORT") ?? value(env, "PORT") ?? 8080);
  const dirSetting = flags.dataDir?.trim() || value(env, "ATLASGATE_DATA_DIR") || ".atlasgate";
  const dataDir = dirSetting === ":memory:" ? dirSetting : resolve(dirSetting);

  const databaseUrl = value(env, "DATABASE_URL") ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new GatewayConfigError("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const redisUrl = value(env, "REDIS_URL") ?? null;
  if (redisUrl && !/^rediss?:\/\//i.test(redisUrl)) {
    throw new GatewayConfigError("REDIS_URL must start with redis:// or rediss://");
  }

  const encryptionKey = parseKey(value(env, "ATLASGATE_ENCRYPTION_KEY"));

  const adminKey = value(env, "ATLASGATE_ADMIN_KEY") ?? null;
  if (adminKey !== null && adminKey.length < 24) {
    throw new GatewayConfigError("ATLASGATE_ADMIN_KEY must be at least 24 characters long");
  }

  const publicRaw = value(env, "ATLASGATE_PUBLIC_URL");
  const publicUrl = publicRaw ? httpUrl("ATLASGATE_PUBLIC_URL", publicRaw, true) : null;

  const allowedOrigins = (value(env, "ATLASGATE_ALLOWED_ORIGINS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o) => {
      const url = httpUrl("ATLASGATE_ALLOWED_ORIGINS", o, false);
      return new URL(url).origin;
    });

  const apiBaseUrl = httpUrl(
    "ATLASSIAN_API_BASE_URL",
    value(env, "ATLASSIAN_API_BASE_URL") ?? "https://api.atlassian.com",
    true,
  );
  const oauth = {
    clientId: value(env, "ATLASSIAN_OAUTH_CLIENT_ID") ?? null,
    clientSecret: value(env, "ATLASSIAN_OAUTH_CLIENT_SECRET") ?? null,
    authorizeUrl: httpUrl(
      "ATLASSIAN_OAUTH_AUTHORIZE_URL",
      value(env, "ATLASSIAN_OAUTH_AUTHORIZE_URL") ?? "https://auth.atlassian.com/authorize",
      false,
    ),
    tokenUrl: httpUrl(
      "ATLASSIAN_OAUTH_TOKEN_URL",
      value(env, "ATLASSIAN_OAUTH_TOKEN_URL") ?? "https://auth.atlassian.com/oauth/token",
      false,
    ),
    apiBaseUrl,
  };
  if ((oauth.clientId === null) !== (oauth.clientSecret === null)) {
    throw new GatewayConfigError(
      "set both ATLASSIAN_OAUTH_CLIENT_ID and ATLASSIAN_OAUTH_CLIENT_SECRET, or neither",
    );
  }

  const perHour = positiveInt(env, "ATLASGATE_RATE_LIMIT_PER_HOUR", 3600);
  const burst = positiveInt(env, "ATLASGATE_RATE_LIMIT_BURST", 60);

  const level = (value(env, "ATLASGATE_LOG_LEVEL") ?? "info").toLowerCase() as LogLevel;
  if (!LOG_LEVELS.has(level)) {
    throw new GatewayConfigError(
      `ATLASGATE_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(", ")}, got ${JSON.stringify(env.ATLASGATE_LOG_LEVEL)}`,
    );
  }
  const maxBodyBytes = positiveInt(env, "ATLASGATE_MAX_BODY_BYTES", 1024 * 1024);

  return {
    host,
    port,
    dataDir,
    databaseUrl,
    redisUrl,
    encryptionKey,
    adminKey,
    publicUrl,
    allowedOrigins,
    oauth,
    rateLimit: { perHour, burst },
    logLevel: level,
    maxBodyBytes,
  };
}

function parsePort(raw: string | number): number {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new GatewayConfigError(`port must be a whole number 0-65535, got ${JSON.stringify(String(raw))}`);
  }
  return Number(text);
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new GatewayConfigError(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** An http(s) URL without query, fragment or credentials; `trimPath` drops trailing slashes. */
function httpUrl(name: string, raw: string, trimPath: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GatewayConfigError(`${name} is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GatewayConfigError(`${name} must start with https:// (or http:// for local use)`);
  }
  if (url.username || url.password) throw new GatewayConfigError(`${name} must not contain credentials`);
  if (url.search || url.hash) throw new GatewayConfigError(`${name} must not contain a query or fragment`);
  return trimPath ? `${url.origin}${url.pathname.replace(/\/+$/, "")}` : url.toString();
}

function parseKey(raw: string | undefined): Buffer | null {
  if (raw === undefined) return null;
  try {
    return parseEncryptionKey(raw, "ATLASGATE_ENCRYPTION_KEY");
  } catch (e) {
    throw new GatewayConfigError((e as Error).message);
  }
}
