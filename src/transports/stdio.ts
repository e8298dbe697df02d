import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { AtlassianClient, AtlassianRequest } from "../atlassian/index.js";
import type { ToolDefinition } from "../catalog/load.js";
import { readCatalogSnapshot } from "../catalog/snapshot.js";
import type { Deployment } from "../catalog/types.js";
import { ConfigError, readStdioConfig } from "../config/stdio-config.js";
import { createMcpServer, selectToolSet } from "../mcp/server.js";
import { VERSION } from "../version.js";

/**
 * The local server: one site, credentials from the environment, MCP over stdio. stdout carries only
 * JSON-RPC; every human-readable line goes to stderr.
 */
export async function runStdio(env: Record<string, string | undefined>): Promise<number> {
  // The build writes the checked catalog as JSON; reading it keeps start-up close to the bare SDK's.
  const catalog: ToolDefinition[] =
    readCatalogSnapshot() ?? (await import("../catalog/index.js")).loadCatalog();
  let config: ReturnType<typeof readStdioConfig>;
  try {
    config = readStdioConfig(env, catalog);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`atlasgate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // Cloud API tokens exist only on Cloud and PATs only on Data Center, so the credential tells the
  // deployment without a round trip at start; serverInfo confirms it in the background.
  const deployment: Deployment = config.deployment ?? (config.auth.type === "basic" ? "cloud" : "datacenter");
  // Selected once here: the emptiness check and the server share it.
  const toolSet = selectToolSet(catalog, config.filters, deployment, config.exposure);
  if (toolSet.allowed.length === 0) {
    process.stderr.write(
      "atlasgate: the filters (ATLASGATE_METHODS, ATLASGATE_TAGS, ATLASGATE_TOOLS, READ_ONLY_MODE) leave no tool\n",
    );
    return 2;
  }
  // The HTTP client (undici) is created on the first tool call, so start-up stays as light as the
  // SDK itself; the deployment is confirmed from serverInfo at that moment, off the call's path.
  let client: Promise<AtlassianClient> | undefined;
  const getClient = () => {
    client ??= import("../atlassian/index.js").then(({ AtlassianClient }) => {
      const created = new AtlassianClient({
        siteUrl: config.siteUrl,
        auth: config.auth,
        userAgent: `atlasgate/${VERSION} (stdio)`,
        limits: config.limits,
      });
      if (config.deployment === null) void confirmDeployment(created, deployment);
      return created;
    });
    return client;
  };
  const upstream = { request: async (req: AtlassianRequest) => (await getClient()).request(req) };
  const handle = serveStdio(
    () =>
      createMcpServer({
        toolSet,
        deployment,
        version: VERSION,
        execute: { upstream, raw: config.raw, attachmentDirs: config.attachmentDirs },
      }) as any,
    { onerror: (err) => process.stderr.write(`atlasgate: ${err.message}\n`) },
  );
  await new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await handle.close().catch(() => {});
  if (client) await (await client).close().catch(() => {});
  return 0;
}

async function confirmDeployment(client: AtlassianClient, assumed: Deployment): Promise<void> {
  try {
    const res = await client.request({
      product: "jira",
      method: "GET",
      path: assumed === "cloud" ? "/rest/api/3/serverInfo" : "/rest/api/2/serverInfo",
      budgetMs: 10_000,
    });
    const type = String((res.body as { deploymentType?: unknown })?.deploymentType ?? "");
    const actual: Deployment = type === "Cloud" ? "cloud" : "datacenter";
    if (actual !== assumed) {
      process.stderr.write(
        `atlasgate: the site reports deploymentType ${type}; set ATLASGATE_DEPLOYMENT=${actual}\n`,
      );
    }
  } catch (e) {
    process.stderr.write(
      `atlasgate: could not reach the site yet: ${e instanceof Error ? e.message : String(e)}\n`,
    );
  }
}
