/**
 * Test support (excluded from the build): storage over PGlite or a throwaway Postgres database, a
 * controllable clock, the consent step without a browser, and the sandbox's refresh-request count.
 */
import { randomBytes } from "node:crypto";
import type { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import { openDatabase } from "../storage/db.js";
import { migrate } from "../storage/migrations.js";
import { Repositories } from "../storage/repositories.js";
import type { Database, IntegratedAccount } from "../storage/types.js";
import type { OAuthConfig } from "./config.js";
import { finishOAuthConnect, startOAuthConnect } from "./connect.js";

/** A clock tests move by hand; starts at the real time so sandbox-issued expiries look plausible. */
export class TestClock {
  t = Date.now();
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export const ENCRYPTION_KEY = randomBytes(32);

export interface TestStorage {
  db: Database;
  repos: Repositories;
  close(): Promise<void>;
}

/** `url` = a Postgres database (one pool per call = one "node"); otherwise PGlite in memory. */
export async function openTestStorage(
  clock: TestClock,
  url?: string,
  migrateIt = true,
): Promise<TestStorage> {
  const db = await openDatabase(url ? { url, poolSize: 5 } : { dataDir: ":memory:" });
  if (migrateIt) await migrate(db);
  const repos = new Repositories(db, ENCRYPTION_KEY, { now: clock.now });
  return { db, repos, close: () => db.close() };
}

export function sandboxOAuthConfig(h: SandboxHarness, overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    clientId: h.info.oauth.clientId,
    clientSecret: h.info.oauth.clientSecret,
    authorizeUrl: `${h.url}/authorize`,
    tokenUrl: `${h.url}/oauth/token`,
    apiBaseUrl: h.url,
    publicUrl: "http://127.0.0.1:9",
    ...overrides,
  };
}

/**
 * What the user's browser does on the consent page: posts the decision and follows nothing, returning
 * the callback's query parameters from the redirect.
 */
export async function consent(
  h: SandboxHarness,
  authorizeUrl: string,
  decision: "accept" | "deny" = "accept",
): Promise<{ code: string | null; state: string | null; error: string | null; redirect: URL }> {
  const q = new URL(authorizeUrl).searchParams;
  const form = new URLSearchParams({ decision });
  for (const k of ["client_id", "redirect_uri", "scope", "state"]) form.set(k, q.get(k) ?? "");
  const res = await fetch(`${h.url}/authorize`, {
    method: "POST",
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  const redirect = new URL(res.headers.get("location") ?? "");
  const p = redirect.searchParams;
  return { code: p.get("code"), state: p.get("state"), error: p.get("error"), redirect };
}

/** The whole connect flow; returns the active account. */
export async function connectAccount(
  h: SandboxHarness,
  repos: Repositories,
  config: OAuthConfig,
  teamId: string,
  clock: TestClock,
  name = "Acme Jira",
): Promise<IntegratedAccount> {
  const started = await startOAuthConnect({ repos, teamId, name, config });
  const cb = await consent(h, started.authorize_url);
  const { account } = await finishOAuthConnect({
    repos,
    config,
    code: cb.code,
    state: cb.state,
    now: clock.now,
  });
  return account;
}

/** Refresh-token grants the sandbox has seen since the log was last cleared, with their statuses. */
export async function refreshRequests(h: SandboxHarness): Promise<number[]> {
  const res = await fetch(`${h.url}/__sandbox/requests?path=/oauth/token&method=POST`);
  const { requests } = (await res.json()) as {
    requests: Array<{ path: string; status: number; body: { grant_type?: string } | null }>;
  };
  return requests
    .filter((r) => r.path === "/oauth/token" && r.body?.grant_type === "refresh_token")
    .map((r) => r.status);
}

export async function clearRequestLog(h: SandboxHarness): Promise<void> {
  await fetch(`${h.url}/__sandbox/requests`, { method: "DELETE" });
}

export async function expireSandboxTokens(h: SandboxHarness): Promise<void> {
  await fetch(`${h.url}/__sandbox/expire-tokens`, { method: "POST" });
}

/** Spends a refresh token behind the gateway's back, as a second app instance would. */
export async function spendRefreshToken(h: SandboxHarness, refreshToken: string): Promise<number> {
  const res = await fetch(`${h.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "refresh_token",
      client_id: h.info.oauth.clientId,
      client_secret: h.info.oauth.clientSecret,
      refresh_token: refreshToken,
    }),
  });
  await res.body?.cancel();
  return res.status;
}
