import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./index.js";
import { renderToolTable, TABLE_END, TABLE_START } from "./tool-table.js";

describe("README tool table", () => {
  it("is generated from the current catalog (run `npm run docs` after changing tools)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end + TABLE_END.length)).toBe(renderToolTable(loadCatalog()));
  });
});
