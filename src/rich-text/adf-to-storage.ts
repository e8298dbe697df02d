/**
 * ADF → Confluence storage format (the XHTML dialect with `ac:`/`ri:` elements that Confluence's REST API accepts
 * and stores). Every text and attribute value is escaped; code goes into CDATA with `]]>` split safely.
 */
import type { AdfNode } from "../sandbox/state/model.js";
import { panelToMacro } from "./panels.js";
import { collectText } from "./text-safety.js";

const MAX_RENDER_DEPTH = 64;

export function adfToStorage(doc: unknown): string {
  const root = asNode(doc);
  if (!root) return "";
  return blocks(Array.isArray(root.content) ? nodesOf(root.content) : [root], 0);
}

function asNode(value: unknown): AdfNode | null {
  return value !== null && typeof value === "object" && typeof (value as AdfNode).type === "string"
    ? (value as AdfNode)
    : null;
}

function nodesOf(value: unknown): AdfNode[] {
  return Array.isArray(value) ? (value.map(asNode).filter(Boolean) as AdfNode[]) : [];
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function blocks(nodes: AdfNode[], depth: number): string {
  return nodes.map((n) => block(n, depth)).join("");
}

const INLINE_TYPES = new Set(["text", "hardBreak", "mention", "emoji", "inlineCard", "date", "status"]);

function block(node: AdfNode, depth: number): string {
  if (depth > MAX_RENDER_DEPTH) return `<p>${escapeXml(collectText(node, " "))}</p>`;
  const content = nodesOf(node.content);
  switch (node.type) {
    case "paragraph":
      return `<p>${inline(content)}</p>`;
    case "heading": {
      const raw = Number(node.attrs?.level);
      const level = Number.isFinite(raw) ? Math.min(6, Math.max(1, Math.trunc(raw))) : 1;
      return `<h${level}>${inline(content)}</h${level}>`;
    }
    case "bulletList":
      return `<ul>${content.map((i) => listItem(i, depth)).join("")}</ul>`;
    case "orderedList": {
      const order = Number(node.attrs?.order ?? 1);
      const start = Number.isFinite(order) && order !== 1 ? ` start="${Math.max(0, Math.trunc(order))}"` : "";
      return `<ol${start}>${content.map((i) => listItem(i, depth)).join("")}</ol>`;
    }
    case "taskList":
      return `<ac:task-list>${content.map((i) => taskItem(i, depth)).join("")}</ac:task-list>`;
    case "codeBlock": {
      const language = String(node.attrs?.language ?? "");
      const param = language ? `<ac:parameter ac:name="language">${escapeXml(language)}</ac:parameter>` : "";
      const body = `<ac:plain-text-body>${cdata(collectText({ content: node.content }))}</ac:plain-text-body>`;
      return `<ac:structured-macro ac:name="code">${param}${body}</ac:structured-macro>`;
    }
    case "blockquote":
      return `<blockquote>${blocks(content, depth + 1)}</blockquote>`;
    case "panel":
      return `<ac:structured-macro ac:name="${panelToMacro(node.attrs?.panelType)}"><ac:rich-text-body>${blocks(
        content,
        depth + 1,
      )}</ac:rich-text-body></ac:structured-macro>`;
    case "rule":
      return "<hr />";
    case "table":
      return `<table><tbody>${content
        .map(
          (row) =>
            `<tr>${nodesOf(row.content)
              .map((cell) => {
                const tag = cell.type === "tableHeader" ? "th" : "td";
                return `<${tag}>${blocks(nodesOf(cell.content), depth + 1)}</${tag}>`;
              })
              .join("")}</tr>`,
        )
        .join("")}</tbody></table>`;
    default:
      if (INLINE_TYPES.has(node.type)) return `<p>${inline([node])}</p>`;
      if (content.length > 0 && content.every((c) => INLINE_TYPES.has(c.type)))
        return `<p>${inline(content)}</p>`;
      if (content.length > 0) return blocks(content, depth + 1);
      return typeof node.text === "string" ? `<p>${escapeXml(node.text)}</p>` : "";
  }
}

function listItem(item: AdfNode, depth: number): string {
  const inner = item.type === "listItem" ? nodesOf(item.content) : [item];
  return `<li>${blocks(inner, depth + 1)}</li>`;
}

function taskItem(item: AdfNode, depth: number): string {
  if (item.type === "taskList") return block(item, depth + 1);
  const status = item.attrs?.state === "DONE" ? "complete" : "incomplete";
  const id = escapeXml(String(item.attrs?.localId ?? ""));
  return `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>${status}</ac:task-status><ac:task-body>${inline(
    nodesOf(item.content),
  )}</ac:task-body></ac:task>`;
}

const MARK_TAGS: Record<string, string> = {
  strong: "strong",
  em: "em",
  strike: "s",
  underline: "u",
  code: "code",
};

function inline(nodes: AdfNode[]): string {
  return nodes.map(inlineNode).join("");
}

function inlineNode(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case "text": {
      let html = escapeXml(typeof node.text === "string" ? node.text : "");
      const marks = Array.isArray(node.marks) ? node.marks : [];
      // Innermost first: code, then formatting, link outermost (mirrors how Confluence writes it).
      for (const type of ["code", "underline", "strike", "em", "strong"]) {
        if (marks.some((m) => m?.type === type)) html = `<${MARK_TAGS[type]}>${html}</${MARK_TAGS[type]}>`;
      }
      const sub = marks.find((m) => m?.type === "subsup");
      if (sub) html = sub.attrs?.type === "sub" ? `<sub>${html}</sub>` : `<sup>${html}</sup>`;
      const color = marks.find((m) => m?.type === "textColor")?.attrs?.color;
      if (typeof color === "string") html = `<span style="color: ${escapeXml(color)};">${html}</span>`;
      const link = marks.find((m) => m?.type === "link");
      if (link) html = `<a href="${escapeXml(String(link.attrs?.href ?? ""))}">${html}</a>`;
      return html;
    }
    case "hardBreak":
      return "<br />";
    case "mention": {
      // The link body carries the display name so it survives a round trip; Confluence resolves the account.
      const user = `<ri:user ri:account-id="${escapeXml(String(attrs.id ?? ""))}" />`;
      const name = typeof attrs.text === "string" ? attrs.text.replace(/^@/, "") : "";
      const body = name ? `<ac:plain-text-link-body>${cdata(name)}</ac:plain-text-link-body>` : "";
      return `<ac:link>${user}${body}</ac:link>`;
    }
    case "emoji":
      return escapeXml(String(attrs.text || attrs.shortName || ""));
    case "inlineCard": {
      const url = escapeXml(String(attrs.url ?? ""));
      return `<a href="${url}">${url}</a>`;
    }
    default:
      return escapeXml(collectText(node));
  }
}
