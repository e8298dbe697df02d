import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { decodeCursor, encodeCursor, offsetParams } from "../../http/pagination.js";
import { isInteger, parseBodyList } from "../../http/params.js";
import { compileJql, JqlError, parseJql, searchIssues } from "../../jql/index.js";
import type { Issue } from "../../state/model.js";
import { addFieldNamesAndSchema, resolveFieldSelection } from "../serialize/fields.js";
import { serializeIssue } from "../serialize/issue.js";
import type { ApiVersion } from "../serialize/refs.js";
import { apiVersions, type Ctx, isDataCenter, prefix, queryList, readObject } from "./common.js";

export const UNBOUNDED_JQL =
  "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.";
export const SEARCH_REMOVED =
  "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046";
const BAD_TOKEN = "The provided next page token is invalid or expired.";

/** Cloud caps a page at 5,000 issues when only ids/keys are asked for, and far lower with full fields. */
const MAX_IDS_ONLY = 5000;
const MAX_WITH_FIELDS = 100;
/** Data Center's `jira.search.views.default.max`. */
const DC_MAX = 1000;

interface SearchInput {
  jql: string;
  fields: string[] | undefined;
  expand: string[];
  maxResults: number | undefined;
  nextPageToken: string | undefined;
  startAt: number | undefined;
}

/** JQL search: Cloud's token-paged `/search/jql` (+ the removed `/search`), Data Center's offset-paged `/search`. */
export function searchRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) {
    const P = prefix(v);
    if (isDataCenter(ctx)) {
      app.get(`${P}/search`, (c) => {
        const input = fromQuery(c);
        return input instanceof Response ? input : dcSearch(ctx, c, input, v);
      });
      app.post(`${P}/search`, async (c) => {
        const input = await fromBody(c);
        return input instanceof Response ? input : dcSearch(ctx, c, input, v);
      });
      continue;
    }
    app.get(`${P}/search/jql`, (c) => {
      const input = fromQuery(c);
      return input instanceof Response ? input : cloudSearch(ctx, c, input, v);
    });
    app.post(`${P}/search/jql`, async (c) => {
      const input = await fromBody(c);
      return input instanceof Response ? input : cloudSearch(ctx, c, input, v);
    });
    app.post(`${P}/search/approximate-count`, async (c) => {
      const body = await readObject(c);
      if (body instanceof Response) return body;
      if (body.jql !== undefined && typeof body.jql !== "string")
        return jiraError(c, 400, ["jql must be a string."]);
      const matched = run(ctx, c, typeof body.jql === "string" ? body.jql : "", true);
      if (matched instanceof Response) return matched;
      return c.json({ count: matched.length });
    });
    const gone = (c: Ctx) => jiraError(c, 410, [SEARCH_REMOVED]);
    app.get(`${P}/search`, gone);
    app.post(`${P}/search`, gone);
  }
  return app;
}

function fromQuery(c: Ctx): SearchInput | Response {
  const q = c.req.query();
  const max = q.maxResults;
  const start = q.startAt;
  if (max !== undefined && !isInteger(max))
    return jiraError(c, 400, [`Invalid value for maxResults: '${max}'`]);
  if (start !== undefined && !isInteger(start))
    return jiraError(c, 400, [`Invalid value for startAt: '${start}'`]);
  return {
    jql: q.jql ?? "",
    fields: queryList(c, "fields"),
    expand: queryList(c, "expand") ?? [],
    maxResults: max === undefined ? undefined : Number(max),
    nextPageToken: q.nextPageToken,
    startAt: start === undefined ? undefined : Number(start),
  };
}

async function fromBody(c: Ctx): Promise<SearchInput | Response> {
  const body = await readObject(c);
  if (body instanceof Response) return body;
  const bad = (name: string, what: string) =>
    jiraError(c, 400, [`Invalid request: '${name}' must be ${what}.`]);
  const { jql, fields, expand, maxResults, nextPageToken, startAt } = body;
  if (jql !== undefined && jql !== null && typeof jql !== "string") return bad("jql", "a string");
  const fieldList = parseBodyList(fields);
  if (fieldList === null) return bad("fields", "a list of strings");
  const expandList = parseBodyList(expand);
  if (expandList === null) return bad("expand", "a list of strings or a comma-separated string");
  if (maxResults !== undefined && !(typeof maxResults === "number" && Number.isInteger(maxResults))) {
    return bad("maxResults", "an integer");
  }
  if (startAt !== undefined && !(typeof startAt === "number" && Number.isInteger(startAt))) {
    return bad("startAt", "an integer");
  }
  if (nextPageToken !== undefined && nextPageToken !== null && typeof nextPageToken !== "string") {
    return bad("nextPageToken", "a string");
  }
  return {
    jql: typeof jql === "string" ? jql : "",
    fields: fields === undefined ? undefined : fieldList,
    expand: expandList,
    maxResults: maxResults as number | undefined,
    nextPageToken: (nextPageToken as string | null | undefined) ?? undefined,
    startAt: startAt as number | undefined,
  };
}

/** Runs a query, turning JQL problems into Jira's 400. */
function run(ctx: SandboxContext, c: Ctx, jql: string, requireBounded: boolean): Issue[] | Response {
  const env = { store: ctx.store, currentUserId: c.get("identity").accountId ?? null, now: ctx.now() };
  try {
    if (requireBounded) {
      const compiled = compileJql(parseJql(jql), env);
      if (!compiled.bounded) return jiraError(c, 400, [UNBOUNDED_JQL]);
    }
    return searchIssues(jql, env);
  } catch (e) {
    if (e instanceof JqlError) return jiraError(c, 400, [e.message]);
    throw e;
  }
}

/** A short, stable tag tying a page token to its query, so a token cannot page another search. */
function tokenTag(jql: string): string {
  let h = 2166136261;
  for (let i = 0; i < jql.length; i++) h = Math.imul(h ^ jql.charCodeAt(i), 16777619);
  return `jql${(h >>> 0).toString(36)}`;
}

function idsOnly(fields: string[] | undefined): boolean {
  return fields === undefined || fields.length === 0 || fields.every((f) => f === "id" || f === "key");
}

function cloudSearch(ctx: SandboxContext, c: Ctx, input: SearchInput, v: ApiVersion): Response {
  const cap = idsOnly(input.fields) ? MAX_IDS_ONLY : MAX_WITH_FIELDS;
  let max = input.maxResults ?? 50;
  if (max < 0) return jiraError(c, 400, ["maxResults must be a non-negative integer."]);
  max = Math.min(max, cap);
  let offset = 0;
  if (input.nextPageToken !== undefined && input.nextPageToken !== "") {
    const decoded = decodeCursor(tokenTag(input.jql), input.nextPageToken);
    if (decoded === null) return jiraError(c, 400, [BAD_TOKEN]);
    offset = decoded;
  }
  const matched = run(ctx, c, input.jql, true);
  if (matched instanceof Response) return matched;
  const page = matched.slice(offset, offset + max);
  const apiBase = c.get("apiBase");
  const callerId = c.get("identity").accountId;
  const perIssueExpand = input.expand.filter((e) => e !== "names" && e !== "schema");
  const issues = page.map((issue) => {
    if (idsOnly(input.fields)) {
      const bean: Record<string, unknown> = { id: issue.id };
      if (input.fields?.includes("key")) bean.key = issue.key;
      return bean;
    }
    return serializeIssue(ctx, apiBase, issue, {
      fields: input.fields?.filter((f) => f !== "id"),
      expand: perIssueExpand,
      apiVersion: v,
      defaultFields: "*navigable",
      callerId,
    });
  });
  const body: Record<string, unknown> = { issues };
  const end = offset + page.length;
  const isLast = end >= matched.length || max === 0;
  if (!isLast) body.nextPageToken = encodeCursor(tokenTag(input.jql), end);
  body.isLast = isLast;
  addNamesAndSchema(body, input, "*navigable");
  return c.json(body);
}

function dcSearch(ctx: SandboxContext, c: Ctx, input: SearchInput, v: ApiVersion): Response {
  const page = offsetParams(
    {
      startAt: input.startAt === undefined ? undefined : String(input.startAt),
      maxResults: input.maxResults === undefined ? undefined : String(input.maxResults),
    },
    { maxResults: 50, cap: DC_MAX },
  );
  if ("error" in page) return jiraError(c, 400, [page.error]);
  const matched = run(ctx, c, input.jql, false);
  if (matched instanceof Response) return matched;
  const apiBase = c.get("apiBase");
  const callerId = c.get("identity").accountId;
  const perIssueExpand = input.expand.filter((e) => e !== "names" && e !== "schema");
  const issues = matched.slice(page.startAt, page.startAt + page.maxResults).map((issue) =>
    serializeIssue(ctx, apiBase, issue, {
      fields: input.fields,
      expand: perIssueExpand,
      apiVersion: v,
      defaultFields: "*navigable",
      callerId,
    }),
  );
  const body: Record<string, unknown> = {
    expand: "schema,names",
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: matched.length,
    issues,
  };
  addNamesAndSchema(body, input, "*navigable");
  return c.json(body);
}

function addNamesAndSchema(body: Record<string, unknown>, input: SearchInput, fallback: "*navigable"): void {
  addFieldNamesAndSchema(body, input.expand, () =>
    idsOnly(input.fields) ? [] : resolveFieldSelection(input.fields, fallback),
  );
}
