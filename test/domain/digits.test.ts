import { describe, expect, it } from "vitest";
import {
  formatCoordinates,
  formatNumber,
  localizeDigits,
  toLatinDigits,
  toPersianDigits,
} from "../../src/domain/digits.ts";

describe("toLatinDigits", () => {
  it.each([
    ["۰۱۲۳۴۵۶۷۸۹", "0123456789"],
    ["٠١٢٣٤٥٦٧٨٩", "0123456789"],
    ["0123456789", "0123456789"],
    ["کد ۱۲٣ abc", "کد 123 abc"],
    ["", ""],
  ])("%s → %s", (input, expected) => {
    expect(toLatinDigits(input)).toBe(expected);
  });
});

describe("toPersianDigits", () => {
  it.each([
    ["0123456789", "۰۱۲۳۴۵۶۷۸۹"],
    ["٠١٢", "۰۱۲"],
    ["ساعت 14:30", "ساعت ۱۴:۳۰"],
  ])("%s → %s", (input, expected) => {
    expect(toPersianDigits(input)).toBe(expected);
  });
});

describe("localizeDigits", () => {
  it.each([
    ["12-۳٤", "fa", "۱۲-۳۴"],
    ["12-۳٤", "en", "12-34"],
  ] as const)("%s in %s → %s", (input, locale, expected) => {
    expect(localizeDigits(input, locale)).toBe(expected);
  });
});

describe("formatNumber", () => {
  it.each([
    [0, "fa", "۰"],
    [999, "en", "999"],
    [1000, "en", "1,000"],
    [1000, "fa", "۱٬۰۰۰"],
    [1234567, "en", "1,234,567"],
    [1234567, "fa", "۱٬۲۳۴٬۵۶۷"],
    [1234567.25, "en", "1,234,567.25"],
    [1234567.25, "fa", "۱٬۲۳۴٬۵۶۷٫۲۵"],
    [-1500, "en", "-1,500"],
    [10 ** 15, "en", "1,000,000,000,000,000"],
  ] as const)("%d in %s → %s", (n, locale, expected) => {
    expect(formatNumber(n, locale)).toBe(expected);
  });

  it("rounds to the requested fraction digits", () => {
    expect(formatNumber(2.5678, "en", 2)).toBe("2.57");
    expect(formatNumber(1234.4, "fa", 0)).toBe("۱٬۲۳۴");
  });
});

describe("formatCoordinates", () => {
  it("writes a pin with five decimals, in the reader's digits and separators", () => {
    expect(formatCoordinates(35.7448, 51.4969, "en")).toBe("35.74480, 51.49690");
    expect(formatCoordinates(35.7448, 51.4969, "fa")).toBe("۳۵٫۷۴۴۸۰، ۵۱٫۴۹۶۹۰");
    expect(formatCoordinates(-0.5, 7, "fa")).toBe("-۰٫۵۰۰۰۰، ۷٫۰۰۰۰۰");
  });
});
