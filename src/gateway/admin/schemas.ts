import { z } from "zod";

/**
 * Request schemas of the admin API. Objects are strict: an unknown key is a typo or a client built
 * for another version, and silently ignoring it would store something other than what was meant.
 */

const name = z.string().trim().min(1, "must not be empty").max(200);
const httpUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials");

export const accountAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("api_token"),
    site_url: httpUrl,
    email: z
      .string()
      .trim()
      .min(3)
      .max(320)
      .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address"),
    api_token: z.string().min(1).max(2000),
  }),
  z.strictObject({
    type: z.literal("pat"),
    base_url: httpUrl,
    token: z.string().min(1).max(2000),
  }),
  /** With `integrated_account_id`: re-authorize that account (e.g. after `needs_reauth`). */
  z.strictObject({ type: z.literal("oauth"), integrated_account_id: z.uuid().optional() }),
]);

export const createAccountSchema = z.strictObject({ name, auth: accountAuthSchema });
export type CreateAccountBody = z.infer<typeof createAccountSchema>;

const words = z.array(z.string().trim().min(1).max(200)).max(200);

export const mcpConfigSchema = z.strictObject({
  methods: words.optional(),
  tags: words.optional(),
  tools: words.optional(),
  tool_exposure: z.enum(["all", "discovery"]).optional(),
});

/** ISO 8601 text or epoch milliseconds; null = never expires. */
export const expiresAtSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .max(64)
    .refine(
      (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)),
      "must be an ISO 8601 date-time",
    ),
  z.null(),
]);

export const createMcpSchema = z.strictObject({
  name,
  config: mcpConfigSchema.optional(),
  expires_at: expiresAtSchema.optional(),
  require_api_token_auth: z.boolean().optional(),
});
export type CreateMcpBody = z.infer<typeof createMcpSchema>;

export const patchMcpSchema = z
  .strictObject({
    name: name.optional(),
    config: mcpConfigSchema.optional(),
    expires_at: expiresAtSchema.optional(),
    require_api_token_auth: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change");
export type PatchMcpBody = z.infer<typeof patchMcpSchema>;

export const createApiKeySchema = z.strictObject({ name });

const limit = z
  .string()
  .regex(/^\d+$/, "must be a whole number")
  .transform(Number)
  .pipe(z.number().int().min(1).max(200));
const cursor = z.string().min(1).max(500);

/** Routes without query parameters still refuse unknown ones, for the same reason bodies are strict. */
export const emptyQuerySchema = z.strictObject({});

export const listQuerySchema = z.strictObject({ cursor: cursor.optional(), limit: limit.optional() });

const epochOrIso = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "must be epoch milliseconds or an ISO 8601 date-time" });
      return z.NEVER;
    }
    return n;
  });

export const auditQuerySchema = z.strictObject({
  cursor: cursor.optional(),
  limit: limit.optional(),
  action: z.string().min(1).max(100).optional(),
  integrated_account_id: z.string().min(1).max(100).optional(),
  mcp_server_id: z.string().min(1).max(100).optional(),
  tool: z.string().min(1).max(200).optional(),
  outcome: z.enum(["ok", "error", "denied"]).optional(),
  since: epochOrIso.optional(),
  until: epochOrIso.optional(),
});

export const oauthCallbackQuerySchema = z.object({
  code: z.string().min(1).max(4000).optional(),
  state: z.string().min(1).max(1000),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const bearerSchema = z
  .string({ error: "Authorization: Bearer <API key> is required" })
  .regex(/^Bearer [A-Za-z0-9._~+/=-]{8,512}$/, "must be Bearer <API key>");
