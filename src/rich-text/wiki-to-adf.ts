/**
 * Jira wiki markup → ADF.
 *
 * There is no maintained wiki-markup parser on npm, so this is a small hand-written one: a line-oriented block
 * parser (headings, lists, tables, `bq.`, `----`, and the `{code}`/`{noformat}`/`{quote}`/panel macros found by
 * searching for their closing tag) and an inline scanner for effects (`*strong*`, `_em_`, `-strike-`,
 * `+underline+`, `^sup^`, `~sub~`, and the braced `{*}intraword{*}` forms), `{{code}}`, `[text|url]` links, `[~user]` mentions, `\\` breaks and `\x`
 * escapes. Effect closers are pre-indexed so unmatched openers cost O(log n), keeping hostile input linear-ish.
 */
import type { AdfDoc, AdfNode } from "../sandbox/state/model.js";
import { finishDoc } from "./normalize.js";
import { MACRO_TO_PANEL } from "./panels.js";
import { cleanText, pushAll } from "./text-safety.js";

type Mark = NonNullable<AdfNode["marks"]>[number];

export interface WikiToAdfOptions {
  /** Maps a Data Center username from `[~username]` to an account; without it the username is used as the id. */
  resolveUser?: (username: string) => { accountId: string; displayName?: string } | null | undefined;
}

const MAX_MACRO_DEPTH = 8;
const MAX_INLINE_DEPTH = 12;
const MAX_LIST_LEVEL = 16;
const MACRO_OPEN = /^\{(code|noformat|quote|panel|info|note|warning|tip)(?::([^}\n]*))?\}/;
const EFFECTS: Record<string, Mark> = {
  "*": { type: "strong" },
  _: { type: "em" },
  "-": { type: "strike" },
  "+": { type: "underline" },
  "^": { type: "subsup", attrs: { type: "sup" } },
  "~": { type: "subsup", attrs: { type: "sub" } },
};
const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

export function wikiToAdf(wiki: string, options: WikiToAdfOptions = {}): AdfDoc {
  const src = cleanText(typeof wiki === "string" ? wiki : "");
  return finishDoc(parseBlocks(src, 0, options));
}

function parseBlocks(src: string, depth: number, opts: WikiToAdfOptions): AdfNode[] {
  const out: AdfNode[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length === 0) return;
    const content: AdfNode[] = [];
    para.forEach((line, i) => {
      if (i > 0) content.push({ type: "hardBreak" });
      pushAll(content, parseInline(line, opts));
    });
    out.push({ type: "paragraph", content });
    para = [];
  };
  let pos = 0;
  while (pos <= src.length) {
    const nl = src.indexOf("\n", pos);
    const lineEnd = nl < 0 ? src.length : nl;
    const next = nl < 0 ? src.length + 1 : nl + 1;
    const line = src.slice(pos, lineEnd);
    const t = line.trim();
    if (t === "") {
      flush();
      pos = next;
      continue;
    }
    const macro = depth < MAX_MACRO_DEPTH ? MACRO_OPEN.exec(t) : null;
    if (macro) {
      flush();
      const name = macro[1];
      const start = pos + line.indexOf(macro[0]) + macro[0].length;
      const closeTag = `{${name}}`;
      const close = src.indexOf(closeTag, start);
      const end = close < 0 ? src.length : close;
      let body = src.slice(start, end);
      pos = close < 0 ? src.length + 1 : close + closeTag.length;
      if (src[pos] === "\n") pos++;
      out.push(macroNode(name, macro[2] ?? "", body, depth, opts));
      body = "";
      continue;
    }
    const heading = /^h([1-6])\.(?:\s+|$)(.*)$/.exec(t);
    if (heading) {
      flush();
      out.push({
        type: "heading",
        attrs: { level: Number(heading[1]) },
        content: parseInline(heading[2], opts),
      });
      pos = next;
      continue;
    }
    const bq = /^bq\.(?:\s+|$)(.*)$/.exec(t);
    if (bq) {
      flush();
      out.push({ type: "blockquote", content: [{ type: "paragraph", content: parseInline(bq[1], opts) }] });
      pos = next;
      continue;
    }
    if (/^-{4,}$/.test(t)) {
      flush();
      out.push({ type: "rule" });
      pos = next;
      continue;
    }
    if (isListLine(t) || t.startsWith("|")) {
      flush();
      const isTable = t.startsWith("|");
      const lines: string[] = [];
      while (pos <= src.length) {
        const n2 = src.indexOf("\n", pos);
        const l = src.slice(pos, n2 < 0 ? src.length : n2).trim();
        if (isTable ? !l.startsWith("|") : !isListLine(l)) break;
        lines.push(l);
        pos = n2 < 0 ? src.length + 1 : n2 + 1;
      }
      out.push(isTable ? table(lines, opts) : lists(lines, opts)[0]);
      continue;
    }
    para.push(t);
    pos = next;
  }
  flush();
  return out;
}

function isListLine(t: string): boolean {
  return /^(?:[*#]+|-)\s+\S?/.test(t) && !/^-{4,}$/.test(t);
}

function macroNode(
  name: string,
  params: string,
  body: string,
  depth: number,
  opts: WikiToAdfOptions,
): AdfNode {
  if (name === "code" || name === "noformat") {
    const text = body.replace(/^\n/, "").replace(/\n$/, "");
    let language = "";
    if (name === "code") {
      for (const p of params.split("|")) {
        const kv = /^\s*language\s*=\s*(.*)$/i.exec(p);
        if (kv) language = kv[1].trim();
        else if (!p.includes("=") && p.trim()) language = p.trim();
      }
    }
    return {
      type: "codeBlock",
      ...(language ? { attrs: { language } } : {}),
      content: [{ type: "text", text }],
    };
  }
  const content = parseBlocks(body, depth + 1, opts);
  if (name === "quote") return { type: "blockquote", content };
  const title = /(?:^|\|)\s*title\s*=\s*([^|]*)/i.exec(params)?.[1]?.trim();
  if (title)
    content.unshift({
      type: "paragraph",
      content: [{ type: "text", text: title, marks: [{ type: "strong" }] }],
    });
  return { type: "panel", attrs: { panelType: MACRO_TO_PANEL[name] ?? "info" }, content };
}

function lists(lines: string[], opts: WikiToAdfOptions): AdfNode[] {
  const roots: AdfNode[] = [];
  const stack: AdfNode[] = [];
  for (const line of lines) {
    const m = /^([*#]+|-)\s+(.*)$/.exec(line) ?? ["", "-", ""];
    const markers = (m[1] === "-" ? "*" : m[1]).slice(0, MAX_LIST_LEVEL);
    const types = [...markers].map((c) => (c === "#" ? "orderedList" : "bulletList"));
    let common = 0;
    while (common < stack.length && common < types.length && stack[common].type === types[common]) common++;
    stack.length = common === types.length ? types.length : common;
    for (let k = stack.length; k < types.length; k++) {
      const list: AdfNode = { type: types[k], content: [] };
      if (types[k] === "orderedList") list.attrs = { order: 1 };
      if (k === 0) roots.push(list);
      else {
        const parent = stack[k - 1].content!;
        if (parent.length === 0) parent.push({ type: "listItem", content: [] });
        parent[parent.length - 1].content!.push(list);
      }
      stack.push(list);
    }
    stack[stack.length - 1].content!.push({
      type: "listItem",
      content: [{ type: "paragraph", content: parseInline(m[2], opts) }],
    });
  }
  return roots.length > 0 ? roots : [{ type: "paragraph", content: [] }];
}

function table(lines: string[], opts: WikiToAdfOptions): AdfNode {
  const rows: AdfNode[] = [];
  for (const line of lines) {
    const cells: AdfNode[] = [];
    let i = 0;
    while (i < line.length && line[i] === "|") {
      const header = line[i + 1] === "|";
      i += header ? 2 : 1;
      let j = i;
      let bracket = 0;
      while (j < line.length) {
        const c = line[j];
        if (c === "\\") j += 2;
        else if (c === "{" && line[j + 1] === "{") {
          const close = line.indexOf("}}", j + 2);
          j = close < 0 ? line.length : close + 2;
        } else {
          if (c === "[") bracket++;
          else if (c === "]" && bracket > 0) bracket--;
          else if (c === "|" && bracket === 0) break;
          j++;
        }
      }
      j = Math.min(j, line.length);
      const raw = line.slice(i, j).trim();
      i = j;
      if (i >= line.length && raw === "") break;
      cells.push({
        type: header ? "tableHeader" : "tableCell",
        content: [{ type: "paragraph", content: parseInline(raw, opts) }],
      });
    }
    if (cells.length > 0) rows.push({ type: "tableRow", content: cells });
  }
  return { type: "table", content: rows };
}

// ---------------------------------------------------------------------------------------------------------------
// Inline

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

interface Scan {
  s: string;
  escaped: Uint8Array;
  closers: Map<string, number[]>;
  opts: WikiToAdfOptions;
  found: Map<string, { from: number; at: number }>;
}

/** `indexOf` with a per-needle cache: scanning moves forward, so hostile input cannot make searches quadratic. */
function find(sc: Scan, needle: string, from: number): number {
  const hit = sc.found.get(needle);
  if (hit && from >= hit.from && (hit.at === -1 || hit.at >= from)) return hit.at;
  const at = sc.s.indexOf(needle, from);
  sc.found.set(needle, { from, at });
  return at;
}

export function parseInline(s: string, opts: WikiToAdfOptions): AdfNode[] {
  const escaped = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") {
      if (s[i + 1] !== "\\") escaped[i + 1] = 1;
      i++;
    }
  }
  const closers = new Map<string, number[]>();
  for (const c of Object.keys(EFFECTS)) closers.set(c, []);
  for (let k = 1; k < s.length; k++) {
    const list = closers.get(s[k]);
    if (list && !escaped[k] && !isSpace(s[k - 1]) && !isAlnum(s[k + 1])) list.push(k);
  }
  const out: AdfNode[] = [];
  scan({ s, escaped, closers, opts, found: new Map() }, 0, s.length, [], 0, out);
  return out;
}

function firstCloser(list: number[], from: number, before: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo] < before ? list[lo] : -1;
}

function scan(sc: Scan, start: number, end: number, marks: Mark[], depth: number, out: AdfNode[]): void {
  const { s } = sc;
  let buf = "";
  const flush = () => {
    if (buf) out.push(marks.length > 0 ? { type: "text", text: buf, marks } : { type: "text", text: buf });
    buf = "";
  };
  let i = start;
  while (i < end) {
    const c = s[i];
    if (c === "\\") {
      if (s[i + 1] === "\\" && i + 1 < end) {
        flush();
        out.push({ type: "hardBreak" });
        i += 2;
      } else if (i + 1 < end) {
        buf += s[i + 1];
        i += 2;
      } else {
        buf += c;
        i++;
      }
      continue;
    }
    if (c === "&") {
      const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/.exec(
        s.slice(i, Math.min(end, i + 12)),
      );
      const decoded = m ? decodeEntity(m) : undefined;
      if (m && decoded !== undefined) {
        buf += decoded;
        i += m[0].length;
        continue;
      }
    }
    if (c === "{" && s[i + 1] === "{") {
      const close = find(sc, "}}", i + 2);
      if (close >= 0 && close + 2 <= end && close > i + 2) {
        flush();
        const codeMarks = [...marks.filter((m) => m.type === "link"), { type: "code" }];
        out.push({ type: "text", text: s.slice(i + 2, close), marks: codeMarks });
        i = close + 2;
        continue;
      }
    }
    if (c === "{" && s.startsWith("{color:", i) && depth < MAX_INLINE_DEPTH) {
      const head = find(sc, "}", i);
      const close = head < 0 ? -1 : find(sc, "{color}", head);
      if (head >= 0 && close >= 0 && close + 7 <= end) {
        flush();
        const color = s.slice(i + 7, head).trim();
        const inner = /^#[0-9a-fA-F]{6}$/.test(color)
          ? [...marks, { type: "textColor", attrs: { color } }]
          : marks;
        scan(sc, head + 1, close, inner, depth + 1, out);
        i = close + 7;
        continue;
      }
    }
    if (c === "[") {
      const close = find(sc, "]", i + 1);
      if (close >= 0 && close < end && depth < MAX_INLINE_DEPTH) {
        const handled = bracket(sc, i + 1, close, marks, depth, flush, out);
        if (handled) {
          i = close + 1;
          continue;
        }
      }
    }
    if (c === "{" && EFFECTS[s[i + 1]] && s[i + 2] === "}" && depth < MAX_INLINE_DEPTH) {
      // Braced effect (`{*}bold{*}`): ignores word boundaries, used for intraword formatting.
      const tag = s.slice(i, i + 3);
      const close = find(sc, tag, i + 3);
      if (close > i + 3 && close + 3 <= end) {
        flush();
        const mark = EFFECTS[s[i + 1]];
        scan(sc, i + 3, close, [...marks.filter((m) => m.type !== mark.type), mark], depth + 1, out);
        i = close + 3;
        continue;
      }
    }
    const effect = EFFECTS[c];
    if (
      effect &&
      depth < MAX_INLINE_DEPTH &&
      !sc.escaped[i] &&
      !isAlnum(s[i - 1]) &&
      !isSpace(s[i + 1]) &&
      s[i + 1] !== c
    ) {
      const close = firstCloser(sc.closers.get(c)!, i + 2, end);
      if (close > 0) {
        flush();
        scan(sc, i + 1, close, [...marks.filter((m) => m.type !== effect.type), effect], depth + 1, out);
        i = close + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
}

function decodeEntity(m: RegExpExecArray): string | undefined {
  const code = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? Number.parseInt(m[2], 16) : undefined;
  if (code !== undefined)
    return code > 0 && code <= 0x10ffff ? cleanText(String.fromCodePoint(code)) : undefined;
  return NAMED_ENTITIES[m[3].toLowerCase()];
}

function bracket(
  sc: Scan,
  from: number,
  to: number,
  marks: Mark[],
  depth: number,
  flush: () => void,
  out: AdfNode[],
): boolean {
  const body = sc.s.slice(from, to);
  if (body.startsWith("~")) {
    flush();
    const who = body.slice(1).trim();
    const acc = /^accountid:(.+)$/i.exec(who);
    if (acc) out.push({ type: "mention", attrs: { id: acc[1].trim() } });
    else {
      const user = sc.opts.resolveUser?.(who);
      const id = user?.accountId ?? who;
      const text = `@${user?.displayName ?? who}`;
      out.push({ type: "mention", attrs: { id, text } });
    }
    return true;
  }
  let pipe = -1;
  for (let k = from; k < to; k++) {
    if (sc.s[k] === "\\") k++;
    else if (sc.s[k] === "|") {
      pipe = k;
      break;
    }
  }
  const url = (pipe >= 0 ? sc.s.slice(pipe + 1, to).split("|")[0] : body).trim();
  if (!/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(url) || body.startsWith("^")) return false;
  flush();
  const link: Mark = { type: "link", attrs: { href: url } };
  const inner = [...marks.filter((m) => m.type !== "link"), link];
  if (pipe >= 0 && pipe > from) scan(sc, from, pipe, inner, depth + 1, out);
  else out.push({ type: "text", text: url, marks: inner });
  return true;
}
