import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CqlError, searchContent } from "./index.js";
import { buildCqlFixture, USERS } from "./test-fixture.js";

/*
 * Whatever text arrives in `?cql=`, the module must either answer or throw CqlError, never a
 * TypeError or a stack overflow that would surface as a 500.
 */

const fx = buildCqlFixture();
const env = { store: fx.store, now: fx.now, currentUserId: USERS.bob };

function onlyCqlErrors(cql: string): void {
  try {
    searchContent(cql, env);
  } catch (e) {
    if (!(e instanceof CqlError)) throw new Error(`non-CqlError for ${JSON.stringify(cql)}: ${String(e)}`);
    expect(e.message.startsWith(`Could not parse cql : ${cql}`)).toBe(true);
  }
}

const TOKENS = [
  "type",
  "space",
  "space.key",
  "title",
  "text",
  "label",
  "ancestor",
  "parent",
  "id",
  "creator",
  "created",
  "lastmodified",
  "contributor",
  "foo",
  "=",
  "!=",
  "~",
  "!~",
  "<",
  "<=",
  ">",
  ">=",
  "!",
  "in",
  "not",
  "NOT",
  "and",
  "OR",
  "order",
  "by",
  "asc",
  "desc",
  "(",
  ")",
  ",",
  '"',
  "'",
  "\\",
  '"x y"',
  "'a\\'b'",
  "page",
  "DEV",
  "2024-01-01",
  '"2024/02/30 10:00"',
  "now()",
  'now("-4w")',
  "startOfMonth(",
  "currentUser()",
  "endOfDay('+1x')",
  "nope()",
  "release*",
  "100001",
  "*",
  "\n",
  "\u00e9",
  "\u{1F600}",
];

describe("CQL fuzz", () => {
  it("random strings (any code point, lone surrogates included) only ever throw CqlError", () => {
    // Built from code points rather than fc.string's "binary" unit, which is slow to generate.
    const anyText = fc
      .array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 60 })
      .map((cps) => String.fromCodePoint(...cps));
    fc.assert(fc.property(anyText, onlyCqlErrors), { numRuns: 2000, seed: 7 });
  });

  it("random CQL-flavoured character soup only ever throws CqlError", () => {
    const chars = fc.constantFrom(..."abcdeinortyTANDOR ()=!<>~,\"'\\*-:./0123456789\n\t".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), (cs) => onlyCqlErrors(cs.join(""))),
      { numRuns: 2000, seed: 8 },
    );
  });

  it("random token sequences only ever throw CqlError", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }),
        fc.constantFrom(" ", "", "  "),
        (ts, sep) => onlyCqlErrors(ts.join(sep)),
      ),
      { numRuns: 3000, seed: 9 },
    );
  });

  it("mutations of valid queries only ever throw CqlError", () => {
    const valid = [
      'type = page and space = DEV and title ~ "release candidate" order by lastmodified desc',
      'created >= startOfMonth("-1M") or creator = currentUser()',
      "label in (release, howto) and not ancestor = 100001",
      'text ~ "\\"deploy steps\\"" and lastmodified > "2025/01/01 10:00"',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 4 }),
        (q, a, b, insert) => {
          const i = a % (q.length + 1);
          const j = Math.min(q.length, i + (b % 6));
          onlyCqlErrors(q.slice(0, i) + insert + q.slice(j));
        },
      ),
      { numRuns: 2000, seed: 10 },
    );
  });
});
