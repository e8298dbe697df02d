#!/usr/bin/env node
import { parseArgs } from "node:util";

const HELP = `atlasgate — MCP gateway for Jira and Confluence

Usage:
  atlasgate [stdio]       MCP over stdio for one site (settings from the environment, see README)
  atlasgate sandbox [--host 127.0.0.1] [--port 4010] [--seed demo|empty]
                    [--deployment cloud|datacenter] [--token-ttl SECONDS]
  atlasgate serve [--host 127.0.0.1] [--port 8080] [--data-dir DIR]
                          the multi-tenant HTTP gateway (settings from the environment, see README)
  atlasgate demo [--host 127.0.0.1] [--port 8080] [--data-dir DIR]
                          sandbox + gateway in one process, with a connected account and an MCP URL
  atlasgate --help | --version
`;

/** Entry point of the `atlasgate` bin. Each subcommand loads only its own modules, to keep start fast. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === "--version" || command === "-v") {
    const { VERSION } = await import("../version.js");
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === "stdio") {
    const { runStdio } = await loadStdio();
    return runStdio(process.env);
  }
  if (command === "serve") return runServe(rest);
  if (command === "demo") return runDemo(rest);
  if (command === "sandbox") return runSandbox(rest);
  process.stderr.write(`atlasgate: unknown command ${JSON.stringify(command ?? "")}; see atlasgate --help\n`);
  return 2;
}

/**
 * The stdio server from its bundle (dist/bundle/, written by the build for start-up speed), or from
 * the compiled modules when there is none (running from sources, or a build without the bundle step).
 */
async function loadStdio(): Promise<typeof import("../transports/stdio.js")> {
  try {
    // A variable specifier: TypeScript must not resolve it (src/ has no bundle).
    const bundled = "../bundle/stdio.js";
    return (await import(bundled)) as typeof import("../transports/stdio.js");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw e;
    return import("../transports/stdio.js");
  }
}

async function runSandbox(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        seed: { type: "string" },
        deployment: { type: "string" },
        "token-ttl": { type: "string" },
        "issue-count": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`atlasgate sandbox: ${(e as Error).message}\n`);
    return 2;
  }
  const num = (name: string): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !/^\d+$/.test(v))
      throw new Error(`--${name} must be a whole number, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const { startSandbox } = await import("../sandbox/index.js");
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      host: values.host as string | undefined,
      port: num("port") ?? 4010,
      seed: values.seed as "demo" | "empty" | undefined,
      deployment: values.deployment as "cloud" | "datacenter" | undefined,
      tokenTtlSeconds: num("token-ttl"),
      issueCount: num("issue-count"),
    });
  } catch (e) {
    process.stderr.write(`atlasgate sandbox: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(sandbox.credentials)}\n`);
  process.stderr.write(`Atlassian sandbox listening on ${sandbox.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await sandbox.close();
  return 0;
}

function gatewayFlags(
  command: string,
  args: string[],
): { host?: string; port?: string; dataDir?: string } | null {
  try {
    const { values } = parseArgs({
      args,
      options: { host: { type: "string" }, port: { type: "string" }, "data-dir": { type: "string" } },
      strict: true,
    });
    return { host: values.host, port: values.port, dataDir: values["data-dir"] };
  } catch (e) {
    process.stderr.write(`atlasgate ${command}: ${(e as Error).message}\n`);
    return null;
  }
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

async function runServe(args: string[]): Promise<number> {
  const flags = gatewayFlags("serve", args);
  if (!flags) return 2;
  const { GatewayConfigError, readGatewayConfig } = await import("../gateway/config.js");
  try {
    readGatewayConfig(process.env, flags);
  } catch (e) {
    if (e instanceof GatewayConfigError) {
      process.stderr.write(`atlasgate serve: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const { startGateway } = await import("../gateway/server.js");
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({ env: process.env, flags });
  } catch (e) {
    process.stderr.write(`atlasgate serve: ${(e as Error).message}\n`);
    return 1;
  }
  process.stderr.write(
    `atlasgate gateway listening on ${gateway.url} (public URL ${gateway.ctx.publicUrl})\n`,
  );
  await untilSignal();
  await gateway.close();
  return 0;
}

/**
 * Everything in one process so a first look takes one command: the sandbox, the gateway on an
 * embedded database pointed at it, an API-token account connected through the admin API, and an
 * MCP server whose URL goes straight into a client config.
 */
async function runDemo(args: string[]): Promise<number> {
  const flags = gatewayFlags("demo", args);
  if (!flags) return 2;
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { randomBytes } = await import("node:crypto");
  const { startSandbox } = await import("../sandbox/index.js");
  const { startGateway } = await import("../gateway/server.js");
  const temp = flags.dataDir ? null : await mkdtemp(join(tmpdir(), "atlasgate-demo-"));
  const sandbox = await startSandbox({ port: 0 });
  const info = sandbox.credentials;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({
      env: {
        ...process.env,
        DATABASE_URL: undefined,
        ATLASGATE_LOG_LEVEL: process.env.ATLASGATE_LOG_LEVEL ?? "warn",
        ATLASSIAN_OAUTH_CLIENT_ID: info.oauth.clientId,
        ATLASSIAN_OAUTH_CLIENT_SECRET: info.oauth.clientSecret,
        ATLASSIAN_OAUTH_AUTHORIZE_URL: info.oauth.authorizeUrl,
        ATLASSIAN_OAUTH_TOKEN_URL: info.oauth.tokenUrl,
        ATLASSIAN_API_BASE_URL: info.oauth.apiUrl,
      },
      flags: { ...flags, port: flags.port ?? "8080", dataDir: flags.dataDir ?? temp! },
      // A throwaway data dir gets a throwaway key: nothing in it outlives the demo.
      config: temp ? { encryptionKey: randomBytes(32) } : {},
      announce: () => {},
    });
  } catch (e) {
    process.stderr.write(`atlasgate demo: ${(e as Error).message}\n`);
    await sandbox.close();
    if (temp) await rm(temp, { recursive: true, force: true });
    return 1;
  }
  const cleanup = async () => {
    await gateway.close();
    await sandbox.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  };
  try {
    const adminKey = gateway.adminKey ?? (await gateway.repos.apiKeys.create(gateway.teamId, "demo")).key;
    const call = async (path: string, body: unknown) => {
      const res = await gateway.app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as any;
      if (res.status !== 201) throw new Error(`${path}: ${json?.error?.message ?? res.status}`);
      return json;
    };
    const account = await call("/integrated-account", {
      name: "Acme Robotics (sandbox)",
      auth: { type: "api_token", site_url: sandbox.url, email: info.email, api_token: info.apiToken },
    });
    const server = await call(`/integrated-account/${account.id}/mcp`, {
      name: "demo",
      config: { tags: ["core"] },
    });
    const clientConfig = { mcpServers: { "atlasgate-demo": { type: "http", url: server.url } } };
    process.stdout.write(
      [
        `Atlassian sandbox:  ${sandbox.url}`,
        `Gateway:            ${gateway.url}`,
        `Admin API key:      ${adminKey}`,
        `MCP server URL:     ${server.url}`,
        "",
        "Client config (paste into your MCP client's settings):",
        JSON.stringify(clientConfig, null, 2),
        "",
        `Try the admin API: curl -H "Authorization: Bearer ${adminKey}" ${gateway.url}/integrated-account`,
        temp
          ? "Data is kept in a temporary directory and removed on exit."
          : `Data directory: ${flags.dataDir}`,
        "",
      ].join("\n"),
    );
    process.stderr.write("atlasgate demo running (Ctrl-C to stop)\n");
  } catch (e) {
    process.stderr.write(`atlasgate demo: ${(e as Error).message}\n`);
    await cleanup();
    return 1;
  }
  await untilSignal();
  await cleanup();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`atlasgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
