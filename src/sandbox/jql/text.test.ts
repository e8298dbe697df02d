import { describe, expect, it } from "vitest";
import { JqlError } from "./errors.js";
import { adfToText, compileTextQuery, indexText, stem, words } from "./text.js";

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
    expect(adfToText(doc)).toBe("Hello @Ann item :smile: BLOCKED https://x.test/a");
    expect(adfToText(null)).toBe("");
  });
});

describe("words and stems", () => {
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

  it("folds simple plurals", () => {
    expect(stem("reports")).toBe("report");
    expect(stem("class")).toBe("class");
    expect(stem("bus")).toBe("bus");
  });
});

describe("compileTextQuery", () => {
  const match = (query: string, text: string) => compileTextQuery(query, "summary")(indexText(text));

  it("requires every word, in any order", () => {
    expect(match("login timeout", "Timeout on the login page")).toBe(true);
    expect(match("login timeout", "Login page")).toBe(false);
  });

  it("matches words, not substrings, but folds plurals both ways", () => {
    expect(match("log", "login page")).toBe(false);
    expect(match("report", "Monthly reports")).toBe(true);
    expect(match("reports", "Monthly report")).toBe(true);
  });

  it("treats a trailing * as a prefix", () => {
    expect(match("log*", "login page")).toBe(true);
    expect(match("pag* log*", "login page")).toBe(true);
    expect(match("x*", "login page")).toBe(false);
  });

  it("matches a quoted phrase only as adjacent words", () => {
    expect(match('"login page"', "The login page broke")).toBe(true);
    expect(match('"page login"', "The login page broke")).toBe(false);
    expect(match('"login broke"', "The login page broke")).toBe(false);
  });

  it("ignores stop words", () => {
    expect(match("the login", "login")).toBe(true);
    expect(match("the", "the login")).toBe(false);
  });

  it("refuses empty and wildcard-first queries", () => {
    expect(() => compileTextQuery("  ", "summary")).toThrow(JqlError);
    expect(() => compileTextQuery("*abc", "summary")).toThrow("is not allowed to start with a wildcard");
  });
});
