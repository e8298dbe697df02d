import type { SpecName } from "./spec-files.js";

export interface MatchedOperation {
  spec: SpecName;
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The key under `paths` in that spec, e.g. `/pages/{id}` for Confluence v2 (relative to `/wiki/api/v2`). */
  pathTemplate: string;
  pathParams: Record<string, string>;
}

export interface ValidationResult {
  operation: MatchedOperation | null;
  ok: boolean;
  errors: string[];
}
