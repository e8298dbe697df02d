import type { ResourceSpec } from "../types.js";
import { offset, token, whole } from "./pagination.js";

const V3 = "/rest/api/3";
const V2 = "/rest/api/2";
const both = (method: "GET" | "POST" | "PUT" | "DELETE", path: string) => ({
  cloud: { method, path: `${V3}${path}` },
  datacenter: { method, path: `${V2}${path}` },
});

/** Issues and what hangs off them: comments, transitions, search. */
export const jiraIssueResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "issues",
    singular: "issue",
    tags: ["issues"],
    methods: {
      get: { ...both("GET", "/issue/{issue_id_or_key}"), shape: "jira_issue" },
      create: both("POST", "/issue"),
      update: both("PUT", "/issue/{issue_id_or_key}"),
      delete: both("DELETE", "/issue/{issue_id_or_key}"),
      transition: {
        access: "write",
        idempotent: false,
        ...both("POST", "/issue/{issue_id_or_key}/transitions"),
        hooks: { request: "transition_by_name" },
      },
    },
  },
  {
    integration: "jira",
    name: "search",
    tags: ["issues", "search"],
    methods: {
      list: {
        cloud: { method: "GET", path: `${V3}/search/jql` },
        datacenter: { method: "GET", path: `${V2}/search` },
        pagination: token("issues", 100, 20),
        datacenterPagination: offset("issues", 100, 20),
        hooks: { request: "search_default_fields" },
        shape: "jira_issue_list",
      },
    },
  },
  {
    integration: "jira",
    name: "issue_comments",
    singular: "issue_comment",
    tags: ["issues", "comments"],
    methods: {
      list: { ...both("GET", "/issue/{issue_id_or_key}/comment"), pagination: offset("comments", 5000, 50) },
      get: both("GET", "/issue/{issue_id_or_key}/comment/{id}"),
      create: both("POST", "/issue/{issue_id_or_key}/comment"),
      update: both("PUT", "/issue/{issue_id_or_key}/comment/{id}"),
      delete: both("DELETE", "/issue/{issue_id_or_key}/comment/{id}"),
    },
  },
  {
    integration: "jira",
    name: "issue_transitions",
    singular: "issue_transition",
    tags: ["issues"],
    methods: {
      list: { ...both("GET", "/issue/{issue_id_or_key}/transitions"), pagination: whole("transitions") },
    },
  },
];
