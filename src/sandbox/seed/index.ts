/**
 * Deterministic seeds for the sandbox store. A seed depends only on its name, `now` and the issue
 * count: ids, keys and text come from a PRNG seeded by the name, and every date is an offset from
 * `now`, so a reset reproduces the same site and tests can pin any `now` they like.
 */
import type { User } from "../state/model.js";
import type { Store } from "../state/store.js";
import { seedDemoConfluence } from "./demo-confluence.js";
import { seedDemoJira } from "./demo-jira.js";
import { seedDemoAudit, seedDemoPlans, seedDemoWebhooks } from "./demo-site.js";
import { seedDemoUsers } from "./demo-users.js";
import { Rng } from "./prng.js";
import { seedCoreUsers, seedReferenceData } from "./reference.js";

export { DEMO_OAUTH_CLIENT_ID } from "./demo-site.js";
export { ID_KINDS, type IdKind } from "./ids.js";

export type SeedName = "demo" | "empty";

export interface SeedOptions {
  seed: SeedName;
  /** Epoch ms of "today"; all dates are relative to it. */
  now: number;
  /** Demo only; default 360. The benchmark asks for 10000. */
  issueCount?: number;
}

/** The two accounts callers act as: the site admin and a browse-only viewer. */
export interface SeedUsers {
  admin: User;
  viewer: User;
}

export const DEFAULT_ISSUE_COUNT = 360;

/** Fills a fresh store. Seeding a store that already holds data is not supported. */
export function seedStore(store: Store, options: SeedOptions): SeedUsers {
  seedReferenceData(store);
  const core = seedCoreUsers(store);
  if (options.seed === "empty") return core;

  const rng = new Rng(`atlasgate-seed:${options.seed}`);
  const issueCount = Math.max(0, Math.floor(options.issueCount ?? DEFAULT_ISSUE_COUNT));
  const people = seedDemoUsers(store, core);
  const jira = seedDemoJira(store, rng.fork("jira"), options.now, people, issueCount);
  seedDemoWebhooks(store, options.now);
  seedDemoAudit(store, rng.fork("audit"), options.now, people, jira);
  seedDemoPlans(store, people, jira);
  seedDemoConfluence(store, rng.fork("confluence"), options.now, people);
  return core;
}
