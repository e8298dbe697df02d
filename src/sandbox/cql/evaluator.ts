import { words } from "../text/plain-text.js";
import type { CqlClause, CqlExpr, CqlOrderKey, CqlQuery, CqlValue } from "./ast.js";
import { type DateInterval, evaluateDateFunction, parseDateLiteral, parseOffset } from "./dates.js";
import { CqlError } from "./errors.js";
import { type CqlEnv, type CqlItem, ItemView, itemId, itemsOf } from "./items.js";
import { parseCql } from "./parser.js";
import { matchesText, parseTextQuery } from "./text.js";

export interface CompiledCql {
  matches(item: CqlItem): boolean;
  /** Sort order of the query; a total order, so results are deterministic. */
  compare(a: CqlItem, b: CqlItem): number;
}

type Predicate = (item: CqlItem) => boolean;

/** Confluence compares titles and labels without regard to case; so does the sandbox. */
const fold = (s: string): string => s.toLowerCase();

/** `title = "\"Advanced Searching\""` is how Atlassian's docs write an exact title: drop the inner quotes. */
function unwrapPhrase(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function resolveDate(value: CqlValue, env: CqlEnv, source: string): DateInterval {
  if (value.kind === "function") {
    const offset = value.args.length > 0 ? parseOffset(value.args[0]) : null;
    const t = evaluateDateFunction(value.name, offset, env.now);
    return { from: t, to: t + 1 };
  }
  const interval = parseDateLiteral(value.value);
  if (!interval) throw new CqlError(source, `invalid date '${value.value}'`);
  return interval;
}

/** Account ids a user value stands for: `currentUser()`, an account id, or a Data Center username/key. */
function resolveUsers(values: CqlValue[], env: CqlEnv): Set<string> {
  const ids = new Set<string>();
  for (const v of values) {
    if (v.kind === "function") {
      if (env.currentUserId !== null) ids.add(env.currentUserId);
      continue;
    }
    ids.add(v.value);
    for (const u of env.store.users.values())
      if (u.name === v.value || u.key === v.value) ids.add(u.accountId);
  }
  return ids;
}

function literals(values: CqlValue[]): string[] {
  return values.map((v) => (v.kind === "literal" ? v.value : ""));
}

function compileClause(clause: CqlClause, env: CqlEnv, view: ItemView, source: string): Predicate {
  const { field, operator, values } = clause;
  const positive = (): Predicate => {
    switch (field) {
      case "type": {
        const wanted = new Set(literals(values).map(fold));
        return (item) => wanted.has(item.kind);
      }
      case "space": {
        const keys = new Set(literals(values).map(fold));
        return (item) => {
          const space = view.spaceOf(item);
          return space !== undefined && keys.has(fold(space.key));
        };
      }
      case "space.id": {
        const ids = new Set(literals(values));
        return (item) => {
          const space = view.spaceOf(item);
          return space !== undefined && ids.has(space.id);
        };
      }
      case "space.type": {
        const types = new Set(literals(values).map(fold));
        return (item) => {
          const space = view.spaceOf(item);
          return space !== undefined && types.has(space.type);
        };
      }
      case "space.title":
      case "title": {
        const titleOf = (item: CqlItem): string | undefined =>
          field === "title" ? view.title(item) : view.spaceOf(item)?.name;
        if (operator === "~" || operator === "!~") {
          const terms = parseTextQuery(literals(values)[0]);
          if (field === "title") return (item) => matchesText(view.titleWords(item), terms);
          const hits = new Map<string, boolean>(); // by space id: few spaces, many items
          return (item) => {
            const space = view.spaceOf(item);
            if (space === undefined) return false;
            let hit = hits.get(space.id);
            if (hit === undefined) {
              hit = matchesText(words(space.name), terms);
              hits.set(space.id, hit);
            }
            return hit;
          };
        }
        const wanted = new Set(literals(values).map((v) => fold(unwrapPhrase(v))));
        return (item) => {
          const title = titleOf(item);
          return title !== undefined && wanted.has(fold(title.trim()));
        };
      }
      case "text": {
        const terms = parseTextQuery(literals(values)[0]);
        return (item) => matchesText(view.textWords(item), terms);
      }
      case "label": {
        const wanted = literals(values).map((v) => {
          const raw = fold(v.trim());
          const m = /^(global|my|team):(.*)$/.exec(raw);
          return m ? { prefix: m[1], name: m[2] } : { prefix: null, name: raw };
        });
        return (item) => {
          const labels = view.labels(item);
          return wanted.some((w) =>
            labels.some((l) => l.name === w.name && (w.prefix === null || w.prefix === l.prefix)),
          );
        };
      }
      case "ancestor": {
        const ids = new Set(literals(values).map((v) => v.trim()));
        return (item) => view.ancestorIds(item).some((id) => ids.has(id));
      }
      case "parent": {
        const ids = new Set(literals(values).map((v) => v.trim()));
        return (item) => {
          const parent = view.parentId(item);
          return parent !== null && ids.has(parent);
        };
      }
      case "container": {
        const ids = new Set(literals(values).map((v) => v.trim()));
        return (item) => {
          const container = view.containerId(item);
          return container !== null && ids.has(container);
        };
      }
      case "id": {
        const ids = new Set(literals(values).map((v) => v.trim()));
        return (item) => item.kind !== "space" && ids.has(itemId(item));
      }
      case "creator": {
        const ids = resolveUsers(values, env);
        return (item) => ids.has(view.creator(item));
      }
      case "contributor": {
        const ids = resolveUsers(values, env);
        return (item) => [...view.contributors(item)].some((id) => ids.has(id));
      }
      case "created":
      case "lastmodified": {
        const { from, to } = resolveDate(values[0], env, source);
        const at = field === "created" ? view.created.bind(view) : view.lastModified.bind(view);
        switch (operator) {
          case "=":
          case "!=":
            return (item) => {
              const t = at(item);
              return t >= from && t < to;
            };
          case "<":
            return (item) => at(item) < from;
          case "<=":
            return (item) => at(item) < to;
          case ">":
            return (item) => at(item) >= to;
          case ">=":
            return (item) => at(item) >= from;
          default:
            throw new CqlError(source, `operator '${operator}' cannot compare dates`);
        }
      }
    }
  };
  const p = positive();
  // `field != value` is documented as the same as `NOT field = value`; likewise for NOT IN and !~.
  return operator === "!=" || operator === "not in" || operator === "!~" ? (item) => !p(item) : p;
}

function compileExpr(expr: CqlExpr, env: CqlEnv, view: ItemView, source: string): Predicate {
  switch (expr.type) {
    case "clause":
      return compileClause(expr, env, view, source);
    case "not": {
      const p = compileExpr(expr.operand, env, view, source);
      return (item) => !p(item);
    }
    case "and": {
      const ps = expr.operands.map((e) => compileExpr(e, env, view, source));
      return (item) => ps.every((p) => p(item));
    }
    case "or": {
      const ps = expr.operands.map((e) => compileExpr(e, env, view, source));
      return (item) => ps.some((p) => p(item));
    }
  }
}

const KIND_ORDER: Record<CqlItem["kind"], number> = { space: 0, page: 1, comment: 2, attachment: 3 };

/** Numeric ids compare as numbers (shorter first), then non-numeric ids such as "att123" as strings. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  const x = fold(a);
  const y = fold(b);
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ties on every key fall back to the id, then the kind (a space and a page may share a numeric id). */
function byIdThenKind(a: CqlItem, b: CqlItem): number {
  return compareIds(itemId(a), itemId(b)) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/**
 * Without ORDER BY, results come newest first: lastmodified DESC, then id DESC. (Confluence ranks
 * by relevance; a sandbox has no meaningful relevance score, and recency is what clients expect.)
 * With ORDER BY, ties are broken by id ascending.
 */
function comparator(orderBy: CqlOrderKey[], view: ItemView): (a: CqlItem, b: CqlItem) => number {
  if (orderBy.length === 0) {
    return (a, b) => view.lastModified(b) - view.lastModified(a) || -byIdThenKind(a, b);
  }
  const keyCompare = (key: CqlOrderKey, a: CqlItem, b: CqlItem): number => {
    switch (key.field) {
      case "title":
        return compareStrings(view.title(a), view.title(b));
      case "created":
        return view.created(a) - view.created(b);
      case "lastmodified":
        return view.lastModified(a) - view.lastModified(b);
      case "id":
        return byIdThenKind(a, b);
      case "space":
        return compareStrings(view.spaceOf(a)?.key ?? "", view.spaceOf(b)?.key ?? "");
      case "type":
        return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
    }
  };
  return (a, b) => {
    for (const key of orderBy) {
      const c = keyCompare(key, a, b);
      if (c !== 0) return key.direction === "asc" ? c : -c;
    }
    return byIdThenKind(a, b);
  };
}

/**
 * Binds a parsed query to a store and a moment: date functions are evaluated once here, so one
 * compiled query gives consistent answers for a whole listing.
 */
export function compileCql(q: CqlQuery, env: CqlEnv): CompiledCql {
  const view = new ItemView(env.store);
  return { matches: compileExpr(q.where, env, view, q.source), compare: comparator(q.orderBy, view) };
}

/** Parses, filters and sorts in one go: what the search endpoints need before paginating. */
export function searchContent(cql: string, env: CqlEnv): CqlItem[] {
  const compiled = compileCql(parseCql(cql), env);
  return itemsOf(env.store)
    .filter((item) => compiled.matches(item))
    .sort((a, b) => compiled.compare(a, b));
}
