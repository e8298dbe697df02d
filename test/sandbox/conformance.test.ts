import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAdf } from "../../src/rich-text/index.js";
import {
  ConformanceReport,
  type MatchedOperation,
  matchOperation,
  requireSpecs,
  validateResponse,
} from "../support/openapi.js";
import { SandboxHarness } from "../support/sandbox-harness.js";
import {
  type Exchange,
  implementedRoutes,
  type RouteRef,
  routeKey,
  samplePath,
  Tour,
} from "./conformance-tour.js";

/**
 * Acceptance criterion: every response of every implemented operation validates against that operation's
 * response schema in Atlassian's specs. The operations are enumerated from the app itself, so a route added
 * to the sandbox is counted (M) before anyone writes a test for it, and stays red until the tour covers it.
 */
const haveSpecs = requireSpecs();

/**
 * Routes under /rest or /wiki that no spec in ../shared/specs describes. Every other API route must be a
 * real Atlassian operation, so an unmatched route not listed here fails the test.
 */
const NON_SPEC_ROUTES: Array<{ pattern: RegExp; label: string; why: string }> = [
  {
    label: "Jira REST v2 twin of a v3 operation",
    pattern: /^(GET|POST|PUT|DELETE) \/rest\/api\/2\//,
    why:
      "Jira platform REST v2: the same operations as v3 with wiki-markup text instead of ADF. Only the v3 spec " +
      "is provided, so each v2 route must have a v3 twin that matches a v3 operation (checked below).",
  },
  {
    label: "Confluence download servlet",
    pattern: /^GET \/wiki\/download\/attachments\//,
    why:
      "Confluence's attachment download servlet: the `_links.download` target of attachments, served outside " +
      "the REST API and therefore in no REST spec.",
  },
];

/**
 * Operations that cannot conform because the spec is wrong, not the sandbox. An entry excuses an operation
 * only when every error it produced matches `errors`, and an entry that no longer excuses anything fails the
 * test, so this list can only shrink. Each reason says what the real service does.
 */
const NO_CONTENT_REASON =
  "HTTP forbids a body on 204 No Content, and Jira sends none; the spec declares `application/json` with an " +
  "empty schema `{}` for it, which the checker reads as a required JSON body.";
const SPEC_DEFECTS: Array<{ operationId: string; errors: RegExp; reason: string }> = [
  {
    operationId: "editIssue",
    errors: /^status 204 declares a JSON body, but none was returned$/,
    reason: NO_CONTENT_REASON,
  },
  {
    operationId: "doTransition",
    errors: /^status 204 declares a JSON body, but none was returned$/,
    reason: NO_CONTENT_REASON,
  },
  {
    operationId: "addWatcher",
    errors: /^status 204 declares a JSON body, but none was returned$/,
    reason: NO_CONTENT_REASON,
  },
  {
    operationId: "linkIssues",
    errors: /^status 201 declares a JSON body, but none was returned$/,
    reason:
      "Jira answers 201 Created with an empty body (the new link's id is not returned); the spec's 201 declares " +
      "`application/json` with an empty schema `{}`, i.e. no structure at all.",
  },
  {
    operationId: "getAttachmentContent",
    errors: /^status 200 declares no response body, but one was returned$/,
    reason:
      "The operation returns the file's bytes (its whole purpose); the spec declares its 200 without content.",
  },
  {
    operationId: "getAttachmentThumbnail",
    errors: /^status 200 declares no response body, but one was returned$/,
    reason: "The operation returns the thumbnail image; the spec declares its 200 without content.",
  },
  {
    operationId: "searchForIssuesUsingJql",
    errors: /^status 410 is not declared/,
    reason:
      "Cloud removed GET /rest/api/3/search (CHANGE-2046) and answers 410 Gone; the spec still documents it " +
      "(deprecated) with 200/400/401 only.",
  },
  {
    operationId: "searchForIssuesUsingJqlPost",
    errors: /^status 410 is not declared/,
    reason:
      "Cloud removed POST /rest/api/3/search (CHANGE-2046) and answers 410 Gone; the spec still documents it " +
      "(deprecated) with 200/400/401 only.",
  },
  {
    operationId: "createPage",
    errors: /^status 403 is not declared/,
    reason:
      "Confluence refuses a user without the space's create permission with 403 (PermissionException); the v2 " +
      "spec declares 403 on none of its writes.",
  },
  {
    operationId: "createSpace",
    errors: /^status 403 is not declared/,
    reason:
      "Confluence refuses a user without the global create-space permission with 403; the v2 spec declares 403 " +
      "on none of its writes.",
  },
  {
    operationId: "updatePage",
    errors: /^status 409 is not declared/,
    reason:
      'Confluence answers a stale version number with 409 Conflict ("Version must be incremented on update"); ' +
      "the v2 spec declares no 409 anywhere.",
  },
];

const isApiPath = (path: string) => path.startsWith("/rest/") || path.startsWith("/wiki/");

function opKey(op: Pick<MatchedOperation, "spec" | "operationId">): string {
  return `${op.spec} ${op.operationId}`;
}

function snippet(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return (text ?? "").slice(0, 240);
}

/** Every ADF document in a response: objects shaped like a doc, and Confluence's JSON-string bodies. */
function adfDocsIn(value: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (depth > 40 || value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    for (const v of value) adfDocsIn(v, out, depth + 1);
    return out;
  }
  const obj = value as Record<string, unknown>;
  if (obj.type === "doc" && Array.isArray(obj.content)) {
    out.push(obj);
    return out;
  }
  if (obj.representation === "atlas_doc_format" && typeof obj.value === "string") {
    try {
      out.push(JSON.parse(obj.value));
    } catch {
      out.push(obj.value);
    }
    return out;
  }
  for (const v of Object.values(obj)) adfDocsIn(v, out, depth + 1);
  return out;
}

/** Everything one tour observed; failures are collected and asserted at the end so one run shows all. */
class Observations {
  readonly serverErrors: string[] = [];
  readonly statusMismatches: string[] = [];
  /** Per operation: every failing request and its errors. */
  readonly failures = new Map<string, Array<{ request: string; errors: string[] }>>();
  readonly exercised = new Set<string>();
  /** ADF documents in responses that fail the ADF schema. */
  readonly invalidAdf: string[] = [];
  adfDocs = 0;
  requests = 0;
  validated = 0;

  constructor(private readonly report: ConformanceReport | null) {}

  readonly observe = (ex: Exchange): void => {
    this.requests += 1;
    const request = `${ex.method} ${ex.url}${ex.note ? ` [${ex.note}]` : ""}`;
    if (ex.status >= 500) this.serverErrors.push(`${request} → ${ex.status}: ${snippet(ex.body)}`);
    if (ex.expected.length > 0 && !ex.expected.includes(ex.status)) {
      this.statusMismatches.push(
        `${request} → ${ex.status} (expected ${ex.expected.join("/")}): ${snippet(ex.body)}`,
      );
    }
    for (const doc of adfDocsIn(ex.body)) {
      this.adfDocs += 1;
      const check = validateAdf(doc);
      if (!check.valid) this.invalidAdf.push(`${request}: ${check.errors.slice(0, 2).join("; ")}`);
    }
    if (!this.report || !matchOperation(ex.method, ex.url)) return;
    const result = validateResponse({
      method: ex.method,
      url: ex.url,
      status: ex.status,
      body: ex.body,
      contentType: ex.contentType,
    });
    this.report.record(result);
    this.validated += 1;
    if (!result.operation) return;
    const key = opKey(result.operation);
    this.exercised.add(key);
    if (!result.ok) {
      const list = this.failures.get(key) ?? [];
      list.push({ request: `${request} → ${ex.status}`, errors: result.errors });
      this.failures.set(key, list);
    }
  };
}

describe.skipIf(!haveSpecs)("OpenAPI conformance of the Cloud sandbox", () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  it("every implemented operation answers as its spec says", async () => {
    const routes = implementedRoutes(h.sandbox.app);
    const routeKeys = new Set(routes.map(routeKey));

    // M: the distinct spec operations the app implements.
    const operations = new Map<string, { op: MatchedOperation; routes: string[] }>();
    const unmatched: RouteRef[] = [];
    for (const route of routes) {
      const op = matchOperation(route.method, samplePath(route.path));
      if (!op) {
        unmatched.push(route);
        continue;
      }
      const entry = operations.get(opKey(op)) ?? { op, routes: [] };
      entry.routes.push(routeKey(route));
      operations.set(opKey(op), entry);
    }
    const unjustified = unmatched
      .filter((r) => isApiPath(r.path))
      .filter((r) => !NON_SPEC_ROUTES.some((n) => n.pattern.test(routeKey(r))));
    const v2WithoutTwin = unmatched
      .filter((r) => r.path.startsWith("/rest/api/2/"))
      .filter((r) => {
        const twin = { method: r.method, path: r.path.replace("/rest/api/2/", "/rest/api/3/") };
        return !routeKeys.has(routeKey(twin)) || !matchOperation(twin.method, samplePath(twin.path));
      });

    const report = new ConformanceReport("Sandbox (Cloud) OpenAPI conformance");
    const seen = new Observations(report);
    const tokens = await h.oauthTokens();
    const tour = new Tour(h, seen.observe, tokens.access_token);
    const result = await tour.run(routes);

    // Classify every implemented operation.
    const failing = new Set(report.summary().failures.map((f) => `${f.spec} ${f.operationId}`));
    const conforming: string[] = [];
    const excused: Array<{ key: string; reason: string }> = [];
    const nonConforming: string[] = [];
    const unexercised: string[] = [];
    for (const [key, { op }] of operations) {
      if (!seen.exercised.has(key)) {
        unexercised.push(key);
        continue;
      }
      if (!failing.has(key)) {
        conforming.push(key);
        continue;
      }
      const errors = (seen.failures.get(key) ?? []).flatMap((f) => f.errors);
      const defect = SPEC_DEFECTS.find(
        (d) => d.operationId === op.operationId && errors.every((e) => d.errors.test(e)),
      );
      if (defect) excused.push({ key, reason: defect.reason });
      else nonConforming.push(key);
    }
    const staleExcuses = SPEC_DEFECTS.filter(
      (d) => !excused.some((e) => e.key.endsWith(` ${d.operationId}`)),
    ).map((d) => `${d.operationId}: no longer fails (remove it from SPEC_DEFECTS)`);

    const N = conforming.length;
    const M = operations.size;
    const K = excused.length;
    const lines = [`${N} of ${M} operations conform`, `${K} operations excused for spec defects`];
    for (const e of excused) lines.push(`  ~ ${e.key}: ${e.reason}`);
    if (nonConforming.length > 0) lines.push("Non-conforming operations:");
    for (const key of nonConforming) {
      const failures = seen.failures.get(key) ?? [];
      lines.push(
        `  ✗ ${key} (${operations.get(key)!.routes.join(", ")}): ${failures.length} failing response(s)`,
      );
      for (const failure of failures.slice(0, 3)) {
        lines.push(`      ${failure.request}`);
        for (const error of failure.errors.slice(0, 5)) lines.push(`        ${error}`);
      }
    }
    if (unexercised.length > 0) {
      lines.push("Implemented but not exercised:");
      for (const key of unexercised) lines.push(`  ? ${key} (${operations.get(key)!.routes.join(", ")})`);
    }
    lines.push(`Routes matching no spec operation: ${unmatched.length}`);
    for (const r of unmatched) {
      const known = NON_SPEC_ROUTES.find((n) => n.pattern.test(routeKey(r)));
      const tag = known ? known.label : isApiPath(r.path) ? "UNJUSTIFIED" : "outside /rest and /wiki";
      lines.push(`  - ${routeKey(r)} (${tag})`);
    }
    lines.push(`${seen.requests} requests sent, ${seen.validated} responses validated against the specs`);
    const printout = lines.join("\n");
    console.log(printout);

    expect(unjustified.map(routeKey), "API routes that are no Atlassian operation").toEqual([]);
    expect(v2WithoutTwin.map(routeKey), "v2 routes without a v3 twin").toEqual([]);
    expect(result.untoured.map(routeKey), "writes without a TOUR entry").toEqual([]);
    expect(result.problems, "tour calls that could not be made").toEqual([]);
    expect(seen.serverErrors, "5xx answers").toEqual([]);
    expect(seen.statusMismatches, "unexpected statuses").toEqual([]);
    expect(staleExcuses, "stale spec-defect excuses").toEqual([]);
    expect(unexercised, "implemented operations the tour did not exercise").toEqual([]);
    expect(N, printout).toBe(M - K);
    console.log(`${seen.adfDocs} ADF documents in responses checked against the ADF schema`);
    expect(seen.adfDocs).toBeGreaterThan(20);
    expect(seen.invalidAdf, "ADF in responses that fails the ADF schema").toEqual([]);
  }, 120_000);
});

describe("Data Center sandbox survives the tour", () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start({ deployment: "datacenter" });
  });

  afterAll(async () => {
    await h?.close();
  });

  // Data Center has no spec here: its answers are only checked for being answers (no 5xx), route by route.
  it("every Data Center route answers the tour without a server error", async () => {
    const routes = implementedRoutes(h.sandbox.app);
    const seen = new Observations(null);
    const tour = new Tour(h, seen.observe, null);
    const result = await tour.run(routes);
    console.log(
      `Data Center tour: ${result.toured.size} of ${routes.length} routes toured, ` +
        `${seen.serverErrors.length} server errors, ${seen.statusMismatches.length} statuses other than Cloud's`,
    );
    for (const m of seen.statusMismatches) console.log(`  · ${m}`);
    expect(result.untoured.map(routeKey), "writes without a TOUR entry").toEqual([]);
    expect(result.problems, "tour calls that could not be made").toEqual([]);
    expect(seen.serverErrors, "5xx answers").toEqual([]);
    expect(result.toured.size).toBe(routes.length);
  }, 120_000);
});

describe("ADF the sandbox returns", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("validates against the ADF schema for every issue, comment and page", async () => {
    const invalid: string[] = [];
    let docs = 0;
    const check = (where: string, body: unknown) => {
      for (const doc of adfDocsIn(body)) {
        docs++;
        const result = validateAdf(doc);
        if (!result.valid) invalid.push(`${where}: ${result.errors.slice(0, 2).join("; ")}`);
      }
    };
    let token: string | undefined;
    do {
      const res = await h.get("/rest/api/3/search/jql", {
        query: {
          jql: "created >= -3650d ORDER BY key ASC",
          fields: "description,comment,environment",
          maxResults: 100,
          ...(token ? { nextPageToken: token } : {}),
        },
      });
      expect(res.status).toBe(200);
      check("search", res.body);
      token = res.body.nextPageToken;
    } while (token);
    let next: string | undefined = "/wiki/api/v2/pages?body-format=atlas_doc_format&limit=250";
    while (next) {
      const res = await h.get(next);
      expect(res.status).toBe(200);
      check("pages", res.body);
      for (const page of res.body.results) {
        const comments = await h.get(`/wiki/api/v2/pages/${page.id}/footer-comments`, {
          query: { "body-format": "atlas_doc_format" },
        });
        check(`page ${page.id} comments`, comments.body);
      }
      next = res.body._links?.next;
    }
    console.log(`${docs} ADF documents returned by the sandbox validated against the ADF schema`);
    expect(docs).toBeGreaterThan(500);
    expect(invalid).toEqual([]);
  });
});
