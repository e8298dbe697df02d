import type { Store } from "../state/store.js";
import type { FunctionOperand } from "./ast.js";
import {
  addDuration,
  type Duration,
  type DurationUnit,
  endOfPeriod,
  type Period,
  parseDuration,
  startOfPeriod,
} from "./dates.js";
import { JqlError } from "./errors.js";

/** What a function evaluates to; each field accepts only the kinds that make sense for it. */
export type FunctionResult =
  | { type: "users"; ids: string[] }
  | { type: "date"; ms: number }
  | { type: "sprints"; ids: number[] }
  | { type: "issuetypes"; ids: string[] }
  | { type: "versions"; ids: string[] };

export interface FunctionEnv {
  store: Store;
  currentUserId: string | null;
  now: number;
  timeZone: string;
}

interface FunctionDef {
  name: string;
  minArgs: number;
  maxArgs: number;
  call(args: string[], env: FunctionEnv): FunctionResult;
}

const PERIOD_UNIT: Record<Period, DurationUnit> = { day: "d", week: "w", month: "M", year: "y" };

function offsetArg(fn: string, period: Period, args: string[]): Duration {
  if (args.length === 0) return {};
  const d = parseDuration(args[0], PERIOD_UNIT[period]);
  if (!d) {
    throw new JqlError(
      `Duration for function '${fn}' should have the format (+/-)n(yMwdhm), e.g -1M for 1 month earlier.`,
    );
  }
  return d;
}

function startOf(name: string, period: Period): FunctionDef {
  return {
    name,
    minArgs: 0,
    maxArgs: 1,
    call: (args, env) => ({
      type: "date",
      ms: addDuration(
        startOfPeriod(env.now, period, env.timeZone),
        offsetArg(name, period, args),
        env.timeZone,
      ),
    }),
  };
}

function endOf(name: string, period: Period): FunctionDef {
  return {
    name,
    minArgs: 0,
    maxArgs: 1,
    call: (args, env) => ({
      type: "date",
      ms: endOfPeriod(env.now, period, env.timeZone, offsetArg(name, period, args)),
    }),
  };
}

function sprintsIn(name: string, states: ReadonlyArray<"future" | "active" | "closed">): FunctionDef {
  return {
    name,
    minArgs: 0,
    maxArgs: 0,
    call: (_args, env) => ({
      type: "sprints",
      ids: [...env.store.sprints.values()].filter((s) => states.includes(s.state)).map((s) => s.id),
    }),
  };
}

function versionsWhere(name: string, released: boolean): FunctionDef {
  return {
    name,
    minArgs: 0,
    maxArgs: 1,
    call: (args, env) => {
      let projectId: string | null = null;
      if (args.length > 0) {
        const project = env.store.findProject(args[0]) ?? findProjectByName(env.store, args[0]);
        if (!project)
          throw new JqlError(`Could not resolve the project '${args[0]}' provided to function '${name}'.`);
        projectId = project.id;
      }
      const ids = [...env.store.versions.values()]
        .filter((v) => v.released === released && (projectId === null || v.projectId === projectId))
        .map((v) => v.id);
      return { type: "versions", ids };
    },
  };
}

function findProjectByName(store: Store, name: string) {
  const lower = name.toLowerCase();
  for (const p of store.projects.values()) if (p.name.toLowerCase() === lower) return p;
  return undefined;
}

const DEFS: FunctionDef[] = [
  {
    name: "currentUser",
    minArgs: 0,
    maxArgs: 0,
    call: (_args, env) => ({ type: "users", ids: env.currentUserId ? [env.currentUserId] : [] }),
  },
  {
    name: "membersOf",
    minArgs: 1,
    maxArgs: 1,
    call: (args, env) => {
      const lower = args[0].toLowerCase();
      const group = [...env.store.groups.values()].find(
        (g) => g.name.toLowerCase() === lower || g.groupId === args[0],
      );
      if (!group) {
        throw new JqlError(
          `Function 'membersOf' can not generate a list of usernames for group '${args[0]}'; the group does not exist.`,
        );
      }
      const ids = [...env.store.users.values()]
        .filter((u) => u.groups.includes(group.name))
        .map((u) => u.accountId);
      return { type: "users", ids };
    },
  },
  { name: "now", minArgs: 0, maxArgs: 0, call: (_args, env) => ({ type: "date", ms: env.now }) },
  startOf("startOfDay", "day"),
  startOf("startOfWeek", "week"),
  startOf("startOfMonth", "month"),
  startOf("startOfYear", "year"),
  endOf("endOfDay", "day"),
  endOf("endOfWeek", "week"),
  endOf("endOfMonth", "month"),
  endOf("endOfYear", "year"),
  sprintsIn("openSprints", ["active", "future"]),
  sprintsIn("closedSprints", ["closed"]),
  sprintsIn("futureSprints", ["future"]),
  {
    name: "standardIssueTypes",
    minArgs: 0,
    maxArgs: 0,
    call: (_args, env) => ({
      type: "issuetypes",
      ids: [...env.store.issueTypes.values()].filter((t) => !t.subtask).map((t) => t.id),
    }),
  },
  {
    name: "subTaskIssueTypes",
    minArgs: 0,
    maxArgs: 0,
    call: (_args, env) => ({
      type: "issuetypes",
      ids: [...env.store.issueTypes.values()].filter((t) => t.subtask).map((t) => t.id),
    }),
  },
  versionsWhere("releasedVersions", true),
  versionsWhere("unreleasedVersions", false),
];

/** Function names are case-insensitive in Jira. */
const BY_NAME = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

/** Evaluates a function once per query compilation, so per-issue matching never calls back in here. */
export function callFunction(fn: FunctionOperand, env: FunctionEnv): FunctionResult {
  const def = BY_NAME.get(fn.name.toLowerCase());
  if (!def) throw new JqlError(`Unable to find JQL function '${fn.name}()'.`, fn.position);
  const n = fn.args.length;
  if (n < def.minArgs || n > def.maxArgs) {
    const expected =
      def.minArgs === def.maxArgs ? `'${def.minArgs}'` : `between '${def.minArgs}' and '${def.maxArgs}'`;
    throw new JqlError(
      `Function '${def.name}' expected ${expected} arguments but received '${n}'.`,
      fn.position,
    );
  }
  return def.call(fn.args, env);
}
