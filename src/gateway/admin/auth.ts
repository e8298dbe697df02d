import type { MiddlewareHandler } from "hono";
import type { AdminEnv, GatewayContext } from "./context.js";
import { ApiError } from "./errors.js";
import { bearerSchema } from "./schemas.js";

/** Extracts the key of an `Authorization: Bearer <key>` header; null when absent or malformed. */
export function bearerKey(header: string | undefined): string | null {
  const parsed = bearerSchema.safeParse(header);
  return parsed.success ? parsed.data.slice("Bearer ".length) : null;
}

/**
 * Every admin route is team-scoped by the API key that calls it: the key decides the team, so no
 * request can name another team's data. Missing and wrong keys get the same 401, so a caller cannot
 * tell which keys exist.
 */
export function apiKeyAuth(ctx: GatewayContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const key = bearerKey(c.req.header("authorization"));
    const found = key ? await ctx.repos.apiKeys.findByKey(key) : null;
    if (!found) {
      throw new ApiError(
        401,
        "unauthorized",
        "a valid API key is required: Authorization: Bearer <API key>",
        null,
        { "WWW-Authenticate": 'Bearer realm="atlasgate"' },
      );
    }
    c.set("principal", { team: found.team, key: found.key });
    ctx.track(ctx.repos.apiKeys.touch(found.team.id, found.key.id).catch(() => false));
    await next();
  };
}
