/**
 * Test support for multi-process gateway tests: `atlasgate serve` (the BUILT CLI, run `npm run build`
 * first) as a real child process, plus the small admin/OAuth/Postgres helpers those tests share.
 * Only real processes show what a crash or a second node does to shared storage.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { it } from "vitest";
import { postgresUnavailableReason } from "../../src/gateway/storage/test-postgres.js";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** Settings a developer's shell may carry that must not leak into a gateway under test. */
const INHERITED_BLOCKLIST = /^(ATLASGATE_|ATLASSIAN_|DATABASE_URL$|REDIS_URL$|PORT$|CI$)/;

export interface ServeProcess {
  /** Where the gateway listens, as it printed it. */
  url: string;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far (pino logs go to stderr). */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** SIGTERM: the graceful path (drain, close storage). */
  stop(): Promise<number | string | null>;
  /** SIGKILL: no cleanup at all, as after an OOM kill or a power cut of the container. */
  kill9(): Promise<number | string | null>;
}

export interface ServeOptions {
  env: Record<string, string>;
  /** Passed as --data-dir (PGlite files, generated encryption key). */
  dataDir: string;
  /** How long start-up may take before the test fails (default 60 s: the machine may be busy). */
  startTimeoutMs?: number;
}

/** Starts `node dist/cli/main.js serve --port 0` and waits for its "listening on <url>" line. */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !INHERITED_BLOCKLIST.test(k)) env[k] = v;
  }
  Object.assign(env, options.env);
  const child = spawn(
    process.execPath,
    [CLI, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", options.dataDir],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`atlasgate serve did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`),
      );
    }, options.startTimeoutMs ?? 60_000);
    const onData = () => {
      const m = /atlasgate gateway listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stderr?.off("data", onData);
        resolve(m[1]);
      }
    };
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`atlasgate serve exited (${code}) before listening:\n${output}`));
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    return exited;
  };
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: () => signal("SIGTERM"),
    kill9: () => signal("SIGKILL"),
  };
}

export interface AdminResponse {
  status: number;
  text: string;
  json: any;
}

/** The admin REST API of one gateway, as an operator's script would call it. */
export function adminApi(baseUrl: string, key: string) {
  return async (method: string, path: string, body?: unknown, as = key): Promise<AdminResponse> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  };
}

/** Every item of a paged admin list (`{result, next_cursor}`). */
export async function listAll(
  admin: ReturnType<typeof adminApi>,
  path: string,
  extraQuery = "",
): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const q = new URLSearchParams(extraQuery);
    q.set("limit", "200");
    if (cursor) q.set("cursor", cursor);
    const res = await admin("GET", `${path}?${q}`);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text}`);
    out.push(...res.json.result);
    cursor = res.json.next_cursor;
    if (!cursor) return out;
  }
  throw new Error(`GET ${path}: too many pages`);
}

/**
 * Connects an OAuth account through the admin API and the sandbox's consent form, as a person in a
 * browser would: start → authorize_url → approve → follow the redirect to the gateway's callback.
 */
export async function connectOAuthAccount(
  admin: ReturnType<typeof adminApi>,
  sandboxUrl: string,
  name: string,
): Promise<{ id: string; callbackStatus: number }> {
  const started = await admin("POST", "/integrated-account", { name, auth: { type: "oauth" } });
  if (started.status !== 201) throw new Error(`oauth start answered ${started.status}: ${started.text}`);
  const authorize = new URL(started.json.authorize_url);
  const form = new URLSearchParams(authorize.searchParams);
  form.set("decision", "accept");
  const consent = await fetch(`${sandboxUrl}/authorize`, {
    method: "POST",
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  const callback = consent.headers.get("location");
  if (!callback) throw new Error(`consent answered ${consent.status} without a redirect`);
  const done = await fetch(callback);
  await done.text();
  return { id: started.json.id, callbackStatus: done.status };
}

/**
 * Postgres gate shared by these tests: null when Postgres answers; otherwise registers a skipped test
 * with the reason (printed) and returns it — or throws when CI=true, where Postgres is required.
 */
export async function postgresOrSkip(what: string): Promise<string | null> {
  const reason = await postgresUnavailableReason();
  if (!reason) return null;
  if (process.env.CI === "true") throw new Error(`Postgres is required in CI for ${what}: ${reason}`);
  console.warn(`skipping ${what}: ${reason}`);
  it.skip(`${what} (${reason})`, () => {});
  return reason;
}
