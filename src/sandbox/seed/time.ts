/** Time helpers: every seeded date is `now` minus (or plus) an offset drawn from the PRNG. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A `YYYY-MM-DD` date in UTC, the form Jira uses for due dates and version dates. */
export function ymd(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}
