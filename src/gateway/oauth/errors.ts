/**
 * Errors of the OAuth module. Messages are meant for people (admins, MCP users) and never contain a
 * token, a code or the client secret; `code` is what the admin API maps to its `{ error: { code } }`.
 */

export type OAuthConnectErrorCode =
  | "invalid_state"
  | "expired_state"
  | "access_denied"
  | "exchange_failed"
  | "no_accessible_resources"
  | "account_not_found"
  | "account_not_oauth";

/** The connect flow could not finish; `status` is the HTTP status the callback page should answer with. */
export class OAuthConnectError extends Error {
  override readonly name = "OAuthConnectError";
  constructor(
    readonly code: OAuthConnectErrorCode,
    message: string,
    readonly status: number = 400,
    readonly accountId: string | null = null,
  ) {
    super(message);
  }
}

/**
 * The refresh token is dead (revoked, expired, or already spent): only the user can fix it, by
 * going through consent again. Not retryable.
 */
export class NeedsReauthError extends Error {
  override readonly name = "NeedsReauthError";
  readonly retryable = false;
  constructor(
    readonly accountId: string,
    accountName?: string,
    /** `not_connected`: the connect flow was started but never finished. */
    readonly reason: "revoked" | "not_connected" = "revoked",
  ) {
    const label = accountName ? `"${accountName}" (${accountId})` : accountId;
    super(
      reason === "not_connected"
        ? `Integrated account ${label} has not finished connecting to Atlassian. ` +
            "Complete the OAuth connect flow (or start it again) to use it."
        : `The Atlassian OAuth authorization of integrated account ${label} is no longer valid ` +
            "(revoked, expired or already used). Reconnect the account (start the OAuth connect flow " +
            "again) to restore access.",
    );
  }
}

/** A failed token refresh; subclasses say whether trying the same call again can help. */
abstract class OAuthRefreshFailure extends Error {
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    /** Atlassian's HTTP status, when it answered at all. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Atlassian could not be reached or answered 5xx/429: the same call may succeed later. */
export class OAuthTransientError extends OAuthRefreshFailure {
  override readonly name = "OAuthTransientError";
  readonly retryable = true;
}

/**
 * Atlassian refused the gateway itself (bad client credentials, malformed request) or the account is
 * not an OAuth account: retrying will not help and the user cannot fix it by reconnecting.
 */
export class OAuthRefreshError extends OAuthRefreshFailure {
  override readonly name = "OAuthRefreshError";
  readonly retryable = false;
}
