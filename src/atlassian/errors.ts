/**
 * The one error type the client throws. It carries what an AI client (and its user) needs to act:
 * Atlassian's own words, pulled out of whichever error shape the product used, and a hint that
 * says what to do next. Secrets never reach it: every text is scrubbed of the client's credentials.
 */

export type AtlassianErrorCode = "http" | "network" | "timeout" | "budget" | "aborted";

export type AuthKind = "basic" | "pat" | "dc-basic" | "oauth";

export interface AtlassianErrorInit {
  status: number | null;
  code: AtlassianErrorCode;
  method: string;
  /** Path without the query string (queries can carry user text; paths name the resource). */
  path: string;
  atlassianMessages?: string[];
  retryAfterSeconds?: number;
  attempts: number;
  hint: string;
  /** A sentence for the cases without Atlassian messages (network errors, invalid bodies). */
  detail?: string;
  cause?: unknown;
  /** Strings to blank out of every text of the error (tokens, passwords, auth header values). */
  secrets?: readonly string[];
}

export class AtlassianError extends Error {
  override readonly name = "AtlassianError";
  readonly status: number | null;
  readonly code: AtlassianErrorCode;
  readonly method: string;
  readonly path: string;
  readonly atlassianMessages: string[];
  readonly retryAfterSeconds?: number;
  readonly attempts: number;
  readonly hint: string;

  constructor(init: AtlassianErrorInit) {
    const scrub = scrubber(init.secrets ?? []);
    const messages = (init.atlassianMessages ?? []).map(scrub);
    const what = init.status !== null ? `Atlassian answered ${init.status}` : describeCode(init.code);
    const parts = [`${what} for ${init.method} ${init.path}`];
    if (messages.length > 0) parts.push(truncate(messages.join("; "), 1000));
    if (init.detail) parts.push(scrub(init.detail));
    super(scrub(parts.join(": ")), init.cause !== undefined ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = scrub(init.path);
    this.atlassianMessages = messages;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
    this.hint = scrub(init.hint);
  }
}

function describeCode(code: AtlassianErrorCode): string {
  switch (code) {
    case "timeout":
      return "Atlassian did not answer in time";
    case "budget":
      return "The time budget ran out";
    case "aborted":
      return "The request was cancelled";
    default:
      return "Could not reach Atlassian";
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble the text. */
const MIN_SECRET_LENGTH = 6;

export function scrubber(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => typeof s === "string" && s.length >= MIN_SECRET_LENGTH))];
  // Longest first, so a secret that contains another is blanked whole.
  list.sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  return (text) => {
    let out = text;
    for (const s of list) out = out.split(s).join("[redacted]");
    return out;
  };
}

/**
 * Atlassian's error texts, from every shape its products use:
 * Jira `{errorMessages, errors}`, Confluence v2 `{errors: [{title, detail}]}`, Confluence v1
 * `{message, data: {errors}}`, OAuth `{error, error_description}`, api.atlassian.com `{code, message}`;
 * a plain-text or HTML body (a proxy's error page) gives a short excerpt.
 */
export function extractAtlassianMessages(body: unknown): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v.trim() !== "" && !out.includes(v.trim())) out.push(v.trim());
  };
  if (typeof body === "string") {
    const excerpt = textExcerpt(body);
    if (excerpt) add(excerpt);
    return out;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return out;
  const b = body as Record<string, unknown>;

  if (Array.isArray(b.errorMessages)) for (const m of b.errorMessages) add(m);
  if (b.errors && typeof b.errors === "object" && !Array.isArray(b.errors)) {
    for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) {
      if (typeof msg === "string") add(`${field}: ${msg}`);
    }
  }
  if (Array.isArray(b.errors)) {
    for (const e of b.errors) {
      if (!e || typeof e !== "object") continue;
      const { title, detail, message } = e as Record<string, unknown>;
      const head = typeof title === "string" ? title : typeof message === "string" ? message : null;
      if (head && typeof detail === "string" && detail !== "") add(`${head}: ${detail}`);
      else if (head) add(head);
      else if (typeof detail === "string") add(detail);
    }
  }
  if (typeof b.message === "string") add(b.message);
  const data = b.data as Record<string, unknown> | undefined;
  if (data && typeof data === "object" && Array.isArray(data.errors)) {
    for (const e of data.errors) {
      const m = (e as { message?: { translation?: unknown; key?: unknown } } | null)?.message;
      if (m && typeof m === "object") add(typeof m.translation === "string" ? m.translation : m.key);
    }
  }
  if (typeof b.error === "string") {
    add(typeof b.error_description === "string" ? `${b.error}: ${b.error_description}` : b.error);
  }
  if (typeof b.errorMessage === "string") add(b.errorMessage);
  return out;
}

function textExcerpt(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  if (/^<(!doctype|html|\?xml)|<body/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ? `HTML page: ${truncate(title, 200)}` : "";
  }
  return truncate(trimmed.replace(/\s+/g, " "), 300);
}

export interface HintContext {
  status: number | null;
  code: AtlassianErrorCode;
  method: string;
  authKind: AuthKind;
  retryAfterSeconds?: number;
  timeoutMs?: number;
  /** Origin the client talks to, for network hints (never includes credentials). */
  origin?: string;
}

const UNKNOWN_WRITE =
  " The change may or may not have been applied — check its current state before trying again.";

/** One actionable sentence per failure class; the audience is a person reading an AI client's answer. */
export function hintFor(ctx: HintContext): string {
  const write = ctx.method !== "GET" && ctx.method !== "HEAD";
  switch (ctx.code) {
    case "aborted":
      return `The request was cancelled before Atlassian answered.${write ? UNKNOWN_WRITE : ""}`;
    case "budget":
      return `Atlassian did not answer within the time budget, retries included; try again later or narrow the request (fewer results, fewer fields).${write ? UNKNOWN_WRITE : ""}`;
    case "timeout":
      return `Atlassian did not answer within ${ctx.timeoutMs ?? "the allowed"} ms; ${write ? "it was not retried automatically." : "try again, or narrow the request."}${write ? UNKNOWN_WRITE : ""}`;
    case "network":
      return `Could not talk to ${ctx.origin ?? "the Atlassian site"}: check the site URL, the network, proxy settings (HTTPS_PROXY, NO_PROXY) and, behind a TLS-inspecting proxy, NODE_EXTRA_CA_CERTS.${write ? UNKNOWN_WRITE : ""}`;
    default:
      break;
  }
  const s = ctx.status ?? 0;
  if (s === 400)
    return "Atlassian rejected the request as invalid; the messages say which fields or values to fix.";
  if (s === 401) return unauthorizedHint(ctx.authKind);
  if (s === 403) {
    return ctx.authKind === "oauth"
      ? "Signed in, but not allowed: the account lacks the Jira/Confluence permission for this, or the app was authorized without the needed OAuth scope — ask an administrator for access, or reconnect and grant the scope."
      : "Signed in, but not allowed: the account lacks the Jira/Confluence permission for this (or the API token's scopes exclude it); ask a project or space administrator for access.";
  }
  if (s === 404)
    return "Not found: it does not exist, or this account cannot see it (Atlassian answers 404 for both); check the key or id and that the account can browse the project or space.";
  if (s === 405)
    return "Atlassian does not allow this method on this resource (on Data Center the endpoint may not exist).";
  if (s === 409)
    return "Conflict with the current state (for example an outdated version number); read the resource again and retry with fresh values.";
  if (s === 410)
    return "Atlassian has removed this API (410 Gone); the operation must use its replacement endpoint.";
  if (s === 413)
    return "The request body is larger than Atlassian accepts; send less data (for attachments, a smaller file).";
  if (s === 415) return "Atlassian did not accept the content type of the body.";
  if (s === 429) {
    return ctx.retryAfterSeconds !== undefined
      ? `Atlassian's rate limit was hit; try again after ${ctx.retryAfterSeconds} s.`
      : "Atlassian's rate limit was hit; wait a little before trying again, and send fewer requests at once.";
  }
  if (s >= 500) {
    return write
      ? "Atlassian had a server error. The change may have been applied anyway, so it was not retried automatically: check its current state before trying again."
      : "Atlassian had a server error and retries did not help; try again in a few minutes (https://status.atlassian.com shows outages).";
  }
  if (s >= 400) return "Atlassian rejected the request; the messages explain why.";
  return "Atlassian answered unexpectedly.";
}

function unauthorizedHint(kind: AuthKind): string {
  switch (kind) {
    case "basic":
      return "The email and API token were rejected: the token may be wrong, expired or revoked, or the email is not the account's login email. Create a new token at https://id.atlassian.com/manage-profile/security/api-tokens and check the site URL.";
    case "pat":
      return "The personal access token was rejected: it may be wrong, expired or revoked. Create a new one in Jira/Confluence under Profile → Personal Access Tokens.";
    case "dc-basic":
      return "The username and password were rejected (the account may also be locked after failed logins — sign in once in a browser). Check them, or use a personal access token.";
    case "oauth":
      return "The OAuth access token was rejected even after a refresh: the authorization may have been revoked or the app removed. Reconnect the Atlassian account to authorize again.";
  }
}
