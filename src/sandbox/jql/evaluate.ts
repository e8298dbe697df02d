import type { Comment, Issue } from "../state/model.js";
import type { Store } from "../state/store.js";
import type { Clause, JqlQuery, TermClause } from "./ast.js";
import { JqlError } from "./errors.js";
import {
  type CompileContext,
  displayOperand,
  lookupField,
  type Predicate,
  type SortValue,
} from "./fields.js";
import { parseJql } from "./parser.js";

export interface JqlEnv {
  store: Store;
  /** accountId of the caller; `currentUser()` matches nobody when null (anonymous). */
  currentUserId: string | null;
  /** The instant `now()` and relative dates are measured from, in epoch ms. */
  now: number;
  /** IANA zone for date literals and startOf/endOf functions; UTC when absent. */
  timeZone?: string;
}

export interface CompiledJql {
  matches(issue: Issue): boolean;
  /** Orders two issues per ORDER BY (or the default order), ties broken by id descending. */
  compare(a: Issue, b: Issue): number;
  /** False when the WHERE clause does not restrict the result; Cloud's /search/jql refuses those. */
  bounded: boolean;
}

function checkOperandShape(term: TermClause): void {
  const { operator: op, operand, field } = term;
  if (op === "is" || op === "is not") {
    if (operand.type !== "empty") {
      throw new JqlError(
        `Operator '${op}' does not support the non-empty value '${displayOperand(operand)}' for field '${field.name}'.`,
      );
    }
  } else if (op === "in" || op === "not in") {
    if (operand.type !== "list" && operand.type !== "function") {
      throw new JqlError(
        `Operator '${op}' does not support the non-list value '${displayOperand(operand)}' for field '${field.name}'.`,
      );
    }
  } else if (operand.type === "list") {
    throw new JqlError(
      `Operator '${op}' does not support the list value '${displayOperand(operand)}' for field '${field.name}'.`,
    );
  }
}

function compileClause(clause: Clause, ctx: CompileContext): Predicate {
  switch (clause.type) {
    case "and": {
      const parts = clause.clauses.map((c) => compileClause(c, ctx));
      return (issue) => {
        for (const p of parts) if (!p(issue)) return false;
        return true;
      };
    }
    case "or": {
      const parts = clause.clauses.map((c) => compileClause(c, ctx));
      return (issue) => {
        for (const p of parts) if (p(issue)) return true;
        return false;
      };
    }
    case "not": {
      const inner = compileClause(clause.clause, ctx);
      return (issue) => !inner(issue);
    }
    case "term": {
      const field = lookupField(clause.field);
      checkOperandShape(clause);
      if (!field.operators.has(clause.operator)) {
        throw new JqlError(
          `The operator '${clause.operator}' is not supported by the '${clause.field.name}' field.`,
          clause.field.position,
        );
      }
      return field.compile(clause, ctx);
    }
  }
}

/**
 * Whether a clause restricts the result: any field clause does; AND needs one restricting branch,
 * OR needs every branch to restrict.
 */
function isBounded(clause: Clause | null): boolean {
  if (clause === null) return false;
  switch (clause.type) {
    case "term":
      return true;
    case "not":
      return isBounded(clause.clause);
    case "and":
      return clause.clauses.some(isBounded);
    case "or":
      return clause.clauses.every(isBounded);
  }
}

interface SortSpec {
  key: (issue: Issue) => SortValue;
  descending: boolean;
}

/** Empty values sort after every value in ascending order (and so first in descending), like Jira. */
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdsDescending(a: Issue, b: Issue): number {
  const na = Number(a.id);
  const nb = Number(b.id);
  if (Number.isFinite(na) && Number.isFinite(nb)) return nb - na;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function makeContext(env: JqlEnv): CompileContext {
  let comments: Map<string, Comment[]> | null = null;
  return {
    store: env.store,
    env: {
      store: env.store,
      currentUserId: env.currentUserId,
      now: env.now,
      timeZone: env.timeZone ?? "UTC",
    },
    commentsByIssue() {
      if (!comments) {
        comments = new Map();
        for (const c of env.store.comments.values()) {
          const list = comments.get(c.issueId);
          if (list) list.push(c);
          else comments.set(c.issueId, [c]);
        }
      }
      return comments;
    },
  };
}

function sortSpecs(query: JqlQuery, ctx: CompileContext): SortSpec[] {
  if (query.orderBy.length === 0) {
    // Jira documents no default order for /search/jql; the sandbox uses newest first so that listings
    // are deterministic and the most recently created work shows up on the first page.
    return [{ key: (issue) => issue.created, descending: true }];
  }
  return query.orderBy.map((o) => {
    const field = lookupField(o.field);
    if (!field.sortKey) {
      throw new JqlError(`Field '${o.field.name}' does not support sorting.`, o.field.position);
    }
    return { key: field.sortKey(ctx), descending: o.direction === "desc" };
  });
}

/** Resolves every name, function and date once, so the returned predicate is a tight per-issue check. */
export function compileJql(query: JqlQuery, env: JqlEnv): CompiledJql {
  return compileWithSpecs(query, env).compiled;
}

function compileWithSpecs(query: JqlQuery, env: JqlEnv): { compiled: CompiledJql; specs: SortSpec[] } {
  const ctx = makeContext(env);
  const matches = query.where ? compileClause(query.where, ctx) : () => true;
  const specs = sortSpecs(query, ctx);
  const compiled: CompiledJql = {
    matches,
    bounded: isBounded(query.where),
    compare(a, b) {
      for (const s of specs) {
        const c = compareValues(s.key(a), s.key(b));
        if (c !== 0) return s.descending ? -c : c;
      }
      return compareIdsDescending(a, b);
    },
  };
  return { compiled, specs };
}

/**
 * One sort column as numbers: values as-is, strings replaced by their ordinal rank, empty as +Infinity
 * (last ascending, first descending). Numeric columns let the sort compare typed-array slots instead
 * of calling key functions and juggling mixed types on every comparison.
 */
function numericColumn(issues: Issue[], key: (issue: Issue) => SortValue): Float64Array {
  const n = issues.length;
  const col = new Float64Array(n);
  let strings: Array<string | null> | null = null;
  for (let i = 0; i < n; i++) {
    const v = key(issues[i]);
    if (typeof v === "string") {
      strings ??= new Array<string | null>(n).fill(null);
      strings[i] = v;
    } else col[i] = v === null ? Number.POSITIVE_INFINITY : v;
  }
  if (strings) {
    const distinct = [...new Set(strings.filter((x): x is string => x !== null))].sort();
    const rank = new Map(distinct.map((x, r) => [x, r]));
    for (let i = 0; i < n; i++) {
      const v = strings[i];
      col[i] = v === null ? Number.POSITIVE_INFINITY : rank.get(v)!;
    }
  }
  return col;
}

function sortIssues(issues: Issue[], specs: SortSpec[]): Issue[] {
  const n = issues.length;
  const cols = specs.map((s) => numericColumn(issues, s.key));
  const dirs = specs.map((s) => (s.descending ? -1 : 1));
  // Tie-break: id descending. Ids are numeric strings; fall back to their string rank otherwise.
  let ids: Float64Array = new Float64Array(n);
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) {
    ids[i] = Number(issues[i].id);
    numeric = Number.isFinite(ids[i]);
  }
  if (!numeric) ids = numericColumn(issues, (issue) => issue.id);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (cols.length === 1) {
    const col = cols[0];
    const dir = dirs[0];
    order.sort((a, b) => {
      const x = col[a];
      const y = col[b];
      if (x !== y) return x < y ? -dir : dir;
      return ids[b] - ids[a];
    });
  } else {
    order.sort((a, b) => {
      for (let k = 0; k < cols.length; k++) {
        const x = cols[k][a];
        const y = cols[k][b];
        if (x !== y) return x < y ? -dirs[k] : dirs[k];
      }
      return ids[b] - ids[a];
    });
  }
  const out = new Array<Issue>(n);
  for (let i = 0; i < n; i++) out[i] = issues[order[i]];
  return out;
}

/** Parses, compiles, filters and sorts in one go. */
export function searchIssues(jql: string, env: JqlEnv): Issue[] {
  const { compiled, specs } = compileWithSpecs(parseJql(jql), env);
  const matches = compiled.matches;
  const hits: Issue[] = [];
  for (const issue of env.store.issues.values()) if (matches(issue)) hits.push(issue);
  return sortIssues(hits, specs);
}
