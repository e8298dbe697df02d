import type {
  Clause,
  EmptyOperand,
  FieldRef,
  FunctionOperand,
  JqlQuery,
  Operand,
  Operator,
  OrderKey,
  ValueOperand,
} from "./ast.js";
import { JqlError, syntaxError } from "./errors.js";
import { type Token, tokenize } from "./lexer.js";

/**
 * Words that carry syntax and therefore must be quoted to be used as a field name or value. Jira
 * reserves many more SQL-ish words; only the ones with a meaning in JQL are enforced here.
 */
const RESERVED_WORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "is",
  "empty",
  "null",
  "order",
  "by",
  "asc",
  "desc",
  "was",
  "changed",
]);

const VALID_OPERATORS =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

/** A keyword only counts when written literally: an escaped `\u0061nd` stays a plain value. */
function isKeyword(token: Token, keyword: string): boolean {
  return token.type === "word" && token.raw.toLowerCase() === keyword;
}

function isReservedWord(token: Token): boolean {
  return token.type === "word" && RESERVED_WORDS.has(token.raw.toLowerCase());
}

/** Parses JQL text into an AST without touching any data; all value checks happen at compile time. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parseQuery();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== "eof") this.index++;
    return token;
  }

  /** Builds Jira's "Expecting X but got 'y'." or "Expecting X before the end of the query." */
  private expected(what: string, token: Token, suffix = ""): JqlError {
    const tail = suffix ? ` ${suffix}` : "";
    if (token.type === "eof")
      return syntaxError(`Expecting ${what} before the end of the query.${tail}`, null);
    return syntaxError(`Expecting ${what} but got '${token.raw}'.${tail}`, token.position);
  }

  parseQuery(): JqlQuery {
    let where: Clause | null = null;
    if (this.peek().type !== "eof" && !isKeyword(this.peek(), "order")) where = this.parseOr();
    const orderBy: OrderKey[] = [];
    if (isKeyword(this.peek(), "order")) {
      this.next();
      if (!isKeyword(this.peek(), "by")) throw this.expected("'BY'", this.peek());
      this.next();
      for (;;) {
        orderBy.push(this.parseOrderKey());
        if (this.peek().type !== "comma") break;
        this.next();
      }
      const tail = this.peek();
      if (tail.type !== "eof") throw this.expected("either 'ASC', 'DESC' or ','", tail);
    }
    const tail = this.peek();
    if (tail.type !== "eof") {
      if (where === null) throw this.expected("a field name", tail);
      throw this.expected("either 'OR' or 'AND'", tail);
    }
    return { where, orderBy };
  }

  private parseOrderKey(): OrderKey {
    const field = this.parseField();
    let direction: OrderKey["direction"] = null;
    if (isKeyword(this.peek(), "asc")) direction = "asc";
    else if (isKeyword(this.peek(), "desc")) direction = "desc";
    if (direction) this.next();
    return { field, direction };
  }

  private parseOr(): Clause {
    const clauses = [this.parseAnd()];
    while (this.peek().type === "or" || isKeyword(this.peek(), "or")) {
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? clauses[0] : { type: "or", clauses };
  }

  private parseAnd(): Clause {
    const clauses = [this.parseNot()];
    while (this.peek().type === "and" || isKeyword(this.peek(), "and")) {
      this.next();
      clauses.push(this.parseNot());
    }
    return clauses.length === 1 ? clauses[0] : { type: "and", clauses };
  }

  private parseNot(): Clause {
    const token = this.peek();
    if (token.type === "not" || isKeyword(token, "not")) {
      this.next();
      return { type: "not", clause: this.parseNot() };
    }
    if (token.type === "lparen") {
      this.next();
      const inner = this.parseOr();
      const close = this.peek();
      if (close.type !== "rparen") throw this.expected("')'", close);
      this.next();
      return inner;
    }
    return this.parseTerm();
  }

  private parseField(): FieldRef {
    const token = this.peek();
    if (token.type === "string") {
      this.next();
      return { name: token.value, quoted: true, position: token.position };
    }
    if (token.type !== "word") throw this.expected("a field name", token);
    if (isReservedWord(token)) {
      throw this.expected(
        "a field name",
        token,
        `You must surround '${token.raw}' in quotation marks to use it as a field name.`,
      );
    }
    this.next();
    if (token.raw.toLowerCase() === "cf" && this.peek().type === "lbracket") {
      this.next();
      const id = this.next();
      if (id.type !== "word" || !/^\d+$/.test(id.value)) throw this.expected("a custom field id", id);
      const close = this.next();
      if (close.type !== "rbracket") throw this.expected("']'", close);
      return {
        name: `cf[${id.value}]`,
        quoted: false,
        customFieldId: Number(id.value),
        position: token.position,
      };
    }
    return { name: token.value, quoted: false, position: token.position };
  }

  private parseOperator(): Operator {
    const token = this.peek();
    if (token.type === "op") {
      this.next();
      return token.value as Operator;
    }
    if (isKeyword(token, "in")) {
      this.next();
      return "in";
    }
    if (isKeyword(token, "not")) {
      this.next();
      if (!isKeyword(this.peek(), "in")) throw this.expected("'IN'", this.peek());
      this.next();
      return "not in";
    }
    if (isKeyword(token, "is")) {
      this.next();
      if (isKeyword(this.peek(), "not")) {
        this.next();
        return "is not";
      }
      return "is";
    }
    if (isKeyword(token, "was") || isKeyword(token, "changed")) {
      throw new JqlError(
        `The operator '${token.raw.toUpperCase()}' searches issue history, which the sandbox does not record.`,
        token.position,
      );
    }
    throw this.expected("operator", token, VALID_OPERATORS);
  }

  private parseTerm(): Clause {
    const field = this.parseField();
    const operator = this.parseOperator();
    const operand = this.parseOperand(true);
    return { type: "term", field, operator, operand };
  }

  private parseOperand(allowList: true): Operand;
  private parseOperand(allowList: false): ValueOperand | EmptyOperand | FunctionOperand;
  private parseOperand(allowList: boolean): Operand {
    const token = this.peek();
    if (token.type === "lparen" && allowList) {
      this.next();
      const items: Array<ValueOperand | EmptyOperand | FunctionOperand> = [this.parseOperand(false)];
      for (;;) {
        const sep = this.peek();
        if (sep.type === "rparen") {
          this.next();
          return { type: "list", items, position: token.position };
        }
        if (sep.type !== "comma") throw this.expected("',' or ')'", sep);
        this.next();
        items.push(this.parseOperand(false));
      }
    }
    if (isKeyword(token, "empty") || isKeyword(token, "null")) {
      this.next();
      return { type: "empty", position: token.position };
    }
    const what = allowList ? "either a value, list or function" : "either a value or function";
    if (isReservedWord(token)) {
      throw this.expected(
        what,
        token,
        `You must surround '${token.raw}' in quotation marks to use it as a value.`,
      );
    }
    if (token.type === "word" && this.peek(1).type === "lparen") {
      this.next();
      this.next();
      return { type: "function", name: token.value, args: this.parseArguments(), position: token.position };
    }
    if (token.type === "word" || token.type === "string") {
      this.next();
      return { type: "value", value: token.value, quoted: token.type === "string", position: token.position };
    }
    throw this.expected(what, token);
  }

  /** Reads `a, "b c", -1d)` after a function's `(`; arguments are plain strings, as in Jira. */
  private parseArguments(): string[] {
    const args: string[] = [];
    if (this.peek().type === "rparen") {
      this.next();
      return args;
    }
    for (;;) {
      const arg = this.peek();
      if (arg.type !== "word" && arg.type !== "string") throw this.expected("a function argument", arg);
      this.next();
      args.push(arg.value);
      const sep = this.next();
      if (sep.type === "rparen") return args;
      if (sep.type !== "comma") throw this.expected("',' or ')'", sep);
    }
  }
}
