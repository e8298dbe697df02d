import type { ResourceSpec } from "../types.js";
import { offset } from "./pagination.js";

const AGILE = "/rest/agile/1.0";
type Method = "GET" | "POST" | "PUT" | "DELETE";
/** The Agile API has the same paths on Cloud and Data Center. */
const agile = (method: Method, path: string) => ({
  cloud: { method, path: `${AGILE}${path}` },
  datacenter: { method, path: `${AGILE}${path}` },
});
/** Agile issue listings answer `SearchResults` (startAt/maxResults/total, `issues`); Cloud caps pages at 50. */
const issuePages = offset("issues", 50, 50);

/** Jira Software: boards, sprints, backlog, epics and ranking. */
export const jiraAgileResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "boards",
    singular: "board",
    tags: ["agile"],
    methods: {
      list: { ...agile("GET", "/board"), pagination: offset("values", 50, 50) },
      get: agile("GET", "/board/{board_id}"),
    },
  },
  {
    integration: "jira",
    name: "sprints",
    singular: "sprint",
    tags: ["agile"],
    methods: {
      list: { ...agile("GET", "/board/{board_id}/sprint"), pagination: offset("values", 50, 50) },
      get: agile("GET", "/sprint/{sprint_id}"),
      create: agile("POST", "/sprint"),
      // POST is the partial update (only the fields sent change), which is what a model means.
      update: agile("POST", "/sprint/{sprint_id}"),
      delete: agile("DELETE", "/sprint/{sprint_id}"),
    },
  },
  {
    integration: "jira",
    name: "sprint_issues",
    singular: "sprint_issue",
    tags: ["agile", "issues"],
    methods: {
      list: {
        ...agile("GET", "/sprint/{sprint_id}/issue"),
        pagination: issuePages,
        shape: "jira_issue_list",
      },
      move: { access: "write", idempotent: true, ...agile("POST", "/sprint/{sprint_id}/issue") },
    },
  },
  {
    integration: "jira",
    name: "backlog_issues",
    singular: "backlog_issue",
    tags: ["agile", "issues"],
    methods: {
      list: {
        ...agile("GET", "/board/{board_id}/backlog"),
        pagination: issuePages,
        shape: "jira_issue_list",
      },
      move: { access: "write", idempotent: true, ...agile("POST", "/backlog/issue") },
    },
  },
  {
    integration: "jira",
    name: "epics",
    singular: "epic",
    tags: ["agile"],
    methods: {
      list: { ...agile("GET", "/board/{board_id}/epic"), pagination: offset("values", 50, 50) },
      get: agile("GET", "/epic/{epic_id_or_key}"),
    },
  },
  {
    integration: "jira",
    name: "epic_issues",
    singular: "epic_issue",
    tags: ["agile", "issues"],
    methods: {
      list: {
        ...agile("GET", "/epic/{epic_id_or_key}/issue"),
        pagination: issuePages,
        shape: "jira_issue_list",
      },
      move: { access: "write", idempotent: true, ...agile("POST", "/epic/{epic_id_or_key}/issue") },
    },
  },
  {
    // A second declaration of "issues" (the first is in jira-issues.ts): ranking is an action on
    // issues, and `jira_issues_rank` says so better than a made-up "ranks" resource would.
    integration: "jira",
    name: "issues",
    singular: "issue",
    tags: ["agile"],
    methods: {
      rank: { access: "write", idempotent: true, ...agile("PUT", "/issue/rank") },
    },
  },
];
