import { createServer } from "node:http";

/**
 * The floor for the sandbox benchmark: a bare node:http server answering a fixed JSON body of the
 * same size as the sandbox's answer. Ratios against it show what the emulator itself costs.
 */
const size = Number(process.argv[2] ?? 4000);
const body = JSON.stringify({ pad: "x".repeat(Math.max(0, size - 12)) });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object")
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
