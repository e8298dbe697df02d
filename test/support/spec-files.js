import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
export const SPEC_NAMES = ["jira-platform-v3", "jira-software", "confluence-v2", "confluence-v1"];
/** The specs are reference data outside the repo (never committed), so tests locate them at run time. */
export function specFileName(spec) {
  return `${spec}.openapi.json`;
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The specs live beside the repository (`../shared/specs`) in the development setup; CI or other checkouts
 * point `ATLASGATE_SPECS_DIR` elsewhere. `null` lets callers skip instead of crashing on a fresh clone.
 */
export function specsDir() {
  const configured = process.env.ATLASGATE_SPECS_DIR;
  const dir = configured ? path.resolve(configured) : path.resolve(repoRoot, "../shared/specs");
  try {
    return statSync(dir).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}
/** Absolute path of one spec file, or a human-readable reason why it is unavailable. */
export function specFilePath(spec) {
  const dir = specsDir();
  if (!dir) {
    const where = process.env.ATLASGATE_SPECS_DIR ?? path.resolve(repoRoot, "../shared/specs");
    return { missing: `specs directory not found: ${where} (set ATLASGATE_SPECS_DIR)` };
  }
  const file = path.join(dir, specFileName(spec));
  return existsSync(file) ? { file } : { missing: `spec file not found: ${file}` };
}
/**
 * Contract tests must not silently pass on a machine without the specs, yet a contributor without them should
 * still be able to run the rest of the suite. Hence: skip locally (with a visible reason), fail hard on CI.
 */
export function requireSpecs() {
  const missing = [];
  for (const spec of SPEC_NAMES) {
    const where = specFilePath(spec);
    if ("missing" in where) missing.push(where.missing);
  }
  if (missing.length === 0) return true;
  const reason = `OpenAPI conformance tests need Atlassian's specs: ${[...new Set(missing)].join("; ")}`;
  if (process.env.CI === "true") throw new Error(reason);
  console.warn(`[openapi] skipping: ${reason}`);
  return false;
}
const docCache = new Map();
/** Parsing 2.4 MB of JSON costs tens of milliseconds, so each file is read once per process. */
export function loadSpecDoc(file) {
  let doc = docCache.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(file, "utf8"));
    docCache.set(file, doc);
  }
  return doc;
}
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
//# sourceMappingURL=spec-files.js.map
