/** Query-parameter checks shared by every route, matching how Atlassian rejects bad values. */

export function isInteger(value: string): boolean {
  return /^-?\d{1,15}$/.test(value);
}

/** Atlassian accepts `true`/`false` in any case; anything else is a 400. */
export function parseBoolean(value: string | undefined, fallback: boolean): boolean | null {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  return null;
}

/** A body list given as an array of strings or one comma-separated string; null when malformed. */
export function parseBodyList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return parseList([value]);
  if (Array.isArray(value) && value.every((x) => typeof x === "string")) return parseList(value);
  return null;
}

/** Comma-separated list params (`fields=summary,status`), also accepted repeated. */
export function parseList(values: string[] | undefined): string[] {
  if (!values) return [];
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
