import { describe, expect, it } from "vitest";
import type { CqlExpr } from "./ast.js";
import { CqlError } from "./errors.js";
import { parseCql } from "./parser.js";

/** A compact S-expression of the WHERE tree, to assert on structure and precedence. */
function sexpr(e: CqlExpr): string {
  switch (e.type) {
    case "clause":
      return `${e.field} ${e.operator} ${e.values
        .map((v) => (v.kind === "literal" ? v.value : `${v.name}(${v.args.join(",")})`))
        .join("|")}`;
    case "not":
      return `(not ${sexpr(e.operand)})`;
    case "and":
    case "or":
      return `(${e.type} ${e.operands.map(sexpr).join(" ")})`;
  }
}

const tree = (cql: string) => sexpr(parseCql(cql).where);

function errorOf(cql: string): CqlError {
  try {
    parseCql(cql);
  } catch (e) {
    expect(e).toBeInstanceOf(CqlError);
    return e as CqlError;
  }
  throw new Error(`expected ${cql} to fail`);
}

describe("parseCql: clauses", () => {
  it("parses every operator", () => {
    expect(tree("title = x")).toBe("title = x");
    expect(tree("title != x")).toBe("title != x");
    expect(tree("title ~ x")).toBe("title ~ x");
    expect(tree("title !~ x")).toBe("title !~ x");
    expect(tree("created < 2024-01-01")).toBe("created < 2024-01-01");
    expect(tree("created <= 2024-01-01")).toBe("created <= 2024-01-01");
    expect(tree("created > 2024-01-01")).toBe("created > 2024-01-01");
    expect(tree("created >= 2024-01-01")).toBe("created >= 2024-01-01");
    expect(tree("label in (a, 'b', \"c d\")")).toBe("label in a|b|c d");
    expect(tree("label NOT IN (a)")).toBe("label not in a");
  });

  it("folds field aliases and field-name case", () => {
    expect(tree("space.key = DEV")).toBe("space = DEV");
    expect(tree("content = 1")).toBe("id = 1");
    expect(tree("lastModified > 2024-01-01")).toBe("lastmodified > 2024-01-01");
    expect(tree("TYPE = page")).toBe("type = page");
  });

  it("keeps quoted flags and parses functions case-insensitively with arguments", () => {
    const q = parseCql(
      'creator = currentUser() and created > NOW("-4w") and lastmodified < startofmonth(-1M)',
    );
    expect(sexpr(q.where)).toBe(
      "(and creator = currentUser() created > now(-4w) lastmodified < startOfMonth(-1M))",
    );
    const lit = parseCql('title = "x"').where;
    expect(lit.type === "clause" && lit.values[0]).toMatchObject({
      kind: "literal",
      quoted: true,
      offset: 8,
    });
  });

  it("accepts every date function and every date format", () => {
    for (const fn of [
      "now",
      "startOfDay",
      "startOfWeek",
      "startOfMonth",
      "startOfYear",
      "endOfDay",
      "endOfWeek",
    ]) {
      expect(() => parseCql(`created > ${fn}()`)).not.toThrow();
      expect(() => parseCql(`created > ${fn}("+2d")`)).not.toThrow();
    }
    for (const d of [
      '"2024-01-02"',
      '"2024/01/02"',
      '"2024-01-02 10:30"',
      "'2024/01/02 10:30'",
      "2024-01-02",
    ]) {
      expect(() => parseCql(`created = ${d}`)).not.toThrow();
    }
  });
});

describe("parseCql: logic and precedence", () => {
  it("binds NOT tighter than AND, and AND tighter than OR", () => {
    expect(tree("type = page or type = comment and label = a")).toBe(
      "(or type = page (and type = comment label = a))",
    );
    expect(tree("type = page and type = comment or label = a")).toBe(
      "(or (and type = page type = comment) label = a)",
    );
    expect(tree("not type = page and label = a")).toBe("(and (not type = page) label = a)");
    expect(tree("not not type = page")).toBe("(not (not type = page))");
  });

  it("lets parentheses override precedence", () => {
    expect(tree("(type = page or type = comment) and label = a")).toBe(
      "(and (or type = page type = comment) label = a)",
    );
    expect(tree("not (type = page or label = a)")).toBe("(not (or type = page label = a))");
    expect(tree("((type = page))")).toBe("type = page");
  });

  it("flattens chains and reads keywords in any case", () => {
    expect(tree("type = page AnD label = a aNd label = b Or label = c OR label = d")).toBe(
      "(or (and type = page label = a label = b) label = c label = d)",
    );
  });
});

describe("parseCql: ORDER BY", () => {
  it("reads several keys with optional directions", () => {
    expect(parseCql("type = page order by title").orderBy).toEqual([{ field: "title", direction: "asc" }]);
    expect(
      parseCql("type = page ORDER BY lastModified DESC, space.key asc, id, content desc, type").orderBy,
    ).toEqual([
      { field: "lastmodified", direction: "desc" },
      { field: "space", direction: "asc" },
      { field: "id", direction: "asc" },
      { field: "id", direction: "desc" },
      { field: "type", direction: "asc" },
    ]);
    expect(parseCql("type = page").orderBy).toEqual([]);
  });
});

describe("parseCql: errors", () => {
  it("starts every message with Confluence's prefix, the query and the position", () => {
    const e = errorOf("title = ");
    expect(e.message).toBe(
      "Could not parse cql : title =  (line 1, col 9) expected a value but found end of query",
    );
    expect(e.position).toEqual({ offset: 8, line: 1, column: 9 });
  });

  it("names what was expected and what was found", () => {
    expect(errorOf("").detail).toMatch(/query is empty/);
    expect(errorOf("   ").detail).toMatch(/query is empty/);
    expect(errorOf("title").detail).toMatch(/expected an operator .* but found end of query/);
    expect(errorOf("title x").detail).toMatch(/expected an operator .* but found 'x'/);
    expect(errorOf("title = a b").detail).toBe("expected AND, OR, ORDER BY or end of query but found 'b'");
    expect(errorOf("(title = a").detail).toBe("expected ')', AND or OR but found end of query");
    expect(errorOf("title = a)").detail).toMatch(/found '\)'/);
    expect(errorOf("and title = a").detail).toBe("expected a field name, NOT or '(' but found keyword 'AND'");
    expect(errorOf("title = a and").detail).toMatch(
      /expected a field name, NOT or '\(' but found end of query/,
    );
    expect(errorOf("label in a").detail).toMatch(/expected '\(' to start the list after IN/);
    expect(errorOf("label in ()").detail).toMatch(/expected a value but found '\)'/);
    expect(errorOf("label in (a b)").detail).toMatch(/expected ',' or '\)' in the list/);
    expect(errorOf("label not x").detail).toMatch(/expected IN after NOT/);
    expect(errorOf("title = and").detail).toMatch(/quote AND to use it as a value/);
    expect(errorOf("title = a order title").detail).toMatch(/expected BY after ORDER/);
    expect(errorOf("title = a order by").detail).toMatch(
      /expected a field to order by but found end of query/,
    );
    expect(errorOf("title = a order by title desc desc").detail).toMatch(/expected ',' or end of query/);
    expect(errorOf("order by title").detail).toMatch(/found keyword 'ORDER'/);
  });

  it("reports positions on later lines", () => {
    const e = errorOf("type = page\n  and title");
    expect(e.position).toEqual({ offset: 23, line: 2, column: 12 });
    expect(e.message).toContain("(line 2, col 12)");
  });

  it("names unsupported fields", () => {
    const e = errorOf("foo = bar");
    expect(e.message).toMatch(/^Could not parse cql : foo = bar \(line 1, col 1\) unsupported field 'foo'/);
    expect(e.detail).toContain("supported fields are type, space");
    expect(errorOf("type = page and Space.Name = x").detail).toMatch(/unsupported field 'Space.Name'/);
  });

  it("names operators a field does not support", () => {
    expect(errorOf("label ~ foo").detail).toBe(
      "operator '~' is not supported by field 'label'; use =, !=, IN, NOT IN",
    );
    expect(errorOf("text = foo").detail).toBe("operator '=' is not supported by field 'text'; use ~, !~");
    expect(errorOf("text in (a)").detail).toMatch(/operator 'IN' is not supported by field 'text'/);
    expect(errorOf("created ~ 2024-01-01").detail).toMatch(
      /operator '~' is not supported by field 'created'/,
    );
    expect(errorOf("created in (2024-01-01)").detail).toMatch(/'IN' is not supported by field 'created'/);
    expect(errorOf("type > page").detail).toMatch(/'>' is not supported by field 'type'/);
  });

  it("rejects bad values, functions and arguments", () => {
    expect(errorOf("created > yesterday").detail).toMatch(/invalid date 'yesterday' for field 'created'/);
    expect(errorOf("created > 2024-02-30").detail).toMatch(/invalid date/);
    expect(errorOf("created > nope()").detail).toBe("unknown function 'nope()'");
    expect(errorOf("label = now()").detail).toBe("function 'now()' cannot be used with field 'label'");
    expect(errorOf("created > currentUser()").detail).toMatch(
      /'currentUser\(\)' cannot be used with field 'created'/,
    );
    expect(errorOf("creator = now()").detail).toMatch(/cannot be used with field 'creator'/);
    expect(errorOf('created > now("-4x")').detail).toMatch(/invalid increment '-4x' for now\(\)/);
    expect(errorOf('created > now("-4w", "1d")').detail).toMatch(/at most one argument/);
    expect(errorOf('creator = currentUser("x")').detail).toBe("currentUser() takes no arguments");
    expect(errorOf("created > now(").detail).toMatch(
      /expected an argument for now\(\) but found end of query/,
    );
    expect(errorOf('created > now("-1d"').detail).toMatch(/expected ',' or '\)' to close now\(/);
    expect(errorOf("type = pages").detail).toMatch(/unsupported type 'pages'; use one of page, blogpost/);
    expect(errorOf('text ~ "  "').detail).toMatch(/text to search for with '~' is empty/);
    expect(errorOf("title = a order by label").detail).toMatch(/cannot order by field 'label'/);
  });

  it("refuses absurd nesting with a CqlError instead of overflowing the stack", () => {
    expect(errorOf(`${"(".repeat(5000)}type = page${")".repeat(5000)}`).detail).toMatch(/nests too deeply/);
    expect(errorOf(`${"not ".repeat(5000)}type = page`).detail).toMatch(/nests too deeply/);
    expect(() => parseCql(`${"(".repeat(100)}type = page${")".repeat(100)}`)).not.toThrow();
  });
});
