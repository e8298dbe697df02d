export { compact, isAdfDoc } from "./compact.js";
export { shapeIssue, shapeIssueSummary } from "./jira-issue.js";
export { capText, DEFAULT_MAX_RESULT_CHARS } from "./size-cap.js";
