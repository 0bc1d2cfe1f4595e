import { isLeapJalaaliYear } from "jalaali-js";
import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDuration,
  formatJalaliDate,
  formatSortableDateTime,
  formatTime,
  jalaliToUtc,
  missingJalaliDay,
  parseJalaliDate,
  TEHRAN_TZ,
  toJalali,
  typedGregorianYear,
  zonedParts,
  zonedTimeToUtc,
} from "../../src/domain/time.ts";

const utc = (iso: string) => Date.parse(iso);

describe("zonedParts", () => {
  it.each([
    // 2020 still had DST in Tehran (+04:30 in summer); 2023 has none (+03:30 all year).
    ["2020-07-01T10:00:00Z", TEHRAN_TZ, [2020, 7, 1, 14, 30, 0, 3]],
    ["2023-07-01T10:00:00Z", TEHRAN_TZ, [2023, 7, 1, 13, 30, 0, 6]],
    ["2026-01-15T21:00:00Z", TEHRAN_TZ, [2026, 1, 16, 0, 30, 0, 5]],
    ["2026-03-20T20:29:59Z", TEHRAN_TZ, [2026, 3, 20, 23, 59, 59, 5]],
    ["2026-03-20T20:30:00Z", TEHRAN_TZ, [2026, 3, 21, 0, 0, 0, 6]],
    ["2024-07-01T10:00:00Z", "UTC", [2024, 7, 1, 10, 0, 0, 1]],
    ["2024-07-01T10:00:00Z", "America/New_York", [2024, 7, 1, 6, 0, 0, 1]],
  ] as const)("%s in %s", (iso, tz, [year, month, day, hour, minute, second, weekday]) => {
    expect(zonedParts(utc(iso), tz)).toEqual({
      year,
      month,
      day,
      hour,
      minute,
      second,
      weekday,
    });
  });

  it("rejects an unknown zone", () => {
    expect(() => zonedParts(0, "Mars/Olympus")).toThrow(RangeError);
  });

  it("agrees with Intl second by second around transitions, odd offsets included", () => {
    // The reference: Intl's own wall clock for each instant, read directly.
    const intl = (ts: number, tz: string) => {
      const f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
      const p = Object.fromEntries(f.formatToParts(new Date(ts)).map((x) => [x.type, x.value]));
      return [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number);
    };
    const around: [string, string][] = [
      [TEHRAN_TZ, "2021-03-21T20:30:00Z"], // Tehran's last spring-forward
      [TEHRAN_TZ, "2021-09-21T19:30:00Z"], // and fall-back
      [TEHRAN_TZ, "1935-06-12T20:34:16Z"], // the end of local mean time (+03:25:44), mid quarter hour
      ["Asia/Kathmandu", "1985-12-31T18:30:00Z"], // +05:30 → +05:45
      ["America/St_Johns", "2024-03-10T05:30:00Z"], // -03:30 → -02:30
      ["Australia/Lord_Howe", "2024-04-06T15:00:00Z"], // a half-hour DST change
    ];
    for (const [tz, iso] of around) {
      const at = utc(iso);
      for (let ts = at - 1800_000; ts <= at + 1800_000; ts += 1999) {
        const p = zonedParts(ts, tz);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second], `${tz} ${ts}`).toEqual(
          intl(ts, tz),
        );
      }
    }
  });
});

describe("zonedTimeToUtc", () => {
  it.each([
    [{ year: 2026, month: 3, day: 21, hour: 0, minute: 0 }, TEHRAN_TZ, "2026-03-20T20:30:00.000Z"],
    [{ year: 2020, month: 7, day: 1, hour: 14, minute: 30 }, TEHRAN_TZ, "2020-07-01T10:00:00.000Z"],
    [{ year: 2020, month: 1, day: 1, hour: 14, minute: 30 }, TEHRAN_TZ, "2020-01-01T11:00:00.000Z"],
    [{ year: 2024, month: 12, day: 31, hour: 23, minute: 59 }, "UTC", "2024-12-31T23:59:00.000Z"],
    // Day overflow is normalised like Date.UTC.
    [{ year: 2024, month: 1, day: 32, hour: 9, minute: 0 }, "UTC", "2024-02-01T09:00:00.000Z"],
    // Tehran's last spring-forward (22 March 2021, 00:00 → 01:00): 00:30 did not exist.
    [{ year: 2021, month: 3, day: 22, hour: 0, minute: 30 }, TEHRAN_TZ, "2021-03-21T21:00:00.000Z"],
    // Fall-back (22 Sep 2021, 00:00 → 23:00 the evening before): 23:30 happened twice; the earlier wins.
    [
      { year: 2021, month: 9, day: 21, hour: 23, minute: 30 },
      TEHRAN_TZ,
      "2021-09-21T19:00:00.000Z",
    ],
    [
      { year: 2024, month: 3, day: 10, hour: 2, minute: 30 },
      "America/New_York",
      "2024-03-10T07:30:00.000Z",
    ],
    [
      { year: 2024, month: 11, day: 3, hour: 1, minute: 30 },
      "America/New_York",
      "2024-11-03T05:30:00.000Z",
    ],
  ])("%o in %s", (wall, tz, expected) => {
    expect(new Date(zonedTimeToUtc(wall, tz)).toISOString()).toBe(expected);
  });

  it("round-trips zonedParts every 6 hours for two years across DST changes", () => {
    const start = utc("2021-01-01T00:17:00Z");
    for (let ts = start; ts < start + 2 * 365 * 86_400_000; ts += 6 * 3_600_000) {
      const p = zonedParts(ts, TEHRAN_TZ);
      expect(zonedTimeToUtc(p, TEHRAN_TZ)).toBe(ts);
    }
  });
});

describe("toJalali", () => {
  it.each([
    [
      "2020-07-01T10:00:00Z",
      { jy: 1399, jm: 4, jd: 11, hour: 14, minute: 30, second: 0, weekday: 4 },
    ],
    // Nowruz 1405 at Tehran midnight: a Saturday, the first day of the Iranian week.
    ["2026-03-20T20:30:00Z", { jy: 1405, jm: 1, jd: 1, hour: 0, minute: 0, second: 0, weekday: 0 }],
    // One minute earlier it is still the last day of 1404 (a common year: Esfand has 29 days), a Friday.
    [
      "2026-03-20T20:29:00Z",
      { jy: 1404, jm: 12, jd: 29, hour: 23, minute: 59, second: 0, weekday: 6 },
    ],
  ])("%s", (iso, expected) => {
    expect(toJalali(utc(iso))).toEqual(expected);
  });

  it("uses the given zone", () => {
    // 21:00 UTC on 20 March 2026 is already 1 Farvardin in Tehran but not in UTC.
    expect(toJalali(utc("2026-03-20T21:00:00Z"), "UTC")).toMatchObject({
      jy: 1404,
      jm: 12,
      jd: 29,
    });
    expect(toJalali(utc("2026-03-20T21:00:00Z"), TEHRAN_TZ)).toMatchObject({
      jy: 1405,
      jm: 1,
      jd: 1,
    });
  });
});

describe("jalaliToUtc", () => {
  it.each([
    [{ jy: 1405, jm: 1, jd: 1 }, "2026-03-20T20:30:00.000Z"],
    [{ jy: 1399, jm: 4, jd: 11, hour: 14, minute: 30 }, "2020-07-01T10:00:00.000Z"],
    [{ jy: 1403, jm: 12, jd: 30, hour: 9 }, "2025-03-20T05:30:00.000Z"],
  ])("%o", (t, expected) => {
    expect(new Date(jalaliToUtc(t)).toISOString()).toBe(expected);
  });

  it("is the inverse of toJalali", () => {
    const ts = utc("2025-11-05T08:45:00Z");
    expect(jalaliToUtc(toJalali(ts))).toBe(ts);
  });

  it.each([
    { jy: 1404, jm: 12, jd: 30 },
    { jy: 1405, jm: 13, jd: 1 },
    { jy: 1405, jm: 7, jd: 31 },
    { jy: 1405, jm: 0, jd: 1 },
  ])("rejects %o", (t) => {
    expect(() => jalaliToUtc(t)).toThrow(RangeError);
  });
});

describe("formatting", () => {
  const july1 = utc("2020-07-01T10:00:00Z"); // Wednesday 11 Tir 1399, 14:30 in Tehran

  it.each([
    [july1, "fa", "چهارشنبه ۱۱ تیر ۱۳۹۹"],
    [july1, "en", "Wednesday 11 Tir 1399"],
    [utc("2026-03-20T20:30:00Z"), "fa", "شنبه ۱ فروردین ۱۴۰۵"],
    [utc("2026-03-20T20:30:00Z"), "en", "Saturday 1 Farvardin 1405"],
    [utc("2025-03-20T06:00:00Z"), "en", "Thursday 30 Esfand 1403"],
    [utc("2025-03-18T06:00:00Z"), "fa", "سه\u200Cشنبه ۲۸ اسفند ۱۴۰۳"],
    [utc("2025-12-11T06:00:00Z"), "en", "Thursday 20 Azar 1404"],
  ] as const)("formatJalaliDate(%d, %s) → %s", (ts, locale, expected) => {
    expect(formatJalaliDate(ts, locale)).toBe(expected);
  });

  it.each([
    [july1, "fa", "۱۴:۳۰"],
    [july1, "en", "14:30"],
    [utc("2026-01-01T02:35:00Z"), "en", "06:05"],
    [utc("2026-01-01T20:30:00Z"), "fa", "۰۰:۰۰"],
  ] as const)("formatTime(%d, %s) → %s", (ts, locale, expected) => {
    expect(formatTime(ts, locale)).toBe(expected);
  });

  it("formatTime honours the zone", () => {
    expect(formatTime(july1, "en", "UTC")).toBe("10:00");
  });

  it.each([
    ["fa", "چهارشنبه ۱۱ تیر ۱۳۹۹، ۱۴:۳۰"],
    ["en", "Wednesday 11 Tir 1399, 14:30"],
  ] as const)("formatDateTime in %s", (locale, expected) => {
    expect(formatDateTime(july1, locale)).toBe(expected);
  });

  it("formatSortableDateTime: Jalali, Latin digits, zero-padded, sorting as text in time order", () => {
    expect(formatSortableDateTime(july1)).toBe("1399/04/11 14:30");
    const times = [
      jalaliToUtc({ jy: 1405, jm: 10, jd: 1, hour: 9, minute: 5 }),
      jalaliToUtc({ jy: 1405, jm: 9, jd: 30, hour: 23, minute: 59 }),
      jalaliToUtc({ jy: 1405, jm: 9, jd: 8, hour: 10, minute: 0 }),
      jalaliToUtc({ jy: 1405, jm: 9, jd: 8, hour: 9, minute: 30 }),
    ];
    const texts = times.map((t) => formatSortableDateTime(t));
    expect(texts[0]).toBe("1405/10/01 09:05");
    expect([...texts].sort()).toEqual(
      [...times].sort((a, b) => a - b).map((t) => formatSortableDateTime(t)),
    );
  });
});

describe("formatDuration", () => {
  const M = 60_000;
  it.each([
    [0, "en", 0, 0, 0, false, ["0", "0", "0"]],
    [59_999, "en", 0, 0, 0, false, ["0", "0", "0"]],
    [90 * M, "en", 0, 1, 30, false, ["0", "1", "30"]],
    [(3 * 24 * 60 + 4 * 60 + 5) * M + 30_000, "fa", 3, 4, 5, false, ["۳", "۴", "۵"]],
    [-(25 * 60) * M, "fa", 1, 1, 0, true, ["۱", "۱", "۰"]],
  ] as const)("%d ms (%s)", (ms, locale, days, hours, minutes, negative, [td, th, tm]) => {
    expect(formatDuration(ms, locale)).toEqual({
      days,
      hours,
      minutes,
      negative,
      text: { days: td, hours: th, minutes: tm },
    });
  });
});

describe("parseJalaliDate", () => {
  it.each([
    ["۱۴۰۵/۰۹/۱۵", { jy: 1405, jm: 9, jd: 15 }],
    ["1405-9-15", { jy: 1405, jm: 9, jd: 15 }],
    ["1405/09/15", { jy: 1405, jm: 9, jd: 15 }],
    ["١٤٠٥/٠٩/١٥", { jy: 1405, jm: 9, jd: 15 }],
    [" 1405 / 9 / 15 ", { jy: 1405, jm: 9, jd: 15 }],
    ["1405.1.1", { jy: 1405, jm: 1, jd: 1 }],
    ["۱۴۰۵–۰۶–۳۱", { jy: 1405, jm: 6, jd: 31 }],
    ["\u200F۱۴۰۵/۰۱/۰۱\u200F", { jy: 1405, jm: 1, jd: 1 }],
    ["1403/12/30", { jy: 1403, jm: 12, jd: 30 }], // 1403 is a leap year
    ["1404/12/29", { jy: 1404, jm: 12, jd: 29 }],
  ])("%s", (input, expected) => {
    expect(parseJalaliDate(input)).toEqual(expected);
  });

  it("the leap-year fixtures are what jalaali-js says", () => {
    expect(isLeapJalaaliYear(1403)).toBe(true);
    expect(isLeapJalaaliYear(1404)).toBe(false);
  });

  it.each([
    "1404/12/30", // common year: Esfand has 29 days
    "1405/07/31", // Mehr has 30 days
    "1405/13/01",
    "1405/00/10",
    "1405/01/00",
    "1405/1/32",
    "1405/09-15", // mixed separators
    "05/09/15",
    "15/09/1405",
    "1405/09/15/1",
    "۱۴۰۵ آذر ۱۵",
    "",
    "abc",
    "9999/01/01",
  ])("rejects %s", (input) => {
    expect(parseJalaliDate(input)).toBeNull();
  });

  it("tells a typed Gregorian year from a Jalali one", () => {
    expect(typedGregorianYear("2025-11-01")).toBe(true);
    expect(typedGregorianYear("۲۰۲۵/۱۱/۰۱")).toBe(true);
    expect(typedGregorianYear("1405/09/08")).toBe(false);
    expect(typedGregorianYear("دیروز")).toBe(false);
  });
});

describe("missingJalaliDay", () => {
  it.each([
    ["1404/12/30", { jy: 1404, jm: 12, jd: 30, days: 29 }], // common year
    ["۱۴۰۵/۱۲/۳۰", { jy: 1405, jm: 12, jd: 30, days: 29 }],
    ["1405/07/31", { jy: 1405, jm: 7, jd: 31, days: 30 }], // Mehr has 30 days
  ])("%s is past its month's end", (input, expected) => {
    expect(missingJalaliDay(input)).toEqual(expected);
  });

  it.each([
    "1403/12/30", // leap year: a real date
    "1405/09/15",
    "1405/1/32",
    "1405/13/01",
    "1405/01/00",
    "9999/12/30",
    "abc",
  ])("%s is not", (input) => {
    expect(missingJalaliDay(input)).toBeNull();
  });
});

describe("the machine's own zone", () => {
  it("is far from Tehran's in the tests, and dates follow Tehran regardless", () => {
    // vitest.config.ts puts the tests in Los Angeles: without it this suite would not catch
    // code that reads the machine's local time.
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/Los_Angeles");
    // 01:00 on 1 Farvardin 1405 in Tehran is still 20 March in Los Angeles.
    const ts = utc("2026-03-20T21:30:00Z");
    expect(new Date(ts).getDate()).toBe(20);
    expect(toJalali(ts)).toMatchObject({ jy: 1405, jm: 1, jd: 1 });
    expect(formatJalaliDate(ts, "en")).toContain("1405");
  });
});
