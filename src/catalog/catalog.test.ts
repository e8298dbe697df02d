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
const ALL_NAMES = ["TODO"];

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

  it("keeps the median tool at 100 tokens at most", () => {
    const costs = tools.map(tokens).sort((a, b) => a - b);
    const mid = costs.length / 2;
    const median = costs.length % 2 ? costs[Math.floor(mid)] : (costs[mid - 1] + costs[mid]) / 2;
    expect(median).toBeLessThanOrEqual(100);
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
        if (!op || Object.keys(op.pathParams).length !== params) unmatched.push(`${tool.name}: ${endpoint.method} ${endpoint.path}`);
      }
    }
    expect(unmatched).toEqual([]);
  });
});
