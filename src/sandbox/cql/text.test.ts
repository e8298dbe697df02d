import { describe, expect, it } from "vitest";
import type { AdfDoc } from "../state/model.js";
import { adfToText, matchesText, parseTextQuery, words } from "./text.js";

describe("adfToText", () => {
  it("joins inline text of a block and separates blocks", () => {
    const doc: AdfDoc = {
      type: "doc",
      version: 1,
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Title" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "data" },
            { type: "text", text: "base", marks: [{ type: "strong" }] },
            { type: "hardBreak" },
            { type: "text", text: "next" },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "item" }] }] },
          ],
        },
        {
          type: "paragraph",
          content: [
            { type: "mention", attrs: { id: "x", text: "@Bob" } },
            { type: "emoji", attrs: { shortName: ":smile:" } },
            { type: "status", attrs: { text: "DONE", color: "green" } },
            { type: "inlineCard", attrs: { url: "https://example.com/x" } },
          ],
        },
      ],
    };
    const text = adfToText(doc);
    expect(words(text)).toEqual([
      "title",
      "database",
      "next",
      "item",
      "bob",
      "smile",
      "done",
      "https",
      "example",
      "com",
      "x",
    ]);
  });

  it("tolerates empty and missing bodies", () => {
    expect(adfToText(null)).toBe("");
    expect(adfToText({ type: "doc", version: 1, content: [] })).toBe("");
  });
});

describe("words", () => {
  it("lower-cases and splits on anything that is not a letter or digit", () => {
    expect(words("Ünïcode-Test v1.2, don't!")).toEqual(["ünïcode", "test", "v1", "2", "don", "t"]);
  });
});

describe("parseTextQuery / matchesText", () => {
  const text = words("Deploy the release candidate to staging before Friday");

  it("requires every word, in any order, case-insensitively", () => {
    expect(matchesText(text, parseTextQuery("STAGING deploy"))).toBe(true);
    expect(matchesText(text, parseTextQuery("staging monday"))).toBe(false);
    expect(matchesText(text, parseTextQuery("stag"))).toBe(false);
  });

  it("treats a trailing * as a prefix", () => {
    expect(matchesText(text, parseTextQuery("stag*"))).toBe(true);
    expect(matchesText(text, parseTextQuery("cand* fri*"))).toBe(true);
    expect(matchesText(text, parseTextQuery("xyz*"))).toBe(false);
  });

  it("matches quoted phrases only as adjacent words", () => {
    expect(parseTextQuery('"release candidate" deploy')).toEqual([
      { words: ["release", "candidate"], prefix: false },
      { words: ["deploy"], prefix: false },
    ]);
    expect(matchesText(text, parseTextQuery('"release candidate"'))).toBe(true);
    expect(matchesText(text, parseTextQuery('"candidate release"'))).toBe(false);
    expect(matchesText(text, parseTextQuery('"the rel*"'))).toBe(true);
    expect(matchesText(text, parseTextQuery('deploy"release candidate"'))).toBe(true);
  });

  it("turns punctuated tokens into phrases and ignores tokens without words", () => {
    expect(parseTextQuery("release-candidate * !!")).toEqual([
      { words: ["release", "candidate"], prefix: false },
    ]);
    expect(matchesText(text, parseTextQuery("release-candidate"))).toBe(true);
    expect(matchesText(text, parseTextQuery("***"))).toBe(false);
  });
});
