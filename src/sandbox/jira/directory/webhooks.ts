import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { isObject, readJson } from "../../http/body.js";
import { jiraError } from "../../http/errors.js";
import type { Clause, JqlQuery, Operand } from "../../jql/index.js";
import { JqlError, parseJql } from "../../jql/index.js";
import { nextNumber } from "../../seed/ids.js";
import type { Webhook } from "../../state/model.js";
import { type Ctx, isCloud, pageBean, pageParams } from "./common.js";

/** Jira's answer to anything but an app (Basic auth, API tokens, PATs). */
export const APPS_ONLY = "Only Connect and OAuth 2.0 apps can use this operation.";

/** Dynamic webhooks live 30 days from registration or the last refresh. */
export const WEBHOOK_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Connect's per-app registration limit; registrations beyond it fail per webhook. */
export const WEBHOOKS_PER_APP = 100;

/** The events dynamic webhooks accept (the spec's enum for `WebhookDetails.events`). */
export const WEBHOOK_EVENTS: ReadonlySet<string> = new Set([
  "jira:issue_created",
  "jira:issue_updated",
  "jira:issue_deleted",
  "comment_created",
  "comment_updated",
  "comment_deleted",
  "issue_property_set",
  "issue_property_deleted",
  "sprint_created",
  "sprint_updated",
  "sprint_closed",
  "sprint_deleted",
  "sprint_started",
  "jira:version_released",
  "jira:version_unreleased",
  "jira:version_created",
  "jira:version_moved",
  "jira:version_updated",
  "jira:version_merged",
  "jira:version_deleted",
]);

/** Fields a webhook `jqlFilter` may use, lower-case (Jira documents this subset; `cf[id]` is separate). */
const WEBHOOK_JQL_FIELDS = new Set([
  "issuekey",
  "key",
  "project",
  "issuetype",
  "type",
  "status",
  "assignee",
  "reporter",
]);
const WEBHOOK_JQL_OPERATORS = new Set(["=", "!=", "in", "not in"]);

/**
 * Checks a webhook JQL filter: it must parse, and use only the documented subset (fields issueKey,
 * project, issuetype, status, assignee, reporter, issue.property, cf[id]; operators =, !=, IN, NOT IN;
 * no ORDER BY). Returns the problems, empty when the filter is acceptable.
 */
export function checkWebhookJql(jql: string): string[] {
  let query: JqlQuery;
  try {
    query = parseJql(jql);
  } catch (e) {
    if (e instanceof JqlError) return [e.message];
    throw e;
  }
  const problems: string[] = [];
  if (query.orderBy && query.orderBy.length > 0)
    problems.push("The JQL filter must not contain an ORDER BY clause.");
  const visit = (clause: Clause | null | undefined): void => {
    if (!clause) return;
    if (clause.type === "and" || clause.type === "or") {
      clause.clauses.forEach(visit);
      return;
    }
    if (clause.type === "not") {
      visit(clause.clause);
      return;
    }
    const name = clause.field.name.toLowerCase();
    const fieldOk =
      clause.field.customFieldId !== undefined ||
      WEBHOOK_JQL_FIELDS.has(name) ||
      name.startsWith("issue.property");
    if (!fieldOk) problems.push(`The field '${clause.field.name}' is not supported in webhook JQL filters.`);
    if (!WEBHOOK_JQL_OPERATORS.has(clause.operator)) {
      problems.push(
        `The operator '${clause.operator.toUpperCase()}' is not supported in webhook JQL filters.`,
      );
    }
    if (hasFunction(clause.operand)) problems.push("Functions are not supported in webhook JQL filters.");
  };
  visit(query.where);
  return problems;
}

function hasFunction(operand: Operand): boolean {
  if (operand.type === "function") return true;
  return operand.type === "list" && operand.items.some((i) => i.type === "function");
}

function webhookBean(w: Webhook): Record<string, unknown> {
  const bean: Record<string, unknown> = { id: w.id, jqlFilter: w.jqlFilter };
  if (w.fieldIdsFilter) bean.fieldIdsFilter = [...w.fieldIdsFilter];
  if (w.issuePropertyKeysFilter) bean.issuePropertyKeysFilter = [...w.issuePropertyKeysFilter];
  bean.events = [...w.events];
  bean.expirationDate = w.expirationDate;
  bean.url = w.url;
  return bean;
}

function stringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** Reads `{webhookIds: [int]}`; a ready 400 when it is missing or malformed. */
async function webhookIds(c: Ctx): Promise<number[] | Response> {
  const body = await readJson(c);
  if (!body.ok) return body.response;
  const ids = isObject(body.value) ? body.value.webhookIds : undefined;
  if (!Array.isArray(ids) || ids.length === 0) {
    return jiraError(c, 400, [], { webhookIds: "The list of webhook IDs must not be empty." });
  }
  if (!ids.every((id) => Number.isSafeInteger(id))) {
    return jiraError(c, 400, [], { webhookIds: "Webhook IDs must be integers." });
  }
  return ids as number[];
}

/**
 * Dynamic webhooks (Cloud only): registered by, listed for and owned by one OAuth app (`clientId`).
 * Anything but an app gets 403; a Data Center server has no such endpoint (404).
 */
export function webhookRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (!isCloud(ctx)) return app;
  const root = "/rest/api/3/webhook";

  app.use(`${root}`, async (c, next) => {
    const identity = c.get("identity");
    if (identity.kind !== "oauth" || !identity.clientId) return jiraError(c, 403, [APPS_ONLY]);
    await next();
  });
  app.use(`${root}/*`, async (c, next) => {
    const identity = c.get("identity");
    if (identity.kind !== "oauth" || !identity.clientId) return jiraError(c, 403, [APPS_ONLY]);
    await next();
  });

  const ownWebhooks = (c: Ctx) => {
    const clientId = c.get("identity").clientId;
    return [...ctx.store.webhooks.values()]
      .filter((w) => w.clientId === clientId)
      .sort((a, b) => a.id - b.id);
  };

  app.get(root, (c) => {
    const page = pageParams(c, { maxResults: 100, cap: 100 });
    if (page instanceof Response) return page;
    return c.json(pageBean(ctx, c, ownWebhooks(c).map(webhookBean), page.startAt, page.maxResults));
  });

  app.post(root, async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    if (!isObject(body.value)) return jiraError(c, 400, ["The request body must be a JSON object."]);
    const { url, webhooks } = body.value;
    if (typeof url !== "string" || url.trim() === "") {
      return jiraError(c, 400, [], { url: "The webhook URL must not be empty." });
    }
    if (!/^https?:\/\/[^\s]+$/i.test(url))
      return jiraError(c, 400, [], { url: "The webhook URL is not a valid URL." });
    if (!Array.isArray(webhooks) || webhooks.length === 0) {
      return jiraError(c, 400, [], { webhooks: "The list of webhooks must not be empty." });
    }
    const clientId = c.get("identity").clientId!;
    let owned = ownWebhooks(c).length;
    const results = webhooks.map((w) => {
      const errors = validateDetails(w);
      if (errors.length > 0) return { errors };
      if (owned >= WEBHOOKS_PER_APP) {
        return { errors: [`The app has reached the limit of ${WEBHOOKS_PER_APP} registered webhooks.`] };
      }
      const d = w as Record<string, unknown>;
      const id = nextNumber(ctx.store, "webhook");
      ctx.store.webhooks.set(id, {
        id,
        clientId,
        url,
        events: [...new Set(d.events as string[])],
        jqlFilter: d.jqlFilter as string,
        fieldIdsFilter: stringArray(d.fieldIdsFilter) ? [...d.fieldIdsFilter] : null,
        issuePropertyKeysFilter: stringArray(d.issuePropertyKeysFilter)
          ? [...d.issuePropertyKeysFilter]
          : null,
        expirationDate: ctx.now() + WEBHOOK_LIFETIME_MS,
      });
      owned++;
      return { createdWebhookId: id };
    });
    return c.json({ webhookRegistrationResult: results });
  });

  app.delete(root, async (c) => {
    const ids = await webhookIds(c);
    if (ids instanceof Response) return ids;
    const clientId = c.get("identity").clientId;
    for (const id of ids) {
      const w = ctx.store.webhooks.get(id);
      if (w && w.clientId === clientId) ctx.store.webhooks.delete(id);
    }
    return c.body(null, 202);
  });

  app.put(`${root}/refresh`, async (c) => {
    const ids = await webhookIds(c);
    if (ids instanceof Response) return ids;
    const clientId = c.get("identity").clientId;
    const expirationDate = ctx.now() + WEBHOOK_LIFETIME_MS;
    for (const id of ids) {
      const w = ctx.store.webhooks.get(id);
      if (w && w.clientId === clientId) w.expirationDate = expirationDate;
    }
    return c.json({ expirationDate });
  });

  // The sandbox delivers nothing, so nothing ever fails: an empty page in Jira's shape.
  app.get(`${root}/failed`, (c) => {
    const rawMax = c.req.query("maxResults");
    if (rawMax !== undefined && !/^\d{1,9}$/.test(rawMax)) {
      return jiraError(c, 400, [`Invalid value for maxResults: '${rawMax}'`]);
    }
    const after = c.req.query("after");
    if (after !== undefined && !/^\d{1,15}$/.test(after))
      return jiraError(c, 400, [`Invalid value for after: '${after}'`]);
    return c.json({ values: [], maxResults: rawMax === undefined ? 100 : Math.min(Number(rawMax), 100) });
  });

  return app;
}

/** Per-webhook validation; each problem becomes one entry of that webhook's `errors`. */
function validateDetails(w: unknown): string[] {
  if (!isObject(w)) return ["The webhook details must be a JSON object."];
  const errors: string[] = [];
  const { events, jqlFilter, fieldIdsFilter, issuePropertyKeysFilter } = w;
  if (!stringArray(events) || events.length === 0) errors.push("The list of events must not be empty.");
  else {
    const unknown = events.filter((e) => !WEBHOOK_EVENTS.has(e));
    if (unknown.length > 0) errors.push(`Invalid webhook event names: ${unknown.join(", ")}.`);
  }
  if (typeof jqlFilter !== "string" || jqlFilter.trim() === "")
    errors.push("The JQL filter must not be empty.");
  else errors.push(...checkWebhookJql(jqlFilter));
  if (fieldIdsFilter !== undefined && !stringArray(fieldIdsFilter))
    errors.push("fieldIdsFilter must be a list of field IDs.");
  if (issuePropertyKeysFilter !== undefined && !stringArray(issuePropertyKeysFilter)) {
    errors.push("issuePropertyKeysFilter must be a list of issue property keys.");
  }
  if (
    stringArray(fieldIdsFilter) &&
    fieldIdsFilter.length > 0 &&
    stringArray(events) &&
    !events.includes("jira:issue_updated")
  ) {
    errors.push("fieldIdsFilter can only be used with the jira:issue_updated event.");
  }
  return errors;
}
