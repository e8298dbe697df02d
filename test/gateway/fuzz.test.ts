import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { createLogger } from "../../src/gateway/observability/logger.js";
import { type RunningGateway, startGateway } from "../../src/gateway/server.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

/**
 * Fuzzes the two untrusted surfaces of a real gateway (HTTP socket, in-memory PGlite, sandbox behind
 * it): the admin API and /mcp/:token. Every generated request is wrong by construction — no key, a
 * bad key, a valid key with an invalid body or query, a bad MCP token, a foreign Origin, malformed
 * JSON-RPC — so the only acceptable answers are a 4xx or, once a request legitimately reaches the MCP
 * layer, a JSON-RPC error / an isError tool result. Anything accepted as a write is a bug, which the
 * before/after snapshot of every table proves did not happen.
 *
 * Another seed: FUZZ_SEED=<n>. A failure stops at the first failing batch; FUZZ_SHRINK=1 lets
 * fast-check shrink it to a smaller counterexample instead.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261101);
/** Requests per property run, sent concurrently (the gateway serves them in parallel in production too). */
const BATCH = 8;
const ADMIN_RUNS = 230;
const MCP_RUNS = 230;
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MB = 1024 * 1024;

const catalog = loadCatalog();
const toolNames = catalog.map((t) => t.name);

// ---------------------------------------------------------------- raw HTTP

type Body =
  | { kind: "text"; text: string }
  /** `prefix + "x" * size + suffix`, built at send time so the arbitraries stay small. */
  | { kind: "huge"; size: number; prefix: string; suffix: string };

interface RawRequest {
  surface: "admin" | "mcp";
  method: string;
  /** Sent verbatim as the request target (no client-side normalization). */
  path: string;
  headers: Record<string, string>;
  body?: Body;
  chunked?: boolean;
  /** "4xx": must be refused. "mcp": may reach the MCP layer, where it must end in an error. */
  expect: "4xx" | "mcp";
}

interface Answer {
  status?: number;
  headers?: IncomingHttpHeaders;
  text?: string;
  error?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
const guarded = new WeakSet<object>();

function bodyBytes(body: Body | undefined): Buffer | undefined {
  if (!body) return undefined;
  if (body.kind === "text") return Buffer.from(body.text, "utf8");
  return Buffer.concat([Buffer.from(body.prefix), Buffer.alloc(body.size, "x"), Buffer.from(body.suffix)]);
}

/** Sends one request over node:http so paths, methods and headers go out exactly as generated. */
function send(base: URL, r: RawRequest, via: Agent = agent): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Answer) => {
      if (!settled) {
        settled = true;
        resolve(a);
      }
    };
    const bytes = bodyBytes(r.body);
    const headers: Record<string, string> = { ...r.headers };
    if (bytes && r.chunked) headers["transfer-encoding"] = "chunked";
    else if (bytes) headers["content-length"] = String(bytes.length);
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest(
        { host: base.hostname, port: base.port, method: r.method, path: r.path, headers, agent: via },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            done({
              status: res.statusCode,
              headers: res.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", (e) => done({ status: res.statusCode, error: `response: ${e.message}` }));
          res.on("aborted", () => done({ status: res.statusCode, error: "response aborted" }));
        },
      );
    } catch (e) {
      // The generator only produces requests node:http can send; anything else is a bug in this test.
      done({ error: `unsendable request: ${(e as Error).message}` });
      return;
    }
    req.on("error", (e) => done({ error: `request: ${(e as NodeJS.ErrnoException).code ?? e.message}` }));
    // A socket failing after its answer (e.g. while the rest of a refused body is written) must not
    // crash the worker; a failure before the answer is reported through the request above.
    req.on("socket", (socket) => {
      if (guarded.has(socket)) return;
      guarded.add(socket);
      socket.on("error", () => {});
    });
    if (!bytes) {
      req.end();
    } else if (r.chunked) {
      // Several chunks, so a limit enforced while streaming is exercised too.
      const step = Math.max(1, Math.ceil(bytes.length / 4));
      for (let i = 0; i < bytes.length; i += step) req.write(bytes.subarray(i, i + step));
      req.end();
    } else {
      req.end(bytes);
    }
  });
}

/** The JSON-RPC messages of a 2xx MCP answer, whether sent as JSON or as SSE events. */
function rpcMessages(a: Answer): unknown[] | string {
  const type = String(a.headers?.["content-type"] ?? "");
  const text = a.text ?? "";
  try {
    if (type.includes("text/event-stream")) {
      const out: unknown[] = [];
      for (const event of text.split(/\r?\n\r?\n/)) {
        const data = event
          .split(/\r?\n/)
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trimStart())
          .join("\n");
        if (data) out.push(JSON.parse(data));
      }
      return out;
    }
    if (type.includes("json")) {
      const parsed = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : [parsed];
    }
  } catch (e) {
    return `unparseable ${type} body: ${(e as Error).message}`;
  }
  return `unexpected content type ${JSON.stringify(type)}`;
}

/** Why an answer is unacceptable, or null. Counts the isError tool results (each one is audited). */
function judge(
  r: RawRequest,
  a: Answer,
  tally: { isErrorResults: number; rpcErrors: Record<number, number> },
): string | null {
  if (a.error) return `dropped connection (${a.error})`;
  const status = a.status ?? 0;
  if (status >= 500) return `server error ${status}: ${(a.text ?? "").slice(0, 300)}`;
  if (status >= 400) return null;
  if (r.expect === "4xx") return `expected a 4xx, got ${status}: ${(a.text ?? "").slice(0, 300)}`;
  // The request reached the MCP layer: notifications/responses are acknowledged with an empty 202,
  // requests must all come back as JSON-RPC errors or isError tool results.
  if (status === 202) return a.text === "" ? null : `202 with a body: ${a.text?.slice(0, 200)}`;
  if (status !== 200) return `unexpected status ${status}`;
  const messages = rpcMessages(a);
  if (typeof messages === "string") return messages;
  if (messages.length === 0) return "200 without any JSON-RPC message";
  for (const m of messages as any[]) {
    if (m?.jsonrpc !== "2.0") return `not a JSON-RPC message: ${JSON.stringify(m).slice(0, 200)}`;
    if (m.error && typeof m.error.code === "number") {
      tally.rpcErrors[m.error.code] = (tally.rpcErrors[m.error.code] ?? 0) + 1;
      continue;
    }
    if (m.result?.isError === true) {
      tally.isErrorResults++;
      continue;
    }
    return `request accepted by the MCP layer: ${JSON.stringify(m).slice(0, 300)}`;
  }
  return null;
}

// ---------------------------------------------------------------- generic arbitraries

const chars = (codes: Array<[number, number]>) =>
  fc.oneof(...codes.map(([min, max]) => fc.integer({ min, max }))).map((c) => String.fromCharCode(c));
/** What node:http accepts in a header value: tab, visible ASCII, space and Latin-1. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: chars([
      [0x09, 0x09],
      [0x20, 0x7e],
      [0xa0, 0xff],
    ]),
    maxLength,
  });
const printable = (maxLength: number) => fc.string({ unit: chars([[0x20, 0x7e]]), maxLength });
const tokenChars = (min: number, max: number) =>
  fc.string({
    unit: chars([
      [0x30, 0x39],
      [0x41, 0x5a],
      [0x61, 0x7a],
      [0x5f, 0x5f],
      [0x2d, 0x2d],
    ]),
    minLength: min,
    maxLength: max,
  });

/** A secret with one change: never equal to the secret itself. */
const nearMiss = (secret: string) =>
  fc
    .tuple(
      fc.constantFrom("flip", "truncate", "append", "upper", "lower", "space"),
      fc.nat(),
      tokenChars(1, 4),
    )
    .map(([kind, n, extra]) => {
      const i = n % secret.length;
      switch (kind) {
        case "flip": {
          const c = secret[i] === "A" ? "B" : "A";
          return secret.slice(0, i) + c + secret.slice(i + 1);
        }
        case "truncate":
          return secret.slice(0, Math.max(1, i));
        case "append":
          return secret + extra;
        case "upper":
          return secret.toUpperCase() === secret ? `${secret}X` : secret.toUpperCase();
        case "lower":
          return secret.toLowerCase() === secret ? `${secret}x` : secret.toLowerCase();
        default:
          return ` ${secret}x`;
      }
    });

/** Path segments meant to escape the route they are put in. */
const TRAVERSALS = [
  "..",
  "../..",
  "../../../../etc/passwd",
  "..%2F..%2Fapi-keys",
  "..%2f..%2f..%2fetc%2fpasswd",
  "%2e%2e",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  ".%2e/.%2e/etc/passwd",
  "%252e%252e%252f",
  "%c0%ae%c0%ae%c0%af",
  "..%5c..%5cwindows%5cwin.ini",
  "..\\..\\windows",
  "....//....//etc/passwd",
  "..;/..;/",
  "%00",
  "..%00",
  "a%00b",
  "%2F",
  "%",
  "%zz",
  "%E0%A4%A",
  "%uFF0E%uFF0E",
  "./././.",
  "~",
  "*",
];

const garbageSegment = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,60}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...TRAVERSALS) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 20_000 }).map((n) => "a".repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: chars([[0xa0, 0xff]]), minLength: 1, maxLength: 10 }) },
);

const queryString = (forceUnknown: boolean) =>
  fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              "cursor",
              "limit",
              "action",
              "since",
              "until",
              "outcome",
              "tool",
              "mcp_server_id",
              "integrated_account_id",
              "code",
              "state",
            ),
            garbageSegment,
          ),
          fc.oneof(
            garbageSegment,
            fc.constantFrom("0", "-1", "201", "1e3", "abc", "", "%", "[]", "true", "9".repeat(40)),
          ),
        ),
        { maxLength: 4 },
      ),
      fc.nat(999),
    )
    .map(([pairs, n]) => {
      const parts = pairs.map(([k, v]) => `${k}=${v}`);
      if (forceUnknown) parts.push(`zz_fuzz_${n}=1`);
      return parts.length ? `?${parts.join("&")}` : "";
    });

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json; charset=utf-16",
  "application/vnd.api+json",
  "json",
  "application/",
  ";;;",
];
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>("application/json") },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerText(40).map((s) => s as string | undefined) },
);

const hugeSize = fc.integer({ min: 2 * MB, max: 6 * MB });

// ---------------------------------------------------------------- fixtures the generators need

interface Fixture {
  base: URL;
  adminKey: string;
  otherTeamKey: string;
  revokedKey: string;
  accountId: string;
  otherAccountId: string;
  serverId: string;
  keyedServerId: string;
  adminKeyId: string;
  openToken: string;
  keyedToken: string;
  sandbox: { url: string; email: string; apiToken: string };
}

// ---------------------------------------------------------------- admin API arbitrary

interface Auth {
  header?: string;
  /** Carries a real, unrevoked key in some spelling: the request must then be invalid otherwise. */
  realKey: boolean;
}

function authArb(f: Fixture): fc.Arbitrary<Auth> {
  const none: Auth = { realKey: false };
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(none) },
    { weight: 2, arbitrary: headerText(80).map((h) => ({ header: h, realKey: false })) },
    { weight: 2, arbitrary: printable(80).map((s) => ({ header: `Bearer ${s}`, realKey: false })) },
    {
      weight: 2,
      arbitrary: nearMiss(f.adminKey).map((k) => ({ header: `Bearer ${k}`, realKey: false })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Auth>(
        { header: `Bearer ${f.revokedKey}`, realKey: false },
        { header: `Bearer ${f.openToken}`, realKey: false },
        { header: `Basic ${Buffer.from(`${f.adminKey}:`).toString("base64")}`, realKey: false },
        {
          header: `Basic ${Buffer.from(`${f.sandbox.email}:${f.sandbox.apiToken}`).toString("base64")}`,
          realKey: false,
        },
        { header: "Bearer", realKey: false },
        { header: "Bearer ", realKey: false },
        { header: `Token ${f.adminKey}`, realKey: true },
        { header: `bearer ${f.adminKey}`, realKey: true },
        { header: `Bearer  ${f.adminKey}`, realKey: true },
        { header: `Bearer ${f.adminKey}, Bearer ${f.otherTeamKey}`, realKey: true },
      ),
    },
    { weight: 4, arbitrary: fc.constant<Auth>({ header: `Bearer ${f.adminKey}`, realKey: true }) },
    { weight: 2, arbitrary: fc.constant<Auth>({ header: `Bearer ${f.otherTeamKey}`, realKey: true }) },
  );
}

type RouteKind = "account" | "mcp" | "patch" | "apikey" | "none";
const ROUTES: Array<{ method: string; path: string; body: RouteKind }> = [
  { method: "POST", path: "/integrated-account", body: "account" },
  { method: "GET", path: "/integrated-account", body: "none" },
  { method: "GET", path: "/integrated-account/:a", body: "none" },
  { method: "DELETE", path: "/integrated-account/:a", body: "none" },
  { method: "POST", path: "/integrated-account/:a/mcp", body: "mcp" },
  { method: "GET", path: "/integrated-account/:a/mcp", body: "none" },
  { method: "GET", path: "/integrated-account/:a/mcp/:m", body: "none" },
  { method: "PATCH", path: "/integrated-account/:a/mcp/:m", body: "patch" },
  { method: "DELETE", path: "/integrated-account/:a/mcp/:m", body: "none" },
  { method: "GET", path: "/audit-log", body: "none" },
  { method: "POST", path: "/api-keys", body: "apikey" },
  { method: "GET", path: "/api-keys", body: "none" },
  { method: "DELETE", path: "/api-keys/:k", body: "none" },
  { method: "GET", path: "/oauth/atlassian/callback", body: "none" },
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND"];
/** Paths outside the admin API: only non-GET methods on the probes, anything on junk paths. */
const JUNK_PATHS = [
  "/",
  "/admin",
  "/.env",
  "/mcp",
  "/mcp/",
  "/api-keys/",
  "/integrated-account/",
  "//integrated-account",
  "/integrated-account//mcp",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/..%2f..%2fetc%2fpasswd",
  "/integrated-account%2F",
  "/INTEGRATED-ACCOUNT",
  "/audit-log/x",
  "/health/..%2f..%2fapi-keys",
  "*",
  "http://evil.example/integrated-account",
];

function validBody(kind: RouteKind, f: Fixture): unknown {
  switch (kind) {
    case "account":
      return {
        name: "fuzz",
        auth: {
          type: "api_token",
          site_url: f.sandbox.url,
          email: f.sandbox.email,
          api_token: f.sandbox.apiToken,
        },
      };
    case "mcp":
      return { name: "fuzz", config: { methods: ["read", "write"] }, require_api_token_auth: false };
    case "patch":
      return { name: "renamed", config: { tags: ["all"] }, expires_at: null };
    case "apikey":
      return { name: "fuzz" };
    default:
      return { name: "fuzz" };
  }
}

const wrongName = fc.constantFrom<unknown>(5, null, "", "   ", "x".repeat(201), [], {}, true, ["fuzz"]);
/** Field replacements each schema refuses (strict objects, enums, formats, past dates, unknown words). */
function wrongField(kind: RouteKind): fc.Arbitrary<(b: any) => unknown> {
  const common = [
    wrongName.map((v) => (b: any) => ({ ...b, name: v })),
    fc.tuple(printable(12), fc.jsonValue()).map(([k, v]) => (b: any) => ({ ...b, [`zz_${k}`]: v })),
  ];
  const auth = (patch: Record<string, unknown>) => (b: any) => ({ ...b, auth: { ...b.auth, ...patch } });
  const cfg = (patch: Record<string, unknown>) => (b: any) => ({ ...b, config: { ...b.config, ...patch } });
  const mcpFields = fc.constantFrom(
    cfg({ methods: ["zz_nope"] }),
    cfg({ tags: ["zz_nope"] }),
    cfg({ tools: ["zz_nope"] }),
    cfg({ tools: "get_single_jira_current_user" }),
    cfg({ tool_exposure: "some" }),
    cfg({ zz: 1 }),
    cfg({ methods: Array.from({ length: 201 }, () => "read") }),
    (b: any) => ({ ...b, config: [] }),
    (b: any) => ({ ...b, expires_at: 1 }),
    (b: any) => ({ ...b, expires_at: -5 }),
    (b: any) => ({ ...b, expires_at: 1.5 }),
    (b: any) => ({ ...b, expires_at: "2020-01-01T00:00:00Z" }),
    (b: any) => ({ ...b, expires_at: "tomorrow" }),
    (b: any) => ({ ...b, expires_at: new Date(T0 + 1000).toISOString() }),
    (b: any) => ({ ...b, require_api_token_auth: "yes" }),
  );
  switch (kind) {
    case "account":
      return fc.oneof(
        ...common,
        fc.constantFrom(
          auth({ type: "zz" }),
          auth({ type: undefined }),
          auth({ api_token: "" }),
          auth({ api_token: 12345 }),
          auth({ email: "not-an-email" }),
          auth({ site_url: "ftp://example.com" }),
          auth({ site_url: "javascript:alert(1)" }),
          auth({ site_url: "http://user:pass@example.com" }),
          auth({ zz: 1 }),
          auth({ type: "pat" }),
          auth({ type: "oauth" }),
          (b: any) => ({ ...b, auth: null }),
          (b: any) => ({ ...b, auth: "api_token" }),
        ),
      );
    case "mcp":
      return fc.oneof(...common, mcpFields);
    case "patch":
      return fc.oneof(
        ...common,
        mcpFields,
        fc.constant(() => ({})),
      );
    default:
      return fc.oneof(...common);
  }
}

/** Bodies no route may accept. */
function invalidBody(kind: RouteKind, f: Fixture): fc.Arbitrary<Body | undefined> {
  const base = validBody(kind, f);
  const text = (t: string): Body => ({ kind: "text", text: t });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(text("")) },
    { weight: 4, arbitrary: wrongField(kind).map((mutate) => text(JSON.stringify(mutate(base)))) },
    {
      weight: 2,
      arbitrary: fc.nat().map((n) => {
        const json = JSON.stringify(base);
        return text(json.slice(0, 1 + (n % (json.length - 1))));
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
        .map((v) => text(JSON.stringify(v))),
    },
    { weight: 2, arbitrary: printable(200).map(text) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        text("{"),
        text("{'name':'x'}"),
        text('{"name":"x",}'),
        text("NaN"),
        text("\u0000"),
        text('{"name":"\\ud800"}'),
        text(`${JSON.stringify(base)}garbage`),
        text(`{"name":5,"auth":${JSON.stringify((base as any).auth ?? null)}}`),
      ),
    },
    {
      weight: 1,
      arbitrary: hugeSize.map((size): Body => ({ kind: "huge", size, prefix: '{"name":"', suffix: '"}' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 64 * 1024 + 1, max: MB })
        .map((size): Body => ({ kind: "huge", size, prefix: '{"name":"', suffix: '"}' })),
    },
  );
}

function adminArb(f: Fixture): fc.Arbitrary<RawRequest> {
  const realIds = [f.accountId, f.otherAccountId, f.serverId, f.adminKeyId];
  const idArb = (allowReal: boolean) =>
    fc.oneof(
      { weight: 3, arbitrary: garbageSegment },
      { weight: 2, arbitrary: fc.uuid() },
      ...(allowReal ? [{ weight: 3, arbitrary: fc.constantFrom(...realIds) }] : []),
    );

  const routed = fc
    .tuple(authArb(f), fc.constantFrom(...ROUTES), fc.option(fc.constantFrom(...METHODS), { freq: 4 }))
    .chain(([auth, route, otherMethod]) => {
      const method = otherMethod ?? route.method;
      // With a real key, real ids only go with methods whose body is always invalid here.
      const allowReal = !auth.realKey || method === "POST" || method === "PATCH";
      const hasBody = method !== "GET" && method !== "HEAD";
      const bodyKind: RouteKind = route.body === "none" ? "account" : route.body;
      const body: fc.Arbitrary<Body | undefined> = !hasBody
        ? fc.constant(undefined)
        : auth.realKey
          ? invalidBody(bodyKind, f)
          : fc.oneof(
              invalidBody(bodyKind, f),
              fc.constant<Body>({ kind: "text", text: JSON.stringify(validBody(bodyKind, f)) }),
            );
      return fc.record({
        auth: fc.constant(auth),
        method: fc.constant(method),
        a: idArb(allowReal),
        m: idArb(allowReal),
        k: idArb(allowReal),
        template: fc.constant(route.path),
        query: queryString(auth.realKey),
        body,
        contentType,
        chunked: fc.boolean(),
        host: fc.option(fc.constantFrom("evil.example.com", "localhost", "a b", "[::1]:1", ""), { freq: 8 }),
      });
    })
    .map((g): RawRequest => {
      const path = g.template.replace(":a", g.a).replace(":m", g.m).replace(":k", g.k) + g.query;
      const headers: Record<string, string> = {};
      if (g.auth.header !== undefined) headers.authorization = g.auth.header;
      if (g.contentType !== undefined && g.body) headers["content-type"] = g.contentType;
      if (g.host !== null) headers.host = g.host;
      return {
        surface: "admin",
        method: g.method,
        path,
        headers,
        body: g.body,
        chunked: g.chunked,
        expect: "4xx",
      };
    });

  const junk = fc
    .record({
      auth: authArb(f),
      path: fc.oneof(
        fc.constantFrom(...JUNK_PATHS),
        fc.constantFrom("/health", "/ready", "/metrics"),
        garbageSegment.map((s) => `/${s}`),
      ),
      method: fc.constantFrom(...METHODS),
      body: fc.option(invalidBody("apikey", f), { freq: 2 }),
    })
    .filter((g) => {
      // GET/HEAD on the probes are legitimately 200, and so are the list routes for a real key
      // (absolute-form targets reach them); everything else here is refused.
      if (g.method !== "GET" && g.method !== "HEAD") return true;
      const target = effectivePath(g.path);
      if (target === "/health" || target === "/ready" || target === "/metrics") return false;
      return !(g.auth.realKey && ["/integrated-account", "/api-keys", "/audit-log"].includes(target ?? ""));
    })
    .map((g): RawRequest => {
      const headers: Record<string, string> = {};
      if (g.auth.header !== undefined) headers.authorization = g.auth.header;
      const body = g.method === "GET" || g.method === "HEAD" ? undefined : (g.body ?? undefined);
      if (body) headers["content-type"] = "application/json";
      return { surface: "admin", method: g.method, path: g.path, headers, body, expect: "4xx" };
    });

  return fc.oneof({ weight: 5, arbitrary: routed }, { weight: 1, arbitrary: junk });
}

// ---------------------------------------------------------------- MCP endpoint arbitrary

const rpc = (method: unknown, params?: unknown, id: unknown = 1) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params === undefined ? {} : { params }),
});

const UNSUPPORTED_METHODS = [
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "resources/subscribe",
  "prompts/list",
  "prompts/get",
  "logging/setLevel",
  "completion/complete",
  "sampling/createMessage",
  "elicitation/create",
  "roots/list",
  "tasks/get",
];

/** One JSON-RPC message the server must answer with an error (or not answer: notifications, responses). */
function badMessage(f: Fixture): fc.Arbitrary<unknown> {
  const known = fc.constantFrom(...toolNames);
  const poisonArgs = fc
    .tuple(
      printable(10),
      fc.jsonValue({ maxDepth: 2 }),
      fc.dictionary(
        fc.constantFrom("issue_id_or_key", "body", "jql", "page_id", "limit", "cursor", "raw", "fields"),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 3 },
      ),
      fc.boolean(),
    )
    .map(([k, v, known, withSecret]) => ({
      ...known,
      [`zz_fuzz_${k}`]: v,
      ...(withSecret ? { api_token: f.sandbox.apiToken } : {}),
    }));
  const nonString = fc.oneof(
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== "string"),
  );
  return fc.oneof(
    // Broken envelopes.
    fc.constantFrom("tools/list", "ping", "tools/call", "zz/unknown").chain((method) =>
      fc.oneof(
        fc.constantFrom(undefined, "1.0", 2, null, "2.0 ", "").map((v) => {
          const m: any = rpc(method);
          if (v === undefined) delete m.jsonrpc;
          else m.jsonrpc = v;
          return m;
        }),
        fc.constantFrom<unknown>({}, [], true, 1.5, null, { a: 1 }).map((id) => rpc(method, undefined, id)),
        nonString.map((m) => rpc(m)),
        fc.constant({ jsonrpc: "2.0", id: 1 }),
        fc.constantFrom<unknown>("x", 5, [1], true).map((p) => rpc(method, p)),
      ),
    ),
    // Methods this server does not have.
    fc
      .tuple(
        printable(30),
        fc.option(fc.dictionary(printable(8), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
      )
      .map(([m, p]) => rpc(`zz/${m}`, p ?? undefined)),
    fc.constantFrom(...UNSUPPORTED_METHODS).map((m) => rpc(m, {})),
    // Known methods with wrong params.
    fc.constantFrom(
      rpc("tools/list", { cursor: 5 }),
      rpc("tools/list", { cursor: { a: 1 } }),
      rpc("initialize", { protocolVersion: 5 }),
      rpc("initialize", {}),
      rpc("initialize", {
        protocolVersion: "2025-06-18",
        capabilities: "all",
        clientInfo: { name: "x", version: "1" },
      }),
      rpc("initialize"),
    ),
    // tools/call with garbage.
    nonString.map((name) => rpc("tools/call", { name, arguments: {} })),
    printable(40).map((n) => rpc("tools/call", { name: `zz_${n}`, arguments: {} })),
    fc.constant(rpc("tools/call", {})),
    fc
      .tuple(known, fc.constantFrom<unknown>("str", 5, [1, 2], null, true))
      .map(([name, args]) => rpc("tools/call", { name, arguments: args })),
    fc.tuple(known, poisonArgs).map(([name, args]) => rpc("tools/call", { name, arguments: args })),
    // Notifications and responses: acknowledged, never executed.
    printable(20).map((m) => ({ jsonrpc: "2.0", method: `notifications/zz${m}` })),
    fc.constantFrom(
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99, reason: 5 } },
      { jsonrpc: "2.0", id: 7, result: { tools: [] } },
      { jsonrpc: "2.0", id: 8, error: { code: -1, message: "client error" } },
    ),
  );
}

/** Bodies that must end in an error even with a valid token and origin. */
function badMcpBody(f: Fixture): fc.Arbitrary<Body> {
  const text = (t: string): Body => ({ kind: "text", text: t });
  const message = badMessage(f);
  return fc.oneof(
    { weight: 6, arbitrary: message.map((m) => text(JSON.stringify(m))) },
    {
      weight: 2,
      // Distinct ids, as the protocol requires: with duplicates the SDK runs every call but can answer
      // only one per id, and the audit rows could no longer be matched to the answers seen.
      arbitrary: fc
        .array(message, { minLength: 1, maxLength: 4 })
        .map((ms) =>
          ms.map((m: any, i) => (m && typeof m === "object" && m.id === 1 ? { ...m, id: 100 + i } : m)),
        )
        .map((ms) => text(JSON.stringify(ms))),
    },
    { weight: 1, arbitrary: fc.constant(text("[]")) },
    {
      weight: 2,
      arbitrary: fc.tuple(message, fc.nat()).map(([m, n]) => {
        const json = JSON.stringify(m);
        return text(json.slice(0, 1 + (n % Math.max(1, json.length - 1))));
      }),
    },
    { weight: 2, arbitrary: printable(200).map(text) },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 2 })
        .filter((v) => v === null || typeof v !== "object")
        .map((v) => text(JSON.stringify(v))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        text(""),
        text("{"),
        text("\uFEFF{"),
        text(
          `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"api_token":"${f.sandbox.apiToken}"}`,
        ),
        text(`not json ${f.sandbox.apiToken}`),
      ),
    },
    // Huge arguments: over the body limit (413), or under it but refused by the tool's schema.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...toolNames), fc.oneof(hugeSize, fc.integer({ min: 100_000, max: 900_000 })))
        .map(
          ([name, size]): Body => ({
            kind: "huge",
            size,
            prefix: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${name}","arguments":{"zz_fuzz":"`,
            suffix: '"}}}',
          }),
        ),
    },
    { weight: 1, arbitrary: hugeSize.map((size): Body => ({ kind: "huge", size, prefix: "", suffix: "" })) },
  );
}

/** Bodies that would do something if the gates let them through: sent only where a gate must refuse. */
const dangerousMcpBody = fc.constantFrom<Body>(
  {
    kind: "text",
    text: JSON.stringify(
      rpc("tools/call", {
        name: "create_a_jira_issue_comment",
        arguments: { issue_id_or_key: "BACKEND-2", body: "fuzz write" },
      }),
    ),
  },
  { kind: "text", text: JSON.stringify(rpc("tools/list", {})) },
  { kind: "text", text: JSON.stringify(rpc("ping")) },
  {
    kind: "text",
    text: JSON.stringify(
      rpc("initialize", {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "fuzz", version: "1" },
      }),
    ),
  },
);

function mcpArb(f: Fixture): fc.Arbitrary<RawRequest> {
  const ownOrigin = f.base.origin;
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant(f.openToken) },
    { weight: 3, arbitrary: fc.constant(f.keyedToken) },
    { weight: 2, arbitrary: nearMiss(f.openToken).map(encodeURIComponent) },
    { weight: 1, arbitrary: tokenChars(16, 200) },
    { weight: 1, arbitrary: tokenChars(201, 400) },
    { weight: 2, arbitrary: garbageSegment },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `${f.openToken}/..`,
        `..%2F${f.openToken}`,
        `x/../${f.openToken}`,
        `${f.openToken}%2F..`,
        `${f.openToken}/extra`,
        `${f.openToken}?x=1`,
        `${f.openToken}#frag`,
        `${f.openToken}%00`,
        encodeURIComponent(f.adminKey),
      ),
    },
  );
  const origin = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 2, arbitrary: fc.constant<string | undefined>(ownOrigin) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | undefined>(
        "null",
        "https://evil.example",
        "http://evil.example.com",
        `http://localhost:${f.base.port}`,
        `http://127.0.0.1:${Number(f.base.port) + 1}`,
        `https://127.0.0.1:${f.base.port}`,
        `${ownOrigin}.evil.example`,
        "file://",
        "*",
        ownOrigin.toUpperCase(),
      ),
    },
    { weight: 1, arbitrary: headerText(60).map((s) => s as string | undefined) },
  );
  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 3, arbitrary: fc.constant<string | undefined>(`Bearer ${f.adminKey}`) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constant(`Bearer ${f.otherTeamKey}`),
        fc.constant(`Bearer ${f.revokedKey}`),
        fc.constant(`Bearer ${f.openToken}`),
        nearMiss(f.adminKey).map((k) => `Bearer ${k}`),
        headerText(60),
      ) as fc.Arbitrary<string | undefined>,
    },
  );
  const accept = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | undefined>("application/json, text/event-stream") },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        "application/json",
        "text/event-stream",
        "*/*",
        "text/html",
      ),
    },
    { weight: 1, arbitrary: headerText(40).map((s) => s as string | undefined) },
  );
  const protocol = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<string | undefined>("2025-06-18", "2025-11-25", "2026-07-28", "2024-11-05"),
    },
    { weight: 1, arbitrary: headerText(20).map((s) => s as string | undefined) },
  );
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant("POST") },
    { weight: 3, arbitrary: fc.constantFrom(...METHODS) },
  );

  const gates = fc
    .record({
      token,
      origin,
      auth,
      accept,
      protocol,
      method,
      contentType,
      sessionId: fc.option(headerText(40), { freq: 6 }),
      host: fc.option(fc.constantFrom("evil.example.com", "localhost", "a b", ""), { freq: 8 }),
      chunked: fc.boolean(),
    })
    .chain((g) => {
      const path = `/mcp/${g.token}`;
      const target = effectivePath(path);
      const validToken = target === `/mcp/${f.openToken}` || target === `/mcp/${f.keyedToken}`;
      // HTTP strips leading and trailing spaces/tabs from header values before anyone reads them.
      const origin = g.origin?.replace(/^[ \t]+|[ \t]+$/g, "");
      const originOk = origin === undefined || origin === "" || sameOrigin(origin, ownOrigin);
      const keyOk = target !== `/mcp/${f.keyedToken}` || (g.auth ?? "").includes(f.adminKey);
      // Conservative: whatever might reach the MCP layer only ever carries a bad body.
      const reachesMcp = validToken && originOk && keyOk;
      const body: fc.Arbitrary<Body | undefined> =
        g.method === "GET" || g.method === "HEAD"
          ? fc.constant(undefined)
          : reachesMcp
            ? badMcpBody(f)
            : fc.oneof({ weight: 3, arbitrary: badMcpBody(f) }, { weight: 2, arbitrary: dangerousMcpBody });
      return body.map((b): RawRequest => {
        const headers: Record<string, string> = {};
        if (g.origin !== undefined) headers.origin = g.origin;
        if (g.auth !== undefined) headers.authorization = g.auth;
        if (g.accept !== undefined) headers.accept = g.accept;
        if (g.protocol !== undefined) headers["mcp-protocol-version"] = g.protocol;
        if (g.sessionId !== null) headers["mcp-session-id"] = g.sessionId;
        if (g.host !== null) headers.host = g.host;
        if (b && g.contentType !== undefined) headers["content-type"] = g.contentType;
        return {
          surface: "mcp",
          method: g.method,
          path,
          headers,
          body: b,
          chunked: g.chunked,
          expect: reachesMcp ? "mcp" : "4xx",
        };
      });
    });

  // Past the gates: a well-behaved client's headers, so the bodies reach the JSON-RPC layer and the tools.
  const protocolLayer = fc
    .record({
      keyed: fc.boolean(),
      origin: fc.constantFrom<string | undefined>(undefined, ownOrigin),
      protocol: fc.constantFrom<string | undefined>(undefined, "2025-06-18", "2025-11-25"),
      body: badMcpBody(f),
      chunked: fc.boolean(),
    })
    .map((g): RawRequest => {
      const headers: Record<string, string> = {
        accept: "application/json, text/event-stream",
        "content-type": "application/json",
      };
      if (g.keyed) headers.authorization = `Bearer ${f.adminKey}`;
      if (g.origin) headers.origin = g.origin;
      if (g.protocol) headers["mcp-protocol-version"] = g.protocol;
      return {
        surface: "mcp",
        method: "POST",
        path: `/mcp/${g.keyed ? f.keyedToken : f.openToken}`,
        headers,
        body: g.body,
        chunked: g.chunked,
        expect: "mcp",
      };
    });

  return fc.oneof({ weight: 3, arbitrary: gates }, { weight: 2, arbitrary: protocolLayer });
}

/** The path the server routes on: WHATWG URL parsing resolves dot segments (also %2e%2e). */
function effectivePath(path: string): string | null {
  try {
    return /^https?:\/\//.test(path) ? new URL(path).pathname : new URL(`http://h${path}`).pathname;
  } catch {
    return null;
  }
}

function sameOrigin(origin: string, own: string): boolean {
  try {
    return new URL(origin).origin === own;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- the test

/** Every table's rows, in a stable order, to prove that nothing was inserted, updated or deleted. */
async function snapshot(gw: RunningGateway): Promise<Record<string, string[]>> {
  const { rows: tables } = await gw.repos.db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
  );
  const out: Record<string, string[]> = {};
  for (const { tablename } of tables) {
    const { rows } = await gw.repos.db.query(`SELECT * FROM "${tablename}"`);
    out[tablename] = rows
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v)))
      .sort();
  }
  return out;
}

const describeShape = (r: RawRequest) => ({
  surface: r.surface,
  method: r.method,
  path: r.path.length > 300 ? `${r.path.slice(0, 300)}…(${r.path.length})` : r.path,
  headers: r.headers,
  chunked: r.chunked,
  body:
    r.body?.kind === "huge"
      ? `<${r.body.size} bytes: ${r.body.prefix.slice(0, 80)}…>`
      : r.body?.text.slice(0, 300),
  expect: r.expect,
});

describe("gateway fuzz: admin API and /mcp/:token over real HTTP", () => {
  let h: SandboxHarness;
  let gw: RunningGateway;
  let f: Fixture;
  let before: Record<string, string[]>;
  const logs: string[] = [];
  const statuses = new Map<string, number>();
  const tally = { isErrorResults: 0, requests: 0, rpcErrors: {} as Record<number, number> };

  beforeAll(async () => {
    h = await SandboxHarness.start();
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    gw = await startGateway({
      env: {},
      config: {
        dataDir: ":memory:",
        host: "127.0.0.1",
        port: 0,
        encryptionKey: Buffer.alloc(32, 5),
        // The fuzzer must reach the MCP layer, not the rate limiter.
        rateLimit: { perHour: 1e9, burst: 1e9 },
      },
      // The production logger (with its redaction paths) at debug, writing into memory.
      logger: createLogger("debug", sink),
      announce: () => {},
      now: () => T0,
      oauth: null,
    });
    const adminKey = gw.adminKey!;
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${gw.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    const account = await admin("POST", "/integrated-account", {
      name: "sandbox",
      auth: { type: "api_token", site_url: h.url, email: h.info.email, api_token: h.info.apiToken },
    });
    expect(account.status).toBe(201);
    const open = await admin("POST", `/integrated-account/${account.json.id}/mcp`, {
      name: "open",
      config: { methods: ["read", "write"] },
    });
    const keyed = await admin("POST", `/integrated-account/${account.json.id}/mcp`, {
      name: "keyed",
      require_api_token_auth: true,
    });
    expect([open.status, keyed.status]).toEqual([201, 201]);
    const revoked = await admin("POST", "/api-keys", { name: "to revoke" });
    expect((await admin("DELETE", `/api-keys/${revoked.json.id}`)).status).toBe(204);

    const other = await gw.repos.teams.create("other team");
    const otherKey = await gw.repos.apiKeys.create(other.id, "other admin");
    const otherAccount = await gw.repos.accounts.create(
      other.id,
      { name: "other", authType: "api_token", siteUrl: h.url, deployment: "cloud" },
      { type: "api_token", email: h.info.email, apiToken: h.info.apiToken },
    );
    const adminKeyRecord = (await gw.repos.apiKeys.findByKey(adminKey))!.key;
    // Using a key stamps last_used_at; stamp every key now so the fuzz phase has nothing left to change.
    await new Promise((r) => setTimeout(r, 50));
    await gw.repos.apiKeys.touch(gw.teamId, adminKeyRecord.id, T0);
    await gw.repos.apiKeys.touch(other.id, otherKey.record.id, T0);

    f = {
      base: new URL(gw.url),
      adminKey,
      otherTeamKey: otherKey.key,
      revokedKey: revoked.json.key,
      accountId: account.json.id,
      otherAccountId: otherAccount.id,
      serverId: open.json.id,
      keyedServerId: keyed.json.id,
      adminKeyId: adminKeyRecord.id,
      openToken: open.json.token,
      keyedToken: keyed.json.token,
      sandbox: { url: h.url, email: h.info.email, apiToken: h.info.apiToken },
    };
    await fetch(`${h.url}/__sandbox/requests`, { method: "DELETE" });
    before = await snapshot(gw);
  });

  afterAll(async () => {
    agent.destroy();
    await gw?.close();
    await h?.close();
  });

  const run = async (arb: fc.Arbitrary<RawRequest>, numRuns: number) => {
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map((r) => send(f.base, r)));
        const failures: string[] = [];
        batch.forEach((r, i) => {
          const a = answers[i];
          tally.requests++;
          const key = `${r.surface} ${a.status ?? "dropped"}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const why = judge(r, a, tally);
          if (why) failures.push(`${why}\n  request: ${JSON.stringify(describeShape(r))}`);
        });
        if (failures.length > 0) throw new Error(failures.join("\n"));
      }),
      { seed: SEED, numRuns, endOnFailure: process.env.FUZZ_SHRINK !== "1" },
    );
  };

  it("refuses every generated admin API request with a 4xx", { timeout: 600_000 }, async () => {
    await run(adminArb(f), ADMIN_RUNS);
  });

  it("refuses every generated /mcp request, or answers it with a JSON-RPC error", {
    timeout: 600_000,
  }, async () => {
    await run(mcpArb(f), MCP_RUNS);
  });

  it("is still healthy, wrote nothing, reached no upstream write and logged no secret", async () => {
    console.log(
      `fuzz: ${tally.requests} requests (seed ${SEED}); answers: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    console.log(
      `fuzz: ${tally.isErrorResults} isError tool results; JSON-RPC errors in 200s: ${JSON.stringify(tally.rpcErrors)}`,
    );
    expect(tally.requests).toBeGreaterThanOrEqual(3000);
    // The generators keep reaching every layer: body limits, the JSON-RPC parser and the tools.
    const seen = (key: string) => statuses.get(key) ?? 0;
    for (const key of ["admin 400", "admin 401", "admin 404", "admin 413", "admin 415", "mcp 200", "mcp 202"])
      expect(seen(key), key).toBeGreaterThan(0);
    for (const key of ["mcp 400", "mcp 401", "mcp 403", "mcp 405", "mcp 406", "mcp 413", "mcp 415"])
      expect(seen(key), key).toBeGreaterThan(0);
    expect(tally.isErrorResults).toBeGreaterThan(0);
    expect(Object.keys(tally.rpcErrors).length).toBeGreaterThan(1);

    for (const probe of ["/health", "/ready"]) {
      const res = await fetch(`${gw.url}${probe}`);
      expect(res.status, probe).toBe(200);
    }

    // Tool calls that reached a tool are audited even when refused (outcome "error"): one row per
    // isError result the fuzzer saw. Those rows are the only writes allowed; the writes they land
    // in the background, so wait for them before comparing.
    const auditRows = async () =>
      Number((await gw.repos.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log")).rows[0].n);
    const expectedAudit = before.audit_log.length + tally.isErrorResults;
    for (let i = 0; i < 200 && (await auditRows()) < expectedAudit; i++)
      await new Promise((r) => setTimeout(r, 25));
    const after = await snapshot(gw);
    const added = after.audit_log.filter((r) => !before.audit_log.includes(r)).map((r) => JSON.parse(r));
    expect(after.audit_log.length - added.length).toBe(before.audit_log.length);
    expect(added.length).toBe(tally.isErrorResults);
    for (const row of added) {
      expect(row.action).toBe("tool_call");
      expect(row.outcome).toBe("error");
      expect([f.serverId, f.keyedServerId]).toContain(row.mcp_server_id);
    }
    const { audit_log: _a, ...restBefore } = before;
    const { audit_log: _b, ...restAfter } = after;
    expect(Object.keys(restBefore).length).toBeGreaterThanOrEqual(6);
    expect(restAfter).toEqual(restBefore);
    for (const [table, rows] of Object.entries(restBefore))
      expect(after[table].length, table).toBe(rows.length);

    // Nothing refused by a gate or a schema reached Atlassian.
    const upstream = ((await (await fetch(`${h.url}/__sandbox/requests`)).json()) as any).requests as any[];
    expect(upstream.filter((r) => r.method !== "GET")).toEqual([]);
    expect(h.sandbox.context.store.comments.size).toBeGreaterThan(0);
    const comments = [...h.sandbox.context.store.comments.values()].map((c) => JSON.stringify(c));
    expect(comments.some((c) => c.includes("fuzz write"))).toBe(false);

    const all = logs.join("");
    expect(all).toContain("/mcp/<redacted>");
    const secrets = {
      adminKey: f.adminKey,
      otherTeamKey: f.otherTeamKey,
      revokedKey: f.revokedKey,
      openToken: f.openToken,
      keyedToken: f.keyedToken,
      sandboxApiToken: f.sandbox.apiToken,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(all.includes(secret), `${name} appears in the gateway log`).toBe(false);
    }
  });
});
