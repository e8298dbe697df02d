import { adfToMarkdown } from "../rich-text/adf-to-markdown.js";
import { wikiToAdf } from "../rich-text/wiki-to-adf.js";

/**
 * The read-side converters only. Imported from their own modules rather than the rich-text barrel so
 * that answering a read never loads the Markdown parser, the HTML parser or the ADF schema validator,
 * which only writes need.
 */
export { adfToMarkdown };

export function wikiToMarkdown(wiki: string): string {
  return adfToMarkdown(wikiToAdf(wiki));
}
