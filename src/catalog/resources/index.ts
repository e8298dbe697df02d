import type { ResourceSpec } from "../types.js";
import { confluenceResources } from "./confluence.js";
import { jiraAgileResources } from "./jira-agile.js";
import { jiraAdminResources, jiraProjectResources, jiraUserResources } from "./jira-directory.js";
import { jiraIssueResources } from "./jira-issues.js";
import { jiraPlatformResources } from "./jira-platform.js";
import { jiraWorkResources } from "./jira-work.js";

/** Every resource of the catalog; each area keeps its own file. */
export const resources: ResourceSpec[] = [
  ...jiraIssueResources,
  ...jiraWorkResources,
  ...jiraProjectResources,
  ...jiraUserResources,
  ...jiraAdminResources,
  ...jiraAgileResources,
  ...jiraPlatformResources,
  ...confluenceResources,
];
