import type { OAuthConfig } from "./config.js";
import { redirectUri } from "./config.js";

/** What the token endpoint answers, after validation. */
export interface TokenSet {
  accessToken: string;
  /** Absent when the grant lacked `offline_access`. */
  refreshToken: string | null;
  expiresInSeconds: number;
  scope: string;
}

export interface AccessibleResource {
  id: string;
  url: string;
  name: string;
  scopes: string[];
}

/**
 * Outcome of a token request. Failures are values rather than exceptions so the refresh code can
 * decide, still inside its transaction, what to record (a dead grant) and what not (a blip).
 */
export type TokenResult =
  | { ok: true; tokens: TokenSet }
  /** `invalid_grant`: the code or refresh token is spent, expired or revoked. */
  | { ok: false; kind: "invalid_grant"; status: number; description: string }
  /** Network error, timeout, 429 or 5xx. */
  | { ok: false; kind: "transient"; status: number | null; description: string }
  /** Any other refusal (bad client credentials, bad request). */
  | { ok: false; kind: "rejected"; status: number; description: string };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const TIMEOUT_MS = 15_000;

/** Thin client for Atlassian's authorization server; one per gateway, stateless. */
export class AtlassianOAuthClient {
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: OAuthConfig,
    options: { fetch?: FetchLike; timeoutMs?: number } = {},
  ) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  }

  exchangeCode(code: string): Promise<TokenResult> {
    return this.tokenRequest({
      grant_type: "authorization_code",
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      code,
      redirect_uri: redirectUri(this.config),
    });
  }

  refresh(refreshToken: string): Promise<TokenResult> {
    return this.tokenRequest({
      grant_type: "refresh_token",
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      refresh_token: refreshToken,
    });
  }

  /** The sites the grant covers; one entry per product, sharing the site's cloudId. */
  async accessibleResources(accessToken: string): Promise<AccessibleResource[]> {
    const url = `${this.config.apiBaseUrl.replace(/\/+$/, "")}/oauth/token/accessible-resources`;
    const res = await this.fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`accessible-resources answered HTTP ${res.status}`);
    }
    const body: unknown = await res.json();
    if (!Array.isArray(body)) throw new Error("accessible-resources did not return a list");
    return body
      .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
      .filter((r) => typeof r.id === "string" && typeof r.url === "string")
      .map((r) => ({
        id: r.id as string,
        url: r.url as string,
        name: typeof r.name === "string" ? r.name : "",
        scopes: Array.isArray(r.scopes) ? r.scopes.filter((s): s is string => typeof s === "string") : [],
      }));
  }

  private async tokenRequest(body: Record<string, string>): Promise<TokenResult> {
    let res: Response;
    try {
      res = await this.fetch(this.config.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      // The cause is a network/timeout error; its text never holds the request body.
      return { ok: false, kind: "transient", status: null, description: describeNetworkError(err) };
    }
    let parsed: Record<string, unknown> = {};
    try {
      const text = await res.text();
      const value: unknown = text ? JSON.parse(text) : {};
      if (value && typeof value === "object" && !Array.isArray(value))
        parsed = value as Record<string, unknown>;
    } catch {
      // A non-JSON answer (an HTML error page from a proxy) is classified by its status alone.
    }
    const error = typeof parsed.error === "string" ? parsed.error : "";
    const description = safeDescription(parsed, res.status);
    if (res.ok) {
      const tokens = toTokenSet(parsed);
      if (!tokens) {
        return { ok: false, kind: "transient", status: res.status, description: "malformed token response" };
      }
      return { ok: true, tokens };
    }
    if (error === "invalid_grant")
      return { ok: false, kind: "invalid_grant", status: res.status, description };
    if (res.status === 429 || res.status >= 500) {
      return { ok: false, kind: "transient", status: res.status, description };
    }
    return { ok: false, kind: "rejected", status: res.status, description };
  }
}

function toTokenSet(body: Record<string, unknown>): TokenSet | null {
  if (typeof body.access_token !== "string" || body.access_token === "") return null;
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : null,
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    scope: typeof body.scope === "string" ? body.scope : "",
  };
}

/** Atlassian's error + error_description, clipped; these never echo the grant back. */
function safeDescription(body: Record<string, unknown>, status: number): string {
  const parts = [body.error, body.error_description].filter((v) => typeof v === "string" && v !== "");
  const text = parts.length > 0 ? parts.join(": ") : `HTTP ${status}`;
  return text.slice(0, 200);
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError" || err.name === "AbortError") return "the token endpoint timed out";
    const cause = (err as { cause?: { code?: unknown } }).cause;
    if (cause && typeof cause.code === "string") return `network error (${cause.code})`;
  }
  return "network error";
}
