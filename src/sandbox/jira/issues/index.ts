import type { RouteModule } from "../../routes.js";
import { attachmentRoutes } from "./attachment-routes.js";
import { commentRoutes } from "./comment-routes.js";
import { fieldRoutes } from "./field-routes.js";
import { issueRoutes } from "./issue-routes.js";
import { linkRoutes } from "./link-routes.js";
import { searchRoutes } from "./search-routes.js";
import { transitionRoutes } from "./transition-routes.js";
import { watcherRoutes } from "./watcher-routes.js";
import { worklogRoutes } from "./worklog-routes.js";

/** Every issue-related route module of the Jira platform API, in registration order. */
export const issueModules: RouteModule[] = [
  issueRoutes,
  searchRoutes,
  transitionRoutes,
  commentRoutes,
  worklogRoutes,
  linkRoutes,
  watcherRoutes,
  attachmentRoutes,
  fieldRoutes,
];
