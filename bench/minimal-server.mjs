import { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

/**
 * The floor for the stdio cold-start benchmark: the same SDK and the same stdio entry as atlasgate,
 * with one trivial tool and nothing else, so the ratio shows only what atlasgate adds at start.
 */
serveStdio(() => {
  const server = new McpServer({ name: "minimal", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.registerTool("ping", { description: "Answers pong." }, async () => ({
    content: [{ type: "text", text: "pong" }],
  }));
  return server;
});
