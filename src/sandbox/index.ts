import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createSandboxApp } from "./app.js";
import { CredentialRegistry, demoCredentials } from "./auth/credentials.js";
import type { SandboxContext, SandboxEnv } from "./context.js";
import { FaultInjector } from "./control/faults.js";
import { RequestLog } from "./control/request-log.js";
import { sandboxInfo } from "./control/routes.js";
import { resolveOptions, type SandboxOptions } from "./options.js";
import { DEMO_OAUTH_CLIENT_ID, seedStore } from "./seed/index.js";
import { Store } from "./state/store.js";

export type { SandboxOptions } from "./options.js";

/** Fixed so that URLs printed in docs and tests stay valid across runs. */
export const SANDBOX_CLOUD_ID = "7f3e2c1a-5b6d-4e8f-9a0b-1c2d3e4f5a6b";
export const SANDBOX_OAUTH_SECRET = "sandbox-oauth-secret";

export type SandboxInfo = ReturnType<typeof sandboxInfo>;

export interface Sandbox {
  url: string;
  credentials: SandboxInfo;
  context: SandboxContext;
  app: Hono<SandboxEnv>;
  close(): Promise<void>;
}

/**
 * Builds a sandbox without listening: `app.request()` tests use this directly. `baseUrl` is what
 * `self` links point at.
 */
export function createSandbox(options: SandboxOptions = {}, baseUrl = "http://sandbox.invalid") {
  const resolved = resolveOptions(options);
  const credentials = new CredentialRegistry();
  const oauthClient = { clientId: DEMO_OAUTH_CLIENT_ID, clientSecret: SANDBOX_OAUTH_SECRET };
  credentials.addClient(oauthClient);

  const fresh = () => {
    const store = new Store();
    const users = seedStore(store, {
      seed: resolved.seed,
      now: resolved.seedTime,
      issueCount: resolved.issueCount,
    });
    return { store, users };
  };
  const first = fresh();
  for (const user of first.store.users.values()) credentials.addUser(demoCredentials(user));

  const ctx: SandboxContext = {
    options: resolved,
    store: first.store,
    credentials,
    faults: new FaultInjector(),
    requestLog: new RequestLog(),
    cloudId: SANDBOX_CLOUD_ID,
    oauthClient,
    admin: demoCredentials(first.users.admin),
    viewer: demoCredentials(first.users.viewer),
    baseUrl,
    now: resolved.clock,
    reset() {
      ctx.store = fresh().store;
      ctx.faults.set({});
      ctx.requestLog.clear();
    },
  };
  const app = createSandboxApp(ctx);
  return { ctx, app };
}

/** Starts a sandbox on a real port (0 = any free one) and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { ctx, app } = createSandbox(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: ctx.options.host, port: ctx.options.port }, () =>
      resolve(s),
    );
    s.once("error", reject);
  });
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s), so a client never
  // reuses a socket the server is closing at that moment (an ECONNRESET race under load).
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  ctx.baseUrl = `http://${host}:${address.port}`;
  return {
    url: ctx.baseUrl,
    credentials: sandboxInfo(ctx),
    context: ctx,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        const s = server as unknown as { closeAllConnections?: () => void };
        server.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}
