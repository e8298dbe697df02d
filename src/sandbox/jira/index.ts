import type { RouteModule } from "../routes.js";
import { directoryModules } from "./directory/index.js";
import { issueModules } from "./issues/index.js";

/** Jira platform REST route modules (`/rest/api/3` on Cloud, `/rest/api/2` on Data Center). */
export const jiraPlatformModules: RouteModule[] = [];

jiraPlatformModules.push(...directoryModules);
jiraPlatformModules.push(...issueModules);
