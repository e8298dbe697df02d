import type { Position } from "./ast.js";

/**
 * The one error type the JQL module throws for bad input, so HTTP handlers can turn it into Jira's
 * 400 `{ errorMessages: [message] }` without guessing whether a failure was the caller's or ours.
 */
export class JqlError extends Error {
  constructor(
    message: string,
    /** Where in the query the problem starts, when Jira would report one. */
    readonly position: Position | null = null,
  ) {
    super(message);
    this.name = "JqlError";
  }
}

/** Jira prefixes every syntax error with this and suffixes a 1-based line/character. */
export function syntaxError(detail: string, position: Position | null): JqlError {
  const where = position ? ` (line ${position.line}, character ${position.column})` : "";
  return new JqlError(`Error in the JQL Query: ${detail}${where}`, position);
}
