import { createHash } from "node:crypto";
import { ArgumentError } from "./errors.js";

/**
 * `next_cursor` is opaque to the model: base64url JSON of the upstream paging state plus a
 * checksum bound to the tool, so a cursor edited by hand, truncated, or passed to another tool is
 * refused with a clear error rather than silently returning the wrong page. It carries no secret,
 * so any gateway node can read any cursor.
 */
export interface CursorState {
  /** Offset for offset styles, Atlassian's token or cursor for token/cursor styles. */
  offset?: number;
  token?: string;
}

export function encodeCursor(tool: string, state: CursorState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `${payload}.${checksum(tool, payload)}`;
}

export function decodeCursor(tool: string, cursor: string): CursorState {
  const bad = () =>
    new ArgumentError(
      `next_cursor is not a cursor this tool issued. Pass the next_cursor value from the previous ${tool} result unchanged, or omit it to start from the first page.`,
    );
  if (typeof cursor !== "string" || cursor.length > 4096) throw bad();
  const dot = cursor.lastIndexOf(".");
  if (dot <= 0) throw bad();
  const payload = cursor.slice(0, dot);
  if (cursor.slice(dot + 1) !== checksum(tool, payload)) throw bad();
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (state === null || typeof state !== "object") throw bad();
    if (state.offset !== undefined && (!Number.isInteger(state.offset) || state.offset < 0)) throw bad();
    if (state.token !== undefined && typeof state.token !== "string") throw bad();
    return state;
  } catch {
    throw bad();
  }
}

function checksum(tool: string, payload: string): string {
  return createHash("sha256")
    .update(`atlasgate-cursor\0${tool}\0${payload}`)
    .digest("base64url")
    .slice(0, 16);
}
