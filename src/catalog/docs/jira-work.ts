import type { DocRecord, JsonSchema } from "../types.js";

const ISSUE = "Issue key or id.";
const USER = "Account id (Data Center: username).";
const markdown = (description: string): JsonSchema => ({
  type: "string",
  description,
  "x-format": "rich-text",
});

/** File arguments shared by Jira and Confluence uploads (read by the upload hooks). */
export const uploadArgs: Record<string, JsonSchema> = {
  filename: { type: "string" },
  content_base64: { type: "string", description: "Base64 content." },
  mime_type: { type: "string" },
  path: { type: "string", description: "Local file path (local server, ATLASGATE_ATTACHMENT_DIRS)." },
};

/** Attachments, worklogs, links, watchers and bulk create. */
export const jiraWorkDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "issues",
    method: "bulk_create",
    title: "Create issues in bulk",
    description: "Create up to 50 issues in one call.",
    body: {
      type: "object",
      properties: {
        issues: {
          type: "array",
          minItems: 1,
          maxItems: 50,
          items: {
            type: "object",
            properties: {
              project: { type: "string", description: "Project key or id." },
              issue_type: { type: "string", description: "Type name." },
              summary: { type: "string" },
              description: { type: "string", description: "Markdown." },
              assignee: { type: "string", description: USER },
              priority: { type: "string", description: "Priority name." },
              labels: { type: "array", items: { type: "string" } },
              parent: { type: "string", description: "Parent issue key." },
            },
            required: ["project", "issue_type", "summary"],
            additionalProperties: false,
          },
        },
      },
      required: ["issues"],
    },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "list",
    title: "List attachments",
    description: "List the files attached to an issue.",
    path: { issue_id_or_key: ISSUE },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "get",
    title: "Get attachment",
    description: "Get an attachment's metadata.",
    path: { id: "" },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "create",
    title: "Attach file",
    description: "Attach a file to an issue.",
    path: { issue_id_or_key: ISSUE },
    body: { type: "object", properties: uploadArgs },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "delete",
    title: "Delete attachment",
    description: "Delete an issue attachment.",
    path: { id: "" },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "download",
    title: "Download attachment",
    description: "Get an attachment's content (text, or base64; max 10 MB).",
    path: { id: "" },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "list",
    title: "List worklogs",
    description: "List the time logged on an issue.",
    path: { issue_id_or_key: ISSUE },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "create",
    title: "Log work",
    description: "Log time spent on an issue.",
    path: { issue_id_or_key: ISSUE },
    body: {
      type: "object",
      properties: {
        time_spent: { type: "string", description: "e.g. 3h 20m", "x-in": "timeSpent" },
        started: { type: "string", description: "e.g. 2024-05-01T09:00:00.000+0000" },
        comment: markdown("Markdown."),
      },
      required: ["time_spent", "started"],
    },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "update",
    title: "Edit worklog",
    description: "Change a worklog.",
    path: { issue_id_or_key: ISSUE, id: "" },
    body: {
      type: "object",
      properties: {
        time_spent: { type: "string", description: "e.g. 3h 20m", "x-in": "timeSpent" },
        started: { type: "string", description: "e.g. 2024-05-01T09:00:00.000+0000" },
        comment: markdown("Markdown."),
      },
    },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "delete",
    title: "Delete worklog",
    description: "Delete a worklog.",
    path: { issue_id_or_key: ISSUE, id: "" },
  },
  {
    integration: "jira",
    resource: "issue_links",
    method: "create",
    title: "Link issues",
    description: "Link two issues; types from list_all_jira_issue_link_types.",
    body: {
      type: "object",
      properties: {
        type: { type: "string", description: "Link type name, e.g. Blocks.", "x-in": "type.name" },
        inward_issue: { type: "string", "x-in": "inwardIssue.key" },
        outward_issue: { type: "string", "x-in": "outwardIssue.key" },
        comment: { ...markdown("Markdown."), "x-in": "comment.body" },
      },
      required: ["type", "inward_issue", "outward_issue"],
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_links",
    method: "get",
    title: "Get issue link",
    description: "Get an issue link.",
    path: { id: "" },
  },
  {
    integration: "jira",
    resource: "issue_links",
    method: "delete",
    title: "Delete issue link",
    description: "Remove an issue link.",
    path: { id: "" },
  },
  {
    integration: "jira",
    resource: "issue_link_types",
    method: "list",
    title: "List link types",
    description: "List issue link types and their wording.",
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "list",
    title: "List watchers",
    description: "List an issue's watchers.",
    path: { issue_id_or_key: ISSUE },
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "create",
    title: "Add watcher",
    description: "Add a watcher to an issue.",
    path: { issue_id_or_key: ISSUE },
    body: {
      type: "object",
      properties: { account_id: { type: "string", description: USER } },
      required: ["account_id"],
    },
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "delete",
    title: "Remove watcher",
    description: "Remove a watcher from an issue.",
    path: { issue_id_or_key: ISSUE },
    query: {
      type: "object",
      properties: {
        account_id: { type: "string", "x-name": "accountId" },
        username: { type: "string", description: "Data Center only." },
      },
    },
  },
];
