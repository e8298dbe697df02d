/**
 * Confluence storage format (XHTML subset) → ADF. Parsed with htmlparser2 into a small element tree (depth-capped,
 * built without recursion), then walked: block elements map to ADF blocks, runs of inline content become
 * paragraphs, and whitespace is collapsed the way a browser would (except in code).
 */
import { Parser } from "htmlparser2";
import type { AdfDoc, AdfNode } from "../sandbox/state/model.js";
import { finishDoc } from "./normalize.js";
import { MACRO_TO_PANEL } from "./panels.js";
import { cleanText, pushAll } from "./text-safety.js";

type Mark = NonNullable<AdfNode["marks"]>[number];

interface El {
  name: string;
  attrs: Record<string, string>;
  children: Array<El | string>;
}

const MAX_TREE_DEPTH = 100;
const BLOCK_TAGS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "pre",
  "blockquote",
  "hr",
  "ac:structured-macro",
  "ac:task-list",
  "ac:layout",
  "ac:layout-section",
  "ac:layout-cell",
  "section",
  "article",
]);
const MARK_FOR_TAG: Record<string, Mark> = {
  strong: { type: "strong" },
  b: { type: "strong" },
  em: { type: "em" },
  i: { type: "em" },
  s: { type: "strike" },
  del: { type: "strike" },
  strike: { type: "strike" },
  u: { type: "underline" },
  sub: { type: "subsup", attrs: { type: "sub" } },
  sup: { type: "subsup", attrs: { type: "sup" } },
};

export function storageToAdf(xhtml: string): AdfDoc {
  const root = parse(cleanText(typeof xhtml === "string" ? xhtml : ""));
  return finishDoc(blocks(root.children, 0));
}

function parse(src: string): El {
  const root: El = { name: "#root", attrs: {}, children: [] };
  const stack: El[] = [root];
  let skipped = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (stack.length > MAX_TREE_DEPTH) {
          skipped++;
          return;
        }
        const el: El = { name, attrs, children: [] };
        stack[stack.length - 1].children.push(el);
        stack.push(el);
      },
      onclosetag() {
        if (skipped > 0) skipped--;
        else if (stack.length > 1) stack.pop();
      },
      ontext(text) {
        const kids = stack[stack.length - 1].children;
        const last = kids[kids.length - 1];
        if (typeof last === "string") kids[kids.length - 1] = last + text;
        else kids.push(text);
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true, recognizeCDATA: true, lowerCaseAttributeNames: true },
  );
  parser.write(src);
  parser.end();
  return root;
}

function textOf(node: El | string): string {
  const out: string[] = [];
  const stack: Array<El | string> = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === "string") out.push(n);
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.join("");
}

function child(el: El, name: string): El | undefined {
  return el.children.find((c): c is El => typeof c !== "string" && c.name === name);
}

function isBlock(node: El | string): boolean {
  if (typeof node === "string") return false;
  if (node.name === "ac:structured-macro") return macroName(node) !== "status";
  return BLOCK_TAGS.has(node.name);
}

function macroName(el: El): string {
  return (el.attrs["ac:name"] ?? "").toLowerCase();
}

function blocks(nodes: ReadonlyArray<El | string>, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  let run: Array<El | string> = [];
  const flush = () => {
    if (run.length === 0) return;
    const content = inlines(run, [], depth);
    run = [];
    if (content.some((n) => n.type !== "text" || (n.text ?? "").trim() !== "")) {
      out.push({ type: "paragraph", content: trimInline(content) });
    }
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      run.push(node);
      continue;
    }
    flush();
    pushAll(out, block(node as El, depth + 1));
  }
  flush();
  return out;
}

function block(el: El, depth: number): AdfNode[] {
  const kids = el.children;
  switch (el.name) {
    case "p":
      return [{ type: "paragraph", content: trimInline(inlines(kids, [], depth)) }];
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
      return [
        {
          type: "heading",
          attrs: { level: Number(el.name[1]) },
          content: trimInline(inlines(kids, [], depth)),
        },
      ];
    case "ul":
    case "ol": {
      const items = kids
        .filter((k) => typeof k !== "string" || k.trim() !== "")
        .map((k) => ({
          type: "listItem",
          content: typeof k !== "string" && k.name === "li" ? blocks(k.children, depth) : blocks([k], depth),
        }));
      if (el.name === "ul") return [{ type: "bulletList", content: items }];
      const start = Number.parseInt(el.attrs.start ?? "1", 10);
      return [{ type: "orderedList", attrs: { order: Number.isFinite(start) ? start : 1 }, content: items }];
    }
    case "table": {
      const rows: El[] = [];
      for (const k of kids) {
        if (typeof k === "string") continue;
        if (k.name === "tr") rows.push(k);
        else if (k.name === "thead" || k.name === "tbody" || k.name === "tfoot") {
          for (const r of k.children) if (typeof r !== "string" && r.name === "tr") rows.push(r);
        }
      }
      return [
        {
          type: "table",
          content: rows.map((r) => ({
            type: "tableRow",
            content: r.children
              .filter((c): c is El => typeof c !== "string" && (c.name === "td" || c.name === "th"))
              .map((c) => {
                const cell: AdfNode = {
                  type: c.name === "th" ? "tableHeader" : "tableCell",
                  content: blocks(c.children, depth),
                };
                const colspan = Number(c.attrs.colspan);
                const rowspan = Number(c.attrs.rowspan);
                if (colspan > 1 || rowspan > 1) {
                  cell.attrs = {};
                  if (colspan > 1) cell.attrs.colspan = colspan;
                  if (rowspan > 1) cell.attrs.rowspan = rowspan;
                }
                return cell;
              }),
          })),
        },
      ];
    }
    case "pre":
      return [{ type: "codeBlock", content: [{ type: "text", text: textOf(el).replace(/\n$/, "") }] }];
    case "blockquote":
      return [{ type: "blockquote", content: blocks(kids, depth) }];
    case "hr":
      return [{ type: "rule" }];
    case "ac:structured-macro":
      return macro(el, depth);
    case "ac:task-list":
      return [taskList(el, depth)];
    default:
      return blocks(kids, depth);
  }
}

function macro(el: El, depth: number): AdfNode[] {
  const name = macroName(el);
  const param = (key: string) =>
    el.children.find(
      (c): c is El => typeof c !== "string" && c.name === "ac:parameter" && c.attrs["ac:name"] === key,
    );
  const plain = child(el, "ac:plain-text-body");
  const rich = child(el, "ac:rich-text-body");
  if (name === "code" || name === "noformat") {
    const language = param("language") ? textOf(param("language")!).trim() : "";
    const text = plain ? textOf(plain) : rich ? textOf(rich) : "";
    return [
      { type: "codeBlock", ...(language ? { attrs: { language } } : {}), content: [{ type: "text", text }] },
    ];
  }
  if (name in MACRO_TO_PANEL) {
    const content = rich ? blocks(rich.children, depth) : [];
    const title = param("title") ? textOf(param("title")!).trim() : "";
    if (title)
      content.unshift({
        type: "paragraph",
        content: [{ type: "text", text: title, marks: [{ type: "strong" }] }],
      });
    return [{ type: "panel", attrs: { panelType: MACRO_TO_PANEL[name] }, content }];
  }
  if (rich) return blocks(rich.children, depth);
  if (plain) return [{ type: "paragraph", content: [{ type: "text", text: textOf(plain) }] }];
  return [];
}

function taskList(el: El, depth: number): AdfNode {
  const content: AdfNode[] = [];
  for (const k of el.children) {
    if (typeof k === "string") continue;
    if (k.name === "ac:task-list") content.push(taskList(k, depth + 1));
    if (k.name !== "ac:task") continue;
    const status = child(k, "ac:task-status");
    const id = child(k, "ac:task-id");
    const body = child(k, "ac:task-body");
    const nested =
      body?.children.filter((c): c is El => typeof c !== "string" && c.name === "ac:task-list") ?? [];
    const inline = body
      ? body.children.filter((c) => typeof c === "string" || c.name !== "ac:task-list")
      : [];
    content.push({
      type: "taskItem",
      attrs: {
        localId: id ? textOf(id).trim() : "",
        state: status && textOf(status).trim() === "complete" ? "DONE" : "TODO",
      },
      content: blocks(inline, depth),
    });
    for (const n of nested) content.push(taskList(n, depth + 1));
  }
  return { type: "taskList", attrs: { localId: "" }, content };
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return [...marks.filter((m) => m.type !== mark.type), mark];
}

function inlines(nodes: ReadonlyArray<El | string>, marks: Mark[], depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    if (typeof node === "string") {
      const text = node.replace(/\s+/g, " ");
      if (text) out.push(marks.length > 0 ? { type: "text", text, marks } : { type: "text", text });
      continue;
    }
    const mark = MARK_FOR_TAG[node.name];
    if (mark) {
      pushAll(out, inlines(node.children, withMark(marks, mark), depth + 1));
      continue;
    }
    switch (node.name) {
      case "code":
      case "tt":
        out.push({
          type: "text",
          text: textOf(node),
          marks: [...marks.filter((m) => m.type === "link"), { type: "code" }],
        });
        break;
      case "a":
        pushAll(
          out,
          inlines(
            node.children,
            withMark(marks, { type: "link", attrs: { href: node.attrs.href ?? "" } }),
            depth + 1,
          ),
        );
        break;
      case "br":
        out.push({ type: "hardBreak" });
        break;
      case "span": {
        const color = /color:\s*(#[0-9a-fA-F]{6})/.exec(node.attrs.style ?? "")?.[1];
        const inner = color
          ? withMark(marks, { type: "textColor", attrs: { color: color.toLowerCase() } })
          : marks;
        pushAll(out, inlines(node.children, inner, depth + 1));
        break;
      }
      case "ac:link":
        pushAll(out, acLink(node, marks));
        break;
      case "ac:emoticon": {
        const name = node.attrs["ac:emoji-shortname"] ?? node.attrs["ac:name"] ?? "";
        if (name) out.push({ type: "text", text: name.startsWith(":") ? name : `:${name}:`, marks });
        break;
      }
      case "ac:structured-macro":
        out.push({ type: "text", text: textOf(node), marks });
        break;
      case "ac:parameter":
      case "ac:image":
      case "ac:placeholder":
        break;
      default:
        if (node.name.startsWith("ri:")) break;
        pushAll(out, inlines(node.children, marks, depth + 1));
    }
  }
  return out;
}

function acLink(el: El, marks: Mark[]): AdfNode[] {
  const user = child(el, "ri:user");
  const body = child(el, "ac:plain-text-link-body") ?? child(el, "ac:link-body");
  const label = body ? textOf(body).trim() : "";
  if (user) {
    const id = user.attrs["ri:account-id"] ?? user.attrs["ri:userkey"] ?? user.attrs["ri:username"] ?? "";
    const attrs: Record<string, unknown> = { id };
    if (label) attrs.text = `@${label}`;
    return [{ type: "mention", attrs }];
  }
  const page = child(el, "ri:page");
  const text = label || page?.attrs["ri:content-title"] || "";
  return text ? [{ type: "text", text, marks }] : [];
}

/** Trims whitespace at paragraph edges and around hard breaks, as rendering would. */
function trimInline(nodes: AdfNode[]): AdfNode[] {
  nodes.forEach((n, i) => {
    if (n.type !== "text" || typeof n.text !== "string") return;
    if (i === 0 || nodes[i - 1].type === "hardBreak") n.text = n.text.replace(/^\s+/, "");
    if (i === nodes.length - 1 || nodes[i + 1].type === "hardBreak") n.text = n.text.replace(/\s+$/, "");
  });
  return nodes;
}
