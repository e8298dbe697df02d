import type { RouteModule } from "../routes.js";

/** Jira Software route modules (`/rest/agile/1.0`, `/rest/software/1.0`). */
export const agileModules: RouteModule[] = [];
