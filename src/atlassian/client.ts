import type { Dispatcher } from "undici";
import { VERSION } from "../version.js";
import {
  type AtlassianAuth,
  authorizationHeader,
  baseUrlFor,
  checkPath,
  normalizeBase,
  type Product,
  queryString,
  staticSecrets,
} from "./auth.js";
import { AtlassianError, type AtlassianErrorCode, extractAtlassianMessages, hintFor } from "./errors.js";
import { abortableSleep, Semaphore, TokenBucket } from "./limiter.js";
import { sharedDispatcher } from "./proxy.js";
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isSurelyNotSent,
  parseRateLimitReset,
  parseRetryAfter,
  type RetryOutcome,
  type RetryPolicy,
} from "./retry.js";

export interface ClientConfig {
  /** https://acme.atlassian.net, or a Data Center base URL (a context path like /jira is kept). */
  siteUrl: string;
  auth: AtlassianAuth;
  /** Default `atlasgate/<version> (+https://github.com/atlasgate/atlasgate)`. */
  userAgent?: string;
  /** Per attempt: connect + headers + body. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Per client (= per account) throttles. */
  limits?: { maxConcurrent?: number; requestsPerSecond?: number };
  /** Injectable for tests; default: the shared keep-alive pool that honours proxy and CA settings. */
  dispatcher?: Dispatcher;
  /** Largest response body accepted, in bytes. Default 50 MB. */
  maxResponseBytes?: number;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

export interface AtlassianRequest {
  /** Picks `/ex/jira/{cloudId}` or `/ex/confluence/{cloudId}` in OAuth mode. */
  product: Product;
  method: HttpMethod;
  /** Already percent-encoded, e.g. /rest/api/3/issue/BACKEND-1 or /wiki/api/v2/pages/1. */
  path: string;
  query?: Array<[string, string]>;
  body?: { json: unknown } | { multipart: FormData } | { raw: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overall time budget, retries and waits included. Default 60 s. */
  budgetMs?: number;
  /** `binary` returns bytes (attachment downloads) and follows redirects; default `json`. */
  accept?: "json" | "binary";
}

export interface AtlassianResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for 204/empty bodies and binary downloads; a string for text bodies. */
  body: unknown;
  bytes?: Buffer;
  contentType: string | null;
  attempts: number;
  /** Time spent waiting on Atlassian across attempts (not counting backoff or throttling). */
  upstreamMs: number;
}

/** Counters the gateway exports as metrics. Mutated in place; read them, do not write them. */
export interface ClientStats {
  /** Logical requests (calls of `request`). */
  requests: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  retries: number;
  /** Answers with status 429. */
  rateLimited: number;
  /** Attempts that ended without an HTTP answer (timeouts included). */
  networkErrors: number;
  timeouts: number;
  /** Logical requests that ended in an AtlassianError. */
  failures: number;
  /** Attempts per HTTP status. */
  byStatus: Record<number, number>;
  inFlight: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_BUDGET_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export const USER_AGENT = `atlasgate/${VERSION} (+https://github.com/atlasgate/atlasgate)`;

type StopKind = "aborted" | "budget" | "timeout";

/**
 * An HTTP client for one Atlassian account on one site: authentication, retries that never repeat
 * a write that may have happened, per-account throttling, pooled keep-alive connections, and errors
 * that say what went wrong and what to do about it.
 */
export class AtlassianClient {
  readonly stats: Readonly<ClientStats> = {
    requests: 0,
    attempts: 0,
    retries: 0,
    rateLimited: 0,
    networkErrors: 0,
    timeouts: 0,
    failures: 0,
    byStatus: {},
    inFlight: 0,
  };

  private readonly auth: AtlassianAuth;
  private readonly siteUrl: string;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly dispatcher: Dispatcher | null;
  private readonly maxResponseBytes: number;
  private readonly semaphore: Semaphore | null;
  private readonly bucket: TokenBucket | null;
  private readonly secrets: string[];
  private readonly closing = new AbortController();
  private closed = false;
  private readonly bases = new Map<AtlassianRequest["product"], string>();
  private staticAuthorization: string | undefined;

  constructor(config: ClientConfig) {
    this.auth = config.auth;
    if (!this.auth || typeof this.auth !== "object") throw new TypeError("auth is required");
    this.siteUrl =
      config.auth.type === "oauth" && !config.siteUrl ? "" : normalizeBase(config.siteUrl, "siteUrl");
    if (config.auth.type === "oauth") baseUrlFor(this.siteUrl, config.auth, "jira"); // validates apiBaseUrl
    this.userAgent = config.userAgent ?? USER_AGENT;
    this.timeoutMs = positive(config.timeoutMs ?? DEFAULT_TIMEOUT_MS, "timeoutMs");
    this.policy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
    if (!Number.isInteger(this.policy.maxAttempts) || this.policy.maxAttempts < 1) {
      throw new RangeError(`retry.maxAttempts must be a positive integer, got ${this.policy.maxAttempts}`);
    }
    this.dispatcher = config.dispatcher ?? null;
    this.maxResponseBytes = positive(
      config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      "maxResponseBytes",
    );
    const limits = config.limits ?? {};
    this.semaphore = limits.maxConcurrent !== undefined ? new Semaphore(limits.maxConcurrent) : null;
    this.bucket = limits.requestsPerSecond !== undefined ? new TokenBucket(limits.requestsPerSecond) : null;
    this.secrets = staticSecrets(config.auth);
  }

  /** The base URL of a product, worked out once: the auth and the site never change. */
  private baseFor(product: AtlassianRequest["product"]): string {
    let base = this.bases.get(product);
    if (base === undefined) {
      base = baseUrlFor(this.siteUrl, this.auth, product);
      this.bases.set(product, base);
    }
    return base;
  }

  /** Stops the client: in-flight requests end with code "aborted", later ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort(new Error("client closed"));
  }

  async request(req: AtlassianRequest): Promise<AtlassianResponse> {
    const stats = this.stats as ClientStats;
    stats.requests++;
    const method = String(req.method).toUpperCase();
    checkPath(req.path);
    if (req.product === "platform" && this.auth.type !== "oauth") {
      // api.atlassian.com answers only OAuth 2.0 (3LO) tokens; with an API token or PAT the only
      // reachable site is the configured one, so say that instead of sending a doomed request.
      throw new AtlassianError({
        status: null,
        code: "http",
        method,
        path: req.path,
        attempts: 0,
        detail: "this operation needs an OAuth 2.0 (3LO) connection",
        hint: `Accessible resources lists the sites an OAuth 2.0 connection can reach. This server uses an API token or personal access token, which reaches exactly one site: ${this.siteUrl}.`,
      });
    }
    const url = `${this.baseFor(req.product)}${req.path}${queryString(req.query)}`;
    const budgetMs = positive(req.budgetMs ?? DEFAULT_BUDGET_MS, "budgetMs");
    const started = performance.now();
    const scope = new StopScope();
    scope.follow(this.closing.signal, "aborted");
    scope.follow(req.signal, "aborted");
    scope.stopAfter(budgetMs, "budget");
    const secrets = [...this.secrets];
    const fail = (init: FailInit) => {
      stats.failures++;
      return this.error(method, req.path, secrets, init);
    };

    stats.inFlight++;
    let attempt = 0;
    let refreshed = false;
    let upstreamMs = 0;
    try {
      if (this.closed)
        throw fail({ code: "aborted", status: null, attempts: 0, detail: "the client is closed" });
      const encoded = await encodeBody(req.body);
      while (true) {
        attempt++;
        const result = await this.attempt(req, method, url, encoded, scope, secrets);
        upstreamMs += result.upstreamMs;
        stats.attempts += result.kind === "stopped" && result.beforeSend ? 0 : 1;

        let outcome: RetryOutcome;
        if (result.kind === "stopped") {
          throw fail({ code: result.stop, status: null, attempts: attempt, cause: result.cause });
        } else if (result.kind === "network") {
          stats.networkErrors++;
          if (result.code === "ETIMEDOUT") stats.timeouts++;
          outcome = { kind: "network", code: result.code, sent: result.sent };
        } else {
          stats.byStatus[result.status] = (stats.byStatus[result.status] ?? 0) + 1;
          if (result.status === 429) stats.rateLimited++;
          if (result.status < 400) {
            return this.success(result, req, method, attempt, upstreamMs, fail);
          }
          outcome = {
            kind: "status",
            status: result.status,
            retryAfter: result.headers["retry-after"] ?? null,
            rateLimitReset: result.headers["x-ratelimit-reset"] ?? null,
          };
        }

        const decision = decideRetry({
          method,
          attempt,
          outcome,
          elapsedMs: performance.now() - started,
          budgetMs,
          random: Math.random(),
          policy: this.policy,
          now: Date.now(),
          canRefreshAuth:
            this.auth.type === "oauth" && typeof this.auth.onUnauthorized === "function" && !refreshed,
        });
        if (!decision.retry) {
          if (result.kind === "network") {
            const code: AtlassianErrorCode = result.code === "ETIMEDOUT" ? "timeout" : "network";
            throw fail({ code, status: null, attempts: attempt, cause: result.cause, detail: result.detail });
          }
          throw fail(this.httpFailure(result, attempt));
        }
        stats.retries++;
        if (decision.refreshAuth && this.auth.type === "oauth") {
          refreshed = true;
          // Each attempt records the credential it sent last in `secrets`: that is the rejected token.
          await this.auth.onUnauthorized?.(secrets[secrets.length - 1] ?? "");
        }
        if (decision.delayMs > 0) {
          try {
            await abortableSleep(decision.delayMs, scope.signal);
          } catch (cause) {
            throw fail({ code: scope.kind ?? "aborted", status: null, attempts: attempt, cause });
          }
        }
        if (scope.kind) throw fail({ code: scope.kind, status: null, attempts: attempt });
      }
    } finally {
      stats.inFlight--;
      scope.dispose();
    }
  }

  /** One attempt: throttles, auth header, the exchange (and redirects for binary), the body read. */
  private async attempt(
    req: AtlassianRequest,
    method: string,
    url: string,
    encoded: EncodedBody,
    requestScope: StopScope,
    secrets: string[],
  ): Promise<AttemptResult> {
    let release: (() => void) | null = null;
    try {
      if (this.semaphore) release = await this.semaphore.acquire(requestScope.signal);
      if (this.bucket) await this.bucket.take(requestScope.signal);
    } catch (cause) {
      release?.();
      return {
        kind: "stopped",
        stop: requestScope.kind ?? "aborted",
        cause,
        upstreamMs: 0,
        beforeSend: true,
      };
    }
    if (requestScope.kind) {
      release?.();
      return { kind: "stopped", stop: requestScope.kind, upstreamMs: 0, beforeSend: true };
    }

    let authorization: string;
    try {
      // Static credentials give the same header every time; only OAuth asks its token provider.
      if (this.auth.type === "oauth") authorization = await authorizationHeader(this.auth);
      else {
        this.staticAuthorization ??= await authorizationHeader(this.auth);
        authorization = this.staticAuthorization;
      }
    } catch (err) {
      // The token provider's failure (revoked refresh token...) is the gateway's own error: pass it on.
      release?.();
      throw err;
    }
    secrets.push(authorization.replace(/^\S+\s+/, ""));

    const scope = new StopScope();
    // The request scope carries the caller's signal and the overall budget; its timer ends an attempt
    // that would outlive the budget, so the per-attempt timer only needs the attempt timeout.
    scope.follow(requestScope.signal, () => requestScope.kind ?? "aborted");
    const attemptTimeout = this.timeoutMs;
    scope.stopAfter(attemptTimeout, "timeout");
    const began = performance.now();
    try {
      const headers = this.headers(req, authorization, encoded);
      let target = new URL(url);
      let currentMethod = method;
      let body = encoded.payload;
      for (let hop = 0; ; hop++) {
        const res = await (this.dispatcher ?? sharedDispatcher()).request({
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: currentMethod as Dispatcher.HttpMethod,
          headers,
          body: body as Dispatcher.DispatchOptions["body"],
          signal: scope.signal,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
        const next = req.accept === "binary" && hop < MAX_REDIRECTS ? redirectTarget(res, target) : null;
        if (next) {
          await res.body.dump().catch(() => undefined);
          // Credentials stay with the origin they belong to (attachment downloads redirect to a media host).
          if (next.origin !== target.origin) delete headers.authorization;
          if (
            res.statusCode === 303 ||
            ((res.statusCode === 301 || res.statusCode === 302) && currentMethod === "POST")
          ) {
            currentMethod = "GET";
            body = null;
            delete headers["content-type"];
          }
          target = next;
          continue;
        }
        const read = await readBody(res, this.maxResponseBytes);
        const flat = flattenHeaders(res.headers);
        return {
          kind: "response",
          status: res.statusCode,
          headers: flat,
          bytes: read.bytes,
          tooLarge: read.tooLarge,
          contentType: flat["content-type"] ?? null,
          upstreamMs: performance.now() - began,
        };
      }
    } catch (cause) {
      const upstreamMs = performance.now() - began;
      if (scope.kind === "aborted" || scope.kind === "budget") {
        return { kind: "stopped", stop: scope.kind, cause, upstreamMs, beforeSend: false };
      }
      const code = errorCode(cause);
      if (scope.kind === "timeout" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
        const detail = `no answer within ${attemptTimeout} ms`;
        return { kind: "network", code: "ETIMEDOUT", sent: true, cause, upstreamMs, detail };
      }
      const message = cause instanceof Error && cause.message ? ` (${cause.message})` : "";
      return {
        kind: "network",
        code,
        sent: !isSurelyNotSent(code),
        cause,
        upstreamMs,
        detail: `${code}${message}`,
      };
    } finally {
      scope.dispose();
      release?.();
    }
  }

  private headers(
    req: AtlassianRequest,
    authorization: string,
    encoded: EncodedBody,
  ): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) {
      const key = k.toLowerCase();
      // The client owns these: a caller must not be able to swap credentials or smuggle framing.
      if (
        key === "authorization" ||
        key === "host" ||
        key === "content-length" ||
        key === "transfer-encoding"
      )
        continue;
      headers[key] = String(v);
    }
    headers.accept ??= req.accept === "binary" ? "*/*" : "application/json";
    headers["user-agent"] = this.userAgent;
    headers.authorization = authorization;
    if (encoded.contentType) headers["content-type"] = encoded.contentType;
    // Jira and Confluence refuse multipart uploads without it (their XSRF protection).
    if (req.body && "multipart" in req.body) headers["x-atlassian-token"] ??= "no-check";
    return headers;
  }

  private success(
    result: ResponseResult,
    req: AtlassianRequest,
    method: string,
    attempts: number,
    upstreamMs: number,
    fail: (init: FailInit) => AtlassianError,
  ): AtlassianResponse {
    const base = {
      status: result.status,
      headers: result.headers,
      contentType: result.contentType,
      attempts,
      upstreamMs,
    };
    if (result.tooLarge) {
      throw fail({
        code: "http",
        status: result.status,
        attempts,
        detail: `the response is larger than ${this.maxResponseBytes} bytes and was not read`,
      });
    }
    if (req.accept === "binary") return { ...base, body: undefined, bytes: result.bytes };
    if (result.bytes.length === 0 || method === "HEAD") return { ...base, body: undefined };
    const parsed = parseBody(result.bytes, result.contentType);
    if (!parsed.ok) {
      throw fail({ code: "http", status: result.status, attempts, detail: parsed.detail });
    }
    return { ...base, body: parsed.value };
  }

  private httpFailure(result: ResponseResult, attempts: number): FailInit {
    const parsed = result.bytes.length > 0 ? parseBody(result.bytes, result.contentType) : null;
    const body = parsed?.ok ? parsed.value : result.bytes.subarray(0, 4096).toString("utf8");
    let retryAfterSeconds: number | undefined;
    if (result.status === 429 || result.status === 503) {
      const now = Date.now();
      const ms =
        parseRetryAfter(result.headers["retry-after"], now) ??
        parseRateLimitReset(result.headers["x-ratelimit-reset"], now);
      if (ms !== null) retryAfterSeconds = Math.ceil(ms / 1000);
    }
    return {
      code: "http",
      status: result.status,
      attempts,
      messages: extractAtlassianMessages(body),
      retryAfterSeconds,
    };
  }

  private error(method: string, path: string, secrets: string[], init: FailInit): AtlassianError {
    const origin = this.auth.type === "oauth" ? this.baseFor("jira") : this.siteUrl;
    return new AtlassianError({
      status: init.status,
      code: init.code,
      method,
      path,
      atlassianMessages: init.messages,
      retryAfterSeconds: init.retryAfterSeconds,
      attempts: init.attempts,
      detail: init.detail,
      cause: init.cause,
      secrets,
      hint: hintFor({
        status: init.status,
        code: init.code,
        method,
        authKind: this.auth.type,
        retryAfterSeconds: init.retryAfterSeconds,
        timeoutMs: this.timeoutMs,
        origin: new URL(origin).origin,
      }),
    });
  }
}

interface FailInit {
  code: AtlassianErrorCode;
  status: number | null;
  attempts: number;
  messages?: string[];
  retryAfterSeconds?: number;
  detail?: string;
  cause?: unknown;
}

interface ResponseResult {
  kind: "response";
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  tooLarge: boolean;
  contentType: string | null;
  upstreamMs: number;
}

type AttemptResult =
  | ResponseResult
  | { kind: "network"; code: string; sent: boolean; cause: unknown; upstreamMs: number; detail: string }
  | { kind: "stopped"; stop: StopKind; cause?: unknown; upstreamMs: number; beforeSend: boolean };

/** Combines abort sources and remembers which one fired first, so errors can say why. */
class StopScope {
  private readonly controller = new AbortController();
  private readonly cleanups: Array<() => void> = [];
  kind: StopKind | null = null;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  follow(signal: AbortSignal | undefined, kind: StopKind | (() => StopKind)): void {
    if (!signal) return;
    const resolve = () => (typeof kind === "function" ? kind() : kind);
    if (signal.aborted) {
      this.stop(resolve());
      return;
    }
    const onAbort = () => this.stop(resolve());
    signal.addEventListener("abort", onAbort, { once: true });
    this.cleanups.push(() => signal.removeEventListener("abort", onAbort));
  }

  stopAfter(ms: number, kind: StopKind): void {
    const timer = setTimeout(() => this.stop(kind), ms);
    timer.unref?.();
    this.cleanups.push(() => clearTimeout(timer));
  }

  stop(kind: StopKind): void {
    if (this.kind) return;
    this.kind = kind;
    const err = new Error(`request stopped: ${kind}`);
    err.name = "AbortError";
    this.controller.abort(err);
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
  }
}

interface EncodedBody {
  payload: string | Buffer | null;
  contentType: string | null;
}

/**
 * Serializes the body once per logical request, so every retry sends the same bytes. Multipart is
 * encoded through the global `Response`, which understands both Node's FormData and undici's
 * (undici's own encoder rejects the FormData class bundled with Node); uploads are buffered,
 * which also makes them re-sendable.
 */
async function encodeBody(body: AtlassianRequest["body"]): Promise<EncodedBody> {
  if (!body) return { payload: null, contentType: null };
  if ("json" in body) return { payload: JSON.stringify(body.json), contentType: "application/json" };
  if ("raw" in body) return { payload: body.raw, contentType: body.contentType };
  if ("multipart" in body) {
    const encoded = new Response(body.multipart);
    return {
      payload: Buffer.from(await encoded.arrayBuffer()),
      contentType: encoded.headers.get("content-type"),
    };
  }
  return { payload: null, contentType: null };
}

/** Where a 30x points, when it is a redirect we follow (http/https only). */
function redirectTarget(res: Dispatcher.ResponseData, current: URL): URL | null {
  const s = res.statusCode;
  if (s !== 301 && s !== 302 && s !== 303 && s !== 307 && s !== 308) return null;
  const location = res.headers.location;
  if (typeof location !== "string" || location === "") return null;
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return null;
  }
  return next.protocol === "https:" || next.protocol === "http:" ? next : null;
}

async function readBody(
  res: Dispatcher.ResponseData,
  max: number,
): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const declared = Number(res.headers["content-length"]);
  // Destroying the stream emits an abort error; nobody else listens, so swallow it here.
  res.body.on("error", () => {});
  if (Number.isFinite(declared) && declared > max) {
    res.body.destroy();
    return { bytes: Buffer.alloc(0), tooLarge: true };
  }
  if (Number.isFinite(declared)) {
    // HTTP framing stops the body at the declared length, which is within the cap: read it in one go
    // (undici's consumer) rather than chunk by chunk through an async iterator, which costs several
    // event-loop turns per response.
    return { bytes: Buffer.from(await res.body.arrayBuffer()), tooLarge: false };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > max) {
      res.body.destroy();
      return { bytes: Buffer.alloc(0), tooLarge: true };
    }
    chunks.push(buf);
  }
  return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), tooLarge: false };
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

type Parsed = { ok: true; value: unknown } | { ok: false; detail: string };

/**
 * JSON when the server says JSON (invalid JSON is an error, never a crash); plain text as a string;
 * an HTML page where JSON was expected is an error too — it is usually an SSO login page or a
 * proxy's block page, and passing it on as data would mislead.
 */
function parseBody(bytes: Buffer, contentType: string | null): Parsed {
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ct = (contentType ?? "").toLowerCase();
  const looksJson = /^\s*[[{"]/.test(text);
  if (ct.includes("json") || (!ct.includes("html") && looksJson)) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      return {
        ok: false,
        detail: `the response body is not valid JSON (${contentType ?? "no content type"}, ${bytes.length} bytes): ${(err as Error).message}`,
      };
    }
  }
  if (ct.includes("html") || /^\s*<(!doctype|html)/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return {
      ok: false,
      detail: `expected JSON but got an HTML page${title ? ` ("${title.slice(0, 120)}")` : ""} — a login page or a proxy in the way?`,
    };
  }
  return { ok: true, value: text };
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (err instanceof Error && err.name === "AbortError") return "ABORT_ERR";
  return "UNKNOWN";
}

function positive(n: number, name: string): number {
  if (typeof n !== "number" || !(n > 0) || !Number.isFinite(n))
    throw new RangeError(`${name} must be a positive number`);
  return n;
}
