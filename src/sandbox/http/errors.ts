import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Atlassian's error bodies differ per product and per API generation; clients (and our gateway) parse
 * them, so the sandbox reproduces each shape exactly rather than inventing one.
 */

/** Jira platform and Jira Software: `{ errorMessages: [...], errors: { field: message } }`. */
export function jiraError(
  c: Context,
  status: ContentfulStatusCode,
  messages: string[],
  errors: Record<string, string> = {},
): Response {
  return c.json({ errorMessages: messages, errors }, status);
}

/** Confluence v2: `{ errors: [{ status, code, title, detail }] }`. */
export function confluenceV2Error(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string | null = null,
) {
  return c.json({ errors: [{ status, code: CODE_BY_STATUS[status] ?? "ERROR", title, detail }] }, status);
}

/** Confluence v1: `{ statusCode, data: { authorized, valid, errors, successful }, message }`. */
export function confluenceV1Error(c: Context, status: ContentfulStatusCode, message: string) {
  return c.json(
    {
      statusCode: status,
      data: { authorized: status !== 401 && status !== 403, valid: false, errors: [], successful: false },
      message,
    },
    status,
  );
}

/** api.atlassian.com's own gateway errors (bad or expired OAuth bearer on `/ex/...`). */
export function gatewayError(c: Context, status: ContentfulStatusCode, message: string) {
  return c.json({ code: status, message }, status);
}

const CODE_BY_STATUS: Record<number, string> = {
  400: "INVALID_REQUEST_PARAMETER",
  401: "UNAUTHORIZED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "REQUEST_ENTITY_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
};

/** Which product answers a path, so generic layers (auth, faults, 404) can pick the right error shape. */
export type Surface = "jira" | "confluence-v2" | "confluence-v1" | "gateway" | "sandbox";

export function surfaceOf(path: string): Surface {
  if (path.startsWith("/__sandbox")) return "sandbox";
  const p = path.replace(/^\/ex\/(jira|confluence)\/[^/]+/, "");
  if (p.startsWith("/wiki/api/v2")) return "confluence-v2";
  if (p.startsWith("/wiki/")) return "confluence-v1";
  if (p.startsWith("/rest/")) return "jira";
  return "gateway";
}

/** An error in the shape of whichever product owns the path. */
export function errorFor(c: Context, status: ContentfulStatusCode, message: string): Response {
  switch (surfaceOf(c.req.path)) {
    case "confluence-v2":
      return confluenceV2Error(c, status, message);
    case "confluence-v1":
      return confluenceV1Error(c, status, message);
    case "jira":
      return jiraError(c, status, [message]);
    default:
      return gatewayError(c, status, message);
  }
}
