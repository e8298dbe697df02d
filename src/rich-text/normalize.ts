/**
 * Repairs a loosely built ADF tree into one the ADF JSON schema accepts.
 *
 * Every converter (Markdown, wiki, storage, plain text) builds ADF without worrying about the schema's placement
 * rules, then hands the result to `finishDoc`. Keeping all of the "what may live where" knowledge in one place is
 * what lets us promise schema-valid output for arbitrary input: containers that are not allowed in a context are
 * flattened or converted, empty text is dropped, mark combinations ADF forbids are pruned, and nesting is capped.
 */
import { randomUUID } from "node:crypto";
import type { AdfDoc, AdfNode } from "../sandbox/state/model.js";
import { cleanString, cleanText, collectText, MAX_BLOCK_DEPTH, pushAll } from "./text-safety.js";

type Ctx = "doc" | "listItem" | "blockquote" | "panel" | "tableCell";
type Mark = NonNullable<AdfNode["marks"]>[number];

const ALLOWED: Record<Ctx, ReadonlySet<string>> = {
  doc: new Set([
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "blockquote",
    "codeBlock",
    "rule",
    "panel",
    "table",
  ]),
  listItem: new Set(["paragraph", "bulletList", "orderedList", "taskList", "codeBlock"]),
  blockquote: new Set(["paragraph", "bulletList", "orderedList", "codeBlock"]),
  panel: new Set(["paragraph", "heading", "bulletList", "orderedList", "codeBlock", "taskList", "rule"]),
  tableCell: new Set([
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "blockquote",
    "codeBlock",
    "rule",
    "panel",
  ]),
};

const INLINE_TYPES = new Set(["text", "hardBreak", "mention", "emoji", "inlineCard", "date", "status"]);
const CONTAINER_TYPES = new Set([
  "bulletList",
  "orderedList",
  "taskList",
  "blockquote",
  "panel",
  "table",
  "listItem",
  "taskItem",
  "tableRow",
  "tableCell",
  "tableHeader",
  "expand",
  "nestedExpand",
  "layoutSection",
  "layoutColumn",
]);
const PANEL_TYPES = new Set(["info", "note", "tip", "warning", "error", "success"]);
const MARK_ORDER = ["link", "strong", "em", "strike", "underline", "subsup", "textColor", "code"];

/** Builds a doc and guarantees it is schema-valid, whatever the builder produced. */
export function finishDoc(blocks: AdfNode[]): AdfDoc {
  return { type: "doc", version: 1, content: normalizeBlocks(blocks, "doc", 0) };
}

export function emptyParagraph(): AdfNode {
  return { type: "paragraph", content: [] };
}

export function newLocalId(): string {
  return randomUUID();
}

function normalizeBlocks(nodes: readonly AdfNode[] | undefined, ctx: Ctx, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  let pendingInline: AdfNode[] = [];
  const flushInline = () => {
    if (pendingInline.length === 0) return;
    const content = normalizeInline(pendingInline);
    pendingInline = [];
    if (content.length > 0) out.push({ type: "paragraph", content });
  };
  for (const node of nodes ?? []) {
    if (!node || typeof node !== "object" || typeof node.type !== "string") continue;
    if (INLINE_TYPES.has(node.type)) {
      pendingInline.push(node);
      continue;
    }
    flushInline();
    if (depth >= MAX_BLOCK_DEPTH && CONTAINER_TYPES.has(node.type)) {
      pushAll(out, flattenToLeaves(node));
      continue;
    }
    normalizeBlock(node, ctx, depth, out);
  }
  flushInline();
  return out;
}

function normalizeBlock(node: AdfNode, ctx: Ctx, depth: number, out: AdfNode[]): void {
  const allowed = ALLOWED[ctx];
  switch (node.type) {
    case "paragraph": {
      const content = normalizeInline(node.content ?? []);
      if (content.length > 0) out.push({ type: "paragraph", content });
      return;
    }
    case "heading": {
      const content = normalizeInline(node.content ?? []);
      if (content.length === 0) return;
      if (!allowed.has("heading")) {
        out.push({ type: "paragraph", content });
        return;
      }
      const raw = Number(node.attrs?.level);
      const level = Number.isFinite(raw) ? Math.min(6, Math.max(1, Math.trunc(raw))) : 1;
      out.push({ type: "heading", attrs: { level }, content });
      return;
    }
    case "codeBlock": {
      out.push(codeBlock(collectText({ content: node.content }), node.attrs?.language));
      return;
    }
    case "rule":
      if (allowed.has("rule")) out.push({ type: "rule" });
      return;
    case "bulletList":
    case "orderedList": {
      const list = normalizeList(node, depth);
      if (list) out.push(list);
      return;
    }
    case "taskList": {
      if (!allowed.has("taskList")) {
        const asBullets = normalizeList(
          {
            type: "bulletList",
            content: (node.content ?? []).map((item) => ({
              type: "listItem",
              content: item.type === "taskItem" ? [{ type: "paragraph", content: item.content }] : [item],
            })),
          },
          depth,
        );
        if (asBullets) out.push(asBullets);
        return;
      }
      const list = normalizeTaskList(node, depth);
      if (list) out.push(list);
      return;
    }
    case "blockquote": {
      if (!allowed.has("blockquote")) {
        pushAll(out, normalizeBlocks(node.content, ctx, depth + 1));
        return;
      }
      const content = normalizeBlocks(node.content, "blockquote", depth + 1);
      out.push({ type: "blockquote", content: content.length > 0 ? content : [emptyParagraph()] });
      return;
    }
    case "panel": {
      if (!allowed.has("panel")) {
        pushAll(out, normalizeBlocks(node.content, ctx, depth + 1));
        return;
      }
      const content = normalizeBlocks(node.content, "panel", depth + 1);
      const t = node.attrs?.panelType;
      const panelType = typeof t === "string" && PANEL_TYPES.has(t) ? t : "info";
      out.push({
        type: "panel",
        attrs: { panelType },
        content: content.length > 0 ? content : [emptyParagraph()],
      });
      return;
    }
    case "table": {
      if (!allowed.has("table")) {
        for (const row of node.content ?? []) {
          for (const cell of row.content ?? []) pushAll(out, normalizeBlocks(cell.content, ctx, depth + 1));
        }
        return;
      }
      const rows: AdfNode[] = [];
      for (const row of node.content ?? []) {
        const cells: AdfNode[] = [];
        for (const cell of row.content ?? []) {
          const type = cell.type === "tableHeader" ? "tableHeader" : "tableCell";
          const content = normalizeBlocks(cell.content, "tableCell", depth + 1);
          const normalized: AdfNode = { type, content: content.length > 0 ? content : [emptyParagraph()] };
          const attrs = cellAttrs(cell.attrs);
          if (attrs) normalized.attrs = attrs;
          cells.push(normalized);
        }
        if (cells.length > 0) rows.push({ type: "tableRow", content: cells });
      }
      if (rows.length > 0) out.push({ type: "table", content: rows });
      return;
    }
    default: {
      // Unknown or misplaced block: keep whatever text or children it has.
      if (Array.isArray(node.content)) pushAll(out, normalizeBlocks(node.content, ctx, depth + 1));
      else if (typeof node.text === "string") {
        const content = normalizeInline([{ type: "text", text: node.text }]);
        if (content.length > 0) out.push({ type: "paragraph", content });
      }
    }
  }
}

function codeBlock(text: string, language: unknown): AdfNode {
  const node: AdfNode = { type: "codeBlock" };
  const lang = cleanString(language).trim();
  if (lang) node.attrs = { language: lang };
  const clean = cleanText(text);
  node.content = clean ? [{ type: "text", text: clean }] : [];
  return node;
}

function cellAttrs(attrs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!attrs) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ["colspan", "rowspan"]) {
    const v = attrs[key];
    if (typeof v === "number" && Number.isInteger(v) && v > 1 && v < 1000) out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function normalizeList(node: AdfNode, depth: number): AdfNode | null {
  const items: AdfNode[] = [];
  for (const child of node.content ?? []) {
    const source = child.type === "listItem" ? child.content : [child];
    const content = normalizeBlocks(source, "listItem", depth + 1);
    if (content.length === 0 || (content[0].type !== "paragraph" && content[0].type !== "codeBlock")) {
      content.unshift(emptyParagraph());
    }
    items.push({ type: "listItem", content });
  }
  if (items.length === 0) return null;
  if (node.type === "orderedList") {
    const raw = Number(node.attrs?.order ?? 1);
    const order = Number.isFinite(raw) ? Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.trunc(raw))) : 1;
    return { type: "orderedList", attrs: { order }, content: items };
  }
  return { type: "bulletList", content: items };
}

function normalizeTaskList(node: AdfNode, depth: number): AdfNode | null {
  const items: AdfNode[] = [];
  for (const child of node.content ?? []) {
    if (child.type === "taskItem") {
      const state = child.attrs?.state === "DONE" ? "DONE" : "TODO";
      items.push({
        type: "taskItem",
        attrs: { localId: localIdOf(child), state },
        content: normalizeInline(blocksToInline(child.content ?? [])),
      });
    } else if (child.type === "taskList") {
      const nested = normalizeTaskList(child, depth + 1);
      if (nested) items.push(nested);
    } else {
      // Non-task content under a task list: fold its text into the previous task.
      const inline = normalizeInline(blocksToInline([child]));
      if (inline.length === 0) continue;
      const prev = items[items.length - 1];
      if (prev && prev.type === "taskItem") {
        prev.content = normalizeInline([...(prev.content ?? []), { type: "hardBreak" }, ...inline]);
      } else {
        items.push({ type: "taskItem", attrs: { localId: newLocalId(), state: "TODO" }, content: inline });
      }
    }
  }
  if (items.length === 0) return null;
  // A nested task list must follow a task item.
  if (items[0].type !== "taskItem") {
    items.unshift({ type: "taskItem", attrs: { localId: newLocalId(), state: "TODO" }, content: [] });
  }
  return { type: "taskList", attrs: { localId: localIdOf(node) }, content: items };
}

function localIdOf(node: AdfNode): string {
  const id = node.attrs?.localId;
  return typeof id === "string" && id.length > 0 ? cleanText(id) || newLocalId() : newLocalId();
}

/** Turns block content into a flat inline run (blocks separated by hard breaks); iterative, so depth-safe. */
function blocksToInline(nodes: readonly AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const leaf of flattenListToLeaves(nodes)) {
    if (out.length > 0) out.push({ type: "hardBreak" });
    pushAll(out, leaf.content ?? []);
  }
  return out;
}

function flattenToLeaves(node: AdfNode): AdfNode[] {
  return flattenListToLeaves([node]);
}

/** Depth-first, iterative: every paragraph-like leaf becomes a paragraph, code stays code. */
function flattenListToLeaves(nodes: readonly AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  const stack: AdfNode[] = [...nodes].reverse();
  let inline: AdfNode[] = [];
  const flush = () => {
    if (inline.length === 0) return;
    const content = normalizeInline(inline);
    inline = [];
    if (content.length > 0) out.push({ type: "paragraph", content });
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    if (INLINE_TYPES.has(node.type)) {
      inline.push(node);
      continue;
    }
    flush();
    if (node.type === "paragraph" || node.type === "heading" || node.type === "taskItem") {
      const content = normalizeInline(node.content ?? []);
      if (content.length > 0) out.push({ type: "paragraph", content });
    } else if (node.type === "codeBlock") {
      out.push(codeBlock(collectText({ content: node.content }), node.attrs?.language));
    } else if (Array.isArray(node.content)) {
      for (let i = node.content.length - 1; i >= 0; i--) stack.push(node.content[i]);
    }
  }
  flush();
  return out;
}

/** Cleans inline content: valid nodes only, non-empty text, legal mark sets, adjacent equal runs merged. */
export function normalizeInline(nodes: readonly AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  let lastKey = "";
  for (const node of nodes) {
    if (!node || typeof node !== "object") continue;
    switch (node.type) {
      case "text": {
        const text = cleanText(typeof node.text === "string" ? node.text : "");
        if (!text) continue;
        const marks = normalizeMarks(node.marks);
        const key = JSON.stringify(marks);
        const prev = out[out.length - 1];
        if (prev && prev.type === "text" && key === lastKey) {
          prev.text += text;
          continue;
        }
        const textNode: AdfNode = { type: "text", text };
        if (marks.length > 0) textNode.marks = marks;
        out.push(textNode);
        lastKey = key;
        continue;
      }
      case "hardBreak":
        out.push({ type: "hardBreak" });
        break;
      case "mention": {
        const id = cleanString(node.attrs?.id);
        const text = cleanString(node.attrs?.text);
        if (!id) {
          if (text) out.push({ type: "text", text });
          break;
        }
        out.push({ type: "mention", attrs: text ? { id, text } : { id } });
        break;
      }
      case "emoji": {
        const shortName = cleanString(node.attrs?.shortName);
        if (!shortName) break;
        const text = cleanString(node.attrs?.text);
        out.push({ type: "emoji", attrs: text ? { shortName, text } : { shortName } });
        break;
      }
      case "inlineCard": {
        const url = cleanString(node.attrs?.url);
        if (url) out.push({ type: "inlineCard", attrs: { url } });
        break;
      }
      default: {
        const text = cleanText(collectText(node));
        if (text) pushAll(out, normalizeInline([{ type: "text", text }]));
        break;
      }
    }
    lastKey = "";
  }
  return out;
}

function normalizeMarks(marks: readonly Mark[] | undefined): Mark[] {
  if (!Array.isArray(marks) || marks.length === 0) return [];
  const byType = new Map<string, Mark>();
  for (const mark of marks) {
    if (!mark || typeof mark !== "object") continue;
    switch (mark.type) {
      case "link": {
        const href = cleanString(mark.attrs?.href);
        const attrs: Record<string, unknown> = { href };
        const title = cleanString(mark.attrs?.title);
        if (title) attrs.title = title;
        byType.set("link", { type: "link", attrs });
        break;
      }
      case "strong":
      case "em":
      case "strike":
      case "underline":
      case "code":
        byType.set(mark.type, { type: mark.type });
        break;
      case "subsup":
        if (mark.attrs?.type === "sub" || mark.attrs?.type === "sup") {
          byType.set("subsup", { type: "subsup", attrs: { type: mark.attrs.type } });
        }
        break;
      case "textColor": {
        const color = cleanString(mark.attrs?.color);
        if (/^#[0-9a-fA-F]{6}$/.test(color)) byType.set("textColor", { type: "textColor", attrs: { color } });
        break;
      }
    }
  }
  if (byType.has("code")) {
    for (const type of [...byType.keys()]) if (type !== "code" && type !== "link") byType.delete(type);
  }
  return MARK_ORDER.filter((t) => byType.has(t)).map((t) => byType.get(t)!);
}
