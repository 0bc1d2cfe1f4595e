import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from "jalaali-js";
import { type Locale, localizeDigits, toLatinDigits } from "./digits.ts";

/** The bot's home time zone. */
export const TEHRAN_TZ = "Asia/Tehran";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Wall-clock parts of an instant in a time zone (Gregorian calendar). */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a bad config deserves.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of `ts` (epoch ms) in `tz`, via Intl so historic DST rules apply. */
export function zonedParts(ts: number, tz: string): ZonedParts {
  // The zone's offset at `ts` (cached, see offsetAt) applied to UTC fields: the same parts
  // Intl gives, without formatting a date each time.
  const d = new Date(ts + offsetAt(ts, tz));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** Wall-clock parts straight from Intl (second resolution). */
function intlParts(ts: number, tz: string): ZonedParts {
  const parts = formatterFor(tz).formatToParts(new Date(ts));
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const p = parts.find((x) => x.type === type);
    return p ? Number(p.value) : 0;
  };
  const year = get("year");
  const month = get("month");
  const day = get("day");
  return {
    year,
    month,
    day,
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** A Gregorian wall-clock time in some zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

function wallAsUtc(w: WallTime): number {
  return Date.UTC(
    w.year,
    w.month - 1,
    w.day,
    w.hour ?? 0,
    w.minute ?? 0,
    w.second ?? 0,
    w.millisecond ?? 0,
  );
}

/** Zone offset (ms, east positive) at instant ts, from Intl. */
function intlOffsetAt(ts: number, tz: string): number {
  const floored = Math.floor(ts / 1000) * 1000;
  return wallAsUtc(intlParts(floored, tz)) - floored;
}

const OFFSET_SPAN_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * Zone offset (ms, east positive) at instant ts. Kept per zone and quarter hour (deadline
 * arithmetic asks for the same days again and again, and Intl is slow): a quarter hour
 * whose first and last second have the same offset has no transition inside (zones change
 * at most once in so short a span), so the offset holds for all of it; one with a
 * transition is asked of Intl every time.
 */
function offsetAt(ts: number, tz: string): number {
  const span = Math.floor(ts / OFFSET_SPAN_MS);
  let known = offsets.get(tz);
  if (!known) {
    known = new Map();
    offsets.set(tz, known);
  }
  const hit = known.get(span);
  if (hit !== undefined) return hit;
  const start = span * OFFSET_SPAN_MS;
  const first = intlOffsetAt(start, tz);
  if (intlOffsetAt(start + OFFSET_SPAN_MS - 1000, tz) !== first) return intlOffsetAt(ts, tz);
  if (known.size >= 20_000) known.clear();
  known.set(span, first);
  return first;
}

/**
 * Epoch ms of a Gregorian wall-clock time in `tz`. Day/month overflow is normalised like
 * Date.UTC (day 32 → next month). Around a DST change: a time that occurs twice resolves
 * to the earlier instant; a time skipped by a spring-forward resolves to the instant the
 * same distance after the gap (00:30 in a 00:00→01:00 gap → 01:30), like Temporal's
 * "compatible" disambiguation.
 */
export function zonedTimeToUtc(wall: WallTime, tz: string): number {
  const local = wallAsUtc(wall);
  // Offsets a day before and after cover both sides of any transition near this time.
  const before = offsetAt(local - DAY, tz);
  const after = offsetAt(local + DAY, tz);
  const matches = (candidate: number) => offsetAt(candidate, tz) === local - candidate;
  const candidates = [local - before, local - after].filter(matches).sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  return local - before; // in a gap
}

/** A Jalali date and wall time. */
export interface JalaliParts {
  jy: number;
  jm: number;
  jd: number;
  hour: number;
  minute: number;
  second: number;
  /** The Iranian week: 0 = Saturday (شنبه) … 6 = Friday (جمعه). */
  weekday: number;
}

/** Jalali date, wall time and Iranian weekday of `ts` in `tz`. */
export function toJalali(ts: number, tz: string = TEHRAN_TZ): JalaliParts {
  const p = zonedParts(ts, tz);
  const { jy, jm, jd } = toJalaali(p.year, p.month, p.day);
  return {
    jy,
    jm,
    jd,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    weekday: (p.weekday + 1) % 7,
  };
}

/** A Jalali date with an optional wall time (defaults 00:00:00). */
export interface JalaliDateTime {
  jy: number;
  jm: number;
  jd: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/** Epoch ms of a Jalali wall-clock time in `tz`. Throws RangeError for an invalid date. */
export function jalaliToUtc(t: JalaliDateTime, tz: string = TEHRAN_TZ): number {
  if (!isRealJalaliDate(t.jy, t.jm, t.jd)) {
    throw new RangeError(`invalid Jalali date ${t.jy}-${t.jm}-${t.jd}`);
  }
  const { gy, gm, gd } = toGregorian(t.jy, t.jm, t.jd);
  return zonedTimeToUtc(
    {
      year: gy,
      month: gm,
      day: gd,
      hour: t.hour,
      minute: t.minute,
      second: t.second,
      millisecond: t.millisecond,
    },
    tz,
  );
}

/** Jalali month names, index 0 = Farvardin. Calendar data, not UI copy. */
export const JALALI_MONTHS: Readonly<Record<Locale, readonly string[]>> = {
  fa: [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
  ],
  en: [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
  ],
};

/** Weekday names in the Iranian week order, index 0 = Saturday. */
export const IRANIAN_WEEKDAYS: Readonly<Record<Locale, readonly string[]>> = {
  fa: ["شنبه", "یکشنبه", "دوشنبه", "سه\u200Cشنبه", "چهارشنبه", "پنجشنبه", "جمعه"],
  en: ["Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
};

/** "چهارشنبه ۱۱ تیر ۱۳۹۹" / "Wednesday 11 Tir 1399". */
export function formatJalaliDate(ts: number, locale: Locale, tz: string = TEHRAN_TZ): string {
  const j = toJalali(ts, tz);
  const weekday = IRANIAN_WEEKDAYS[locale][j.weekday];
  const month = JALALI_MONTHS[locale][j.jm - 1];
  return localizeDigits(`${weekday} ${j.jd} ${month} ${j.jy}`, locale);
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** 24-hour wall time, "۱۴:۳۰" / "14:30" (both fields zero-padded). */
export function formatTime(ts: number, locale: Locale, tz: string = TEHRAN_TZ): string {
  const p = zonedParts(ts, tz);
  return localizeDigits(`${pad2(p.hour)}:${pad2(p.minute)}`, locale);
}

/** "چهارشنبه ۱۱ تیر ۱۳۹۹، ۱۴:۳۰" / "Wednesday 11 Tir 1399, 14:30". */
export function formatDateTime(ts: number, locale: Locale, tz: string = TEHRAN_TZ): string {
  const comma = locale === "fa" ? "\u060C" : ",";
  return `${formatJalaliDate(ts, locale, tz)}${comma} ${formatTime(ts, locale, tz)}`;
}

/**
 * "1405/09/08 14:30": Jalali, Latin digits, zero-padded — for files read by spreadsheets,
 * where a column of these sorts in time order as text (prose dates sort by day name).
 */
export function formatSortableDateTime(ts: number, tz: string = TEHRAN_TZ): string {
  const j = toJalali(ts, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${j.jy}/${two(j.jm)}/${two(j.jd)} ${two(j.hour)}:${two(j.minute)}`;
}

/** A duration split for display; the words ("3 days") come from the locale files. */
export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  /** True when the input was negative (the parts are of its absolute value). */
  negative: boolean;
  /** The same numbers as strings in the locale's digits, for templates that take text. */
  text: { days: string; hours: string; minutes: string };
}

/** Split `ms` into whole days, hours and minutes (seconds are dropped, not rounded). */
export function formatDuration(ms: number, locale: Locale): DurationParts {
  const abs = Math.abs(ms);
  const totalMinutes = Math.floor(abs / MINUTE);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  return {
    days,
    hours,
    minutes,
    negative: ms < 0 && totalMinutes > 0,
    text: {
      days: localizeDigits(String(days), locale),
      hours: localizeDigits(String(hours), locale),
      minutes: localizeDigits(String(minutes), locale),
    },
  };
}

/** A Jalali calendar date. */
export interface JalaliDate {
  jy: number;
  jm: number;
  jd: number;
}

/** Year, month and day as typed, whether or not that day exists. */
function typedJalali(input: string): JalaliDate | null {
  const s = toLatinDigits(input.normalize("NFKC"))
    .replace(/[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
    .trim();
  const m = /^(\d{4})\s*([/\-.\u2010-\u2015\u2212\u0640])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(s);
  return m ? { jy: Number(m[1]), jm: Number(m[3]), jd: Number(m[4]) } : null;
}

/**
 * Parse a typed Jalali date: year/month/day with "/", "-", "." or a Persian/Arabic dash
 * between, in any digits ("۱۴۰۵/۰۹/۱۵", "1405-9-15"). Returns null unless it is a real
 * date (day within the month, Esfand 30 only in leap years).
 */
export function parseJalaliDate(input: string): JalaliDate | null {
  const d = typedJalali(input);
  return d && isRealJalaliDate(d.jy, d.jm, d.jd) ? d : null;
}

/**
 * A typed date whose year reads as Gregorian (1900–2199): "2025-11-01" typed by mistake
 * would otherwise be taken for a Jalali day six centuries ahead (a period of it, for one
 * with nothing in it). To be told so.
 */
export function typedGregorianYear(input: string): boolean {
  const d = typedJalali(input);
  return d !== null && d.jy >= 1900 && d.jy < 2200;
}

/**
 * A typed date past the end of its month (30 Esfand in a common year, 31 Mehr), with the
 * month's length that year: someone who wrote it meant a date, and "not understood" would
 * not tell them what is wrong. Null for a real date or for text that is no date at all.
 */
export function missingJalaliDay(input: string): (JalaliDate & { days: number }) | null {
  const d = typedJalali(input);
  if (!d || d.jy < 1 || d.jy > 3177 || d.jm < 1 || d.jm > 12 || d.jd > 31) return null;
  const days = jalaaliMonthLength(d.jy, d.jm);
  return d.jd > days ? { ...d, days } : null;
}

/** isValidJalaaliDate without the RangeError jalaali-js throws for years outside -61…3177. */
export function isRealJalaliDate(jy: number, jm: number, jd: number): boolean {
  if (![jy, jm, jd].every(Number.isInteger) || jy < 1 || jy > 3177) return false;
  return isValidJalaaliDate(jy, jm, jd);
}
