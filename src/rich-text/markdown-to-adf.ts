import type { Nodes, Parent, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { type AdfDoc, type AdfMark, type AdfNode, cleanText, MAX_DEPTH } from "./types.js";

/**
 * Markdown → ADF, through a real CommonMark + GFM parser (micromark/mdast). Conventions for the
 * constructs Markdown has no syntax for:
 * - mention: `@[Display Name](accountid:5b10ac8d82e05b22cc7d4ef5)` ↔ ADF `mention` { id, text: "@Display Name" }
 * - panels: GitHub alerts `> [!NOTE]` → info, `[!TIP]` → success, `[!IMPORTANT]` → note,
 *   `[!WARNING]` → warning, `[!CAUTION]` → error (and back).
 * The output always validates against the ADF schema: nesting is capped, text is cleaned of
 * characters the schema or JSON reject, and constructs ADF cannot hold are degraded to text.
 */
export const PANEL_BY_ALERT: Record<string, string> = {
  NOTE: "info",
  TIP: "success",
  IMPORTANT: "note",
  WARNING: "warning",
  CAUTION: "error",
};

const MAX_INPUT = 2_000_000;

export function markdownToAdf(markdown: string): AdfDoc {
  const source = typeof markdown === "string" ? cleanText(markdown).slice(0, MAX_INPUT) : "";
  let tree: Root;
  try {
    tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch {
    return { type: "doc", version: 1, content: source.trim() ? [paragraph([{ type: "text", text: source }])] : [] };
  }
  const ids = { n: 0 };
  return { type: "doc", version: 1, content: blocks(tree.children, 0, ids, "doc") };
}

type Ctx = "doc" | "listItem" | "blockquote" | "panel" | "tableCell";

function paragraph(content: AdfNode[]): AdfNode {
  return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
}

function blocks(nodes: RootContent[], depth: number, ids: { n: number }, ctx: Ctx): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) out.push(...block(node, depth, ids, ctx));
  return out;
}

function block(node: RootContent, depth: number, ids: { n: number }, ctx: Ctx): AdfNode[] {
  if (depth > MAX_DEPTH) return textBlock(node);
  switch (node.type) {
    case "paragraph":
      return [paragraph(inlines(node.children, []))];
    case "heading": {
      const content = inlines(node.children, []);
      if (ctx === "blockquote" || ctx === "listItem" || ctx === "tableCell") return [paragraph(content)];
      return [content.length ? { type: "heading", attrs: { level: node.depth }, content } : { type: "heading", attrs: { level: node.depth } }];
    }
    case "thematicBreak":
      return ctx === "doc" || ctx === "panel" ? [{ type: "rule" }] : [];
    case "code": {
      const attrs: Record<string, unknown> = {};
      if (node.lang) attrs.language = node.lang.slice(0, 50);
      const text = node.value;
      const out: AdfNode = { type: "codeBlock", attrs };
      if (text) out.content = [{ type: "text", text }];
      return [out];
    }
    case "blockquote":
      return quote(node, depth, ids, ctx);
    case "list":
      return [list(node, depth, ids)];
    case "table":
      if (ctx !== "doc") return textBlock(node);
      return [table(node, ids)];
    case "html":
      return node.value.trim() ? [paragraph([{ type: "text", text: node.value }])] : [];
    case "definition":
    case "footnoteDefinition":
    case "yaml" as never:
      return textBlock(node);
    default:
      return textBlock(node);
  }
}

/** Anything ADF cannot hold where it stands becomes a paragraph of its text. */
function textBlock(node: Nodes): AdfNode[] {
  const text = plain(node).trim();
  return text ? [paragraph([{ type: "text", text }])] : [];
}

function plain(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(plain).join(node.type === "paragraph" ? "" : " ");
  if (node.type === "image") return node.alt ?? "";
  return "";
}

function quote(node: Extract<RootContent, { type: "blockquote" }>, depth: number, ids: { n: number }, ctx: Ctx): AdfNode[] {
  const first = node.children[0];
  if (first?.type === "paragraph" && first.children[0]?.type === "text") {
    const m = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*\n?/.exec(first.children[0].value);
    if (m && (ctx === "doc" || ctx === "listItem" || ctx === "tableCell")) {
      const rest = first.children[0].value.slice(m[0].length);
      const firstChildren = [...first.children];
      if (rest) firstChildren[0] = { ...first.children[0], value: rest };
      else firstChildren.shift();
      if (firstChildren[0]?.type === "break") firstChildren.shift();
      const children: RootContent[] = firstChildren.length
        ? [{ ...first, children: firstChildren }, ...node.children.slice(1)]
        : node.children.slice(1);
      const content = panelContent(blocks(children, depth + 1, ids, "panel"));
      return [{ type: "panel", attrs: { panelType: PANEL_BY_ALERT[m[1]] }, content: content.length ? content : [paragraph([])] }];
    }
  }
  if (ctx === "blockquote" || ctx === "panel") return blocks(node.children, depth + 1, ids, ctx);
  const content = blocks(node.children, depth + 1, ids, "blockquote").flatMap((b) => quoteChild(b));
  return [{ type: "blockquote", content: content.length ? content : [paragraph([])] }];
}

const QUOTE_OK = new Set(["paragraph", "orderedList", "bulletList", "codeBlock"]);
function quoteChild(node: AdfNode): AdfNode[] {
  if (QUOTE_OK.has(node.type)) return [node];
  if (node.type === "rule") return [];
  return [paragraph(flattenInline(node))];
}

const PANEL_OK = new Set(["paragraph", "heading", "bulletList", "orderedList", "codeBlock", "rule", "taskList", "blockquote"]);
function panelContent(nodes: AdfNode[]): AdfNode[] {
  return nodes.flatMap((n) => (PANEL_OK.has(n.type) && n.type !== "blockquote" ? [n] : [paragraph(flattenInline(n))]));
}

/** The inline text of any node, keeping marks, for places that accept inline content only. */
function flattenInline(node: AdfNode): AdfNode[] {
  if (node.type === "text" || node.type === "mention" || node.type === "hardBreak") return [node];
  const out: AdfNode[] = [];
  for (const child of node.content ?? []) {
    const inner = flattenInline(child);
    if (out.length > 0 && inner.length > 0 && child.type !== "text") out.push({ type: "text", text: " " });
    out.push(...inner);
  }
  return out;
}

function list(node: Extract<RootContent, { type: "list" }>, depth: number, ids: { n: number }): AdfNode {
  const isTask = node.children.length > 0 && node.children.every((i) => typeof i.checked === "boolean");
  if (isTask) {
    return {
      type: "taskList",
      attrs: { localId: `task-list-${++ids.n}` },
      content: node.children.map((item) => {
        const inline: AdfNode[] = [];
        for (const child of item.children) {
          const flat = block(child, depth + 1, ids, "listItem").flatMap(flattenInline);
          if (inline.length && flat.length) inline.push({ type: "text", text: " " });
          inline.push(...flat);
        }
        const taskItem: AdfNode = { type: "taskItem", attrs: { localId: `task-${++ids.n}`, state: item.checked ? "DONE" : "TODO" } };
        if (inline.length) taskItem.content = inline.filter((n) => n.type !== "hardBreak");
        return taskItem;
      }),
    };
  }
  const items = node.children.map((item) => {
    let content = blocks(item.children as RootContent[], depth + 1, ids, "listItem").flatMap((b) => listItemChild(b));
    if (content.length === 0 || content[0].type !== "paragraph") content = [paragraph([]), ...content];
    return { type: "listItem", content };
  });
  if (node.ordered) {
    const out: AdfNode = { type: "orderedList", content: items };
    out.attrs = { order: Math.max(0, Math.min(node.start ?? 1, 1_000_000)) };
    return out;
  }
  return { type: "bulletList", content: items };
}

const LIST_ITEM_OK = new Set(["paragraph", "bulletList", "orderedList", "codeBlock", "taskList"]);
function listItemChild(node: AdfNode): AdfNode[] {
  if (LIST_ITEM_OK.has(node.type)) return [node];
  if (node.type === "rule") return [];
  return [paragraph(flattenInline(node))];
}

function table(node: Extract<RootContent, { type: "table" }>, ids: { n: number }): AdfNode {
  const width = Math.max(1, ...node.children.map((r) => r.children.length));
  return {
    type: "table",
    attrs: { isNumberColumnEnabled: false, layout: "default", localId: `table-${++ids.n}` },
    content: node.children.map((row, r) => {
      const cells = [...row.children];
      while (cells.length < width) cells.push({ type: "tableCell", children: [] });
      return {
        type: "tableRow",
        content: cells.map((cell) => ({
          type: r === 0 ? "tableHeader" : "tableCell",
          attrs: {},
          content: [paragraph(inlines(cell.children, []))],
        })),
      };
    }),
  };
}

const MARK_ORDER = ["link", "strong", "em", "strike", "code"];

function withMark(marks: AdfMark[], mark: AdfMark): AdfMark[] {
  if (marks.some((m) => m.type === mark.type)) return marks;
  return [...marks, mark].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

function inlines(nodes: PhrasingContent[], marks: AdfMark[], depth = 0): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) inline(node, marks, out, depth);
  return mergeText(out);
}

function textNode(text: string, marks: AdfMark[]): AdfNode | null {
  if (!text) return null;
  const code = marks.some((m) => m.type === "code");
  // ADF allows `code` with `link` only.
  const kept = code ? marks.filter((m) => m.type === "code" || m.type === "link") : marks;
  return kept.length ? { type: "text", text, marks: kept.map((m) => ({ ...m })) } : { type: "text", text };
}

function inline(node: PhrasingContent, marks: AdfMark[], out: AdfNode[], depth: number): void {
  if (depth > MAX_DEPTH) {
    const t = textNode(plain(node), marks);
    if (t) out.push(t);
    return;
  }
  switch (node.type) {
    case "text": {
      const t = textNode(node.value.replace(/\n/g, " "), marks);
      if (t) out.push(t);
      return;
    }
    case "strong":
      for (const c of node.children) inline(c, withMark(marks, { type: "strong" }), out, depth + 1);
      return;
    case "emphasis":
      for (const c of node.children) inline(c, withMark(marks, { type: "em" }), out, depth + 1);
      return;
    case "delete":
      for (const c of node.children) inline(c, withMark(marks, { type: "strike" }), out, depth + 1);
      return;
    case "inlineCode": {
      const t = textNode(node.value, withMark(marks, { type: "code" }));
      if (t) out.push(t);
      return;
    }
    case "break":
      out.push({ type: "hardBreak" });
      return;
    case "link": {
      const m = /^accountid:([A-Za-z0-9:_-]{1,128})$/i.exec(node.url);
      if (m) {
        const prev = out[out.length - 1];
        if (prev?.type === "text" && prev.text?.endsWith("@")) {
          prev.text = prev.text.slice(0, -1);
          if (!prev.text) out.pop();
        }
        const name = node.children.map((c) => plain(c)).join("").replace(/^@/, "");
        out.push({ type: "mention", attrs: { id: m[1], text: `@${name}` } });
        return;
      }
      const href = node.url.slice(0, 2000);
      for (const c of node.children) inline(c, withMark(marks, { type: "link", attrs: { href } }), out, depth + 1);
      if (node.children.length === 0) {
        const t = textNode(href, withMark(marks, { type: "link", attrs: { href } }));
        if (t) out.push(t);
      }
      return;
    }
    case "image": {
      const href = node.url.slice(0, 2000);
      const t = textNode(node.alt || href, withMark(marks, { type: "link", attrs: { href } }));
      if (t) out.push(t);
      return;
    }
    case "html": {
      const t = textNode(node.value, marks);
      if (t) out.push(t);
      return;
    }
    default: {
      const t = textNode(plain(node as Nodes), marks);
      if (t) out.push(t);
    }
  }
}

function sameMarks(a?: AdfMark[], b?: AdfMark[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function mergeText(nodes: AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === "text" && prev?.type === "text" && sameMarks(prev.marks, n.marks)) prev.text = `${prev.text}${n.text}`;
    else out.push(n);
  }
  return out.filter((n) => n.type !== "text" || (n.text ?? "") !== "");
}

export type { Parent };
