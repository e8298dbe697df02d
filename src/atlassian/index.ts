export type { AtlassianAuth, Product } from "./auth.js";
export {
  AtlassianClient,
  type AtlassianRequest,
  type AtlassianResponse,
  type ClientConfig,
  type ClientStats,
  DEFAULT_BUDGET_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type HttpMethod,
  USER_AGENT,
} from "./client.js";
export { AtlassianError, type AtlassianErrorCode, extractAtlassianMessages, hintFor } from "./errors.js";
export { Semaphore, TokenBucket } from "./limiter.js";
export { closeSharedDispatcher, createDispatcher, sharedDispatcher } from "./proxy.js";
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type NoRetryReason,
  type RetryDecision,
  type RetryInput,
  type RetryOutcome,
  type RetryPolicy,
} from "./retry.js";
