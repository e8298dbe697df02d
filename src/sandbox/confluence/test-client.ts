import { expect } from "vitest";
import { ConformanceReport, requireSpecs, validateResponse } from "../../../test/support/openapi.js";
import type { As, SandboxHarness, SandboxResponse } from "../../../test/support/sandbox-harness.js";

/** Shared by the Confluence route tests: every response is checked against the spec (or, where the spec is silent on errors, the product's error shape). */
export type Options = {
  as?: As;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
};

/**
 * The v2 spec declares error statuses with an empty `content` and leaves 403/409 out of most
 * operations, yet Confluence answers them with a JSON error body. Where the spec is silent, the body
 * is checked against the product's documented error shape instead.
 */
function errorShapeErrors(path: string, status: number, body: unknown): string[] {
  const b = body as Record<string, any>;
  if (path.startsWith("/ex/") && status === 401) {
    return typeof b?.code === "number" && typeof b?.message === "string" ? [] : ["not a gateway error body"];
  }
  if (path.includes("/wiki/api/v2/")) {
    const e = b?.errors?.[0];
    const ok =
      Array.isArray(b?.errors) &&
      Object.keys(b).length === 1 &&
      e?.status === status &&
      typeof e.code === "string" &&
      typeof e.title === "string" &&
      (e.detail === null || typeof e.detail === "string");
    return ok ? [] : [`not a Confluence v2 error body: ${JSON.stringify(body)}`];
  }
  const ok =
    b?.statusCode === status &&
    typeof b?.message === "string" &&
    typeof b?.data === "object" &&
    b.data !== null;
  return ok ? [] : [`not a Confluence v1 error body: ${JSON.stringify(body)}`];
}

const SPEC_SILENT = /declares no response body, but one was returned|is not declared for/;

function withQuery(path: string, query: Options["query"]): string {
  const url = new URL(path, "http://x.invalid");
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  return `${url.pathname}${url.search}`;
}

/**
 * A client whose every response goes through the spec; a non-conforming one fails the test that
 * made it. `h` is read on each call, so it can be set in `beforeAll`.
 */
export function conformingClient(title: string, harness: () => SandboxHarness) {
  const specs = requireSpecs();
  const report = new ConformanceReport(title);
  async function call(method: string, path: string, opts: Options = {}): Promise<SandboxResponse> {
    const h = harness();
    const res = await h.request(method, path, opts);
    if (!specs) return res;
    const url = withQuery(path, opts.query);
    const body = res.text === "" ? undefined : res.body;
    let result = validateResponse({
      method,
      url,
      status: res.status,
      body,
      contentType: res.headers.get("content-type") ?? undefined,
    });
    if (res.status >= 400) {
      // Error bodies must have the product's shape whatever the spec says about them.
      const specErrors = result.errors.filter((e) => !SPEC_SILENT.test(e));
      const shapeErrors = errorShapeErrors(path, res.status, body);
      result = {
        ...result,
        ok: specErrors.length + shapeErrors.length === 0,
        errors: [...specErrors, ...shapeErrors],
      };
    }
    report.record(result);
    expect(result.errors, `${method} ${url} → ${res.status} does not conform`).toEqual([]);
    return res;
  }
  return {
    specs,
    report,
    call,
    get: (path: string, opts: Options = {}) => call("GET", path, opts),
    post: (path: string, body: unknown, opts: Options = {}) => call("POST", path, { ...opts, body }),
    put: (path: string, body: unknown, opts: Options = {}) => call("PUT", path, { ...opts, body }),
    del: (path: string, opts: Options = {}) => call("DELETE", path, opts),
  };
}
