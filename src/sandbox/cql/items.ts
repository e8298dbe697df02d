import type { ConfluenceAttachment, FooterComment, Page, Space } from "../state/model.js";
import type { Store } from "../state/store.js";
import { adfToText, words } from "../text/plain-text.js";

/** One search hit. Spaces are searchable too (`type = space`), as in Confluence's search API. */
export type CqlItem =
  | { kind: "page"; page: Page }
  | { kind: "comment"; comment: FooterComment }
  | { kind: "attachment"; attachment: ConfluenceAttachment }
  | { kind: "space"; space: Space };

export interface CqlEnv {
  store: Store;
  /** Epoch millis the date functions are evaluated against; injected so tests never read the clock. */
  now: number;
  /** Account id behind `currentUser()`; null for anonymous requests, where it matches nobody. */
  currentUserId: string | null;
}

/**
 * Every item a search may return, in a stable order (spaces, pages, comments, attachments, each in
 * creation order). Only current pages are searchable, as Confluence leaves drafts, trashed and
 * archived pages out of search; comments and attachments follow their page.
 */
export function itemsOf(store: Store): CqlItem[] {
  const out: CqlItem[] = [];
  for (const space of store.spaces.values()) out.push({ kind: "space", space });
  const livePage = (id: string): boolean => store.pages.get(id)?.status === "current";
  for (const page of store.pages.values()) if (page.status === "current") out.push({ kind: "page", page });
  for (const comment of store.footerComments.values()) {
    if (comment.status === "current" && livePage(comment.pageId)) out.push({ kind: "comment", comment });
  }
  for (const attachment of store.confluenceAttachments.values()) {
    if (livePage(attachment.pageId)) out.push({ kind: "attachment", attachment });
  }
  return out;
}

export function itemId(item: CqlItem): string {
  return entityOf(item).id;
}

/** The stored object behind an item. */
function entityOf(item: CqlItem): Page | FooterComment | ConfluenceAttachment | Space {
  switch (item.kind) {
    case "page":
      return item.page;
    case "comment":
      return item.comment;
    case "attachment":
      return item.attachment;
    case "space":
      return item.space;
  }
}

/** The version history of a page or comment, oldest first; attachments and spaces have none here. */
function versionsOf(
  item: CqlItem,
): ReadonlyArray<Page["versions"][number] | FooterComment["versions"][number]> {
  if (item.kind === "page") return item.page.versions;
  if (item.kind === "comment") return item.comment.versions;
  return [];
}

/**
 * Derived facts about items, computed once per item and query. A fresh view is made for each
 * compiled query, so edits to the store between searches are always seen.
 */
export class ItemView {
  private readonly wordCache = new Map<CqlItem, { title: string[]; text: string[] }>();

  constructor(readonly store: Store) {}

  /** The page a comment or attachment lives on, or the page itself. */
  pageOf(item: CqlItem): Page | undefined {
    switch (item.kind) {
      case "page":
        return item.page;
      case "comment":
        return this.store.pages.get(item.comment.pageId);
      case "attachment":
        return this.store.pages.get(item.attachment.pageId);
      case "space":
        return undefined;
    }
  }

  spaceOf(item: CqlItem): Space | undefined {
    if (item.kind === "space") return item.space;
    const page = this.pageOf(item);
    return page ? this.store.spaces.get(page.spaceId) : undefined;
  }

  title(item: CqlItem): string {
    if (item.kind === "attachment") return item.attachment.title;
    if (item.kind === "space") return item.space.name;
    return versionsOf(item).at(-1)?.title ?? "";
  }

  /** Searchable body text (besides the title). */
  private body(item: CqlItem): string {
    if (item.kind === "attachment") return item.attachment.comment;
    if (item.kind === "space") return item.space.description;
    return adfToText(versionsOf(item).at(-1)?.body);
  }

  private cachedWords(item: CqlItem): { title: string[]; text: string[] } {
    let entry = this.wordCache.get(item);
    if (!entry) {
      const title = words(this.title(item));
      entry = { title, text: [...title, ...words(this.body(item))] };
      this.wordCache.set(item, entry);
    }
    return entry;
  }

  titleWords(item: CqlItem): string[] {
    return this.cachedWords(item).title;
  }

  /** Title words followed by body words: what `text ~` searches. */
  textWords(item: CqlItem): string[] {
    return this.cachedWords(item).text;
  }

  created(item: CqlItem): number {
    return entityOf(item).createdAt;
  }

  /** When the current version was made; attachments and spaces have no history here, so their creation. */
  lastModified(item: CqlItem): number {
    return versionsOf(item).at(-1)?.createdAt ?? entityOf(item).createdAt;
  }

  creator(item: CqlItem): string {
    return entityOf(item).authorId;
  }

  /** The creator plus every author of a version. */
  contributors(item: CqlItem): Set<string> {
    const ids = new Set([this.creator(item)]);
    for (const v of versionsOf(item)) ids.add(v.authorId);
    return ids;
  }

  /** Label names with their prefix, e.g. `{ prefix: "global", name: "howto" }`. Comments and attachments have none. */
  labels(item: CqlItem): Array<{ prefix: string; name: string }> {
    const ids = item.kind === "page" ? item.page.labelIds : item.kind === "space" ? item.space.labelIds : [];
    const out: Array<{ prefix: string; name: string }> = [];
    for (const id of ids) {
      const label = this.store.confluenceLabels.get(id);
      if (label) out.push({ prefix: label.prefix, name: label.name.toLowerCase() });
    }
    return out;
  }

  /** Id of the direct parent: the parent page of a page, the containing page of a comment or attachment. */
  parentId(item: CqlItem): string | null {
    switch (item.kind) {
      case "page":
        return item.page.parentId;
      case "comment":
        return item.comment.pageId;
      case "attachment":
        return item.attachment.pageId;
      case "space":
        return null;
    }
  }

  /**
   * Ids of every page above the item, nearest first. A comment or attachment sits below its page,
   * so `ancestor = X` also finds the comments and attachments anywhere under page X.
   */
  ancestorIds(item: CqlItem): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    let id = this.parentId(item);
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      out.push(id);
      id = this.store.pages.get(id)?.parentId ?? null;
    }
    return out;
  }

  /** The content an item lives in: the page of a comment or attachment. Pages and spaces have none here. */
  containerId(item: CqlItem): string | null {
    if (item.kind === "comment") return item.comment.pageId;
    if (item.kind === "attachment") return item.attachment.pageId;
    return null;
  }
}
