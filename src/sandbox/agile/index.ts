import type { RouteModule } from "../routes.js";
import { boardRoutes } from "./boards.js";
import { epicRoutes } from "./epics.js";
import { issueRoutes } from "./issues.js";
import { sprintRoutes } from "./sprints.js";

/** Jira Software route modules (`/rest/agile/1.0`, and `/rest/software/1.0` on Cloud only). */
export const agileModules: RouteModule[] = [boardRoutes, sprintRoutes, issueRoutes, epicRoutes];
