import type { DocRecord } from "../types.js";

/** Operations outside the Jira site API. */
export const jiraPlatformDocs: DocRecord[] = [
  {
    integration: "jira",
    resource: "accessible_resources",
    method: "list",
    title: "List accessible sites",
    description: "List the sites this OAuth token can reach.",
  },
];
