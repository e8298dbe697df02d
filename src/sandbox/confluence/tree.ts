import type { FooterComment, Page } from "../state/model.js";
import type { Store } from "../state/store.js";
import { compareNumericIds, compareText, pageTitle } from "./shared.js";

/** Page-tree queries and the mutations that must keep the tree, comments and attachments consistent. */

/** Statuses a page tree listing shows: Confluence hides drafts and trashed pages from the hierarchy. */
const TREE_STATUSES = new Set<Page["status"]>(["current", "archived"]);

/** Direct children in tree order (position, then id). */
export function childPages(store: Store, parentId: string): Page[] {
  const out: Page[] = [];
  for (const page of store.pages.values()) {
    if (page.parentId === parentId && TREE_STATUSES.has(page.status)) out.push(page);
  }
  return out.sort(byPosition);
}

export function byPosition(a: Page, b: Page): number {
  return a.position - b.position || compareNumericIds(a.id, b.id);
}

/** Ancestors from the top of the tree down to the direct parent. */
export function ancestorsOf(store: Store, page: Page): Page[] {
  const chain: Page[] = [];
  const seen = new Set<string>([page.id]);
  let parentId = page.parentId;
  while (parentId && !seen.has(parentId)) {
    const parent = store.pages.get(parentId);
    if (!parent) break;
    chain.push(parent);
    seen.add(parentId);
    parentId = parent.parentId;
  }
  return chain.reverse();
}

/** Descendants breadth-first ("top-to-bottom"), each with its depth below `root` (children are depth 1). */
export function descendantsOf(
  store: Store,
  root: Page,
  maxDepth: number,
): Array<{ page: Page; depth: number }> {
  const out: Array<{ page: Page; depth: number }> = [];
  let level = [root];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: Page[] = [];
    for (const parent of level) {
      for (const child of childPages(store, parent.id)) {
        out.push({ page: child, depth });
        next.push(child);
      }
    }
    level = next;
  }
  return out;
}

/** Whether `candidate` is `page` itself or below it: moving a page under it would make a cycle. */
export function isSelfOrDescendant(store: Store, page: Page, candidate: Page): boolean {
  let cursor: Page | undefined = candidate;
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.id)) {
    if (cursor.id === page.id) return true;
    seen.add(cursor.id);
    cursor = cursor.parentId ? store.pages.get(cursor.parentId) : undefined;
  }
  return false;
}

/** Next free position under a parent (or at the space root). */
export function nextPosition(store: Store, spaceId: string, parentId: string | null): number {
  let max = -1;
  for (const p of store.pages.values()) {
    if (p.spaceId === spaceId && p.parentId === parentId && p.position > max) max = p.position;
  }
  return max + 1;
}

/** A live page (current or archived, never a draft) in the space already has this title, case-insensitively. */
export function titleTaken(store: Store, spaceId: string, title: string, exceptId: string | null): boolean {
  const wanted = title.toLowerCase();
  for (const p of store.pages.values()) {
    if (p.spaceId !== spaceId || p.id === exceptId) continue;
    if (p.status !== "current" && p.status !== "archived") continue;
    if (pageTitle(p).toLowerCase() === wanted) return true;
  }
  return false;
}

/**
 * Trashing a page lifts its children to its own parent, as Confluence does, so they stay reachable in
 * the tree while the page sits in the trash.
 */
export function trashPage(store: Store, page: Page): void {
  page.status = "trashed";
  for (const child of store.pages.values()) {
    if (child.parentId === page.id && child.status !== "trashed") child.parentId = page.parentId;
  }
}

/** Purging removes the page with everything hanging off it: comments, attachments. */
export function purgePage(store: Store, page: Page): void {
  for (const child of store.pages.values()) if (child.parentId === page.id) child.parentId = page.parentId;
  store.pages.delete(page.id);
  for (const [id, c] of store.footerComments) if (c.pageId === page.id) store.footerComments.delete(id);
  for (const [id, a] of store.confluenceAttachments)
    if (a.pageId === page.id) store.confluenceAttachments.delete(id);
  for (const space of store.spaces.values()) if (space.homepageId === page.id) space.homepageId = null;
}

/** A comment and all replies below it (deleting a comment deletes its thread). */
export function commentThread(store: Store, root: FooterComment): FooterComment[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const c of store.footerComments.values()) if (c.parentCommentId === out[i].id) out.push(c);
  }
  return out;
}

export type PageSort =
  | "id"
  | "-id"
  | "created-date"
  | "-created-date"
  | "modified-date"
  | "-modified-date"
  | "title"
  | "-title"
  | "child-position"
  | "-child-position";

/** Sorts by one of Confluence's sort keys; ties always fall back to id so pagination is stable. */
export function sortPages(pages: Page[], sort: PageSort | undefined, fallback: PageSort = "id"): Page[] {
  const key = sort ?? fallback;
  const desc = key.startsWith("-");
  const field = desc ? key.slice(1) : key;
  const modified = (p: Page) => p.versions[p.versions.length - 1]?.createdAt ?? p.createdAt;
  const cmp = (a: Page, b: Page): number => {
    let r = 0;
    if (field === "created-date") r = a.createdAt - b.createdAt;
    else if (field === "modified-date") r = modified(a) - modified(b);
    else if (field === "title") r = compareText(pageTitle(a), pageTitle(b));
    else if (field === "child-position") r = a.position - b.position;
    if (r === 0) r = compareNumericIds(a.id, b.id);
    return desc ? -r : r;
  };
  return pages.sort(cmp);
}
