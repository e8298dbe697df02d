import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { matchOperation, requireSpecs } from "../../test/support/openapi.js";
import { loadCatalog } from "./index.js";
import type { ToolDefinition } from "./load.js";

/** The 40 tools the issue pins by name. */
const REQUIRED = [
  "update_a_jira_issue_by_id",
  "delete_a_jira_issue_by_id",
  "create_a_jira_issue_attachment",
  "list_all_jira_issue_attachments",
  "get_single_jira_issue_attachment_by_id",
  "get_single_jira_project_by_id",
  "create_a_jira_issue",
  "list_all_jira_labels",
  "list_all_jira_groups",
  "list_all_jira_projects",
  "list_all_jira_users",
  "list_all_jira_plans",
  "list_all_jira_search_users",
  "list_all_jira_webhooks",
  "delete_a_jira_webhook_by_id",
  "jira_webhooks_refresh",
  "list_all_jira_versions",
  "get_single_jira_version_by_id",
  "create_a_jira_webhook",
  "list_all_jira_groups_picker",
  "list_all_jira_user_groups",
  "list_all_jira_users_default",
  "list_all_jira_application_roles",
  "list_all_jira_priorities",
  "list_all_jira_issue_createmeta",
  "list_all_jira_status",
  "get_single_jira_license_count_by_id",
  "list_all_jira_licenses",
  "list_all_jira_search",
  "delete_a_jira_issue_comment_by_id",
  "get_single_jira_issue_by_id",
  "list_all_jira_audit_logs",
  "create_a_jira_issue_comment",
  "update_a_jira_issue_comment_by_id",
  "get_single_jira_issue_comment_by_id",
  "list_all_jira_accessible_resources",
  "list_all_jira_issue_comments",
  "list_all_jira_roles",
  "get_single_jira_role_by_id",
  "get_single_jira_user_by_id",
];

/**
 * Every tool name, sorted. Names are public API: a rename must be deliberate, so it must fail here.
 */
const ALL_NAMES = [
  "confluence_attachments_download",
  "create_a_confluence_attachment",
  "create_a_confluence_footer_comment",
  "create_a_confluence_page",
  "create_a_confluence_page_label",
  "create_a_jira_issue",
  "create_a_jira_issue_attachment",
  "create_a_jira_issue_comment",
  "create_a_jira_issue_link",
  "create_a_jira_issue_watcher",
  "create_a_jira_issue_worklog",
  "create_a_jira_sprint",
  "create_a_jira_webhook",
  "delete_a_confluence_attachment_by_id",
  "delete_a_confluence_footer_comment_by_id",
  "delete_a_confluence_page_by_id",
  "delete_a_confluence_page_label_by_id",
  "delete_a_jira_issue_attachment_by_id",
  "delete_a_jira_issue_by_id",
  "delete_a_jira_issue_comment_by_id",
  "delete_a_jira_issue_link_by_id",
  "delete_a_jira_issue_watcher_by_id",
  "delete_a_jira_issue_worklog_by_id",
  "delete_a_jira_sprint_by_id",
  "delete_a_jira_webhook_by_id",
  "get_single_confluence_attachment_by_id",
  "get_single_confluence_footer_comment_by_id",
  "get_single_confluence_page_by_id",
  "get_single_confluence_space_by_id",
  "get_single_jira_board_by_id",
  "get_single_jira_current_user",
  "get_single_jira_epic_by_id",
  "get_single_jira_issue_attachment_by_id",
  "get_single_jira_issue_by_id",
  "get_single_jira_issue_comment_by_id",
  "get_single_jira_issue_link_by_id",
  "get_single_jira_license_count_by_id",
  "get_single_jira_project_by_id",
  "get_single_jira_role_by_id",
  "get_single_jira_sprint_by_id",
  "get_single_jira_user_by_id",
  "get_single_jira_version_by_id",
  "jira_backlog_issues_move",
  "jira_epic_issues_move",
  "jira_issue_attachments_download",
  "jira_issues_bulk_create",
  "jira_issues_rank",
  "jira_issues_transition",
  "jira_sprint_issues_move",
  "jira_webhooks_refresh",
  "list_all_confluence_attachments",
  "list_all_confluence_footer_comments",
  "list_all_confluence_page_children",
  "list_all_confluence_page_labels",
  "list_all_confluence_page_versions",
  "list_all_confluence_pages",
  "list_all_confluence_search",
  "list_all_confluence_spaces",
  "list_all_jira_accessible_resources",
  "list_all_jira_application_roles",
  "list_all_jira_audit_logs",
  "list_all_jira_backlog_issues",
  "list_all_jira_boards",
  "list_all_jira_epic_issues",
  "list_all_jira_epics",
  "list_all_jira_fields",
  "list_all_jira_groups",
  "list_all_jira_groups_picker",
  "list_all_jira_issue_attachments",
  "list_all_jira_issue_comments",
  "list_all_jira_issue_createmeta",
  "list_all_jira_issue_createmeta_fields",
  "list_all_jira_issue_link_types",
  "list_all_jira_issue_transitions",
  "list_all_jira_issue_watchers",
  "list_all_jira_issue_worklogs",
  "list_all_jira_labels",
  "list_all_jira_licenses",
  "list_all_jira_plans",
  "list_all_jira_priorities",
  "list_all_jira_project_components",
  "list_all_jira_project_issue_types",
  "list_all_jira_projects",
  "list_all_jira_roles",
  "list_all_jira_search",
  "list_all_jira_search_users",
  "list_all_jira_sprint_issues",
  "list_all_jira_sprints",
  "list_all_jira_status",
  "list_all_jira_user_groups",
  "list_all_jira_users",
  "list_all_jira_users_default",
  "list_all_jira_versions",
  "list_all_jira_webhooks",
  "update_a_confluence_footer_comment_by_id",
  "update_a_confluence_page_by_id",
  "update_a_jira_issue_by_id",
  "update_a_jira_issue_comment_by_id",
  "update_a_jira_issue_worklog_by_id",
  "update_a_jira_sprint_by_id",
];

/** Endpoints no spec describes (the OAuth API host). */
const NOT_IN_SPECS = new Set(["GET /oauth/token/accessible-resources"]);

/** A plausible concrete value for each path parameter, so the path can be matched like a real request. */
function sample(param: string): string {
  if (param.includes("issue_id_or_key") || param.includes("epic_id_or_key")) return "PROJ-12";
  if (param === "project_id_or_key") return "PROJ";
  if (param === "application_key") return "jira-software";
  if (param === "label") return "release";
  return "10042";
}

function concrete(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, p: string) => sample(p));
}

/** Cost of one tool in tools/list, as a client receives it. */
function tokens(tool: ToolDefinition): number {
  const { name, title, description, annotations, inputSchema } = tool;
  return encode(JSON.stringify({ name, title, description, annotations, inputSchema })).length;
}

/** The part of that cost a catalog record decides: without annotations and the control arguments. */
function ownTokens(tool: ToolDefinition): number {
  const { limit, next_cursor, raw, ...properties } = tool.inputSchema.properties ?? {};
  const inputSchema = { ...tool.inputSchema, properties };
  return encode(
    JSON.stringify({ name: tool.name, title: tool.title, description: tool.description, inputSchema }),
  ).length;
}

function median(sorted: number[]): number {
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe("tool catalog", () => {
  const tools = loadCatalog();
  const names = tools.map((t) => t.name);

  it("builds, and pins every tool name", () => {
    expect(tools.length).toBeGreaterThan(0);
    expect([...names].sort()).toEqual(ALL_NAMES);
  });

  it("has every tool the issue requires", () => {
    const missing = REQUIRED.filter((n) => !names.includes(n));
    expect(missing).toEqual([]);
  });

  it("keeps the core toolset at 30 tools and 3,000 tokens at most", () => {
    const core = tools.filter((t) => t.tags.includes("core"));
    expect(core.length).toBeLessThanOrEqual(30);
    const total = core.reduce((sum, t) => sum + tokens(t), 0);
    expect(total).toBeLessThanOrEqual(3000);
  });

  it("keeps the median tool at 100 tokens at most, envelope included", () => {
    const costs = tools.map(tokens).sort((a, b) => a - b);
    expect(median(costs)).toBeLessThanOrEqual(100);
  });

  it("keeps what the records control small: median 75 tokens, none above 260", () => {
    const costs = tools.map(ownTokens).sort((a, b) => a - b);
    expect(median(costs)).toBeLessThanOrEqual(75);
    expect(costs[costs.length - 1]).toBeLessThanOrEqual(260);
  });

  it("gives every list tool limit and next_cursor", () => {
    for (const tool of tools.filter((t) => t.kind === "list")) {
      expect(tool.inputSchema.properties, tool.name).toHaveProperty("limit");
      expect(tool.inputSchema.properties, tool.name).toHaveProperty("next_cursor");
      expect(tool.bindings.get("limit")?.in, tool.name).toBe("control");
    }
  });

  it("documents no paging parameter as an argument", () => {
    const paging = new Set(["startAt", "maxResults", "cursor", "nextPageToken", "offset", "start"]);
    for (const tool of tools) {
      for (const [arg, binding] of tool.bindings) {
        if (binding.in === "query") expect(paging.has(binding.target), `${tool.name}.${arg}`).toBe(false);
      }
    }
  });

  it.skipIf(!requireSpecs())("targets only operations that exist in Atlassian's specs", () => {
    const unmatched: string[] = [];
    for (const tool of tools) {
      for (const endpoint of [tool.spec.cloud, tool.spec.datacenter]) {
        if (!endpoint) continue;
        if (NOT_IN_SPECS.has(`${endpoint.method} ${endpoint.path}`)) continue;
        // The specs describe Cloud; Data Center's v2 paths are checked against their v3 twins.
        const path = concrete(endpoint.path.replace(/^\/rest\/api\/2\//, "/rest/api/3/"));
        const op = matchOperation(endpoint.method, path);
        const params = endpoint.path.match(/\{[^}]+\}/g)?.length ?? 0;
        if (!op || Object.keys(op.pathParams).length !== params)
          unmatched.push(`${tool.name}: ${endpoint.method} ${endpoint.path}`);
      }
    }
    expect(unmatched).toEqual([]);
  });
});

describe("argument bindings of the trickier records", () => {
  const tool = (name: string) => {
    const found = loadCatalog().find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  const binding = (name: string, arg: string) => tool(name).bindings.get(arg);

  it("sends a webhook id as webhookIds: [id]", () => {
    expect(tool("delete_a_jira_webhook_by_id").spec.cloud).toEqual({
      method: "DELETE",
      path: "/rest/api/3/webhook",
    });
    expect(binding("delete_a_jira_webhook_by_id", "id")).toMatchObject({
      in: "body",
      target: "webhookIds",
      asArray: true,
    });
  });

  it("lists attachments through the issue's attachment field", () => {
    const t = tool("list_all_jira_issue_attachments");
    expect(t.spec.fixedQuery).toEqual({ fields: "attachment" });
    expect(t.spec.pagination?.itemsPath).toBe("fields.attachment");
  });

  it("builds issue links, sprints and pages from flat arguments", () => {
    expect(binding("create_a_jira_issue_link", "inward_issue")).toMatchObject({ target: "inwardIssue.key" });
    expect(binding("create_a_jira_issue_link", "type")).toMatchObject({ target: "type.name" });
    expect(binding("create_a_jira_sprint", "board_id")).toMatchObject({
      in: "body",
      target: "originBoardId",
    });
    expect(binding("create_a_confluence_page", "body")).toMatchObject({ confluenceBody: true });
    expect(binding("update_a_confluence_page_by_id", "version_message")).toMatchObject({
      target: "version.message",
    });
    expect(binding("create_a_jira_issue_worklog", "comment")).toMatchObject({ richText: true });
  });

  it("renames query arguments to Atlassian's names", () => {
    expect(binding("list_all_confluence_pages", "space_id")).toMatchObject({
      in: "query",
      target: "space-id",
    });
    expect(binding("list_all_confluence_footer_comments", "body_format")).toMatchObject({
      target: "body-format",
    });
    expect(binding("get_single_jira_user_by_id", "account_id")).toMatchObject({
      in: "query",
      target: "accountId",
    });
    expect(tool("get_single_jira_user_by_id").inputSchema.required).toEqual(["account_id"]);
  });

  it("hides Cloud-only tools on Data Center", () => {
    expect(tool("list_all_jira_accessible_resources").deployments).toEqual(["cloud"]);
    expect(tool("list_all_confluence_search").deployments).toEqual(["cloud"]);
    expect(tool("list_all_jira_sprints").deployments).toEqual(["cloud", "datacenter"]);
  });
});
