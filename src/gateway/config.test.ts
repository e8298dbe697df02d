import { describe, expect, it } from "vitest";
import { GatewayConfigError, readGatewayConfig } from "./config.js";

describe("readGatewayConfig", () => {
  it("has working defaults", () => {
    const c = readGatewayConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      databaseUrl: null,
      redisUrl: null,
      encryptionKey: null,
      adminKey: null,
      publicUrl: null,
      allowedOrigins: [],
      rateLimit: { perHour: 3600, burst: 60 },
      logLevel: "info",
      maxBodyBytes: 1024 * 1024,
    });
    expect(c.oauth.apiBaseUrl).toBe("https://api.atlassian.com");
  });

  it("lets flags win over the environment", () => {
    const c = readGatewayConfig(
      { ATLASGATE_PORT: "9000" },
      { port: "9100", host: "0.0.0.0", dataDir: ":memory:" },
    );
    expect(c).toMatchObject({ port: 9100, host: "0.0.0.0", dataDir: ":memory:" });
  });

  it("reads everything the environment offers", () => {
    const c = readGatewayConfig({
      DATABASE_URL: "postgres://u@db/atlasgate",
      REDIS_URL: "redis://cache:6379",
      ATLASGATE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      ATLASGATE_ADMIN_KEY: "agk_0123456789abcdefghijklmnop",
      ATLASGATE_PUBLIC_URL: "https://gw.example.com/",
      ATLASGATE_ALLOWED_ORIGINS: "https://a.example.com, https://b.example.com/path",
      ATLASSIAN_OAUTH_CLIENT_ID: "id",
      ATLASSIAN_OAUTH_CLIENT_SECRET: "secret",
      ATLASSIAN_API_BASE_URL: "http://127.0.0.1:4010/",
      ATLASGATE_RATE_LIMIT_PER_HOUR: "100",
      ATLASGATE_LOG_LEVEL: "DEBUG",
    });
    expect(c.encryptionKey?.length).toBe(32);
    expect(c.publicUrl).toBe("https://gw.example.com");
    expect(c.allowedOrigins).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(c.oauth).toMatchObject({
      clientId: "id",
      clientSecret: "secret",
      apiBaseUrl: "http://127.0.0.1:4010",
    });
    expect(c.rateLimit.perHour).toBe(100);
    expect(c.logLevel).toBe("debug");
  });

  it.each([
    [{}, { port: "http" }, /port/],
    [{}, { port: "70000" }, /port/],
    [{ DATABASE_URL: "mysql://x" }, {}, /DATABASE_URL/],
    [{ REDIS_URL: "localhost:6379" }, {}, /REDIS_URL/],
    [{ ATLASGATE_ENCRYPTION_KEY: "short" }, {}, /ATLASGATE_ENCRYPTION_KEY/],
    [{ ATLASGATE_ADMIN_KEY: "short" }, {}, /ATLASGATE_ADMIN_KEY/],
    [{ ATLASGATE_PUBLIC_URL: "gw.example.com" }, {}, /ATLASGATE_PUBLIC_URL/],
    [{ ATLASGATE_PUBLIC_URL: "ftp://gw.example.com" }, {}, /ATLASGATE_PUBLIC_URL/],
    [{ ATLASGATE_ALLOWED_ORIGINS: "nope" }, {}, /ATLASGATE_ALLOWED_ORIGINS/],
    [{ ATLASSIAN_OAUTH_CLIENT_ID: "id" }, {}, /ATLASSIAN_OAUTH_CLIENT_SECRET/],
    [{ ATLASGATE_RATE_LIMIT_PER_HOUR: "0" }, {}, /ATLASGATE_RATE_LIMIT_PER_HOUR/],
    [{ ATLASGATE_LOG_LEVEL: "loud" }, {}, /ATLASGATE_LOG_LEVEL/],
  ])("refuses %j %j with a named error", (env, flags, pattern) => {
    expect(() => readGatewayConfig(env, flags)).toThrow(GatewayConfigError);
    expect(() => readGatewayConfig(env, flags)).toThrow(pattern);
  });

  it("never echoes the encryption key in its error", () => {
    const bad = "c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LTMyLWJ5dGVz";
    try {
      readGatewayConfig({ ATLASGATE_ENCRYPTION_KEY: bad });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(bad);
    }
  });
});
