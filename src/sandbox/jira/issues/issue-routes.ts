import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { isObject } from "../../http/body.js";
import { jiraError } from "../../http/errors.js";
import { offsetParams } from "../../http/pagination.js";
import { parseBodyList } from "../../http/params.js";
import type { Store } from "../../state/store.js";
import { fieldMetadata } from "../serialize/field-meta.js";
import { FIELDS } from "../serialize/fields.js";
import { issueSelf, serializeIssue, subtasksOf } from "../serialize/issue.js";
import { issueTypeBean } from "../serialize/issuetype.js";
import type { ApiVersion } from "../serialize/refs.js";
import {
  apiVersions,
  type Ctx,
  caller,
  canWrite,
  findIssue,
  isDataCenter,
  issueOr404,
  prefix,
  queryBool,
  queryList,
  readBody,
  readObject,
} from "./common.js";
import { createIssue, deleteIssue, editIssue } from "./issue-service.js";

const EDIT_FORBIDDEN = "You do not have permission to edit issues in this project.";
const DELETE_FORBIDDEN = "You do not have permission to delete issues in this project.";
const MAX_BULK_CREATE = 50;
const MAX_BULK_FETCH = 100;

/** Issue CRUD, bulk create/fetch and createmeta. */
export function issueRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.post(`${P}/issue`, async (c) => {
    const body = await readBody(c);
    if (!body.ok) return jiraError(c, 400, [body.message]);
    const result = createIssue(ctx, caller(ctx, c), body.value, v);
    if (!result.ok) return jiraError(c, result.status, result.messages, result.errors);
    const issue = result.issue;
    return c.json({ id: issue.id, key: issue.key, self: issueSelf(c.get("apiBase"), issue, v) }, 201);
  });

  app.post(`${P}/issue/bulk`, async (c) => {
    const body = await readBody(c);
    const fail = (message: string) =>
      c.json(
        {
          issues: [],
          errors: [
            { status: 400, elementErrors: { errorMessages: [message], errors: {} }, failedElementNumber: 0 },
          ],
        },
        400,
      );
    if (!body.ok) return fail(body.message);
    if (!isObject(body.value) || !Array.isArray(body.value.issueUpdates)) {
      return fail("Request must contain 'issueUpdates': an array of issues to create.");
    }
    const updates = body.value.issueUpdates as unknown[];
    if (updates.length === 0) return fail("Request must contain at least one issue to create.");
    if (updates.length > MAX_BULK_CREATE) {
      return fail(`Number of issues to create in bulk is limited to ${MAX_BULK_CREATE}.`);
    }
    const user = caller(ctx, c);
    const issues: unknown[] = [];
    const errors: unknown[] = [];
    updates.forEach((update, index) => {
      const result = createIssue(ctx, user, update, v);
      if (result.ok) {
        issues.push({
          id: result.issue.id,
          key: result.issue.key,
          self: issueSelf(c.get("apiBase"), result.issue, v),
        });
      } else {
        errors.push({
          status: result.status,
          elementErrors: { errorMessages: result.messages, errors: result.errors },
          failedElementNumber: index,
        });
      }
    });
    return c.json({ issues, errors }, issues.length > 0 ? 201 : 400);
  });

  app.post(`${P}/issue/bulkfetch`, async (c) => {
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const ids = body.issueIdsOrKeys;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === "string")) {
      return jiraError(c, 400, ["issueIdsOrKeys must be a non-empty list of issue ids or keys."]);
    }
    if (ids.length > MAX_BULK_FETCH) {
      return jiraError(c, 400, [`The number of issues requested exceeds the maximum of ${MAX_BULK_FETCH}.`]);
    }
    const fields = parseBodyList(body.fields);
    const expand = parseBodyList(body.expand);
    if (fields === null || expand === null)
      return jiraError(c, 400, ["fields and expand must be lists of strings."]);
    const callerId = c.get("identity").accountId;
    const seen = new Set<string>();
    const issues: unknown[] = [];
    for (const ref of ids as string[]) {
      const issue = findIssue(ctx, ref);
      if (!issue || seen.has(issue.id)) continue;
      seen.add(issue.id);
      issues.push(
        serializeIssue(ctx, c.get("apiBase"), issue, {
          fields: fields.length > 0 ? fields : ["*navigable"],
          expand,
          apiVersion: v,
          callerId,
        }),
      );
    }
    return c.json({ issues, issueErrors: [] });
  });

  app.get(`${P}/issue/createmeta/:projectIdOrKey/issuetypes`, (c) => {
    const project = projectOr(ctx, c);
    if (project instanceof Response) return project;
    const page = offsetParams(c.req.query(), { maxResults: 50, cap: 200 });
    if ("error" in page) return jiraError(c, 400, [page.error]);
    const types = project.issueTypeIds
      .map((id) => ctx.store.issueTypes.get(id))
      .filter((t) => t !== undefined);
    const slice = types.slice(page.startAt, page.startAt + page.maxResults);
    return c.json(
      metaPage(
        ctx,
        "issueTypes",
        slice.map((t) => issueTypeBean(c.get("apiBase"), t, v)),
        page,
        types.length,
      ),
    );
  });

  app.get(`${P}/issue/createmeta/:projectIdOrKey/issuetypes/:issueTypeId`, (c) => {
    const project = projectOr(ctx, c);
    if (project instanceof Response) return project;
    const typeId = c.req.param("issueTypeId");
    const type = project.issueTypeIds.includes(typeId) ? ctx.store.issueTypes.get(typeId) : undefined;
    if (!type) return jiraError(c, 400, ["The issue type ID is invalid or not associated with the project."]);
    const page = offsetParams(c.req.query(), { maxResults: 50, cap: 200 });
    if ("error" in page) return jiraError(c, 400, [page.error]);
    const all = FIELDS.filter((f) => f.settable && f.id !== "resolution").map((f) => ({
      ...fieldMetadata(ctx, c.get("apiBase"), f, project.id, type.id, v, {
        required:
          f.id === "summary" ||
          f.id === "issuetype" ||
          f.id === "project" ||
          (f.id === "parent" && type.subtask),
      }),
      fieldId: f.id,
    }));
    return c.json(
      metaPage(ctx, "fields", all.slice(page.startAt, page.startAt + page.maxResults), page, all.length),
    );
  });

  app.get(`${P}/issue/:issueIdOrKey`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const callerId = c.get("identity").accountId;
    // Serializing a full IssueBean is the sandbox's costliest read; answers are cached per store
    // generation (bumped by every write), so a benchmark measures the product, not the emulator.
    const cache = issueCache(ctx.store);
    const key = `${issue.id}\u0000${c.req.url.slice(c.req.url.indexOf("?") >>> 0)}\u0000${c.get("apiBase")}\u0000${callerId}`;
    const cached = cache.get(key);
    if (cached !== undefined) return c.body(cached, 200, { "content-type": "application/json" });
    const text = JSON.stringify(
      serializeIssue(ctx, c.get("apiBase"), issue, {
        fields: queryList(c, "fields"),
        expand: queryList(c, "expand"),
        apiVersion: v,
        callerId,
      }),
    );
    if (cache.size < 50_000) cache.set(key, text);
    return c.body(text, 200, { "content-type": "application/json" });
  });

  app.put(`${P}/issue/:issueIdOrKey`, async (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const returnIssue = queryBool(c, "returnIssue", false);
    if (returnIssue instanceof Response) return returnIssue;
    const user = caller(ctx, c);
    if (!canWrite(user)) return jiraError(c, 403, [EDIT_FORBIDDEN]);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const outcome = editIssue(ctx, issue, body, {
      mode: "edit",
      apiVersion: v,
      callerId: user?.accountId ?? "",
    });
    if (outcome.messages.length > 0 || Object.keys(outcome.errors).length > 0) {
      return jiraError(c, 400, outcome.messages, outcome.errors);
    }
    if (!returnIssue) return c.body(null, 204);
    return c.json(
      serializeIssue(ctx, c.get("apiBase"), issue, {
        expand: queryList(c, "expand"),
        apiVersion: v,
        callerId: user?.accountId,
      }),
      200,
    );
  });

  app.delete(`${P}/issue/:issueIdOrKey`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const deleteSubtasks = queryBool(c, "deleteSubtasks", false);
    if (deleteSubtasks instanceof Response) return deleteSubtasks;
    if (!canWrite(caller(ctx, c))) return jiraError(c, 403, [DELETE_FORBIDDEN]);
    if (!deleteSubtasks && subtasksOf(ctx, issue).length > 0) {
      return jiraError(c, 400, [
        `The issue '${issue.key}' has subtasks. Set deleteSubtasks=true to delete the issue and its subtasks.`,
      ]);
    }
    deleteIssue(ctx, issue);
    return c.body(null, 204);
  });
}

/** Cloud names createmeta's list after its content; Data Center pages it as `values` with `isLast`. */
function metaPage(
  ctx: SandboxContext,
  name: "issueTypes" | "fields",
  items: unknown[],
  page: { startAt: number; maxResults: number },
  total: number,
): Record<string, unknown> {
  if (isDataCenter(ctx)) {
    const isLast = page.startAt + items.length >= total;
    return { maxResults: page.maxResults, startAt: page.startAt, total, isLast, values: items };
  }
  return { [name]: items, maxResults: page.maxResults, startAt: page.startAt, total };
}

function projectOr(ctx: SandboxContext, c: Ctx) {
  const ref = c.req.param("projectIdOrKey") ?? "";
  const project = /^[A-Za-z0-9_]{1,255}$/.test(ref) ? ctx.store.findProject(ref) : undefined;
  // The spec declares no 404 here: Jira answers an unknown project with 400.
  return project ?? jiraError(c, 400, [`No project could be found with key '${ref.slice(0, 100)}'.`]);
}

const issueCaches = new WeakMap<Store, { generation: number; entries: Map<string, string> }>();

/** The serialized-issue cache of a store, emptied whenever the store's generation moved on. */
function issueCache(store: Store): Map<string, string> {
  let entry = issueCaches.get(store);
  if (!entry || entry.generation !== store.generation) {
    entry = { generation: store.generation, entries: new Map() };
    issueCaches.set(store, entry);
  }
  return entry.entries;
}
