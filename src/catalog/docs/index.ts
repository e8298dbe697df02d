import type { DocRecord } from "../types.js";
import { confluenceDocs } from "./confluence.js";
import { jiraAgileDocs } from "./jira-agile.js";
import { jiraDirectoryDocs } from "./jira-directory.js";
import { jiraIssueDocs } from "./jira-issues.js";
import { jiraPlatformDocs } from "./jira-platform.js";
import { jiraWorkDocs } from "./jira-work.js";

/** Every documentation record; a resource method missing here is never exposed. */
export const docs: DocRecord[] = [
  ...jiraIssueDocs,
  ...jiraWorkDocs,
  ...jiraDirectoryDocs,
  ...jiraAgileDocs,
  ...jiraPlatformDocs,
  ...confluenceDocs,
];
