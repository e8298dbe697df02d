/**
 * Rich text for Atlassian: Markdown (what models read and write) ⇄ ADF (Cloud) ⇄ wiki markup (Jira
 * Data Center) ⇄ storage format (Confluence XHTML). Every converter that produces ADF produces
 * schema-valid ADF, whatever the input.
 */
export { validateAdf } from "./adf-schema.js";
export { adfToMarkdown } from "./adf-to-markdown.js";
export { markdownToAdf } from "./markdown-to-adf.js";
export { adfToPlainText, textToAdf } from "./plain-text.js";
export { adfToStorage, storageToAdf } from "./storage.js";
export type { AdfDoc, AdfMark, AdfNode } from "./types.js";
export { adfToWiki, markdownToWiki, wikiToAdf, wikiToMarkdown } from "./wiki.js";
