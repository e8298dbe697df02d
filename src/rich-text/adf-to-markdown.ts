/**
 * ADF → Markdown, by walking the ADF tree by hand. The output is the dialect markdown-to-adf.ts reads (GFM plus
 * mention and alert syntax), escaped so that reading it back yields the same ADF. Unknown nodes are tolerated:
 * their text is kept, so a model never silently loses content it was shown.
 */
import type { AdfNode } from "../sandbox/state/model.js";
import { type InlineSyntax, type Mark, renderInline } from "./inline-render.js";
import { panelToAlert } from "./panels.js";
import { collectText, maxOf } from "./text-safety.js";

type Where = "block" | "table" | "heading";

const MAX_RENDER_DEPTH = 64;
const INLINE_TYPES = new Set([
  "text",
  "hardBreak",
  "mention",
  "emoji",
  "inlineCard",
  "date",
  "status",
  "placeholder",
  "inlineExtension",
  "mediaInline",
]);

export function adfToMarkdown(doc: unknown): string {
  const root = asNode(doc);
  if (!root) return "";
  const content = Array.isArray(root.content) ? root.content : [root];
  return renderBlocks(content, 0, "\n\n").trim();
}

function asNode(value: unknown): AdfNode | null {
  return value !== null && typeof value === "object" && typeof (value as AdfNode).type === "string"
    ? (value as AdfNode)
    : null;
}

function nodesOf(value: unknown): AdfNode[] {
  return Array.isArray(value) ? (value.map(asNode).filter(Boolean) as AdfNode[]) : [];
}

function isList(node: AdfNode | undefined): boolean {
  return !!node && (node.type === "bulletList" || node.type === "orderedList" || node.type === "taskList");
}

/** Renders sibling blocks; adjacent lists of the same kind get alternating markers so they stay separate. */
function renderBlocks(nodes: readonly unknown[], depth: number, gap: "\n" | "\n\n"): string {
  const parts: string[] = [];
  let prev: AdfNode | undefined;
  let bulletAlt = false;
  let orderedAlt = false;
  for (const raw of nodes) {
    const node = asNode(raw);
    if (!node) continue;
    if (prev && isList(prev) && isList(node)) {
      const prevBullet = prev.type !== "orderedList";
      const bullet = node.type !== "orderedList";
      if (prevBullet && bullet) bulletAlt = !bulletAlt;
      if (!prevBullet && !bullet) orderedAlt = !orderedAlt;
    }
    const md = renderBlock(node, depth, { bulletAlt, orderedAlt });
    if (md.trim() === "") continue;
    if (parts.length > 0) {
      // Inside list items a nested list may follow its paragraph directly (keeps the list tight).
      const tight = gap === "\n" && (node.type !== "orderedList" || orderOf(node) === 1) && isList(node);
      parts.push(tight ? "\n" : "\n\n");
    }
    parts.push(md);
    prev = node;
  }
  return parts.join("");
}

function orderOf(node: AdfNode): number {
  const n = Number(node.attrs?.order ?? 1);
  return Number.isFinite(n) && n >= 0 ? Math.trunc(n) : 1;
}

function indent(text: string, pad: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : pad + line))
    .join("\n");
}

function renderBlock(node: AdfNode, depth: number, alt: { bulletAlt: boolean; orderedAlt: boolean }): string {
  if (depth > MAX_RENDER_DEPTH) return escapeText(collectText(node, " "), "block");
  const content = nodesOf(node.content);
  switch (node.type) {
    case "paragraph":
      return paragraph(content, "block");
    case "heading": {
      const raw = Number(node.attrs?.level);
      const level = Number.isFinite(raw) ? Math.min(6, Math.max(1, Math.trunc(raw))) : 1;
      const text = paragraph(content, "heading");
      return text ? `${"#".repeat(level)} ${text}` : "";
    }
    case "bulletList":
    case "orderedList": {
      const ordered = node.type === "orderedList";
      let n = orderOf(node);
      return content
        .map((item) => {
          const marker = ordered ? `${n++}${alt.orderedAlt ? ")" : "."} ` : alt.bulletAlt ? "* " : "- ";
          const body = renderBlocks(
            item.type === "listItem" ? nodesOf(item.content) : [item],
            depth + 1,
            "\n",
          );
          return marker + indent(body, " ".repeat(marker.length));
        })
        .join("\n");
    }
    case "taskList": {
      const bullet = alt.bulletAlt ? "*" : "-";
      return content
        .map((item) => {
          if (item.type === "taskList") return `  ${indent(renderBlock(item, depth + 1, alt), "  ")}`;
          const box = item.attrs?.state === "DONE" ? "[x]" : "[ ]";
          const children = nodesOf(item.content);
          const body = children.some((c) => !INLINE_TYPES.has(c.type))
            ? renderBlocks(children, depth + 1, "\n")
            : paragraph(children, "block");
          return `${bullet} ${box} ${indent(body, "  ")}`;
        })
        .join("\n");
    }
    case "codeBlock": {
      const text = collectText({ content: node.content });
      const longest = maxOf(
        (text.match(/`+/g) ?? []).map((r) => r.length),
        0,
      );
      const fence = "`".repeat(Math.max(3, longest + 1));
      const language = String(node.attrs?.language ?? "").replace(/[\s`]+/g, "");
      return `${fence}${language}\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${fence}`;
    }
    case "blockquote":
      return quote(renderBlocks(content, depth + 1, "\n\n"));
    case "panel":
      return quote(`[!${panelToAlert(node.attrs?.panelType)}]\n${renderBlocks(content, depth + 1, "\n\n")}`);
    case "rule":
      return "---";
    case "table":
      return table(content);
    case "mediaSingle":
    case "mediaGroup":
    case "media":
      return mediaText(node);
    default:
      if (INLINE_TYPES.has(node.type)) return paragraph([node], "block");
      if (content.length > 0 && content.every((c) => INLINE_TYPES.has(c.type)))
        return paragraph(content, "block");
      if (content.length > 0) return renderBlocks(content, depth + 1, "\n\n");
      return typeof node.text === "string" ? escapeText(node.text, "block") : "";
  }
}

function mediaText(node: AdfNode): string {
  const stack: AdfNode[] = [node];
  const out: string[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const alt = n.attrs?.alt ?? n.attrs?.url;
    if (n.type === "media" && typeof alt === "string" && alt) out.push(escapeText(alt, "block"));
    for (const child of nodesOf(n.content)) stack.push(child);
  }
  return out.join(" ");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

function table(rows: AdfNode[]): string {
  const grid = rows.map((row) => nodesOf(row.content).map((cell) => cellText(cell)));
  const width = maxOf(
    grid.map((r) => r.length),
    1,
  );
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? "").join(" | ")} |`.replace(/ {2,}\|/g, " |");
  const [header = [], ...body] = grid;
  return [line(header), `|${" --- |".repeat(width)}`, ...body.map(line)].join("\n");
}

function cellText(cell: AdfNode): string {
  const blocks = nodesOf(cell.content);
  const parts = blocks.map((b) =>
    b.type === "paragraph" || b.type === "heading"
      ? paragraph(nodesOf(b.content), "table")
      : escapeText(collectText(b, " "), "table"),
  );
  return parts.filter((p) => p !== "").join("<br><br>");
}

function paragraph(nodes: AdfNode[], where: Where): string {
  let start = 0;
  let end = nodes.length;
  while (start < end && nodes[start].type === "hardBreak") start++;
  while (end > start && nodes[end - 1].type === "hardBreak") end--;
  const rendered = renderInline(nodes.slice(start, end), markdownSyntax(where));
  if (where !== "block") return rendered.trim();
  return rendered
    .split("\n")
    .map(escapeLineStart)
    .join("\n")
    .replace(/^\s+|\s+$/g, "");
}

/** Characters that would start a block construct at the beginning of a line. */
function escapeLineStart(line: string): string {
  const l = line.replace(/^[ \t]+/, "");
  if (/^[#>+=-]/.test(l)) return `\\${l}`;
  return l.replace(/^(\d+)([.)])/, "$1\\$2");
}

const ESCAPE_ALWAYS = /[\\`*[\]<~]/;

/** Backslash-escapes text so Markdown reads it back literally; `_` only where it could be a delimiter. */
export function escapeText(text: string, where: Where): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (ESCAPE_ALWAYS.test(c) || ((where === "table" || where === "heading") && (c === "|" || c === "#"))) {
      out += `\\${c}`;
    } else if (c === "_") {
      const intraword = /[\p{L}\p{N}]/u.test(text[i - 1] ?? "") && /[\p{L}\p{N}]/u.test(text[i + 1] ?? "");
      out += intraword ? c : "\\_";
    } else if (
      c === "&" &&
      /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(text.slice(i, i + 40))
    ) {
      out += "\\&";
    } else if (c === "\n") {
      out += where === "block" ? "\\\n" : where === "table" ? "<br>" : " ";
    } else if (c === "|" && where !== "block") {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

function destination(url: string): string {
  const clean = url.replace(/[\n\r]/g, "");
  if (clean !== "" && /^[^\s<>()\\]+$/.test(clean)) return clean;
  return `<${clean.replace(/[<>\\]/g, "\\$&")}>`;
}

function codeSpan(text: string, where: Where): string {
  let t = text.replace(/\n/g, " ");
  if (where === "table") t = t.replace(/\|/g, "\\|");
  const longest = maxOf(
    (t.match(/`+/g) ?? []).map((r) => r.length),
    0,
  );
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") || (/^ .* $/.test(t) && t.trim() !== "") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

const STACKED = new Set(["link", "strong", "em", "strike"]);

function markdownSyntax(where: Where): InlineSyntax {
  return {
    stacked: STACKED,
    open(mark: Mark, prev: string, _after: string) {
      switch (mark.type) {
        case "strong":
          return prev === "*" ? "__" : "**";
        case "em":
          return prev === "*" ? "_" : "*";
        case "strike":
          return "~~";
        case "link":
          return "[";
        default:
          return "";
      }
    },
    close(mark: Mark, opened: string) {
      if (mark.type === "link") return `](${destination(String(mark.attrs?.href ?? ""))})`;
      return opened;
    },
    text: (t) => escapeText(t, where),
    code: (t) => codeSpan(t, where),
    atom(node: AdfNode) {
      const attrs = node.attrs ?? {};
      switch (node.type) {
        case "hardBreak":
          return where === "block" ? "\\\n" : where === "table" ? "<br>" : " ";
        case "mention": {
          const id = String(attrs.id ?? "");
          const name = String(attrs.text ?? "").replace(/^@/, "") || id;
          return `@[${escapeText(name, where)}](${destination(`accountid:${id}`)})`;
        }
        case "emoji":
          return escapeText(String(attrs.text || attrs.shortName || ""), where);
        case "inlineCard": {
          const url = String(attrs.url ?? "");
          return url ? `[${escapeText(url, where)}](${destination(url)})` : "";
        }
        case "date": {
          const ts = Number(attrs.timestamp);
          return Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : "";
        }
        case "status":
          return escapeText(String(attrs.text ?? ""), where);
        default:
          return escapeText(collectText(node), where);
      }
    },
  };
}
