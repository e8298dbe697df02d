import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the scripted server received it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type ScriptHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
  index: number,
) => void | Promise<void>;

export interface ScriptServer {
  url: string;
  seen: SeenRequest[];
  /** In-flight requests right now, and the most seen at once. */
  concurrency: { now: number; max: number };
  close(): Promise<void>;
}

/**
 * A loopback HTTP server whose every answer is scripted by the test: status, headers, bodies that
 * Atlassian would never send (invalid JSON, huge bodies), hangs and dropped connections.
 */
export async function startScriptServer(handler: ScriptHandler): Promise<ScriptServer> {
  const seen: SeenRequest[] = [];
  const concurrency = { now: 0, max: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const entry: SeenRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    seen.push(entry);
    concurrency.now++;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    const done = () => {
      concurrency.now--;
    };
    res.once("close", done);
    try {
      await handler(req, res, entry, seen.length - 1);
    } catch (err) {
      res.statusCode = 599;
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    concurrency,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A port with nothing listening: bind, note the port, close. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
