import { describe, expect, it } from "vitest";
import { applyOffset, evaluateDateFunction, parseDateLiteral, parseOffset } from "./dates.js";

const utc = (s: string) => Date.parse(`${s}Z`);
/** Wednesday 2025-06-18 15:30 UTC. */
const NOW = utc("2025-06-18T15:30:00");
const iso = (t: number) => new Date(t).toISOString();

describe("parseDateLiteral", () => {
  it("reads the four documented formats as whole days or whole minutes", () => {
    expect(parseDateLiteral("2024-03-05")).toEqual({
      from: utc("2024-03-05T00:00"),
      to: utc("2024-03-06T00:00"),
    });
    expect(parseDateLiteral("2024/03/05")).toEqual({
      from: utc("2024-03-05T00:00"),
      to: utc("2024-03-06T00:00"),
    });
    expect(parseDateLiteral("2024-03-05 13:07")).toEqual({
      from: utc("2024-03-05T13:07"),
      to: utc("2024-03-05T13:08"),
    });
    expect(parseDateLiteral("2024/03/05 13:07")?.from).toBe(utc("2024-03-05T13:07"));
    expect(parseDateLiteral("2024-3-5")?.from).toBe(utc("2024-03-05T00:00"));
  });

  it("rejects impossible or malformed dates", () => {
    for (const bad of [
      "2024-13-01",
      "2024-02-30",
      "2023-02-29",
      "2024-01-01 24:00",
      "2024-01-01 10:60",
      "2024-01/01",
      "01-01-2024",
      "yesterday",
      "2024-01-01T10:00",
      "",
    ]) {
      expect(parseDateLiteral(bad), bad).toBeNull();
    }
    expect(parseDateLiteral("2024-02-29")).not.toBeNull();
  });
});

describe("parseOffset / applyOffset", () => {
  it("reads signed amounts with y, M, w, d, h, m units", () => {
    expect(parseOffset("-4w")).toEqual({ amount: -4, unit: "w" });
    expect(parseOffset("+1M")).toEqual({ amount: 1, unit: "M" });
    expect(parseOffset("30m")).toEqual({ amount: 30, unit: "m" });
    expect(parseOffset("2D")).toEqual({ amount: 2, unit: "d" });
    expect(parseOffset("-1y")).toEqual({ amount: -1, unit: "y" });
    expect(parseOffset(" -3h ")).toEqual({ amount: -3, unit: "h" });
    for (const bad of ["", "4", "w", "-4x", "--4w", "4.5d", "-4w2d"])
      expect(parseOffset(bad), bad).toBeNull();
  });

  it("adds calendar months with clamping and fixed-length units exactly", () => {
    expect(iso(applyOffset(utc("2025-01-31T10:00"), { amount: 1, unit: "M" }))).toBe(
      "2025-02-28T10:00:00.000Z",
    );
    expect(iso(applyOffset(utc("2024-02-29T00:00"), { amount: -1, unit: "y" }))).toBe(
      "2023-02-28T00:00:00.000Z",
    );
    expect(iso(applyOffset(utc("2025-03-15T00:00"), { amount: -14, unit: "M" }))).toBe(
      "2024-01-15T00:00:00.000Z",
    );
    expect(iso(applyOffset(NOW, { amount: -2, unit: "w" }))).toBe("2025-06-04T15:30:00.000Z");
    expect(iso(applyOffset(NOW, { amount: 90, unit: "m" }))).toBe("2025-06-18T17:00:00.000Z");
    expect(applyOffset(NOW, null)).toBe(NOW);
  });
});

describe("evaluateDateFunction", () => {
  const at = (name: string, offset?: string) =>
    iso(evaluateDateFunction(name, offset ? parseOffset(offset) : null, NOW));

  it("evaluates now() with and without an increment", () => {
    expect(at("now")).toBe("2025-06-18T15:30:00.000Z");
    expect(at("now", "-4w")).toBe("2025-05-21T15:30:00.000Z");
    expect(at("now", "+1d")).toBe("2025-06-19T15:30:00.000Z");
  });

  it("evaluates start functions (weeks start on Sunday), moving the start by the increment", () => {
    expect(at("startOfDay")).toBe("2025-06-18T00:00:00.000Z");
    expect(at("startOfDay", "-1d")).toBe("2025-06-17T00:00:00.000Z");
    expect(at("startOfWeek")).toBe("2025-06-15T00:00:00.000Z");
    expect(at("startOfWeek", "+1d")).toBe("2025-06-16T00:00:00.000Z");
    expect(at("startOfMonth")).toBe("2025-06-01T00:00:00.000Z");
    expect(at("startOfMonth", "-1M")).toBe("2025-05-01T00:00:00.000Z");
    expect(at("startOfYear")).toBe("2025-01-01T00:00:00.000Z");
  });

  it("evaluates end functions as the last millisecond of the (shifted) period", () => {
    expect(at("endOfDay")).toBe("2025-06-18T23:59:59.999Z");
    expect(at("endOfDay", "+1d")).toBe("2025-06-19T23:59:59.999Z");
    expect(at("endOfWeek")).toBe("2025-06-21T23:59:59.999Z");
    expect(at("endOfMonth")).toBe("2025-06-30T23:59:59.999Z");
    expect(at("endOfMonth", "-1M")).toBe("2025-05-31T23:59:59.999Z");
    expect(at("endOfYear")).toBe("2025-12-31T23:59:59.999Z");
  });

  it("treats a Sunday as the first day of its own week", () => {
    const sunday = utc("2025-06-15T08:00");
    expect(iso(evaluateDateFunction("startOfWeek", null, sunday))).toBe("2025-06-15T00:00:00.000Z");
  });
});
