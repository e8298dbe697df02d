import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./index.js";
import { readCatalogSnapshot, writeCatalogSnapshot } from "./snapshot.js";

describe("catalog snapshot", () => {
  it("round-trips every tool definition, bindings included", () => {
    const dir = mkdtempSync(join(tmpdir(), "atlasgate-snap-"));
    try {
      const file = pathToFileURL(join(dir, "catalog.snapshot.json"));
      writeCatalogSnapshot(loadCatalog(), file);
      const read = readCatalogSnapshot(file);
      expect(read).toEqual(loadCatalog());
      expect(read?.[0].bindings).toBeInstanceOf(Map);
      expect(readCatalogSnapshot(pathToFileURL(join(dir, "missing.json")))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
