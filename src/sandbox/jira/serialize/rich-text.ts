/**
 * Rich text at the Jira edges. The state always holds ADF; Cloud v3 speaks ADF, while `/rest/api/2`
 * (Data Center, and Cloud's v2) speaks wiki markup, so conversion happens only here.
 */
import { adfToStorage, adfToWiki, validateAdf, wikiToAdf } from "../../../rich-text/index.js";
import type { AdfDoc, AdfNode } from "../../state/model.js";
import type { ApiVersion } from "./refs.js";

/** A stored document as the API version returns it: ADF for v3, a wiki string for v2. */
export function richOut(doc: AdfDoc | null, apiVersion: ApiVersion): unknown {
  if (doc === null) return null;
  return apiVersion === 3 ? doc : adfToWikiText(doc);
}

export type RichIn = { ok: true; doc: AdfDoc | null } | { ok: false };

/**
 * Parses an incoming rich-text value. v3 demands an ADF document (a string is Jira's
 * "Operation value must be an Atlassian Document"); v2 takes wiki markup. `null` clears.
 */
export function richIn(value: unknown, apiVersion: ApiVersion): RichIn {
  if (value === null) return { ok: true, doc: null };
  if (apiVersion === 2) {
    if (typeof value !== "string") return { ok: false };
    return { ok: true, doc: value === "" ? null : wikiTextToAdf(value) };
  }
  // The cheap structural check bounds depth before the full schema validator recurses.
  if (!isAdfDoc(value) || !validateAdf(value).valid) return { ok: false };
  return { ok: true, doc: value };
}

/** Plain text of a document, for rendered fields and link titles. */
export function adfPlainText(doc: AdfDoc | null): string {
  if (!doc) return "";
  const out: string[] = [];
  const walk = (nodes: AdfNode[] | undefined) => {
    for (const n of nodes ?? []) {
      if (typeof n.text === "string") out.push(n.text);
      else if (n.type === "hardBreak") out.push("\n");
      else if (n.type === "mention" && typeof n.attrs?.text === "string") out.push(n.attrs.text);
      walk(n.content);
      if (n.type === "paragraph" || n.type === "heading" || n.type === "listItem") out.push("\n");
    }
  };
  walk(doc.content);
  return out.join("").trim();
}

/** `renderedFields` HTML: Jira renders rich fields to HTML for display; XHTML storage is that. */
export function renderHtml(doc: AdfDoc | null): string {
  return doc ? adfToStorage(doc) : "";
}

const MAX_DEPTH = 64;

function isNode(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const n = value as Record<string, unknown>;
  if (typeof n.type !== "string" || n.type === "doc") return false;
  if (n.type === "text" && typeof n.text !== "string") return false;
  if (n.content !== undefined && (!Array.isArray(n.content) || !n.content.every((c) => isNode(c, depth + 1))))
    return false;
  return true;
}

export function isAdfDoc(value: unknown): value is AdfDoc {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const d = value as Record<string, unknown>;
  return (
    d.type === "doc" && d.version === 1 && Array.isArray(d.content) && d.content.every((c) => isNode(c, 1))
  );
}

function adfToWikiText(doc: AdfDoc): string {
  return adfToWiki(doc);
}

function wikiTextToAdf(text: string): AdfDoc {
  return wikiToAdf(text) as AdfDoc;
}
