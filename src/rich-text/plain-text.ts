/**
 * Plain-text views of ADF (search indexes, excerpts, JQL `text ~` matching) and the trivial inverse used when a
 * client sends a bare string where ADF is expected.
 */
import type { AdfDoc, AdfNode } from "../sandbox/state/model.js";
import { finishDoc } from "./normalize.js";
import { cleanText } from "./text-safety.js";

const BLOCK_TYPES = new Set([
  "paragraph",
  "heading",
  "listItem",
  "taskItem",
  "decisionItem",
  "codeBlock",
  "rule",
  "tableRow",
  "blockquote",
  "panel",
  "mediaSingle",
]);

/** Blocks become lines, table cells are tab-separated; iterative, so arbitrarily deep input is fine. */
export function adfToPlainText(doc: unknown): string {
  const out: string[] = [];
  type Item = { node: unknown } | { sep: string };
  const stack: Item[] = [{ node: doc }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("sep" in item) {
      out.push(item.sep);
      continue;
    }
    const node = item.node;
    if (node === null || typeof node !== "object") continue;
    const n = node as AdfNode;
    const attrs = (n.attrs ?? {}) as Record<string, unknown>;
    switch (n.type) {
      case "text":
        if (typeof n.text === "string") out.push(n.text);
        continue;
      case "hardBreak":
        out.push("\n");
        continue;
      case "mention":
      case "emoji":
      case "status": {
        const t = attrs.text ?? attrs.shortName;
        if (typeof t === "string") out.push(t);
        continue;
      }
      case "inlineCard":
        if (typeof attrs.url === "string") out.push(attrs.url);
        continue;
    }
    if (BLOCK_TYPES.has(n.type)) stack.push({ sep: "\n" });
    if ((n.type === "tableCell" || n.type === "tableHeader") && out.length > 0) stack.push({ sep: "\t" });
    const kids = Array.isArray(n.content) ? n.content : [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] });
  }
  return out
    .join("")
    .replace(/\n+\t/g, "\t")
    .replace(/\t\n/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/** Blank lines separate paragraphs; single newlines become hard breaks. */
export function textToAdf(text: string): AdfDoc {
  const clean = cleanText(typeof text === "string" ? text : "");
  const blocks: AdfNode[] = clean
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== "")
    .map((p) => {
      const content: AdfNode[] = [];
      p.replace(/^\n+|\n+$/g, "")
        .split("\n")
        .forEach((line, i) => {
          if (i > 0) content.push({ type: "hardBreak" });
          if (line) content.push({ type: "text", text: line });
        });
      return { type: "paragraph", content };
    });
  return finishDoc(blocks);
}
