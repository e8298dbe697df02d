import { describe, expect, it } from "vitest";
import type { AdfNode } from "../sandbox/state/model.js";
import { adfToMarkdown, adfToPlainText, markdownToAdf, textToAdf, validateAdf } from "./index.js";
import { comparable, loadFixtures, specValidator } from "./test-helpers.js";

const fixtures = loadFixtures();
const spec = specValidator();

function find(node: unknown, type: string): AdfNode[] {
  const out: AdfNode[] = [];
  const stack = [node as AdfNode];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === type) out.push(n);
    for (const c of n.content ?? []) stack.push(c);
  }
  return out;
}

describe("Markdown corpus", () => {
  it("has a fixture per construct", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(19);
  });

  for (const { name, markdown } of fixtures) {
    describe(name, () => {
      const adf = markdownToAdf(markdown);

      it("converts to ADF that validateAdf accepts", () => {
        expect(validateAdf(adf)).toEqual({ valid: true });
        expect(adf.content.length).toBeGreaterThan(0);
      });

      it("validates against the spec copy of the schema", () => {
        if ("reason" in spec) {
          if (process.env.CI === "true") throw new Error(spec.reason);
          console.warn(`skipping spec-copy validation: ${spec.reason}`);
          return;
        }
        const ok = spec.validate(adf);
        expect(spec.validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      });

      it("survives Markdown → ADF → Markdown", () => {
        const again = markdownToAdf(adfToMarkdown(adf));
        expect(comparable(again)).toEqual(comparable(adf));
      });
    });
  }
});

describe("Markdown → ADF details", () => {
  it("turns empty input into an empty doc", () => {
    expect(markdownToAdf("")).toEqual({ type: "doc", version: 1, content: [] });
    expect(markdownToAdf("  \n\n ")).toEqual({ type: "doc", version: 1, content: [] });
  });

  it("maps headings, ordered start, nested lists and code", () => {
    const doc = markdownToAdf("### T\n\n3. a\n   - b\n\n```ts\nx\n```");
    expect(doc.content[0]).toEqual({
      type: "heading",
      attrs: { level: 3 },
      content: [{ type: "text", text: "T" }],
    });
    const ol = doc.content[1];
    expect(ol.attrs).toEqual({ order: 3 });
    expect(ol.content?.[0].content?.map((n) => n.type)).toEqual(["paragraph", "bulletList"]);
    expect(doc.content[2]).toEqual({
      type: "codeBlock",
      attrs: { language: "ts" },
      content: [{ type: "text", text: "x" }],
    });
  });

  it("picks a longer fence when code contains backtick fences", () => {
    const doc = markdownToAdf("````md\n```js\nx\n```\n````");
    expect(doc.content[0]).toEqual({
      type: "codeBlock",
      attrs: { language: "md" },
      content: [{ type: "text", text: "```js\nx\n```" }],
    });
    expect(adfToMarkdown(doc)).toBe("````md\n```js\nx\n```\n````");
  });

  it("makes task lists with localIds and states", () => {
    const doc = markdownToAdf("- [ ] a\n- [x] b");
    const list = doc.content[0];
    expect(list.type).toBe("taskList");
    expect(typeof list.attrs?.localId).toBe("string");
    expect(list.content?.map((i) => i.attrs?.state)).toEqual(["TODO", "DONE"]);
  });

  it("maps GFM tables with a header row", () => {
    const doc = markdownToAdf("| a | b |\n|---|---|\n| 1 | 2 |");
    const rows = doc.content[0].content!;
    expect(rows[0].content?.map((c) => c.type)).toEqual(["tableHeader", "tableHeader"]);
    expect(rows[1].content?.map((c) => c.type)).toEqual(["tableCell", "tableCell"]);
    expect(rows[1].content?.[0].content?.[0].type).toBe("paragraph");
  });

  it("maps mentions both ways", () => {
    const doc = markdownToAdf("Hi @[Jane Doe](accountid:5b10ac8d82e05b22cc7d4ef5)!");
    expect(doc.content[0].content).toEqual([
      { type: "text", text: "Hi " },
      { type: "mention", attrs: { id: "5b10ac8d82e05b22cc7d4ef5", text: "@Jane Doe" } },
      { type: "text", text: "!" },
    ]);
    expect(adfToMarkdown(doc)).toBe("Hi @[Jane Doe](accountid:5b10ac8d82e05b22cc7d4ef5)!");
  });

  it("lets a resolver rewrite or reject mentions", () => {
    const doc = markdownToAdf("@[A](accountid:known) @[B](accountid:unknown)", {
      mentions: ({ id }) => (id === "known" ? { id: "acc-1", displayName: "Alice" } : null),
    });
    expect(doc.content[0].content).toEqual([
      { type: "mention", attrs: { id: "acc-1", text: "@Alice" } },
      { type: "text", text: " @B" },
    ]);
  });

  it("maps alerts to panels 1:1", () => {
    const types = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"].map(
      (a) => markdownToAdf(`> [!${a}]\n> text`).content[0].attrs?.panelType,
    );
    expect(types).toEqual(["info", "success", "note", "warning", "error"]);
    for (const a of ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]) {
      expect(adfToMarkdown(markdownToAdf(`> [!${a}]\n> text`))).toBe(`> [!${a}]\n> text`);
    }
  });

  it("drops marks that cannot combine with code, but keeps links", () => {
    const doc = markdownToAdf("**`a`** [`b`](https://x.test)");
    const texts = find(doc, "text");
    expect(texts.find((t) => t.text === "a")?.marks).toEqual([{ type: "code" }]);
    expect(texts.find((t) => t.text === "b")?.marks).toEqual([
      { type: "link", attrs: { href: "https://x.test" } },
      { type: "code" },
    ]);
  });

  it("keeps blockquotes valid by flattening what they cannot hold", () => {
    const doc = markdownToAdf("> # h\n> > nested\n> | a |\n> |---|\n> | b |");
    expect(validateAdf(doc)).toEqual({ valid: true });
    expect(find(doc, "blockquote")).toHaveLength(1);
    expect(adfToPlainText(doc)).toContain("nested");
  });

  it("turns images into links and HTML into text", () => {
    const doc = markdownToAdf('![alt text](https://i.test/a.png) <span title="x">hi</span>');
    expect(doc.content[0].content?.[0]).toEqual({
      type: "text",
      text: "alt text",
      marks: [{ type: "link", attrs: { href: "https://i.test/a.png" } }],
    });
    expect(adfToPlainText(doc)).toBe("alt text hi");
  });
});

describe("ADF → Markdown tolerance", () => {
  it("renders unknown nodes by their text and ignores junk", () => {
    const doc = {
      type: "doc",
      version: 1,
      content: [
        { type: "mysteryBlock", content: [{ type: "text", text: "inside" }] },
        {
          type: "paragraph",
          content: [{ type: "sparkle", content: [{ type: "text", text: "shiny" }] }, null, 42],
        },
        {
          type: "expand",
          attrs: { title: "t" },
          content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }],
        },
      ],
    };
    const md = adfToMarkdown(doc);
    expect(md).toContain("inside");
    expect(md).toContain("shiny");
    expect(md).toContain("x");
    expect(adfToMarkdown(null)).toBe("");
    expect(adfToMarkdown({ nope: true })).toBe("");
  });
});

describe("plain text", () => {
  it("flattens ADF for search", () => {
    const doc = markdownToAdf(
      "# Title\n\nHello **world** @[Jane](accountid:1)\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |",
    );
    expect(adfToPlainText(doc)).toBe("Title\nHello world @Jane\na\nb\nx\ty\n1\t2");
  });

  it("builds paragraphs and breaks from text", () => {
    expect(textToAdf("a\nb\n\nc")).toEqual({
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }],
        },
        { type: "paragraph", content: [{ type: "text", text: "c" }] },
      ],
    });
    expect(textToAdf("")).toEqual({ type: "doc", version: 1, content: [] });
    expect(validateAdf(textToAdf("\u0000x\ud800\n\n\n"))).toEqual({ valid: true });
  });
});
