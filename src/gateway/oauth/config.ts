/**
 * What the OAuth 2.0 (3LO) code needs to know about the Atlassian app and about this gateway. Kept
 * apart from the process env so tests (and a gateway serving several apps later) can pass it in.
 */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Consent page; https://auth.atlassian.com/authorize in production. */
  authorizeUrl: string;
  /** Token endpoint for both the code exchange and refresh; https://auth.atlassian.com/oauth/token. */
  tokenUrl: string;
  /** Where accessible-resources and `/ex/{product}/{cloudId}` live; https://api.atlassian.com. */
  apiBaseUrl: string;
  /** This gateway's externally reachable origin; the callback is `${publicUrl}/oauth/atlassian/callback`. */
  publicUrl: string;
}

export const DEFAULT_AUTHORIZE_URL = "https://auth.atlassian.com/authorize";
export const DEFAULT_TOKEN_URL = "https://auth.atlassian.com/oauth/token";
export const DEFAULT_API_BASE_URL = "https://api.atlassian.com";

/** The callback route the admin API must mount; exported so both sides agree on one string. */
export const CALLBACK_PATH = "/oauth/atlassian/callback";

/**
 * Everything the catalog's tools need, plus `offline_access`, without which Atlassian issues no
 * refresh token and the account would die after an hour.
 */
export const OAUTH_SCOPES = [
  "read:jira-work",
  "write:jira-work",
  "read:jira-user",
  "manage:jira-webhook",
  "manage:jira-configuration",
  "read:confluence-content.all",
  "write:confluence-content",
  "search:confluence",
  "offline_access",
] as const;

export function redirectUri(config: OAuthConfig): string {
  return `${config.publicUrl.replace(/\/+$/, "")}${CALLBACK_PATH}`;
}

/**
 * Builds the OAuth config from the gateway's settings. Returns null when the app credentials are
 * absent, because OAuth is optional: a gateway with only API-token accounts is valid.
 */
export function oauthConfigFrom(
  oauth: {
    clientId: string | null;
    clientSecret: string | null;
    authorizeUrl: string;
    tokenUrl: string;
    apiBaseUrl: string;
  },
  publicUrl: string,
): OAuthConfig | null {
  if (!oauth.clientId || !oauth.clientSecret) return null;
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    authorizeUrl: oauth.authorizeUrl,
    tokenUrl: oauth.tokenUrl,
    apiBaseUrl: oauth.apiBaseUrl.replace(/\/+$/, ""),
    publicUrl: publicUrl.replace(/\/+$/, ""),
  };
}
