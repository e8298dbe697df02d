import type { Position } from "./ast.js";
import { syntaxError } from "./errors.js";

export type TokenType =
  | "word"
  | "string"
  | "op"
  | "lparen"
  | "rparen"
  | "comma"
  | "lbracket"
  | "rbracket"
  | "and"
  | "or"
  | "not"
  | "eof";

export interface Token {
  type: TokenType;
  /** Unescaped value for words and strings; the operator for `op`. */
  value: string;
  /** The exact source text, used in error messages. */
  raw: string;
  position: Position;
}

/** Characters that end an unquoted word because they are JQL punctuation or operators. */
const WORD_STOP = new Set([..."\"'(),=!<>~[]|&"]);

/**
 * Characters Jira reserves for future use: they may only appear quoted or escaped, and Jira refuses
 * them with a dedicated message rather than a generic syntax error.
 */
const RESERVED_CHARS = new Set([..."{}*/%+^$#@?;"]);

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\u00a0";
}

/**
 * Splits a query into tokens. Hand-written rather than regex-driven so that every error can name the
 * exact offending character and its 1-based line/column the way Jira's ANTLR lexer does.
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const posAt = (offset: number): Position => ({ offset, line, column: offset - lineStart + 1 });

  const readEscape = (at: number): { text: string; next: number } => {
    const ch = input[at + 1];
    switch (ch) {
      case '"':
      case "'":
      case "\\":
      case " ":
        return { text: ch, next: at + 2 };
      case "n":
        return { text: "\n", next: at + 2 };
      case "r":
        return { text: "\r", next: at + 2 };
      case "t":
        return { text: "\t", next: at + 2 };
      case "u": {
        const hex = input.slice(at + 2, at + 6);
        if (hex.length === 4 && [...hex].every((c) => "0123456789abcdefABCDEF".includes(c))) {
          return { text: String.fromCharCode(Number.parseInt(hex, 16)), next: at + 6 };
        }
        throw syntaxError(`The escape sequence '\\u${hex}' is not a valid unicode escape.`, posAt(at));
      }
      default: {
        const shown = ch === undefined ? "\\" : `\\${ch}`;
        throw syntaxError(`Illegal escape sequence '${shown}'.`, posAt(at));
      }
    }
  };

  while (i < input.length) {
    const ch = input[i];
    if (isSpace(ch)) {
      if (ch === "\n") {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    const position = posAt(i);
    const push = (type: TokenType, value: string, end: number) => {
      tokens.push({ type, value, raw: input.slice(start, end), position });
      i = end;
    };

    if (ch === '"' || ch === "'") {
      let value = "";
      let j = i + 1;
      let closed = false;
      const startLine = line;
      const startLineStart = lineStart;
      while (j < input.length) {
        const c = input[j];
        if (c === ch) {
          closed = true;
          break;
        }
        if (c === "\\") {
          const esc = readEscape(j);
          value += esc.text;
          j = esc.next;
          continue;
        }
        if (c === "\n") {
          line++;
          lineStart = j + 1;
        }
        value += c;
        j++;
      }
      if (!closed) {
        const at = { offset: start, line: startLine, column: start - startLineStart + 1 };
        throw syntaxError(`The quoted string '${value}' has not been completed.`, at);
      }
      tokens.push({ type: "string", value, raw: input.slice(start, j + 1), position });
      i = j + 1;
      continue;
    }

    const two = input.slice(i, i + 2);
    if (two === "!=" || two === "!~" || two === "<=" || two === ">=") {
      push("op", two, i + 2);
      continue;
    }
    if (two === "&&") {
      push("and", "&&", i + 2);
      continue;
    }
    if (two === "||") {
      push("or", "||", i + 2);
      continue;
    }
    switch (ch) {
      case "=":
      case "<":
      case ">":
      case "~":
        push("op", ch, i + 1);
        continue;
      case "!":
        push("not", ch, i + 1);
        continue;
      case "&":
        push("and", ch, i + 1);
        continue;
      case "|":
        push("or", ch, i + 1);
        continue;
      case "(":
        push("lparen", ch, i + 1);
        continue;
      case ")":
        push("rparen", ch, i + 1);
        continue;
      case ",":
        push("comma", ch, i + 1);
        continue;
      case "[":
        push("lbracket", ch, i + 1);
        continue;
      case "]":
        push("rbracket", ch, i + 1);
        continue;
    }

    // An unquoted word runs until whitespace or punctuation; backslash escapes are allowed inside.
    let value = "";
    let j = i;
    while (j < input.length) {
      const c = input[j];
      if (isSpace(c) || WORD_STOP.has(c)) break;
      if (RESERVED_CHARS.has(c)) {
        const code = c.charCodeAt(0).toString(16).padStart(4, "0");
        throw syntaxError(
          `The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${code}' instead.`,
          posAt(j),
        );
      }
      if (c === "\\") {
        const esc = readEscape(j);
        value += esc.text;
        j = esc.next;
        continue;
      }
      value += c;
      j++;
    }
    push("word", value, j);
  }
  tokens.push({ type: "eof", value: "", raw: "", position: posAt(i) });
  return tokens;
}
