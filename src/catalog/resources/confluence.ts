import type { Pagination, RequestHook, ResourceSpec } from "../types.js";
import { cursorLinks } from "./pagination.js";

const V2 = "/wiki/api/v2";
const V1 = "/wiki/rest/api";
type Method = "GET" | "POST" | "PUT" | "DELETE";
/** Confluence tools are Cloud only (v2 has no Data Center counterpart). */
const v2 = (method: Method, path: string) => ({ cloud: { method, path: `${V2}${path}` } });
const v1 = (method: Method, path: string) => ({ cloud: { method, path: `${V1}${path}` } });

/** v1 CQL search: `start`/`limit` with the next page's cursor in `_links.next`. */
const cqlPages: Pagination = {
  style: "confluence-start",
  itemsPath: "results",
  maxPageSize: 100,
  defaultPageSize: 25,
};

/**
 * Pending: the pipeline adds "label_array_body" to `RequestHook` (types.ts) and `router/hooks.ts`.
 * v1 takes a bare array `[{prefix: "global", name}]`, which flat arguments cannot express.
 */
const LABEL_ARRAY_HOOK: RequestHook = "label_array_body";

/** Confluence Cloud: v2 for content, v1 where v2 has no operation (CQL search, label and attachment writes). */
export const confluenceResources: ResourceSpec[] = [
  {
    integration: "confluence",
    name: "spaces",
    singular: "space",
    tags: ["confluence", "spaces"],
    methods: {
      list: { ...v2("GET", "/spaces"), pagination: cursorLinks(250, 25) },
      get: v2("GET", "/spaces/{id}"),
    },
  },
  {
    integration: "confluence",
    name: "pages",
    singular: "page",
    tags: ["confluence", "pages"],
    methods: {
      list: { ...v2("GET", "/pages"), pagination: cursorLinks(250, 25) },
      get: {
        ...v2("GET", "/pages/{id}"),
        shape: "confluence_page",
        defaultQuery: { "body-format": "atlas_doc_format" },
      },
      create: v2("POST", "/pages"),
      // Updates must carry the next version number; the hook reads the current one.
      update: { ...v2("PUT", "/pages/{id}"), hooks: { request: "page_version_bump" } },
      delete: v2("DELETE", "/pages/{id}"),
    },
  },
  {
    integration: "confluence",
    name: "page_children",
    singular: "page_child",
    tags: ["confluence", "pages"],
    methods: {
      list: { ...v2("GET", "/pages/{page_id}/direct-children"), pagination: cursorLinks(250, 25) },
    },
  },
  {
    integration: "confluence",
    name: "page_versions",
    singular: "page_version",
    tags: ["confluence", "pages"],
    methods: {
      list: { ...v2("GET", "/pages/{page_id}/versions"), pagination: cursorLinks(250, 25) },
    },
  },
  {
    integration: "confluence",
    name: "search",
    tags: ["confluence", "search"],
    methods: {
      list: { ...v1("GET", "/search"), pagination: cqlPages },
    },
  },
  {
    integration: "confluence",
    name: "footer_comments",
    singular: "footer_comment",
    tags: ["confluence", "comments"],
    methods: {
      list: {
        ...v2("GET", "/pages/{page_id}/footer-comments"),
        pagination: cursorLinks(250, 25),
        defaultQuery: { "body-format": "atlas_doc_format" },
      },
      get: { ...v2("GET", "/footer-comments/{id}"), defaultQuery: { "body-format": "atlas_doc_format" } },
      create: v2("POST", "/footer-comments"),
      update: { ...v2("PUT", "/footer-comments/{id}"), hooks: { request: "footer_comment_version_bump" } },
      delete: v2("DELETE", "/footer-comments/{id}"),
    },
  },
  {
    integration: "confluence",
    name: "page_labels",
    singular: "page_label",
    tags: ["confluence", "pages"],
    methods: {
      list: { ...v2("GET", "/pages/{page_id}/labels"), pagination: cursorLinks(250, 25) },
      create: { ...v1("POST", "/content/{page_id}/label"), hooks: { request: LABEL_ARRAY_HOOK } },
      delete: v1("DELETE", "/content/{page_id}/label/{label}"),
    },
  },
  {
    integration: "confluence",
    name: "attachments",
    singular: "attachment",
    tags: ["confluence", "attachments"],
    methods: {
      list: { ...v2("GET", "/pages/{page_id}/attachments"), pagination: cursorLinks(250, 50) },
      get: v2("GET", "/attachments/{id}"),
      create: {
        ...v1("POST", "/content/{page_id}/child/attachment"),
        headers: { "X-Atlassian-Token": "nocheck" },
        hooks: { request: "confluence_attachment_upload" },
      },
      delete: v2("DELETE", "/attachments/{id}"),
      download: {
        access: "read",
        ...v1("GET", "/content/{page_id}/child/attachment/{id}/download"),
        hooks: { response: "confluence_attachment_download" },
      },
    },
  },
];
