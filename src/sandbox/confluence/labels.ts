import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { parseList } from "../http/params.js";
import { nextString } from "../seed/ids.js";
import type { ConfluenceLabel, Page } from "../state/model.js";
import type { Store } from "../state/store.js";
import { labelJson } from "./serialize.js";
import {
  type Ctx,
  compareNumericIds,
  compareText,
  denyWrite,
  enumParam,
  idListParam,
  numericId,
  V1,
  V2,
  v1Error,
  v2Error,
  v2List,
  v2Paging,
  wikiBase,
} from "./shared.js";

const LABEL_SORTS = ["created-date", "-created-date", "id", "-id", "name", "-name"] as const;
const PREFIXES = ["global", "my", "team"] as const;
/** Characters Confluence refuses in label names (besides whitespace). */
const FORBIDDEN = /[\s!#&()*,.:;<>?@[\]^]/;
const LABEL_MAX = 255;

/**
 * Labels: v2 reads (site-wide, per page, per space) and the v1 writes, which v2 still lacks. Cloud
 * only: on Data Center the module registers nothing, so every path 404s.
 */
export function labelRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V2}/labels`, (c) => {
    const ids = idListParam(c, "label-id", 250);
    if (ids instanceof Response) return ids;
    const prefixes = parseList(c.req.queries("prefix"));
    const sort = enumParam(c, "sort", LABEL_SORTS);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, "labels");
    if (paging instanceof Response) return paging;
    const idSet = ids.length ? new Set(ids) : null;
    const labels = [...ctx.store.confluenceLabels.values()].filter(
      (l) => (!idSet || idSet.has(l.id)) && (prefixes.length === 0 || prefixes.includes(l.prefix)),
    );
    return v2List(c, sortLabels(labels, sort), paging, labelJson);
  });

  app.get(`${V2}/pages/:id/labels`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const prefix = enumParam(c, "prefix", ["my", "team", "global", "system"] as const);
    if (prefix instanceof Response) return prefix;
    const sort = enumParam(c, "sort", LABEL_SORTS);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, `page-labels:${id}`);
    if (paging instanceof Response) return paging;
    const page = ctx.store.pages.get(id);
    if (!page || page.status === "trashed") return v2Error(c, 404, "Page not found");
    const labels = resolve(ctx.store, page.labelIds).filter((l) => !prefix || l.prefix === prefix);
    return v2List(c, sortLabels(labels, sort), paging, labelJson);
  });

  app.get(`${V2}/spaces/:id/labels`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const prefix = enumParam(c, "prefix", ["my", "team"] as const);
    if (prefix instanceof Response) return prefix;
    const sort = enumParam(c, "sort", LABEL_SORTS);
    if (sort instanceof Response) return sort;
    const paging = v2Paging(c, `space-labels:${id}`);
    if (paging instanceof Response) return paging;
    const space = ctx.store.spaces.get(id);
    if (!space) return v2Error(c, 404, "Space not found");
    const labels = resolve(ctx.store, space.labelIds).filter((l) => !prefix || l.prefix === prefix);
    return v2List(c, sortLabels(labels, sort), paging, labelJson);
  });

  app.post(`${V1}/content/:id/label`, async (c) => {
    const denied = denyWrite(ctx, c, "v1");
    if (denied) return denied;
    const page = v1Page(c, ctx);
    if (page instanceof Response) return page;
    const json = await readJson(c);
    if (!json.ok) return json.response;
    // Both a single LabelCreate and an array of them are accepted.
    const items = Array.isArray(json.value) ? json.value : [json.value];
    if (items.length === 0) return v1Error(c, 400, "At least one label is required");
    const wanted: Array<{ prefix: ConfluenceLabel["prefix"]; name: string }> = [];
    for (const item of items) {
      if (!isObject(item) || typeof item.name !== "string")
        return v1Error(c, 400, "Each label needs a 'name' string");
      const prefix = item.prefix ?? "global";
      if (typeof prefix !== "string" || !(PREFIXES as readonly string[]).includes(prefix)) {
        return v1Error(c, 400, `Invalid label prefix '${String(prefix)}': use global, my or team`);
      }
      const name = item.name.trim().toLowerCase();
      if (name === "") return v1Error(c, 400, "Label name cannot be empty");
      if (name.length > LABEL_MAX)
        return v1Error(c, 400, `Label name cannot be longer than ${LABEL_MAX} characters`);
      if (FORBIDDEN.test(name)) {
        return v1Error(
          c,
          400,
          `'${item.name}' is not a valid label name: labels cannot contain spaces or any of !#&()*,.:;<>?@[]^`,
        );
      }
      wanted.push({ prefix: prefix as ConfluenceLabel["prefix"], name });
    }
    for (const w of wanted) {
      const label = findOrCreate(ctx.store, w.prefix, w.name);
      if (!page.labelIds.includes(label.id)) page.labelIds.push(label.id);
    }
    return c.json(labelArray(c, ctx.store, page), 200);
  });

  const removeLabel = (c: Ctx, name: string | undefined) => {
    const denied = denyWrite(ctx, c, "v1");
    if (denied) return denied;
    const page = v1Page(c, ctx);
    if (page instanceof Response) return page;
    if (!name) return v1Error(c, 400, "A label name is required");
    const wanted = name.toLowerCase();
    const index = page.labelIds.findIndex((id) => ctx.store.confluenceLabels.get(id)?.name === wanted);
    if (index < 0) return v1Error(c, 404, `Label '${name}' is not on content ${page.id}`);
    page.labelIds.splice(index, 1);
    return c.body(null, 204);
  };
  app.delete(`${V1}/content/:id/label/:label`, (c) => removeLabel(c, c.req.param("label")));
  app.delete(`${V1}/content/:id/label`, (c) => removeLabel(c, c.req.query("name")));

  return app;
}

function resolve(store: Store, ids: string[]): ConfluenceLabel[] {
  return ids.flatMap((id) => {
    const l = store.confluenceLabels.get(id);
    return l ? [l] : [];
  });
}

function sortLabels(
  labels: ConfluenceLabel[],
  sort: (typeof LABEL_SORTS)[number] | undefined,
): ConfluenceLabel[] {
  const key = sort ?? "id";
  const desc = key.startsWith("-");
  const byName = key.endsWith("name");
  // Label ids grow with creation, so `created-date` and `id` order alike.
  return labels.sort((a, b) => {
    const r = (byName ? compareText(a.name, b.name) : 0) || compareNumericIds(a.id, b.id);
    return desc ? -r : r;
  });
}

/** Labels are site-wide records shared by every content that carries them. */
function findOrCreate(store: Store, prefix: ConfluenceLabel["prefix"], name: string): ConfluenceLabel {
  for (const l of store.confluenceLabels.values()) if (l.prefix === prefix && l.name === name) return l;
  const label: ConfluenceLabel = { id: nextString(store, "confluenceLabel"), name, prefix };
  store.confluenceLabels.set(label.id, label);
  return label;
}

/** v1 content ids: only pages carry labels in the sandbox. */
function v1Page(c: Ctx, ctx: SandboxContext): Page | Response {
  const id = c.req.param("id") ?? "";
  const page = /^\d{1,18}$/.test(id) ? ctx.store.pages.get(id) : undefined;
  if (!page || page.status === "trashed") {
    return v1Error(
      c,
      404,
      `No content found with id: ${id}, or the calling user does not have permission to view it`,
    );
  }
  return page;
}

/** v1 `LabelArray` of every label on the page after the change. */
function labelArray(c: Ctx, store: Store, page: Page): Record<string, unknown> {
  const results = resolve(store, page.labelIds).map((l) => ({
    prefix: l.prefix,
    name: l.name,
    id: l.id,
    label: l.name,
  }));
  return {
    results,
    start: 0,
    limit: 200,
    size: results.length,
    _links: { self: `${wikiBase(c)}/rest/api/content/${page.id}/label`, base: wikiBase(c), context: "/wiki" },
  };
}
