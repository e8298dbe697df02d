import { describe, expect, it } from "vitest";
import { adfToText } from "../text/plain-text.js";
import { JqlError } from "./errors.js";
import { compileTextQuery, indexText, stem } from "./text.js";

describe("stem", () => {
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

  it("finds a word of a document that marks split into several text nodes", () => {
    // "data" + bold "base": one word on screen, two text nodes in the document.
    const runs = ["data", "base", " timeout"].map((text, i) =>
      i === 1 ? { type: "text", text, marks: [{ type: "strong" }] } : { type: "text", text },
    );
    const doc = {
      type: "doc" as const,
      version: 1 as const,
      content: [{ type: "paragraph", content: runs }],
    };
    const text = indexText(adfToText(doc));
    expect(compileTextQuery('"database timeout"', "description")(text)).toBe(true);
    expect(compileTextQuery("base", "description")(text)).toBe(false);
  });
});
