import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/index.js";
import { ToolSetCache } from "./tool-sets.js";

const catalog = loadCatalog();

describe("ToolSetCache", () => {
  it("reuses the selection of a configuration and of configurations alike", () => {
    const cache = new ToolSetCache(catalog);
    const first = cache.get({ methods: ["read"] }, "cloud");
    expect(cache.get({ methods: ["read"] }, "cloud")).toBe(first);
    expect(first.allowed.every((tool) => tool.kind === "list" || tool.kind === "get")).toBe(true);
    expect(first.listed).toHaveLength(first.allowed.length);
    expect(Object.isFrozen(first.listed[0])).toBe(true);
    expect(cache.size).toBe(1);
  });

  it("tells apart what changes the selection: filters, exposure and deployment", () => {
    const cache = new ToolSetCache(catalog);
    const base = cache.get({ methods: ["read"] }, "cloud");
    expect(cache.get({ methods: ["write"] }, "cloud")).not.toBe(base);
    expect(cache.get({ methods: ["read"], tool_exposure: "discovery" }, "cloud")).not.toBe(base);
    expect(cache.get({ methods: ["read"] }, "datacenter")).not.toBe(base);
    expect(cache.get({ methods: ["read"], tags: ["issues"] }, "cloud")).not.toBe(base);
    expect(cache.get({ methods: ["read"], tools: ["get_single_jira_current_user"] }, "cloud")).not.toBe(base);
    expect(cache.size).toBe(6);
  });

  it("stays within its size, dropping the least recently used entry", () => {
    const cache = new ToolSetCache(catalog, 2);
    const a = cache.get({ tags: ["issues"] }, "cloud");
    const b = cache.get({ tags: ["agile"] }, "cloud");
    expect(cache.get({ tags: ["issues"] }, "cloud")).toBe(a); // a is now the most recent
    cache.get({ tags: ["core"] }, "cloud"); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get({ tags: ["issues"] }, "cloud")).toBe(a);
    expect(cache.get({ tags: ["agile"] }, "cloud")).not.toBe(b);
    expect(cache.size).toBe(2);
  });
});
