import { readFileSync, writeFileSync } from "node:fs";
import type { ArgBinding, ToolDefinition } from "./load.js";

/**
 * The built catalog as JSON, written next to the compiled modules at build time. The stdio server
 * reads it instead of importing every resource and documentation module and re-running the loader's
 * checks, which is most of what it would otherwise add to start-up. Sources and tests always go
 * through `loadCatalog()`; a missing or unreadable snapshot falls back to it.
 */
// Written as "../catalog/" so that the same relative path holds from dist/catalog/ and from the
// stdio bundle's chunks in dist/bundle/ (scripts/bundle-stdio.mjs).
const SNAPSHOT = new URL("../catalog/catalog.snapshot.json", import.meta.url);

type Stored = Omit<ToolDefinition, "bindings"> & { bindings: Array<[string, ArgBinding]> };

export function writeCatalogSnapshot(catalog: ToolDefinition[], target: URL = SNAPSHOT): void {
  const stored: Stored[] = catalog.map((t) => ({ ...t, bindings: [...t.bindings] }));
  writeFileSync(target, JSON.stringify(stored));
}

export function readCatalogSnapshot(source: URL = SNAPSHOT): ToolDefinition[] | null {
  let stored: Stored[];
  try {
    stored = JSON.parse(readFileSync(source, "utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(stored)) return null;
  return stored.map((t) => ({ ...t, bindings: new Map(t.bindings) }));
}
