import { describe, expect, it } from "vitest";
import type { Clause, TermClause } from "./ast.js";
import { JqlError } from "./errors.js";
import { parseJql } from "./parser.js";

function where(jql: string): Clause {
  const q = parseJql(jql);
  if (!q.where) throw new Error("no where");
  return q.where;
}

function term(jql: string): TermClause {
  const c = where(jql);
  if (c.type !== "term") throw new Error(`not a term: ${c.type}`);
  return c;
}

function parseError(jql: string): string {
  try {
    parseJql(jql);
  } catch (err) {
    expect(err).toBeInstanceOf(JqlError);
    return (err as Error).message;
  }
  throw new Error(`expected a JqlError for ${jql}`);
}

/** Compact rendering of a clause tree so precedence tests read naturally. */
function shape(c: Clause): string {
  switch (c.type) {
    case "term":
      return c.field.name;
    case "not":
      return `NOT(${shape(c.clause)})`;
    case "and":
      return `AND(${c.clauses.map(shape).join(",")})`;
    case "or":
      return `OR(${c.clauses.map(shape).join(",")})`;
  }
}

describe("parseJql: structure", () => {
  it("returns an empty query for blank input", () => {
    expect(parseJql("")).toEqual({ where: null, orderBy: [] });
    expect(parseJql("   \n\t ")).toEqual({ where: null, orderBy: [] });
  });

  it("gives NOT precedence over AND and AND over OR", () => {
    expect(shape(where("a = 1 OR b = 2 AND c = 3"))).toBe("OR(a,AND(b,c))");
    expect(shape(where("a = 1 AND b = 2 OR c = 3"))).toBe("OR(AND(a,b),c)");
    expect(shape(where("NOT a = 1 AND b = 2"))).toBe("AND(NOT(a),b)");
    expect(shape(where("NOT a = 1 OR NOT NOT b = 2"))).toBe("OR(NOT(a),NOT(NOT(b)))");
  });

  it("lets parentheses override precedence", () => {
    expect(shape(where("(a = 1 OR b = 2) AND c = 3"))).toBe("AND(OR(a,b),c)");
    expect(shape(where("NOT (a = 1 AND b = 2)"))).toBe("NOT(AND(a,b))");
    expect(shape(where("((a = 1))"))).toBe("a");
  });

  it("accepts keywords in any case and the symbolic forms &&, &, ||, | and !", () => {
    expect(shape(where("a = 1 and b = 2 Or c = 3"))).toBe("OR(AND(a,b),c)");
    expect(shape(where("a = 1 && b = 2 || c = 3"))).toBe("OR(AND(a,b),c)");
    expect(shape(where("a = 1 & b = 2 | c = 3"))).toBe("OR(AND(a,b),c)");
    expect(shape(where("!a = 1"))).toBe("NOT(a)");
  });

  it("parses every operator", () => {
    const ops: Array<[string, string]> = [
      ["=", "="],
      ["!=", "!="],
      [">", ">"],
      [">=", ">="],
      ["<", "<"],
      ["<=", "<="],
      ["~", "~"],
      ["!~", "!~"],
    ];
    for (const [text, op] of ops) expect(term(`f ${text} x`).operator).toBe(op);
    expect(term("f>=x").operator).toBe(">=");
    expect(term("f in (x)").operator).toBe("in");
    expect(term("f NOT IN (x)").operator).toBe("not in");
    expect(term("f is EMPTY").operator).toBe("is");
    expect(term("f IS NOT null").operator).toBe("is not");
  });

  it("parses values: words, numbers, double and single quotes", () => {
    expect(term("f = abc-12.3").operand).toMatchObject({ type: "value", value: "abc-12.3", quoted: false });
    expect(term("f = 42").operand).toMatchObject({ type: "value", value: "42", quoted: false });
    expect(term('f = "a b"').operand).toMatchObject({ type: "value", value: "a b", quoted: true });
    expect(term("f = 'a b'").operand).toMatchObject({ type: "value", value: "a b", quoted: true });
    expect(term("f = 'AND'").operand).toMatchObject({ type: "value", value: "AND" });
    expect(term('f = "it\'s"').operand).toMatchObject({ value: "it's" });
  });

  it("unescapes backslash sequences in quoted and unquoted values", () => {
    expect(term('f = "say \\"hi\\""').operand).toMatchObject({ value: 'say "hi"' });
    expect(term("f = 'it\\'s'").operand).toMatchObject({ value: "it's" });
    expect(term('f = "back\\\\slash"').operand).toMatchObject({ value: "back\\slash" });
    expect(term('f = "line\\nbreak\\ttab"').operand).toMatchObject({ value: "line\nbreak\ttab" });
    expect(term('f = "\\u0041\\u00e9"').operand).toMatchObject({ value: "Aé" });
    expect(term("f = a\\u002fb").operand).toMatchObject({ value: "a/b", quoted: false });
    expect(term("f = a\\ b").operand).toMatchObject({ value: "a b" });
  });

  it("does not treat an escaped keyword as a keyword", () => {
    expect(term("f = \\u0041ND").operand).toMatchObject({ type: "value", value: "AND" });
  });

  it("parses EMPTY and NULL operands", () => {
    expect(term("f = EMPTY").operand.type).toBe("empty");
    expect(term("f is null").operand.type).toBe("empty");
  });

  it("parses lists, including functions and EMPTY inside", () => {
    const op = term('f in (a, "b c", 3, EMPTY, fn())').operand;
    expect(op.type).toBe("list");
    if (op.type !== "list") return;
    expect(op.items.map((i) => i.type)).toEqual(["value", "value", "value", "empty", "function"]);
  });

  it("parses functions with no, quoted, unquoted and duration arguments", () => {
    expect(term("f = currentUser()").operand).toMatchObject({
      type: "function",
      name: "currentUser",
      args: [],
    });
    expect(term("f > startOfDay(-1d)").operand).toMatchObject({ args: ["-1d"] });
    expect(term('f in membersOf("jira users", x)').operand).toMatchObject({ args: ["jira users", "x"] });
  });

  it("parses quoted field names and the cf[id] form", () => {
    expect(term('"Story Points" > 3').field).toMatchObject({ name: "Story Points", quoted: true });
    expect(term("cf[10020] = 1").field).toMatchObject({ name: "cf[10020]", customFieldId: 10020 });
    expect(term("CF[10016] = 1").field).toMatchObject({ customFieldId: 10016 });
  });

  it("parses ORDER BY with several keys and directions", () => {
    const q = parseJql("project = A ORDER BY priority DESC, created, key asc");
    expect(q.orderBy.map((o) => [o.field.name, o.direction])).toEqual([
      ["priority", "desc"],
      ["created", null],
      ["key", "asc"],
    ]);
    const only = parseJql("order by Rank");
    expect(only.where).toBeNull();
    expect(only.orderBy[0].field.name).toBe("Rank");
  });

  it("records 1-based line and column positions", () => {
    const t = term("\n  status = x");
    expect(t.field.position).toEqual({ offset: 3, line: 2, column: 3 });
  });
});

describe("parseJql: syntax errors use Jira's wording", () => {
  it("reports a missing operator (the wording Atlassian's spec shows)", () => {
    expect(parseError("invalid query")).toBe(
      "Error in the JQL Query: Expecting operator but got 'query'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    );
    expect(parseError("project")).toBe(
      "Error in the JQL Query: Expecting operator before the end of the query. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
    );
  });

  it("reports a missing value", () => {
    expect(parseError("project =")).toBe(
      "Error in the JQL Query: Expecting either a value, list or function before the end of the query.",
    );
    expect(parseError("project = )")).toBe(
      "Error in the JQL Query: Expecting either a value, list or function but got ')'. (line 1, character 11)",
    );
    expect(parseError("status = AND")).toBe(
      "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 10)",
    );
    expect(parseError("f in (a, order)")).toContain(
      "You must surround 'order' in quotation marks to use it as a value.",
    );
  });

  it("reports unbalanced parentheses and bad lists", () => {
    expect(parseError("(project = A")).toBe(
      "Error in the JQL Query: Expecting ')' before the end of the query.",
    );
    expect(parseError("(project = A x")).toBe(
      "Error in the JQL Query: Expecting ')' but got 'x'. (line 1, character 14)",
    );
    expect(parseError("f in (a b)")).toBe(
      "Error in the JQL Query: Expecting ',' or ')' but got 'b'. (line 1, character 9)",
    );
    expect(parseError("f in (a,")).toBe(
      "Error in the JQL Query: Expecting either a value or function before the end of the query.",
    );
    expect(parseError("f = fn(a b)")).toBe(
      "Error in the JQL Query: Expecting ',' or ')' but got 'b'. (line 1, character 10)",
    );
  });

  it("reports unterminated quoted strings at the opening quote", () => {
    expect(parseError("summary ~ 'abc")).toBe(
      "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
    );
    expect(parseError('a = b AND\n c = "x y')).toBe(
      "Error in the JQL Query: The quoted string 'x y' has not been completed. (line 2, character 6)",
    );
  });

  it("reports bad field names", () => {
    expect(parseError("AND = x")).toBe(
      "Error in the JQL Query: Expecting a field name but got 'AND'. You must surround 'AND' in quotation marks to use it as a field name. (line 1, character 1)",
    );
    expect(parseError("a = b AND")).toBe(
      "Error in the JQL Query: Expecting a field name before the end of the query.",
    );
    expect(parseError("= x")).toBe(
      "Error in the JQL Query: Expecting a field name but got '='. (line 1, character 1)",
    );
    expect(parseError("cf[abc] = 1")).toContain("Expecting a custom field id but got 'abc'.");
  });

  it("reports trailing garbage after a complete clause", () => {
    expect(parseError("a = b c = d")).toBe(
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'c'. (line 1, character 7)",
    );
    expect(parseError("a = b)")).toContain("Expecting either 'OR' or 'AND' but got ')'.");
  });

  it("reports ORDER BY mistakes", () => {
    expect(parseError("a = b ORDER created")).toBe(
      "Error in the JQL Query: Expecting 'BY' but got 'created'. (line 1, character 13)",
    );
    expect(parseError("ORDER BY")).toBe(
      "Error in the JQL Query: Expecting a field name before the end of the query.",
    );
    expect(parseError("ORDER BY a b")).toContain("Expecting either 'ASC', 'DESC' or ',' but got 'b'.");
  });

  it("reports NOT without IN after a field", () => {
    expect(parseError("f not x")).toContain("Expecting 'IN' but got 'x'.");
  });

  it("refuses reserved characters outside quotes", () => {
    expect(parseError("created > 2024/01/01")).toBe(
      "Error in the JQL Query: The character '/' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002f' instead. (line 1, character 15)",
    );
    expect(parseError("summary ~ win*")).toContain("The character '*' is a reserved JQL character.");
  });

  it("refuses illegal escapes", () => {
    expect(parseError('f = "a\\qb"')).toBe(
      "Error in the JQL Query: Illegal escape sequence '\\q'. (line 1, character 7)",
    );
    expect(parseError('f = "\\u12"')).toContain("is not a valid unicode escape");
  });

  it("explains that history operators are unsupported", () => {
    expect(parseError("status WAS Done")).toContain("'WAS'");
    expect(parseError("status changed")).toContain("'CHANGED'");
  });
});
