#!/usr/bin/env node
import { parseArgs } from "node:util";

const HELP = `atlasgate — MCP gateway for Jira and Confluence

Usage:
  atlasgate [stdio]       MCP over stdio for one site (settings from the environment, see README)
  atlasgate sandbox [--host 127.0.0.1] [--port 4010] [--seed demo|empty]
                    [--deployment cloud|datacenter] [--token-ttl SECONDS]
  atlasgate demo          start the sandbox (and, once available, the gateway on it)
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
    const { runStdio } = await import("../transports/stdio.js");
    return runStdio(process.env);
  }
  if (command === "sandbox" || command === "demo") return runSandbox(rest);
  process.stderr.write(`atlasgate: unknown command ${JSON.stringify(command ?? "")}; see atlasgate --help\n`);
  return 2;
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`atlasgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
