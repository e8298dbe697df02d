import { adfToMarkdown, wikiToMarkdown } from "./markdown.js";

/** Fields that hold wiki markup as plain strings on Data Center (REST v2). */
const WIKI_FIELDS = new Set(["body", "description", "comment", "environment"]);

/**
 * Keys that cost tokens and tell a model nothing it can act on: API self links, image URLs,
 * expansion hints and Confluence's link/expansion bookkeeping.
 */
const NOISE = new Set([
  "self",
  "avatarUrls",
  "avatarUrl",
  "iconUrl",
  "expand",
  "_expandable",
  "_links",
  "avatarId",
  "accountType",
  "statusColor",
  "colorName",
  "thumbnail",
  "hierarchyLevel",
  "entityId",
  "scope",
]);

/** True for an ADF document, which compact output renders as Markdown. */
export function isAdfDoc(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "doc" &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

/**
 * Drops noise keys everywhere and renders rich text as Markdown (ADF objects; on Data Center also the
 * wiki-markup strings of text fields); values are otherwise left as Atlassian sent them.
 */
export function compact(value: unknown, depth = 0, wiki = false): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => compact(v, depth + 1, wiki));
  if (value === null || typeof value !== "object") return value;
  if (isAdfDoc(value)) return adfToMarkdown(value);
  const rep = value as { representation?: unknown; value?: unknown };
  if (rep.representation === "atlas_doc_format" && typeof rep.value === "string") {
    // Confluence sends ADF as a JSON string inside the body; models read it as Markdown.
    try {
      return adfToMarkdown(JSON.parse(rep.value));
    } catch {
      return rep.value;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (NOISE.has(k)) continue;
    out[k] =
      wiki && typeof v === "string" && WIKI_FIELDS.has(k) ? wikiToMarkdown(v) : compact(v, depth + 1, wiki);
  }
  return out;
}
