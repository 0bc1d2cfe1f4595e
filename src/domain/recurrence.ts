import { jalaaliMonthLength, toGregorian } from "jalaali-js";
import type { JalaliDate } from "./time.ts";

/**
 * Monthly recurrence by the Jalali calendar (pure).
 *
 * - `nth_weekday`: the Nth given weekday of every Jalali month (n = 1…4, or -1 for the
 *   last one), e.g. "the second Monday". Every Jalali month has at least 29 days, so
 *   each of these exists in every month.
 * - `day_of_month`: day D (1…31) of every month. A month shorter than D gets the meeting on
 *   its LAST day (clamped, not skipped): the article's rhythm is one meeting every month,
 *   so day 31 becomes 30 in Mehr…Bahman and 29 or 30 in Esfand (30 only in leap years).
 */
export type MonthlyRule =
  | { type: "nth_weekday"; n: 1 | 2 | 3 | 4 | -1; weekday: number }
  | { type: "day_of_month"; day: number };

/** Iranian weekday of a Jalali date: 0 = Saturday … 6 = Friday. */
export function jalaliWeekday(d: JalaliDate): number {
  const { gy, gm, gd } = toGregorian(d.jy, d.jm, d.jd);
  const sunday0 = new Date(Date.UTC(gy, gm - 1, gd)).getUTCDay();
  return (sunday0 + 1) % 7;
}

export function monthLength(jy: number, jm: number): number {
  return jalaaliMonthLength(jy, jm);
}

export function isValidRule(rule: MonthlyRule): boolean {
  if (rule.type === "day_of_month")
    return Number.isInteger(rule.day) && rule.day >= 1 && rule.day <= 31;
  return (
    [1, 2, 3, 4, -1].includes(rule.n) &&
    Number.isInteger(rule.weekday) &&
    rule.weekday >= 0 &&
    rule.weekday <= 6
  );
}

/** The rule's date in one Jalali month. */
export function occurrenceInMonth(rule: MonthlyRule, jy: number, jm: number): JalaliDate {
  if (!isValidRule(rule)) throw new RangeError(`invalid monthly rule ${JSON.stringify(rule)}`);
  const len = monthLength(jy, jm);
  if (rule.type === "day_of_month") return { jy, jm, jd: Math.min(rule.day, len) };
  if (rule.n === -1) {
    const lastWd = jalaliWeekday({ jy, jm, jd: len });
    return { jy, jm, jd: len - ((lastWd - rule.weekday + 7) % 7) };
  }
  const firstWd = jalaliWeekday({ jy, jm, jd: 1 });
  return { jy, jm, jd: 1 + ((rule.weekday - firstWd + 7) % 7) + (rule.n - 1) * 7 };
}

export function compareJalali(a: JalaliDate, b: JalaliDate): number {
  return a.jy - b.jy || a.jm - b.jm || a.jd - b.jd;
}

export function addJalaliMonths(jy: number, jm: number, n: number): { jy: number; jm: number } {
  const idx = jy * 12 + (jm - 1) + n;
  return { jy: Math.floor(idx / 12), jm: (idx % 12) + 1 };
}

/**
 * The next `k` occurrences on or after `from` (inclusive), in order. One per month, so
 * the result spans `k` or `k + 1` months.
 */
export function nextOccurrences(rule: MonthlyRule, from: JalaliDate, k: number): JalaliDate[] {
  const out: JalaliDate[] = [];
  for (let i = 0; out.length < k && i < k + 2; i++) {
    const m = addJalaliMonths(from.jy, from.jm, i);
    const d = occurrenceInMonth(rule, m.jy, m.jm);
    if (compareJalali(d, from) >= 0) out.push(d);
  }
  return out;
}

/** Occurrences whose month lies in [from's month, from's month + months), on or after `from`. */
export function occurrencesWithin(
  rule: MonthlyRule,
  from: JalaliDate,
  months: number,
): JalaliDate[] {
  const out: JalaliDate[] = [];
  for (let i = 0; i < months; i++) {
    const m = addJalaliMonths(from.jy, from.jm, i);
    const d = occurrenceInMonth(rule, m.jy, m.jm);
    if (compareJalali(d, from) >= 0) out.push(d);
  }
  return out;
}
