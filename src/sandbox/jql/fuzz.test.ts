import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JqlError } from "./errors.js";
import { searchIssues } from "./evaluate.js";
import { parseJql } from "./parser.js";
import { buildFixture } from "./test-fixture.js";

const fx = buildFixture(99, 60);
const utc = { store: fx.store, currentUserId: "acc-bob", now: fx.now };
// A zone with DST exercises the Intl-based paths, which throw RangeError on out-of-range instants.
const newYork = { ...utc, timeZone: "America/New_York" };

/** Runs a query and fails on anything thrown that is not a JqlError. */
function onlyJqlErrors(jql: string): void {
  try {
    parseJql(jql);
    searchIssues(jql, utc);
  } catch (err) {
    if (!(err instanceof JqlError)) {
      throw new Error(`non-JqlError for ${JSON.stringify(jql)}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
  try {
    searchIssues(jql, newYork);
  } catch (err) {
    if (!(err instanceof JqlError)) {
      throw new Error(`non-JqlError for ${JSON.stringify(jql)}: ${(err as Error)?.stack ?? String(err)}`);
    }
    expect(err.message.length).toBeGreaterThan(0);
  }
}

const FRAGMENTS = [
  "project",
  "status",
  "assignee",
  "labels",
  "created",
  "duedate",
  "summary",
  "text",
  "sprint",
  "key",
  "priority",
  "cf[10020]",
  '"Story Points"',
  "parent",
  "resolution",
  "fixVersion",
  "component",
  "foo",
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "~",
  "!~",
  "in",
  "not in",
  "is",
  "is not",
  "IS NOT",
  "was",
  "AND",
  "OR",
  "NOT",
  "&&",
  "||",
  "!",
  "(",
  ")",
  ",",
  "[",
  "]",
  "ORDER BY",
  "asc",
  "DESC",
  "EMPTY",
  "null",
  "BACKEND",
  "BACKEND-1",
  "OPS-999",
  "Done",
  '"In Progress"',
  "'x",
  '"',
  "\\",
  "\\u00",
  "\\u0041",
  "currentUser()",
  "now()",
  "startOfDay(-1)",
  'startOfMonth("+1M")',
  "openSprints()",
  "membersOf(",
  "-1d",
  "1w 2d",
  '"2024-01-31"',
  '"2024/02/30"',
  "42",
  "99999999999999999999",
  "startOfDay(-99999999999y)",
  "endOfMonth(9999999999999M)",
  "created >",
  "duedate <",
  "*",
  "/",
  "@",
  "é",
  "\n",
  "\t",
  " ",
  "  ",
];

describe("fuzz: arbitrary input only ever fails with JqlError", () => {
  it("survives random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), onlyJqlErrors), {
      numRuns: 1500,
      seed: 7,
    });
  });

  it("survives random sequences of JQL fragments", () => {
    const arb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(" "));
    fc.assert(fc.property(arb, onlyJqlErrors), { numRuns: 3000, seed: 11 });
  });

  it("survives fragments glued without spaces", () => {
    const arb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((parts) => parts.join(""));
    fc.assert(fc.property(arb, onlyJqlErrors), { numRuns: 1500, seed: 13 });
  });

  it("survives character-level mutations of valid queries", () => {
    const seeds = [
      'project = BACKEND AND status in ("To Do", Done) ORDER BY priority DESC, key',
      "assignee = currentUser() OR (labels = urgent AND NOT sprint in openSprints())",
      'created >= startOfDay(-7) AND summary ~ "login*" AND duedate < "2024/06/30 12:00"',
    ];
    const arb = fc
      .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 }))
      .map(([s, at, del, ins]) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + ins + s.slice(i + del);
      });
    fc.assert(fc.property(arb, onlyJqlErrors), { numRuns: 2000, seed: 17 });
  });
});
