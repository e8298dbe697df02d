/**
 * Property test: random queries are generated as a test-owned AST, printed to JQL, and searched; the
 * result must equal what a plain reference predicate (below, walking the same AST with no help from the
 * evaluator) selects, in the same order when ORDER BY is present. Every value in the AST carries its
 * meaning ("sem") computed here from fixture facts, so the reference never parses JQL values itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Issue } from "../state/model.js";
import { searchIssues } from "./evaluate.js";
import { buildFixture } from "./test-fixture.js";

const DAY = 86_400_000;
const fx = buildFixture();
const NOW = fx.now;
const store = fx.store;
const env = { store, currentUserId: "acc-alice", now: NOW };

type Op = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "!~" | "in" | "not in" | "is" | "is not";

/** What a literal means: ids for equality, a number for ordering, a word for text, or EMPTY. */
interface Sem {
  ids?: Array<string | number>;
  num?: number;
  day?: string;
  word?: string;
  empty?: boolean;
}

interface Val {
  text: string;
  sem: Sem;
}

type Item = { kind: "value"; val: Val } | { kind: "empty"; word: string } | { kind: "fn"; val: Val };

interface GTerm {
  type: "term";
  field: string;
  spec: FieldSpec;
  op: Op;
  operand: Item | { kind: "list"; items: Item[] };
}

type GClause =
  | GTerm
  | { type: "and" | "or"; sym: boolean; clauses: GClause[] }
  | { type: "not"; sym: boolean; clause: GClause };

interface GOrder {
  field: string;
  dir: "ASC" | "DESC" | null;
  key: (i: Issue) => number | string | null;
}

interface GQuery {
  where: GClause | null;
  orderBy: GOrder[];
}

type Kind = "set" | "ordered" | "date" | "day" | "text";

interface FieldSpec {
  names: string[];
  kind: Kind;
  ops: Op[];
  values: Val[];
  /** Functions usable as a single value (`= currentUser()`, `> now()`). */
  scalarFns?: Val[];
  /** Functions usable after IN (`in openSprints()`). */
  listFns?: Val[];
  emptyOk: boolean;
  /** Issue values for equality (ids) — `set` kind and priority. */
  ids?: (i: Issue) => Array<string | number>;
  /** Issue value for ordering comparisons. */
  num?: (i: Issue) => number | null;
  /** For keys: ordering only applies within the same project. */
  sameGroup?: (i: Issue, v: Sem) => boolean;
}

// ------------------------------------------------------------------ fixture facts, looked up by hand

const issueByKey = (key: string) => [...store.issues.values()].find((i) => i.key === key)!;
const statusName = (i: Issue) => store.statuses.get(i.statusId)!.name;
const cat = (i: Issue) => store.statuses.get(i.statusId)!.categoryId;
const PRIORITY_WEIGHT: Record<string, number> = { "1": 5, "2": 4, "3": 3, "4": 2, "5": 1 };
const keyParts = (k: string) => ({
  project: k.slice(0, k.indexOf("-")),
  num: Number(k.slice(k.indexOf("-") + 1)),
});

function v(text: string, sem: Sem): Val {
  return { text, sem };
}

/** Every spelling of one value: bare (when legal), double-quoted and single-quoted. */
function spellings(raw: string, sem: Sem): Val[] {
  const dq = `"${raw.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  const sq = `'${raw.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const bare =
    /^[A-Za-z0-9_.-]+$/.test(raw) &&
    !/^(and|or|not|in|is|empty|null|order|by|asc|desc|was|changed)$/i.test(raw);
  return [...(bare ? [v(raw, sem)] : []), v(dq, sem), v(sq, sem)];
}

const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => iso(ms).slice(0, 10);
const hm = (ms: number) => iso(ms).slice(11, 16);
const startOfUtcDay = (ms: number) => Math.floor(ms / DAY) * DAY;

const midnightCreated = fx.issues.filter((i) => i.created % DAY === 0).map((i) => i.created);
const someKeys = fx.issues.filter((_, n) => n % 17 === 0).map((i) => i.key);

function dateValues(): Val[] {
  const out: Val[] = [];
  for (const ms of [
    ...midnightCreated.slice(0, 4),
    startOfUtcDay(NOW - 45 * DAY),
    startOfUtcDay(NOW - 3 * DAY),
  ]) {
    out.push(v(`"${ymd(ms)}"`, { num: ms }), v(`'${ymd(ms).replaceAll("-", "/")}'`, { num: ms }));
    const withTime = ms + 14 * 3_600_000 + 30 * 60_000;
    out.push(v(`"${ymd(withTime)} ${hm(withTime)}"`, { num: withTime }));
  }
  out.push(
    v("-3d", { num: NOW - 3 * DAY }),
    v("-2w", { num: NOW - 14 * DAY }),
    v("-12h", { num: NOW - 12 * 3_600_000 }),
    v("-90m", { num: NOW - 90 * 60_000 }),
    v('"-1w 2d"', { num: NOW - 9 * DAY }),
    v(`${NOW - 20 * DAY}`, { num: NOW - 20 * DAY }),
  );
  return out;
}

const dateFns: Val[] = [
  v("now()", { num: NOW }),
  v("startOfDay()", { num: Date.UTC(2024, 5, 15) }),
  v("startOfDay(-5)", { num: Date.UTC(2024, 5, 10) }),
  v('startOfDay("-30d")', { num: Date.UTC(2024, 4, 16) }),
  v("endOfDay(-1)", { num: Date.UTC(2024, 5, 15) - 1 }),
  v("startOfWeek(-2)", { num: Date.UTC(2024, 4, 26) }),
  v("startOfMonth(-2)", { num: Date.UTC(2024, 3, 1) }),
  v("endOfMonth(-3M)", { num: Date.UTC(2024, 3, 1) - 1 }),
];

const SPECS: FieldSpec[] = [
  {
    names: ["project", "PROJECT", "Project"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...spellings("BACKEND", { ids: ["10000"] }),
      ...spellings("frontend", { ids: ["10001"] }),
      ...spellings("Operations", { ids: ["10002"] }),
      v("10001", { ids: ["10001"] }),
    ],
    emptyOk: false,
    ids: (i) => [i.projectId],
  },
  {
    names: ["issuetype", "type"],
    kind: "set",
    ops: ["=", "!=", "in", "not in"],
    values: [
      ...spellings("Bug", { ids: ["10003"] }),
      ...spellings("story", { ids: ["10001"] }),
      ...spellings("Sub-task", { ids: ["10004"] }),
      v("10000", { ids: ["10000"] }),
      v("Task", { ids: ["10002"] }),
    ],
    listFns: [v("standardIssueTypes()", { ids: ["10000", "10001", "10002", "10003"] })],
    emptyOk: false,
    ids: (i) => [i.issueTypeId],
  },
  {
    names: ["status", "Status"],
    kind: "set",
    ops: ["=", "!=", "in", "not in"],
    values: [
      ...spellings("To Do", { ids: ["To Do"] }),
      ...spellings("in progress", { ids: ["In Progress"] }),
      ...spellings("In Review", { ids: ["In Review"] }),
      ...spellings("Done", { ids: ["Done"] }),
      v("10002", { ids: ["In Review"] }),
    ],
    emptyOk: false,
    ids: (i) => [statusName(i)],
  },
  {
    names: ["statusCategory"],
    kind: "set",
    ops: ["=", "!=", "in", "not in"],
    values: [
      ...spellings("To Do", { ids: [2] }),
      v("new", { ids: [2] }),
      v("indeterminate", { ids: [4] }),
      v('"In Progress"', { ids: [4] }),
      v("3", { ids: [3] }),
      v("Done", { ids: [3] }),
    ],
    emptyOk: false,
    ids: (i) => [cat(i)],
  },
  {
    names: ["priority"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", ">", ">=", "<", "<="],
    values: ["Highest", "High", "Medium", "Low", "Lowest"].flatMap((name, n) =>
      spellings(name, { ids: [String(n + 1)], num: 5 - n }),
    ),
    emptyOk: false,
    ids: (i) => [i.priorityId],
    num: (i) => PRIORITY_WEIGHT[i.priorityId],
  },
  ...(["assignee", "reporter"] as const).map(
    (field): FieldSpec => ({
      names: [field],
      kind: "set",
      ops: ["=", "!=", "in", "not in", "is", "is not"],
      values: [
        v("alice", { ids: ["acc-alice"] }),
        v("acc-bob", { ids: ["acc-bob"] }),
        v('"carol@example.com"', { ids: ["acc-carol"] }),
        v("key-dave", { ids: ["acc-dave"] }),
      ],
      scalarFns: [v("currentUser()", { ids: ["acc-alice"] })],
      listFns: [v("membersOf(developers)", { ids: ["acc-alice", "acc-bob", "acc-dave"] })],
      emptyOk: true,
      ids: (i) => {
        const id = field === "assignee" ? i.assigneeId : i.reporterId;
        return id === null ? [] : [id];
      },
    }),
  ),
  {
    names: ["labels"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...spellings("urgent", { ids: ["urgent"] }),
      ...spellings("customer", { ids: ["customer"] }),
      ...spellings("tech-debt", { ids: ["tech-debt"] }),
      v("SECURITY", { ids: ["security"] }),
    ],
    emptyOk: true,
    ids: (i) => i.labels.map((l) => l.toLowerCase()),
  },
  {
    names: ["component"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...spellings("API", { ids: ["10100", "10103"] }),
      ...spellings("UI", { ids: ["10102"] }),
      v("Database", { ids: ["10101"] }),
      v("10104", { ids: ["10104"] }),
    ],
    emptyOk: true,
    ids: (i) => i.componentIds,
  },
  {
    names: ["fixVersion", "fixversion"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...spellings("1.0", { ids: ["10200", "10203"] }),
      ...spellings("2.0", { ids: ["10202", "10204"] }),
      v('"1.1"', { ids: ["10201"] }),
      v("v2024.1", { ids: ["10205"] }),
    ],
    listFns: [
      v("releasedVersions()", { ids: ["10200", "10201", "10203"] }),
      v("unreleasedVersions()", { ids: ["10202", "10204", "10205"] }),
    ],
    emptyOk: true,
    ids: (i) => i.fixVersionIds,
  },
  {
    names: ["sprint", "cf[10020]"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...[1, 2, 3, 4, 5].map((n) => v(String(n), { ids: [n] })),
      ...spellings("BE Sprint 2", { ids: [2] }),
      ...spellings("Shared Name", { ids: [6, 7] }),
    ],
    listFns: [v("openSprints()", { ids: [2, 3, 5, 6] }), v("closedSprints()", { ids: [1, 4, 7] })],
    emptyOk: true,
    ids: (i) => i.sprintIds,
  },
  {
    names: ["parent"],
    kind: "set",
    ops: ["=", "!=", "in", "not in"],
    values: ["BACKEND-1", "BACKEND-2", "FRONTEND-1", "OPS-2"].map((k) => v(k, { ids: [issueByKey(k).id] })),
    emptyOk: false,
    ids: (i) => (i.parentId === null ? [] : [i.parentId]),
  },
  {
    names: ["resolution"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", "is", "is not"],
    values: [
      ...spellings("Done", { ids: ["10000"] }),
      ...spellings("Won't Do", { ids: ["10001"] }),
      v("Duplicate", { ids: ["10002"] }),
      v("Unresolved", { empty: true }),
    ],
    emptyOk: true,
    ids: (i) => (i.resolutionId === null ? [] : [i.resolutionId]),
  },
  {
    names: ["key", "issuekey"],
    kind: "set",
    ops: ["=", "!=", "in", "not in", ">", ">=", "<", "<="],
    values: someKeys.map((k) =>
      v(k, { ids: [issueByKey(k).id], num: keyParts(k).num, word: keyParts(k).project }),
    ),
    emptyOk: false,
    ids: (i) => [i.id],
    num: (i) => keyParts(i.key).num,
    sameGroup: (i, s) => keyParts(i.key).project === s.word,
  },
  {
    names: ["created", "createdDate"],
    kind: "date",
    ops: ["=", "!=", ">", ">=", "<", "<=", "is", "is not"],
    values: dateValues(),
    scalarFns: dateFns,
    emptyOk: false,
    num: (i) => i.created,
  },
  {
    names: ["updated", "updatedDate"],
    kind: "date",
    ops: [">", ">=", "<", "<=", "is not"],
    values: dateValues(),
    scalarFns: dateFns,
    emptyOk: false,
    num: (i) => i.updated,
  },
  {
    names: ["duedate", "due"],
    kind: "day",
    ops: ["=", "!=", "in", "not in", ">", ">=", "<", "<=", "is", "is not"],
    values: [
      ...["2024-06-10", "2024-06-15", "2024-06-20", "2024-05-25"].map((d) => v(`"${d}"`, { day: d })),
      v('"2024/06/18 09:15"', { day: "2024-06-18" }),
      v("-3d", { day: "2024-06-12" }),
      v("1w", { day: "2024-06-22" }),
    ],
    scalarFns: [
      v("now()", { day: "2024-06-15" }),
      v("startOfDay(3)", { day: "2024-06-18" }),
      v("endOfWeek()", { day: "2024-06-15" }),
    ],
    emptyOk: true,
    num: (i) => (i.dueDate === null ? null : Date.parse(`${i.dueDate}T00:00:00Z`)),
  },
  {
    names: ["summary"],
    kind: "text",
    ops: ["~", "!~"],
    values: [
      ...["login", "payment", "cache", "report", "reports", "token", "crash"].map((w) => v(w, { word: w })),
      v('"tok*"', { word: "tok*" }),
      v('"rep*"', { word: "rep*" }),
      v('"dash*"', { word: "dash*" }),
    ],
    emptyOk: false,
  },
  {
    names: ['"Story Points"', "cf[10016]"],
    kind: "ordered",
    ops: ["=", "!=", "in", "not in", ">", ">=", "<", "<=", "is", "is not"],
    values: [1, 2, 3, 4, 5, 8, 13].map((n) => v(String(n), { num: n })),
    emptyOk: true,
    num: (i) => i.storyPoints,
  },
];

// ------------------------------------------------------------------ generators

const valueItem = (spec: FieldSpec) =>
  fc.constantFrom(...spec.values).map((val): Item => ({ kind: "value", val }));
const emptyItem = fc.constantFrom("EMPTY", "empty", "NULL").map((word): Item => ({ kind: "empty", word }));

function operandFor(spec: FieldSpec, op: Op): fc.Arbitrary<GTerm["operand"]> {
  if (op === "is" || op === "is not") return emptyItem;
  const scalar: Array<fc.Arbitrary<Item>> = [valueItem(spec)];
  if (spec.scalarFns)
    scalar.push(fc.constantFrom(...spec.scalarFns).map((val): Item => ({ kind: "fn", val })));
  if (op === "in" || op === "not in") {
    const member = spec.emptyOk
      ? fc.oneof({ arbitrary: fc.oneof(...scalar), weight: 4 }, { arbitrary: emptyItem, weight: 1 })
      : fc.oneof(...scalar);
    const list = fc
      .array(member, { minLength: 1, maxLength: 3 })
      .map((items) => ({ kind: "list" as const, items }));
    if (!spec.listFns) return list;
    return fc.oneof(
      list,
      fc.constantFrom(...spec.listFns).map((val): Item => ({ kind: "fn", val })),
    );
  }
  if ((op === "=" || op === "!=") && spec.emptyOk)
    return fc.oneof({ arbitrary: fc.oneof(...scalar), weight: 4 }, { arbitrary: emptyItem, weight: 1 });
  return fc.oneof(...scalar);
}

const termArb: fc.Arbitrary<GTerm> = fc
  .constantFrom(...SPECS)
  .chain((spec) =>
    fc
      .tuple(fc.constantFrom(...spec.names), fc.constantFrom(...spec.ops))
      .chain(([field, op]) =>
        operandFor(spec, op).map((operand): GTerm => ({ type: "term", field, spec, op, operand })),
      ),
  );

const clauseArb: fc.Arbitrary<GClause> = fc.letrec<{ clause: GClause }>((tie) => ({
  clause: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: termArb, weight: 3 },
    {
      arbitrary: fc
        .record({
          type: fc.constantFrom("and" as const, "or" as const),
          sym: fc.boolean(),
          clauses: fc.array(tie("clause"), { minLength: 2, maxLength: 3 }),
        })
        .map((c): GClause => c),
      weight: 2,
    },
    {
      arbitrary: fc
        .record({ sym: fc.boolean(), clause: tie("clause") })
        .map((c): GClause => ({ type: "not", ...c })),
      weight: 1,
    },
  ),
})).clause;

const displayLower = (id: string | null) =>
  id === null ? null : store.users.get(id)!.displayName.toLowerCase();
const ORDER_FIELDS: Array<Omit<GOrder, "dir">> = [
  { field: "priority", key: (i) => PRIORITY_WEIGHT[i.priorityId] },
  { field: "created", key: (i) => i.created },
  { field: "updated", key: (i) => i.updated },
  { field: "status", key: (i) => statusName(i).toLowerCase() },
  { field: "assignee", key: (i) => displayLower(i.assigneeId) },
  { field: "duedate", key: (i) => i.dueDate },
  { field: "rank", key: (i) => i.rank },
  { field: "id", key: (i) => Number(i.id) },
  { field: "summary", key: (i) => i.summary.toLowerCase() },
  { field: '"Story Points"', key: (i) => i.storyPoints },
  { field: "key", key: (i) => `${keyParts(i.key).project}-${String(keyParts(i.key).num).padStart(8, "0")}` },
];

const orderArb = fc.array(
  fc
    .tuple(fc.constantFrom(...ORDER_FIELDS), fc.constantFrom("ASC" as const, "DESC" as const, null))
    .map(([o, dir]) => ({ ...o, dir })),
  { maxLength: 3 },
);

const queryArb: fc.Arbitrary<GQuery> = fc.record({
  where: fc.option(clauseArb, { freq: 8 }),
  orderBy: orderArb,
});

// ------------------------------------------------------------------ printer

function printItem(item: Item): string {
  return item.kind === "empty" ? item.word : item.val.text;
}

function printTerm(t: GTerm): string {
  const op =
    t.op === "not in"
      ? "NOT IN"
      : t.op === "is not"
        ? "IS NOT"
        : t.op === "in"
          ? "in"
          : t.op === "is"
            ? "is"
            : t.op;
  const operand =
    t.operand.kind === "list" ? `(${t.operand.items.map(printItem).join(", ")})` : printItem(t.operand);
  return `${t.field} ${op} ${operand}`;
}

function printClause(c: GClause): string {
  switch (c.type) {
    case "term":
      return printTerm(c);
    case "not": {
      const inner =
        c.clause.type === "term" || c.clause.type === "not"
          ? printClause(c.clause)
          : `(${printClause(c.clause)})`;
      return c.sym ? `!${inner}` : `NOT ${inner}`;
    }
    case "and":
    case "or": {
      const joiner = c.type === "and" ? (c.sym ? " && " : " AND ") : c.sym ? " || " : " or ";
      return c.clauses
        .map((child) => {
          // OR inside AND needs parentheses; anything else may go bare thanks to precedence.
          const needParens = c.type === "and" && child.type === "or";
          return needParens ? `(${printClause(child)})` : printClause(child);
        })
        .join(joiner);
    }
  }
}

function printQuery(q: GQuery): string {
  const where = q.where ? printClause(q.where) : "";
  const order = q.orderBy.length
    ? ` ORDER BY ${q.orderBy.map((o) => (o.dir ? `${o.field} ${o.dir}` : o.field)).join(", ")}`
    : "";
  return `${where}${order}`.trim();
}

// ------------------------------------------------------------------ reference evaluator

function refWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function refStem(w: string): string {
  return w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
}

function cmpNum(op: Op, a: number, b: number): boolean {
  if (op === ">") return a > b;
  if (op === ">=") return a >= b;
  if (op === "<") return a < b;
  return a <= b;
}

function items(t: GTerm): Item[] {
  return t.operand.kind === "list" ? t.operand.items : [t.operand];
}

function refTerm(t: GTerm, issue: Issue): boolean {
  const { spec, op } = t;
  if (spec.kind === "text") {
    const sem = (t.operand as Item & { kind: "value" }).val.sem;
    const word = sem.word!;
    const ws = refWords(issue.summary);
    const found = word.endsWith("*")
      ? ws.some((w) => w.startsWith(word.slice(0, -1)))
      : ws.some((w) => refStem(w) === refStem(word));
    return op === "~" ? found : !found;
  }

  // The issue's value in the unit each kind compares in.
  const scalar = (): number | string | null => {
    if (spec.kind === "day") return issue.dueDate;
    return spec.num!(issue);
  };
  const isEmpty = (): boolean => {
    if (spec.kind === "set") return spec.ids!(issue).length === 0;
    return scalar() === null;
  };
  if (op === "is") return isEmpty();
  if (op === "is not") return !isEmpty();

  if (op === ">" || op === ">=" || op === "<" || op === "<=") {
    const sem = (t.operand as Item & { kind: "value" | "fn" }).val.sem;
    if (spec.kind === "day") {
      const due = issue.dueDate;
      if (due === null) return false;
      const d = sem.day!;
      return op === ">" ? due > d : op === ">=" ? due >= d : op === "<" ? due < d : due <= d;
    }
    if (spec.sameGroup && !spec.sameGroup(issue, sem)) return false;
    const mine = spec.num!(issue);
    return mine !== null && cmpNum(op, mine, sem.num!);
  }

  // Equality family: collect what the operand denotes, then apply Jira's EMPTY rules.
  let wantsEmpty = false;
  const wanted: Array<string | number> = [];
  for (const it of items(t)) {
    if (it.kind === "empty" || it.val.sem.empty) wantsEmpty = true;
    else if (spec.kind === "set") wanted.push(...it.val.sem.ids!);
    else if (spec.kind === "day") wanted.push(it.val.sem.day!);
    else wanted.push(it.val.sem.num!);
  }
  const mine: Array<string | number> =
    spec.kind === "set" ? spec.ids!(issue) : scalar() === null ? [] : [scalar()!];
  const positive = op === "=" || op === "in";
  if (mine.length === 0) return positive && wantsEmpty;
  const hit = mine.some((m) => wanted.includes(m));
  return positive ? hit : !hit;
}

function refClause(c: GClause, issue: Issue): boolean {
  switch (c.type) {
    case "term":
      return refTerm(c, issue);
    case "not":
      return !refClause(c.clause, issue);
    case "and":
      return c.clauses.every((x) => refClause(x, issue));
    case "or":
      return c.clauses.some((x) => refClause(x, issue));
  }
}

function refSearch(q: GQuery): string[] {
  const rows = fx.issues.filter((i) => (q.where ? refClause(q.where, i) : true));
  const order: GOrder[] = q.orderBy.length
    ? q.orderBy
    : [{ field: "created", dir: "DESC", key: (i) => i.created }];
  rows.sort((a, b) => {
    for (const o of order) {
      const ka = o.key(a);
      const kb = o.key(b);
      let c = 0;
      if (ka === null && kb !== null) c = 1;
      else if (kb === null && ka !== null) c = -1;
      else if (ka !== null && kb !== null) c = ka < kb ? -1 : ka > kb ? 1 : 0;
      if (c !== 0) return o.dir === "DESC" ? -c : c;
    }
    return Number(b.id) - Number(a.id);
  });
  return rows.map((i) => i.key);
}

describe("property: searchIssues agrees with a reference predicate", () => {
  it("selects and orders exactly like the reference over random queries", () => {
    let nonTrivial = 0;
    fc.assert(
      fc.property(queryArb, (q) => {
        const jql = printQuery(q);
        const got = searchIssues(jql, env).map((i) => i.key);
        const want = refSearch(q);
        if (want.length > 0 && want.length < fx.issues.length) nonTrivial++;
        expect(got, jql).toEqual(want);
      }),
      { numRuns: 400, seed: 424242 },
    );
    // Guard against a generator that only produces empty or everything-matching queries.
    expect(nonTrivial).toBeGreaterThan(150);
  });

  it("prints at least one case of every field spelling", () => {
    // Deterministic coverage: each spec/name/op is exercised once with its first value.
    for (const spec of SPECS) {
      for (const field of spec.names) {
        for (const op of spec.ops) {
          const operand: GTerm["operand"] =
            op === "is" || op === "is not"
              ? { kind: "empty", word: "EMPTY" }
              : op === "in" || op === "not in"
                ? {
                    kind: "list",
                    items: spec.values.slice(0, 2).map((val): Item => ({ kind: "value", val })),
                  }
                : { kind: "value", val: spec.values[0] };
          const q: GQuery = { where: { type: "term", field, spec, op, operand }, orderBy: [] };
          expect(
            searchIssues(printQuery(q), env).map((i) => i.key),
            printQuery(q),
          ).toEqual(refSearch(q));
        }
      }
    }
  });
});
