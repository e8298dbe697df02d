/**
 * Date literals and date functions. The sandbox evaluates every date in UTC (Confluence uses the
 * searching user's time zone; the sandbox has no per-request zone, so UTC keeps results stable).
 * Weeks start on Sunday, as with Atlassian's default en-US locale.
 *
 * A date value is resolved to a half-open interval [from, to): an absolute day covers the whole
 * day, a "yyyy-MM-dd HH:mm" value the whole minute, and a function result one millisecond. The
 * comparison operators then read naturally: `created = "2024-05-01"` means "some time that day",
 * `created > "2024-05-01"` means "after that day", `created <= "2024-05-01"` includes it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DateInterval {
  from: number;
  to: number;
}

const DATE_RE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;

/** Parses "yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-dd HH:mm" or "yyyy/MM/dd HH:mm"; null if invalid. */
export function parseDateLiteral(text: string): DateInterval | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
  const dayStart = Date.UTC(year, month - 1, day);
  if (m[5] === undefined) return { from: dayStart, to: dayStart + DAY };
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  if (hour > 23 || minute > 59) return null;
  const t = dayStart + hour * HOUR + minute * MINUTE;
  return { from: t, to: t + MINUTE };
}

export interface DateOffset {
  amount: number;
  unit: "y" | "M" | "w" | "d" | "h" | "m";
}

const OFFSET_RE = /^([+-]?)(\d{1,6})([yYMwWdDhHm])$/;

/**
 * Parses a function increment such as "-4w", "+1M" or "2d". `M` is months and `m` minutes, as in
 * Atlassian's docs; the other units are accepted in either case. Null if invalid.
 */
export function parseOffset(text: string): DateOffset | null {
  const m = OFFSET_RE.exec(text.trim());
  if (!m) return null;
  const amount = Number(m[2]) * (m[1] === "-" ? -1 : 1);
  const raw = m[3];
  const unit = raw === "M" || raw === "m" ? raw : (raw.toLowerCase() as DateOffset["unit"]);
  return { amount, unit };
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1M = Feb 28/29). */
function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m0 = d.getUTCMonth() + months;
  const targetYear = y + Math.floor(m0 / 12);
  const targetMonth = ((m0 % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(targetYear, targetMonth));
  const timeOfDay = t - Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(targetYear, targetMonth, day) + timeOfDay;
}

export function applyOffset(t: number, offset: DateOffset | null): number {
  if (!offset) return t;
  const { amount, unit } = offset;
  switch (unit) {
    case "y":
      return addMonths(t, amount * 12);
    case "M":
      return addMonths(t, amount);
    case "w":
      return t + amount * 7 * DAY;
    case "d":
      return t + amount * DAY;
    case "h":
      return t + amount * HOUR;
    case "m":
      return t + amount * MINUTE;
  }
}

type Period = "day" | "week" | "month" | "year";

function startOfPeriod(now: number, period: Period): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case "day":
      return Date.UTC(y, m, d.getUTCDate());
    case "week":
      return Date.UTC(y, m, d.getUTCDate()) - d.getUTCDay() * DAY;
    case "month":
      return Date.UTC(y, m, 1);
    case "year":
      return Date.UTC(y, 0, 1);
  }
}

function nextPeriodStart(start: number, period: Period): number {
  switch (period) {
    case "day":
      return start + DAY;
    case "week":
      return start + 7 * DAY;
    case "month":
      return addMonths(start, 1);
    case "year":
      return addMonths(start, 12);
  }
}

/** Canonical names of the date functions, keyed by their lower-case spelling (CQL matches case-insensitively). */
export const DATE_FUNCTIONS: ReadonlyMap<string, string> = new Map(
  [
    "now",
    "startOfDay",
    "startOfWeek",
    "startOfMonth",
    "startOfYear",
    "endOfDay",
    "endOfWeek",
    "endOfMonth",
    "endOfYear",
  ].map((n) => [n.toLowerCase(), n]),
);

/**
 * Evaluates a date function at `now`. The increment moves the start of the period
 * (`startOfWeek("+1d")` is Monday); for the end functions it moves the start of the next period
 * and the result is one millisecond before it (`endOfDay("+1d")` is the last instant of tomorrow).
 */
export function evaluateDateFunction(name: string, offset: DateOffset | null, now: number): number {
  if (name === "now") return applyOffset(now, offset);
  const m = /^(start|end)Of(Day|Week|Month|Year)$/.exec(name);
  if (!m) throw new Error(`not a date function: ${name}`);
  const period = m[2].toLowerCase() as Period;
  const start = startOfPeriod(now, period);
  if (m[1] === "start") return applyOffset(start, offset);
  return applyOffset(nextPeriodStart(start, period), offset) - 1;
}
