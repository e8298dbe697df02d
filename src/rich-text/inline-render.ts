/**
 * Serialises an ADF inline run into a delimiter-based syntax (Markdown or Jira wiki).
 *
 * ADF stores marks per text node, while both target syntaxes need properly nested open/close delimiters that sit
 * next to non-space characters. We keep a stack of open marks, close only what ends, open what starts (longest
 * lived first), and move edge whitespace outside marks so delimiters stay "flanking" and re-parse to the same marks.
 */
import type { AdfNode } from "../sandbox/state/model.js";

export type Mark = NonNullable<AdfNode["marks"]>[number];

export interface InlineSyntax {
  /** Mark types handled with open/close delimiters; others are ignored. */
  stacked: ReadonlySet<string>;
  /**
   * Returns the opening delimiter; `prev` is the last character emitted so far and `after` the first character
   * of the text that will follow the mark's end ("" when unknown), so syntaxes can pick intraword-safe forms.
   */
  open(mark: Mark, prev: string, after: string): string;
  close(mark: Mark, opened: string): string;
  text(text: string): string;
  /** Renders a text node carrying a `code` mark (atomic: code cannot hold other delimiters). */
  code(text: string): string;
  atom(node: AdfNode): string;
}

interface Segment {
  node: AdfNode;
  marks: Mark[];
}

function markKey(m: Mark): string {
  return m.type === "link" ? `link:${String(m.attrs?.href ?? "")}` : m.type;
}

function stackedMarks(node: AdfNode, syntax: InlineSyntax): Mark[] {
  return (node.marks ?? []).filter((m) => m && syntax.stacked.has(m.type));
}

function intersect(a: Mark[], b: Mark[]): Mark[] {
  const keys = new Set(b.map(markKey));
  return a.filter((m) => keys.has(markKey(m)));
}

function segments(nodes: readonly AdfNode[], syntax: InlineSyntax): Segment[] {
  const list = nodes.filter((n) => n && typeof n === "object");
  const marksOf = list.map((n) => stackedMarks(n, syntax));
  const out: Segment[] = [];
  list.forEach((node, i) => {
    const marks = marksOf[i];
    const isCode = (node.marks ?? []).some((m) => m?.type === "code");
    if (node.type !== "text" || typeof node.text !== "string" || marks.length === 0 || isCode) {
      out.push({ node, marks });
      return;
    }
    const text = node.text;
    const lead = /^\s+/.exec(text)?.[0] ?? "";
    const core = text.slice(lead.length).trimEnd();
    const trail = text.slice(lead.length + core.length);
    const prev = i > 0 ? marksOf[i - 1] : [];
    const next = i + 1 < list.length ? marksOf[i + 1] : [];
    if (!core) {
      out.push({ node, marks: intersect(intersect(marks, prev), next) });
      return;
    }
    if (lead) out.push({ node: { type: "text", text: lead }, marks: intersect(marks, prev) });
    out.push({ node: { type: "text", text: core, marks: node.marks }, marks });
    if (trail) out.push({ node: { type: "text", text: trail }, marks: intersect(marks, next) });
  });
  return out;
}

export function renderInline(nodes: readonly AdfNode[], syntax: InlineSyntax): string {
  const segs = segments(nodes, syntax);
  const parts: string[] = [];
  let last = "";
  const emit = (s: string) => {
    if (!s) return;
    parts.push(s);
    last = s[s.length - 1];
  };
  const stack: Array<{ mark: Mark; key: string; opened: string }> = [];
  segs.forEach((seg, index) => {
    const keys = new Set(seg.marks.map(markKey));
    let keep = 0;
    while (keep < stack.length && keys.has(stack[keep].key)) keep++;
    while (stack.length > keep) {
      const top = stack.pop()!;
      emit(syntax.close(top.mark, top.opened));
    }
    const openKeys = new Set(stack.map((s) => s.key));
    const toOpen = seg.marks.filter((m) => !openKeys.has(markKey(m)));
    const life = (m: Mark) => {
      const key = markKey(m);
      let n = index + 1;
      while (n < segs.length && segs[n].marks.some((x) => markKey(x) === key)) n++;
      return n;
    };
    const lives = new Map(toOpen.map((m) => [markKey(m), life(m)]));
    if (toOpen.length > 1) toOpen.sort((a, b) => lives.get(markKey(b))! - lives.get(markKey(a))!);
    for (const mark of toOpen) {
      const endNode = segs[lives.get(markKey(mark))!]?.node;
      const after = endNode?.type === "text" && typeof endNode.text === "string" ? endNode.text[0] : "";
      const opened = syntax.open(mark, last, after);
      emit(opened);
      stack.push({ mark, key: markKey(mark), opened });
    }
    const node = seg.node;
    if (node.type === "text" && typeof node.text === "string") {
      emit(
        (node.marks ?? []).some((m) => m?.type === "code") ? syntax.code(node.text) : syntax.text(node.text),
      );
    } else {
      emit(syntax.atom(node));
    }
  });
  while (stack.length > 0) {
    const top = stack.pop()!;
    emit(syntax.close(top.mark, top.opened));
  }
  return parts.join("");
}
