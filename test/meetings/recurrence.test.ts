import { describe, expect, it } from "vitest";
import {
  jalaliWeekday,
  type MonthlyRule,
  nextOccurrences,
  occurrenceInMonth,
} from "../../src/domain/recurrence.ts";
import { jalaliToUtc, toJalali } from "../../src/domain/time.ts";

const d = (jy: number, jm: number, jd: number) => ({ jy, jm, jd });

describe("jalaliWeekday agrees with the time module", () => {
  it.each([d(1405, 9, 8), d(1403, 12, 30), d(1404, 1, 1), d(1405, 7, 30)])("%o", (date) => {
    expect(jalaliWeekday(date)).toBe(toJalali(jalaliToUtc({ ...date, hour: 12 })).weekday);
  });
});

describe("day D of every month (clamped to the month's last day)", () => {
  const rule: MonthlyRule = { type: "day_of_month", day: 31 };
  it.each([
    [1405, 1, 31], // Farvardin: 31 days
    [1405, 6, 31], // Shahrivar: 31 days
    [1405, 7, 30], // Mehr: 30 days
    [1405, 11, 30], // Bahman: 30 days
    [1403, 12, 30], // Esfand of a leap year: 30 days
    [1404, 12, 29], // Esfand of a common year: 29 days
    [1405, 12, 29],
  ])("%i/%i → day %i", (jy, jm, jd) => {
    expect(occurrenceInMonth(rule, jy, jm)).toEqual(d(jy, jm, jd));
  });
  it("day 30 in Esfand: 30 in leap 1403, 29 in common 1404", () => {
    const r: MonthlyRule = { type: "day_of_month", day: 30 };
    expect(occurrenceInMonth(r, 1403, 12).jd).toBe(30);
    expect(occurrenceInMonth(r, 1404, 12).jd).toBe(29);
  });
  it("next occurrences cross the year boundary", () => {
    expect(nextOccurrences({ type: "day_of_month", day: 30 }, d(1403, 11, 15), 4)).toEqual([
      d(1403, 11, 30),
      d(1403, 12, 30),
      d(1404, 1, 30),
      d(1404, 2, 30),
    ]);
  });
  it("a date already past this month starts next month (inclusive of today)", () => {
    expect(nextOccurrences({ type: "day_of_month", day: 5 }, d(1405, 9, 8), 2)).toEqual([
      d(1405, 10, 5),
      d(1405, 11, 5),
    ]);
    expect(nextOccurrences({ type: "day_of_month", day: 8 }, d(1405, 9, 8), 1)).toEqual([
      d(1405, 9, 8),
    ]);
  });
});

describe("Nth weekday of every month", () => {
  // 1 Azar 1405 is a Sunday (22 Nov 2026); Azar has 30 days, the 30th a Monday.
  it.each([
    [{ type: "nth_weekday", n: 1, weekday: 0 }, 1405, 9, 7], // first Saturday
    [{ type: "nth_weekday", n: 2, weekday: 2 }, 1405, 9, 9], // second Monday
    [{ type: "nth_weekday", n: 4, weekday: 6 }, 1405, 9, 27], // fourth Friday
    [{ type: "nth_weekday", n: -1, weekday: 1 }, 1405, 9, 29], // last Sunday
    [{ type: "nth_weekday", n: -1, weekday: 3 }, 1405, 9, 24], // last Tuesday
  ] as [MonthlyRule, number, number, number][])("%o in %i/%i → %i", (rule, jy, jm, jd) => {
    const got = occurrenceInMonth(rule, jy, jm);
    expect(got).toEqual(d(jy, jm, jd));
    expect(jalaliWeekday(got)).toBe((rule as { weekday: number }).weekday);
  });

  it("every result is the right weekday in the right week, across 31/30/29/30-day months", () => {
    for (const [jy, jm] of [
      [1405, 1],
      [1405, 6],
      [1405, 7],
      [1403, 12],
      [1404, 12],
    ] as const) {
      const len = jm <= 6 ? 31 : jm < 12 ? 30 : jy === 1403 ? 30 : 29;
      for (let wd = 0; wd < 7; wd++) {
        for (const n of [1, 2, 3, 4] as const) {
          const got = occurrenceInMonth({ type: "nth_weekday", n, weekday: wd }, jy, jm);
          expect(jalaliWeekday(got)).toBe(wd);
          expect(Math.ceil(got.jd / 7)).toBe(n);
        }
        const last = occurrenceInMonth({ type: "nth_weekday", n: -1, weekday: wd }, jy, jm);
        expect(jalaliWeekday(last)).toBe(wd);
        expect(last.jd).toBeGreaterThan(len - 7);
        expect(last.jd).toBeLessThanOrEqual(len);
      }
    }
  });

  it("last Wednesday of Esfand in leap and common years", () => {
    const rule: MonthlyRule = { type: "nth_weekday", n: -1, weekday: 4 };
    const leap = occurrenceInMonth(rule, 1403, 12);
    const common = occurrenceInMonth(rule, 1404, 12);
    expect(leap.jd).toBeGreaterThan(23);
    expect(common.jd).toBeGreaterThan(22);
    expect(common.jd).toBeLessThanOrEqual(29);
  });

  it("rejects nonsense rules", () => {
    expect(() => occurrenceInMonth({ type: "day_of_month", day: 0 }, 1405, 1)).toThrow();
    expect(() =>
      occurrenceInMonth({ type: "nth_weekday", n: 5 as never, weekday: 1 }, 1405, 1),
    ).toThrow();
  });
});
