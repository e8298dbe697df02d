import { CqlError, positionAt } from "./errors.js";

export type TokenKind = "word" | "string" | "op" | "lparen" | "rparen" | "comma" | "eof";

export interface Token {
  kind: TokenKind;
  /** Words: the raw text; strings: the unescaped contents; ops: the operator; others: the symbol. */
  value: string;
  /** Offset of the first character of the token in the query. */
  offset: number;
}

/** Characters that end an unquoted word; everything else (letters, digits, `.`, `-`, `:`, `*`, ...) belongs to it. */
const DELIMITERS = new Set(["(", ")", ",", "=", "!", "<", ">", "~", '"', "'"]);

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

/**
 * Splits CQL text into tokens. Keywords (AND, OR, NOT, IN, ORDER BY, ASC, DESC) come out as words:
 * only the parser knows whether a word is a keyword, a field name or an unquoted value.
 */
export function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (offset: number, detail: string): never => {
    throw new CqlError(cql, detail, positionAt(cql, offset));
  };
  while (i < cql.length) {
    const ch = cql[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "(") {
      tokens.push({ kind: "lparen", value: "(", offset: start });
      i++;
    } else if (ch === ")") {
      tokens.push({ kind: "rparen", value: ")", offset: start });
      i++;
    } else if (ch === ",") {
      tokens.push({ kind: "comma", value: ",", offset: start });
      i++;
    } else if (ch === "=" || ch === "~") {
      tokens.push({ kind: "op", value: ch, offset: start });
      i++;
    } else if (ch === "<" || ch === ">") {
      const op = cql[i + 1] === "=" ? `${ch}=` : ch;
      tokens.push({ kind: "op", value: op, offset: start });
      i += op.length;
    } else if (ch === "!") {
      const next = cql[i + 1];
      if (next !== "=" && next !== "~") fail(start, "expected '!=' or '!~' but found '!' alone");
      tokens.push({ kind: "op", value: `!${next}`, offset: start });
      i += 2;
    } else if (ch === '"' || ch === "'") {
      i++;
      let value = "";
      let closed = false;
      while (i < cql.length) {
        const c = cql[i];
        if (c === ch) {
          closed = true;
          i++;
          break;
        }
        if (c === "\\") {
          const e = cql[i + 1];
          if (e === undefined) break;
          if (e === "u") {
            const hex = cql.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex))
              fail(i, "invalid unicode escape: expected \\u and four hex digits");
            value += String.fromCharCode(Number.parseInt(hex, 16));
            i += 6;
            continue;
          }
          // Unknown escapes keep the escaped character, as Lucene-style escaping (`\-`, `\*`) expects.
          value += SIMPLE_ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      if (!closed) fail(start, `unterminated string: missing closing ${ch}`);
      tokens.push({ kind: "string", value, offset: start });
    } else {
      while (i < cql.length && !isSpace(cql[i]) && !DELIMITERS.has(cql[i])) i++;
      tokens.push({ kind: "word", value: cql.slice(start, i), offset: start });
    }
  }
  tokens.push({ kind: "eof", value: "", offset: cql.length });
  return tokens;
}
