import { describe, expect, it } from "vitest";
import { CqlError } from "./errors.js";
import { tokenize } from "./lexer.js";

const kinds = (cql: string) => tokenize(cql).map((t) => [t.kind, t.value]);

describe("tokenize", () => {
  it("splits words, operators and punctuation", () => {
    expect(kinds('space=DEV and title ~ "a b" or label in (x,y)')).toEqual([
      ["word", "space"],
      ["op", "="],
      ["word", "DEV"],
      ["word", "and"],
      ["word", "title"],
      ["op", "~"],
      ["string", "a b"],
      ["word", "or"],
      ["word", "label"],
      ["word", "in"],
      ["lparen", "("],
      ["word", "x"],
      ["comma", ","],
      ["word", "y"],
      ["rparen", ")"],
      ["eof", ""],
    ]);
  });

  it("reads every operator, including two-character ones without spaces", () => {
    expect(kinds("a!=b!~c<d<=e>f>=g~h=i").filter(([k]) => k === "op")).toEqual([
      ["op", "!="],
      ["op", "!~"],
      ["op", "<"],
      ["op", "<="],
      ["op", ">"],
      ["op", ">="],
      ["op", "~"],
      ["op", "="],
    ]);
  });

  it("keeps dates, account ids, dotted names and wildcards as single words", () => {
    expect(kinds("2024-01-05 557058:abc-def space.key rel* 2024/01/05").slice(0, 5)).toEqual([
      ["word", "2024-01-05"],
      ["word", "557058:abc-def"],
      ["word", "space.key"],
      ["word", "rel*"],
      ["word", "2024/01/05"],
    ]);
  });

  it("unescapes double- and single-quoted strings", () => {
    expect(tokenize(String.raw`"say \"hi\" \\ \n\t \u0041"`)[0].value).toBe('say "hi" \\ \n\t A');
    expect(tokenize(String.raw`'it\'s "fine"'`)[0].value).toBe(`it's "fine"`);
    expect(tokenize(String.raw`"a\-b"`)[0].value).toBe("a-b");
    expect(tokenize(`""`)[0]).toEqual({ kind: "string", value: "", offset: 0 });
  });

  it("records offsets", () => {
    expect(tokenize("  title  =  x").map((t) => t.offset)).toEqual([2, 9, 12, 13]);
  });

  it("rejects unterminated strings, lone '!' and bad unicode escapes with CqlError", () => {
    expect(() => tokenize('title = "abc')).toThrow(/unterminated string/);
    expect(() => tokenize('title = "abc\\')).toThrow(CqlError);
    expect(() => tokenize("title ! x")).toThrow(/found '!' alone/);
    expect(() => tokenize('"\\u12"')).toThrow(/unicode escape/);
  });

  it("reports line and column of a lexical error", () => {
    try {
      tokenize('type = page\nand title = "x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CqlError);
      expect((e as CqlError).position).toEqual({ offset: 24, line: 2, column: 13 });
      expect((e as CqlError).message).toMatch(
        /^Could not parse cql : type = page\nand title = "x \(line 2, col 13\)/,
      );
    }
  });
});
