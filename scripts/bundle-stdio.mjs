import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

/**
 * Build step: bundles the stdio server (dist/transports/stdio.js and everything it reaches,
 * the MCP SDK and zod included) into dist/bundle/, tree-shaken, with the modules it loads only on
 * the first tool call (pipeline, Atlassian client, Markdown parser) split into chunks of their own.
 * A desktop client spawns `npx atlasgate` for every session; resolving and compiling a few hundred
 * separate files is most of the start-up time, and one pre-linked file cuts it. The compiled modules
 * under dist/ stay as they are (the gateway, the sandbox and the tests use them); dist/cli/main.js
 * falls back to them when the bundle is absent.
 */
const outdir = new URL("../dist/bundle/", import.meta.url);
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [new URL("../dist/transports/stdio.js", import.meta.url).pathname],
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __atlasgateRequire } from 'node:module'; const require = __atlasgateRequire(import.meta.url);",
  },
});
// What went into each output file and what each imports; src/cli/bundle.test.ts checks it.
writeFileSync(new URL("meta.json", outdir), JSON.stringify(metafile));
