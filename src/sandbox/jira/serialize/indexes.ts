/**
 * Per-issue lookups of comments, worklogs, attachments and links. GET issue must stay fast with
 * thousands of records, so each store map gets a lazily built issue → records index. It is rebuilt
 * whenever the map's size changes (any add or delete elsewhere) or a writer calls `invalidate`;
 * entries are re-checked on read, so a stale index can never return a deleted record.
 */
import type { Attachment, Comment, Issue, IssueLink, Worklog } from "../../state/model.js";
import type { Store } from "../../state/store.js";

interface Index<T> {
  size: number;
  byIssue: Map<string, T[]>;
}

const cache = new WeakMap<Map<string, unknown>, Index<unknown>>();

function indexOf<T>(map: Map<string, T>, keysOf: (item: T) => string[]): Map<string, T[]> {
  const cached = cache.get(map as Map<string, unknown>) as Index<T> | undefined;
  if (cached && cached.size === map.size) return cached.byIssue;
  const byIssue = new Map<string, T[]>();
  for (const item of map.values()) {
    for (const key of keysOf(item)) {
      const list = byIssue.get(key);
      if (list) list.push(item);
      else byIssue.set(key, [item]);
    }
  }
  cache.set(map as Map<string, unknown>, { size: map.size, byIssue } as Index<unknown>);
  return byIssue;
}

/** Forgets the index of one store map; call after any write that does not change its size. */
export function invalidate(map: Map<string, unknown>): void {
  cache.delete(map);
}

function live<T extends { id: string }>(map: Map<string, T>, list: T[] | undefined): T[] {
  if (!list) return [];
  return list.every((x) => map.get(x.id) === x) ? list : list.filter((x) => map.get(x.id) === x);
}

/** Comments of an issue in creation order. */
export function commentsOf(store: Store, issueId: string): Comment[] {
  return live(store.comments, indexOf(store.comments, (c) => [c.issueId]).get(issueId));
}

export function worklogsOf(store: Store, issueId: string): Worklog[] {
  return live(store.worklogs, indexOf(store.worklogs, (w) => [w.issueId]).get(issueId));
}

export function attachmentsOf(store: Store, issueId: string): Attachment[] {
  return live(store.attachments, indexOf(store.attachments, (a) => [a.issueId]).get(issueId));
}

/** Links where the issue is either end. */
export function linksOf(store: Store, issueId: string): IssueLink[] {
  const idx = indexOf(store.links, (l) =>
    l.inwardIssueId === l.outwardIssueId ? [l.inwardIssueId] : [l.inwardIssueId, l.outwardIssueId],
  );
  return live(store.links, idx.get(issueId));
}

/**
 * Children of an issue (any type), by parent id. Parents change in place, so writers that set
 * `parentId` must `invalidate(store.issues)`; reads re-check the parent to drop stale entries.
 */
export function childrenOf(store: Store, issueId: string): Issue[] {
  const list = indexOf(store.issues, (i) => (i.parentId === null ? [] : [i.parentId])).get(issueId);
  if (!list) return [];
  return list.every((x) => x.parentId === issueId && store.issues.get(x.id) === x)
    ? list
    : list.filter((x) => x.parentId === issueId && store.issues.get(x.id) === x);
}
