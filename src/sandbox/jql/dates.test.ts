import { describe, expect, it } from "vitest";
import {
  addDuration,
  dayNumberOf,
  durationMillis,
  endOfPeriod,
  parseCalendarDate,
  parseDuration,
  startOfPeriod,
  zonedTime,
} from "./dates.js";
import { callFunction, type FunctionEnv } from "./functions.js";
import { buildFixture, FIXTURE_NOW } from "./test-fixture.js";

describe("parseDuration", () => {
  it("reads Jira periods with every unit, signs and spaces", () => {
    expect(parseDuration("-1d")).toEqual({ d: -1 });
    expect(parseDuration("-2w")).toEqual({ w: -2 });
    expect(parseDuration("4h")).toEqual({ h: 4 });
    expect(parseDuration("-30m")).toEqual({ m: -30 });
    expect(parseDuration("+1M")).toEqual({ M: 1 });
    expect(parseDuration("1y")).toEqual({ y: 1 });
    expect(parseDuration("1w 2d")).toEqual({ w: 1, d: 2 });
    expect(parseDuration("-1w 2d")).toEqual({ w: -1, d: -2 });
    expect(parseDuration("- 4h 30m")).toEqual({ h: -4, m: -30 });
  });

  it("uses the default unit only for a bare number", () => {
    expect(parseDuration("-1")).toBeNull();
    expect(parseDuration("-1", "d")).toEqual({ d: -1 });
    expect(parseDuration("2", "M")).toEqual({ M: 2 });
    expect(parseDuration("1d 2", "d")).toBeNull();
  });

  it("rejects non-periods", () => {
    for (const s of ["", "-", "d", "1x", "1.5d", "tomorrow", "2024-01-01"])
      expect(parseDuration(s)).toBeNull();
  });

  it("converts to exact milliseconds for relative date values", () => {
    expect(durationMillis({ w: 1, d: 2, h: 3, m: 4 })).toBe(((9 * 24 + 3) * 60 + 4) * 60_000);
  });
});

describe("parseCalendarDate", () => {
  it("accepts the four Jira formats", () => {
    expect(parseCalendarDate("2024-01-31")).toEqual({
      year: 2024,
      month: 1,
      day: 31,
      hour: 0,
      minute: 0,
      hasTime: false,
    });
    expect(parseCalendarDate("2024/01/31")).toMatchObject({ day: 31, hasTime: false });
    expect(parseCalendarDate("2024-01-31 14:30")).toMatchObject({ hour: 14, minute: 30, hasTime: true });
    expect(parseCalendarDate("2024/01/31 14:30")).toMatchObject({ hour: 14, minute: 30 });
  });

  it("rejects impossible or malformed dates", () => {
    for (const s of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "2024-1-1",
      "2024-01/01",
      "2024-01-31 24:00",
      "2024-01-31 12:60",
      "2024-01-31T12:00",
      "24-01-31",
    ]) {
      expect(parseCalendarDate(s), s).toBeNull();
    }
    expect(parseCalendarDate("2024-02-29")).not.toBeNull();
  });
});

describe("time zones and periods", () => {
  it("converts wall-clock times to instants in a zone", () => {
    expect(zonedTime({ year: 2024, month: 1, day: 15, hour: 0, minute: 0, second: 0, ms: 0 }, "UTC")).toBe(
      Date.UTC(2024, 0, 15),
    );
    expect(
      zonedTime({ year: 2024, month: 1, day: 15, hour: 0, minute: 0, second: 0, ms: 0 }, "America/New_York"),
    ).toBe(Date.UTC(2024, 0, 15, 5));
    expect(
      zonedTime({ year: 2024, month: 7, day: 15, hour: 0, minute: 0, second: 0, ms: 0 }, "Europe/Berlin"),
    ).toBe(Date.UTC(2024, 6, 14, 22));
  });

  it("finds period starts and ends (weeks start on Sunday)", () => {
    const now = FIXTURE_NOW; // Saturday 2024-06-15 12:00 UTC
    expect(startOfPeriod(now, "day", "UTC")).toBe(Date.UTC(2024, 5, 15));
    expect(startOfPeriod(now, "week", "UTC")).toBe(Date.UTC(2024, 5, 9));
    expect(startOfPeriod(now, "month", "UTC")).toBe(Date.UTC(2024, 5, 1));
    expect(startOfPeriod(now, "year", "UTC")).toBe(Date.UTC(2024, 0, 1));
    expect(endOfPeriod(now, "day", "UTC")).toBe(Date.UTC(2024, 5, 16) - 1);
    expect(endOfPeriod(now, "month", "UTC", { M: 1 })).toBe(Date.UTC(2024, 7, 1) - 1);
    expect(startOfPeriod(now, "day", "Asia/Tokyo")).toBe(Date.UTC(2024, 5, 14, 15));
  });

  it("adds calendar units, clamping to the end of shorter months", () => {
    expect(addDuration(Date.UTC(2024, 0, 31), { M: 1 }, "UTC")).toBe(Date.UTC(2024, 1, 29));
    expect(addDuration(Date.UTC(2024, 0, 31), { y: -1, d: 1 }, "UTC")).toBe(Date.UTC(2023, 1, 1));
    expect(addDuration(Date.UTC(2024, 0, 31), { h: 2, m: 5 }, "UTC")).toBe(Date.UTC(2024, 0, 31, 2, 5));
    // A calendar day across the US DST change is 23 hours long.
    const before = Date.UTC(2024, 2, 10, 5);
    expect(addDuration(before, { d: 1 }, "America/New_York") - before).toBe(23 * 3_600_000);
  });

  it("finds the local day of an instant", () => {
    expect(dayNumberOf(Date.UTC(2024, 5, 15, 23), "UTC")).toBe(Date.UTC(2024, 5, 15) / 86_400_000);
    expect(dayNumberOf(Date.UTC(2024, 5, 15, 23), "Asia/Tokyo")).toBe(Date.UTC(2024, 5, 16) / 86_400_000);
  });
});

describe("date functions", () => {
  const { store } = buildFixture(1, 3);
  const fenv: FunctionEnv = { store, currentUserId: "acc-bob", now: FIXTURE_NOW, timeZone: "UTC" };
  const at = (name: string, ...args: string[]) => {
    const r = callFunction(
      { type: "function", name, args, position: { offset: 0, line: 1, column: 1 } },
      fenv,
    );
    if (r.type !== "date") throw new Error("not a date");
    return new Date(r.ms).toISOString();
  };

  it("evaluates now/startOf/endOf with offsets in each period's default unit", () => {
    expect(at("now")).toBe("2024-06-15T12:00:00.000Z");
    expect(at("startOfDay")).toBe("2024-06-15T00:00:00.000Z");
    expect(at("startOfDay", "-1")).toBe("2024-06-14T00:00:00.000Z");
    expect(at("startOfDay", "+2d")).toBe("2024-06-17T00:00:00.000Z");
    expect(at("endOfDay")).toBe("2024-06-15T23:59:59.999Z");
    expect(at("endOfDay", "-1")).toBe("2024-06-14T23:59:59.999Z");
    expect(at("startOfWeek")).toBe("2024-06-09T00:00:00.000Z");
    expect(at("startOfWeek", "1")).toBe("2024-06-16T00:00:00.000Z");
    expect(at("endOfWeek")).toBe("2024-06-15T23:59:59.999Z");
    expect(at("startOfMonth")).toBe("2024-06-01T00:00:00.000Z");
    expect(at("startOfMonth", "+14d")).toBe("2024-06-15T00:00:00.000Z");
    expect(at("startOfMonth", "-1")).toBe("2024-05-01T00:00:00.000Z");
    expect(at("endOfMonth")).toBe("2024-06-30T23:59:59.999Z");
    expect(at("endOfMonth", "-4M")).toBe("2024-02-29T23:59:59.999Z");
    expect(at("startOfYear")).toBe("2024-01-01T00:00:00.000Z");
    expect(at("endOfYear", "-1")).toBe("2023-12-31T23:59:59.999Z");
    expect(at("STARTOFDAY")).toBe("2024-06-15T00:00:00.000Z");
  });

  it("uses the environment's time zone", () => {
    const tokyo = { ...fenv, timeZone: "Asia/Tokyo" };
    const r = callFunction(
      { type: "function", name: "startOfDay", args: [], position: { offset: 0, line: 1, column: 1 } },
      tokyo,
    );
    expect(r).toEqual({ type: "date", ms: Date.UTC(2024, 5, 14, 15) });
  });
});
