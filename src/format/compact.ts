import { adfToMarkdown } from "../rich-text/index.js";

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

/** Drops noise keys everywhere and renders ADF as Markdown; values are otherwise left as Atlassian sent them. */
export function compact(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => compact(v, depth + 1));
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
    out[k] = compact(v, depth + 1);
  }
  return out;
}
