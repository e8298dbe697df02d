/**
 * Test-only client for the issue route tests: real HTTP through the harness, every response checked
 * against Atlassian's OpenAPI spec. Lives beside the tests because only they use it.
 */
import { expect } from "vitest";
import { ConformanceReport, requireSpecs, validateResponse } from "../../../../test/support/openapi.js";
import type { As, SandboxHarness, SandboxResponse } from "../../../../test/support/sandbox-harness.js";
import { demoCredentials } from "../../auth/credentials.js";

/**
 * Where the spec contradicts what Jira sends. Responses matching one are checked against Jira's real
 * behaviour instead and listed at the end of the file. Keyed by `operationId status`.
 */
const SPEC_GAPS: Record<string, { why: string; check: (res: SandboxResponse) => void }> = {
  "editIssue 204": { why: "spec declares JSON content on 204; Jira sends no body", check: empty },
  "doTransition 204": { why: "spec declares JSON content on 204; Jira sends no body", check: empty },
  "addWatcher 204": { why: "spec declares JSON content on 204; Jira sends no body", check: empty },
  "linkIssues 201": { why: "spec declares JSON content on 201; Jira sends no body", check: empty },
  "searchForIssuesUsingJql 410": { why: "removed API (CHANGE-2046) still in the spec", check: jiraShape },
  "searchForIssuesUsingJqlPost 410": { why: "removed API (CHANGE-2046) still in the spec", check: jiraShape },
  "getAttachmentContent 200": {
    why: "spec declares no content for the file bytes it describes",
    check: (res) => expect(res.text.length).toBeGreaterThan(0),
  },
  "addAttachment 415": { why: "non-multipart upload: Jira's 415 is undeclared", check: jiraShape },
};

function empty(res: SandboxResponse) {
  expect(res.text).toBe("");
}

function jiraShape(res: SandboxResponse) {
  expect(res.body).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
}

/** Jira answers 400/401 on every operation, including ones whose spec entry omits them. */
const UNDECLARED_OK = /^status (400|401) is not declared for /;

export type Options = {
  as?: As;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
};

export class CheckedClient {
  readonly report: ConformanceReport;
  readonly gaps = new Set<string>();
  private readonly specs: boolean;

  constructor(
    readonly h: SandboxHarness,
    title: string,
  ) {
    this.report = new ConformanceReport(title);
    this.specs = requireSpecs();
  }

  async call(method: string, path: string, options: Options = {}): Promise<SandboxResponse> {
    const res = await this.h.request(method, path, options);
    if (!this.specs) return res;
    // The v3 spec describes v2 too (same resources; rich text as strings, which its schemas allow).
    const url = new URL(path, "http://x.invalid");
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const specUrl = `${url.pathname.replace(/\/rest\/api\/2\//, "/rest/api/3/")}${url.search}`;
    const result = validateResponse({
      method,
      url: specUrl,
      status: res.status,
      body: res.text === "" ? undefined : res.body,
      contentType: res.headers.get("content-type") ?? undefined,
    });
    const where = `${method} ${path} → ${res.status} ${res.text.slice(0, 400)}`;
    const key = result.operation ? `${result.operation.operationId} ${res.status}` : "";
    const gap = SPEC_GAPS[key];
    if (
      !result.ok &&
      result.operation &&
      (gap || (result.errors.length === 1 && UNDECLARED_OK.test(result.errors[0])))
    ) {
      if (gap) gap.check(res);
      else jiraShape(res);
      this.gaps.add(`${key}: ${gap?.why ?? result.errors[0]}`);
      this.report.record({ ...result, ok: true, errors: [] });
      return res;
    }
    this.report.record(result);
    expect(result.errors, where).toEqual([]);
    return res;
  }

  get(path: string, options: Options = {}) {
    return this.call("GET", path, options);
  }
  post(path: string, body: unknown, options: Options = {}) {
    return this.call("POST", path, { ...options, body });
  }
  put(path: string, body: unknown, options: Options = {}) {
    return this.call("PUT", path, { ...options, body });
  }
  delete(path: string, options: Options = {}) {
    return this.call("DELETE", path, options);
  }

  /** Prints the report and fails when any operation did not conform. */
  finish(): void {
    const text = this.report.print();
    if (this.gaps.size > 0) console.log(`Spec gaps tolerated:\n  ${[...this.gaps].sort().join("\n  ")}`);
    expect(this.report.summary().failures, text).toEqual([]);
  }
}

/** Credentials of a seeded user who may edit but is not a site admin (for author-only rules). */
export function memberCredentials(h: SandboxHarness): { as: As; accountId: string } {
  const ctx = h.sandbox.context;
  for (const u of ctx.store.users.values()) {
    if (u.canEdit && !u.siteAdmin && u.active && u.accountType === "atlassian") {
      const creds = demoCredentials(u);
      const dc = ctx.options.deployment === "datacenter";
      return {
        as: dc ? { bearer: creds.pat } : { basic: [creds.email, creds.apiToken] },
        accountId: u.accountId,
      };
    }
  }
  throw new Error("seed has no plain member");
}
