/**
 * Minimal ADF builders. They only produce node shapes the ADF JSON schema accepts (checked by
 * `adf-valid.test.ts`), so generators can compose them freely without thinking about the schema.
 */
import type { AdfDoc, AdfNode } from "../state/model.js";

type Mark = NonNullable<AdfNode["marks"]>[number];

export function doc(...content: AdfNode[]): AdfDoc {
  return { type: "doc", version: 1, content };
}

export function text(value: string, ...marks: Mark[]): AdfNode {
  return marks.length > 0 ? { type: "text", text: value, marks } : { type: "text", text: value };
}

export const strong: Mark = { type: "strong" };
export const em: Mark = { type: "em" };
export const code: Mark = { type: "code" };

export function link(value: string, href: string): AdfNode {
  return text(value, { type: "link", attrs: { href } });
}

export function mention(accountId: string, displayName: string): AdfNode {
  return { type: "mention", attrs: { id: accountId, text: `@${displayName}`, accessLevel: "" } };
}

/** A paragraph; plain strings become text nodes. */
export function paragraph(...content: Array<AdfNode | string>): AdfNode {
  return { type: "paragraph", content: content.map((c) => (typeof c === "string" ? text(c) : c)) };
}

export function heading(level: 1 | 2 | 3 | 4 | 5 | 6, value: string): AdfNode {
  return { type: "heading", attrs: { level }, content: [text(value)] };
}

function listItems(items: Array<AdfNode | string>): AdfNode[] {
  return items.map((item) => ({
    type: "listItem",
    content: [typeof item === "string" ? paragraph(item) : item],
  }));
}

export function bulletList(...items: Array<AdfNode | string>): AdfNode {
  return { type: "bulletList", content: listItems(items) };
}

export function orderedList(...items: Array<AdfNode | string>): AdfNode {
  return { type: "orderedList", attrs: { order: 1 }, content: listItems(items) };
}

export function codeBlock(language: string, value: string): AdfNode {
  return { type: "codeBlock", attrs: { language }, content: [text(value)] };
}

export function panel(
  panelType: "info" | "note" | "tip" | "warning" | "error" | "success",
  ...content: AdfNode[]
) {
  return { type: "panel", attrs: { panelType }, content } satisfies AdfNode;
}

export function blockquote(...content: AdfNode[]): AdfNode {
  return { type: "blockquote", content };
}

export function rule(): AdfNode {
  return { type: "rule" };
}

/** A table with a header row; cells hold plain text. */
export function table(header: string[], rows: string[][]): AdfNode {
  const cell = (type: "tableHeader" | "tableCell", value: string): AdfNode => ({
    type,
    attrs: {},
    content: [value === "" ? { type: "paragraph", content: [] } : paragraph(value)],
  });
  return {
    type: "table",
    attrs: { isNumberColumnEnabled: false, layout: "default" },
    content: [
      { type: "tableRow", content: header.map((h) => cell("tableHeader", h)) },
      ...rows.map((r) => ({ type: "tableRow", content: r.map((c) => cell("tableCell", c)) })),
    ],
  };
}
