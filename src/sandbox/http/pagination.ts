import { isInteger } from "./params.js";

/**
 * Atlassian pages in several incompatible ways; these helpers implement each one exactly so the
 * gateway's pagination adapters are tested against the real styles.
 */

export interface OffsetPage<T> {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  values: T[];
}

/** Parses `startAt`/`maxResults` with Jira's rules: negative startAt → 0, maxResults capped at `cap`. */
export function offsetParams(
  query: Record<string, string | undefined>,
  defaults: { maxResults: number; cap: number },
): { startAt: number; maxResults: number } | { error: string } {
  const rawStart = query.startAt;
  const rawMax = query.maxResults;
  if (rawStart !== undefined && !isInteger(rawStart))
    return { error: `Invalid value for startAt: '${rawStart}'` };
  if (rawMax !== undefined && !isInteger(rawMax))
    return { error: `Invalid value for maxResults: '${rawMax}'` };
  const startAt = Math.max(0, rawStart === undefined ? 0 : Number(rawStart));
  let maxResults = rawMax === undefined ? defaults.maxResults : Number(rawMax);
  if (maxResults < 0) maxResults = defaults.maxResults;
  maxResults = Math.min(maxResults, defaults.cap);
  return { startAt, maxResults };
}

export function offsetPage<T>(items: readonly T[], startAt: number, maxResults: number): OffsetPage<T> {
  const values = items.slice(startAt, startAt + maxResults);
  return {
    startAt,
    maxResults,
    total: items.length,
    isLast: startAt + values.length >= items.length,
    values,
  };
}

/**
 * Opaque cursors for Confluence v2, Plans and `nextPageToken`: base64url of the next offset plus a
 * tag, so a cursor from one listing is refused by another rather than silently misread.
 */
export function encodeCursor(tag: string, offset: number): string {
  return Buffer.from(`${tag}:${offset}`, "utf8").toString("base64url");
}

export function decodeCursor(tag: string, cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const sep = text.lastIndexOf(":");
  if (sep < 0 || text.slice(0, sep) !== tag) return null;
  const n = text.slice(sep + 1);
  if (!/^\d{1,9}$/.test(n)) return null;
  return Number(n);
}
