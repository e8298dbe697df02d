import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { offsetParams } from "../../http/pagination.js";
import { FIELDS, fieldDetailsBean } from "../serialize/fields.js";
import { restBase } from "../serialize/refs.js";
import { apiVersions, isDataCenter, prefix } from "./common.js";

/** `GET /field` (the sandbox's field catalog) and, on Cloud, `GET /label`. */
export function fieldRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) {
    const P = prefix(v);
    app.get(`${P}/field`, (c) => c.json(FIELDS.map(fieldDetailsBean)));
    if (isDataCenter(ctx)) continue;
    app.get(`${P}/label`, (c) => {
      const page = offsetParams(c.req.query(), { maxResults: 1000, cap: 1000 });
      if ("error" in page) return jiraError(c, 400, [page.error]);
      const labels = new Set<string>();
      for (const issue of ctx.store.issues.values()) for (const l of issue.labels) labels.add(l);
      const all = [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const values = all.slice(page.startAt, page.startAt + page.maxResults);
      const self = `${restBase(c.get("apiBase"), v)}/label`;
      const isLast = page.startAt + values.length >= all.length;
      const body: Record<string, unknown> = {
        self: `${self}?maxResults=${page.maxResults}&startAt=${page.startAt}`,
        maxResults: page.maxResults,
        startAt: page.startAt,
        total: all.length,
        isLast,
        values,
      };
      if (!isLast)
        body.nextPage = `${self}?maxResults=${page.maxResults}&startAt=${page.startAt + values.length}`;
      return c.json(body);
    });
  }
  return app;
}
