import type { Hono } from "hono";
import type { GatewayMetrics } from "./metrics.js";

/**
 * Liveness, readiness and metrics for orchestrators. `/health` never touches the database (a slow
 * database must not get the process restarted); `/ready` does, so traffic waits for migrations.
 */
export function mountObservabilityRoutes(
  app: Hono<any>,
  deps: { metrics: GatewayMetrics; isReady: () => Promise<boolean> },
): void {
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    const ready = await deps.isReady().catch(() => false);
    return c.json({ status: ready ? "ready" : "not_ready" }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { "Content-Type": contentType });
  });
}
