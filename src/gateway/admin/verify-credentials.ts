import type { Dispatcher } from "undici";
import { AtlassianClient, AtlassianError } from "../../atlassian/index.js";
import { ApiError } from "./errors.js";

export type StaticCredentials =
  | { type: "api_token"; siteUrl: string; email: string; apiToken: string }
  | { type: "pat"; siteUrl: string; token: string };

export interface VerifiedAccount {
  deployment: "cloud" | "datacenter";
  /** Who the credentials belong to, for the audit trail (no secrets). */
  accountId: string | null;
  displayName: string | null;
}

/** Site URLs are often pasted with /wiki or a trailing slash; API paths carry those themselves. */
export function normalizeSiteUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/wiki$/, "")}`;
}

/**
 * Proves the credentials work before anything is stored: a Cloud API token against
 * /rest/api/3/myself, a Data Center PAT against /rest/api/2/myself. A refusal becomes a 400 with
 * Atlassian's own words, so the admin sees "wrong token" at setup time instead of on the first call.
 */
export async function verifyCredentials(
  creds: StaticCredentials,
  options: { userAgent?: string; dispatcher?: Dispatcher; budgetMs?: number } = {},
): Promise<VerifiedAccount> {
  const client = new AtlassianClient({
    siteUrl: creds.siteUrl,
    auth:
      creds.type === "api_token"
        ? { type: "basic", email: creds.email, apiToken: creds.apiToken }
        : { type: "pat", token: creds.token },
    userAgent: options.userAgent,
    dispatcher: options.dispatcher,
    retry: { maxAttempts: 2 },
    timeoutMs: 15_000,
  });
  try {
    const res = await client.request({
      product: "jira",
      method: "GET",
      path: creds.type === "api_token" ? "/rest/api/3/myself" : "/rest/api/2/myself",
      budgetMs: options.budgetMs ?? 20_000,
    });
    const body = (res.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      deployment: creds.type === "api_token" ? "cloud" : "datacenter",
      accountId: str(body.accountId) ?? str(body.key) ?? str(body.name),
      displayName: str(body.displayName),
    };
  } catch (e) {
    if (e instanceof AtlassianError) {
      const said = e.atlassianMessages.join(" ").trim();
      const message =
        e.status === 401 || e.status === 403
          ? `Atlassian rejected the credentials (HTTP ${e.status})${said ? `: ${said}` : ""}`
          : `could not verify the credentials against ${creds.siteUrl}: ${said || e.message}`;
      throw new ApiError(400, "invalid_credentials", message, {
        upstream_status: e.status,
        atlassian_messages: e.atlassianMessages,
      });
    }
    throw new ApiError(
      400,
      "invalid_credentials",
      `could not verify the credentials: ${(e as Error).message}`,
    );
  } finally {
    await client.close();
  }
}
