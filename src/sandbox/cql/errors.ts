/** Where in the query text a problem was found: 0-based offset, 1-based line and column. */
export interface CqlPosition {
  offset: number;
  line: number;
  column: number;
}

/**
 * The only error this module throws for bad input, so HTTP handlers can map it to Confluence's
 * 400 response without guessing. The message mirrors Confluence's "Could not parse cql : <query>"
 * prefix and then says what went wrong and where, so a client (or an agent) can fix the query.
 */
export class CqlError extends Error {
  override readonly name = "CqlError";
  readonly cql: string;
  readonly position: CqlPosition | null;
  /** The problem alone, without the prefix and the position. */
  readonly detail: string;

  constructor(cql: string, detail: string, position: CqlPosition | null = null) {
    const where = position ? ` (line ${position.line}, col ${position.column})` : "";
    super(`Could not parse cql : ${cql}${where} ${detail}`);
    this.cql = cql;
    this.detail = detail;
    this.position = position;
  }
}

/** Turns an offset into a line/column pair; lines are split on \n, \r\n and lone \r. */
export function positionAt(text: string, offset: number): CqlPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
