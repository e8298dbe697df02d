import { PANEL_BY_ALERT } from "./markdown-to-adf.js";
import type { AdfMark, AdfNode } from "./types.js";

const ALERT_BY_PANEL: Record<string, string> = Object.fromEntries(Object.entries(PANEL_BY_ALERT).map(([a, p]) => [p, a]));

/**
 * ADF → Markdown, for reading. It is the inverse of `markdownToAdf` for everything that converter
 * produces (so round trips keep text, structure and marks) and degrades anything else to its text
 * rather than failing: a model must always be able to read what Atlassian holds.
 */
export function adfToMarkdown(doc: unknown): string {
  if (!doc || typeof doc !== "object") return "";
  const root = doc as AdfNode;
  const content = root.type === "doc" ? (root.content ?? []) : [root];
  return blocks(content, 0).trimEnd();
}

function blocks(nodes: AdfNode[], depth: number): string {
  return nodes
    .map((n) => block(n, depth))
    .filter((s) => s !== "")
    .join("\n\n");
}

function block(node: AdfNode, depth: number): string {
  if (!node || typeof node !== "object" || depth > 64) return "";
  switch (node.type) {
    case "paragraph":
      return inline(node.content ?? []);
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `${"#".repeat(level)} ${inline(node.content ?? [])}`.trimEnd();
    }
    case "rule":
      return "---";
    case "codeBlock": {
      const text = (node.content ?? []).map((c) => c.text ?? "").join("");
      const lang = typeof node.attrs?.language === "string" ? node.attrs.language : "";
      const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
      return `${fence}${lang}\n${text}\n${fence}`;
    }
    case "blockquote":
      return prefixLines(blocks(node.content ?? [], depth + 1), "> ");
    case "panel": {
      const alert = ALERT_BY_PANEL[String(node.attrs?.panelType)] ?? "NOTE";
      const inner = blocks(node.content ?? [], depth + 1);
      return prefixLines(inner ? `[!${alert}]\n${inner}` : `[!${alert}]`, "> ");
    }
    case "bulletList":
    case "orderedList":
      return list(node, depth);
    case "taskList":
      return (node.content ?? [])
        .map((item) => {
          if (item.type === "taskList") return indent(block(item, depth + 1), "  ");
          const box = item.attrs?.state === "DONE" ? "[x]" : "[ ]";
          return `- ${box} ${inline(item.content ?? [])}`.trimEnd();
        })
        .join("\n");
    case "decisionList":
      return (node.content ?? []).map((item) => `- ${inline(item.content ?? [])}`).join("\n");
    case "table":
      return table(node);
    case "mediaSingle":
    case "mediaGroup":
      return (node.content ?? []).map((m) => `[attachment: ${m.attrs?.alt ?? m.attrs?.id ?? "media"}]`).join(" ");
    case "expand":
    case "nestedExpand": {
      const title = typeof node.attrs?.title === "string" && node.attrs.title ? `**${escape(node.attrs.title)}**\n\n` : "";
      return `${title}${blocks(node.content ?? [], depth + 1)}`;
    }
    case "blockCard":
    case "embedCard":
      return typeof node.attrs?.url === "string" ? `<${node.attrs.url}>` : "";
    default:
      if (node.content) return blocks(node.content, depth + 1) || inline(node.content);
      return node.text ? escape(node.text) : "";
  }
}

function list(node: AdfNode, depth: number): string {
  const ordered = node.type === "orderedList";
  let n = ordered ? Number(node.attrs?.order ?? 1) : 0;
  if (!Number.isFinite(n)) n = 1;
  return (node.content ?? [])
    .map((item) => {
      const marker = ordered ? `${n++}. ` : "- ";
      const pad = " ".repeat(marker.length);
      const children = item.content ?? [];
      const parts = children.map((c, i) => {
        const text = block(c, depth + 1);
        return i === 0 ? text : `\n${indent(text, pad)}`;
      });
      const first = parts[0] ?? "";
      const body = [first, ...parts.slice(1)].join("\n");
      // Keep list items tight; a blank line would make the list loose and change nothing else.
      return `${marker}${body.replace(/\n\n\n/g, "\n\n")}`.trimEnd();
    })
    .join("\n");
}

function table(node: AdfNode): string {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).map((cell) =>
      (cell.content ?? [])
        .map((b) => (b.type === "paragraph" ? inline(b.content ?? []) : block(b, 1).replace(/\n+/g, " ")))
        .join("<br>")
        .replace(/\|/g, "\\|"),
    ),
  );
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((r) => r.length), 1);
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? "").join(" | ")} |`;
  const out = [line(rows[0]), `| ${Array.from({ length: width }, () => "---").join(" | ")} |`];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join("\n");
}

function inline(nodes: AdfNode[]): string {
  let out = "";
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    switch (node?.type) {
      case "text":
        out += marked(node.text ?? "", node.marks ?? []);
        break;
      case "hardBreak":
        out += "\\\n";
        break;
      case "mention": {
        const text = String(node.attrs?.text ?? node.attrs?.id ?? "").replace(/^@/, "");
        out += `@[${escape(text)}](accountid:${node.attrs?.id ?? ""})`;
        break;
      }
      case "emoji":
        out += String(node.attrs?.text ?? node.attrs?.shortName ?? "");
        break;
      case "inlineCard":
        out += typeof node.attrs?.url === "string" ? `<${node.attrs.url}>` : "";
        break;
      case "date": {
        const ts = Number(node.attrs?.timestamp);
        out += Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : "";
        break;
      }
      case "status":
        out += `[${String(node.attrs?.text ?? "")}]`;
        break;
      default:
        if (node?.content) out += inline(node.content);
        else if (node?.text) out += escape(node.text);
    }
  }
  return out;
}

function marked(text: string, marks: AdfMark[]): string {
  if (text === "") return "";
  const link = marks.find((m) => m.type === "link");
  const has = (t: string) => marks.some((m) => m.type === t);
  let s: string;
  if (has("code")) {
    const ticks = "`".repeat(longestRun(text, "`") + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    s = `${ticks}${pad}${text}${pad}${ticks}`;
  } else {
    // Markdown emphasis cannot start or end with a space; keep outer spaces outside the markers.
    const lead = /^\s*/.exec(text)![0];
    const trail = /\s*$/.exec(text.slice(lead.length))![0];
    const core = text.slice(lead.length, text.length - trail.length);
    if (core === "") return escape(text);
    let inner = escape(core);
    if (has("strike")) inner = `~~${inner}~~`;
    if (has("em")) inner = `*${inner}*`;
    if (has("strong")) inner = `**${inner}**`;
    s = `${lead}${inner}${trail}`;
    if (link) {
      const href = String(link.attrs?.href ?? "").replace(/[()<>\s]/g, encodeURIComponent);
      return `${lead}[${inner}](${href})${trail}`;
    }
    return s;
  }
  if (link) {
    const href = String(link.attrs?.href ?? "").replace(/[()<>\s]/g, encodeURIComponent);
    return `[${s}](${href})`;
  }
  return s;
}

/** Backslash-escapes what Markdown would otherwise read as syntax, so text stays text. */
export function escape(text: string): string {
  return text
    .replace(/[\\`*_[\]{}<>&~|!#]/g, "\\$&")
    .replace(/^(\s*)([-+=])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (const c of text) {
    cur = c === ch ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

function prefixLines(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? prefix.trimEnd() : `${prefix}${l}`))
    .join("\n");
}

function indent(text: string, pad: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : `${pad}${l}`))
    .join("\n");
}
