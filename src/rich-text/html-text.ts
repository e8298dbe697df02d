import { Parser } from "htmlparser2";

/** Text content of an HTML fragment (entities decoded, tags and comments dropped). */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  const parser = new Parser({ ontext: (t) => parts.push(t) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return parts.join("");
}
