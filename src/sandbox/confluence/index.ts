import type { RouteModule } from "../routes.js";

/** Confluence route modules (`/wiki/api/v2`, `/wiki/rest/api`). Cloud only for now. */
export const confluenceRouteModules: RouteModule[] = [];
