/**
 * ADF → Jira wiki markup (Jira Data Center / REST v2), written by hand like its inverse in wiki-to-adf.ts.
 * Text is escaped only where wiki would read it as markup, so ordinary prose stays readable.
 */
import type { AdfNode } from "../sandbox/state/model.js";
import { type InlineSyntax, type Mark, renderInline } from "./inline-render.js";
import { panelToMacro } from "./panels.js";
import { collectText, pushAll } from "./text-safety.js";

export interface AdfToWikiOptions {
  /** Maps an account id to a Data Center username, to write `[~username]` instead of `[~accountid:…]`. */
  userName?: (accountId: string) => string | null | undefined;
}

type Where = "block" | "line";

const MAX_RENDER_DEPTH = 64;
const INLINE_TYPES = new Set(["text", "hardBreak", "mention", "emoji", "inlineCard", "date", "status"]);
const EFFECT_CHARS = new Set(["*", "_", "-", "+", "^", "~"]);

export function adfToWiki(doc: unknown, options: AdfToWikiOptions = {}): string {
  const root = asNode(doc);
  if (!root) return "";
  return renderBlocks(Array.isArray(root.content) ? nodesOf(root.content) : [root], 0, options).trim();
}

function asNode(value: unknown): AdfNode | null {
  return value !== null && typeof value === "object" && typeof (value as AdfNode).type === "string"
    ? (value as AdfNode)
    : null;
}

function nodesOf(value: unknown): AdfNode[] {
  return Array.isArray(value) ? (value.map(asNode).filter(Boolean) as AdfNode[]) : [];
}

function renderBlocks(nodes: AdfNode[], depth: number, opts: AdfToWikiOptions): string {
  return nodes
    .map((n) => renderBlock(n, depth, opts))
    .filter((s) => s.trim() !== "")
    .join("\n\n");
}

function renderBlock(node: AdfNode, depth: number, opts: AdfToWikiOptions): string {
  if (depth > MAX_RENDER_DEPTH) return escapeWiki(collectText(node, " "), "line");
  const content = nodesOf(node.content);
  switch (node.type) {
    case "paragraph":
      return inline(content, "block", opts);
    case "heading": {
      const raw = Number(node.attrs?.level);
      const level = Number.isFinite(raw) ? Math.min(6, Math.max(1, Math.trunc(raw))) : 1;
      return `h${level}. ${inline(content, "line", opts)}`;
    }
    case "bulletList":
    case "orderedList":
    case "taskList":
      return listLines(node, "", depth, opts).join("\n");
    case "codeBlock": {
      const language = String(node.attrs?.language ?? "").replace(/[^\w#+.-]/g, "");
      return `{code${language ? `:${language}` : ""}}\n${collectText({ content: node.content })}\n{code}`;
    }
    case "blockquote":
      return `{quote}\n${renderBlocks(content, depth + 1, opts)}\n{quote}`;
    case "panel": {
      const macro = panelToMacro(node.attrs?.panelType);
      return `{${macro}}\n${renderBlocks(content, depth + 1, opts)}\n{${macro}}`;
    }
    case "rule":
      return "----";
    case "table":
      return content.map((row) => tableRow(row, opts)).join("\n");
    default:
      if (INLINE_TYPES.has(node.type)) return inline([node], "block", opts);
      if (content.length > 0 && content.every((c) => INLINE_TYPES.has(c.type)))
        return inline(content, "block", opts);
      if (content.length > 0) return renderBlocks(content, depth + 1, opts);
      return typeof node.text === "string" ? escapeWiki(node.text, "block") : "";
  }
}

function listLines(list: AdfNode, prefix: string, depth: number, opts: AdfToWikiOptions): string[] {
  const marker = prefix + (list.type === "orderedList" ? "#" : "*");
  const lines: string[] = [];
  for (const item of nodesOf(list.content)) {
    if (item.type === "taskList" || item.type === "bulletList" || item.type === "orderedList") {
      pushAll(lines, listLines(item, marker, depth + 1, opts));
      continue;
    }
    if (item.type === "taskItem") {
      const box = item.attrs?.state === "DONE" ? "\\[x\\] " : "\\[ \\] ";
      lines.push(`${marker} ${box}${inline(nodesOf(item.content), "line", opts)}`);
      continue;
    }
    const texts: string[] = [];
    const after: string[] = [];
    for (const child of nodesOf(item.content)) {
      if (child.type === "bulletList" || child.type === "orderedList" || child.type === "taskList") {
        pushAll(after, listLines(child, marker, depth + 1, opts));
      } else if (child.type === "paragraph") {
        texts.push(inline(nodesOf(child.content), "line", opts));
      } else {
        // Wiki list items hold one line; other blocks (code) follow the item.
        after.push(renderBlock(child, depth + 1, opts));
      }
    }
    lines.push(`${marker} ${texts.join(" \\\\ ")}`.trimEnd());
    pushAll(lines, after);
  }
  return lines;
}

function tableRow(row: AdfNode, opts: AdfToWikiOptions): string {
  let out = "";
  let last = "|";
  for (const cell of nodesOf(row.content)) {
    last = cell.type === "tableHeader" ? "||" : "|";
    const parts = nodesOf(cell.content).map((b) =>
      b.type === "paragraph" || b.type === "heading"
        ? inline(nodesOf(b.content), "line", opts)
        : escapeWiki(collectText(b, " "), "line"),
    );
    const text = parts.filter((p) => p !== "").join(" \\\\ ");
    out += `${last}${text === "" ? " " : text}`;
  }
  return out + last;
}

function inline(nodes: AdfNode[], where: Where, opts: AdfToWikiOptions): string {
  let start = 0;
  let end = nodes.length;
  while (start < end && nodes[start].type === "hardBreak") start++;
  while (end > start && nodes[end - 1].type === "hardBreak") end--;
  const rendered = renderInline(nodes.slice(start, end), wikiSyntax(where, opts));
  return rendered.split("\n").map(escapeLineStart).join("\n").trim();
}

/** A line that starts like a list, heading, quote, rule or table would be read as that block. */
function escapeLineStart(line: string): string {
  const l = line.replace(/^[ \t]+/, "");
  return /^(?:[*#-]+\s|[*#]+$|h[1-6]\.|bq\.|-{4,})/.test(l) ? `\\${l}` : l;
}

const ALWAYS = new Set(["{", "}", "[", "]", "|", "!"]);
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

export function escapeWiki(text: string, where: Where): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") out += "&#92;";
    else if (ALWAYS.has(c)) out += `\\${c}`;
    else if (EFFECT_CHARS.has(c)) {
      // Mirrors the parser: a marker opens after a non-alphanumeric and before a non-space (other than itself),
      // and closes after a non-space and before a non-alphanumeric. String edges count as boundaries.
      const prev = text[i - 1];
      const next = text[i + 1];
      const canOpen = !isAlnum(prev) && next !== undefined && !isSpace(next) && next !== c;
      const canClose = prev !== undefined && !isSpace(prev) && !isAlnum(next);
      const edge = prev === undefined || next === undefined;
      out += canOpen || canClose || (edge && !isSpace(prev ?? next)) ? `\\${c}` : c;
    } else if (
      c === "&" &&
      /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/.test(text.slice(i, i + 12))
    ) {
      out += "&amp;";
    } else if (c === "\n") out += where === "block" ? "\n" : " \\\\ ";
    else out += c;
  }
  return out;
}

const STACKED = new Set(["link", "strong", "em", "strike", "underline", "subsup", "textColor"]);

function wikiSyntax(where: Where, opts: AdfToWikiOptions): InlineSyntax {
  return {
    stacked: STACKED,
    open(mark: Mark, prev: string, after: string) {
      // Intraword effects need Jira's braced form (`foo{*}bar{*}`); plain markers need word boundaries.
      const effect = (c: string) => (isAlnum(prev) || isAlnum(after) ? `{${c}}` : c);
      switch (mark.type) {
        case "strong":
          return effect("*");
        case "em":
          return effect("_");
        case "strike":
          return effect("-");
        case "underline":
          return effect("+");
        case "subsup":
          return effect(mark.attrs?.type === "sub" ? "~" : "^");
        case "textColor":
          return `{color:${String(mark.attrs?.color ?? "")}}`;
        case "link":
          return "[";
        default:
          return "";
      }
    },
    close(mark: Mark, opened: string) {
      if (mark.type === "link")
        return `|${String(mark.attrs?.href ?? "").replace(/[\]|\s]/g, encodeURIComponent)}]`;
      if (mark.type === "textColor") return "{color}";
      return opened;
    },
    text: (t) => escapeWiki(t, where),
    code: (t) => `{{${t.replace(/\n/g, " ").replace(/}}/g, "} }")}}}`,
    atom(node: AdfNode) {
      const attrs = node.attrs ?? {};
      switch (node.type) {
        case "hardBreak":
          return where === "block" ? "\n" : " \\\\ ";
        case "mention": {
          const id = String(attrs.id ?? "");
          const name = opts.userName?.(id);
          return name ? `[~${name}]` : `[~accountid:${id}]`;
        }
        case "emoji":
          return escapeWiki(String(attrs.text || attrs.shortName || ""), where);
        case "inlineCard": {
          const url = String(attrs.url ?? "");
          return url ? `[${url}]` : "";
        }
        default:
          return escapeWiki(collectText(node), where);
      }
    },
  };
}
