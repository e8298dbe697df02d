/** ADF shapes used by the converters; structure is enforced by the ADF JSON schema, not by TypeScript. */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}
export interface AdfDoc {
  type: "doc";
  version: 1;
  content: AdfNode[];
}

/** Deepest nesting the converters produce; deeper input is flattened so output stays schema-valid and small. */
export const MAX_DEPTH = 24;

/** Characters JSON or the ADF schema reject in text: NUL and other C0 controls except tab/newline, lone surrogates. */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export function emptyDoc(): AdfDoc {
  return { type: "doc", version: 1, content: [] };
}
