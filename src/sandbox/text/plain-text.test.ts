import { describe, expect, it } from "vitest";
import type { AdfDoc } from "../state/model.js";
import { adfToText, words } from "./plain-text.js";

describe("adfToText", () => {
  it("walks text nodes and the visible text of inline nodes", () => {
    const doc = {
      type: "doc" as const,
      version: 1 as const,
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hello" },
            { type: "mention", attrs: { id: "1", text: "@Ann" } },
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
            { type: "emoji", attrs: { shortName: ":smile:" } },
            { type: "status", attrs: { text: "BLOCKED" } },
          ],
        },
        { type: "paragraph", content: [{ type: "inlineCard", attrs: { url: "https://x.test/a" } }] },
      ],
    };
    expect(words(adfToText(doc))).toEqual([
      "hello",
      "ann",
      "item",
      "smile",
      "blocked",
      "https",
      "x",
      "test",
      "a",
    ]);
  });

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
  it("lowercases and splits on anything that is not a letter or digit", () => {
    expect(words("Fix NON-blocking I/O, v2!  Ünïcode")).toEqual([
      "fix",
      "non",
      "blocking",
      "i",
      "o",
      "v2",
      "ünïcode",
    ]);
  });

  it("lower-cases and splits on anything that is not a letter or digit", () => {
    expect(words("Ünïcode-Test v1.2, don't!")).toEqual(["ünïcode", "test", "v1", "2", "don", "t"]);
  });
});
