/**
 * JQL for the sandbox: a hand-written lexer and recursive-descent parser plus an evaluator over the
 * in-memory Store. Search endpoints (Cloud /search/jql, Data Center /search, agile listings) share it
 * so every deployment filters and orders issues identically.
 */
export type {
  AndClause,
  Clause,
  EmptyOperand,
  FieldRef,
  FunctionOperand,
  JqlQuery,
  ListOperand,
  NotClause,
  Operand,
  Operator,
  OrClause,
  OrderKey,
  Position,
  TermClause,
  ValueOperand,
} from "./ast.js";
export { JqlError } from "./errors.js";
export { type CompiledJql, compileJql, type JqlEnv, searchIssues } from "./evaluate.js";
export { parseJql } from "./parser.js";
