import type { Context } from "hono";
import { errorFor } from "./errors.js";

/** The parsed JSON body, or a ready 400 in the owning product's error shape. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON body the way Atlassian's servers do: an empty or malformed body is a 400 naming the
 * problem, never a crash. Handlers must go through this instead of `c.req.json()`.
 */
export async function readJson(c: Context, { required = true } = {}): Promise<JsonBody> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return { ok: false, response: errorFor(c, 400, "The request body could not be read.") };
  }
  if (text.trim() === "") {
    if (!required) return { ok: true, value: undefined };
    return { ok: false, response: errorFor(c, 400, "No content to map due to end-of-input") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const detail = e instanceof Error ? e.message : "invalid JSON";
    return { ok: false, response: errorFor(c, 400, `Unexpected character in JSON body: ${detail}`) };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
