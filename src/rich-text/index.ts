/**
 * Rich-text conversion between Markdown (what models read and write), ADF (Jira Cloud v3, Confluence), Jira wiki
 * markup (Data Center / REST v2) and Confluence storage format. ADF is the hub: every pair converts through it,
 * and every function that returns ADF returns schema-valid ADF whatever the input.
 */
import type { AdfDoc } from "../sandbox/state/model.js";
import { adfToMarkdown } from "./adf-to-markdown.js";
import { type AdfToWikiOptions, adfToWiki } from "./adf-to-wiki.js";
import { type MarkdownToAdfOptions, markdownToAdf } from "./markdown-to-adf.js";
import { type WikiToAdfOptions, wikiToAdf } from "./wiki-to-adf.js";

export { adfToMarkdown } from "./adf-to-markdown.js";
export { adfToStorage } from "./adf-to-storage.js";
export { type AdfToWikiOptions, adfToWiki } from "./adf-to-wiki.js";
export { type MarkdownToAdfOptions, type MentionResolver, markdownToAdf } from "./markdown-to-adf.js";
export { adfToPlainText, textToAdf } from "./plain-text.js";
export { storageToAdf } from "./storage-to-adf.js";
export { type AdfValidation, validateAdf } from "./validate.js";
export { type WikiToAdfOptions, wikiToAdf } from "./wiki-to-adf.js";

/** Markdown → Jira wiki, through ADF so both directions share one set of rules. */
export function markdownToWiki(
  markdown: string,
  options: MarkdownToAdfOptions & AdfToWikiOptions = {},
): string {
  return adfToWiki(markdownToAdf(markdown, options), options);
}

/** Jira wiki → Markdown, through ADF. */
export function wikiToMarkdown(wiki: string, options: WikiToAdfOptions = {}): string {
  return adfToMarkdown(wikiToAdf(wiki, options));
}

export type { AdfDoc };
