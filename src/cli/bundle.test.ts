import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bundleDir = `${root}dist/bundle/`;

// `npm test` builds before it runs the tests, so dist/ is current here.
describe("the stdio bundle (scripts/bundle-stdio.mjs)", () => {
  it("is self-contained: its files import only Node built-ins and each other", () => {
    const meta = JSON.parse(readFileSync(`${bundleDir}meta.json`, "utf8")) as {
      outputs: Record<
        string,
        { imports: Array<{ path: string; external?: boolean }>; inputs: Record<string, unknown> }
      >;
    };
    const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith(".js"));
    expect(outputs.map(([file]) => file)).toContain("dist/bundle/stdio.js");
    const external = outputs.flatMap(([file, o]) =>
      o.imports.filter((i) => i.external && !i.path.startsWith("node:")).map((i) => `${file}: ${i.path}`),
    );
    expect(external).toEqual([]);
    // The SDK and zod are inside, so the start-up cost is one pre-linked file, not a module graph.
    const inputs = outputs.flatMap(([, o]) => Object.keys(o.inputs));
    expect(inputs.some((i) => i.includes("node_modules/@modelcontextprotocol/server/"))).toBe(true);
    expect(inputs.some((i) => i.includes("node_modules/zod/"))).toBe(true);
  });

  it("is what the bin runs for stdio: the process loads no compiled module from dist/ but the CLI", () => {
    // A loader hook that reports every file: URL the process resolves, then the server is given an
    // immediate end of input so it exits after start-up.
    const hook = `data:text/javascript,${encodeURIComponent(
      `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith("file:")) process.stderr.write("LOADED " + r.url + "\\n"); return r; }`,
    )}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hook)});`)}`;
    const out = spawnSync(process.execPath, ["--import", register, `${root}dist/cli/main.js`], {
      input: "",
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        ATLASSIAN_URL: "http://127.0.0.1:9",
        ATLASSIAN_EMAIL: "a@example.com",
        ATLASSIAN_API_TOKEN: "x",
        ATLASGATE_DEPLOYMENT: "cloud",
      },
      timeout: 20_000,
    });
    const loaded = [...out.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) =>
      fileURLToPath(m[1] as string).slice(root.length),
    );
    expect(loaded).toContain("dist/bundle/stdio.js");
    expect(
      loaded.filter(
        (p) => p.startsWith("dist/") && !p.startsWith("dist/bundle/") && p !== "dist/cli/main.js",
      ),
    ).toEqual([]);
    expect(loaded.filter((p) => p.includes("node_modules/"))).toEqual([]);
  });
});
