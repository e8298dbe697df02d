import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Issue } from "../state/model.js";
import { compareRank, rankBetween, rankRelative } from "./rank.js";

function issue(id: number, rank: string): Issue {
  return { id: String(id), rank } as Issue;
}

describe("rankBetween", () => {
  it("finds a string strictly between two seed-style ranks", () => {
    const r = rankBetween("0|i000ab:", "0|i000ac:");
    expect(r > "0|i000ab:" && r < "0|i000ac:").toBe(true);
  });

  it("handles open bounds", () => {
    expect(rankBetween(null, "0|i000ab:") < "0|i000ab:").toBe(true);
    expect(rankBetween("0|i000ab:", null) > "0|i000ab:").toBe(true);
    expect(rankBetween(null, null).length).toBeGreaterThan(0);
  });

  it("refuses bounds out of order", () => {
    expect(() => rankBetween("b", "a")).toThrow(RangeError);
    expect(() => rankBetween("a", "a")).toThrow(RangeError);
  });

  it("keeps inserting between the same neighbours without running out of room", () => {
    let lo = "0|i000ab:";
    const hi = "0|i000ac:";
    for (let k = 0; k < 500; k++) {
      const next = rankBetween(lo, hi);
      expect(next > lo && next < hi).toBe(true);
      lo = next;
    }
    let up = "0|i000ac:";
    for (let k = 0; k < 500; k++) {
      const next = rankBetween("0|i000ab:", up);
      expect(next > "0|i000ab:" && next < up).toBe(true);
      up = next;
    }
  });

  it("is strictly between for arbitrary ordered bounds (property)", () => {
    const rank = fc.stringMatching(/^0\|[0-9a-z]{1,8}:[0-9a-z]{0,3}$/);
    fc.assert(
      fc.property(rank, rank, (a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        let r: string;
        try {
          r = rankBetween(lo, hi);
        } catch {
          // Only adjacent strings (hi = lo + "0"...) leave no room; LexoRank has the same limit.
          return hi.startsWith(lo) && /^0*$/.test(hi.slice(lo.length + 1));
        }
        return lo < r && r < hi;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("rankRelative", () => {
  const make = () => [
    issue(1, "0|i00010:"),
    issue(2, "0|i00020:"),
    issue(3, "0|i00030:"),
    issue(4, "0|i00040:"),
  ];
  const order = (all: Issue[]) => [...all].sort(compareRank).map((i) => i.id);

  it("moves issues, in the given order, before the anchor", () => {
    const all = make();
    expect(rankRelative(all, [all[3], all[2]], all[0], "before")).toBe(true);
    expect(order(all)).toEqual(["4", "3", "1", "2"]);
  });

  it("moves issues after the anchor, ahead of its old successor", () => {
    const all = make();
    expect(rankRelative(all, [all[0]], all[2], "after")).toBe(true);
    expect(order(all)).toEqual(["2", "3", "1", "4"]);
    expect(rankRelative(all, [all[1]], all[3], "after")).toBe(true);
    expect(order(all)).toEqual(["3", "1", "4", "2"]);
  });

  it("leaves other issues' ranks untouched", () => {
    const all = make();
    rankRelative(all, [all[0]], all[3], "before");
    expect(all.slice(1).map((i) => i.rank)).toEqual(["0|i00020:", "0|i00030:", "0|i00040:"]);
  });

  it("refuses to rank an issue relative to itself", () => {
    const all = make();
    expect(rankRelative(all, [all[1]], all[1], "before")).toBe(false);
  });
});
