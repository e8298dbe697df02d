import type { CqlField, CqlOperator, CqlOrderField } from "./ast.js";

/** How a field's values are read: plain keys, text for `~`, dates, or user references. */
export type FieldKind = "key" | "text" | "textOnly" | "date" | "user";

export interface FieldSpec {
  field: CqlField;
  kind: FieldKind;
  operators: readonly CqlOperator[];
}

const KEY_OPS: readonly CqlOperator[] = ["=", "!=", "in", "not in"];
const TEXT_OPS: readonly CqlOperator[] = ["=", "!=", "~", "!~", "in", "not in"];
const TEXT_ONLY_OPS: readonly CqlOperator[] = ["~", "!~"];
const DATE_OPS: readonly CqlOperator[] = ["=", "!=", "<", "<=", ">", ">="];

const spec = (field: CqlField, kind: FieldKind): FieldSpec => ({
  field,
  kind,
  operators:
    kind === "text" ? TEXT_OPS : kind === "textOnly" ? TEXT_ONLY_OPS : kind === "date" ? DATE_OPS : KEY_OPS,
});

/** Supported fields by lower-case name, aliases included (CQL field names are case-insensitive). */
export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map([
  ["type", spec("type", "key")],
  ["space", spec("space", "key")],
  ["space.key", spec("space", "key")],
  ["space.id", spec("space.id", "key")],
  ["space.title", spec("space.title", "text")],
  ["space.type", spec("space.type", "key")],
  ["title", spec("title", "text")],
  ["text", spec("text", "textOnly")],
  ["label", spec("label", "key")],
  ["ancestor", spec("ancestor", "key")],
  ["parent", spec("parent", "key")],
  ["container", spec("container", "key")],
  ["id", spec("id", "key")],
  ["content", spec("id", "key")],
  ["creator", spec("creator", "user")],
  ["contributor", spec("contributor", "user")],
  ["created", spec("created", "date")],
  ["lastmodified", spec("lastmodified", "date")],
]);

/** Fields ORDER BY accepts, by lower-case name. */
export const ORDER_FIELDS: ReadonlyMap<string, CqlOrderField> = new Map([
  ["title", "title"],
  ["created", "created"],
  ["lastmodified", "lastmodified"],
  ["id", "id"],
  ["content", "id"],
  ["space", "space"],
  ["space.key", "space"],
  ["type", "type"],
]);

/** Values `type` accepts. The sandbox only stores pages, comments, attachments and spaces; the rest match nothing. */
export const CONTENT_TYPES: readonly string[] = [
  "page",
  "blogpost",
  "comment",
  "attachment",
  "space",
  "whiteboard",
  "database",
  "embed",
  "folder",
];

export function operatorText(op: CqlOperator): string {
  return op === "in" ? "IN" : op === "not in" ? "NOT IN" : op;
}
