import type { ResourceSpec } from "../types.js";
import { whole } from "./pagination.js";

/** Operations that live outside the Jira site API. */
export const jiraPlatformResources: ResourceSpec[] = [
  {
    integration: "jira",
    name: "accessible_resources",
    singular: "accessible_resource",
    tags: ["admin"],
    methods: {
      // Not a site path: the client sends this one to the OAuth API host (api.atlassian.com), and it
      // answers only to an OAuth 2.0 (3LO) bearer token. No spec describes it; Cloud only.
      list: {
        cloud: { method: "GET", path: "/oauth/token/accessible-resources" },
        platform: true,
        pagination: whole(""),
      },
    },
  },
];
