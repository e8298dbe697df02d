import fc from "fast-check";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../../src/sandbox/state/invariants.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

/**
 * ≥ 10,000 random requests against a live sandbox: random operations, ids, query values, bodies and
 * credentials. Every answer must be a well-formed 2xx/3xx/4xx (never 5xx, never a dropped
 * connection), and afterwards the process must be healthy and its state consistent.
 */
const TEMPLATES: Array<[string, string]> = [
  ["GET", "/rest/api/3/issue/{issue}"],
  ["PUT", "/rest/api/3/issue/{issue}"],
  ["DELETE", "/rest/api/3/issue/{issue}"],
  ["POST", "/rest/api/3/issue"],
  ["POST", "/rest/api/3/issue/bulk"],
  ["GET", "/rest/api/3/search/jql"],
  ["POST", "/rest/api/3/search/jql"],
  ["GET", "/rest/api/3/search"],
  ["GET", "/rest/api/3/issue/{issue}/comment"],
  ["POST", "/rest/api/3/issue/{issue}/comment"],
  ["GET", "/rest/api/3/issue/{issue}/comment/{id}"],
  ["PUT", "/rest/api/3/issue/{issue}/comment/{id}"],
  ["DELETE", "/rest/api/3/issue/{issue}/comment/{id}"],
  ["GET", "/rest/api/3/issue/{issue}/transitions"],
  ["POST", "/rest/api/3/issue/{issue}/transitions"],
  ["GET", "/rest/api/3/issue/{issue}/worklog"],
  ["POST", "/rest/api/3/issue/{issue}/worklog"],
  ["PUT", "/rest/api/3/issue/{issue}/worklog/{id}"],
  ["DELETE", "/rest/api/3/issue/{issue}/worklog/{id}"],
  ["GET", "/rest/api/3/issue/{issue}/watchers"],
  ["POST", "/rest/api/3/issue/{issue}/watchers"],
  ["POST", "/rest/api/3/issueLink"],
  ["GET", "/rest/api/3/issueLink/{id}"],
  ["DELETE", "/rest/api/3/issueLink/{id}"],
  ["GET", "/rest/api/3/issue/createmeta/{project}/issuetypes"],
  ["GET", "/rest/api/3/attachment/{id}"],
  ["GET", "/rest/api/3/attachment/content/{id}"],
  ["GET", "/rest/api/3/project/search"],
  ["GET", "/rest/api/3/project/{project}"],
  ["GET", "/rest/api/3/project/{project}/version"],
  ["GET", "/rest/api/3/project/{project}/role/{id}"],
  ["GET", "/rest/api/3/version/{id}"],
  ["GET", "/rest/api/3/user"],
  ["GET", "/rest/api/3/user/search"],
  ["GET", "/rest/api/3/user/groups"],
  ["GET", "/rest/api/3/users/search"],
  ["GET", "/rest/api/3/groups/picker"],
  ["GET", "/rest/api/3/label"],
  ["GET", "/rest/api/3/priority/search"],
  ["GET", "/rest/api/3/statuses/search"],
  ["GET", "/rest/api/3/auditing/record"],
  ["GET", "/rest/api/3/plans/plan"],
  ["GET", "/rest/api/3/webhook"],
  ["POST", "/rest/api/3/webhook"],
  ["DELETE", "/rest/api/3/webhook"],
  ["GET", "/rest/api/3/license/approximateLicenseCount/product/{id}"],
  ["GET", "/rest/agile/1.0/board"],
  ["GET", "/rest/agile/1.0/board/{id}/sprint"],
  ["GET", "/rest/agile/1.0/board/{id}/backlog"],
  ["POST", "/rest/agile/1.0/sprint"],
  ["POST", "/rest/agile/1.0/sprint/{id}"],
  ["PUT", "/rest/agile/1.0/sprint/{id}"],
  ["DELETE", "/rest/agile/1.0/sprint/{id}"],
  ["POST", "/rest/agile/1.0/sprint/{id}/issue"],
  ["POST", "/rest/agile/1.0/backlog/issue"],
  ["PUT", "/rest/agile/1.0/issue/rank"],
  ["GET", "/wiki/api/v2/pages"],
  ["POST", "/wiki/api/v2/pages"],
  ["GET", "/wiki/api/v2/pages/{id}"],
  ["PUT", "/wiki/api/v2/pages/{id}"],
  ["DELETE", "/wiki/api/v2/pages/{id}"],
  ["GET", "/wiki/api/v2/spaces"],
  ["GET", "/wiki/api/v2/spaces/{id}/pages"],
  ["POST", "/wiki/api/v2/footer-comments"],
  ["GET", "/wiki/api/v2/pages/{id}/footer-comments"],
  ["GET", "/wiki/rest/api/search"],
];

const idArb = fc.oneof(
  fc.integer({ min: 0, max: 200_000 }).map(String),
  fc.constantFrom("10000", "10001", "10042", "1", "2", "65537", "98304", "att10000"),
  fc.constantFrom(
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "-1",
    "0x10",
    "1e9",
    "99999999999999999999",
    "%00",
    "null",
    "%F0%9F%92%A9",
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const issueArb = fc.oneof(
  fc.constantFrom(
    "FRONTEND-1",
    "BACKEND-2",
    "DEVOPS-3",
    "backend-10",
    "NOPE-1",
    "FRONTEND-0",
    "FRONTEND-99999",
  ),
  idArb,
);
const projectArb = fc.oneof(fc.constantFrom("FRONTEND", "BACKEND", "DEVOPS", "10000", "nope"), idArb);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        "fields",
        "summary",
        "body",
        "name",
        "issues",
        "version",
        "type",
        "jql",
        "id",
        fc.string({ maxLength: 6 }) as any,
      ),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

const plausibleBody = fc.oneof(
  fc.record({
    fields: fc.record(
      {
        project: fc.oneof(fc.record({ key: projectArb }), fc.string()),
        issuetype: fc.oneof(
          fc.record({ name: fc.constantFrom("Task", "Bug", "Story", "Epic", "Nope") }),
          fc.integer(),
        ),
        summary: fc.oneof(fc.string({ maxLength: 80 }), fc.integer(), fc.constant("")),
        labels: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), fc.string()),
        description: fc.oneof(
          fc.constant({
            type: "doc",
            version: 1,
            content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }],
          }),
          fc.constant({ type: "doc", version: 2, content: [] }),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    body: fc.oneof(fc.string(), fc.constant({ type: "doc", version: 1, content: [] }), jsonValue),
  }),
  fc.record({
    transition: fc.record({ id: fc.oneof(fc.constantFrom("11", "21", "31", "41", "99"), fc.integer()) }),
  }),
  fc.record({
    jql: fc.oneof(
      fc.constantFrom(
        "project = BACKEND",
        "assignee is EMPTY ORDER BY created",
        "(",
        "project in (",
        'text ~ "x"',
      ),
      fc.string(),
    ),
    maxResults: fc.integer({ min: -5, max: 10_000 }),
  }),
  fc.record({ issues: fc.array(issueArb, { maxLength: 5 }) }),
  fc.record({ name: fc.string({ maxLength: 40 }), originBoardId: fc.integer({ min: -1, max: 5 }) }),
  fc.record({
    spaceId: fc.oneof(idArb, fc.integer()),
    title: fc.string({ maxLength: 40 }),
    body: fc.record({
      representation: fc.constantFrom("storage", "atlas_doc_format", "wiki", "x"),
      value: fc.string(),
    }),
  }),
  jsonValue,
);

const bodyArb = fc.oneof(
  plausibleBody.map((b) => JSON.stringify(b)),
  fc.constantFrom("{", "[", '{"fields":', "null", "\u0000", `{"a":${"[".repeat(5000)}`),
  fc.string({ maxLength: 200 }),
  fc.constant(undefined),
);

const queryArb = fc.dictionary(
  fc.constantFrom(
    "startAt",
    "maxResults",
    "jql",
    "fields",
    "expand",
    "accountId",
    "query",
    "cursor",
    "limit",
    "cql",
    "nextPageToken",
    "body-format",
    "orderBy",
    "offset",
  ),
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer({ min: -10, max: 100_000 }).map(String),
    fc.constantFrom("*all", "project = DEVOPS", "type = page", "-1", "abc"),
  ),
  { maxKeys: 3 },
);

const requestArb = fc.record({
  template: fc.constantFrom(...TEMPLATES),
  issue: issueArb,
  id: idArb,
  project: projectArb,
  query: queryArb,
  body: bodyArb,
  as: fc.constantFrom("admin", "admin", "admin", "viewer", "anonymous", "bad"),
  contentType: fc.constantFrom(
    "application/json",
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
  ),
});

describe("sandbox fuzz", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());

  it("answers 10,000 random requests with 4xx/2xx, stays healthy and consistent", async () => {
    const samples = fc.sample(requestArb, { numRuns: 10_000, seed: 20261121 });
    const agent = new Agent({ connections: 16 });
    const serverErrors: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const s = samples[next++];
        const [method, template] = s.template;
        const path = template
          .replace("{issue}", s.issue)
          .replace("{project}", s.project)
          .replace("{id}", s.id);
        const url = new URL(path, h.url);
        for (const [k, v] of Object.entries(s.query)) url.searchParams.set(k, v);
        const headers: Record<string, string> = { "content-type": s.contentType };
        const auth = s.as === "bad" ? "Basic Zm9vOmJhcg==" : h.authHeader(s.as as "admin");
        if (auth) headers.authorization = auth;
        const hasBody = method !== "GET" && s.body !== undefined;
        try {
          const res = await request(url, {
            method: method as "GET",
            headers,
            body: hasBody ? s.body : undefined,
            dispatcher: agent,
          });
          const text = await res.body.text();
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            serverErrors.push(`${method} ${path} → ${res.statusCode} ${text.slice(0, 200)}`);
          const type = String(res.headers["content-type"] ?? "");
          if (type.includes("json") && text !== "") JSON.parse(text);
        } catch (e) {
          serverErrors.push(`${method} ${path} → ${(e as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await agent.close();
    console.log(
      `fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(serverErrors.slice(0, 20)).toEqual([]);
    const health = await fetch(`${h.url}/__sandbox/health`);
    expect(health.status).toBe(200);
    expect(checkInvariants(h.sandbox.context.store)).toEqual([]);
    // the emulator did real work, not just refusals
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
  });
});
