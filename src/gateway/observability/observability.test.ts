import { describe, expect, it } from "vitest";
import { argsDigest, canonicalJson, scrubArgs, toolCallRecord } from "./audit.js";
import { loggablePath } from "./logger.js";
import { GatewayMetrics } from "./metrics.js";

describe("audit helpers", () => {
  it("removes secret-looking keys at any depth", () => {
    expect(
      scrubArgs({
        issue: "A-1",
        token: "t",
        nested: { password: "p", api_token: "x", keep: [{ Authorization: "b", content_base64: "zz", n: 1 }] },
      }),
    ).toEqual({ issue: "A-1", nested: { keep: [{ n: 1 }] } });
  });

  it("digests canonically: key order does not matter, secrets do not count", () => {
    expect(argsDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(argsDigest({ b: { d: 3, c: 2 }, a: 1 }));
    expect(argsDigest({ a: 1, secret: "x" })).toBe(argsDigest({ a: 1, secret: "y" }));
    expect(argsDigest({ a: 1 })).not.toBe(argsDigest({ a: 2 }));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it("builds a tool-call record with the stage durations", () => {
    const rec = toolCallRecord(
      { teamId: "t", integratedAccountId: "a", mcpServerId: "s" },
      {
        tool: "get_x",
        args: { q: "x", password: "p" },
        outcome: {
          result: { content: [{ type: "text", text: "boom" }], isError: true },
          upstreamStatus: 404,
          timings: { mcpProcessingMs: 1.23456, atlassianApiMs: 20, responseFormatMs: 0.5 },
          error: { kind: "atlassian", message: "boom" },
        },
      },
      42,
    );
    expect(rec).toMatchObject({
      teamId: "t",
      at: 42,
      action: "tool_call",
      actor: "mcp:s",
      tool: "get_x",
      upstreamStatus: 404,
      outcome: "error",
      durations: { mcp_processing: 1.235, atlassian_api: 20, response_format: 0.5 },
      detail: { error_kind: "atlassian" },
    });
    expect(JSON.stringify(rec)).not.toContain('"p"');
  });
});

describe("logs and metrics", () => {
  it("redacts the MCP token from paths", () => {
    expect(loggablePath("/mcp/agm_secret")).toBe("/mcp/<redacted>");
    expect(loggablePath("/mcp/agm_secret/extra")).toBe("/mcp/<redacted>/extra");
    expect(loggablePath("/integrated-account")).toBe("/integrated-account");
  });

  it("keeps one registry per instance and reads upstream totals at scrape time", async () => {
    let retries = 0;
    const a = new GatewayMetrics(() => ({ retries, rateLimited: 1 }));
    const b = new GatewayMetrics();
    a.toolCalls.inc({ tool: "x", outcome: "ok" });
    retries = 5;
    const textA = (await a.render()).body;
    expect(textA).toContain('atlasgate_tool_calls_total{tool="x",outcome="ok"} 1');
    expect(textA).toContain("atlasgate_upstream_retries_total 5");
    expect(textA).toContain("atlasgate_upstream_rate_limited_total 1");
    expect((await b.render()).body).not.toContain('tool="x"');
  });
});
