/**
 * Character hygiene and structural limits shared by every converter. Converters accept hostile input (NUL bytes,
 * lone surrogates, absurd nesting), so they all funnel strings through here before emitting ADF.
 */

/** Deepest block nesting we emit; deeper structure is flattened so validators and renderers never recurse far. */
export const MAX_BLOCK_DEPTH = 24;

// C0 controls except TAB and LF, DEL, lone surrogates and the two non-characters U+FFFE/U+FFFF.
const UNSAFE_CHARS =
  /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Normalises line endings and drops characters that JSON consumers or Atlassian's backends reject. */
export function cleanText(input: string): string {
  const s = input.indexOf("\r") >= 0 ? input.replace(/\r\n?/g, "\n") : input;
  return s.replace(UNSAFE_CHARS, "");
}

/** Coerces an untrusted value to a clean string (used for attrs read from untrusted ADF). */
export function cleanString(value: unknown): string {
  return typeof value === "string" ? cleanText(value) : "";
}

/** Extracts text from an arbitrary JSON-ish tree without recursion, so depth cannot blow the stack. */
export function collectText(root: unknown, separator = ""): string {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    const n = node as Record<string, unknown>;
    if (typeof n.text === "string" && n.type === "text") out.push(n.text);
    else if (n.type === "mention" || n.type === "emoji") {
      const attrs = (n.attrs ?? {}) as Record<string, unknown>;
      const t = attrs.text ?? attrs.shortName ?? "";
      if (typeof t === "string") out.push(t);
    } else if (n.type === "hardBreak") out.push("\n");
    const kids = n.content ?? n.children;
    if (Array.isArray(kids)) {
      if (separator && kids.length > 0 && n.type !== "paragraph" && n.type !== "heading") out.push(separator);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
  return out.join("");
}

/** `target.push(...items)` without the argument-count limit that huge hostile inputs would hit. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Largest value, safe for very long arrays (unlike `Math.max(...values)`). */
export function maxOf(values: readonly number[], floor: number): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
