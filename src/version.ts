import { createRequire } from "node:module";

/**
 * The package version, read once from package.json through the package's own name (package.json is
 * in `exports`), so it resolves the same from src/, from the compiled dist/ and from the stdio bundle.
 */
export const VERSION: string = (
  createRequire(import.meta.url)("atlasgate/package.json") as { version: string }
).version;
