import { adfToStorage, storageToAdf, validateAdf, wikiToAdf } from "../../rich-text/index.js";
import { isObject } from "../http/body.js";
import type { AdfDoc } from "../state/model.js";

/**
 * Bodies are stored as ADF and rendered per request in the representation asked for. Renderings are
 * cached per document object: a stored ADF document is never mutated (an edit makes a new version
 * with a new document), so the cache never goes stale and listings with `body-format` stay cheap.
 */

/** Representations a v2 listing may ask for (`PrimaryBodyRepresentation`). */
export const BULK_BODY_FORMATS = ["storage", "atlas_doc_format"] as const;
/** Representations a single-entity GET may ask for (`PrimaryBodyRepresentationSingle`). */
export const SINGLE_BODY_FORMATS = [
  "storage",
  "atlas_doc_format",
  "view",
  "export_view",
  "anonymous_export_view",
  "styled_view",
  "editor",
] as const;

export type BodyFormat = (typeof SINGLE_BODY_FORMATS)[number];

const storageCache = new WeakMap<AdfDoc, string>();
const adfJsonCache = new WeakMap<AdfDoc, string>();

export const EMPTY_DOC: AdfDoc = Object.freeze({ type: "doc", version: 1, content: [] }) as AdfDoc;

export function storageOf(doc: AdfDoc): string {
  let value = storageCache.get(doc);
  if (value === undefined) {
    value = adfToStorage(doc);
    storageCache.set(doc, value);
  }
  return value;
}

function adfJsonOf(doc: AdfDoc): string {
  let value = adfJsonCache.get(doc);
  if (value === undefined) {
    value = JSON.stringify(doc);
    adfJsonCache.set(doc, value);
  }
  return value;
}

/**
 * The `body` object of a v2 response: `{}` when no format was asked for (Confluence still sends the
 * key), else one entry keyed by the representation. The HTML views are the storage XHTML: the
 * sandbox has no macro renderer, and storage is valid XHTML a client can display.
 */
export function renderBody(doc: AdfDoc, format: BodyFormat | undefined): Record<string, unknown> {
  if (format === undefined) return {};
  if (format === "atlas_doc_format")
    return { atlas_doc_format: { representation: format, value: adfJsonOf(doc) } };
  return { [format]: { representation: format, value: storageOf(doc) } };
}

/** A v1 `ContentBody`. */
export function renderV1Body(
  doc: AdfDoc,
  format: "storage" | "atlas_doc_format" | "view",
  contentUrl: string,
) {
  return {
    value: format === "atlas_doc_format" ? adfJsonOf(doc) : storageOf(doc),
    representation: format,
    embeddedContent: [],
    _expandable: { content: contentUrl },
  };
}

export type ParsedBody = { ok: true; doc: AdfDoc } | { ok: false; message: string };

/**
 * Reads a write body in either documented shape: `{ representation, value }` (PageBodyWrite) or
 * `{ storage: { representation, value } }` (the nested form). `wiki` is accepted on input only, as
 * Confluence converts it and never returns it.
 */
export function parseWriteBody(body: unknown): ParsedBody {
  if (!isObject(body))
    return { ok: false, message: "body must be an object with 'representation' and 'value'" };
  let entry: Record<string, unknown> = body;
  if (!("representation" in body) && !("value" in body)) {
    const keys = ["storage", "atlas_doc_format", "wiki"].filter((k) => k in body);
    if (keys.length !== 1 || !isObject(body[keys[0]])) {
      return {
        ok: false,
        message: "body must contain exactly one of 'storage', 'atlas_doc_format' or 'wiki'",
      };
    }
    entry = { representation: keys[0], ...(body[keys[0]] as Record<string, unknown>) };
  }
  const { representation, value } = entry;
  if (typeof value !== "string") return { ok: false, message: "body.value must be a string" };
  switch (representation) {
    case "storage":
      return fromStorage(value);
    case "atlas_doc_format":
      return fromAdfJson(value);
    case "wiki":
      return fromWiki(value);
    default:
      return {
        ok: false,
        message: `Unsupported body representation '${String(representation)}': use storage, atlas_doc_format or wiki`,
      };
  }
}

function fromStorage(value: string): ParsedBody {
  if (value.trim() === "") return { ok: true, doc: { type: "doc", version: 1, content: [] } };
  const problem = storageProblem(value);
  if (problem) return { ok: false, message: `Error parsing xhtml: ${problem}` };
  try {
    return { ok: true, doc: storageToAdf(value) };
  } catch (e) {
    return { ok: false, message: `Error parsing xhtml: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Comments, CDATA (macro bodies), processing instructions, a tag with quoted attributes, or a stray `<`. */
const MARKUP =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>|</g;

/**
 * Storage format is XHTML and Confluence parses it as XML: an unbalanced or unclosed tag (`<br>`),
 * an unquoted attribute or a bare `<` is a 400, not something to repair. The converter itself is
 * forgiving, so well-formedness is checked here first, with the XML parser's kind of message.
 */
export function storageProblem(xhtml: string): string | null {
  const stack: string[] = [];
  for (const m of xhtml.matchAll(MARKUP)) {
    if (m[0] === "<") return `Unexpected character '<' at offset ${m.index}`;
    const name = m[2];
    if (name === undefined) continue;
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) {
        return open
          ? `Unexpected close tag </${name}>; expected </${open}>.`
          : `Unexpected close tag </${name}>.`;
      }
    } else if (!m[4]) stack.push(name);
  }
  const unclosed = stack.at(-1);
  return unclosed ? `Unexpected end of input; expected </${unclosed}>.` : null;
}

function fromWiki(value: string): ParsedBody {
  try {
    return { ok: true, doc: wikiToAdf(value) };
  } catch (e) {
    return {
      ok: false,
      message: `Error converting wiki markup: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

function fromAdfJson(value: string): ParsedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, message: "Invalid ADF content: the value is not valid JSON" };
  }
  const result = validateAdf(parsed);
  if (!result.valid) {
    return { ok: false, message: `Invalid ADF content: ${result.errors.slice(0, 3).join("; ")}` };
  }
  return { ok: true, doc: parsed as AdfDoc };
}
