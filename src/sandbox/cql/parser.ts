import type {
  CqlClause,
  CqlExpr,
  CqlFunctionCall,
  CqlOperator,
  CqlOrderKey,
  CqlQuery,
  CqlValue,
} from "./ast.js";
import { DATE_FUNCTIONS, parseDateLiteral, parseOffset } from "./dates.js";
import { CqlError, positionAt } from "./errors.js";
import { CONTENT_TYPES, FIELDS, type FieldSpec, ORDER_FIELDS, operatorText } from "./fields.js";
import { type Token, tokenize } from "./lexer.js";

/*
 * Grammar (keywords are case-insensitive; NOT binds tighter than AND, AND tighter than OR):
 *
 *   query    := or [ORDER BY orderKey ("," orderKey)*] EOF
 *   or       := and (OR and)*
 *   and      := not (AND not)*
 *   not      := NOT not | primary
 *   primary  := "(" or ")" | clause
 *   clause   := FIELD op value | FIELD (IN | NOT IN) "(" value ("," value)* ")"
 *   op       := "=" | "!=" | "~" | "!~" | "<" | "<=" | ">" | ">="
 *   value    := WORD | STRING | FUNC "(" [arg ("," arg)*] ")"
 *   orderKey := FIELD [ASC | DESC]
 */

/** Words that cannot be used unquoted as a field or a value. */
const RESERVED = new Set(["and", "or", "not", "in", "order"]);

/** Parentheses and NOTs deeper than this are refused, so hostile input cannot overflow the stack. */
const MAX_DEPTH = 200;

const USER_FUNCTIONS = new Map([["currentuser", "currentUser"]]);

const SUPPORTED_FIELD_LIST = [...FIELDS.keys()].join(", ");

function describe(token: Token): string {
  switch (token.kind) {
    case "eof":
      return "end of query";
    case "string": {
      const v = token.value.length > 40 ? `${token.value.slice(0, 40)}...` : token.value;
      return `string ${JSON.stringify(v)}`;
    }
    case "word": {
      const v = token.value.length > 40 ? `${token.value.slice(0, 40)}...` : token.value;
      return RESERVED.has(token.value.toLowerCase()) ? `keyword '${v.toUpperCase()}'` : `'${v}'`;
    }
    default:
      return `'${token.value}'`;
  }
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;

  constructor(private readonly cql: string) {
    this.tokens = tokenize(cql);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "word" && token.value.toLowerCase() === keyword;
  }

  private fail(offset: number, detail: string): never {
    throw new CqlError(this.cql, detail, positionAt(this.cql, offset));
  }

  private expected(what: string, token: Token = this.peek()): never {
    return this.fail(token.offset, `expected ${what} but found ${describe(token)}`);
  }

  parseQuery(): CqlQuery {
    if (this.peek().kind === "eof") this.fail(0, "the query is empty: expected a clause such as type = page");
    const where = this.parseOr();
    const orderBy: CqlOrderKey[] = [];
    if (this.isKeyword(this.peek(), "order")) {
      this.next();
      if (!this.isKeyword(this.peek(), "by")) this.expected("BY after ORDER");
      this.next();
      orderBy.push(this.parseOrderKey());
      while (this.peek().kind === "comma") {
        this.next();
        orderBy.push(this.parseOrderKey());
      }
    }
    if (this.peek().kind !== "eof") {
      this.expected(orderBy.length > 0 ? "',' or end of query" : "AND, OR, ORDER BY or end of query");
    }
    return { source: this.cql, where, orderBy };
  }

  private parseOrderKey(): CqlOrderKey {
    const token = this.peek();
    if (token.kind !== "word" || RESERVED.has(token.value.toLowerCase()))
      this.expected("a field to order by");
    const field = ORDER_FIELDS.get(token.value.toLowerCase());
    if (!field) {
      this.fail(
        token.offset,
        `cannot order by field '${token.value}'; use one of ${[...ORDER_FIELDS.keys()].join(", ")}`,
      );
    }
    this.next();
    let direction: "asc" | "desc" = "asc";
    if (this.isKeyword(this.peek(), "asc") || this.isKeyword(this.peek(), "desc")) {
      direction = this.next().value.toLowerCase() as "asc" | "desc";
    }
    return { field, direction };
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_DEPTH)
      this.fail(offset, `the query nests too deeply (more than ${MAX_DEPTH} levels)`);
  }

  private parseOr(): CqlExpr {
    const operands = [this.parseAnd()];
    while (this.isKeyword(this.peek(), "or")) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { type: "or", operands };
  }

  private parseAnd(): CqlExpr {
    const operands = [this.parseNot()];
    while (this.isKeyword(this.peek(), "and")) {
      this.next();
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? operands[0] : { type: "and", operands };
  }

  private parseNot(): CqlExpr {
    const token = this.peek();
    if (this.isKeyword(token, "not")) {
      this.next();
      this.enter(token.offset);
      const operand = this.parseNot();
      this.depth--;
      return { type: "not", operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): CqlExpr {
    const token = this.peek();
    if (token.kind === "lparen") {
      this.next();
      this.enter(token.offset);
      const inner = this.parseOr();
      this.depth--;
      if (this.peek().kind !== "rparen") this.expected("')', AND or OR");
      this.next();
      return inner;
    }
    if (token.kind === "word" && !RESERVED.has(token.value.toLowerCase())) return this.parseClause();
    return this.expected("a field name, NOT or '('");
  }

  private parseClause(): CqlClause {
    const fieldToken = this.next();
    const spec = FIELDS.get(fieldToken.value.toLowerCase());
    if (!spec) {
      this.fail(
        fieldToken.offset,
        `unsupported field '${fieldToken.value}'; supported fields are ${SUPPORTED_FIELD_LIST}`,
      );
    }
    const opToken = this.peek();
    let operator: CqlOperator;
    if (opToken.kind === "op") {
      operator = opToken.value as CqlOperator;
      this.next();
    } else if (this.isKeyword(opToken, "in")) {
      operator = "in";
      this.next();
    } else if (this.isKeyword(opToken, "not")) {
      this.next();
      if (!this.isKeyword(this.peek(), "in")) this.expected("IN after NOT");
      this.next();
      operator = "not in";
    } else {
      return this.expected(
        `an operator (=, !=, ~, !~, <, <=, >, >=, IN, NOT IN) after '${fieldToken.value}'`,
      );
    }
    if (!spec.operators.includes(operator)) {
      this.fail(
        opToken.offset,
        `operator '${operatorText(operator)}' is not supported by field '${fieldToken.value}'; ` +
          `use ${spec.operators.map(operatorText).join(", ")}`,
      );
    }
    const values: CqlValue[] = [];
    if (operator === "in" || operator === "not in") {
      if (this.peek().kind !== "lparen")
        this.expected(`'(' to start the list after ${operatorText(operator)}`);
      this.next();
      values.push(this.parseValue());
      while (this.peek().kind === "comma") {
        this.next();
        values.push(this.parseValue());
      }
      if (this.peek().kind !== "rparen") this.expected("',' or ')' in the list");
      this.next();
    } else {
      values.push(this.parseValue());
    }
    for (const v of values) this.validate(spec, fieldToken.value, operator, v);
    return { type: "clause", field: spec.field, operator, values, offset: fieldToken.offset };
  }

  private parseValue(): CqlValue {
    const token = this.peek();
    if (token.kind === "string") {
      this.next();
      return { kind: "literal", value: token.value, quoted: true, offset: token.offset };
    }
    if (token.kind === "word" && !RESERVED.has(token.value.toLowerCase())) {
      this.next();
      if (this.peek().kind === "lparen") return this.parseFunctionArgs(token);
      return { kind: "literal", value: token.value, quoted: false, offset: token.offset };
    }
    if (token.kind === "word") {
      return this.expected(`a value (quote ${token.value.toUpperCase()} to use it as a value)`);
    }
    return this.expected("a value");
  }

  private parseFunctionArgs(nameToken: Token): CqlFunctionCall {
    this.next(); // "("
    const args: string[] = [];
    if (this.peek().kind !== "rparen") {
      for (;;) {
        const arg = this.peek();
        if (arg.kind !== "string" && arg.kind !== "word")
          this.expected(`an argument for ${nameToken.value}()`);
        args.push(arg.value);
        this.next();
        if (this.peek().kind !== "comma") break;
        this.next();
      }
    }
    if (this.peek().kind !== "rparen") this.expected(`',' or ')' to close ${nameToken.value}(`);
    this.next();
    const lower = nameToken.value.toLowerCase();
    const name = DATE_FUNCTIONS.get(lower) ?? USER_FUNCTIONS.get(lower);
    if (!name) this.fail(nameToken.offset, `unknown function '${nameToken.value}()'`);
    return { kind: "function", name, args, offset: nameToken.offset };
  }

  /** Checks a value against its field so that evaluation can never fail on user input. */
  private validate(spec: FieldSpec, fieldName: string, operator: CqlOperator, value: CqlValue): void {
    if (value.kind === "function") {
      const isDate = DATE_FUNCTIONS.has(value.name.toLowerCase());
      const fits = (spec.kind === "date" && isDate) || (spec.kind === "user" && value.name === "currentUser");
      if (!fits)
        this.fail(value.offset, `function '${value.name}()' cannot be used with field '${fieldName}'`);
      if (isDate) {
        if (value.args.length > 1) {
          this.fail(value.offset, `${value.name}() takes at most one argument, an increment such as "-4w"`);
        }
        if (value.args.length === 1 && !parseOffset(value.args[0])) {
          this.fail(
            value.offset,
            `invalid increment '${value.args[0]}' for ${value.name}(): use (+/-)nn followed by y, M, w, d, h or m, e.g. "-4w"`,
          );
        }
      } else if (value.args.length > 0) {
        this.fail(value.offset, `${value.name}() takes no arguments`);
      }
      return;
    }
    if (spec.kind === "date" && !parseDateLiteral(value.value)) {
      this.fail(
        value.offset,
        `invalid date '${value.value}' for field '${fieldName}': use "yyyy-MM-dd", "yyyy/MM/dd", ` +
          `"yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm" or a date function such as now("-4w")`,
      );
    }
    if (spec.field === "type" && !CONTENT_TYPES.includes(value.value.toLowerCase())) {
      this.fail(value.offset, `unsupported type '${value.value}'; use one of ${CONTENT_TYPES.join(", ")}`);
    }
    if ((operator === "~" || operator === "!~") && value.value.trim() === "") {
      this.fail(value.offset, `the text to search for with '${operator}' is empty`);
    }
  }
}

/** Parses and validates CQL text; throws CqlError on any syntax or field problem. */
export function parseCql(cql: string): CqlQuery {
  if (typeof cql !== "string") throw new CqlError(String(cql), "the query must be a string");
  return new Parser(cql).parseQuery();
}
