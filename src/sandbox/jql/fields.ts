import type { Comment, Issue, Millis } from "../state/model.js";
import type { Store } from "../state/store.js";
import { adfToText } from "../text/plain-text.js";
import type { FieldRef, FunctionOperand, Operand, Operator, TermClause, ValueOperand } from "./ast.js";
import {
  dayNumber,
  dayNumberOf,
  durationMillis,
  isoDayNumber,
  MAX_INSTANT,
  parseCalendarDate,
  parseDuration,
  zonedTime,
} from "./dates.js";
import { JqlError } from "./errors.js";
import { callFunction, type FunctionEnv, type FunctionResult } from "./functions.js";
import { compileTextQuery, type IndexedText, indexText } from "./text.js";

export type Predicate = (issue: Issue) => boolean;
export type SortValue = number | string | null;

/** Per-compilation state shared by every clause of one query. */
export interface CompileContext {
  env: FunctionEnv;
  store: Store;
  /** Lazily built issueId → comments map, only when a clause searches comments. */
  commentsByIssue(): Map<string, Comment[]>;
}

export interface FieldDef {
  /** Jira's name for the field, used where messages do not echo the query's spelling. */
  name: string;
  operators: ReadonlySet<Operator>;
  compile(term: TermClause, ctx: CompileContext): Predicate;
  /** Absent when Jira cannot order by the field. */
  sortKey?: (ctx: CompileContext) => (issue: Issue) => SortValue;
}

const EQUALITY: Operator[] = ["=", "!=", "in", "not in", "is", "is not"];
const RELATIONAL: Operator[] = [">", ">=", "<", "<="];
const ORDERED: Operator[] = [...EQUALITY, ...RELATIONAL];

function isRelational(op: Operator): boolean {
  return op === ">" || op === ">=" || op === "<" || op === "<=";
}

function relate(op: Operator, a: number, b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    default:
      return a <= b;
  }
}

// ------------------------------------------------------------------ operand helpers

type Atom = Exclude<Operand, { type: "list" }>;

function atomsOf(operand: Operand): Atom[] {
  return operand.type === "list" ? operand.items : [operand];
}

/** Renders an operand the way Jira quotes it back in messages (`"test"`, `("a", "b")`). */
export function displayOperand(operand: Operand): string {
  switch (operand.type) {
    case "value":
      return `"${operand.value}"`;
    case "empty":
      return "EMPTY";
    case "function":
      return `${operand.name}(${operand.args.join(", ")})`;
    case "list":
      return `(${operand.items.map(displayOperand).join(", ")})`;
  }
}

function valueNotFound(value: string, field: string): JqlError {
  return new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

function functionMismatch(fn: FunctionOperand, field: string): JqlError {
  return new JqlError(
    `A value provided by the function '${fn.name}' is invalid for the field '${field}'.`,
    fn.position,
  );
}

function emptyNotAllowed(op: Operator, field: string): JqlError {
  return new JqlError(`Operator '${op}' does not support the empty value for field '${field}'.`);
}

function singleAtom(term: TermClause): Atom {
  return term.operand as Atom;
}

// ------------------------------------------------------------------ set-like fields

type Resolver<V> = (value: ValueOperand, ctx: CompileContext, field: string) => Array<V | null>;
type FunctionAdapter<V> = Partial<Record<FunctionResult["type"], (r: FunctionResult) => V[]>>;

interface SetFieldSpec<V extends string | number> {
  name: string;
  operators: Operator[];
  /** One of `single`/`multi` reads the issue's value(s). */
  single?: (issue: Issue, ctx: CompileContext) => V | null;
  multi?: (issue: Issue, ctx: CompileContext) => readonly V[];
  /** Canonicalizes each stored multi value before lookup (labels compare case-insensitively). */
  normalize?: (value: V) => V;
  /** Maps one literal to the stored values it denotes; `null` in the result stands for EMPTY. */
  resolve: Resolver<V>;
  functions?: FunctionAdapter<V>;
  relational?: (op: Operator, atom: Atom, ctx: CompileContext, field: string) => Predicate;
  sortKey?: (ctx: CompileContext) => (issue: Issue) => SortValue;
}

/**
 * Builds an enumerated field (project, status, users, labels...). Values are resolved to ids once,
 * into a Set, so matching an issue is a lookup. `!=`/`NOT IN` never match an issue whose field is
 * empty, which is how Jira's index-backed search behaves.
 */
function setField<V extends string | number>(spec: SetFieldSpec<V>): FieldDef {
  return {
    name: spec.name,
    operators: new Set(spec.operators),
    sortKey: spec.sortKey,
    compile(term, ctx) {
      const op = term.operator;
      const field = term.field.name;
      if (isRelational(op)) {
        if (!spec.relational) throw new Error(`no relational support on ${spec.name}`);
        return spec.relational(op, singleAtom(term), ctx, field);
      }
      const single = spec.single;
      const multi = spec.multi;
      if (op === "is" || op === "is not") {
        const wantEmpty = op === "is";
        if (single) return (issue) => (single(issue, ctx) === null) === wantEmpty;
        return (issue) => (multi!(issue, ctx).length === 0) === wantEmpty;
      }
      const values = new Set<V>();
      let empty = false;
      for (const atom of atomsOf(term.operand)) {
        if (atom.type === "empty") empty = true;
        else if (atom.type === "value") {
          for (const v of spec.resolve(atom, ctx, field)) {
            if (v === null) empty = true;
            else values.add(v);
          }
        } else {
          const result = callFunction(atom, ctx.env);
          const adapt = spec.functions?.[result.type];
          if (!adapt) throw functionMismatch(atom, field);
          for (const v of adapt(result)) values.add(v);
        }
      }
      const positive = op === "=" || op === "in";
      if (single) {
        if (positive) {
          return (issue) => {
            const v = single(issue, ctx);
            return v === null ? empty : values.has(v);
          };
        }
        return (issue) => {
          const v = single(issue, ctx);
          return v !== null && !values.has(v);
        };
      }
      const get = multi!;
      const norm = spec.normalize;
      const hasAny = norm
        ? (vs: readonly V[]) => {
            for (const v of vs) if (values.has(norm(v))) return true;
            return false;
          }
        : (vs: readonly V[]) => {
            for (const v of vs) if (values.has(v)) return true;
            return false;
          };
      if (positive) {
        return (issue) => {
          const vs = get(issue, ctx);
          return vs.length === 0 ? empty : hasAny(vs);
        };
      }
      return (issue) => {
        const vs = get(issue, ctx);
        return vs.length > 0 && !hasAny(vs);
      };
    },
  };
}

/** Resolves by exact id first, then case-insensitive name (several entities may share a name). */
function byIdOrName<T extends { id: string; name: string }>(
  pick: (store: Store) => Map<string, T>,
): Resolver<string> {
  return (value, ctx, field) => {
    const map = pick(ctx.store);
    const hit = map.get(value.value);
    if (hit) return [hit.id];
    const lower = value.value.toLowerCase();
    const out: string[] = [];
    for (const e of map.values()) if (e.name.toLowerCase() === lower) out.push(e.id);
    if (out.length === 0) throw valueNotFound(value.value, field);
    return out;
  };
}

const resolveUser: Resolver<string> = (value, ctx, field) => {
  const store = ctx.store;
  const text = value.value;
  if (store.users.has(text)) return [text];
  const byName = store.findUserByName(text);
  if (byName) return [byName.accountId];
  const lower = text.toLowerCase();
  for (const u of store.users.values()) if (u.emailAddress.toLowerCase() === lower) return [u.accountId];
  throw valueNotFound(text, field);
};

const userFunctions: FunctionAdapter<string> = {
  users: (r) => (r.type === "users" ? r.ids : []),
};

function displayNameKey(ctx: CompileContext, pick: (issue: Issue) => string | null) {
  return (issue: Issue): SortValue => {
    const id = pick(issue);
    if (id === null) return null;
    return ctx.store.users.get(id)?.displayName.toLowerCase() ?? id;
  };
}

function userField(name: string, pick: (issue: Issue) => string | null): FieldDef {
  return setField<string>({
    name,
    operators: EQUALITY,
    single: pick,
    resolve: resolveUser,
    functions: userFunctions,
    sortKey: (ctx) => displayNameKey(ctx, pick),
  });
}

// ------------------------------------------------------------------ issue keys

/** Splits `ABC-12` into its project key and number; null when it is not an issue key. */
function splitKey(key: string): { project: string; num: number } | null {
  const dash = key.lastIndexOf("-");
  if (dash <= 0 || dash === key.length - 1) return null;
  const project = key.slice(0, dash);
  const digits = key.slice(dash + 1);
  for (const c of digits) if (c < "0" || c > "9") return null;
  const first = project.charCodeAt(0);
  const isLetter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (!isLetter) return null;
  for (const c of project) {
    const ok = (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "_";
    if (!ok) return null;
  }
  return { project: project.toUpperCase(), num: Number(digits) };
}

function isDigits(text: string): boolean {
  if (text === "") return false;
  for (const c of text) if (c < "0" || c > "9") return false;
  return true;
}

function resolveIssue(text: string, store: Store, field: string): string {
  if (isDigits(text)) {
    if (store.issues.has(text)) return text;
  } else if (!splitKey(text)) {
    throw new JqlError(`The issue key '${text}' for field '${field}' is invalid.`);
  }
  const issue = store.findIssue(text);
  if (!issue) throw new JqlError(`An issue with key '${text}' does not exist for field '${field}'.`);
  return issue.id;
}

/**
 * Orders keys by project key, then issue number, as one number: the project key's alphabetical rank
 * times 2^32 plus the issue number. Unknown prefixes (keys of a deleted project) sort after the rest.
 */
function keySorter(store: Store): (key: string) => number {
  const prefixes = [...store.projects.values()].map((p) => p.key.toUpperCase()).sort();
  const rank = new Map(prefixes.map((k, i) => [k, i]));
  return (key) => {
    const dash = key.lastIndexOf("-");
    const r = rank.get(key.slice(0, dash)) ?? prefixes.length;
    return r * 4_294_967_296 + Number(key.slice(dash + 1));
  };
}

function keyField(name: string): FieldDef {
  return setField<string>({
    name,
    operators: ["=", "!=", "in", "not in", ...RELATIONAL],
    single: (issue) => issue.id,
    resolve: (value, ctx, field) => [resolveIssue(value.value, ctx.store, field)],
    relational: (op, atom, ctx, field) => {
      if (atom.type === "empty") throw emptyNotAllowed(op, field);
      if (atom.type === "function") throw functionMismatch(atom, field);
      const text = atom.value;
      if (isDigits(text)) {
        const n = Number(text);
        return (issue) => relate(op, Number(issue.id), n);
      }
      const parts = splitKey(text);
      if (!parts) throw new JqlError(`The issue key '${text}' for field '${field}' is invalid.`);
      if (!ctx.store.findProject(parts.project)) {
        throw new JqlError(`An issue with key '${text}' does not exist for field '${field}'.`);
      }
      return (issue) => {
        const own = splitKey(issue.key);
        return own !== null && own.project === parts.project && relate(op, own.num, parts.num);
      };
    },
    sortKey: (ctx) => {
      const sortValue = keySorter(ctx.store);
      return (issue) => sortValue(issue.key);
    },
  });
}

// ------------------------------------------------------------------ dates

const DATE_FORMATS =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

/**
 * Turns one date literal into the unit the field compares in: epoch ms for date-time fields, a day
 * number for date-only fields (`duedate`), where Jira compares whole days.
 */
function dateValue(atom: Atom, ctx: CompileContext, field: string, dayField: boolean): number {
  const tz = ctx.env.timeZone;
  if (atom.type === "function") {
    const r = callFunction(atom, ctx.env);
    if (r.type !== "date") throw functionMismatch(atom, field);
    return dayField ? dayNumberOf(r.ms, tz) : r.ms;
  }
  if (atom.type === "empty") throw new Error("unreachable: empty handled by caller");
  const text = atom.value.trim();
  const cal = parseCalendarDate(text);
  if (cal) {
    if (dayField) return dayNumber(cal.year, cal.month, cal.day);
    return zonedTime({ ...cal, second: 0, ms: 0 }, tz);
  }
  const invalid = () =>
    new JqlError(`Date value '${atom.value}' for field '${field}' is invalid. ${DATE_FORMATS}`);
  let ms: number | null = null;
  if (isDigits(text) && text.length >= 9) {
    // Jira reads a long number as epoch milliseconds.
    ms = Number(text);
  } else {
    const period = parseDuration(text);
    if (period) ms = ctx.env.now + durationMillis(period);
  }
  if (ms === null || !(Math.abs(ms) <= MAX_INSTANT)) throw invalid();
  return dayField ? dayNumberOf(ms, tz) : ms;
}

function dateField(
  name: string,
  get: (issue: Issue) => number | null,
  options: { dayField?: boolean; sortKey?: (issue: Issue) => SortValue } = {},
): FieldDef {
  const dayField = options.dayField ?? false;
  return {
    name,
    operators: new Set(ORDERED),
    sortKey: () => options.sortKey ?? get,
    compile(term, ctx) {
      const op = term.operator;
      const field = term.field.name;
      if (op === "is") return (issue) => get(issue) === null;
      if (op === "is not") return (issue) => get(issue) !== null;
      if (isRelational(op)) {
        const atom = singleAtom(term);
        if (atom.type === "empty") throw emptyNotAllowed(op, field);
        const bound = dateValue(atom, ctx, field, dayField);
        return (issue) => {
          const v = get(issue);
          return v !== null && relate(op, v, bound);
        };
      }
      const values = new Set<number>();
      let empty = false;
      for (const atom of atomsOf(term.operand)) {
        if (atom.type === "empty") empty = true;
        else values.add(dateValue(atom, ctx, field, dayField));
      }
      if (op === "=" || op === "in") {
        return (issue) => {
          const v = get(issue);
          return v === null ? empty : values.has(v);
        };
      }
      return (issue) => {
        const v = get(issue);
        return v !== null && !values.has(v);
      };
    },
  };
}

const dueDays = new Map<string, number | null>();

function dueDay(issue: Issue): number | null {
  const due = issue.dueDate;
  if (due === null) return null;
  let day = dueDays.get(due);
  if (day === undefined) {
    day = isoDayNumber(due);
    if (dueDays.size > 10_000) dueDays.clear();
    dueDays.set(due, day);
  }
  return day;
}

// ------------------------------------------------------------------ text

interface IssueTexts {
  summarySrc: string;
  summary: IndexedText;
  descriptionSrc: unknown;
  description: IndexedText | null;
  environmentSrc: unknown;
  environment: IndexedText | null;
  updated: Millis;
}

/**
 * Extracted text per issue, revalidated by source identity and `updated` so edits are picked up
 * without re-walking ADF on every search.
 */
const issueTextCache = new WeakMap<Issue, IssueTexts>();
const commentTextCache = new WeakMap<Comment, { src: unknown; updated: Millis; text: IndexedText }>();

function indexAdf(doc: Issue["description"]): IndexedText | null {
  return doc ? indexText(adfToText(doc)) : null;
}

function textsOf(issue: Issue): IssueTexts {
  let entry = issueTextCache.get(issue);
  if (!entry) {
    entry = {
      summarySrc: issue.summary,
      summary: indexText(issue.summary),
      descriptionSrc: issue.description,
      description: indexAdf(issue.description),
      environmentSrc: issue.environment,
      environment: indexAdf(issue.environment),
      updated: issue.updated,
    };
    issueTextCache.set(issue, entry);
    return entry;
  }
  if (entry.summarySrc !== issue.summary) {
    entry.summarySrc = issue.summary;
    entry.summary = indexText(issue.summary);
  }
  const stale = entry.updated !== issue.updated;
  if (stale || entry.descriptionSrc !== issue.description) {
    entry.descriptionSrc = issue.description;
    entry.description = indexAdf(issue.description);
  }
  if (stale || entry.environmentSrc !== issue.environment) {
    entry.environmentSrc = issue.environment;
    entry.environment = indexAdf(issue.environment);
  }
  entry.updated = issue.updated;
  return entry;
}

function commentText(comment: Comment): IndexedText {
  const cached = commentTextCache.get(comment);
  if (cached && cached.src === comment.body && cached.updated === comment.updated) return cached.text;
  const text = indexText(adfToText(comment.body));
  commentTextCache.set(comment, { src: comment.body, updated: comment.updated, text });
  return text;
}

/** Which texts of an issue a text field looks at. */
interface TextSources {
  summary?: boolean;
  description?: boolean;
  environment?: boolean;
  comments?: boolean;
}

/** Calls `visit` on each source text until it returns true; no per-issue allocation. */
function someText(
  issue: Issue,
  ctx: CompileContext,
  sources: TextSources,
  visit: (text: IndexedText) => boolean,
): boolean {
  if (sources.summary || sources.description || sources.environment) {
    const t = textsOf(issue);
    if (sources.summary && visit(t.summary)) return true;
    if (sources.description && t.description && visit(t.description)) return true;
    if (sources.environment && t.environment && visit(t.environment)) return true;
  }
  if (sources.comments) {
    const comments = ctx.commentsByIssue().get(issue.id);
    if (comments) for (const c of comments) if (visit(commentText(c))) return true;
  }
  return false;
}

const hasWords = (t: IndexedText) => t.words.length > 0;

/**
 * A free-text field. `~` matches when any one of its sources (for `text`: summary, description,
 * environment, each comment) contains the whole query.
 */
function textField(name: string, operators: Operator[], sources: TextSources, sortable = false): FieldDef {
  return {
    name,
    operators: new Set(operators),
    sortKey: sortable ? () => (issue) => issue.summary.toLowerCase() : undefined,
    compile(term, ctx) {
      const op = term.operator;
      const field = term.field.name;
      if (op === "is" || op === "is not") {
        const wantEmpty = op === "is";
        return (issue) => !someText(issue, ctx, sources, hasWords) === wantEmpty;
      }
      const atom = singleAtom(term);
      if (atom.type === "empty") throw emptyNotAllowed(op, field);
      if (atom.type === "function") throw functionMismatch(atom, field);
      const matcher = compileTextQuery(atom.value, field);
      const contains = (issue: Issue) => someText(issue, ctx, sources, matcher);
      return op === "~" ? contains : (issue) => !contains(issue);
    },
  };
}

// ------------------------------------------------------------------ numbers

function numberField(name: string, get: (issue: Issue) => number | null): FieldDef {
  const parse = (atom: Atom, field: string): number => {
    if (atom.type === "function") throw functionMismatch(atom, field);
    if (atom.type === "empty") throw new Error("unreachable");
    const n = Number(atom.value);
    if (atom.value.trim() === "" || !Number.isFinite(n)) {
      throw new JqlError(`The value '${atom.value}' for field '${field}' is invalid.`);
    }
    return n;
  };
  return {
    name,
    operators: new Set(ORDERED),
    sortKey: () => get,
    compile(term) {
      const op = term.operator;
      const field = term.field.name;
      if (op === "is") return (issue) => get(issue) === null;
      if (op === "is not") return (issue) => get(issue) !== null;
      if (isRelational(op)) {
        const atom = singleAtom(term);
        if (atom.type === "empty") throw emptyNotAllowed(op, field);
        const bound = parse(atom, field);
        return (issue) => {
          const v = get(issue);
          return v !== null && relate(op, v, bound);
        };
      }
      const values = new Set<number>();
      let empty = false;
      for (const atom of atomsOf(term.operand)) {
        if (atom.type === "empty") empty = true;
        else values.add(parse(atom, field));
      }
      if (op === "=" || op === "in") {
        return (issue) => {
          const v = get(issue);
          return v === null ? empty : values.has(v);
        };
      }
      return (issue) => {
        const v = get(issue);
        return v !== null && !values.has(v);
      };
    },
  };
}

// ------------------------------------------------------------------ the fields

function storeIndex<T>(map: Map<string, T>): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  for (const id of map.keys()) out.set(id, i++);
  return out;
}

/** Priority weight: the first priority in store order (Highest) weighs most, so `>` means "more urgent". */
function priorityWeights(store: Store): Map<string, number> {
  const out = new Map<string, number>();
  const n = store.priorities.size;
  let i = 0;
  for (const id of store.priorities.keys()) out.set(id, n - i++);
  return out;
}

const project = setField<string>({
  name: "project",
  operators: EQUALITY,
  single: (issue) => issue.projectId,
  resolve: (value, ctx, field) => {
    const hit = ctx.store.findProject(value.value);
    if (hit) return [hit.id];
    const lower = value.value.toLowerCase();
    for (const p of ctx.store.projects.values()) if (p.name.toLowerCase() === lower) return [p.id];
    throw valueNotFound(value.value, field);
  },
  sortKey: (ctx) => (issue) => ctx.store.projects.get(issue.projectId)?.key ?? null,
});

const issueType = setField<string>({
  name: "issuetype",
  operators: EQUALITY,
  single: (issue) => issue.issueTypeId,
  resolve: byIdOrName((s) => s.issueTypes),
  functions: { issuetypes: (r) => (r.type === "issuetypes" ? r.ids : []) },
  sortKey: (ctx) => (issue) => ctx.store.issueTypes.get(issue.issueTypeId)?.name.toLowerCase() ?? null,
});

const status = setField<string>({
  name: "status",
  operators: EQUALITY,
  single: (issue) => issue.statusId,
  resolve: byIdOrName((s) => s.statuses),
  sortKey: (ctx) => (issue) => ctx.store.statuses.get(issue.statusId)?.name.toLowerCase() ?? null,
});

const statusCategory = setField<number>({
  name: "statusCategory",
  operators: EQUALITY,
  single: (issue, ctx) => ctx.store.statuses.get(issue.statusId)?.categoryId ?? null,
  resolve: (value, ctx, field) => {
    const lower = value.value.toLowerCase();
    for (const c of ctx.store.statusCategories.values()) {
      if (String(c.id) === value.value || c.key === lower || c.name.toLowerCase() === lower) return [c.id];
    }
    throw valueNotFound(value.value, field);
  },
  sortKey: (ctx) => (issue) => ctx.store.statuses.get(issue.statusId)?.categoryId ?? null,
});

const priority = setField<string>({
  name: "priority",
  operators: ORDERED,
  single: (issue) => issue.priorityId,
  resolve: byIdOrName((s) => s.priorities),
  relational: (op, atom, ctx, field) => {
    if (atom.type === "empty") throw emptyNotAllowed(op, field);
    if (atom.type === "function") throw functionMismatch(atom, field);
    const weights = priorityWeights(ctx.store);
    const [id] = byIdOrName((s) => s.priorities)(atom, ctx, field);
    const bound = weights.get(id as string)!;
    return (issue) => {
      const w = weights.get(issue.priorityId);
      return w !== undefined && relate(op, w, bound);
    };
  },
  sortKey: (ctx) => {
    const weights = priorityWeights(ctx.store);
    return (issue) => weights.get(issue.priorityId) ?? null;
  },
});

const resolution = setField<string>({
  name: "resolution",
  operators: EQUALITY,
  single: (issue) => issue.resolutionId,
  resolve: (value, ctx, field) => {
    try {
      return byIdOrName((s) => s.resolutions)(value, ctx, field);
    } catch (err) {
      // "Unresolved" is Jira's spelling of an empty resolution.
      if (value.value.toLowerCase() === "unresolved") return [null];
      throw err;
    }
  },
  sortKey: (ctx) => (issue) =>
    issue.resolutionId === null
      ? null
      : (ctx.store.resolutions.get(issue.resolutionId)?.name.toLowerCase() ?? null),
});

const lowerLabels = new Map<string, string>();

/** Lowercases a label through a small cache, so matching allocates nothing per issue. */
function lowerLabel(label: string): string {
  let lower = lowerLabels.get(label);
  if (lower === undefined) {
    lower = label.toLowerCase();
    if (lowerLabels.size > 50_000) lowerLabels.clear();
    lowerLabels.set(label, lower);
  }
  return lower;
}

const labels = setField<string>({
  name: "labels",
  operators: EQUALITY,
  // Label search is case-insensitive, as it is on Jira Cloud.
  multi: (issue) => issue.labels,
  normalize: lowerLabel,
  resolve: (value) => [value.value.toLowerCase()],
  sortKey: () => (issue) =>
    issue.labels.length === 0 ? null : issue.labels.map((l) => l.toLowerCase()).sort()[0],
});

const component = setField<string>({
  name: "component",
  operators: EQUALITY,
  multi: (issue) => issue.componentIds,
  resolve: byIdOrName((s) => s.components),
  sortKey: (ctx) => (issue) => {
    const names = issue.componentIds
      .map((id) => ctx.store.components.get(id)?.name.toLowerCase() ?? id)
      .sort();
    return names[0] ?? null;
  },
});

const fixVersion = setField<string>({
  name: "fixVersion",
  operators: ORDERED,
  multi: (issue) => issue.fixVersionIds,
  resolve: byIdOrName((s) => s.versions),
  functions: { versions: (r) => (r.type === "versions" ? r.ids : []) },
  relational: (op, atom, ctx, field) => {
    if (atom.type === "empty") throw emptyNotAllowed(op, field);
    if (atom.type === "function") throw functionMismatch(atom, field);
    // Versions are ordered by their sequence (store order) within their own project.
    const order = storeIndex(ctx.store.versions);
    const bounds = byIdOrName((s) => s.versions)(atom, ctx, field).map((id) => {
      const v = ctx.store.versions.get(id as string)!;
      return { projectId: v.projectId, seq: order.get(v.id)! };
    });
    return (issue) =>
      issue.fixVersionIds.some((id) => {
        const v = ctx.store.versions.get(id);
        if (!v) return false;
        const seq = order.get(id)!;
        return bounds.some((b) => b.projectId === v.projectId && relate(op, seq, b.seq));
      });
  },
  sortKey: (ctx) => {
    const order = storeIndex(ctx.store.versions);
    return (issue) => {
      let min: number | null = null;
      for (const id of issue.fixVersionIds) {
        const seq = order.get(id);
        if (seq !== undefined && (min === null || seq < min)) min = seq;
      }
      return min;
    };
  },
});

const sprint = setField<number>({
  name: "sprint",
  operators: EQUALITY,
  multi: (issue) => issue.sprintIds,
  resolve: (value, ctx, field) => {
    const text = value.value;
    if (isDigits(text) && ctx.store.sprints.has(Number(text))) return [Number(text)];
    const lower = text.toLowerCase();
    const out: number[] = [];
    for (const s of ctx.store.sprints.values()) if (s.name.toLowerCase() === lower) out.push(s.id);
    if (out.length === 0) throw valueNotFound(text, field);
    return out;
  },
  functions: { sprints: (r) => (r.type === "sprints" ? r.ids : []) },
  sortKey: () => (issue) => issue.sprintIds[issue.sprintIds.length - 1] ?? null,
});

const parent = setField<string>({
  name: "parent",
  operators: EQUALITY,
  single: (issue) => issue.parentId,
  resolve: (value, ctx, field) => [resolveIssue(value.value, ctx.store, field)],
  sortKey: (ctx) => {
    const sortValue = keySorter(ctx.store);
    return (issue) => {
      if (issue.parentId === null) return null;
      const p = ctx.store.issues.get(issue.parentId);
      return p ? sortValue(p.key) : null;
    };
  },
});

const watcher = setField<string>({
  name: "watcher",
  operators: EQUALITY,
  multi: (issue) => issue.watcherIds,
  resolve: resolveUser,
  functions: userFunctions,
});

const rank: FieldDef = {
  name: "Rank",
  operators: new Set(),
  compile: () => {
    throw new Error("unreachable: rank supports no operators");
  },
  sortKey: () => (issue) => issue.rank,
};

const storyPoints = numberField("Story Points", (issue) => issue.storyPoints);
const key = keyField("key");
/** `id` searches like `key` but orders by the numeric id (creation order across projects). */
const id: FieldDef = { ...key, name: "id", sortKey: () => (issue) => Number(issue.id) };

const FIELDS: Array<[string[], FieldDef]> = [
  [["project"], project],
  [["key", "issuekey"], key],
  [["id"], id],
  [["issuetype", "type"], issueType],
  [["status"], status],
  [["statuscategory"], statusCategory],
  [["priority"], priority],
  [["assignee"], userField("assignee", (issue) => issue.assigneeId)],
  [["reporter"], userField("reporter", (issue) => issue.reporterId)],
  [["creator"], userField("creator", (issue) => issue.creatorId)],
  [["watcher", "watchers"], watcher],
  [["labels", "label"], labels],
  [["component"], component],
  [["fixversion"], fixVersion],
  [["sprint", "cf[10020]"], sprint],
  [["parent"], parent],
  [["summary"], textField("summary", ["~", "!~"], { summary: true }, true)],
  [["description"], textField("description", ["~", "!~", "is", "is not"], { description: true })],
  [["environment"], textField("environment", ["~", "!~", "is", "is not"], { environment: true })],
  [["comment"], textField("comment", ["~", "!~"], { comments: true })],
  [
    ["text"],
    textField("text", ["~"], { summary: true, description: true, environment: true, comments: true }),
  ],
  [["created", "createddate"], dateField("created", (issue) => issue.created)],
  [["updated", "updateddate"], dateField("updated", (issue) => issue.updated)],
  [["resolved", "resolutiondate"], dateField("resolved", (issue) => issue.resolutionDate)],
  [["duedate", "due"], dateField("duedate", dueDay, { dayField: true, sortKey: (issue) => issue.dueDate })],
  [["resolution"], resolution],
  [["rank"], rank],
  [["story points", "story point estimate", "storypoints", "cf[10016]"], storyPoints],
];

const BY_NAME = new Map<string, FieldDef>();
for (const [names, def] of FIELDS) for (const n of names) BY_NAME.set(n, def);

/** Looks a field up by any of its JQL names, case-insensitively, or throws Jira's unknown-field error. */
export function lookupField(ref: FieldRef): FieldDef {
  const def = BY_NAME.get(ref.name.toLowerCase());
  if (!def) {
    throw new JqlError(
      `Field '${ref.name}' does not exist or you do not have permission to view it.`,
      ref.position,
    );
  }
  return def;
}
