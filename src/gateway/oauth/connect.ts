import type { Repositories } from "../storage/repositories.js";
import type { IntegratedAccount, Millis } from "../storage/types.js";
import { type AccessibleResource, AtlassianOAuthClient } from "./atlassian-oauth.js";
import { OAUTH_SCOPES, type OAuthConfig, redirectUri } from "./config.js";
import { OAuthConnectError } from "./errors.js";

/** Atlassian's consent screen is a human step; ten minutes is enough and keeps stale links short-lived. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export interface StartOAuthConnectInput {
  repos: Repositories;
  teamId: string;
  /** Name of the new account (ignored when `accountId` re-authorizes an existing one). */
  name: string;
  config: OAuthConfig;
  /** Re-authorize this existing OAuth account (e.g. after `needs_reauth`) instead of creating one. */
  accountId?: string;
}

export interface StartOAuthConnectResult {
  /** Send the user's browser here. */
  authorize_url: string;
  /** The pending (or re-authorizing) account; it turns `active` when the callback completes. */
  account: IntegratedAccount;
  state_expires_at: Millis;
}

/**
 * First half of the OAuth 2.0 (3LO) connect flow: records a single-use `state` bound to the team and
 * to a pending account, and builds Atlassian's consent URL. The account exists from here on so the
 * admin can see (and retry or delete) a connect that was never finished.
 */
export async function startOAuthConnect(input: StartOAuthConnectInput): Promise<StartOAuthConnectResult> {
  const { repos, teamId, config } = input;
  const { account, state, expiresAt } = await repos.transaction(async (_tx, r) => {
    let account: IntegratedAccount | null;
    if (input.accountId !== undefined) {
      account = await r.accounts.get(teamId, input.accountId);
      if (!account) {
        throw new OAuthConnectError(
          "account_not_found",
          `integrated account ${input.accountId} not found`,
          404,
        );
      }
      if (account.authType !== "oauth") {
        throw new OAuthConnectError(
          "account_not_oauth",
          `integrated account ${input.accountId} uses ${account.authType}, not OAuth; it cannot be reconnected through OAuth`,
          409,
        );
      }
    } else {
      account = await r.accounts.create(
        teamId,
        {
          name: input.name,
          authType: "oauth",
          siteUrl: "",
          cloudId: null,
          deployment: "cloud",
          status: "pending",
        },
        null,
      );
    }
    const created = await r.oauthStates.create(teamId, {
      name: account.name,
      integratedAccountId: account.id,
      ttlMs: STATE_TTL_MS,
    });
    return { account, state: created.state, expiresAt: created.record.expiresAt };
  });

  const query = new URLSearchParams({
    audience: "api.atlassian.com",
    client_id: config.clientId,
    scope: OAUTH_SCOPES.join(" "),
    redirect_uri: redirectUri(config),
    state: withExpiryHint(state, expiresAt),
    response_type: "code",
    prompt: "consent",
  });
  // URLSearchParams writes spaces as "+"; Atlassian expects the scope list %20-separated.
  const authorizeUrl = `${config.authorizeUrl}?${query.toString().replace(/\+/g, "%20")}`;
  return { authorize_url: authorizeUrl, account, state_expires_at: expiresAt };
}

export interface FinishOAuthConnectInput {
  repos: Repositories;
  config: OAuthConfig;
  /** The callback's query parameters, as received. */
  state?: string | null;
  code?: string | null;
  error?: string | null;
  errorDescription?: string | null;
  /** Tests inject a client; by default one is built from `config`. */
  oauth?: AtlassianOAuthClient;
  now?: () => Millis;
}

export interface FinishOAuthConnectResult {
  account: IntegratedAccount;
  /** The Jira site the grant covers (also stored on the account). */
  site: { cloudId: string; url: string; name: string };
}

/**
 * Second half: the callback. Consumes the state (so a replayed callback fails), exchanges the code,
 * finds the site through accessible-resources, and stores the encrypted tokens with the account
 * turning `active` — all or nothing.
 */
export async function finishOAuthConnect(input: FinishOAuthConnectInput): Promise<FinishOAuthConnectResult> {
  const { repos, config } = input;
  const now = input.now ?? Date.now;
  if (!input.state) {
    throw new OAuthConnectError(
      "invalid_state",
      "The OAuth callback carried no state; start the connect flow again.",
    );
  }
  const { state, hintedExpiry } = splitExpiryHint(input.state);
  const record = await repos.oauthStates.consume(state);
  if (!record) {
    const t = now();
    if (hintedExpiry !== null && hintedExpiry <= t && hintedExpiry > t - HINT_PLAUSIBLE_MS) {
      throw new OAuthConnectError(
        "expired_state",
        "This OAuth connect link has expired (it is valid for 10 minutes). Start the connect flow again.",
      );
    }
    throw new OAuthConnectError(
      "invalid_state",
      "Unknown or already used OAuth state: this callback was already processed, or did not come from this " +
        "gateway. Start the connect flow again.",
    );
  }
  const accountId = record.integratedAccountId;
  const account = accountId ? await repos.accounts.get(record.teamId, accountId) : null;
  if (!account || !accountId) {
    throw new OAuthConnectError(
      "account_not_found",
      "The integrated account this connect flow was for no longer exists.",
      404,
    );
  }

  if (input.error) {
    if (input.error === "access_denied") {
      throw new OAuthConnectError(
        "access_denied",
        `Access was denied on Atlassian's consent screen, so integrated account "${account.name}" was not connected. ` +
          "Start the connect flow again and choose Accept to connect it.",
        400,
        accountId,
      );
    }
    throw new OAuthConnectError(
      "exchange_failed",
      `Atlassian ended the authorization with error "${clip(input.error)}"` +
        (input.errorDescription ? `: ${clip(input.errorDescription)}` : "") +
        ". Start the connect flow again.",
      400,
      accountId,
    );
  }
  if (!input.code) {
    throw new OAuthConnectError(
      "exchange_failed",
      "The OAuth callback carried neither a code nor an error.",
      400,
      accountId,
    );
  }

  const oauth = input.oauth ?? new AtlassianOAuthClient(config);
  const exchanged = await oauth.exchangeCode(input.code);
  if (!exchanged.ok) {
    const message =
      exchanged.kind === "invalid_grant"
        ? "Atlassian rejected the authorization code (expired or already used). Start the connect flow again."
        : exchanged.kind === "transient"
          ? `Atlassian's token endpoint could not be reached or failed (${exchanged.description}). Try connecting again.`
          : `Atlassian refused the code exchange (HTTP ${exchanged.status}: ${exchanged.description}); ` +
            "check the gateway's OAuth client id, secret and callback URL.";
    throw new OAuthConnectError(
      "exchange_failed",
      message,
      exchanged.kind === "invalid_grant" ? 400 : 502,
      accountId,
    );
  }
  const tokens = exchanged.tokens;
  if (!tokens.refreshToken) {
    throw new OAuthConnectError(
      "exchange_failed",
      "Atlassian issued no refresh token (the offline_access scope was not granted), so the account could not " +
        "stay connected. Start the connect flow again.",
      400,
      accountId,
    );
  }
  const receivedAt = now();

  let resources: AccessibleResource[];
  try {
    resources = await oauth.accessibleResources(tokens.accessToken);
  } catch (err) {
    throw new OAuthConnectError(
      "exchange_failed",
      `Could not list the Atlassian sites the grant covers (${err instanceof Error ? err.message : "error"}). ` +
        "Try connecting again.",
      502,
      accountId,
    );
  }
  const site = pickJiraResource(resources);
  if (!site) {
    throw new OAuthConnectError(
      "no_accessible_resources",
      "The authorization covers no Atlassian site. Connect again and pick a site on the consent screen.",
      400,
      accountId,
    );
  }

  const saved = await repos.transaction(async (tx, r) => {
    // Same lock as a refresh: a refresh of the old grant running elsewhere cannot overwrite these tokens.
    await r.accounts.lockForRefresh(tx, accountId);
    const current = await r.accounts.get(record.teamId, accountId);
    if (!current) return null;
    await r.accounts.update(record.teamId, accountId, { siteUrl: site.url, cloudId: site.id });
    const stored = await r.accounts.updateOAuthTokens(
      tx,
      record.teamId,
      accountId,
      {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken!,
        expiresAt: receivedAt + tokens.expiresInSeconds * 1000,
        scope: tokens.scope,
      },
      current.secretVersion,
    );
    if (!stored) return null;
    return r.accounts.setStatus(record.teamId, accountId, "active");
  });
  if (!saved) {
    throw new OAuthConnectError(
      "account_not_found",
      "The integrated account this connect flow was for no longer exists.",
      404,
    );
  }
  return { account: saved, site: { cloudId: site.id, url: site.url, name: site.name } };
}

/** Atlassian lists one resource per product; the Jira one is the site's base (Confluence shares its cloudId). */
export function pickJiraResource(resources: AccessibleResource[]): AccessibleResource | null {
  return resources.find((r) => r.scopes.some((s) => s.includes("jira"))) ?? resources[0] ?? null;
}

/**
 * The state in the URL carries its expiry after a dot (storage states are base64url, which has no
 * dot). It only chooses the error text when storage no longer knows the state — "expired" rather than
 * "unknown" — and is never trusted for anything else.
 */
/** An expiry hint older than this is garbage rather than a stale link: "unknown state" fits better. */
const HINT_PLAUSIBLE_MS = 30 * 24 * 3600 * 1000;

function withExpiryHint(state: string, expiresAt: Millis): string {
  return `${state}.${expiresAt.toString(36)}`;
}

function splitExpiryHint(raw: string): { state: string; hintedExpiry: Millis | null } {
  const dot = raw.lastIndexOf(".");
  if (dot < 0) return { state: raw, hintedExpiry: null };
  const hint = Number.parseInt(raw.slice(dot + 1), 36);
  return { state: raw.slice(0, dot), hintedExpiry: Number.isFinite(hint) ? hint : null };
}

function clip(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "").slice(0, 200);
}
