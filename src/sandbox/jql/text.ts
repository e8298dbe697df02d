import { words } from "../text/plain-text.js";
import { JqlError } from "./errors.js";

/** A deliberately small stand-in for Jira's English stemmer: plurals ending in one `s` fold to singular. */
export function stem(word: string): string {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

/** Lucene's English stop words, which Jira drops from text queries. */
const STOP_WORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);

/** A field's text prepared once for matching. */
export interface IndexedText {
  words: string[];
  stems: string[];
  stemSet: Set<string>;
}

export function indexText(text: string): IndexedText {
  const w = words(text);
  const stems = w.map(stem);
  return { words: w, stems, stemSet: new Set(stems) };
}

interface Term {
  word: string;
  prefix: boolean;
}

/** A compiled `~` query: every term (or the whole phrase) must be found in one field's text. */
export type TextMatcher = (text: IndexedText) => boolean;

/**
 * Compiles a `~` value the way Jira's text search behaves for common queries: words are ANDed,
 * `word*` is a prefix search, a value wrapped in double quotes is an exact adjacent-word phrase,
 * and stop words are ignored.
 */
export function compileTextQuery(value: string, fieldName: string): TextMatcher {
  const trimmed = value.trim();
  if (trimmed === "")
    throw new JqlError(`The field '${fieldName}' does not support searching for an empty string.`);
  if (trimmed.startsWith("*") || trimmed.startsWith("?")) {
    throw new JqlError(
      `The text query '${value}' for field '${fieldName}' is not allowed to start with a wildcard.`,
    );
  }
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const phrase = words(trimmed.slice(1, -1)).map(stem);
    if (phrase.length === 0) return () => false;
    return (text) => {
      const s = text.stems;
      outer: for (let i = 0; i + phrase.length <= s.length; i++) {
        for (let k = 0; k < phrase.length; k++) if (s[i + k] !== phrase[k]) continue outer;
        return true;
      }
      return false;
    };
  }
  const terms: Term[] = [];
  for (const chunk of trimmed.split(/\s+/)) {
    const prefix = chunk.endsWith("*");
    const parts = words(prefix ? chunk.slice(0, -1) : chunk);
    parts.forEach((word, i) => {
      const isPrefix = prefix && i === parts.length - 1;
      if (!isPrefix && STOP_WORDS.has(word)) return;
      terms.push({ word: isPrefix ? word : stem(word), prefix: isPrefix });
    });
  }
  if (terms.length === 0) return () => false;
  return (text) => {
    for (const term of terms) {
      if (term.prefix) {
        if (!text.words.some((w) => w.startsWith(term.word))) return false;
      } else if (!text.stemSet.has(term.word)) return false;
    }
    return true;
  };
}
