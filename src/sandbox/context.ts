import type { CredentialRegistry, Identity, OAuthClient, UserCredentials } from "./auth/credentials.js";
import type { FaultInjector } from "./control/faults.js";
import type { RequestLog } from "./control/request-log.js";
import type { ResolvedOptions } from "./options.js";
import type { Store } from "./state/store.js";

/**
 * What every route module needs, passed explicitly (no globals) so several sandboxes can run in one
 * process, as the tests do. `store` is replaced on reset, so read it through the context each time.
 */
export interface SandboxContext {
  options: ResolvedOptions;
  store: Store;
  credentials: CredentialRegistry;
  faults: FaultInjector;
  requestLog: RequestLog;
  /** Site id, as OAuth's accessible-resources reports it and `/ex/{product}/{cloudId}` expects it. */
  cloudId: string;
  /** The demo OAuth app. */
  oauthClient: OAuthClient;
  admin: UserCredentials;
  viewer: UserCredentials;
  /** Base URL once listening (http://host:port), used for `self` links. */
  baseUrl: string;
  now(): number;
  /** Replaces the store with a freshly seeded one (same ids) and forgets faults and the request log. */
  reset(): void;
}

/** Hono environment of the sandbox app: the identity set by the auth middleware. */
export interface SandboxEnv {
  /** Set by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: { incoming?: import("node:http").IncomingMessage; outgoing?: import("node:http").ServerResponse };
  Variables: {
    identity: Identity;
    /** Base URL of the form the request came in (site form, or `/ex/jira/{cloudId}`), for `self` links. */
    apiBase: string;
  };
}
