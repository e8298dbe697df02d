import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

export type ApiErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_credentials"
  | "no_tools"
  | "oauth_not_configured"
  | "oauth_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal_error";

/**
 * An admin API failure with the shape every route answers with: `{ error: { code, message, details } }`.
 * Thrown from handlers and turned into a response by `errorResponse`, so handlers stay linear.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details: unknown };
}

export function errorBody(code: ApiErrorCode, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

export function errorResponse(c: Context, e: ApiError): Response {
  return c.json(errorBody(e.code, e.message, e.details), e.status, e.headers);
}

/** Zod issues as `{ path, message }` pairs: enough to fix the request, never the rejected value itself. */
export function fromZod(error: ZodError, where: "body" | "query" | "path" | "header"): ApiError {
  const details = error.issues.map((i) => ({
    location: where,
    path: i.path.map(String).join("."),
    message: i.message,
  }));
  const first = details[0];
  const message = first
    ? `invalid ${where}${first.path ? ` at ${first.path}` : ""}: ${first.message}`
    : `invalid ${where}`;
  return new ApiError(400, "invalid_request", message, details);
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
