import { isLeapJalaaliYear } from "jalaali-js";
import { describe, expect, it } from "vitest";
import { jalaliToUtc, toJalali } from "../../src/domain/time.ts";
import {
  addWorkingDays,
  defaultWorkCalendar,
  isWithinOfficeHours,
  isWorkday,
  latestStartDueBy,
  nextOfficeMorning,
  parseHoliday,
  validateWorkCalendar,
  type WorkCalendar,
  workingDaysBetween,
} from "../../src/domain/workdays.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** "1405-02-05 10:00" (Jalali, Tehran wall clock) → epoch ms. */
function at(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad fixture ${s}`);
  const [jy, jm, jd, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return jalaliToUtc({ jy, jm, jd, hour, minute });
}

/** epoch ms → "1405-02-05 10:00" (Jalali, Tehran wall clock). */
function show(ts: number): string {
  const j = toJalali(ts);
  return `${j.jy}-${pad(j.jm)}-${pad(j.jd)} ${pad(j.hour)}:${pad(j.minute)}`;
}

const cal = defaultWorkCalendar;
const thursdayOn: WorkCalendar = { ...cal, thursdayIsWorkday: true };
const shortThursday: WorkCalendar = {
  ...cal,
  thursdayIsWorkday: true,
  officeHours: { start: "07:30", end: "14:30", thursdayEnd: "12:30" },
};
const withOneOff: WorkCalendar = { ...cal, holidays: [...cal.holidays, "۱۴۰۵-۰۲-۰۷"] };

// Ordibehesht 1405: Sat 5, Sun 6, Mon 7, Tue 8, Wed 9, Thu 10, Fri 11, Sat 12, Sun 13 — no holidays.
describe("fixtures", () => {
  it("have the weekdays and leap years the tables assume", () => {
    expect(toJalali(at("1405-02-05 10:00")).weekday).toBe(0); // Saturday
    expect(toJalali(at("1405-02-10 10:00")).weekday).toBe(5); // Thursday
    expect(toJalali(at("1404-12-27 10:00")).weekday).toBe(4); // Wednesday
    expect(toJalali(at("1407-12-28 10:00")).weekday).toBe(1); // Sunday
    expect(toJalali(at("1408-12-28 10:00")).weekday).toBe(2); // Monday
    expect(isLeapJalaaliYear(1404)).toBe(false);
    expect(isLeapJalaaliYear(1407)).toBe(false);
    expect(isLeapJalaaliYear(1408)).toBe(true);
    expect(isLeapJalaaliYear(1399)).toBe(true);
  });
});

describe("addWorkingDays", () => {
  it.each([
    ["plain week: Saturday + 2 → Monday", cal, "1405-02-05 10:00", 2, "1405-02-07 10:00"],
    ["Saturday + 4 → Wednesday", cal, "1405-02-05 10:00", 4, "1405-02-09 10:00"],
    ["across Thursday and Friday", cal, "1405-02-09 10:00", 1, "1405-02-12 10:00"],
    ["Thursday as a workday", thursdayOn, "1405-02-09 10:00", 1, "1405-02-10 10:00"],
    ["Thursday workday, still skips Friday", thursdayOn, "1405-02-10 10:00", 1, "1405-02-12 10:00"],
    [
      "short Thursday, deadline inside it",
      shortThursday,
      "1405-02-09 11:00",
      1,
      "1405-02-10 11:00",
    ],
    [
      "short Thursday, deadline after it closes",
      shortThursday,
      "1405-02-09 13:00",
      1,
      "1405-02-12 07:30",
    ],
    ["start on an off Thursday", cal, "1405-02-10 10:00", 1, "1405-02-13 07:30"],
    ["start on Friday", cal, "1405-02-11 10:00", 1, "1405-02-13 07:30"],
    ["start at 23:00", cal, "1405-02-05 23:00", 1, "1405-02-07 07:30"],
    ["start at 06:00", cal, "1405-02-05 06:00", 1, "1405-02-06 07:30"],
    ["start exactly at opening is inside", cal, "1405-02-05 07:30", 1, "1405-02-06 07:30"],
    ["start exactly at closing is outside", cal, "1405-02-05 14:30", 1, "1405-02-07 07:30"],
    ["N = 0 inside office hours: now", cal, "1405-02-05 10:00", 0, "1405-02-05 10:00"],
    ["N = 0 after hours: next office morning", cal, "1405-02-09 15:00", 0, "1405-02-12 07:30"],
    ["one-off holiday (Persian digits)", withOneOff, "1405-02-05 10:00", 2, "1405-02-08 10:00"],
    // Nowruz: 28 Esfand Thu, 29 Esfand Fri + holiday, 1–4 Farvardin, 6 Thu, 7 Fri.
    ["across Nowruz from 27 Esfand 1404", cal, "1404-12-27 10:00", 3, "1405-01-09 10:00"],
    ["year end, common year 1404", cal, "1404-12-26 10:00", 2, "1405-01-05 10:00"],
    // 1407 is common: 28 Esfand Sunday, 29 Esfand (Monday, holiday), then Nowruz 1–4 (Tue–Fri).
    ["year end, common year 1407", cal, "1407-12-28 10:00", 1, "1408-01-05 10:00"],
    // 1408 is leap: 28 Esfand Monday, 29 Esfand (Tuesday) a holiday, 30 Esfand (Wednesday)
    // a working day, then Nowruz 1–4 Farvardin 1409 (Thu–Sun), so the next is Monday 5.
    ["year end, leap year 1408", cal, "1408-12-28 10:00", 1, "1408-12-30 10:00"],
    ["year end, leap year 1408, past Nowruz", cal, "1408-12-28 10:00", 2, "1409-01-05 10:00"],
    // 1399 was leap and Tehran still had DST: 30 Esfand is a Saturday workday, and the
    // wall-clock time survives the clocks moving forward on 2 Farvardin 1400.
    ["leap year 1399 with DST", cal, "1399-12-27 10:00", 1, "1399-12-30 10:00"],
    ["leap year 1399 across the DST change", cal, "1399-12-27 10:00", 2, "1400-01-07 10:00"],
  ])("%s", (_name, calendar, start, n, expected) => {
    expect(show(addWorkingDays(at(start), n, calendar))).toBe(expected);
  });

  it("keeps seconds and milliseconds of an in-hours start", () => {
    const start = at("1405-02-05 10:00") + 12_345;
    expect(addWorkingDays(start, 2, cal) - at("1405-02-07 10:00")).toBe(12_345);
  });

  it.each([-1, 1.5, Number.NaN])("rejects n = %d", (n) => {
    expect(() => addWorkingDays(at("1405-02-05 10:00"), n, cal)).toThrow(RangeError);
  });

  it("handles a long span quickly and exactly", () => {
    // 1405 Ordibehesht 5 + 250 working days; checked by counting with isWorkday day by day.
    const start = at("1405-02-05 10:00");
    const deadline = addWorkingDays(start, 250, cal);
    let count = 0;
    for (let t = start + 86_400_000; t <= deadline; t += 86_400_000) if (isWorkday(t, cal)) count++;
    expect(count).toBe(250);
    expect(isWorkday(deadline, cal)).toBe(true);
    expect(show(deadline).endsWith("10:00")).toBe(true);
  });
});

describe("isWorkday", () => {
  it.each([
    ["Saturday", cal, "1405-02-05 10:00", true],
    ["Wednesday", cal, "1405-02-09 10:00", true],
    ["Thursday off", cal, "1405-02-10 10:00", false],
    ["Thursday on", thursdayOn, "1405-02-10 10:00", true],
    ["Friday", thursdayOn, "1405-02-11 10:00", false],
    ["Nowruz day 2 (Sunday)", cal, "1405-01-02 10:00", false],
    ["13 Farvardin", cal, "1405-01-13 10:00", false],
    ["14 Khordad", cal, "1405-03-14 10:00", false],
    ["22 Bahman", cal, "1404-11-22 10:00", false],
    ["Esfand 30 in a leap year", cal, "1408-12-30 10:00", true],
    ["one-off holiday", withOneOff, "1405-02-07 10:00", false],
    ["the one-off is for 1405 only", withOneOff, "1406-02-07 10:00", true],
    ["after hours still a workday", cal, "1405-02-05 23:59", true],
  ])("%s", (_name, calendar, when, expected) => {
    expect(isWorkday(at(when), calendar)).toBe(expected);
  });
});

describe("isWithinOfficeHours", () => {
  it.each([
    [cal, "1405-02-05 07:29", false],
    [cal, "1405-02-05 07:30", true],
    [cal, "1405-02-05 14:29", true],
    [cal, "1405-02-05 14:30", false],
    [cal, "1405-02-10 10:00", false],
    [shortThursday, "1405-02-10 12:29", true],
    [shortThursday, "1405-02-10 12:30", false],
  ])("%#: %s", (calendar, when, expected) => {
    expect(isWithinOfficeHours(at(when), calendar)).toBe(expected);
  });
});

describe("nextOfficeMorning", () => {
  it.each([
    ["before opening", cal, "1405-02-05 06:00", "1405-02-05 07:30"],
    ["exactly at opening", cal, "1405-02-05 07:30", "1405-02-05 07:30"],
    ["during the day", cal, "1405-02-05 10:00", "1405-02-06 07:30"],
    ["Wednesday evening", cal, "1405-02-09 18:00", "1405-02-12 07:30"],
    ["Wednesday evening, Thursday on", thursdayOn, "1405-02-09 18:00", "1405-02-10 07:30"],
    ["before Nowruz", cal, "1404-12-27 15:00", "1405-01-05 07:30"],
  ])("%s", (_name, calendar, when, expected) => {
    expect(show(nextOfficeMorning(at(when), calendar))).toBe(expected);
  });
});

describe("workingDaysBetween", () => {
  const deadline = "1405-02-07 10:00"; // Monday
  it.each([
    ["same instant", deadline, 0],
    ["an hour late", "1405-02-07 11:00", 0],
    ["one working day late", "1405-02-08 10:00", 1],
    ["a minute short of two", "1405-02-09 09:59", 1],
    ["two", "1405-02-09 10:00", 2],
    ["the weekend does not count", "1405-02-11 23:00", 2],
    ["three, on Saturday", "1405-02-12 10:00", 3],
    ["due in one working day", "1405-02-06 10:00", -1],
    ["due later today", "1405-02-07 08:00", 0],
  ])("%s", (_name, now, expected) => {
    expect(workingDaysBetween(at(deadline), at(now), cal)).toBe(expected);
  });

  it("inverts addWorkingDays", () => {
    const start = at("1404-12-20 09:15");
    for (const n of [0, 1, 2, 5, 8, 30]) {
      expect(workingDaysBetween(start, addWorkingDays(start, n, cal), cal)).toBe(n);
    }
  });

  it("counts from the next office morning when the start is after hours", () => {
    expect(workingDaysBetween(at("1405-02-05 20:00"), at("1405-02-07 07:30"), cal)).toBe(1);
    expect(workingDaysBetween(at("1405-02-05 20:00"), at("1405-02-06 07:00"), cal)).toBe(0);
  });
});

describe("latestStartDueBy", () => {
  it("is the last start whose deadline has come", () => {
    // Wednesday 10:00 + 3 working days → Monday 10:00 (Thursday and Friday off).
    const by = at("1405-02-14 10:00");
    const last = latestStartDueBy(by, 3, cal);
    expect(show(last)).toBe("1405-02-09 10:00");
    expect(addWorkingDays(last, 3, cal)).toBeLessThanOrEqual(by);
    expect(addWorkingDays(last + 1, 3, cal)).toBeGreaterThan(by);
  });

  it("skips back over weekends and holidays (Nowruz)", () => {
    const by = at("1405-01-06 09:00"); // Thursday after Nowruz
    const last = latestStartDueBy(by, 5, cal);
    expect(addWorkingDays(last, 5, cal)).toBeLessThanOrEqual(by);
    expect(addWorkingDays(last + 1, 5, cal)).toBeGreaterThan(by);
    expect(workingDaysBetween(last, by, cal)).toBe(5);
  });
});

describe("calendar validation", () => {
  it("accepts the default calendar", () => {
    expect(() => validateWorkCalendar(defaultWorkCalendar)).not.toThrow();
  });

  it("keeps the default calendar frozen, since compiled calendars are cached", () => {
    expect(Object.isFrozen(defaultWorkCalendar.holidays)).toBe(true);
    expect(Object.isFrozen(defaultWorkCalendar.officeHours)).toBe(true);
  });

  it.each([
    ["a bad holiday", { ...cal, holidays: ["13-01"] }, /holidays/],
    ["a non-existent one-off", { ...cal, holidays: ["1404-12-30"] }, /holidays/],
    ["a bad clock", { ...cal, officeHours: { start: "7h", end: "14:30" } }, /officeHours.start/],
    ["end before start", { ...cal, officeHours: { start: "14:30", end: "07:30" } }, /officeHours/],
    ["an unknown zone", { ...cal, tz: "Asia/Nowhere" }, /./],
  ])("rejects %s", (_name, calendar, message) => {
    expect(() => validateWorkCalendar(calendar as WorkCalendar)).toThrow(message);
    expect(() => isWorkday(0, calendar as WorkCalendar)).toThrow(RangeError);
  });
});

describe("parseHoliday", () => {
  it.each([
    ["01-01", { jm: 1, jd: 1 }],
    ["۱۲-۳۰", { jm: 12, jd: 30 }],
    ["1405/1/13", { jy: 1405, jm: 1, jd: 13 }],
    ["06-31", { jm: 6, jd: 31 }],
    ["07-31", null],
    ["00-10", null],
    ["1404-12-30", null],
    ["Nowruz", null],
  ])("%s", (input, expected) => {
    expect(parseHoliday(input)).toEqual(expected);
  });
});
