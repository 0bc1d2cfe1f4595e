import { describe, expect, it } from "vitest";
import { formatTrackingCode, parseTrackingCode } from "../../src/domain/tracking.ts";

describe("formatTrackingCode", () => {
  it.each([
    [{ district: 8, jy: 1405, seq: 123 }, "en", "8-1405-00123"],
    [{ district: 8, jy: 1405, seq: 123 }, "fa", "۸-۱۴۰۵-۰۰۱۲۳"],
    [{ district: 22, jy: 1404, seq: 1 }, "en", "22-1404-00001"],
    [{ district: 1, jy: 1405, seq: 99999 }, "en", "1-1405-99999"],
    [{ district: 1, jy: 1405, seq: 123456 }, "en", "1-1405-123456"],
  ] as const)("%o %s → %s", (code, locale, expected) => {
    expect(formatTrackingCode(code, locale)).toBe(expected);
  });

  it("contains no direction marks", () => {
    expect(formatTrackingCode({ district: 8, jy: 1405, seq: 7 }, "fa")).toMatch(/^[۰-۹-]+$/);
  });

  it.each([
    { district: 0, jy: 1405, seq: 1 },
    { district: 8, jy: 1405, seq: 0 },
    { district: 8, jy: 1405, seq: -3 },
    { district: 8, jy: 1405.5, seq: 1 },
  ])("rejects %o", (code) => {
    expect(() => formatTrackingCode(code, "en")).toThrow(RangeError);
  });
});

describe("parseTrackingCode", () => {
  const code = { district: 8, jy: 1405, seq: 123 };
  it.each([
    "8-1405-00123",
    "8-1405-123",
    "۸-۱۴۰۵-۰۰۱۲۳",
    "٨-١٤٠٥-٠٠١٢٣",
    "#8-1405-00123",
    "# ۸-۱۴۰۵-۰۰۱۲۳",
    "＃8-1405-00123",
    "8 - 1405 - 00123",
    "8 1405 00123",
    "8‐1405‐00123", // U+2010 hyphen
    "8–1405–00123", // en dash
    "8—1405—00123", // em dash
    "8−1405−00123", // minus sign
    "۸ـ۱۴۰۵ـ۰۰۱۲۳", // tatweel
    "8_1405_00123",
    "8/1405/00123",
    "\u2066۸-۱۴۰۵-۰۰۱۲۳\u2069",
    "\u200F8-1405-00123\u200E",
    "  8-1405-00123  ",
    // Typed as one run of digits, as printed (five-digit sequence).
    "8140500123",
    "۸۱۴۰۵۰۰۱۲۳",
    "#8140500123",
  ])("%s", (input) => {
    expect(parseTrackingCode(input)).toEqual(code);
  });

  it("reads a run of digits by its year, whatever the district's width", () => {
    expect(parseTrackingCode("2214100120045")).toBeNull(); // a six-digit sequence: ambiguous
    expect(parseTrackingCode("22141000045")).toEqual({ district: 22, jy: 1410, seq: 45 });
    expect(parseTrackingCode("1140500001")).toEqual({ district: 1, jy: 1405, seq: 1 });
    expect(parseTrackingCode("13139900001")).toEqual({ district: 13, jy: 1399, seq: 1 });
  });

  it("round-trips formatTrackingCode in both locales", () => {
    for (const c of [code, { district: 22, jy: 1410, seq: 120045 }]) {
      expect(parseTrackingCode(formatTrackingCode(c, "fa"))).toEqual(c);
      expect(parseTrackingCode(formatTrackingCode(c, "en"))).toEqual(c);
    }
  });

  it.each([
    "",
    "abc",
    "8-1405",
    "8--1405-00123",
    "8-140-00123",
    "8-14055-00123",
    "0-1405-00123",
    "8-1405-00000",
    "8-1405-00123-1",
    "8-1405-00a23",
    "##8-1405-00123",
    "1234-1405-00123",
    "81405123", // a run needs the five-digit sequence
    "8150500123", // no year 1505
  ])("rejects %s", (input) => {
    expect(parseTrackingCode(input)).toBeNull();
  });
});
