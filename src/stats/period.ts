import { jalaaliMonthLength } from "jalaali-js";
import {
  type JalaliDate,
  jalaliToUtc,
  parseJalaliDate,
  TEHRAN_TZ,
  toJalali,
} from "../domain/time.ts";

/** A half-open interval of instants [from, to), with the Jalali days it spans for display. */
export interface Period {
  from: number;
  to: number;
  /** First and last Jalali day included. */
  first: JalaliDate;
  last: JalaliDate;
}

export type PeriodKind = "this_month" | "last_month" | "this_year";

const nextDay = (d: JalaliDate): JalaliDate => {
  if (d.jd < jalaaliMonthLength(d.jy, d.jm)) return { ...d, jd: d.jd + 1 };
  if (d.jm < 12) return { jy: d.jy, jm: d.jm + 1, jd: 1 };
  return { jy: d.jy + 1, jm: 1, jd: 1 };
};

/** The period from the start of Jalali day `first` to the end of Jalali day `last` (Tehran). */
export function periodOfDays(first: JalaliDate, last: JalaliDate, tz = TEHRAN_TZ): Period {
  return {
    from: jalaliToUtc(first, tz),
    to: jalaliToUtc(nextDay(last), tz),
    first,
    last,
  };
}

/** This month / last month / this year, as Jalali calendar periods around `now`. */
export function namedPeriod(kind: PeriodKind, now: number, tz = TEHRAN_TZ): Period {
  const j = toJalali(now, tz);
  if (kind === "this_year")
    return periodOfDays(
      { jy: j.jy, jm: 1, jd: 1 },
      { jy: j.jy, jm: 12, jd: jalaaliMonthLength(j.jy, 12) },
      tz,
    );
  const [jy, jm] =
    kind === "this_month" ? [j.jy, j.jm] : j.jm > 1 ? [j.jy, j.jm - 1] : [j.jy - 1, 12];
  return periodOfDays({ jy, jm, jd: 1 }, { jy, jm, jd: jalaaliMonthLength(jy, jm) }, tz);
}

/** Longest custom period accepted (a few years is plenty for a district's figures). */
export const MAX_PERIOD_DAYS = 5 * 366;

export type CustomPeriodResult =
  | { ok: true; period: Period }
  | { ok: false; why: "bad_from" | "bad_to" | "order" | "too_long" };

/** Two typed Jalali dates (any digits), both days included. */
export function customPeriod(fromText: string, toText: string, tz = TEHRAN_TZ): CustomPeriodResult {
  const first = parseJalaliDate(fromText);
  if (!first) return { ok: false, why: "bad_from" };
  const last = parseJalaliDate(toText);
  if (!last) return { ok: false, why: "bad_to" };
  let period: Period;
  try {
    period = periodOfDays(first, last, tz);
  } catch {
    // The day after the calendar's last (3177/12/29): not a date anyone means.
    return { ok: false, why: "bad_to" };
  }
  if (period.to <= period.from) return { ok: false, why: "order" };
  if (tooLong(period)) return { ok: false, why: "too_long" };
  return { ok: true, period };
}

/** Longer than {@link MAX_PERIOD_DAYS}: refused wherever a period comes from. */
export function tooLong(period: Pick<Period, "from" | "to">): boolean {
  return period.to - period.from > MAX_PERIOD_DAYS * 86_400_000;
}

/** Compact "14050901" form for callback data; Latin digits. */
export function compactDate(d: JalaliDate): string {
  return `${d.jy}${String(d.jm).padStart(2, "0")}${String(d.jd).padStart(2, "0")}`;
}

export function parseCompactDate(s: string): JalaliDate | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  return parseJalaliDate(`${m[1]}/${m[2]}/${m[3]}`);
}

/** "1405/09/01" (Latin digits; localise for display). */
export function slashDate(d: JalaliDate): string {
  return `${d.jy}/${String(d.jm).padStart(2, "0")}/${String(d.jd).padStart(2, "0")}`;
}
