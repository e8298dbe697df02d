import type { Millis } from "../state/model.js";
import { JqlError } from "./errors.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Jira's period units: years, Months, weeks, days, hours, minutes. */
export type DurationUnit = "y" | "M" | "w" | "d" | "h" | "m";

/** A signed period such as `-1w 2d`; the sign applies to every part, as in Jira. */
export type Duration = Partial<Record<DurationUnit, number>>;

const UNITS = new Set<string>(["y", "M", "w", "d", "h", "m"]);

/**
 * Parses a Jira period (`-5d`, `4w 2d`, `+1M`, `-4h 30m`). Returns null when the text is not one, so
 * callers can fall back to absolute formats. A bare number is accepted only when `defaultUnit` is given
 * (function offsets such as `startOfDay(-1)`).
 */
export function parseDuration(text: string, defaultUnit?: DurationUnit): Duration | null {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1).trim();
  }
  if (s === "") return null;
  const out: Duration = {};
  let i = 0;
  let sawPart = false;
  while (i < s.length) {
    while (s[i] === " ") i++;
    if (i >= s.length) break;
    let digits = "";
    while (i < s.length && s[i] >= "0" && s[i] <= "9") digits += s[i++];
    if (digits === "") return null;
    while (s[i] === " ") i++;
    let unit: string | undefined = s[i];
    if (unit !== undefined && UNITS.has(unit)) i++;
    else if (unit === undefined && !sawPart && defaultUnit) unit = defaultUnit;
    else return null;
    const key = unit as DurationUnit;
    out[key] = (out[key] ?? 0) + sign * Number(digits);
    sawPart = true;
  }
  return sawPart ? out : null;
}

/** Calendar parts of an instant in a time zone. Month is 1-based. */
interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function isUtc(timeZone: string): boolean {
  return timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "GMT";
}

/** ECMAScript's Date range; huge offsets such as `startOfDay(-99999999y)` fall outside it. */
export const MAX_INSTANT = 8.64e15;

export function partsInZone(ms: Millis, timeZone: string): Parts {
  if (!(Math.abs(ms) <= MAX_INSTANT))
    throw new JqlError("The date is outside the range that can be searched.");
  if (isUtc(timeZone)) {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** The instant of a wall-clock time in a zone; for DST gaps it lands on the later side, like java.time. */
export function zonedTime(p: Parts, timeZone: string): Millis {
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
  if (isUtc(timeZone)) return asUtc;
  const offsetAt = (t: Millis) => {
    const q = partsInZone(t, timeZone);
    return Date.UTC(q.year, q.month - 1, q.day, q.hour, q.minute, q.second, q.ms) - t;
  };
  let guess = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(guess);
  if (second !== guess) guess = Math.max(guess, second);
  return guess;
}

/** Shifts by whole calendar units in the zone (months clamp to the month's last day), then by time. */
export function addDuration(ms: Millis, d: Duration, timeZone: string): Millis {
  let out = ms;
  if (d.y || d.M || d.w || d.d) {
    const p = partsInZone(ms, timeZone);
    const monthIndex = p.year * 12 + (p.month - 1) + (d.y ?? 0) * 12 + (d.M ?? 0);
    const year = Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(p.day, lastDay);
    // Days are added through Date.UTC so month/year roll-over is handled for us.
    const shifted = new Date(Date.UTC(year, month - 1, day + (d.w ?? 0) * 7 + (d.d ?? 0)));
    out = zonedTime(
      { ...p, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() },
      timeZone,
    );
  }
  return out + (d.h ?? 0) * HOUR + (d.m ?? 0) * MINUTE;
}

/** Relative date values (`created > -2w`) are exact spans back from now, not calendar steps. */
export function durationMillis(d: Duration): number {
  return (
    (d.y ?? 0) * 365 * DAY +
    (d.M ?? 0) * 30 * DAY +
    (d.w ?? 0) * WEEK +
    (d.d ?? 0) * DAY +
    (d.h ?? 0) * HOUR +
    (d.m ?? 0) * MINUTE
  );
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** False for `2024-01-31`, true for `2024-01-31 14:30`. */
  hasTime: boolean;
}

function readInt(s: string, from: number, len: number): number | null {
  const chunk = s.slice(from, from + len);
  if (chunk.length !== len) return null;
  for (const c of chunk) if (c < "0" || c > "9") return null;
  return Number(chunk);
}

/** Parses `yyyy-MM-dd`, `yyyy/MM/dd`, each with an optional ` HH:mm`, rejecting impossible dates. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const s = text.trim();
  const year = readInt(s, 0, 4);
  const sep = s[4];
  if (year === null || (sep !== "-" && sep !== "/") || s[7] !== sep) return null;
  const month = readInt(s, 5, 2);
  const day = readInt(s, 8, 2);
  if (month === null || day === null || month < 1 || month > 12) return null;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (s.length === 10) return { year, month, day, hour: 0, minute: 0, hasTime: false };
  let i = 10;
  if (s[i] !== " ") return null;
  while (s[i] === " ") i++;
  const hour = readInt(s, i, 2);
  const minute = readInt(s, i + 3, 2);
  if (hour === null || minute === null || s[i + 2] !== ":" || s.length !== i + 5) return null;
  if (hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute, hasTime: true };
}

/** Days since 1970-01-01 of a calendar date; the unit `duedate` comparisons work in. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY;
}

/** Day number of a stored `YYYY-MM-DD`, or null when malformed. */
export function isoDayNumber(iso: string): number | null {
  const d = parseCalendarDate(iso);
  return d ? dayNumber(d.year, d.month, d.day) : null;
}

/** The local calendar day (in `timeZone`) that contains an instant. */
export function dayNumberOf(ms: Millis, timeZone: string): number {
  const p = partsInZone(ms, timeZone);
  return dayNumber(p.year, p.month, p.day);
}

export type Period = "day" | "week" | "month" | "year";

/**
 * Jira's startOfWeek() follows the user's locale; the sandbox uses the en-US convention (weeks start
 * on Sunday) because its seeded users are en-US.
 */
const FIRST_DAY_OF_WEEK = 0;

/** Start of the day/week/month/year containing `ms`, in the zone. */
export function startOfPeriod(ms: Millis, period: Period, timeZone: string): Millis {
  const p = partsInZone(ms, timeZone);
  let { year, month, day } = p;
  if (period === "week") {
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    const back = (weekday - FIRST_DAY_OF_WEEK + 7) % 7;
    const d = new Date(Date.UTC(year, month - 1, day - back));
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  } else if (period === "month") {
    day = 1;
  } else if (period === "year") {
    month = 1;
    day = 1;
  }
  return zonedTime({ year, month, day, hour: 0, minute: 0, second: 0, ms: 0 }, timeZone);
}

/** The last millisecond of the period containing `ms`. */
export function endOfPeriod(ms: Millis, period: Period, timeZone: string, offset: Duration = {}): Millis {
  const start = startOfPeriod(ms, period, timeZone);
  const one: Duration =
    period === "day" ? { d: 1 } : period === "week" ? { w: 1 } : period === "month" ? { M: 1 } : { y: 1 };
  const nextStart = addDuration(start, one, timeZone);
  return addDuration(nextStart, offset, timeZone) - 1;
}
