import type { Logger } from "pino";
import type { ToolDefinition } from "../../catalog/load.js";
import type { UpstreamCache } from "../mcp-endpoint/upstreams.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import type { Repositories } from "../storage/repositories.js";
import type { ApiKeyRecord, IntegratedAccount, Team } from "../storage/types.js";
import type { StaticCredentials, VerifiedAccount } from "./verify-credentials.js";

/**
 * The OAuth connect flow as the admin API uses it (implemented in src/gateway/oauth). `start`
 * creates (or re-arms) a pending account and returns where to send the user; `finish` runs on the
 * callback and activates the account.
 */
export interface OAuthConnector {
  start(
    teamId: string,
    input: { name: string; integratedAccountId?: string | null },
  ): Promise<{ account: IntegratedAccount; authorizeUrl: string }>;
  finish(callback: {
    code: string | null;
    state: string | null;
    error: string | null;
    errorDescription: string | null;
  }): Promise<IntegratedAccount>;
}

/**
 * Everything the HTTP routes need, built once per gateway by server.ts. No module-level state
 * anywhere: two gateways in one process (tests, the demo) never see each other.
 */
export interface GatewayContext {
  repos: Repositories;
  catalog: ToolDefinition[];
  now: () => number;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Base of the MCP URLs handed out; set once the listen address is known. */
  publicUrl: string;
  allowedOrigins: string[];
  /** Bound to a loopback address: requests must name a loopback host (DNS-rebinding protection). */
  loopbackOnly: boolean;
  maxBodyBytes: number;
  upstreams: UpstreamCache;
  oauth: OAuthConnector | null;
  verifyCredentials(creds: StaticCredentials): Promise<VerifiedAccount>;
  /** Background work (audit writes) that `close()` waits for. */
  track(work: Promise<unknown>): void;
  /** Database reachable and migrations applied. */
  isReady(): Promise<boolean>;
}

export interface AdminPrincipal {
  team: Team;
  key: ApiKeyRecord;
}

export type AdminEnv = { Variables: { principal: AdminPrincipal } };
