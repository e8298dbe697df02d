import type { Pagination } from "../catalog/types.js";
import type { CursorState } from "./cursor.js";

/**
 * Adapters between the one paging contract tools expose (`limit` + opaque `next_cursor`) and each
 * Atlassian style. `pageQuery` says what to send; `pageResult` finds the items and the next state.
 */
export function pageQuery(p: Pagination, limit: number, state: CursorState): Array<[string, string]> {
  const offset = String(state.offset ?? 0);
  const size = String(limit);
  switch (p.style) {
    case "offset":
    case "offset-array":
      return [
        ["startAt", offset],
        ["maxResults", size],
      ];
    case "audit":
      return [
        ["offset", offset],
        ["limit", size],
      ];
    case "token":
      return state.token
        ? [
            ["nextPageToken", state.token],
            ["maxResults", size],
          ]
        : [["maxResults", size]];
    case "cursor":
      return state.token
        ? [
            ["cursor", state.token],
            ["maxResults", size],
          ]
        : [["maxResults", size]];
    case "cursor-links":
    case "confluence-start":
      return state.token
        ? [
            ["cursor", state.token],
            ["limit", size],
          ]
        : [["limit", size]];
    case "none":
      return [];
  }
}

export function getPath(body: unknown, path: string): unknown {
  if (path === "") return body;
  let cur = body;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The items of one page and the state of the next, or `null` when this page is the last. */
export function pageResult(
  p: Pagination,
  body: unknown,
  limit: number,
  state: CursorState,
): { items: unknown[]; next: CursorState | null } {
  const raw = getPath(body, p.itemsPath);
  const all = Array.isArray(raw) ? raw : [];
  const offset = state.offset ?? 0;
  const b = (body ?? {}) as Record<string, unknown>;
  switch (p.style) {
    case "offset": {
      const total = typeof b.total === "number" ? b.total : undefined;
      const last =
        b.isLast === true || all.length === 0 || (total !== undefined && offset + all.length >= total);
      return { items: all, next: last ? null : { offset: offset + all.length } };
    }
    case "offset-array":
      return { items: all, next: all.length < limit ? null : { offset: offset + all.length } };
    case "audit": {
      const total = typeof b.total === "number" ? b.total : 0;
      return {
        items: all,
        next: all.length === 0 || offset + all.length >= total ? null : { offset: offset + all.length },
      };
    }
    case "token": {
      const token = typeof b.nextPageToken === "string" && b.isLast !== true ? b.nextPageToken : null;
      return { items: all, next: token ? { token } : null };
    }
    case "cursor": {
      const token = typeof b.nextPageCursor === "string" && b.last !== true ? b.nextPageCursor : null;
      return { items: all, next: token ? { token } : null };
    }
    case "cursor-links":
    case "confluence-start": {
      const links = (b._links ?? {}) as Record<string, unknown>;
      const token = typeof links.next === "string" ? cursorFromLink(links.next) : null;
      return { items: all, next: token ? { token } : null };
    }
    case "none": {
      const items = all.slice(offset, offset + limit);
      return { items, next: offset + limit < all.length ? { offset: offset + limit } : null };
    }
  }
}

function cursorFromLink(link: string): string | null {
  try {
    return new URL(link, "http://x").searchParams.get("cursor");
  } catch {
    return null;
  }
}
