/**
 * Plain text and words of ADF documents, shared by the JQL and CQL `~` operators so that Jira and
 * Confluence search index the same document the same way. Deliberately independent of
 * src/rich-text: the sandbox is an oracle for that code, not a user of it.
 */
import type { AdfDoc, AdfNode } from "../state/model.js";

/** Inline nodes whose visible text lives in an attribute rather than in `text`, in order of preference. */
const ATTR_TEXT: Record<string, string[]> = {
  mention: ["text"],
  emoji: ["text", "shortName"],
  status: ["text"],
  inlineCard: ["url"],
  blockCard: ["url"],
  embedCard: ["url"],
  placeholder: ["text"],
};

/**
 * Plain text of an ADF document. Inline text of one block is joined as written (a word split by
 * marks stays one word); blocks are separated by newlines so words from neighbouring paragraphs
 * never run together.
 */
export function adfToText(doc: AdfDoc | AdfNode | null | undefined): string {
  const parts: string[] = [];
  const walk = (node: AdfNode): void => {
    if (!node || typeof node !== "object") return;
    if (node.type === "text") {
      if (typeof node.text === "string") parts.push(node.text);
      return;
    }
    if (node.type === "hardBreak") {
      parts.push("\n");
      return;
    }
    const attrKeys = ATTR_TEXT[node.type];
    if (attrKeys && node.attrs) {
      for (const key of attrKeys) {
        const v = node.attrs[key];
        if (typeof v === "string" && v !== "") {
          parts.push(` ${v} `);
          break;
        }
      }
    }
    if (Array.isArray(node.content)) {
      parts.push("\n");
      for (const child of node.content) walk(child);
      parts.push("\n");
    }
  };
  if (doc) walk(doc as AdfNode);
  return parts
    .join("")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words of a text, lowercased; everything that is not a letter or digit separates words. (A regex
 * over field text is tokenization, not query parsing, and is much faster than a char loop.)
 */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
