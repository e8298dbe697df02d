import { createHash } from "node:crypto";
import type { ToolOutcome } from "../../pipeline/execute.js";
import type { AuditRecord } from "../storage/types.js";

/** Argument keys whose values never reach a digest, a log or an audit record. */
const SECRET_KEY =
  /^(token|access_token|refresh_token|password|passwd|secret|client_secret|api_token|apitoken|api_key|apikey|authorization|cookie|content_base64|contentbase64|private_key)$/i;
const SECRET_SUBSTRING = /(password|secret|token|authorization|api[-_]?key)/i;

/** Whether a key looks like it holds a credential or bulk binary content. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SECRET_SUBSTRING.test(key);
}

/** A copy of `value` with secret-looking keys removed, at any depth. */
export function scrubArgs(value: unknown, depth = 0): unknown {
  if (depth > 32) return "<too deep>";
  if (Array.isArray(value)) return value.map((v) => scrubArgs(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isSecretKey(k)) out[k] = scrubArgs(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** JSON with sorted keys, so equal arguments give equal digests whatever order a client sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * sha256 of the scrubbed, canonical arguments: lets an operator match a call to a complaint
 * ("the same search ran 400 times") without storing what was searched for.
 */
export function argsDigest(args: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(scrubArgs(args)))
    .digest("hex");
}

export interface ToolCallContext {
  teamId: string;
  integratedAccountId: string;
  mcpServerId: string;
}

export type NewAuditRecord = Omit<AuditRecord, "id">;

/** The audit record of one tool call; `at` is UTC epoch ms from the gateway clock. */
export function toolCallRecord(
  ctx: ToolCallContext,
  event: { tool: string; outcome: ToolOutcome; args: unknown },
  at: number,
): NewAuditRecord {
  const { outcome } = event;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    teamId: ctx.teamId,
    at,
    action: "tool_call",
    actor: `mcp:${ctx.mcpServerId}`,
    integratedAccountId: ctx.integratedAccountId,
    mcpServerId: ctx.mcpServerId,
    tool: event.tool,
    argsDigest: argsDigest(event.args),
    upstreamStatus: outcome.upstreamStatus,
    outcome: outcome.result.isError ? "error" : "ok",
    durations: {
      mcp_processing: round(outcome.timings.mcpProcessingMs),
      atlassian_api: round(outcome.timings.atlassianApiMs),
      response_format: round(outcome.timings.responseFormatMs),
    },
    detail: outcome.error ? { error_kind: outcome.error.kind } : null,
  };
}
