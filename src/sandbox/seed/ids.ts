import type { Store } from "../state/store.js";

/**
 * The `store.nextId(kind, start)` counters the seeds draw from. Handlers that create records later
 * must use the same kind (and start) so new ids continue after the seeded ones and never collide,
 * whichever seed ran. Kinds are the singular of the Store map that holds the records.
 */
export const ID_KINDS = {
  /** Numeric part of the Data Center user key (`JIRAUSER10000`). */
  user: { kind: "user", start: 10000 },
  projectCategory: { kind: "projectCategory", start: 10000 },
  project: { kind: "project", start: 10000 },
  component: { kind: "component", start: 10000 },
  version: { kind: "version", start: 10000 },
  issue: { kind: "issue", start: 10000 },
  comment: { kind: "comment", start: 10000 },
  worklog: { kind: "worklog", start: 10000 },
  link: { kind: "link", start: 10000 },
  attachment: { kind: "attachment", start: 10000 },
  board: { kind: "board", start: 1 },
  sprint: { kind: "sprint", start: 1 },
  webhook: { kind: "webhook", start: 1 },
  auditRecord: { kind: "auditRecord", start: 1 },
  plan: { kind: "plan", start: 1 },
  planScenario: { kind: "planScenario", start: 1 },
  space: { kind: "space", start: 98304 },
  /** Pages, footer comments and attachments use disjoint ranges, as they share Confluence's content ids. */
  page: { kind: "page", start: 65537 },
  footerComment: { kind: "footerComment", start: 1048577 },
  /** Rendered as `att` + number. */
  confluenceAttachment: { kind: "confluenceAttachment", start: 2097153 },
  confluenceLabel: { kind: "confluenceLabel", start: 131073 },
} as const;

export type IdKind = keyof typeof ID_KINDS;

/** The next id of a kind, as a number (boards, sprints, ...). */
export function nextNumber(store: Store, kind: IdKind): number {
  const { kind: name, start } = ID_KINDS[kind];
  return store.nextId(name, start);
}

/** The next id of a kind, as the numeric string Jira and Confluence use. */
export function nextString(store: Store, kind: IdKind): string {
  return String(nextNumber(store, kind));
}
