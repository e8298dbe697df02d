/**
 * Confluence Query Language for the sandbox: a hand-written tokenizer and recursive-descent parser
 * plus an evaluator over the Confluence part of the store, used by `GET /wiki/rest/api/search` and
 * `GET /wiki/rest/api/content/search`.
 */

export { adfToText } from "../text/plain-text.js";
export type {
  CqlClause,
  CqlExpr,
  CqlField,
  CqlFunctionCall,
  CqlLiteral,
  CqlOperator,
  CqlOrderField,
  CqlOrderKey,
  CqlQuery,
  CqlValue,
} from "./ast.js";
export { CqlError, type CqlPosition } from "./errors.js";
export { type CompiledCql, compileCql, searchContent } from "./evaluator.js";
export { type CqlEnv, type CqlItem, itemId, itemsOf } from "./items.js";
export { parseCql } from "./parser.js";
