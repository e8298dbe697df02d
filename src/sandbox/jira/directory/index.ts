import type { RouteModule } from "../../routes.js";
import { configRoutes } from "./config.js";
import { planRoutes } from "./plans.js";
import { projectRoutes } from "./projects.js";
import { userRoutes } from "./users.js";
import { webhookRoutes } from "./webhooks.js";

/** Jira directory and administration: users, groups, projects, site configuration, plans, webhooks. */
export const directoryModules: RouteModule[] = [
  userRoutes,
  projectRoutes,
  configRoutes,
  planRoutes,
  webhookRoutes,
];
