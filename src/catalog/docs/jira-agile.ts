import type { DocRecord, JsonSchema } from "../types.js";

const BOARD = "Board id.";
const SPRINT = "Sprint id.";
const EPIC = "Epic key or id.";
const issueKeys: JsonSchema = { type: "array", items: { type: "string" }, minItems: 1, maxItems: 50, description: "Issue keys." };
const issueFilter: JsonSchema = {
  type: "object",
  properties: { jql: { type: "string", description: "Further filter, e.g. assignee = currentUser()." } },
};
const rankArgs: Record<string, JsonSchema> = {
  rank_before_issue: { type: "string", description: "Place before this issue key.", "x-in": "rankBeforeIssue" },
  rank_after_issue: { type: "string", description: "Place after this issue key.", "x-in": "rankAfterIssue" },
};
const sprintDates: Record<string, JsonSchema> = {
  start_date: { type: "string", description: "ISO date-time.", "x-in": "startDate" },
  end_date: { type: "string", description: "ISO date-time.", "x-in": "endDate" },
  goal: { type: "string" },
};

/** Jira Software: boards, sprints, backlog, epics and ranking. */
export const jiraAgileDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "boards",
    method: "list",
    title: "List boards",
    description: "List Scrum and Kanban boards, optionally for one project.",
    query: {
      type: "object",
      properties: {
        project: { type: "string", description: "Project key or id.", "x-name": "projectKeyOrId" },
        type: { type: "string", enum: ["scrum", "kanban"] },
        name: { type: "string", description: "Part of the name." },
      },
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "boards",
    method: "get",
    title: "Get board",
    description: "Get one Jira board: name, type and project.",
    path: { board_id: BOARD },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "list",
    title: "List sprints",
    description: "List the sprints of a Scrum board, e.g. the active one.",
    path: { board_id: BOARD },
    query: {
      type: "object",
      properties: { state: { type: "array", items: { type: "string", enum: ["future", "active", "closed"] } } },
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "get",
    title: "Get sprint",
    description: "Get one sprint: state, dates and goal.",
    path: { sprint_id: SPRINT },
  },
  {
    integration: "jira",
    resource: "sprints",
    method: "create",
    title: "Create sprint",
    description: "Create a future sprint on a Scrum board.",
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
    description: "Rename, re-date, start (state active) or close (state closed) a sprint; only given fields change.",
    path: { sprint_id: SPRINT },
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
    description: "Delete a sprint; its open issues return to the backlog.",
    path: { sprint_id: SPRINT },
  },
  {
    integration: "jira",
    resource: "sprint_issues",
    method: "list",
    title: "List sprint issues",
    description: "List the issues in a sprint.",
    path: { sprint_id: SPRINT },
    query: issueFilter,
    core: true,
  },
  {
    integration: "jira",
    resource: "sprint_issues",
    method: "move",
    title: "Move issues to sprint",
    description: "Move issues into a sprint, optionally ranking them.",
    path: { sprint_id: SPRINT },
    body: { type: "object", properties: { issues: issueKeys, ...rankArgs }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "backlog_issues",
    method: "list",
    title: "List backlog",
    description: "List a board's backlog: issues in no open sprint, in rank order.",
    path: { board_id: BOARD },
    query: issueFilter,
  },
  {
    integration: "jira",
    resource: "backlog_issues",
    method: "move",
    title: "Move issues to backlog",
    description: "Move issues out of their sprints into the backlog.",
    body: { type: "object", properties: { issues: issueKeys }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "epics",
    method: "list",
    title: "List epics",
    description: "List the epics of a board.",
    path: { board_id: BOARD },
    query: { type: "object", properties: { done: { type: "boolean" } } },
  },
  {
    integration: "jira",
    resource: "epics",
    method: "get",
    title: "Get epic",
    description: "Get one epic: name, summary and done flag.",
    path: { epic_id_or_key: EPIC },
  },
  {
    integration: "jira",
    resource: "epic_issues",
    method: "list",
    title: "List epic issues",
    description: "List the issues in an epic; epic none lists issues without one.",
    path: { epic_id_or_key: EPIC },
    query: issueFilter,
  },
  {
    integration: "jira",
    resource: "epic_issues",
    method: "move",
    title: "Move issues to epic",
    description: "Put issues in an epic; epic none removes them from theirs.",
    path: { epic_id_or_key: EPIC },
    body: { type: "object", properties: { issues: issueKeys }, required: ["issues"] },
  },
  {
    integration: "jira",
    resource: "issues",
    method: "rank",
    title: "Rank issues",
    description: "Reorder issues on boards: place them before or after another issue.",
    body: { type: "object", properties: { issues: issueKeys, ...rankArgs }, required: ["issues"] },
  },
];
