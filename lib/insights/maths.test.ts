import { describe, expect, it } from "vitest";
import { addDays, daysBetween, median, medianAndP90, percentile, roundDays, weekOf, weeksBetween } from "./maths";

describe("weeks", () => {
  it("buckets an instant into the ISO week (Monday, UTC) that holds it", () => {
    expect(weekOf("2026-03-02T00:00:00.000Z")).toBe("2026-03-02"); // a Monday
    expect(weekOf("2026-03-04T12:00:00.000Z")).toBe("2026-03-02");
    expect(weekOf("2026-03-08T23:59:59.999Z")).toBe("2026-03-02"); // Sunday night is still that week
    expect(weekOf("2026-03-09T00:00:00.000Z")).toBe("2026-03-09");
    expect(weekOf("2026-01-01")).toBe("2025-12-29"); // across a year's end
  });

  it("lists every week of a range, both ends included", () => {
    expect(weeksBetween("2026-03-04", "2026-03-16")).toEqual(["2026-03-02", "2026-03-09", "2026-03-16"]);
    expect(weeksBetween("2026-03-09", "2026-03-09")).toEqual(["2026-03-09"]);
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
  });
});

describe("median and 90th percentile", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([8, 1, 3])).toBe(3);
    expect(median([7, 8])).toBe(7.5);
  });

  it("takes p90 by nearest rank: always one of the values", () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([4], 90)).toBe(4);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 90)).toBe(10);
    expect(percentile([3, 1, 2], 90)).toBe(3);
  });

  it("gives both from one sort, the same as each alone", () => {
    expect(medianAndP90([])).toEqual({ median: null, p90: null });
    for (const values of [[5], [7, 8], [8, 1, 3], [10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100], [0.5, 12.25, 3, 3, 40]]) {
      expect(medianAndP90(values)).toEqual({ median: median(values), p90: percentile(values, 90) });
    }
  });

  it("measures and rounds days", () => {
    expect(daysBetween("2026-03-02T09:00:00Z", "2026-03-04T21:00:00Z")).toBe(2.5);
    expect(roundDays(2.449)).toBe(2.4);
    expect(roundDays(12.6)).toBe(13);
    expect(roundDays(null)).toBeNull();
  });
});
