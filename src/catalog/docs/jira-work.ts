import type { DocRecord, JsonSchema } from "../types.js";

const ISSUE = "Issue key (PROJ-123) or id.";
const USER = "Account id (Data Center: username).";
const markdown = (description: string): JsonSchema => ({ type: "string", description, "x-format": "rich-text" });

/** File arguments shared by Jira and Confluence uploads (read by the upload hooks). */
export const uploadArgs: Record<string, JsonSchema> = {
  filename: { type: "string", description: "File name, e.g. report.pdf." },
  content_base64: { type: "string", description: "File content, base64." },
  mime_type: { type: "string", description: "Default application/octet-stream." },
  path: { type: "string", description: "Local file path; local server with ATLASGATE_ATTACHMENT_DIRS only." },
};

/** Attachments, worklogs, links, watchers and bulk create. */
export const jiraWorkDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "issues",
    method: "bulk_create",
    title: "Create issues in bulk",
    description: "Create up to 50 Jira issues in one call; reports each created key and each failure.",
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
    description: "List the files attached to a Jira issue (id, name, size, type, author).",
    path: { issue_id_or_key: ISSUE },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "get",
    title: "Get attachment",
    description: "Get one Jira attachment's metadata; jira_issue_attachments_download returns its content.",
    path: { id: "Attachment id." },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "create",
    title: "Attach file",
    description: "Attach a file to a Jira issue, given as base64 content or a local path.",
    path: { issue_id_or_key: ISSUE },
    body: { type: "object", properties: uploadArgs },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "delete",
    title: "Delete attachment",
    description: "Delete a file attached to a Jira issue.",
    path: { id: "Attachment id." },
  },
  {
    integration: "jira",
    resource: "issue_attachments",
    method: "download",
    title: "Download attachment",
    description: "Get a Jira attachment's content: text as is, other files as base64 (up to 10 MB).",
    path: { id: "Attachment id." },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "list",
    title: "List worklogs",
    description: "List the time logged on a Jira issue.",
    path: { issue_id_or_key: ISSUE },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "create",
    title: "Log work",
    description: "Log time spent on a Jira issue.",
    path: { issue_id_or_key: ISSUE },
    body: {
      type: "object",
      properties: {
        time_spent: { type: "string", description: "Like 3h 20m or 1d.", "x-in": "timeSpent" },
        started: { type: "string", description: "Like 2024-05-01T09:00:00.000+0000." },
        comment: markdown("Markdown."),
      },
      required: ["time_spent", "started"],
    },
    core: true,
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "update",
    title: "Edit worklog",
    description: "Change the time, start or comment of a worklog.",
    path: { issue_id_or_key: ISSUE, id: "Worklog id." },
    body: {
      type: "object",
      properties: {
        time_spent: { type: "string", description: "Like 3h 20m.", "x-in": "timeSpent" },
        started: { type: "string", description: "Like 2024-05-01T09:00:00.000+0000." },
        comment: markdown("Markdown."),
      },
    },
  },
  {
    integration: "jira",
    resource: "issue_worklogs",
    method: "delete",
    title: "Delete worklog",
    description: "Delete a worklog from a Jira issue.",
    path: { issue_id_or_key: ISSUE, id: "Worklog id." },
  },
  {
    integration: "jira",
    resource: "issue_links",
    method: "create",
    title: "Link issues",
    description: "Link two Jira issues with a link type from list_all_jira_issue_link_types.",
    body: {
      type: "object",
      properties: {
        type: { type: "string", description: "Link type name, e.g. Blocks.", "x-in": "type.name" },
        inward_issue: { type: "string", description: "Issue key on the inward side.", "x-in": "inwardIssue.key" },
        outward_issue: { type: "string", description: "Issue key on the outward side.", "x-in": "outwardIssue.key" },
        comment: { ...markdown("Comment to add, Markdown."), "x-in": "comment.body" },
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
    description: "Get one issue link: its type and both issues.",
    path: { id: "Issue link id." },
  },
  {
    integration: "jira",
    resource: "issue_links",
    method: "delete",
    title: "Delete issue link",
    description: "Remove a link between two Jira issues.",
    path: { id: "Issue link id." },
  },
  {
    integration: "jira",
    resource: "issue_link_types",
    method: "list",
    title: "List link types",
    description: "List issue link types with their inward and outward wording.",
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "list",
    title: "List watchers",
    description: "List the users watching a Jira issue.",
    path: { issue_id_or_key: ISSUE },
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "create",
    title: "Add watcher",
    description: "Add a user as a watcher of a Jira issue.",
    path: { issue_id_or_key: ISSUE },
    body: { type: "object", properties: { account_id: { type: "string", description: USER } }, required: ["account_id"] },
  },
  {
    integration: "jira",
    resource: "issue_watchers",
    method: "delete",
    title: "Remove watcher",
    description: "Stop a user watching a Jira issue.",
    path: { issue_id_or_key: ISSUE },
    query: {
      type: "object",
      properties: {
        account_id: { type: "string", "x-name": "accountId" },
        username: { type: "string", description: "Data Center instead of account_id." },
      },
    },
  },
];
