import type { DocRecord, JsonSchema } from "../types.js";

const BOARD = "Board id.";
const EPIC = "Epic key or id.";
const issueKeys: JsonSchema = {
  type: "array",
  items: { type: "string" },
  minItems: 1,
  maxItems: 50,
  description: "Issue keys.",
};
const issueFilter: JsonSchema = {
  type: "object",
  properties: { jql: { type: "string" } },
};
const rankArgs: Record<string, JsonSchema> = {
  rank_before_issue: { type: "string", "x-in": "rankBeforeIssue" },
  rank_after_issue: { type: "string", "x-in": "rankAfterIssue" },
};
const sprintDates: Record<string, JsonSchema> = {
  start_date: { type: "string", "x-in": "startDate" },
  end_date: { type: "string", "x-in": "endDate" },
  goal: { type: "string" },
};

/** Jira Software: boards, sprints, backlog, epics and ranking. */
export const jiraAgileDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "boards",
    method: "list",
    title: "List boards",
    description: "List Scrum and Kanban boards.",
    query: {
      type: "object",
      properties: {
        project: { type: "string", description: "Project key or id.", "x-name": "projectKeyOrId" },
        type: { type: "string", enum: ["scrum", "kanban"] },
        name: { type: "string" },
      },
    },
  },
  {
    integration: "jira",
    resource: "boards",
    method: "get",
    title: "Get board",
    description: "Get a board.",
    path: { board_id: "" },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "list",
    title: "List sprints",
    description: "List a board's sprints.",
    path: { board_id: "" },
    query: {
      type: "object",
      properties: {
        state: { type: "array", items: { type: "string", enum: ["future", "active", "closed"] } },
      },
    },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "get",
    title: "Get sprint",
    description: "Get a sprint.",
    path: { sprint_id: "" },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "create",
    title: "Create sprint",
    description: "Create a sprint on a board.",
    body: {
      type: "object",
      properties: {
        name: { type: "string" },
        board_id: { type: "integer", description: BOARD, "x-in": "originBoardId" },
        ...sprintDates,
      },
      required: ["name", "board_id"],
    },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "update",
    title: "Update sprint",
    description: "Change, start (active) or close (closed) a sprint.",
    path: { sprint_id: "" },
    body: {
      type: "object",
      properties: {
        name: { type: "string" },
        state: { type: "string", enum: ["future", "active", "closed"] },
        ...sprintDates,
      },
    },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "delete",
    title: "Delete sprint",
    description: "Delete a sprint.",
    path: { sprint_id: "" },
  },
  {
    integration: "jira",
    resource: "sprint_issues",
    method: "list",
    title: "List sprint issues",
    description: "List a sprint's issues.",
    path: { sprint_id: "" },
    query: issueFilter,
  },
  {
    integration: "jira",
    resource: "sprint_issues",
    method: "move",
    title: "Move issues to sprint",
    description: "Move issues into a sprint.",
    path: { sprint_id: "" },
    body: { type: "object", properties: { issues: issueKeys, ...rankArgs }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "backlog_issues",
    method: "list",
    title: "List backlog",
    description: "List a board's backlog.",
    path: { board_id: "" },
    query: issueFilter,
  },
  {
    integration: "jira",
    resource: "backlog_issues",
    method: "move",
    title: "Move issues to backlog",
    description: "Move issues to the backlog.",
    body: { type: "object", properties: { issues: issueKeys }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "epics",
    method: "list",
    title: "List epics",
    description: "List a board's epics.",
    path: { board_id: "" },
    query: { type: "object", properties: { done: { type: "boolean" } } },
  },
  {
    integration: "jira",
    resource: "epics",
    method: "get",
    title: "Get epic",
    description: "Get an epic.",
    path: { epic_id_or_key: EPIC },
  },
  {
    integration: "jira",
    resource: "epic_issues",
    method: "list",
    title: "List epic issues",
    description: "List an epic's issues (epic none: issues without epic).",
    path: { epic_id_or_key: EPIC },
    query: issueFilter,
  },
  {
    integration: "jira",
    resource: "epic_issues",
    method: "move",
    title: "Move issues to epic",
    description: "Move issues to an epic (epic none: remove).",
    path: { epic_id_or_key: EPIC },
    body: { type: "object", properties: { issues: issueKeys }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "issues",
    method: "rank",
    title: "Rank issues",
    description: "Rank issues before or after another issue.",
    body: { type: "object", properties: { issues: issueKeys, ...rankArgs }, required: ["issues"] },
  },
];
