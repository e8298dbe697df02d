import { describe, expect, it } from "vitest";
import { adfToWiki, markdownToAdf, markdownToWiki, validateAdf, wikiToAdf, wikiToMarkdown } from "./index.js";
import { comparable, loadFixtures } from "./test-helpers.js";

const WIKI_CORPUS: Record<string, string> = {
  headings: "h1. One\n\nh2. Two *bold*\n\nh6. Six",
  marks:
    "Some *bold*, _italic_, -strike-, +underline+ and {{code}} text.\n\nNested *bold _and italic_* here.",
  intraword: "un{*}frigging{*}believable and snake_case_name and well-known C++",
  links: "See [the docs|https://example.com/docs] or [https://example.com] and [*bold link*|https://x.test].",
  mentions: "Hi [~accountid:5b10ac8d82e05b22cc7d4ef5], meet [~accountid:557058:abc-def].",
  lists: "* one\n* two\n** two.a\n**# two.a.1\n* three\n\n# first\n# second\n#* bullet in ordered",
  table: "||Name||Role||\n|Ada|*Engineer*|\n|Grace|[docs|https://example.com]|",
  code: "{code:java}\npublic class A {\n  int x = 1; // *not bold*\n}\n{code}\n\n{code}\nplain\n{code}",
  noformat: "{noformat}\nraw *text* here\n{noformat}",
  quote: "{quote}\nquoted paragraph\n\n* with a list\n{quote}\n\nbq. a one-line quote",
  panels:
    "{info}\ninfo text\n{info}\n\n{note}\nnote text\n{note}\n\n{warning}\nwarning text\n{warning}\n\n{tip}\ntip text\n{tip}\n\n{panel}\npanel text\n{panel}",
  rule: "above\n\n----\n\nbelow",
  breaks: "line one\\\\line two\nline three",
  escapes: "Not \\*bold\\*, not \\[a link\\], braces \\{x\\} and a pipe \\| and &#92; backslash.",
};

describe("wiki → ADF → wiki", () => {
  for (const [name, wiki] of Object.entries(WIKI_CORPUS)) {
    it(`${name}: schema-valid and stable`, () => {
      const adf = wikiToAdf(wiki);
      expect(validateAdf(adf)).toEqual({ valid: true });
      expect(adf.content.length).toBeGreaterThan(0);
      const again = wikiToAdf(adfToWiki(adf));
      expect(comparable(again)).toEqual(comparable(adf));
    });
  }
});

describe("wiki parsing details", () => {
  it("parses effects, links and mentions", () => {
    const adf = wikiToAdf("*b* _i_ [t|https://x.test] [~accountid:abc]");
    expect(adf.content[0].content).toEqual([
      { type: "text", text: "b", marks: [{ type: "strong" }] },
      { type: "text", text: " " },
      { type: "text", text: "i", marks: [{ type: "em" }] },
      { type: "text", text: " " },
      { type: "text", text: "t", marks: [{ type: "link", attrs: { href: "https://x.test" } }] },
      { type: "text", text: " " },
      { type: "mention", attrs: { id: "abc" } },
    ]);
  });

  it("does not mistake hyphens, dates or arithmetic for effects", () => {
    const adf = wikiToAdf("a well-known 2024-01-02 fact: 2 * 3 * 4 and x_y_z");
    expect(adf.content[0].content).toEqual([
      { type: "text", text: "a well-known 2024-01-02 fact: 2 * 3 * 4 and x_y_z" },
    ]);
  });

  it("builds nested mixed lists", () => {
    const adf = wikiToAdf("* a\n*# b\n*# c\n* d");
    const list = adf.content[0];
    expect(list.type).toBe("bulletList");
    expect(list.content?.[0].content?.map((n) => n.type)).toEqual(["paragraph", "orderedList"]);
    expect(list.content?.[0].content?.[1].content).toHaveLength(2);
    expect(list.content).toHaveLength(2);
  });

  it("maps code language and panels", () => {
    const adf = wikiToAdf(
      "{code:language=python|title=x.py}\nprint(1)\n{code}\n{warning:title=Careful}\nhot\n{warning}",
    );
    expect(adf.content[0]).toEqual({
      type: "codeBlock",
      attrs: { language: "python" },
      content: [{ type: "text", text: "print(1)" }],
    });
    expect(adf.content[1].attrs).toEqual({ panelType: "error" });
  });

  it("resolves Data Center usernames both ways", () => {
    const adf = wikiToAdf("[~jsmith]", {
      resolveUser: (u) => (u === "jsmith" ? { accountId: "acc-1", displayName: "John" } : null),
    });
    expect(adf.content[0].content).toEqual([{ type: "mention", attrs: { id: "acc-1", text: "@John" } }]);
    expect(adfToWiki(adf, { userName: (id) => (id === "acc-1" ? "jsmith" : null) })).toBe("[~jsmith]");
    expect(adfToWiki(adf)).toBe("[~accountid:acc-1]");
  });

  it("escapes wiki specials in text", () => {
    const wiki = adfToWiki(markdownToAdf("a \\*b\\* \\[c\\] {d} | e\\\\f"));
    expect(wiki).toBe("a \\*b\\* \\[c\\] \\{d\\} \\| e&#92;f");
  });
});

describe("Markdown → wiki → Markdown", () => {
  // Wiki has no task lists (they are written as "[x] " bullets), list start numbers or mention display names.
  for (const fixture of loadFixtures()) {
    const { name } = fixture;
    const markdown = fixture.markdown.replace(/^(\s*)- \[( |x)\] /gm, "$1- \\[$2\\] ");
    it(`${name} keeps text, structure and marks`, () => {
      const back = wikiToMarkdown(markdownToWiki(markdown));
      expect(comparable(markdownToAdf(back), { mentionText: true, listOrder: true })).toEqual(
        comparable(markdownToAdf(markdown), { mentionText: true, listOrder: true }),
      );
    });
  }
});
