import type { RouteModule } from "../routes.js";
import { attachmentRoutes } from "./attachments.js";
import { commentRoutes } from "./comments.js";
import { labelRoutes } from "./labels.js";
import { pageRoutes } from "./pages.js";
import { searchRoutes } from "./search.js";
import { spaceRoutes } from "./spaces.js";

/**
 * Confluence route modules (`/wiki/api/v2`, `/wiki/rest/api`). Confluence is Cloud-only in the
 * sandbox: on Data Center every module registers no route, so `/wiki/...` answers 404.
 */
export const confluenceRouteModules: RouteModule[] = [
  spaceRoutes,
  pageRoutes,
  commentRoutes,
  labelRoutes,
  attachmentRoutes,
  searchRoutes,
];
