/**
 * Pre-pass that keeps micromark out of its super-linear corners.
 *
 * micromark is correct but some inputs cost it quadratic time or worse: hundreds of nested containers on one line,
 * very long delimiter runs, and paragraphs with thousands of emphasis/link delimiters (a 400 KB paragraph of `*a* `
 * takes minutes; even backslash-escaping every delimiter stays slow). Real documents never look like that, so:
 *   - container markers beyond a per-line limit are escaped, and huge indentation is clamped;
 *   - long runs of the same delimiter character are escaped;
 *   - a paragraph-like unit with too many delimiters is not given to micromark at all: each of its lines is
 *     replaced by a placeholder token, and `restorePlaceholders` puts the raw text back afterwards (as literal text).
 * Fenced code blocks are never touched.
 */

const MAX_CONTAINERS_PER_LINE = 32;
const MAX_INDENT = 64;
const MAX_RUN = 32;
const MAX_SPECIALS_PER_UNIT = 1000;

const CONTAINER = /[ \t]{0,64}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/y;
const FENCE = /^(`{3,}|~{3,})/;
const THEMATIC = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LONG_RUN = new RegExp(`([*_~\`\\[\\]<!])\\1{${MAX_RUN},}`, "g");
const SPECIAL = /[\\`*_[\]<!~]/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

export interface Defused {
  source: string;
  originals: string[];
}

/** Index where a line's container markers (blockquote `>`, list bullets and numbers) end, and how many it has. */
function containerPrefix(line: string): { end: number; count: number; markerAt: number } {
  let end = 0;
  let count = 0;
  let markerAt = -1;
  for (;;) {
    CONTAINER.lastIndex = end;
    const m = CONTAINER.exec(line);
    if (!m || m[0].length === 0) break;
    count++;
    if (count === MAX_CONTAINERS_PER_LINE + 1) markerAt = end + (m[0].length - m[0].trimStart().length);
    end += m[0].length;
  }
  return { end, count, markerAt };
}

function escapeSpecials(s: string): string {
  return s.replace(SPECIAL, "\\$&");
}

export function defuseMarkdown(input: string): Defused {
  const lines = input.replace(/[\uE000\uE001]/g, "").split("\n");
  const originals: string[] = [];
  let fence: { char: string; len: number } | null = null;
  let unit: number[] = [];
  let unitSpecials = 0;
  const prefixEnds = new Map<number, number>();

  const endUnit = () => {
    if (unitSpecials > MAX_SPECIALS_PER_UNIT) {
      for (const i of unit) {
        const at = prefixEnds.get(i) ?? 0;
        const head = lines[i].slice(0, at);
        const rest = lines[i].slice(at);
        const lead = /^[ \t]*/.exec(rest)![0];
        originals.push(rest.slice(lead.length));
        lines[i] = `${head}${lead}\uE000${originals.length - 1}\uE001`;
      }
    }
    unit = [];
    unitSpecials = 0;
    prefixEnds.clear();
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const prefix = containerPrefix(line);
    const body = line.slice(prefix.end).trimStart();
    if (fence) {
      const close = FENCE.exec(body);
      if (
        close &&
        close[1][0] === fence.char &&
        close[1].length >= fence.len &&
        body.slice(close[1].length).trim() === ""
      ) {
        fence = null;
      }
      continue;
    }
    const open = FENCE.exec(body);
    if (open && !(open[1][0] === "`" && body.slice(open[1].length).includes("`"))) {
      endUnit();
      fence = { char: open[1][0], len: open[1].length };
      continue;
    }
    if (line.trim() === "") {
      endUnit();
      continue;
    }
    if (prefix.markerAt >= 0) {
      line = `${line.slice(0, prefix.markerAt)}\\${line.slice(prefix.markerAt)}`;
    }
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.length > MAX_INDENT) line = line.slice(indent.length - MAX_INDENT);
    if (THEMATIC.test(line)) {
      endUnit();
      lines[i] = line;
      continue;
    }
    line = line.replace(LONG_RUN, (run) => escapeSpecials(run));
    lines[i] = line;
    // A list item or table row starts a new inline unit; other lines continue the current paragraph.
    const after = containerPrefix(line);
    const startsItem =
      /[-*+\d]/.test(line.slice(0, after.end)) || /^[ \t]*\|/.test(line) || TABLE_DELIMITER.test(line);
    if (startsItem) endUnit();
    unit.push(i);
    prefixEnds.set(i, after.end);
    unitSpecials += (line.slice(after.end).match(SPECIAL) ?? []).length;
  }
  endUnit();
  return { source: lines.join("\n"), originals };
}

/** Puts the raw text of defused lines back into a parsed string value. */
export function restorePlaceholders(value: string, originals: readonly string[]): string {
  if (originals.length === 0 || value.indexOf("\uE000") < 0) return value;
  return value.replace(PLACEHOLDER, (m, n: string) => originals[Number(n)] ?? m);
}
