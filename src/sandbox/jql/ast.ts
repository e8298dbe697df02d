/** A point in the query text; `line` and `column` are 1-based as in Jira's messages. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export type Operator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "!~" | "in" | "not in" | "is" | "is not";

/** A field reference as written: plain name, quoted name, or `cf[12345]`. */
export interface FieldRef {
  name: string;
  quoted: boolean;
  /** Set for the `cf[12345]` form. */
  customFieldId?: number;
  position: Position;
}

export interface ValueOperand {
  type: "value";
  value: string;
  quoted: boolean;
  position: Position;
}

export interface EmptyOperand {
  type: "empty";
  position: Position;
}

export interface FunctionOperand {
  type: "function";
  name: string;
  args: string[];
  position: Position;
}

export interface ListOperand {
  type: "list";
  items: Array<ValueOperand | EmptyOperand | FunctionOperand>;
  position: Position;
}

export type Operand = ValueOperand | EmptyOperand | FunctionOperand | ListOperand;

export interface TermClause {
  type: "term";
  field: FieldRef;
  operator: Operator;
  operand: Operand;
}

export interface AndClause {
  type: "and";
  clauses: Clause[];
}

export interface OrClause {
  type: "or";
  clauses: Clause[];
}

export interface NotClause {
  type: "not";
  clause: Clause;
}

export type Clause = TermClause | AndClause | OrClause | NotClause;

export interface OrderKey {
  field: FieldRef;
  /** `null` when the query gave no direction; the evaluator then sorts ascending. */
  direction: "asc" | "desc" | null;
}

export interface JqlQuery {
  where: Clause | null;
  orderBy: OrderKey[];
}
