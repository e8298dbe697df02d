import pino from "pino";
import { createGateway, type Gateway, type GatewayOptions } from "../server.js";
import type { StaticCredentials } from "./verify-credentials.js";

export const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

/** A gateway on in-memory PGlite with a movable clock and fake credential checks (no network). */
export async function testGateway(options: GatewayOptions = {}) {
  let now = T0;
  const announced: string[] = [];
  const checked: StaticCredentials[] = [];
  const gateway: Gateway = await createGateway({
    env: {},
    config: { dataDir: ":memory:", logLevel: "silent", encryptionKey: Buffer.alloc(32, 7) },
    logger: pino({ level: "silent" }),
    now: () => now,
    announce: (line) => announced.push(line),
    verifyCredentials: async (creds) => {
      checked.push(creds);
      if ("apiToken" in creds && creds.apiToken === "bad") {
        const { ApiError } = await import("./errors.js");
        throw new ApiError(400, "invalid_credentials", "Atlassian rejected the credentials (HTTP 401)");
      }
      return {
        deployment: creds.type === "api_token" ? "cloud" : "datacenter",
        accountId: "acc-1",
        displayName: "Ada",
      };
    },
    oauth: null,
    ...options,
  });
  const request = (
    method: string,
    path: string,
    init: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? gateway.adminKey : init.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (method === "GET" || method === "HEAD") body = undefined;
    if (body !== undefined) headers["content-type"] ??= "application/json";
    return gateway.app.request(path, { method, headers, body });
  };
  /** Rows per table, to prove a refused request wrote nothing. */
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of [
      "teams",
      "api_keys",
      "integrated_accounts",
      "mcp_servers",
      "audit_log",
      "oauth_states",
    ]) {
      const { rows } = await gateway.repos.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      out[table] = Number(rows[0].n);
    }
    return out;
  };
  return {
    gateway,
    request,
    counts,
    announced,
    checked,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}
