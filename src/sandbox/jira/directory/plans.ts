import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { jiraError } from "../../http/errors.js";
import { decodeCursor, encodeCursor } from "../../http/pagination.js";
import type { Plan } from "../../state/model.js";
import { adminRequired, badParam, boolParam, isCloud, isJiraAdmin } from "./common.js";

const CURSOR_TAG = "plans";
const PLANS_MAX = 50;

function planSummary(plan: Plan): Record<string, unknown> {
  return {
    id: String(plan.id),
    name: plan.name,
    scenarioId: String(plan.scenarioId),
    status: plan.status,
    issueSources: plan.issueSources.map((s) => ({ type: s.type, value: s.value })),
  };
}

/** `GetPlanResponse`: the sandbox has no plan settings, so Jira's defaults for a new plan are reported. */
function planDetails(plan: Plan): Record<string, unknown> {
  return {
    id: plan.id,
    name: plan.name,
    leadAccountId: plan.leadAccountId,
    status: plan.status,
    scheduling: {
      estimation: "StoryPoints",
      startDate: { type: "TargetStartDate" },
      endDate: { type: "TargetEndDate" },
      inferredDates: "ReleaseDates",
      dependencies: "Sequential",
    },
    issueSources: plan.issueSources.map((s) => ({ type: s.type, value: s.value })),
    exclusionRules: {
      numberOfDaysToShowCompletedIssues: 30,
      issueIds: [],
      workStatusIds: [],
      workStatusCategoryIds: [],
      issueTypeIds: [],
      releaseIds: [],
    },
    crossProjectReleases: [],
    customFields: [],
    permissions: [],
  };
}

/**
 * Jira Plans (Premium, Cloud only): cursor-paginated listing and plan details, both needing
 * *Administer Jira*. Data Center has no such API, so nothing is registered there (404).
 */
export function planRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (!isCloud(ctx)) return app;

  app.get("/rest/api/3/plans/plan", (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const includeTrashed = boolParam(c, "includeTrashed", false);
    if (includeTrashed === null) return badParam(c, "includeTrashed", c.req.query("includeTrashed") ?? "");
    const includeArchived = boolParam(c, "includeArchived", false);
    if (includeArchived === null) return badParam(c, "includeArchived", c.req.query("includeArchived") ?? "");
    const rawMax = c.req.query("maxResults");
    if (rawMax !== undefined && !/^-?\d{1,9}$/.test(rawMax)) return badParam(c, "maxResults", rawMax);
    const maxResults =
      rawMax === undefined || Number(rawMax) <= 0 ? PLANS_MAX : Math.min(Number(rawMax), PLANS_MAX);
    const cursor = c.req.query("cursor") ?? "";
    let offset = 0;
    if (cursor !== "") {
      const decoded = decodeCursor(CURSOR_TAG, cursor);
      if (decoded === null) return badParam(c, "cursor", cursor);
      offset = decoded;
    }
    const plans = [...ctx.store.plans.values()]
      .filter(
        (p) =>
          p.status === "Active" ||
          (p.status === "Trashed" && includeTrashed) ||
          (p.status === "Archived" && includeArchived),
      )
      .sort((a, b) => a.id - b.id);
    const values = plans.slice(offset, offset + maxResults);
    const last = offset + values.length >= plans.length;
    const body: Record<string, unknown> = { cursor, last, size: values.length, total: plans.length };
    if (!last) body.nextPageCursor = encodeCursor(CURSOR_TAG, offset + values.length);
    body.values = values.map(planSummary);
    return c.json(body);
  });

  app.get("/rest/api/3/plans/plan/:planId", (c) => {
    if (!isJiraAdmin(ctx, c)) return adminRequired(c);
    const useGroupId = boolParam(c, "useGroupId", false);
    if (useGroupId === null) return badParam(c, "useGroupId", c.req.query("useGroupId") ?? "");
    const id = c.req.param("planId");
    const plan = /^\d{1,15}$/.test(id) ? ctx.store.plans.get(Number(id)) : undefined;
    if (!plan) return jiraError(c, 404, [`Plan with ID ${id} was not found.`]);
    return c.json(planDetails(plan));
  });

  return app;
}
