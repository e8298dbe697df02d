import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { SandboxHarness } from "./sandbox-harness.js";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** Protocol revisions the servers must answer; the modern one uses the SDK's version negotiation. */
export const PROTOCOLS = ["2025-06-18", "2025-11-25", "2026-07-28"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface StdioSession {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
  /** Calls a tool and parses its JSON text result; `isError` results are returned, not thrown. */
  call(name: string, args?: Record<string, unknown>): Promise<{ isError: boolean; text: string; json: any }>;
}

/**
 * Starts `atlasgate` (the built CLI) over real stdio against a sandbox, with the official SDK client,
 * as a desktop client would.
 */
export async function startStdio(
  h: SandboxHarness,
  env: Record<string, string> = {},
  protocol: Protocol = "2025-11-25",
): Promise<StdioSession> {
  const dc = h.sandbox.context.options.deployment === "datacenter";
  const credentials: Record<string, string> = dc
    ? { ATLASSIAN_PAT: h.info.pat }
    : { ATLASSIAN_EMAIL: h.info.email, ATLASSIAN_API_TOKEN: h.info.apiToken };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: {
      PATH: process.env.PATH ?? "",
      ATLASSIAN_URL: h.url,
      ATLASGATE_TAGS: "all",
      ...credentials,
      ...env,
    },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const options: Record<string, unknown> =
    protocol === "2026-07-28"
      ? { versionNegotiation: { mode: { pin: protocol } } }
      : { supportedProtocolVersions: [protocol] };
  const client = new Client({ name: "atlasgate-tests", version: "1.0.0" }, options as any);
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    close: () => client.close(),
    async call(name, args = {}) {
      const res: any = await client.callTool({ name, arguments: args });
      const text = (res.content ?? []).map((c: any) => c.text ?? "").join("");
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { isError: res.isError === true, text, json };
    },
  };
}
