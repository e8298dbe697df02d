import { createHash, randomBytes } from "node:crypto";
import type { User } from "../state/model.js";

/** How a request proved who it is; webhook endpoints, for one, accept only `oauth` (apps). */
export type AuthKind = "basic" | "pat" | "oauth";

export interface Identity {
  accountId: string;
  kind: AuthKind;
  /** OAuth client (app) id for `oauth`, else null. */
  clientId: string | null;
  /** A stable, non-secret key for the credential used (rate limits and the request log group by it). */
  credentialKey: string;
}

/** The demo credentials printed on start. They are fixed strings: the sandbox holds no real secret. */
export interface UserCredentials {
  accountId: string;
  email: string;
  username: string;
  apiToken: string;
  pat: string;
  password: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

interface AccessTokenRecord {
  accountId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

interface RefreshTokenRecord {
  accountId: string;
  clientId: string;
  scope: string;
  used: boolean;
}

interface CodeRecord {
  accountId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

/** A short digest that names a credential in logs without revealing it. */
export function credentialKey(kind: string, secret: string): string {
  return `${kind}:${createHash("sha256").update(secret).digest("hex").slice(0, 12)}`;
}

/** Deterministic demo credentials for a user, derived from the username. */
export function demoCredentials(user: User): UserCredentials {
  const slug = user.name.replace(/[^a-z0-9]/gi, "-").toLowerCase();
  return {
    accountId: user.accountId,
    email: user.emailAddress,
    username: user.name,
    apiToken: `ATATT-sandbox-${slug}`,
    pat: `sandbox-pat-${slug}`,
    password: `sandbox-password-${slug}`,
  };
}

/**
 * Every credential the sandbox accepts: API tokens (Cloud Basic), PATs and passwords (Data Center),
 * OAuth 2.0 (3LO) codes, access tokens and rotating refresh tokens.
 */
export class CredentialRegistry {
  private readonly byApiToken = new Map<string, UserCredentials>();
  private readonly byPat = new Map<string, UserCredentials>();
  private readonly byUsername = new Map<string, UserCredentials>();
  private readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  addUser(creds: UserCredentials): void {
    this.byApiToken.set(creds.apiToken, creds);
    this.byPat.set(creds.pat, creds);
    this.byUsername.set(creds.username.toLowerCase(), creds);
  }

  addClient(client: OAuthClient): void {
    this.clients.set(client.clientId, client);
  }

  /** Cloud Basic auth: email + API token. */
  checkApiToken(email: string, token: string): Identity | null {
    const creds = this.byApiToken.get(token);
    if (!creds || creds.email.toLowerCase() !== email.toLowerCase()) return null;
    return {
      accountId: creds.accountId,
      kind: "basic",
      clientId: null,
      credentialKey: credentialKey("basic", token),
    };
  }

  /** Data Center Basic auth: username + password (a PAT also works as the password, as on DC). */
  checkPassword(username: string, password: string): Identity | null {
    const creds = this.byUsername.get(username.toLowerCase());
    if (!creds || (creds.password !== password && creds.pat !== password)) return null;
    return {
      accountId: creds.accountId,
      kind: "basic",
      clientId: null,
      credentialKey: credentialKey("basic", password),
    };
  }

  /** Data Center personal access token as `Authorization: Bearer`. */
  checkPat(token: string): Identity | null {
    const creds = this.byPat.get(token);
    if (!creds) return null;
    return {
      accountId: creds.accountId,
      kind: "pat",
      clientId: null,
      credentialKey: credentialKey("pat", token),
    };
  }

  client(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  issueCode(record: Omit<CodeRecord, "used">): string {
    const code = randomToken("code");
    this.codes.set(code, { ...record, used: false });
    return code;
  }

  /** Spends an authorization code; a code works once and only for the client and redirect it was issued to. */
  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
    now: number,
  ): CodeRecord | null {
    const record = this.codes.get(code);
    if (!record || record.used || record.clientId !== clientId || record.expiresAt <= now) return null;
    if (redirectUri !== undefined && redirectUri !== record.redirectUri) return null;
    record.used = true;
    return record;
  }

  issueTokens(
    grant: { accountId: string; clientId: string; scope: string },
    ttlSeconds: number,
    now: number,
  ): { accessToken: string; refreshToken: string | null; expiresIn: number } {
    const accessToken = randomToken("at");
    this.accessTokens.set(accessToken, { ...grant, expiresAt: now + ttlSeconds * 1000 });
    let refreshToken: string | null = null;
    if (grant.scope.split(/\s+/).includes("offline_access")) {
      refreshToken = randomToken("rt");
      this.refreshTokens.set(refreshToken, { ...grant, used: false });
    }
    return { accessToken, refreshToken, expiresIn: ttlSeconds };
  }

  /**
   * Rotating refresh tokens: each one works exactly once. A second use is refused (`invalid_grant`),
   * which is what makes concurrent refreshes in a client visible as failures.
   */
  spendRefreshToken(token: string, clientId: string): RefreshTokenRecord | null {
    const record = this.refreshTokens.get(token);
    if (!record || record.used || record.clientId !== clientId) return null;
    record.used = true;
    return record;
  }

  checkAccessToken(token: string, now: number): Identity | null {
    const record = this.accessTokens.get(token);
    if (!record || record.expiresAt <= now) return null;
    return {
      accountId: record.accountId,
      kind: "oauth",
      clientId: record.clientId,
      credentialKey: credentialKey("oauth", token),
    };
  }

  accessTokenScope(token: string): string | null {
    return this.accessTokens.get(token)?.scope ?? null;
  }

  /** Fault injection: every access token issued so far is expired now. */
  expireAllAccessTokens(now: number): number {
    let n = 0;
    for (const record of this.accessTokens.values()) {
      if (record.expiresAt > now) {
        record.expiresAt = now;
        n++;
      }
    }
    return n;
  }
}

function randomToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString("base64url")}`;
}
