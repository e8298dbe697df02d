import type { ResourceSpec } from "../types.js";
import { audit, cursor, offset, offsetArray, whole } from "./pagination.js";

const V3 = "/rest/api/3";
const V2 = "/rest/api/2";
type Method = "GET" | "POST" | "PUT" | "DELETE";
const both = (method: Method, path: string) => ({
  cloud: { method, path: `${V3}${path}` },
  datacenter: { method, path: `${V2}${path}` },
});
const cloudOnly = (method: Method, path: string) => ({ cloud: { method, path: `${V3}${path}` } });

/** Projects and their parts (versions, components, roles, issue types). */
export const jiraProjectResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "projects",
    singular: "project",
    tags: ["projects"],
    methods: {
      // Cloud's paged search; the unpaged `GET /project` is deprecated there.
      list: { ...cloudOnly("GET", "/project/search"), pagination: offset("values", 100, 50) },
      get: both("GET", "/project/{project_id_or_key}"),
    },
  },
  {
    integration: "jira",
    name: "project_issue_types",
    singular: "project_issue_type",
    tags: ["projects"],
    methods: {
      list: { ...both("GET", "/project/{project_id_or_key}"), pagination: whole("issueTypes") },
    },
  },
  {
    integration: "jira",
    name: "project_components",
    singular: "project_component",
    tags: ["projects"],
    methods: {
      list: {
        cloud: { method: "GET", path: `${V3}/project/{project_id_or_key}/component` },
        datacenter: { method: "GET", path: `${V2}/project/{project_id_or_key}/components` },
        pagination: offset("values", 100, 50),
        datacenterPagination: whole(""),
      },
    },
  },
  {
    integration: "jira",
    name: "versions",
    singular: "version",
    tags: ["projects"],
    methods: {
      list: { ...both("GET", "/project/{project_id_or_key}/version"), pagination: offset("values", 100, 50) },
      get: both("GET", "/version/{id}"),
    },
  },
  {
    integration: "jira",
    name: "roles",
    singular: "role",
    tags: ["projects", "users"],
    methods: {
      // Jira answers a map of role name to role URL; the hook turns it into [{name, id}].
      list: {
        ...both("GET", "/project/{project_id_or_key}/role"),
        hooks: { response: "project_roles_map" },
        pagination: whole(""),
      },
      get: both("GET", "/project/{project_id_or_key}/role/{id}"),
    },
  },
  {
    integration: "jira",
    name: "issue_createmeta",
    tags: ["issues", "projects"],
    methods: {
      list: {
        ...both("GET", "/issue/createmeta/{project_id_or_key}/issuetypes"),
        pagination: offset("issueTypes", 200, 50),
        // Data Center pages createmeta as a generic `values` page instead of naming the list.
        datacenterPagination: offset("values", 200, 50),
      },
    },
  },
  {
    integration: "jira",
    name: "issue_createmeta_fields",
    singular: "issue_createmeta_field",
    tags: ["issues", "projects"],
    methods: {
      list: {
        ...both("GET", "/issue/createmeta/{project_id_or_key}/issuetypes/{issue_type_id}"),
        pagination: offset("fields", 200, 50),
        datacenterPagination: offset("values", 200, 50),
      },
    },
  },
];

/** People: the current user, user and group directories. */
export const jiraUserResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "current_user",
    tags: ["users"],
    methods: {
      get: { ...both("GET", "/myself"), singleton: true },
    },
  },
  {
    integration: "jira",
    name: "users",
    singular: "user",
    tags: ["users"],
    methods: {
      // Bare arrays paged by startAt/maxResults.
      list: { ...cloudOnly("GET", "/users/search"), pagination: offsetArray(1000, 50) },
      // Cloud names users by accountId only; Data Center would need `username`.
      get: cloudOnly("GET", "/user"),
    },
  },
  {
    // `GET /users` (getAllUsersDefault): the same answer as `/users/search`, kept because the name is public.
    integration: "jira",
    name: "users_default",
    tags: ["users"],
    methods: {
      list: { ...cloudOnly("GET", "/users"), pagination: offsetArray(1000, 50) },
    },
  },
  {
    integration: "jira",
    name: "search_users",
    singular: "search_user",
    tags: ["users", "search"],
    methods: {
      list: { ...both("GET", "/user/search"), pagination: offsetArray(1000, 50) },
    },
  },
  {
    integration: "jira",
    name: "user_groups",
    singular: "user_group",
    tags: ["users"],
    methods: {
      list: { ...cloudOnly("GET", "/user/groups"), pagination: whole("") },
    },
  },
  {
    // The operation map lists `/user/groups` for both list_all_jira_groups and list_all_jira_user_groups;
    // one tool per operation is enough, so this one lists every group instead (bulkGetGroups, Cloud only).
    integration: "jira",
    name: "groups",
    singular: "group",
    tags: ["users", "admin"],
    methods: {
      list: { ...cloudOnly("GET", "/group/bulk"), pagination: offset("values", 100, 50) },
    },
  },
  {
    integration: "jira",
    name: "groups_picker",
    tags: ["users"],
    methods: {
      // The picker has no paging and stops at 20 unless asked for more.
      list: {
        ...both("GET", "/groups/picker"),
        fixedQuery: { maxResults: "100" },
        pagination: whole("groups", 20, 100),
      },
    },
  },
];

/** Site configuration and administration. */
export const jiraAdminResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "labels",
    singular: "label",
    tags: ["issues"],
    methods: {
      list: { ...cloudOnly("GET", "/label"), pagination: offset("values", 1000, 100) },
    },
  },
  {
    integration: "jira",
    name: "fields",
    singular: "field",
    tags: ["issues"],
    methods: {
      list: { ...both("GET", "/field"), pagination: whole("") },
    },
  },
  {
    integration: "jira",
    name: "priorities",
    singular: "priority",
    tags: ["issues"],
    methods: {
      list: {
        cloud: { method: "GET", path: `${V3}/priority/search` },
        datacenter: { method: "GET", path: `${V2}/priority` },
        pagination: offset("values", 100, 50),
        datacenterPagination: whole(""),
      },
    },
  },
  {
    integration: "jira",
    name: "status",
    tags: ["issues"],
    methods: {
      list: {
        cloud: { method: "GET", path: `${V3}/statuses/search` },
        datacenter: { method: "GET", path: `${V2}/status` },
        pagination: offset("values", 200, 50),
        datacenterPagination: whole(""),
      },
    },
  },
  {
    integration: "jira",
    name: "plans",
    singular: "plan",
    tags: ["projects"],
    methods: {
      list: { ...cloudOnly("GET", "/plans/plan"), pagination: cursor("values", 50, 50) },
    },
  },
  {
    integration: "jira",
    name: "application_roles",
    singular: "application_role",
    tags: ["admin", "users"],
    methods: {
      list: { ...both("GET", "/applicationrole"), pagination: whole("") },
    },
  },
  {
    integration: "jira",
    name: "license_counts",
    singular: "license_count",
    tags: ["admin"],
    methods: {
      get: cloudOnly("GET", "/license/approximateLicenseCount/product/{application_key}"),
    },
  },
  {
    integration: "jira",
    name: "licenses",
    singular: "license",
    tags: ["admin"],
    methods: {
      list: { ...cloudOnly("GET", "/instance/license"), pagination: whole("applications") },
    },
  },
  {
    integration: "jira",
    name: "audit_logs",
    singular: "audit_log",
    tags: ["admin"],
    methods: {
      list: { ...both("GET", "/auditing/record"), pagination: audit() },
    },
  },
  {
    // Dynamic webhooks: Cloud, Connect and OAuth 2.0 apps only (Basic auth and API tokens get 403).
    integration: "jira",
    name: "webhooks",
    singular: "webhook",
    tags: ["webhooks", "admin"],
    methods: {
      list: { ...cloudOnly("GET", "/webhook"), pagination: offset("values", 100, 50) },
      create: cloudOnly("POST", "/webhook"),
      // DELETE with a JSON body {webhookIds: [id]}; the id is a body argument, not a path segment.
      delete: cloudOnly("DELETE", "/webhook"),
      refresh: { access: "write", idempotent: true, ...cloudOnly("PUT", "/webhook/refresh") },
    },
  },
];
