import { Counter, Histogram, Registry } from "prom-client";

/** Totals read from the per-account Atlassian clients when metrics are scraped. */
export interface UpstreamTotals {
  retries: number;
  rateLimited: number;
}

/**
 * One registry per gateway instance (never prom-client's global one), so several gateways in one
 * process — tests, the demo — do not share or clash over counters.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly toolCalls: Counter<"tool" | "outcome">;
  readonly upstreamLatency: Histogram<"tool">;
  readonly inboundRejections: Counter<"reason">;
  readonly oauthRefreshes: Counter<"outcome">;
  readonly httpRequests: Counter<"route" | "status">;

  constructor(upstreamTotals: () => UpstreamTotals = () => ({ retries: 0, rateLimited: 0 })) {
    const registers = [this.registry];
    this.toolCalls = new Counter({
      name: "atlasgate_tool_calls_total",
      help: "MCP tool calls by tool and outcome (ok, error, denied).",
      labelNames: ["tool", "outcome"],
      registers,
    });
    this.upstreamLatency = new Histogram({
      name: "atlasgate_upstream_latency_seconds",
      help: "Time spent waiting on Atlassian per tool call.",
      labelNames: ["tool"],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.inboundRejections = new Counter({
      name: "atlasgate_inbound_rejections_total",
      help: "MCP requests refused before reaching a tool: rate_limit, origin, body_size, auth.",
      labelNames: ["reason"],
      registers,
    });
    this.oauthRefreshes = new Counter({
      name: "atlasgate_oauth_refreshes_total",
      help: "OAuth access token refreshes by outcome.",
      labelNames: ["outcome"],
      registers,
    });
    this.httpRequests = new Counter({
      name: "atlasgate_http_requests_total",
      help: "HTTP requests by route group and status.",
      labelNames: ["route", "status"],
      registers,
    });
    new Counter({
      name: "atlasgate_upstream_retries_total",
      help: "Atlassian requests retried (all accounts).",
      registers,
      collect() {
        this.reset();
        this.inc(upstreamTotals().retries);
      },
    });
    new Counter({
      name: "atlasgate_upstream_rate_limited_total",
      help: "Atlassian answers with status 429 (all accounts).",
      registers,
      collect() {
        this.reset();
        this.inc(upstreamTotals().rateLimited);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
