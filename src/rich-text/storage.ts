import { parseDocument } from "htmlparser2";
import { PANEL_BY_ALERT } from "./markdown-to-adf.js";
import { type AdfDoc, type AdfMark, type AdfNode, cleanText, MAX_DEPTH } from "./types.js";

/**
 * Confluence storage format (XHTML with `ac:`/`ri:` elements) ⇄ ADF, for the subset pages are
 * made of. htmlparser2 does the parsing; the mapping to ADF nodes is ours.
 */

const PANEL_TYPES = new Set(Object.values(PANEL_BY_ALERT));
const MACRO_BY_PANEL: Record<string, string> = { info: "info", note: "note", warning: "warning", error: "warning", success: "tip", tip: "tip" };
const PANEL_BY_MACRO: Record<string, string> = { info: "info", note: "note", warning: "warning", tip: "success", panel: "info" };

export function adfToStorage(doc: unknown): string {
  if (!doc || typeof doc !== "object") return "";
  const root = doc as AdfNode;
  return (root.type === "doc" ? (root.content ?? []) : [root]).map((n) => storageBlock(n, 0)).join("");
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function storageBlock(node: AdfNode, depth: number): string {
  if (!node || depth > 64) return "";
  const kids = (nodes?: AdfNode[]) => (nodes ?? []).map((n) => storageBlock(n, depth + 1)).join("");
  switch (node.type) {
    case "paragraph":
      return `<p>${storageInline(node.content ?? [])}</p>`;
    case "heading": {
      const l = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `<h${l}>${storageInline(node.content ?? [])}</h${l}>`;
    }
    case "rule":
      return "<hr/>";
    case "codeBlock": {
      const text = (node.content ?? []).map((c) => c.text ?? "").join("").replace(/]]>/g, "]]]]><![CDATA[>");
      const lang = typeof node.attrs?.language === "string" && node.attrs.language
        ? `<ac:parameter ac:name="language">${esc(node.attrs.language)}</ac:parameter>`
        : "";
      return `<ac:structured-macro ac:name="code">${lang}<ac:plain-text-body><![CDATA[${text}]]></ac:plain-text-body></ac:structured-macro>`;
    }
    case "blockquote":
      return `<blockquote>${kids(node.content)}</blockquote>`;
    case "panel": {
      const macro = MACRO_BY_PANEL[String(node.attrs?.panelType)] ?? "info";
      return `<ac:structured-macro ac:name="${macro}"><ac:rich-text-body>${kids(node.content)}</ac:rich-text-body></ac:structured-macro>`;
    }
    case "bulletList":
      return `<ul>${kids(node.content)}</ul>`;
    case "orderedList": {
      const start = Number(node.attrs?.order ?? 1);
      return start !== 1 && Number.isFinite(start) ? `<ol start="${start}">${kids(node.content)}</ol>` : `<ol>${kids(node.content)}</ol>`;
    }
    case "listItem":
      return `<li>${kids(node.content)}</li>`;
    case "taskList":
      return `<ac:task-list>${(node.content ?? [])
        .map((t) => `<ac:task><ac:task-status>${t.attrs?.state === "DONE" ? "complete" : "incomplete"}</ac:task-status><ac:task-body>${storageInline(t.content ?? [])}</ac:task-body></ac:task>`)
        .join("")}</ac:task-list>`;
    case "table":
      return `<table><tbody>${kids(node.content)}</tbody></table>`;
    case "tableRow":
      return `<tr>${kids(node.content)}</tr>`;
    case "tableHeader":
      return `<th>${kids(node.content)}</th>`;
    case "tableCell":
      return `<td>${kids(node.content)}</td>`;
    default:
      return node.content ? kids(node.content) : node.text ? `<p>${esc(node.text)}</p>` : "";
  }
}

function storageInline(nodes: AdfNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") {
      let s = esc(node.text ?? "");
      const marks = node.marks ?? [];
      const has = (t: string) => marks.some((m) => m.type === t);
      if (has("code")) s = `<code>${s}</code>`;
      if (has("strike")) s = `<s>${s}</s>`;
      if (has("underline")) s = `<u>${s}</u>`;
      if (has("em")) s = `<em>${s}</em>`;
      if (has("strong")) s = `<strong>${s}</strong>`;
      const link = marks.find((m) => m.type === "link");
      if (link) s = `<a href="${esc(String(link.attrs?.href ?? ""))}">${s}</a>`;
      out += s;
    } else if (node.type === "hardBreak") out += "<br/>";
    else if (node.type === "mention") out += `<ac:link><ri:user ri:account-id="${esc(String(node.attrs?.id ?? ""))}"/></ac:link>`;
    else if (node.type === "emoji") out += esc(String(node.attrs?.text ?? ""));
    else if (node.content) out += storageInline(node.content);
  }
  return out;
}

// ---------------------------------------------------------------- storage → ADF

interface El {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: El[];
  data?: string;
}

export function storageToAdf(xhtml: string): AdfDoc {
  const source = cleanText(typeof xhtml === "string" ? xhtml : "").slice(0, 5_000_000);
  const dom = parseDocument(source, { xmlMode: true, decodeEntities: true }) as unknown as El;
  return { type: "doc", version: 1, content: toBlocks(dom.children ?? [], 0, "doc") };
}

const BLOCK_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "ac:structured-macro", "ac:task-list", "div"]);

function isBlock(el: El): boolean {
  return el.type === "tag" && BLOCK_TAGS.has(el.name ?? "");
}

function para(content: AdfNode[]): AdfNode {
  return content.length ? { type: "paragraph", content } : { type: "paragraph" };
}

function toBlocks(nodes: El[], depth: number, ctx: "doc" | "listItem" | "quote" | "panel" | "cell"): AdfNode[] {
  const out: AdfNode[] = [];
  let inline: El[] = [];
  const flush = () => {
    const content = toInline(inline, [], depth);
    if (content.some((n) => n.type !== "text" || (n.text ?? "").trim() !== "")) out.push(para(trimInline(content)));
    inline = [];
  };
  for (const el of nodes) {
    if (isBlock(el) && depth < MAX_DEPTH) {
      flush();
      out.push(...block(el, depth, ctx));
    } else inline.push(el);
  }
  flush();
  return out;
}

function trimInline(nodes: AdfNode[]): AdfNode[] {
  const out = nodes.map((n) => ({ ...n }));
  if (out[0]?.type === "text") out[0].text = (out[0].text ?? "").replace(/^\s+/, "");
  const last = out[out.length - 1];
  if (last?.type === "text") last.text = (last.text ?? "").replace(/\s+$/, "");
  return out.filter((n) => n.type !== "text" || n.text !== "");
}

function text(el: El): string {
  if (el.type === "text" || el.type === "cdata") return el.data ?? (el.children ?? []).map(text).join("");
  return (el.children ?? []).map(text).join("");
}

function param(el: El, name: string): string | undefined {
  const p = (el.children ?? []).find((c) => c.name === "ac:parameter" && c.attribs?.["ac:name"] === name);
  return p ? text(p).trim() : undefined;
}

function child(el: El, name: string): El | undefined {
  return (el.children ?? []).find((c) => c.name === name);
}

function block(el: El, depth: number, ctx: string): AdfNode[] {
  const name = el.name ?? "";
  const kids = el.children ?? [];
  const h = /^h([1-6])$/.exec(name);
  if (h) {
    const content = trimInline(toInline(kids, [], depth));
    if (ctx !== "doc" && ctx !== "panel") return [para(content)];
    return [content.length ? { type: "heading", attrs: { level: Number(h[1]) }, content } : { type: "heading", attrs: { level: Number(h[1]) } }];
  }
  switch (name) {
    case "p":
    case "div":
      return name === "div" ? toBlocks(kids, depth + 1, ctx as "doc") : [para(trimInline(toInline(kids, [], depth)))];
    case "hr":
      return ctx === "doc" || ctx === "panel" ? [{ type: "rule" }] : [];
    case "pre": {
      const t = text(el);
      return [t ? { type: "codeBlock", attrs: {}, content: [{ type: "text", text: t }] } : { type: "codeBlock", attrs: {} }];
    }
    case "blockquote": {
      const content = toBlocks(kids, depth + 1, "quote").filter((n) => ["paragraph", "bulletList", "orderedList", "codeBlock"].includes(n.type));
      if (ctx === "quote" || ctx === "panel") return content;
      return [{ type: "blockquote", content: content.length ? content : [para([])] }];
    }
    case "ul":
    case "ol": {
      const items = kids
        .filter((c) => c.name === "li")
        .map((li) => {
          let content = toBlocks(li.children ?? [], depth + 1, "listItem").filter((n) =>
            ["paragraph", "bulletList", "orderedList", "codeBlock"].includes(n.type),
          );
          if (content[0]?.type !== "paragraph") content = [para([]), ...content];
          return { type: "listItem", content };
        });
      if (items.length === 0) return [];
      if (name === "ol") {
        const start = Number(el.attribs?.start ?? 1);
        return [{ type: "orderedList", attrs: { order: Number.isFinite(start) && start >= 0 ? start : 1 }, content: items }];
      }
      return [{ type: "bulletList", content: items }];
    }
    case "table": {
      if (ctx !== "doc") return [para(trimInline(toInline(kids, [], depth)))];
      const rows: El[] = [];
      const collect = (n: El) => {
        for (const c of n.children ?? []) {
          if (c.name === "tr") rows.push(c);
          else if (c.name === "tbody" || c.name === "thead" || c.name === "tfoot") collect(c);
        }
      };
      collect(el);
      const adfRows = rows.map((tr) => ({
        type: "tableRow",
        content: (tr.children ?? [])
          .filter((c) => c.name === "td" || c.name === "th")
          .map((cell) => {
            const content = toBlocks(cell.children ?? [], depth + 1, "cell").filter((n) =>
              ["paragraph", "bulletList", "orderedList", "codeBlock", "heading"].includes(n.type),
            );
            return { type: cell.name === "th" ? "tableHeader" : "tableCell", attrs: {}, content: content.length ? content : [para([])] };
          }),
      }));
      const nonEmpty = adfRows.filter((r) => r.content.length > 0);
      if (nonEmpty.length === 0) return [];
      return [{ type: "table", attrs: { isNumberColumnEnabled: false, layout: "default" }, content: nonEmpty }];
    }
    case "ac:task-list": {
      const tasks = kids.filter((c) => c.name === "ac:task");
      if (tasks.length === 0) return [];
      return [
        {
          type: "taskList",
          attrs: { localId: `tl-${depth}-${tasks.length}` },
          content: tasks.map((t, i) => {
            const body = child(t, "ac:task-body");
            const inline = trimInline(toInline(body?.children ?? [], [], depth)).filter((n) => n.type !== "hardBreak");
            const item: AdfNode = {
              type: "taskItem",
              attrs: { localId: `t-${depth}-${i}`, state: text(child(t, "ac:task-status") ?? { type: "text" }).trim() === "complete" ? "DONE" : "TODO" },
            };
            if (inline.length) item.content = inline;
            return item;
          }),
        },
      ];
    }
    case "ac:structured-macro": {
      const macro = el.attribs?.["ac:name"] ?? "";
      if (macro === "code" || macro === "noformat") {
        const body = child(el, "ac:plain-text-body");
        const t = body ? text(body) : "";
        const language = param(el, "language");
        const node: AdfNode = { type: "codeBlock", attrs: language ? { language } : {} };
        if (t) node.content = [{ type: "text", text: t }];
        return [node];
      }
      if (PANEL_BY_MACRO[macro]) {
        const body = child(el, "ac:rich-text-body");
        const content = toBlocks(body?.children ?? [], depth + 1, "panel").filter((n) =>
          ["paragraph", "heading", "bulletList", "orderedList", "codeBlock", "rule"].includes(n.type),
        );
        if (ctx === "quote" || ctx === "panel") return content;
        const panelType = PANEL_BY_MACRO[macro];
        return [{ type: "panel", attrs: { panelType: PANEL_TYPES.has(panelType) ? panelType : "info" }, content: content.length ? content : [para([])] }];
      }
      const t = text(el).trim();
      return t ? [para([{ type: "text", text: t }])] : [];
    }
    default:
      return toBlocks(kids, depth + 1, ctx as "doc");
  }
}

const MARK_BY_TAG: Record<string, string> = { strong: "strong", b: "strong", em: "em", i: "em", s: "strike", del: "strike", u: "underline", code: "code" };

function toInline(nodes: El[], marks: AdfMark[], depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  for (const el of nodes) {
    if (el.type === "text" || el.type === "cdata") {
      const t = (el.data ?? text(el)).replace(/\s+/g, " ");
      if (t) {
        const code = marks.some((m) => m.type === "code");
        const kept = code ? marks.filter((m) => m.type === "code" || m.type === "link") : marks;
        out.push(kept.length ? { type: "text", text: t, marks: kept.map((m) => ({ ...m })) } : { type: "text", text: t });
      }
      continue;
    }
    if (el.type !== "tag" || depth > MAX_DEPTH) continue;
    const name = el.name ?? "";
    if (name === "br") {
      out.push({ type: "hardBreak" });
      continue;
    }
    if (name === "ac:link") {
      const user = child(el, "ri:user");
      if (user?.attribs?.["ri:account-id"]) {
        const id = user.attribs["ri:account-id"];
        out.push({ type: "mention", attrs: { id, text: `@${id}` } });
        continue;
      }
    }
    const mark = MARK_BY_TAG[name];
    if (mark) {
      const next = marks.some((m) => m.type === mark) ? marks : [...marks, { type: mark }];
      out.push(...toInline(el.children ?? [], next, depth + 1));
      continue;
    }
    if (name === "a" && el.attribs?.href) {
      out.push(...toInline(el.children ?? [], [...marks.filter((m) => m.type !== "link"), { type: "link", attrs: { href: el.attribs.href } }], depth + 1));
      continue;
    }
    out.push(...toInline(el.children ?? [], marks, depth + 1));
  }
  // Merge neighbours with the same marks.
  const merged: AdfNode[] = [];
  for (const n of out) {
    const prev = merged[merged.length - 1];
    if (n.type === "text" && prev?.type === "text" && JSON.stringify(prev.marks ?? []) === JSON.stringify(n.marks ?? [])) prev.text += n.text ?? "";
    else merged.push(n);
  }
  return merged;
}
