import { words } from "../text/plain-text.js";

/**
 * Full-text matching for the `~` operator. This is a deliberately small model of Confluence's
 * Lucene index: text is lower-cased and split into words of letters and digits; there is no
 * stemming and no stop-word list, so results are predictable in tests.
 */

/** One search term: a single word or a phrase of adjacent words; `prefix` makes the last word a prefix. */
export interface TextTerm {
  words: string[];
  prefix: boolean;
}

/**
 * Splits a `~` value into terms. Double-quoted parts are phrases; the rest splits on whitespace.
 * A bare token that itself contains punctuation (`foo-bar`) becomes a phrase of its words, as an
 * analyser would tokenize it. A trailing `*` makes the last word a prefix. Tokens without any
 * letter or digit are ignored.
 */
export function parseTextQuery(value: string): TextTerm[] {
  const terms: TextTerm[] = [];
  const add = (raw: string): void => {
    const prefix = raw.endsWith("*");
    const ws = words(raw);
    if (ws.length > 0) terms.push({ words: ws, prefix });
  };
  const re = /"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    if (m[1] !== undefined) add(m[1]);
    else if (m[2] !== undefined) {
      // A quote glued to a word (`foo"bar baz"`) starts a phrase: split there and rescan.
      const q = m[2].indexOf('"');
      if (q > 0) {
        add(m[2].slice(0, q));
        re.lastIndex = m.index + q;
      } else add(m[2]);
    }
  }
  return terms;
}

function termMatchesAt(textWords: readonly string[], at: number, term: TextTerm): boolean {
  const n = term.words.length;
  for (let j = 0; j < n; j++) {
    const w = textWords[at + j];
    const q = term.words[j];
    const isLast = j === n - 1;
    if (isLast && term.prefix ? !w.startsWith(q) : w !== q) return false;
  }
  return true;
}

/** True when every term occurs in the words; a query with no usable terms matches nothing. */
export function matchesText(textWords: readonly string[], terms: readonly TextTerm[]): boolean {
  if (terms.length === 0) return false;
  return terms.every((term) => {
    for (let i = 0; i + term.words.length <= textWords.length; i++) {
      if (termMatchesAt(textWords, i, term)) return true;
    }
    return false;
  });
}
