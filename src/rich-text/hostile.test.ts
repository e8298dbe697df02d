import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  adfToMarkdown,
  adfToStorage,
  adfToWiki,
  markdownToAdf,
  storageToAdf,
  validateAdf,
  wikiToAdf,
} from "./index.js";
import { specValidator } from "./test-helpers.js";

const spec = specValidator();

function expectValid(doc: unknown): void {
  const r = validateAdf(doc);
  if (!r.valid) throw new Error(`invalid ADF: ${r.errors.join("; ")}`);
  if ("validate" in spec) expect(spec.validate(doc)).toBe(true);
}

/** Every input must give schema-valid ADF from every parser and render back without throwing. */
function checkAll(input: string): void {
  for (const parse of [markdownToAdf, wikiToAdf, storageToAdf]) {
    const doc = parse(input);
    expectValid(doc);
    expect(typeof adfToMarkdown(doc)).toBe("string");
    expect(typeof adfToWiki(doc)).toBe("string");
    expect(typeof adfToStorage(doc)).toBe("string");
  }
}

const HOSTILE: Record<string, string> = {
  "1000 nested blockquotes": `${">".repeat(1000)} deep`,
  "5000 spaced blockquotes": `${"> ".repeat(5000)}deep`,
  "1000 nested lists by indentation": Array.from(
    { length: 1000 },
    (_, i) => `${" ".repeat(2 * i)}- item ${i}`,
  ).join("\n"),
  "1000 nested lists on one line": `${"- ".repeat(1000)}x`,
  "1000 nested ordered lists": `${"1. ".repeat(1000)}x`,
  "1 MB of asterisks": "*".repeat(1_000_000),
  "long emphasis runs": `${"*".repeat(5000)}a${"*".repeat(5000)}`,
  "emphasis-heavy paragraph": "*a* ".repeat(100_000),
  "mixed delimiters": "_a_ **b** ".repeat(50_000),
  "unbalanced brackets": "[".repeat(100_000),
  "unclosed links": "[a](".repeat(50_000),
  "nested brackets": `${"[".repeat(1000)}a${"]".repeat(1000)}`,
  "angle brackets": "<".repeat(100_000),
  "unclosed definitions": "[a]: <".repeat(30_000),
  "control characters": "a\u0000b\u0001c\u0008d\u000be\u001ff\u007fg\r\nh",
  "NUL bytes": "\u0000".repeat(10_000),
  "lone surrogates": "x\ud800y\udc00z\udbff",
  "nested HTML": `${"<div>".repeat(1000)}x${"</div>".repeat(1000)}`,
  "wiki effects": "*a _b -c +d ".repeat(20_000),
  "wiki macros": "{quote}{panel}{code}{noformat}{info}\n".repeat(2000),
  "wiki unclosed code": `{{${"x".repeat(100)}`.repeat(2000),
  "wiki deep lists": Array.from({ length: 1000 }, (_, i) => `${"*#".repeat(i % 40)}* x`).join("\n"),
  "wiki table junk": "||a|b||[|{{|}}|\n".repeat(3000),
  "storage junk": "<ac:structured-macro><ac:rich-text-body><table><tr><td><ul><li>".repeat(500),
  "storage CDATA": "<![CDATA[x]]>".repeat(1000),
  "fences everywhere": "```\n".repeat(20_000),
  "table rows": `|a|b|\n|-|-|\n${"|x [l](u) *e*|y|\n".repeat(2000)}`,
};

describe("hostile input", () => {
  for (const [name, input] of Object.entries(HOSTILE)) {
    it(`${name}: never throws, always schema-valid`, () => {
      checkAll(input);
    });
  }

  it("keeps the text of defused paragraphs", () => {
    const doc = markdownToAdf("*a* ".repeat(2000));
    expect(adfToMarkdown(doc)).toContain("\\*a\\*");
  });

  it("strips characters JSON consumers reject", () => {
    const json = JSON.stringify(markdownToAdf("a\u0000b\ud800c\u0007"));
    expect(json).not.toMatch(/\\u0000|\\ud800|\\u0007/);
    expect(json).toContain("abc");
  });

  it("tolerates non-documents when rendering", () => {
    for (const junk of [
      null,
      undefined,
      42,
      "x",
      [],
      {},
      { type: "doc", content: "nope" },
      { type: "doc", content: [null, 1] },
    ]) {
      expect(typeof adfToMarkdown(junk)).toBe("string");
      expect(typeof adfToWiki(junk)).toBe("string");
      expect(typeof adfToStorage(junk)).toBe("string");
    }
  });

  it("renders very deep foreign ADF without overflowing", () => {
    let node: Record<string, unknown> = { type: "paragraph", content: [{ type: "text", text: "bottom" }] };
    for (let i = 0; i < 5000; i++) node = { type: "blockquote", content: [node] };
    const doc = { type: "doc", version: 1, content: [node] };
    expect(adfToMarkdown(doc)).toContain("bottom");
    expect(adfToWiki(doc)).toContain("bottom");
    expect(adfToStorage(doc)).toContain("bottom");
  });
});

describe("properties", () => {
  it("any string gives schema-valid ADF from every parser", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        checkAll(s);
      }),
      { numRuns: 150 },
    );
  });

  const piece = fc.constantFrom(
    "#",
    "*",
    "_",
    "-",
    "+",
    "[",
    "]",
    "(",
    ")",
    ">",
    "|",
    "`",
    "~",
    "!",
    "\\",
    "{",
    "}",
    "@",
    ":",
    "\n",
    "\n\n",
    " ",
    "  ",
    "1.",
    "- ",
    "* ",
    "> ",
    "```",
    "~~",
    "**",
    "[!NOTE]",
    "[ ]",
    "[x]",
    "h1. ",
    "{code}",
    "{quote}",
    "{{",
    "}}",
    "||",
    "<br>",
    "<p>",
    "</p>",
    "<ul><li>",
    "&amp;",
    "accountid:",
    "a",
    "word",
    "http://x.y",
  );

  it("Markdown-ish strings give schema-valid ADF and stable round trips", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const s = parts.join("");
        checkAll(s);
        const once = markdownToAdf(adfToMarkdown(markdownToAdf(s)));
        expectValid(once);
      }),
      { numRuns: 300 },
    );
  });
});
