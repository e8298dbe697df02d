import type { DocRecord, JsonSchema } from "../types.js";

const ISSUE = "Issue key or id.";
const markdown = (description: string): JsonSchema => ({
  type: "string",
  description,
  "x-format": "rich-text",
});
const fieldsQuery: JsonSchema = {
  type: "array",
  items: { type: "string" },
  description: "Fields to return; default: all.",
};

/** Hand-written for models: short, specific, and honest about Jira's rules. */
export const jiraIssueDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "issues",
    method: "get",
    title: "Get issue",
    description: "Get one Jira issue with its fields, description and recent comments (Markdown).",
    path: { issue_id_or_key: ISSUE },
    query: {
      type: "object",
      properties: {
        fields: fieldsQuery,
        expand: { type: "string", description: "e.g. transitions,changelog" },
      },
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issues",
    method: "create",
    title: "Create issue",
    description:
      "Create a Jira issue. Use list_all_jira_issue_createmeta for a project's types and required fields.",
    body: {
      type: "object",
      properties: {
        project: {
          type: "string",
          description: "Project key or id.",
          "x-in": "fields.project",
          "x-wrap": "idOrKey",
        },
        issue_type: {
          type: "string",
          description: "Type name: Task, Bug, Story, Epic, Sub-task.",
          "x-in": "fields.issuetype",
          "x-wrap": "name",
        },
        summary: { type: "string", "x-in": "fields.summary" },
        description: { ...markdown("Markdown."), "x-in": "fields.description" },
        assignee: {
          type: "string",
          description: "Account id (Data Center: username).",
          "x-in": "fields.assignee",
          "x-wrap": "accountId",
        },
        priority: {
          type: "string",
          description: "Priority name.",
          "x-in": "fields.priority",
          "x-wrap": "name",
        },
        labels: { type: "array", items: { type: "string" }, "x-in": "fields.labels" },
        components: {
          type: "array",
          items: { type: "string" },
          description: "Component names.",
          "x-in": "fields.components",
          "x-wrap": "name",
        },
        fix_versions: {
          type: "array",
          items: { type: "string" },
          description: "Version names.",
          "x-in": "fields.fixVersions",
          "x-wrap": "name",
        },
        parent: {
          type: "string",
          description: "Parent key: epic, or the issue of a sub-task.",
          "x-in": "fields.parent",
          "x-wrap": "key",
        },
        due_date: { type: "string", description: "YYYY-MM-DD.", "x-in": "fields.duedate" },
        fields: {
          type: "object",
          description: "Other fields by id, as Jira expects them.",
          "x-in": "fields",
          "x-merge": true,
        },
      },
      required: ["project", "issue_type", "summary"],
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issues",
    method: "update",
    title: "Update issue",
    description:
      "Change fields of a Jira issue; only the fields given change. Status changes use jira_issues_transition.",
    path: { issue_id_or_key: ISSUE },
    body: {
      type: "object",
      properties: {
        summary: { type: "string", "x-in": "fields.summary" },
        description: { ...markdown("Markdown."), "x-in": "fields.description" },
        assignee: {
          type: ["string", "null"],
          description: "Account id (Data Center: username); null unassigns.",
          "x-in": "fields.assignee",
          "x-wrap": "accountId",
        },
        priority: {
          type: "string",
          description: "Priority name.",
          "x-in": "fields.priority",
          "x-wrap": "name",
        },
        labels: {
          type: "array",
          items: { type: "string" },
          description: "Replaces all labels.",
          "x-in": "fields.labels",
        },
        due_date: { type: ["string", "null"], description: "YYYY-MM-DD.", "x-in": "fields.duedate" },
        fields: {
          type: "object",
          description: "Other fields by id, as Jira expects them.",
          "x-in": "fields",
          "x-merge": true,
        },
      },
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issues",
    method: "delete",
    title: "Delete issue",
    description: "Delete a Jira issue permanently.",
    path: { issue_id_or_key: ISSUE },
    query: {
      type: "object",
      properties: { delete_subtasks: { type: "boolean", "x-name": "deleteSubtasks" } },
    },
  },
  {
    integration: "jira",
    resource: "issues",
    method: "transition",
    title: "Transition issue",
    description:
      "Move an issue to another status, by target status name (e.g. 'In Progress') or transition id.",
    path: { issue_id_or_key: ISSUE },
    body: {
      type: "object",
      properties: {
        transition: {
          type: "string",
          description: "Target status name or transition id.",
          "x-in": "transition.id",
        },
        resolution: {
          type: "string",
          description: "Resolution name, e.g. Done.",
          "x-in": "fields.resolution",
          "x-wrap": "name",
        },
        comment: { ...markdown("Comment to add, Markdown."), "x-in": "update.comment" },
      },
      required: ["transition"],
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "search",
    method: "list",
    title: "Search issues (JQL)",
    description: "Find Jira issues with JQL, e.g. project = ABC AND status != Done ORDER BY updated DESC.",
    query: {
      type: "object",
      properties: {
        jql: { type: "string", description: "Must restrict the search (e.g. a project)." },
        fields: {
          type: "array",
          items: { type: "string" },
          description: "Default: key, summary, status, type, priority, assignee.",
        },
      },
      required: ["jql"],
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_comments",
    method: "list",
    title: "List comments",
    description: "List the comments of a Jira issue.",
    path: { issue_id_or_key: ISSUE },
    query: {
      type: "object",
      properties: { order_by: { type: "string", enum: ["created", "-created"], "x-name": "orderBy" } },
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_comments",
    method: "get",
    title: "Get comment",
    description: "Get one comment of a Jira issue.",
    path: { issue_id_or_key: ISSUE, id: "" },
  },
  {
    integration: "jira",
    resource: "issue_comments",
    method: "create",
    title: "Add comment",
    description: "Add a comment to a Jira issue.",
    path: { issue_id_or_key: ISSUE },
    body: { type: "object", properties: { body: markdown("Markdown.") }, required: ["body"] },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_comments",
    method: "update",
    title: "Edit comment",
    description: "Replace the text of a comment.",
    path: { issue_id_or_key: ISSUE, id: "" },
    body: { type: "object", properties: { body: markdown("Markdown.") }, required: ["body"] },
  },
  {
    integration: "jira",
    resource: "issue_comments",
    method: "delete",
    title: "Delete comment",
    description: "Delete a comment from a Jira issue.",
    path: { issue_id_or_key: ISSUE, id: "" },
  },
  {
    integration: "jira",
    resource: "issue_transitions",
    method: "list",
    title: "List transitions",
    description: "List the statuses an issue can move to now, with transition ids and required fields.",
    path: { issue_id_or_key: ISSUE },
    query: { type: "object", properties: { expand: { type: "string", enum: ["transitions.fields"] } } },
    core: true,
  },
];
