import type { RouteModule } from "../routes.js";

/** Jira platform REST route modules (`/rest/api/3` on Cloud, `/rest/api/2` on Data Center). */
export const jiraPlatformModules: RouteModule[] = [];
