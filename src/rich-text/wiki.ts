import { adfToMarkdown } from "./adf-to-markdown.js";
import { markdownToAdf } from "./markdown-to-adf.js";
import { type AdfDoc, type AdfMark, type AdfNode, cleanText, MAX_DEPTH } from "./types.js";

/**
 * Jira wiki markup (Data Center, REST v2) ⇄ ADF. No maintained library parses wiki markup into a
 * tree, so this is a small hand-written line parser (blocks) plus an inline tokenizer (marks,
 * links, mentions) for the subset Jira users write.
 */

const PANEL_MACROS: Record<string, string> = { info: "info", note: "note", warning: "warning", tip: "success", panel: "info" };
const MACRO_BY_PANEL: Record<string, string> = { info: "info", note: "note", warning: "warning", success: "tip", error: "warning", tip: "tip" };

export function adfToWiki(doc: unknown): string {
  if (!doc || typeof doc !== "object") return "";
  const root = doc as AdfNode;
  return wikiBlocks(root.type === "doc" ? (root.content ?? []) : [root], 0).trim();
}

function wikiBlocks(nodes: AdfNode[], depth: number): string {
  return nodes.map((n) => wikiBlock(n, depth)).filter(Boolean).join("\n\n");
}

function wikiBlock(node: AdfNode, depth: number): string {
  if (!node || depth > 64) return "";
  switch (node.type) {
    case "paragraph":
      return wikiInline(node.content ?? []);
    case "heading":
      return `h${Math.min(6, Math.max(1, Number(node.attrs?.level) || 1))}. ${wikiInline(node.content ?? [])}`;
    case "rule":
      return "----";
    case "codeBlock": {
      const text = (node.content ?? []).map((c) => c.text ?? "").join("");
      const lang = typeof node.attrs?.language === "string" && node.attrs.language ? `:${node.attrs.language}` : "";
      return `{code${lang}}\n${text}\n{code}`;
    }
    case "blockquote":
      return `{quote}\n${wikiBlocks(node.content ?? [], depth + 1)}\n{quote}`;
    case "panel": {
      const macro = MACRO_BY_PANEL[String(node.attrs?.panelType)] ?? "info";
      return `{${macro}}\n${wikiBlocks(node.content ?? [], depth + 1)}\n{${macro}}`;
    }
    case "bulletList":
    case "orderedList":
      return wikiList(node, "");
    case "taskList":
      return (node.content ?? []).map((t) => `* ${t.attrs?.state === "DONE" ? "(/) " : "( ) "}${wikiInline(t.content ?? [])}`).join("\n");
    case "table":
      return (node.content ?? [])
        .map((row) =>
          (row.content ?? [])
            .map((cell) => {
              const sep = cell.type === "tableHeader" ? "||" : "|";
              const text = (cell.content ?? []).map((b) => (b.type === "paragraph" ? wikiInline(b.content ?? []) : wikiBlock(b, depth + 1))).join(" \\\\ ");
              return `${sep}${text || " "}`;
            })
            .join("") + ((row.content ?? [])[0]?.type === "tableHeader" ? "||" : "|"),
        )
        .join("\n");
    default:
      return node.content ? wikiBlocks(node.content, depth + 1) : "";
  }
}

function wikiList(node: AdfNode, prefix: string): string {
  const marker = prefix + (node.type === "orderedList" ? "#" : "*");
  return (node.content ?? [])
    .map((item) => {
      const lines: string[] = [];
      for (const child of item.content ?? []) {
        if (child.type === "bulletList" || child.type === "orderedList") lines.push(wikiList(child, marker));
        else if (lines.length === 0) lines.push(`${marker} ${child.type === "paragraph" ? wikiInline(child.content ?? []) : wikiBlock(child, 1)}`);
        else lines.push(wikiBlock(child, 1));
      }
      return lines.length ? lines.join("\n") : `${marker} `;
    })
    .join("\n");
}

const WIKI_MARK: Record<string, [string, string]> = {
  strong: ["*", "*"],
  em: ["_", "_"],
  strike: ["-", "-"],
  underline: ["+", "+"],
  code: ["{{", "}}"],
};

function wikiInline(nodes: AdfNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") {
      let text = node.marks?.some((m) => m.type === "code") ? (node.text ?? "") : escapeWiki(node.text ?? "");
      const marks = node.marks ?? [];
      for (const type of ["code", "strike", "underline", "em", "strong"]) {
        if (marks.some((m) => m.type === type)) text = `${WIKI_MARK[type][0]}${text}${WIKI_MARK[type][1]}`;
      }
      const link = marks.find((m) => m.type === "link");
      if (link) text = `[${text}|${String(link.attrs?.href ?? "")}]`;
      out += text;
    } else if (node.type === "hardBreak") out += "\\\\\n";
    else if (node.type === "mention") out += `[~accountid:${node.attrs?.id ?? ""}]`;
    else if (node.type === "emoji") out += String(node.attrs?.text ?? "");
    else if (node.content) out += wikiInline(node.content);
  }
  return out;
}

function escapeWiki(text: string): string {
  return text.replace(/([*_{}[\]|^~+\\!-])/g, "\\$1");
}

// ---------------------------------------------------------------- wiki → ADF

export function wikiToAdf(wiki: string): AdfDoc {
  const lines = cleanText(typeof wiki === "string" ? wiki : "").slice(0, 2_000_000).split(/\r?\n/);
  const content = parseBlocks(lines, 0);
  return { type: "doc", version: 1, content };
}

function para(inline: AdfNode[]): AdfNode {
  return inline.length ? { type: "paragraph", content: inline } : { type: "paragraph" };
}

function parseBlocks(lines: string[], depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  let i = 0;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length) {
      const inline = parseInline(buffer.join("\n"), []);
      if (inline.length) out.push(para(inline));
      buffer = [];
    }
  };
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    let m: RegExpExecArray | null;
    if (trimmed === "") {
      flush();
      i++;
      continue;
    }
    if ((m = /^h([1-6])\.\s*(.*)$/.exec(trimmed))) {
      flush();
      const inline = parseInline(m[2], []);
      out.push(inline.length ? { type: "heading", attrs: { level: Number(m[1]) }, content: inline } : { type: "heading", attrs: { level: Number(m[1]) } });
      i++;
      continue;
    }
    if (/^-{4,}$/.test(trimmed)) {
      flush();
      if (depth === 0) out.push({ type: "rule" });
      i++;
      continue;
    }
    if ((m = /^\{(code|noformat)(?::([^}]*))?\}(.*)$/.exec(trimmed))) {
      flush();
      const macro = m[1];
      const params = m[2] ?? "";
      const body: string[] = [];
      let rest = m[3];
      let j = i;
      const close = `{${macro}}`;
      while (true) {
        const idx = rest.indexOf(close);
        if (idx >= 0) {
          body.push(rest.slice(0, idx));
          break;
        }
        body.push(rest);
        j++;
        if (j >= lines.length) break;
        rest = lines[j];
      }
      const text = body.join("\n").replace(/^\n/, "").replace(/\n$/, "");
      const language = macro === "code" ? (params.split("|").find((p) => !p.includes("=")) ?? "") : "";
      const node: AdfNode = { type: "codeBlock", attrs: language ? { language } : {} };
      if (text) node.content = [{ type: "text", text }];
      out.push(node);
      i = j + 1;
      continue;
    }
    if ((m = /^\{(quote|info|note|warning|tip|panel)(?::[^}]*)?\}(.*)$/.exec(trimmed)) && depth < MAX_DEPTH) {
      flush();
      const macro = m[1];
      const close = `{${macro}}`;
      const body: string[] = [];
      let rest = m[2];
      let j = i;
      while (true) {
        const idx = rest.indexOf(close);
        if (idx >= 0) {
          body.push(rest.slice(0, idx));
          break;
        }
        body.push(rest);
        j++;
        if (j >= lines.length) break;
        rest = lines[j];
      }
      const inner = parseBlocks(body, depth + 1);
      if (macro === "quote") {
        const content = inner.filter((n) => ["paragraph", "bulletList", "orderedList", "codeBlock"].includes(n.type));
        out.push({ type: "blockquote", content: content.length ? content : [para([])] });
      } else {
        const content = inner.filter((n) => ["paragraph", "heading", "bulletList", "orderedList", "codeBlock", "rule"].includes(n.type));
        out.push({ type: "panel", attrs: { panelType: PANEL_MACROS[macro] }, content: content.length ? content : [para([])] });
      }
      i = j + 1;
      continue;
    }
    if ((m = /^bq\.\s*(.*)$/.exec(trimmed))) {
      flush();
      out.push({ type: "blockquote", content: [para(parseInline(m[1], []))] });
      i++;
      continue;
    }
    if (/^[*#]+\s/.test(trimmed) && !/^\*[^*\s][^*]*\*(\s|$)/.test(trimmed)) {
      flush();
      const items: Array<{ marker: string; text: string }> = [];
      while (i < lines.length && (m = /^([*#]+)\s+(.*)$/.exec(lines[i].trim()))) {
        items.push({ marker: m[1].slice(0, MAX_DEPTH), text: m[2] });
        i++;
      }
      out.push(buildList(items, 0));
      continue;
    }
    if (/^\|\|?/.test(trimmed)) {
      flush();
      const rows: AdfNode[] = [];
      while (i < lines.length && /^\|/.test(lines[i].trim())) {
        rows.push(parseRow(lines[i].trim()));
        i++;
      }
      const width = Math.max(...rows.map((r) => r.content?.length ?? 0), 1);
      for (const r of rows) {
        while ((r.content?.length ?? 0) < width) r.content!.push({ type: "tableCell", attrs: {}, content: [para([])] });
      }
      if (depth === 0) out.push({ type: "table", attrs: { isNumberColumnEnabled: false, layout: "default" }, content: rows });
      else out.push(para(parseInline(rows.map((r) => (r.content ?? []).map((c) => c.content?.[0]?.content?.map((t) => t.text ?? "").join("") ?? "").join(" ")).join(" "), [])));
      continue;
    }
    buffer.push(line);
    i++;
  }
  flush();
  return out;
}

function buildList(items: Array<{ marker: string; text: string }>, level: number): AdfNode {
  const ordered = items[0]?.marker[level] === "#";
  const list: AdfNode = { type: ordered ? "orderedList" : "bulletList", content: [] };
  if (ordered) list.attrs = { order: 1 };
  let k = 0;
  while (k < items.length) {
    const item = items[k];
    const listItem: AdfNode = { type: "listItem", content: [] };
    if (item.marker.length - 1 <= level) {
      listItem.content!.push(para(parseInline(item.text, [])));
      k++;
    } else {
      listItem.content!.push(para([]));
    }
    const nested: Array<{ marker: string; text: string }> = [];
    while (k < items.length && items[k].marker.length - 1 > level) nested.push(items[k++]);
    if (nested.length) listItem.content!.push(buildList(nested, level + 1));
    list.content!.push(listItem);
  }
  return list;
}

function parseRow(line: string): AdfNode {
  const cells: AdfNode[] = [];
  const re = /(\|\|?)([^|]*)/g;
  let m: RegExpExecArray | null;
  let rest = line.replace(/\|+\s*$/, "");
  const parts: Array<{ header: boolean; text: string }> = [];
  // Split on unescaped pipes; `||` marks a header cell.
  rest = rest.replace(/\\\|/g, "\u0000");
  while ((m = re.exec(rest))) {
    if (m[0] === "") break;
    parts.push({ header: m[1] === "||", text: m[2].replace(/\u0000/g, "|").trim() });
  }
  for (const p of parts) {
    cells.push({ type: p.header ? "tableHeader" : "tableCell", attrs: {}, content: [para(parseInline(p.text, []))] });
  }
  return { type: "tableRow", content: cells.length ? cells : [{ type: "tableCell", attrs: {}, content: [para([])] }] };
}

const INLINE_MARKS: Array<[string, string, string]> = [
  ["*", "*", "strong"],
  ["_", "_", "em"],
  ["-", "-", "strike"],
  ["+", "+", "underline"],
  ["{{", "}}", "code"],
];

function parseInline(text: string, marks: AdfMark[], depth = 0): AdfNode[] {
  const out: AdfNode[] = [];
  let buf = "";
  const pushText = () => {
    if (buf) out.push(marks.length ? { type: "text", text: buf, marks: marks.map((m) => ({ ...m })) } : { type: "text", text: buf });
    buf = "";
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && text[i + 1] === "\\") {
      pushText();
      out.push({ type: "hardBreak" });
      i += 2;
      if (text[i] === "\n") i++;
      continue;
    }
    if (ch === "\\" && i + 1 < text.length) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "\n") {
      buf += " ";
      i++;
      continue;
    }
    if (ch === "[") {
      const end = text.indexOf("]", i + 1);
      if (end > i) {
        const inner = text.slice(i + 1, end);
        const mention = /^~(?:accountid:)?([A-Za-z0-9:._@-]{1,128})$/.exec(inner);
        if (mention) {
          pushText();
          out.push({ type: "mention", attrs: { id: mention[1], text: `@${mention[1]}` } });
          i = end + 1;
          continue;
        }
        const bar = inner.lastIndexOf("|");
        const label = bar >= 0 ? inner.slice(0, bar) : inner;
        const href = bar >= 0 ? inner.slice(bar + 1) : inner;
        if (/^(https?:|mailto:|\/)/i.test(href.trim())) {
          pushText();
          const linkMarks = [...marks.filter((m) => m.type !== "link"), { type: "link", attrs: { href: href.trim() } }];
          const parsed = depth < MAX_DEPTH ? parseInline(label || href, linkMarks, depth + 1) : [{ type: "text", text: label || href, marks: linkMarks }];
          out.push(...parsed);
          i = end + 1;
          continue;
        }
      }
    }
    let matched = false;
    if (depth < MAX_DEPTH && !marks.some((m) => m.type === "code")) {
      for (const [open, close, type] of INLINE_MARKS) {
        if (!text.startsWith(open, i)) continue;
        const prev = i === 0 ? " " : text[i - 1];
        if (type !== "code" && /[A-Za-z0-9]/.test(prev)) continue;
        const end = text.indexOf(close, i + open.length + 1);
        if (end < 0) continue;
        const inner = text.slice(i + open.length, end);
        if (!inner || /^\s|\s$/.test(inner) || inner.includes("\n")) continue;
        const after = text[end + close.length] ?? " ";
        if (type !== "code" && /[A-Za-z0-9]/.test(after)) continue;
        pushText();
        if (type === "code") {
          const codeMarks = [...marks.filter((m) => m.type === "link"), { type: "code" }];
          out.push({ type: "text", text: inner, marks: codeMarks });
        } else {
          out.push(...parseInline(inner, marks.some((m) => m.type === type) ? marks : [...marks, { type }], depth + 1));
        }
        i = end + close.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    buf += ch;
    i++;
  }
  pushText();
  return out;
}

export function markdownToWiki(markdown: string): string {
  return adfToWiki(markdownToAdf(markdown));
}

export function wikiToMarkdown(wiki: string): string {
  return adfToMarkdown(wikiToAdf(wiki));
}
