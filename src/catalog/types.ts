/**
 * The tool catalog is data: resources say WHERE an Atlassian operation lives and how it pages;
 * documentation records say WHAT a model may send (schemas) and why it would (description). The
 * loader joins the two; a method without a documentation record never becomes a tool.
 */

export type Integration = "jira" | "confluence";
export type Deployment = "cloud" | "datacenter";
export type StandardMethod = "list" | "get" | "create" | "update" | "delete";
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/** One Atlassian operation. Path parameters are written in snake_case: `/rest/api/3/issue/{issue_id_or_key}`. */
export interface Endpoint {
  method: HttpMethod;
  path: string;
}

/**
 * How Atlassian pages a listing. Every style is adapted to the same `limit` + opaque `next_cursor`.
 * - `offset`: `startAt`/`maxResults` with `total`/`isLast` (most of Jira).
 * - `offset-array`: `startAt`/`maxResults` answering a bare array (users); a short page is the last.
 * - `token`: `nextPageToken` + `isLast` (`/search/jql`, `/rest/software/1.0`).
 * - `cursor-links`: Confluence cursor found in `_links.next`.
 * - `cursor`: a cursor in the body (`nextPageCursor`, Plans).
 * - `audit`: `offset`/`limit` + `total` (audit records).
 * - `confluence-start`: v1 `start`/`limit` with `_links.next` cursor (CQL search).
 * - `none`: the whole list in one answer; the gateway slices it so `limit` still holds.
 */
export type PaginationStyle =
  | "offset"
  | "offset-array"
  | "token"
  | "cursor-links"
  | "cursor"
  | "audit"
  | "confluence-start"
  | "none";

export interface Pagination {
  style: PaginationStyle;
  /** Dotted path of the items in the answer; "" for a bare array. */
  itemsPath: string;
  /** Largest page Atlassian serves for this operation; `limit` is capped to it. */
  maxPageSize: number;
  /** Page size when the caller gives no `limit`. */
  defaultPageSize: number;
}

/** Named hooks: behaviour that data cannot express, implemented once in `router/hooks` and referred to here. */
export type RequestHook =
  | "transition_by_name"
  | "attachment_upload"
  | "confluence_attachment_upload"
  | "bare_string_body"
  | "page_version_bump"
  | "footer_comment_version_bump"
  | "search_default_fields"
  | "bulk_create_issues"
  | "label_array_body";
export type ResponseHook =
  | "attachment_download"
  | "confluence_attachment_download"
  | "project_roles_map"
  | "created_issue_link";

export interface MethodSpec {
  /** Sent to api.atlassian.com itself rather than to the site (OAuth accessible-resources). */
  platform?: boolean;
  /** Required for custom methods: does it change anything? Standard methods imply it. */
  access?: "read" | "write";
  /** Where it lives on each deployment; a deployment without an endpoint hides the tool there. */
  cloud?: Endpoint;
  datacenter?: Endpoint;
  /** Lists only. */
  pagination?: Pagination;
  /** When Data Center pages differently (e.g. offset `/search` instead of `/search/jql`). */
  datacenterPagination?: Pagination;
  /** For non-list reads that return a list nested in a bigger object (e.g. an issue's attachments). */
  itemsPath?: string;
  /** Query parameters sent unless the caller gives the same parameter (e.g. Confluence `body-format`). */
  defaultQuery?: Record<string, string>;
  /** Query parameters always sent (e.g. `fields=attachment`). */
  fixedQuery?: Record<string, string>;
  /** Extra request headers Atlassian demands (e.g. `X-Atlassian-Token: no-check`). */
  headers?: Record<string, string>;
  hooks?: { request?: RequestHook; response?: ResponseHook };
  /** Custom methods: does repeating it change nothing more? Deletes may be destructive. */
  idempotent?: boolean;
  destructive?: boolean;
  /** get/update/delete of a one-of-a-kind object (the current user): no `_by_id` in the name. */
  singleton?: boolean;
  /** Response shaper applied in compact mode (see `format/`). */
  shape?: "jira_issue" | "jira_issue_list" | "confluence_page" | "none";
}

export interface ResourceSpec {
  integration: Integration;
  /** Plural, snake_case: `issue_comments`. */
  name: string;
  /** Singular, snake_case: `issue_comment`. Defaults to `name` (e.g. `status`, `search`). */
  singular?: string;
  /** Toolsets this resource belongs to (issues, comments, agile, admin, webhooks, confluence, ...). */
  tags: string[];
  methods: Record<string, MethodSpec>;
}

/** A JSON Schema object as the catalog writes it, with our `x-` annotations (stripped from what clients see). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
}

/**
 * A documentation record, written by hand for one resource method. Property annotations:
 * - `x-name` (query): the Atlassian parameter name when it differs from the snake_case argument.
 * - `x-in` (body): dotted target path in the Atlassian body (`fields.summary`); default: the argument name.
 * - `x-wrap` (body): wrap the value as `{ <key>: value }` (`key`, `id`, `name`, `accountId`, `value`),
 *   each element for arrays.
 * - `x-format: "rich-text"` (body): accepts Markdown (converted to ADF on Cloud, wiki markup on Data
 *   Center) or an ADF object (passed through).
 * - `x-format: "confluence-body"` (body): Markdown or ADF, sent as `{ representation: "atlas_doc_format", value }`.
 * - `x-array` (body): send a single value as a one-element array (`id` → `webhookIds: [id]`).
 * - `x-path-description`: not used; path parameters are described in `path`.
 */
export interface DocRecord {
  integration: Integration;
  resource: string;
  method: string;
  /** Short human title (MCP `title`). */
  title: string;
  /** One or two sentences for the model: what it does and when to use it. */
  description: string;
  /** Descriptions of the path parameters, by snake_case name. */
  path?: Record<string, string>;
  query?: JsonSchema;
  body?: JsonSchema;
  /** Required flat argument names (path parameters are always required). */
  required?: string[];
  /** In the `core` toolset (≤ 30 tools most sessions need). */
  core?: boolean;
}
