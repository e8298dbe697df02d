/**
 * The four ways to authenticate against Atlassian, and where each sends its requests: Cloud and
 * Data Center credentials go to the site itself, OAuth 2.0 (3LO) tokens only work through
 * api.atlassian.com's `/ex/{product}/{cloudId}` gateway.
 */

export type AtlassianAuth =
  /** Jira/Confluence Cloud: account email + API token, as Basic. */
  | { type: "basic"; email: string; apiToken: string }
  /** Data Center personal access token, as Bearer. */
  | { type: "pat"; token: string }
  /** Data Center username + password, as Basic. */
  | { type: "dc-basic"; username: string; password: string }
  | {
      type: "oauth";
      cloudId: string;
      /** Default https://api.atlassian.com. */
      apiBaseUrl?: string;
      /** Called before every attempt, so a token refreshed meanwhile is picked up. */
      getAccessToken(): Promise<string>;
      /**
       * The gateway refreshes the token; the client then retries once. It is told which token was
       * rejected, so a 401 for a token that was already replaced does not force another refresh.
       */
      onUnauthorized?(rejectedToken: string): Promise<void>;
    };

/** `platform`: api.atlassian.com itself (accessible-resources), not a product behind `/ex/`. */
export type Product = "jira" | "confluence" | "platform";

export const DEFAULT_OAUTH_API_BASE = "https://api.atlassian.com";

/** The value of the Authorization header for one attempt. */
export async function authorizationHeader(auth: AtlassianAuth): Promise<string> {
  switch (auth.type) {
    case "basic":
      return basic(auth.email, auth.apiToken);
    case "dc-basic":
      return basic(auth.username, auth.password);
    case "pat":
      return `Bearer ${auth.token}`;
    case "oauth": {
      const token = await auth.getAccessToken();
      if (typeof token !== "string" || token === "") throw new Error("getAccessToken() returned no token");
      return `Bearer ${token}`;
    }
  }
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, "utf8").toString("base64")}`;
}

/** The static secrets of a config, and their encoded forms, for scrubbing error texts. */
export function staticSecrets(auth: AtlassianAuth): string[] {
  switch (auth.type) {
    case "basic":
      return [auth.apiToken, basic(auth.email, auth.apiToken).slice("Basic ".length)];
    case "dc-basic":
      return [auth.password, basic(auth.username, auth.password).slice("Basic ".length)];
    case "pat":
      return [auth.token];
    case "oauth":
      return [];
  }
}

/**
 * Base URL that a request path is appended to: the site (keeping a Data Center context path such as
 * `/jira`) or, with OAuth, `{apiBaseUrl}/ex/{product}/{cloudId}`. No trailing slash.
 */
export function baseUrlFor(siteUrl: string, auth: AtlassianAuth, product: Product): string {
  if (auth.type === "oauth") {
    const api = normalizeBase(auth.apiBaseUrl ?? DEFAULT_OAUTH_API_BASE, "apiBaseUrl");
    if (product === "platform") return api;
    return `${api}/ex/${product}/${encodeURIComponent(auth.cloudId)}`;
  }
  return normalizeBase(siteUrl, "siteUrl");
}

/** Validates an http(s) base URL and drops trailing slashes; rejects query, fragment and userinfo. */
export function normalizeBase(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`${name} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`${name} must use http or https, got ${url.protocol}`);
  }
  if (url.username || url.password) throw new TypeError(`${name} must not contain credentials`);
  if (url.search || url.hash) throw new TypeError(`${name} must not contain a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Rejects paths that could leave the base they are appended to: not starting with "/", carrying a
 * query or fragment, whitespace, or dot segments (`..`, `%2e%2e`) that a server would resolve —
 * with OAuth that would escape `/ex/{product}/{cloudId}`.
 */
export function checkPath(path: string): void {
  if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//")) {
    throw new TypeError(`request path must start with a single "/", got ${JSON.stringify(path)}`);
  }
  if (/[?#\s\\]/.test(path)) {
    throw new TypeError(
      `request path must not contain "?", "#", "\\" or whitespace: ${JSON.stringify(path)}`,
    );
  }
  for (const segment of path.split("/")) {
    const decoded = segment.replace(/%2e/gi, ".");
    if (decoded === "." || decoded === "..") {
      throw new TypeError(`request path must not contain dot segments: ${JSON.stringify(path)}`);
    }
  }
}

/** `?k=v&...` percent-encoded per RFC 3986 (`%20`, never `+`), so JQL/CQL text arrives exactly as written. */
export function queryString(query: ReadonlyArray<readonly [string, string]> | undefined): string {
  if (!query || query.length === 0) return "";
  return `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
}
