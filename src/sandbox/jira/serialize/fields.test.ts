import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";
import { ALL_FIELD_IDS, NAVIGABLE_FIELD_IDS, resolveFieldSelection } from "./fields.js";

describe("resolveFieldSelection", () => {
  it("uses the fallback when nothing or only exclusions are given", () => {
    expect([...resolveFieldSelection(undefined, "*all")]).toEqual(ALL_FIELD_IDS);
    expect([...resolveFieldSelection([], "*navigable")]).toEqual(NAVIGABLE_FIELD_IDS);
    const minus = resolveFieldSelection(["-comment"], "*all");
    expect(minus.has("comment")).toBe(false);
    expect(minus.size).toBe(ALL_FIELD_IDS.length - 1);
  });

  it("narrows to named fields, and merges them into a star base", () => {
    expect([...resolveFieldSelection(["summary", "status"], "*all")]).toEqual(["summary", "status"]);
    const mixed = resolveFieldSelection(["*navigable", "comment", "-summary"], "*all");
    expect(mixed.has("comment")).toBe(true);
    expect(mixed.has("summary")).toBe(false);
    expect(mixed.has("worklog")).toBe(false);
    expect([...resolveFieldSelection(["summary", "-summary"], "*all")]).toEqual([]);
  });
});

describe("durations", () => {
  it("formats with 8-hour days and 5-day weeks", () => {
    expect(formatDuration(12000)).toBe("3h 20m");
    expect(formatDuration(28800)).toBe("1d");
    expect(formatDuration(5 * 28800 + 3600)).toBe("1w 1h");
    expect(formatDuration(0)).toBe("0m");
  });

  it("parses Jira's forms and refuses garbage", () => {
    expect(parseDuration("3h 20m")).toBe(12000);
    expect(parseDuration("1w 2d")).toBe(7 * 28800);
    expect(parseDuration("90")).toBe(5400);
    expect(parseDuration("1.5h")).toBe(5400);
    for (const bad of ["", "soon", "3x", "h", "1h foo", "9".repeat(200)])
      expect(parseDuration(bad), bad).toBeNull();
  });
});
