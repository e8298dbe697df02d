export {
  type AccessibleResource,
  AtlassianOAuthClient,
  type TokenResult,
  type TokenSet,
} from "./atlassian-oauth.js";
export {
  CALLBACK_PATH,
  DEFAULT_API_BASE_URL,
  DEFAULT_AUTHORIZE_URL,
  DEFAULT_TOKEN_URL,
  OAUTH_SCOPES,
  type OAuthConfig,
  oauthConfigFrom,
  redirectUri,
} from "./config.js";
export {
  type FinishOAuthConnectInput,
  type FinishOAuthConnectResult,
  finishOAuthConnect,
  STATE_TTL_MS,
  type StartOAuthConnectInput,
  type StartOAuthConnectResult,
  startOAuthConnect,
} from "./connect.js";
export {
  NeedsReauthError,
  OAuthConnectError,
  type OAuthConnectErrorCode,
  OAuthRefreshError,
  OAuthTransientError,
} from "./errors.js";
export { RefreshScheduler, type RefreshSchedulerOptions } from "./scheduler.js";
export {
  type AccessTokenInfo,
  type RefreshOptions,
  type TokenLogger,
  TokenManager,
  type TokenManagerOptions,
} from "./token-manager.js";
export { type AccountRef, type TokenStore, tokenStoreFrom } from "./token-store.js";
