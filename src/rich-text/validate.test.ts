import { describe, expect, it } from "vitest";
import { validateAdf } from "./index.js";

const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

describe("validateAdf", () => {
  it("accepts a valid document", () => {
    expect(validateAdf({ type: "doc", version: 1, content: [para("hi")] })).toEqual({ valid: true });
    expect(validateAdf({ type: "doc", version: 1, content: [] })).toEqual({ valid: true });
  });

  it("rejects a wrong version", () => {
    const r = validateAdf({ type: "doc", version: 2, content: [] });
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.errors.join("\n")).toMatch(/version/);
  });

  it("rejects an unknown node type", () => {
    expect(validateAdf({ type: "doc", version: 1, content: [{ type: "marquee", content: [] }] }).valid).toBe(
      false,
    );
  });

  it("rejects a text node with empty text", () => {
    expect(validateAdf({ type: "doc", version: 1, content: [para("")] }).valid).toBe(false);
  });

  it("rejects a paragraph at inline level", () => {
    const doc = { type: "doc", version: 1, content: [{ type: "paragraph", content: [para("nested")] }] };
    expect(validateAdf(doc).valid).toBe(false);
  });

  it("rejects non-documents and code combined with strong", () => {
    expect(validateAdf(null).valid).toBe(false);
    expect(validateAdf("doc").valid).toBe(false);
    const doc = {
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "x", marks: [{ type: "code" }, { type: "strong" }] }],
        },
      ],
    };
    expect(validateAdf(doc).valid).toBe(false);
  });

  it("reports instead of throwing on absurdly deep input", () => {
    let node: Record<string, unknown> = para("deep");
    for (let i = 0; i < 20_000; i++) node = { type: "blockquote", content: [node] };
    const r = validateAdf({ type: "doc", version: 1, content: [node] });
    expect(r.valid).toBe(false);
  });
});
