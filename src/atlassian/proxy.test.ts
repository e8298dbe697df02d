import { createServer } from "node:http";
import { type AddressInfo, connect as netConnect } from "node:net";
import { rootCertificates } from "node:tls";
import { Agent, EnvHttpProxyAgent } from "undici";
import { describe, expect, it } from "vitest";
import { AtlassianClient } from "./client.js";
import { createDispatcher, extraCaList, proxyConfigured } from "./proxy.js";
import { sendJson, startScriptServer } from "./test-fixture.js";

describe("proxy and CA settings", () => {
  it("detects proxy variables in either case", () => {
    expect(proxyConfigured({})).toBe(false);
    expect(proxyConfigured({ HTTPS_PROXY: " " })).toBe(false);
    expect(proxyConfigured({ https_proxy: "http://proxy:3128" })).toBe(true);
    expect(proxyConfigured({ HTTP_PROXY: "http://proxy:3128" })).toBe(true);
  });

  it("adds NODE_EXTRA_CA_CERTS to Node's roots, read once per dispatcher", () => {
    const reads: string[] = [];
    const ca = extraCaList({
      env: { NODE_EXTRA_CA_CERTS: "/etc/corp-ca.pem" },
      readFile: (p) => {
        reads.push(p);
        return "-----BEGIN CERTIFICATE-----\nCORP\n-----END CERTIFICATE-----\n";
      },
    });
    expect(reads).toEqual(["/etc/corp-ca.pem"]);
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(ca?.at(-1)).toContain("CORP");
    expect(extraCaList({ env: {} })).toBeUndefined();
    expect(() =>
      extraCaList({
        env: { NODE_EXTRA_CA_CERTS: "/nope.pem" },
        readFile: () => {
          throw new Error("ENOENT");
        },
      }),
    ).toThrow(/NODE_EXTRA_CA_CERTS names \/nope\.pem/);
  });

  it("uses EnvHttpProxyAgent only when a proxy is configured", async () => {
    const direct = createDispatcher({ env: {} });
    const proxied = createDispatcher({ env: { HTTPS_PROXY: "http://127.0.0.1:9" } });
    expect(direct).toBeInstanceOf(Agent);
    expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
    await Promise.all([direct.close(), proxied.close()]);
  });

  it("sends requests through HTTP_PROXY, and around it for NO_PROXY hosts", async () => {
    const target = await startScriptServer((_req, res) => sendJson(res, 200, { via: "target" }));
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on("connect", (req, socket, head) => {
      tunnels.push(req.url ?? "");
      const [host, port] = (req.url ?? "").split(":");
      const upstream = netConnect(Number(port), host, () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const targetHost = new URL(target.url).host;
    const viaProxy = createDispatcher({ env: { HTTP_PROXY: proxyUrl } });
    const bypass = createDispatcher({ env: { HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" } });
    try {
      const auth = { type: "basic" as const, email: "a@b.c", apiToken: "tok" };
      const c1 = new AtlassianClient({ siteUrl: target.url, auth, dispatcher: viaProxy });
      expect((await c1.request({ product: "jira", method: "GET", path: "/x" })).body).toEqual({
        via: "target",
      });
      expect(tunnels).toEqual([targetHost]);
      const c2 = new AtlassianClient({ siteUrl: target.url, auth, dispatcher: bypass });
      await c2.request({ product: "jira", method: "GET", path: "/y" });
      expect(tunnels).toEqual([targetHost]);
      expect(target.seen.map((r) => r.url)).toEqual(["/x", "/y"]);
    } finally {
      await Promise.all([viaProxy.close(), bypass.close()]);
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
      await target.close();
    }
  });
});
