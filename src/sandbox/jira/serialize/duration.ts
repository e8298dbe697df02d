/**
 * Jira's time-tracking durations ("1w 2d 3h 20m"). Jira's defaults apply: an 8-hour day and a
 * 5-day week, so "1d" is 28,800 seconds, exactly as a stock Cloud site computes it.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 8 * HOUR;
const WEEK = 5 * DAY;

const UNITS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE };

/** Formats seconds the way Jira prints `timeSpent` (largest units first, zero parts omitted). */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0m";
  let rest = Math.round(seconds / MINUTE) * MINUTE;
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNITS)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(" ") : "0m";
}

/**
 * Parses "3h 20m", "2d", "1.5h" or a bare number of minutes. Returns null for anything Jira would
 * call an invalid duration (unknown units, repeated garbage, absurd sizes).
 */
export function parseDuration(input: string): number | null {
  const text = input.trim().toLowerCase();
  if (text === "" || text.length > 100) return null;
  if (/^\d+$/.test(text)) return Number(text) * MINUTE;
  const re = /(\d+(?:\.\d+)?)\s*([wdhm])\s*/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index !== consumed) return null;
    consumed = re.lastIndex;
    total += Number(m[1]) * (UNITS[m[2] as string] as number);
  }
  if (consumed !== text.length) return null;
  total = Math.round(total);
  if (!Number.isFinite(total) || total > 10 * 365 * 24 * HOUR) return null;
  return total;
}
