/**
 * Rank arithmetic for the agile rank operations. Jira's rank field (LexoRank, e.g. `0|i000ab:`) is a
 * string whose plain lexicographic order is the backlog order, and `ORDER BY rank` sorts by it. To
 * move an issue, Jira writes a new string strictly between its new neighbours and leaves every
 * other issue untouched; these helpers do the same over whole strings, so existing seed ranks and
 * generated ones compare correctly whatever characters (`|`, `:`) they contain.
 */
import type { Issue } from "../state/model.js";

/** Characters used for generated positions, in code-point order. */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A string strictly between `lower` and `upper` in code-point order (`null` = unbounded). Throws
 * when none exists or the bounds are out of order: callers rank against distinct existing ranks.
 */
export function rankBetween(lower: string | null, upper: string | null): string {
  const lo = lower ?? "";
  if (upper !== null && !(lo < upper)) throw new RangeError(`no rank between ${lower} and ${upper}`);
  return between(lo, upper);
}

function between(lo: string, hi: string | null): string {
  let i = 0;
  while (hi !== null && i < lo.length && i < hi.length && lo[i] === hi[i]) i++;
  const prefix = lo.slice(0, i);
  const loCode = i < lo.length ? lo.charCodeAt(i) : -1;
  const hiCode = hi === null ? 0x10000 : hi.charCodeAt(i);
  const candidates: string[] = [];
  for (const d of DIGITS) {
    const code = d.charCodeAt(0);
    if (code > loCode && code < hiCode) candidates.push(d);
  }
  if (loCode === -1) {
    // A result ending in "0" would leave no room below it later, so "0" is never the last character.
    const roomy = candidates.filter((d) => d !== "0");
    if (roomy.length > 0) return prefix + roomy[Math.floor(roomy.length / 2)];
    if (candidates.length > 0) return `${prefix}0${between("", null)}`;
    if (hi === null || i + 1 >= hi.length) throw new RangeError("no room between ranks");
    return prefix + hi[i] + between("", hi.slice(i + 1));
  }
  if (candidates.length > 0) return prefix + candidates[Math.floor(candidates.length / 2)];
  // Keep lo's character: everything after it is below hi already, so only lo bounds the rest.
  return prefix + lo[i] + between(lo.slice(i + 1), null);
}

/** Rank order, ties (which a healthy store never has) broken by id so listings stay deterministic. */
export function compareRank(a: Issue, b: Issue): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return Number(a.id) - Number(b.id);
}

/**
 * Places `moving` (in the given order) immediately before or after `anchor` among all issues,
 * rewriting only the moved issues' ranks. Returns false when `anchor` is one of the moved issues.
 */
export function rankRelative(
  all: Iterable<Issue>,
  moving: readonly Issue[],
  anchor: Issue,
  where: "before" | "after",
): boolean {
  const movingIds = new Set(moving.map((i) => i.id));
  if (movingIds.has(anchor.id)) return false;
  // The neighbour on the open side of the anchor, ignoring the issues that are about to move.
  let neighbour: string | null = null;
  for (const issue of all) {
    if (movingIds.has(issue.id) || issue.id === anchor.id) continue;
    const r = issue.rank;
    if (where === "before") {
      if (r < anchor.rank && (neighbour === null || r > neighbour)) neighbour = r;
    } else if (r > anchor.rank && (neighbour === null || r < neighbour)) neighbour = r;
  }
  let lower = where === "before" ? neighbour : anchor.rank;
  const upper = where === "before" ? anchor.rank : neighbour;
  if (lower !== null && upper !== null && lower === upper) lower = null;
  for (const issue of moving) {
    const next = rankBetween(lower, upper);
    issue.rank = next;
    lower = next;
  }
  return true;
}
