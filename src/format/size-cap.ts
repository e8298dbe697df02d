/**
 * Results above this many characters are cut (about 25k tokens): a model's context is finite and a
 * runaway answer (a 5,000-comment issue) should cost a page, not the whole window.
 */
export const DEFAULT_MAX_RESULT_CHARS = 100_000;

export function capText(text: string, max = DEFAULT_MAX_RESULT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n…[truncated: the result has ${text.length} characters and was cut at ${max}. Ask for less: use a smaller limit and next_cursor, fewer fields, or raw=false.]`;
}
