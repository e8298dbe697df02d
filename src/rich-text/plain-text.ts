import type { AdfNode } from "./types.js";

/** The words of an ADF document, for search indexes and excerpts: block boundaries become newlines. */
export function adfToPlainText(doc: unknown): string {
  const out: string[] = [];
  const walk = (node: AdfNode, depth: number) => {
    if (!node || typeof node !== "object" || depth > 100) return;
    if (node.type === "text" && typeof node.text === "string") out.push(node.text);
    else if (node.type === "mention") out.push(String(node.attrs?.text ?? ""));
    else if (node.type === "emoji") out.push(String(node.attrs?.text ?? node.attrs?.shortName ?? ""));
    else if (node.type === "hardBreak") out.push("\n");
    for (const child of node.content ?? []) walk(child, depth + 1);
    if (node.type !== "text" && node.content && !INLINE.has(node.type)) out.push("\n");
  };
  walk(doc as AdfNode, 0);
  return out.join("").replace(/\n{2,}/g, "\n").trim();
}

const INLINE = new Set(["text", "mention", "emoji", "hardBreak", "inlineCard", "status", "date"]);

export function textToAdf(text: string) {
  const paragraphs = String(text ?? "")
    .split(/\n{2,}/)
    .map((p) => p.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""))
    .filter((p) => p.trim() !== "");
  return {
    type: "doc" as const,
    version: 1 as const,
    content: paragraphs.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
  };
}
