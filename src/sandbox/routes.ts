import type { Hono } from "hono";
import { agileModules } from "./agile/index.js";
import { confluenceRouteModules } from "./confluence/index.js";
import type { SandboxContext, SandboxEnv } from "./context.js";
import { jiraPlatformModules } from "./jira/index.js";

/**
 * A route module is a factory of a Hono sub-app; it is mounted at the site form (`/`) and, on Cloud,
 * at the OAuth gateway form (`/ex/jira/{cloudId}` or `/ex/confluence/{cloudId}`). Modules must read
 * `ctx.store` on every request: a reset swaps the store.
 */
export type RouteModule = (ctx: SandboxContext) => Hono<SandboxEnv>;

/** Jira platform and Jira Software (agile) modules: paths under `/rest/...`. */
export const jiraModules: RouteModule[] = [...jiraPlatformModules, ...agileModules];

/** Confluence modules: paths under `/wiki/...`. */
export const confluenceModules: RouteModule[] = [...confluenceRouteModules];
