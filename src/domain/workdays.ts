import { toJalaali } from "jalaali-js";
import { toLatinDigits } from "./digits.ts";
import { isRealJalaliDate, TEHRAN_TZ, zonedParts, zonedTimeToUtc } from "./time.ts";

/** "HH:MM", 24-hour (any digits); checked when the calendar is first used. */
export type ClockTime = string;

/** When a district's offices work. */
export interface WorkCalendar {
  /** IANA time zone of the district, e.g. "Asia/Tehran". */
  tz: string;
  /** Whether Thursday counts as a working day (Friday never does). */
  thursdayIsWorkday: boolean;
  /**
   * Jalali holidays in any digits: "MM-DD" recurs every year (Nowruz, 22 Bahman…),
   * "YYYY-MM-DD" is a one-off (lunar holidays move, so districts list them per year).
   */
  holidays: string[];
  /** Office hours; `thursdayEnd` shortens Thursday when it is a workday. */
  officeHours: { start: ClockTime; end: ClockTime; thursdayEnd?: ClockTime };
}

/**
 * Tehran defaults: Saturday–Wednesday 07:30–14:30, Thursday off, and the fixed
 * (solar) national holidays: Nowruz 1–4 Farvardin, 12–13 Farvardin, 14–15 Khordad,
 * 22 Bahman, 29 Esfand. Lunar holidays move every year: districts add them as one-offs.
 * Frozen all the way down, because compiled calendars are cached per object.
 */
export const defaultWorkCalendar: Readonly<WorkCalendar> = Object.freeze({
  tz: TEHRAN_TZ,
  thursdayIsWorkday: false,
  holidays: Object.freeze([
    "01-01",
    "01-02",
    "01-03",
    "01-04",
    "01-12",
    "01-13",
    "03-14",
    "03-15",
    "11-22",
    "12-29",
  ]) as string[],
  officeHours: Object.freeze({ start: "07:30", end: "14:30" }),
});

/** A parsed holiday entry; `jy` is absent for a recurring one. */
export interface Holiday {
  jy?: number;
  jm: number;
  jd: number;
}

/** Parse "MM-DD" / "YYYY-MM-DD" (also "/" separators, any digits); null if not a date. */
export function parseHoliday(s: string): Holiday | null {
  const m = /^(?:(\d{4})[-/])?(\d{1,2})[-/](\d{1,2})$/.exec(toLatinDigits(s).trim());
  if (!m) return null;
  const jm = Number(m[2]);
  const jd = Number(m[3]);
  if (m[1] !== undefined) {
    const jy = Number(m[1]);
    return isRealJalaliDate(jy, jm, jd) ? { jy, jm, jd } : null;
  }
  // Recurring: valid in some year (Esfand 30 exists in leap years only).
  const maxDay = jm <= 6 ? 31 : 30;
  return jm >= 1 && jm <= 12 && jd >= 1 && jd <= maxDay ? { jm, jd } : null;
}

/** Minutes after midnight of "HH:MM"; null if malformed. */
export function parseClockTime(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(toLatinDigits(s).trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 24 * 60 ? h * 60 + min : null;
}

interface Compiled {
  tz: string;
  thursday: boolean;
  start: number;
  end: number;
  thursdayEnd: number;
  recurring: Set<string>;
  oneOff: Set<string>;
}

const compiledCache = new WeakMap<WorkCalendar, Compiled>();

/**
 * Validate and pre-parse a calendar once. Calendars are treated as immutable: build a new
 * object ({ ...cal, holidays: [...] }) rather than editing one that has been used.
 */
function compile(cal: WorkCalendar): Compiled {
  const cached = compiledCache.get(cal);
  if (cached) return cached;
  const clock = (name: string, v: string): number => {
    const n = parseClockTime(v);
    if (n === null) throw new RangeError(`officeHours.${name}: not an HH:MM time: ${v}`);
    return n;
  };
  const start = clock("start", cal.officeHours.start);
  const end = clock("end", cal.officeHours.end);
  const thursdayEnd =
    cal.officeHours.thursdayEnd === undefined
      ? end
      : clock("thursdayEnd", cal.officeHours.thursdayEnd);
  if (end <= start || thursdayEnd <= start) {
    throw new RangeError("officeHours: the end must be after the start");
  }
  const recurring = new Set<string>();
  const oneOff = new Set<string>();
  for (const h of cal.holidays) {
    const p = parseHoliday(h);
    if (!p) throw new RangeError(`holidays: not a Jalali date: ${h}`);
    if (p.jy === undefined) recurring.add(`${p.jm}-${p.jd}`);
    else oneOff.add(`${p.jy}-${p.jm}-${p.jd}`);
  }
  zonedParts(0, cal.tz); // throws RangeError for an unknown zone, now rather than later
  const c: Compiled = {
    tz: cal.tz,
    thursday: cal.thursdayIsWorkday,
    start,
    end,
    thursdayEnd,
    recurring,
    oneOff,
  };
  compiledCache.set(cal, c);
  return c;
}

/** Check a calendar: throws RangeError naming the bad field, for config validation. */
export function validateWorkCalendar(cal: WorkCalendar): void {
  compile(cal);
}

/** A Gregorian calendar date (local to the calendar's zone). */
interface Day {
  year: number;
  month: number;
  day: number;
}

function addDays(d: Day, n: number): Day {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const THURSDAY = 4;
const FRIDAY = 5;

function weekdayOf(d: Day): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

function isWorkDay(d: Day, c: Compiled): boolean {
  const wd = weekdayOf(d);
  if (wd === FRIDAY || (wd === THURSDAY && !c.thursday)) return false;
  const j = toJalaali(d.year, d.month, d.day);
  return !c.recurring.has(`${j.jm}-${j.jd}`) && !c.oneOff.has(`${j.jy}-${j.jm}-${j.jd}`);
}

/** Office closing time (minutes after midnight) of a workday. */
function closingOf(d: Day, c: Compiled): number {
  return weekdayOf(d) === THURSDAY ? c.thursdayEnd : c.end;
}

function atMinutes(d: Day, minutes: number, c: Compiled): number {
  return zonedTimeToUtc(
    {
      year: d.year,
      month: d.month,
      day: d.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    c.tz,
  );
}

/** A year without a single workday means a broken calendar; stop instead of looping forever. */
const MAX_SCAN_DAYS = 400;

function nextWorkDay(d: Day, c: Compiled): Day {
  let next = d;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    next = addDays(next, 1);
    if (isWorkDay(next, c)) return next;
  }
  throw new RangeError("work calendar has no working day within a year");
}

function dayOf(ts: number, c: Compiled): Day {
  const p = zonedParts(ts, c.tz);
  return { year: p.year, month: p.month, day: p.day };
}

/**
 * Whether the local date of `ts` is one of the calendar's listed holidays, whatever its
 * weekday (22 Bahman on a Thursday is still a holiday, not just a short day).
 */
export function isHoliday(ts: number, cal: WorkCalendar): boolean {
  const c = compile(cal);
  const d = dayOf(ts, c);
  const j = toJalaali(d.year, d.month, d.day);
  return c.recurring.has(`${j.jm}-${j.jd}`) || c.oneOff.has(`${j.jy}-${j.jm}-${j.jd}`);
}

/** Whether the local date of `ts` is a working day (not Friday, not an off Thursday, not a holiday). */
export function isWorkday(ts: number, cal: WorkCalendar): boolean {
  const c = compile(cal);
  return isWorkDay(dayOf(ts, c), c);
}

/** Whether `ts` falls on a working day within [start, end) of office hours. */
export function isWithinOfficeHours(ts: number, cal: WorkCalendar): boolean {
  return withinOffice(ts, compile(cal));
}

function withinOffice(ts: number, c: Compiled): boolean {
  const d = dayOf(ts, c);
  if (!isWorkDay(d, c)) return false;
  return ts >= atMinutes(d, c.start, c) && ts < atMinutes(d, closingOf(d, c), c);
}

/** The first office opening (start of office hours on a working day) at or after `ts`. */
export function nextOfficeMorning(ts: number, cal: WorkCalendar): number {
  return officeMorningFrom(ts, compile(cal));
}

function officeMorningFrom(ts: number, c: Compiled): number {
  const today = dayOf(ts, c);
  if (isWorkDay(today, c)) {
    const opening = atMinutes(today, c.start, c);
    if (opening >= ts) return opening;
  }
  return atMinutes(nextWorkDay(today, c), c.start, c);
}

/**
 * Deadlines for 0, 1, 2, … working days after `ts` (see {@link addWorkingDays}).
 * Strictly increasing, endless.
 */
function* deadlines(ts: number, c: Compiled): Generator<number, never> {
  const anchor = withinOffice(ts, c) ? ts : officeMorningFrom(ts, c);
  const p = zonedParts(anchor, c.tz);
  const ms = ((anchor % 1000) + 1000) % 1000;
  let d: Day = { year: p.year, month: p.month, day: p.day };
  for (;;) {
    const t = zonedTimeToUtc(
      { ...d, hour: p.hour, minute: p.minute, second: p.second, millisecond: ms },
      c.tz,
    );
    yield withinOffice(t, c) ? t : officeMorningFrom(t, c);
    d = nextWorkDay(d, c);
  }
}

/**
 * The deadline `n` working days after `ts`. The rule, in order:
 * 1. Anchor: `ts` itself if it is within office hours of a working day, otherwise the
 *    next office morning (a report at 23:00 or 06:00 starts counting at 07:30).
 * 2. Move forward `n` working days from the anchor's date, skipping Fridays, Thursdays
 *    unless `thursdayIsWorkday`, and holidays; keep the anchor's wall-clock time.
 *    (n = 0 gives the anchor.)
 * 3. If that time is outside the office hours of that day (only a short Thursday can
 *    do this), the deadline moves to the next office morning.
 * Example (Tehran defaults): Saturday 10:00 + 2 → Monday 10:00; Wednesday 10:00 + 1 →
 * Saturday 10:00.
 */
export function addWorkingDays(ts: number, n: number, cal: WorkCalendar): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be ≥ 0: ${n}`);
  const gen = deadlines(ts, compile(cal));
  let result = gen.next().value;
  for (let i = 0; i < n; i++) result = gen.next().value;
  return result;
}

/**
 * Whole working days from `a` to `b`: the largest n with addWorkingDays(a, n) ≤ b
 * (0 if even n = 0 lies after b). Negative, by the same rule with a and b swapped, when
 * b is before a. Use `workingDaysBetween(deadline, now)` for "late by N working days".
 */
export function workingDaysBetween(a: number, b: number, cal: WorkCalendar): number {
  if (b < a) {
    const ahead = workingDaysBetween(b, a, cal);
    return ahead === 0 ? 0 : -ahead; // never -0
  }
  let n = -1;
  for (const deadline of deadlines(a, compile(cal))) {
    if (deadline > b) return Math.max(n, 0);
    n++;
  }
  return n; // unreachable: the generator never ends
}

/**
 * The latest start whose `n`-working-day deadline ({@link addWorkingDays}) is at or before
 * `by`: everything started at or before it is past that deadline by `by`. Lets a query ask
 * "past its reminder" with one bound on the start time instead of one deadline per item.
 * Found by bisection, which is exact because a later start never gets an earlier deadline.
 */
export function latestStartDueBy(by: number, n: number, cal: WorkCalendar): number {
  const due = (ts: number) => addWorkingDays(ts, n, cal) <= by;
  // A working day is at least a calendar day, so n + 1 days back is usually enough;
  // holidays and weekends may need more.
  let span = (n + 1) * 86_400_000;
  while (!due(by - span)) {
    span *= 2;
    if (span > (n + 1) * MAX_SCAN_DAYS * 86_400_000)
      throw new RangeError("work calendar has no working day within a year");
  }
  let lo = by - span; // due
  let hi = by + 1; // never due: a deadline is never before its start
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (due(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
