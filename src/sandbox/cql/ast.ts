/**
 * The parsed form of a CQL query. The parser has already validated every field, operator, function
 * and literal against the field table, so the evaluator can trust this shape and never has to
 * report a user error itself.
 */

export type CqlOperator = "=" | "!=" | "~" | "!~" | "<" | "<=" | ">" | ">=" | "in" | "not in";

/** Canonical field names (aliases such as `content` and `space.key` are folded by the parser). */
export type CqlField =
  | "type"
  | "space"
  | "space.id"
  | "space.title"
  | "space.type"
  | "title"
  | "text"
  | "label"
  | "ancestor"
  | "parent"
  | "container"
  | "id"
  | "creator"
  | "contributor"
  | "created"
  | "lastmodified";

export type CqlOrderField = "title" | "created" | "lastmodified" | "id" | "space" | "type";

/** A literal value: `quoted` tells `"123"` from `123`, which only matters for error messages. */
export interface CqlLiteral {
  kind: "literal";
  value: string;
  quoted: boolean;
  offset: number;
}

/** A function call such as `now("-4w")`; `name` is the canonical camel-case spelling. */
export interface CqlFunctionCall {
  kind: "function";
  name: string;
  args: string[];
  offset: number;
}

export type CqlValue = CqlLiteral | CqlFunctionCall;

export interface CqlClause {
  type: "clause";
  field: CqlField;
  operator: CqlOperator;
  /** One value, or the members of the list for IN / NOT IN. */
  values: CqlValue[];
  offset: number;
}

export interface CqlAnd {
  type: "and";
  operands: CqlExpr[];
}

export interface CqlOr {
  type: "or";
  operands: CqlExpr[];
}

export interface CqlNot {
  type: "not";
  operand: CqlExpr;
}

export type CqlExpr = CqlClause | CqlAnd | CqlOr | CqlNot;

export interface CqlOrderKey {
  field: CqlOrderField;
  direction: "asc" | "desc";
}

export interface CqlQuery {
  /** The query text, kept for error messages raised later. */
  source: string;
  where: CqlExpr;
  /** Empty when the query has no ORDER BY; the evaluator then applies its default order. */
  orderBy: CqlOrderKey[];
}
