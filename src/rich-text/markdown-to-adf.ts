/**
 * Markdown → ADF, via mdast (mdast-util-from-markdown + GFM).
 *
 * Syntax extensions on top of GFM, chosen so an AI model can write them and read them back unchanged:
 *   - Mentions: `@[Display Name](accountid:5b10ac8d82e05b22cc7d4ef5)` ↔ ADF `mention`
 *     `{ attrs: { id: "5b10ac8d82e05b22cc7d4ef5", text: "@Display Name" } }`. The leading `@` is optional when
 *     parsing; a link whose destination starts with `accountid:` is always a mention.
 *   - Panels: GitHub alerts (`> [!NOTE]` …) ↔ ADF `panel`; the mapping is documented in panels.ts.
 *   - Task lists (`- [ ]` / `- [x]`) ↔ ADF taskList/taskItem (TODO/DONE).
 *   - Images become links (ADF media needs uploaded files); raw HTML keeps only its text (`<br>` is a hard break).
 */
import type {
  Blockquote,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { AdfDoc, AdfNode } from "../sandbox/state/model.js";
import { htmlToText } from "./html-text.js";
import { defuseMarkdown, restorePlaceholders } from "./markdown-defuse.js";
import { finishDoc, newLocalId } from "./normalize.js";
import { ALERT_TO_PANEL } from "./panels.js";
import { cleanText, MAX_BLOCK_DEPTH, pushAll } from "./text-safety.js";

type Mark = NonNullable<AdfNode["marks"]>[number];

/** Lets callers check or rewrite mentions (e.g. the sandbox verifies the account exists); null → plain text. */
export type MentionResolver = (mention: {
  id: string;
  displayName: string;
}) => { id: string; displayName?: string } | null | undefined;

export interface MarkdownToAdfOptions {
  mentions?: MentionResolver;
}

interface Ctx {
  defs: Map<string, string>;
  mentions?: MentionResolver;
}

const MAX_INLINE_DEPTH = 32;
const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;
const BR = /^<br\s*\/?>$/i;
const MENTION_SCHEME = /^accountid:/i;

export function markdownToAdf(markdown: string, options: MarkdownToAdfOptions = {}): AdfDoc {
  const { source, originals } = defuseMarkdown(cleanText(typeof markdown === "string" ? markdown : ""));
  if (source.trim() === "") return finishDoc([]);
  const tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  if (originals.length > 0) restoreTree(tree, originals);
  const ctx: Ctx = { defs: collectDefinitions(tree), mentions: options.mentions };
  return finishDoc(blocks(tree.children, ctx, 0));
}

function restoreTree(tree: Root, originals: readonly string[]): void {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ("value" in node && typeof node.value === "string")
      node.value = restorePlaceholders(node.value, originals);
    if ("children" in node) for (const child of node.children) stack.push(child);
  }
}

function collectDefinitions(tree: Root): Map<string, string> {
  const defs = new Map<string, string>();
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "definition" && !defs.has(node.identifier)) defs.set(node.identifier, node.url);
    if ("children" in node) for (const child of node.children) stack.push(child);
  }
  return defs;
}

/** Iterative text extraction, used where the tree is too deep to walk recursively. */
function plainText(node: Nodes): string {
  const out: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "image") out.push(n.alt ?? "");
    else if (n.type === "html") out.push(htmlToText(n.value));
    else if ("value" in n && typeof n.value === "string") out.push(n.value);
    if ("children" in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.join(" ").replace(/\s+/g, " ").trim();
}

function textParagraph(text: string): AdfNode[] {
  return text ? [{ type: "paragraph", content: [{ type: "text", text }] }] : [];
}

function blocks(nodes: readonly RootContent[], ctx: Ctx, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) pushAll(out, block(node, ctx, depth));
  return out;
}

function block(node: RootContent, ctx: Ctx, depth: number): AdfNode[] {
  if (depth > MAX_BLOCK_DEPTH) return textParagraph(plainText(node));
  switch (node.type) {
    case "heading":
      return [{ type: "heading", attrs: { level: node.depth }, content: inlines(node.children, [], ctx, 0) }];
    case "paragraph":
      return [{ type: "paragraph", content: inlines(node.children, [], ctx, 0) }];
    case "thematicBreak":
      return [{ type: "rule" }];
    case "blockquote":
      return [blockquote(node, ctx, depth)];
    case "list":
      return [list(node, ctx, depth)];
    case "code": {
      const attrs = node.lang ? { language: node.lang } : undefined;
      return [
        { type: "codeBlock", ...(attrs ? { attrs } : {}), content: [{ type: "text", text: node.value }] },
      ];
    }
    case "html":
      return BR.test(node.value.trim()) ? [] : textParagraph(htmlToText(node.value).trim());
    case "table":
      return [table(node, ctx)];
    case "definition":
      return [];
    case "footnoteDefinition": {
      const content = blocks(node.children, ctx, depth + 1);
      const first = content[0];
      const label: AdfNode = { type: "text", text: `[^${node.label ?? node.identifier}]: ` };
      if (first?.type === "paragraph") first.content = [label, ...(first.content ?? [])];
      else content.unshift({ type: "paragraph", content: [label] });
      return content;
    }
    default:
      return textParagraph(plainText(node));
  }
}

function blockquote(node: Blockquote, ctx: Ctx, depth: number): AdfNode {
  const first = node.children[0];
  if (first?.type === "paragraph") {
    const lead = first.children[0];
    const match = lead?.type === "text" ? ALERT.exec(lead.value) : null;
    if (lead?.type === "text" && match) {
      const panelType = ALERT_TO_PANEL[match[1].toUpperCase()];
      const rest = lead.value.slice(match[0].length);
      const firstChildren: PhrasingContent[] = rest
        ? [{ ...lead, value: rest }, ...first.children.slice(1)]
        : first.children.slice(1);
      const children: RootContent[] =
        firstChildren.length > 0
          ? [{ ...first, children: firstChildren } as Paragraph, ...node.children.slice(1)]
          : node.children.slice(1);
      return { type: "panel", attrs: { panelType }, content: blocks(children, ctx, depth + 1) };
    }
  }
  return { type: "blockquote", content: blocks(node.children, ctx, depth + 1) };
}

function list(node: List, ctx: Ctx, depth: number): AdfNode {
  const isTaskList =
    node.children.length > 0 && node.children.every((item) => typeof item.checked === "boolean");
  if (isTaskList) {
    const content: AdfNode[] = [];
    for (const item of node.children) {
      const [head, ...rest] = item.children;
      const inline = head?.type === "paragraph" ? inlines(head.children, [], ctx, 0) : [];
      const extra = head?.type === "paragraph" ? rest : item.children;
      content.push({
        type: "taskItem",
        attrs: { localId: newLocalId(), state: item.checked ? "DONE" : "TODO" },
        content: inline,
      });
      // Nested task lists stay nested; anything else is folded into the task text by the normalizer.
      pushAll(content, blocks(extra, ctx, depth + 1));
    }
    return { type: "taskList", attrs: { localId: newLocalId() }, content };
  }
  const items = node.children.map((item) => listItem(item, ctx, depth));
  if (node.ordered) return { type: "orderedList", attrs: { order: node.start ?? 1 }, content: items };
  return { type: "bulletList", content: items };
}

function listItem(item: ListItem, ctx: Ctx, depth: number): AdfNode {
  const content = blocks(item.children, ctx, depth + 1);
  if (typeof item.checked === "boolean") {
    // A checkbox in a list that is not entirely tasks: keep it visible as text.
    const box: AdfNode = { type: "text", text: item.checked ? "[x] " : "[ ] " };
    const first = content[0];
    if (first?.type === "paragraph") first.content = [box, ...(first.content ?? [])];
    else content.unshift({ type: "paragraph", content: [box] });
  }
  return { type: "listItem", content };
}

function table(node: Table, ctx: Ctx): AdfNode {
  const rows = node.children.map((row, rowIndex) => ({
    type: "tableRow",
    content: row.children.map((cell) => ({
      type: rowIndex === 0 ? "tableHeader" : "tableCell",
      content: [{ type: "paragraph", content: inlines(cell.children, [], ctx, 0) }],
    })),
  }));
  return { type: "table", content: rows };
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return [...marks.filter((m) => m.type !== mark.type), mark];
}

function inlines(nodes: readonly PhrasingContent[], marks: Mark[], ctx: Ctx, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) inline(node, marks, ctx, depth, out);
  return out;
}

function text(value: string, marks: Mark[]): AdfNode {
  // Soft line breaks are spaces in Markdown; ADF keeps the paragraph on one logical line.
  const node: AdfNode = { type: "text", text: value.replace(/[ \t]*\n[ \t]*/g, " ") };
  if (marks.length > 0) node.marks = marks;
  return node;
}

function inline(node: PhrasingContent, marks: Mark[], ctx: Ctx, depth: number, out: AdfNode[]): void {
  if (depth > MAX_INLINE_DEPTH && "children" in node) {
    out.push(text(plainText(node), marks));
    return;
  }
  switch (node.type) {
    case "text":
      out.push(text(node.value, marks));
      return;
    case "emphasis":
      pushAll(out, inlines(node.children, withMark(marks, { type: "em" }), ctx, depth + 1));
      return;
    case "strong":
      pushAll(out, inlines(node.children, withMark(marks, { type: "strong" }), ctx, depth + 1));
      return;
    case "delete":
      pushAll(out, inlines(node.children, withMark(marks, { type: "strike" }), ctx, depth + 1));
      return;
    case "inlineCode":
      out.push(text(node.value, [...marks.filter((m) => m.type === "link"), { type: "code" }]));
      return;
    case "break":
      out.push({ type: "hardBreak" });
      return;
    case "link":
      if (MENTION_SCHEME.test(node.url)) {
        mention(node.url.replace(MENTION_SCHEME, ""), plainText(node), marks, ctx, out);
        return;
      }
      pushAll(out, inlines(node.children, withMark(marks, link(node.url)), ctx, depth + 1));
      return;
    case "linkReference": {
      const url = ctx.defs.get(node.identifier);
      if (url !== undefined && MENTION_SCHEME.test(url)) {
        mention(url.replace(MENTION_SCHEME, ""), plainText(node), marks, ctx, out);
        return;
      }
      const inner = url === undefined ? marks : withMark(marks, link(url));
      pushAll(out, inlines(node.children, inner, ctx, depth + 1));
      return;
    }
    case "image":
      out.push(text(node.alt || node.url, withMark(marks, link(node.url))));
      return;
    case "imageReference": {
      const url = ctx.defs.get(node.identifier);
      const label = node.alt || url || "";
      out.push(text(label, url === undefined ? marks : withMark(marks, link(url))));
      return;
    }
    case "html":
      if (BR.test(node.value.trim())) out.push({ type: "hardBreak" });
      else out.push(text(htmlToText(node.value), marks));
      return;
    case "footnoteReference":
      out.push(text(`[^${node.label ?? node.identifier}]`, marks));
      return;
    default:
      out.push(text(plainText(node as Nodes), marks));
  }
}

function link(href: string): Mark {
  return { type: "link", attrs: { href } };
}

function mention(rawId: string, label: string, marks: Mark[], ctx: Ctx, out: AdfNode[]): void {
  let id = rawId.trim();
  let displayName = label.replace(/^@/, "").trim() || id;
  // The `@` written before `[Name](accountid:…)` belongs to the mention, not to the preceding text.
  const prev = out[out.length - 1];
  if (prev?.type === "text" && prev.text?.endsWith("@")) prev.text = prev.text.slice(0, -1);
  if (ctx.mentions) {
    const resolved = ctx.mentions({ id, displayName });
    if (!resolved) {
      out.push(text(`@${displayName}`, marks));
      return;
    }
    id = resolved.id;
    displayName = resolved.displayName ?? displayName;
  }
  if (!id) {
    out.push(text(`@${displayName}`, marks));
    return;
  }
  out.push({ type: "mention", attrs: { id, text: `@${displayName}` } });
}
