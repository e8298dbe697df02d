import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toolDescriptor } from "../mcp/tool-list.js";
import { loadCatalog } from "./index.js";
import { SNAKE_CASE, toolName } from "./naming.js";
import type { JsonSchema } from "./types.js";

/**
 * Walks the whole inventory for the rules every tool must keep, and pins each tool's wire
 * definition in `__toolsnaps__/` so any change to what clients see shows up in review. Refresh the
 * snapshots deliberately with `UPDATE_TOOLSNAPS=1 npx vitest run src/catalog/inventory.test.ts`.
 */
const SNAP_DIR = new URL("./__toolsnaps__/", import.meta.url);
const update = process.env.UPDATE_TOOLSNAPS === "1";
const catalog = loadCatalog();

function walk(schema: JsonSchema, path: string, problems: string[]): void {
  for (const k of ["anyOf", "oneOf", "allOf", "$ref", "not"])
    if (k in schema) problems.push(`${path}: uses ${k}`);
  if (schema.type === undefined) problems.push(`${path}: no type`);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("array") && !schema.items) problems.push(`${path}: array without items`);
  if (schema.items) walk(schema.items, `${path}[]`, problems);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) walk(prop, `${path}.${name}`, problems);
  for (const key of Object.keys(schema))
    if (key.startsWith("x-")) problems.push(`${path}: leaks annotation ${key}`);
}

describe("tool inventory", () => {
  it.each(catalog.map((t) => [t.name, t] as const))("%s keeps the rules", (_name, tool) => {
    const takesId =
      (tool.kind === "get" || tool.kind === "update" || tool.kind === "delete") && !tool.spec.singleton;
    expect(takesId).toBe(tool.name.endsWith("_by_id"));
    expect(tool.name).toMatch(
      /^(list_all|get_single|create_a|update_a|delete_a|jira|confluence)_[a-z0-9_]+$/,
    );
    expect(tool.title.trim()).not.toBe("");
    expect(tool.description.trim()).not.toBe("");
    for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
      expect(typeof tool.annotations[hint]).toBe("boolean");
    }
    expect(tool.annotations.readOnlyHint).toBe(tool.access === "read");
    if (tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(false);
    const schema = tool.inputSchema;
    expect(schema.type).toBe("object");
    const problems: string[] = [];
    walk(schema, "input", problems);
    expect(problems).toEqual([]);
    for (const name of Object.keys(schema.properties ?? {})) expect(name).toMatch(SNAKE_CASE);
    for (const r of schema.required ?? []) expect(Object.keys(schema.properties ?? {})).toContain(r);
    if (tool.kind === "list") {
      expect(schema.properties?.limit?.type).toBe("integer");
      expect(String(schema.properties?.next_cursor?.description)).toMatch(/unchanged/i);
    }
    expect(tool.tags.length).toBeGreaterThan(1);
  });

  it("names follow the one rule exactly", () => {
    for (const t of catalog) {
      const singular = t.name.startsWith("get_single_")
        ? t.name.replace(`get_single_${t.integration}_`, "").replace(/_by_id$/, "")
        : undefined;
      const takesId = (t.kind === "get" || t.kind === "update" || t.kind === "delete") && !t.spec.singleton;
      const expected = toolName(t.integration, { name: t.resource, singular }, t.method, takesId);
      if (t.kind === "list" || t.kind === "custom") expect(t.name).toBe(expected);
      if (takesId) expect(t.name.endsWith("_by_id")).toBe(true);
      else expect(t.name.endsWith("_by_id")).toBe(false);
    }
  });

  it("keeps the core toolset within 30 tools", () => {
    const core = catalog.filter((t) => t.tags.includes("core"));
    expect(core.length).toBeGreaterThan(10);
    expect(core.length).toBeLessThanOrEqual(30);
  });

  it("matches the __toolsnaps__ snapshot of every tool", () => {
    if (update) mkdirSync(SNAP_DIR, { recursive: true });
    const seen = new Set<string>();
    const mismatches: string[] = [];
    for (const tool of catalog) {
      const file = new URL(`${tool.name}.snap.json`, SNAP_DIR);
      seen.add(`${tool.name}.snap.json`);
      const current = `${JSON.stringify({ ...toolDescriptor(tool), tags: tool.tags, deployments: tool.deployments }, null, 2)}\n`;
      if (update) {
        writeFileSync(file, current);
        continue;
      }
      if (!existsSync(file)) {
        mismatches.push(`${tool.name}: no snapshot (run UPDATE_TOOLSNAPS=1)`);
        continue;
      }
      if (readFileSync(file, "utf8") !== current)
        mismatches.push(`${tool.name}: definition changed (review, then UPDATE_TOOLSNAPS=1)`);
    }
    for (const file of readdirSync(SNAP_DIR)) {
      if (seen.has(file)) continue;
      if (update) unlinkSync(new URL(file, SNAP_DIR));
      else mismatches.push(`${file}: snapshot of a tool that no longer exists`);
    }
    expect(mismatches).toEqual([]);
  });
});
