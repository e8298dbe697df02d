import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment } from "../catalog/types.js";
import { compact } from "./compact.js";
import { shapeIssue, shapeIssueSummary } from "./jira-issue.js";

/** Compact-mode shaping by the tool's declared `shape`; anything undeclared gets the generic compaction. */
export function shapeResult(
  tool: ToolDefinition,
  value: unknown,
  deployment: Deployment,
  mode: "one" | "list",
): unknown {
  switch (tool.spec.shape) {
    case "jira_issue":
      return mode === "list"
        ? (value as any[]).map((v) => shapeIssue(v, deployment))
        : shapeIssue(value as Record<string, any>, deployment);
    case "jira_issue_list":
      return mode === "list"
        ? (value as any[]).map((v) => shapeIssueSummary(v, deployment))
        : shapeIssueSummary(value as Record<string, any>, deployment);
    default:
      return compact(value, 0, deployment === "datacenter");
  }
}
