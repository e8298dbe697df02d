import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../seed/prng.js";
import type { AdfNode } from "../state/model.js";
import { type CqlItem, itemId, itemsOf, searchContent } from "./index.js";
import { buildCqlFixture, USERS, VOCABULARY } from "./test-fixture.js";

/*
 * Random queries drawn from the grammar are printed as CQL text and run through searchContent;
 * the result must be exactly what a plain-code model of the same semantics selects, in the same
 * order. The model below reads the store directly and shares no code with the evaluator.
 */

const fx = buildCqlFixture();
const { store } = fx;
const NOW = fx.now;
const ME = USERS.alice;
const DAY = 86_400_000;

// ------------------------------------------------------------------ the model

interface Row {
  key: string;
  kind: string;
  id: string;
  spaceKey: string;
  title: string;
  titleWords: string[];
  textWords: string[];
  labels: string[];
  ancestors: string[];
  parent: string | null;
  contentId: string | null;
  creator: string;
  created: number;
  modified: number;
}

function plainWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of s.toLowerCase()) {
    if (/[\p{L}\p{N}]/u.test(ch)) cur += ch;
    else if (cur) {
      out.push(cur);
      cur = "";
    }
  }
  if (cur) out.push(cur);
  return out;
}

function bodyText(node: AdfNode): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "mention") return ` ${String(node.attrs?.text ?? "")} `;
  return node.content ? ` ${node.content.map(bodyText).join("")} ` : "";
}

function rowOf(item: CqlItem): Row {
  const base = { key: `${item.kind}:${itemId(item)}`, kind: item.kind, id: itemId(item) };
  if (item.kind === "space") {
    const s = item.space;
    return {
      ...base,
      spaceKey: s.key,
      title: s.name,
      titleWords: plainWords(s.name),
      textWords: plainWords(`${s.name} ${s.description}`),
      labels: s.labelIds.map((id) => store.confluenceLabels.get(id)!.name),
      ancestors: [],
      parent: null,
      contentId: null,
      creator: s.authorId,
      created: s.createdAt,
      modified: s.createdAt,
    };
  }
  const pageId =
    item.kind === "page"
      ? item.page.id
      : item.kind === "comment"
        ? item.comment.pageId
        : item.attachment.pageId;
  const page = store.pages.get(pageId)!;
  const chain: string[] = [];
  for (let p = item.kind === "page" ? page.parentId : page.id; p !== null; p = store.pages.get(p)!.parentId)
    chain.push(p);
  const spaceKey = store.spaces.get(page.spaceId)!.key;
  if (item.kind === "attachment") {
    const a = item.attachment;
    return {
      ...base,
      spaceKey,
      title: a.title,
      titleWords: plainWords(a.title),
      textWords: plainWords(`${a.title} ${a.comment}`),
      labels: [],
      ancestors: chain,
      parent: page.id,
      contentId: a.id,
      creator: a.authorId,
      created: a.createdAt,
      modified: a.createdAt,
    };
  }
  const content = item.kind === "page" ? item.page : item.comment;
  const current = content.versions[content.versions.length - 1];
  return {
    ...base,
    spaceKey,
    title: current.title,
    titleWords: plainWords(current.title),
    textWords: plainWords(`${current.title} ${bodyText(current.body as AdfNode)}`),
    labels: item.kind === "page" ? item.page.labelIds.map((id) => store.confluenceLabels.get(id)!.name) : [],
    ancestors: chain,
    parent: item.kind === "page" ? page.parentId : page.id,
    contentId: content.id,
    creator: content.authorId,
    created: content.createdAt,
    modified: current.createdAt,
  };
}

const items = itemsOf(store);
const rows = new Map(items.map((i) => [i, rowOf(i)]));

// ------------------------------------------------------------------ the query AST

type DateValue =
  | { kind: "day" | "minute"; t: number; sep: "-" | "/" }
  | { kind: "fn"; name: "now" | "startOfDay"; days: number };
type TextValue =
  | { kind: "word"; word: string }
  | { kind: "prefix"; stem: string }
  | { kind: "phrase"; words: [string, string] };

type Clause =
  | { field: "type"; op: "=" | "!=" | "in" | "not in"; values: string[] }
  | { field: "space"; alias: string; op: "=" | "!=" | "in" | "not in"; values: string[] }
  | { field: "title"; op: "=" | "!=" | "in" | "not in"; values: string[] }
  | { field: "title" | "text"; op: "~" | "!~"; text: TextValue }
  | { field: "label" | "ancestor" | "parent" | "id"; op: "=" | "!=" | "in" | "not in"; values: string[] }
  | { field: "creator"; op: "=" | "!=" | "in" | "not in"; values: Array<string | null> } // null = currentUser()
  | { field: "created" | "lastmodified"; op: "=" | "!=" | "<" | "<=" | ">" | ">="; date: DateValue };

type Node = { t: "clause"; c: Clause } | { t: "not"; x: Node } | { t: "and" | "or"; l: Node; r: Node };
type OrderKey = { field: "title" | "created" | "lastmodified" | "id"; dir: "asc" | "desc" };

// ------------------------------------------------------------------ model evaluation

const startOfUtcDay = (t: number) => t - (((t % DAY) + DAY) % DAY);

function dateRange(d: DateValue): [number, number] {
  if (d.kind !== "fn") return [d.t, d.t + (d.kind === "day" ? DAY : 60_000)];
  const t = d.name === "now" ? NOW - d.days * DAY : startOfUtcDay(NOW) - d.days * DAY;
  return [t, t + 1];
}

function textHit(ws: string[], v: TextValue): boolean {
  if (v.kind === "word") return ws.includes(v.word);
  if (v.kind === "prefix") return ws.some((w) => w.startsWith(v.stem));
  return ws.some((w, i) => w === v.words[0] && ws[i + 1] === v.words[1]);
}

function positive(c: Clause, r: Row): boolean {
  switch (c.field) {
    case "type":
      return c.values.includes(r.kind);
    case "space":
      return c.values.some((v) => v.toLowerCase() === r.spaceKey.toLowerCase());
    case "title":
    case "text":
      if ("text" in c) return textHit(c.field === "title" ? r.titleWords : r.textWords, c.text);
      return c.values.some((v) => v.toLowerCase() === r.title.toLowerCase());
    case "label":
      return c.values.some((v) => r.labels.includes(v));
    case "ancestor":
      return c.values.some((v) => r.ancestors.includes(v));
    case "parent":
      return c.values.some((v) => r.parent === v);
    case "id":
      return c.values.some((v) => r.contentId === v);
    case "creator":
      return c.values.some((v) => (v === null ? ME : v) === r.creator);
    case "created":
    case "lastmodified": {
      const t = c.field === "created" ? r.created : r.modified;
      const [lo, hi] = dateRange(c.date);
      switch (c.op) {
        case "=":
        case "!=":
          return lo <= t && t < hi;
        case "<":
          return t < lo;
        case "<=":
          return t < hi;
        case ">":
          return t >= hi;
        case ">=":
          return t >= lo;
      }
    }
  }
}

function holds(n: Node, r: Row): boolean {
  switch (n.t) {
    case "not":
      return !holds(n.x, r);
    case "and":
      return holds(n.l, r) && holds(n.r, r);
    case "or":
      return holds(n.l, r) || holds(n.r, r);
    case "clause": {
      const p = positive(n.c, r);
      return n.c.op === "!=" || n.c.op === "!~" || n.c.op === "not in" ? !p : p;
    }
  }
}

function idOrder(a: Row, b: Row): number {
  const na = /^\d+$/.test(a.id);
  const nb = /^\d+$/.test(b.id);
  if (na && nb && a.id !== b.id) return Number(a.id) - Number(b.id);
  if (na !== nb) return na ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const rank = ["space", "page", "comment", "attachment"];
  return rank.indexOf(a.kind) - rank.indexOf(b.kind);
}

function modelOrder(keys: OrderKey[]): (a: Row, b: Row) => number {
  if (keys.length === 0) return (a, b) => b.modified - a.modified || idOrder(b, a);
  return (a, b) => {
    for (const k of keys) {
      let c = 0;
      if (k.field === "title") {
        const x = a.title.toLowerCase();
        const y = b.title.toLowerCase();
        c = x < y ? -1 : x > y ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
      } else if (k.field === "created") c = a.created - b.created;
      else if (k.field === "lastmodified") c = a.modified - b.modified;
      else c = idOrder(a, b);
      if (c !== 0) return k.dir === "asc" ? c : -c;
    }
    return idOrder(a, b);
  };
}

// ------------------------------------------------------------------ printing

const RESERVED = new Set(["and", "or", "not", "in", "order", "by", "asc", "desc"]);

function quote(v: string, rand: () => number): string {
  const bare = /^[A-Za-z0-9_.:*-]+$/.test(v) && !RESERVED.has(v.toLowerCase());
  if (bare && rand() < 0.5) return v;
  if (!v.includes("'") && rand() < 0.3) return `'${v.replace(/\\/g, "\\\\")}'`;
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function kw(word: string, rand: () => number): string {
  const r = rand();
  return r < 0.4
    ? word.toUpperCase()
    : r < 0.8
      ? word.toLowerCase()
      : word[0].toUpperCase() + word.slice(1).toLowerCase();
}

const pad = (n: number) => String(n).padStart(2, "0");

function printDate(d: DateValue, rand: () => number): string {
  if (d.kind === "fn") return d.days === 0 && rand() < 0.5 ? `${d.name}()` : `${d.name}("-${d.days}d")`;
  const x = new Date(d.t);
  const day = `${x.getUTCFullYear()}${d.sep}${pad(x.getUTCMonth() + 1)}${d.sep}${pad(x.getUTCDate())}`;
  return d.kind === "day" ? quote(day, rand) : `"${day} ${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}"`;
}

function printText(v: TextValue, rand: () => number): string {
  if (v.kind === "word") return quote(v.word, rand);
  if (v.kind === "prefix") return quote(`${v.stem}*`, rand);
  return `"\\"${v.words[0]} ${v.words[1]}\\""`;
}

function printClause(c: Clause, rand: () => number): string {
  const field = c.field === "space" ? c.alias : c.field === "id" && rand() < 0.3 ? "content" : c.field;
  const sp = () => (rand() < 0.2 ? "" : " ");
  if ("text" in c) return `${field}${sp()}${c.op}${sp()}${printText(c.text, rand)}`;
  if ("date" in c) return `${field}${sp()}${c.op}${sp()}${printDate(c.date, rand)}`;
  const value = (v: string | null) => (v === null ? "currentUser()" : quote(v, rand));
  if (c.op === "in" || c.op === "not in") {
    const op = c.op === "in" ? kw("in", rand) : `${kw("not", rand)} ${kw("in", rand)}`;
    return `${field} ${op} (${(c.values as Array<string | null>).map(value).join(rand() < 0.5 ? ", " : ",")})`;
  }
  return `${field}${sp()}${c.op}${sp()}${value(c.values[0])}`;
}

/** Prints with the fewest parentheses precedence needs, plus some redundant ones. */
function print(n: Node, rand: () => number, minPrec = 0): string {
  const prec = n.t === "or" ? 1 : n.t === "and" ? 2 : n.t === "not" ? 3 : 4;
  let s: string;
  if (n.t === "clause") s = printClause(n.c, rand);
  else if (n.t === "not") s = `${kw("not", rand)} ${print(n.x, rand, 3)}`;
  else s = `${print(n.l, rand, prec)} ${kw(n.t, rand)} ${print(n.r, rand, prec)}`;
  return prec < minPrec || rand() < 0.05 ? `(${s})` : s;
}

// ------------------------------------------------------------------ generators

const currentPages = items.filter((i) => i.kind === "page").map(itemId);
const contentIds = items.filter((i) => i.kind !== "space").map(itemId);
const titles = [...rows.values()].map((r) => r.title);
const anyOf = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const eqOps = anyOf(["=", "!=", "in", "not in"] as const);
const listFor = <T>(op: string, value: fc.Arbitrary<T>) =>
  op === "in" || op === "not in" ? fc.array(value, { minLength: 1, maxLength: 3 }) : value.map((v) => [v]);

const keyClause = <F extends "label" | "ancestor" | "parent" | "id">(field: F, pool: fc.Arbitrary<string>) =>
  eqOps.chain((op) => listFor(op, pool).map((values) => ({ field, op, values }) as Clause));

const dateValue: fc.Arbitrary<DateValue> = fc.oneof(
  fc
    .tuple(fc.integer({ min: NOW - 400 * DAY, max: NOW }), anyOf(["-", "/"] as const))
    .map(([t, sep]) => ({ kind: "day" as const, t: startOfUtcDay(t), sep })),
  fc.constantFrom(...items.slice(0, 40)).map((i) => ({
    kind: "minute" as const,
    t: Math.floor(rowOf(i).created / 60_000) * 60_000,
    sep: "-" as const,
  })),
  fc.tuple(anyOf(["now", "startOfDay"] as const), fc.integer({ min: 0, max: 400 })).map(([name, days]) => ({
    kind: "fn" as const,
    name,
    days,
  })),
);

const textValue: fc.Arbitrary<TextValue> = fc.oneof(
  anyOf([...VOCABULARY, "release", "staging", "nothinghere"]).map((word) => ({
    kind: "word" as const,
    word,
  })),
  anyOf(VOCABULARY).map((w) => ({ kind: "prefix" as const, stem: w.slice(0, 3) })),
  fc
    .constantFrom<[string, string]>(
      ["release", "candidate"],
      ["deploy", "steps"],
      ["re", "release"],
      ["alpha", "beta"],
    )
    .map((words) => ({ kind: "phrase" as const, words })),
);

const clause: fc.Arbitrary<Clause> = fc.oneof(
  eqOps.chain((op) =>
    listFor(op, anyOf(["page", "comment", "attachment", "space", "blogpost"])).map(
      (values) => ({ field: "type", op, values }) as Clause,
    ),
  ),
  fc
    .tuple(eqOps, anyOf(["space", "space.key", "SPACE"]))
    .chain(([op, alias]) =>
      listFor(op, anyOf(["DEV", "OPS", "~alice", "dev", "NOPE"])).map(
        (values) => ({ field: "space", alias, op, values }) as Clause,
      ),
    ),
  eqOps.chain((op) =>
    listFor(
      op,
      fc.oneof(
        anyOf(titles),
        anyOf(titles).map((t) => t.toUpperCase()),
      ),
    ).map((values) => ({ field: "title", op, values }) as Clause),
  ),
  fc
    .tuple(anyOf(["title", "text"] as const), anyOf(["~", "!~"] as const), textValue)
    .map(([field, op, text]) => ({ field, op, text }) as Clause),
  keyClause(
    "label",
    anyOf(["release", "howto", "architecture", "meeting-notes", "runbook", "favourite", "nope"]),
  ),
  keyClause("ancestor", fc.oneof(anyOf(currentPages), fc.constant("999"))),
  keyClause("parent", fc.oneof(anyOf(currentPages), fc.constant("999"))),
  keyClause("id", fc.oneof(anyOf(contentIds), fc.constant("att1"))),
  eqOps.chain((op) =>
    listFor(op, fc.oneof(anyOf<string | null>([...Object.values(USERS), "nobody"]), fc.constant(null))).map(
      (values) => ({ field: "creator", op, values }) as Clause,
    ),
  ),
  fc
    .tuple(
      anyOf(["created", "lastmodified"] as const),
      anyOf(["=", "!=", "<", "<=", ">", ">="] as const),
      dateValue,
    )
    .map(([field, op, date]) => ({ field, op, date }) as Clause),
);

const node: fc.Memo<Node> = fc.memo((depth) =>
  depth <= 1
    ? clause.map((c) => ({ t: "clause" as const, c }))
    : fc.oneof(
        { weight: 3, arbitrary: clause.map((c) => ({ t: "clause" as const, c })) },
        { weight: 1, arbitrary: node(depth - 1).map((x) => ({ t: "not" as const, x })) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(anyOf(["and", "or"] as const), node(depth - 1), node(depth - 1))
            .map(([t, l, r]) => ({ t, l, r })),
        },
      ),
);

const orderKeys = fc.array(
  fc.record({
    field: anyOf(["title", "created", "lastmodified", "id"] as const),
    dir: anyOf(["asc", "desc"] as const),
  }),
  { maxLength: 2 },
);

describe("CQL property: evaluator agrees with a plain model", () => {
  it("selects and orders exactly the items the model does", () => {
    fc.assert(
      fc.property(node(4), orderKeys, fc.integer(), (tree, order, styleSeed) => {
        const rand = seededRandom(styleSeed);
        let cql = print(tree, rand);
        if (order.length > 0) {
          cql += ` ${kw("order", rand)} ${kw("by", rand)} ${order
            .map((k) => (k.dir === "asc" && rand() < 0.5 ? k.field : `${k.field} ${kw(k.dir, rand)}`))
            .join(", ")}`;
        }
        const actual = searchContent(cql, { store, now: NOW, currentUserId: ME }).map(
          (i) => `${i.kind}:${itemId(i)}`,
        );
        const expected = [...rows.values()]
          .filter((r) => holds(tree, r))
          .sort(modelOrder(order))
          .map((r) => r.key);
        expect(actual, cql).toEqual(expected);
      }),
      { numRuns: 400, seed: 1234 },
    );
  });
});
