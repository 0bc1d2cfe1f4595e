import { describe, expect, it } from "vitest";
import { formatRials, MAX_RIALS, parseRials, rialsToTomans } from "../../src/domain/money.ts";

describe("parseRials", () => {
  it.each([
    ["۲۵۰ میلیون", 250_000_000],
    ["1,200,000,000", 1_200_000_000],
    ["۱٫۵ میلیارد", 1_500_000_000],
    ["۲ میلیارد و ۵۰۰ میلیون", 2_500_000_000],
    ["۲ میلیارد و۵۰۰ میلیون", 2_500_000_000],
    ["۲میلیارد و ۵۰۰میلیون ریال", 2_500_000_000],
    ["۳ میلیون و ۲۰۰ هزار", 3_200_000],
    ["1 billion + 250 million", 1_250_000_000],
    ["1.5 billion", 1_500_000_000],
    ["1.5 میلیارد", 1_500_000_000],
    ["۲ هزار میلیارد", 2_000_000_000_000],
    ["۲۵۰,۰۰۰", 250_000],
    ["۲۵۰٬۰۰۰٬۰۰۰", 250_000_000],
    ["۲۵۰،۰۰۰", 250_000],
    ["250 000 000", 250_000_000],
    ["1.200.000", 1_200_000],
    ["1.200", 1_200],
    ["1,200.0", 1_200],
    ["5000000", 5_000_000],
    ["٥٠٠ هزار", 500_000],
    ["۵۰۰ هزار ریال", 500_000],
    ["۵۰۰ هزار﷼", 500_000],
    ["500 rials", 500],
    ["۵۰ هزار تومان", 500_000],
    ["۵۰ هزار تومن", 500_000],
    ["2.3 میلیون", 2_300_000],
    ["0.5 میلیون", 500_000],
    ["  ۲۵۰\u200Cمیلیون  ", 250_000_000],
    ["۲۵۰ ميليون", 250_000_000], // Arabic yeh
    ["۱۰۰۰ میلیارد", 1_000_000_000_000],
    ["۱۰۰۰ هزار میلیارد", MAX_RIALS],
  ])("%s → %s", (input, expected) => {
    expect(parseRials(input)).toBe(expected);
  });

  it.each([
    ["empty", ""],
    ["garbage", "abc"],
    ["a unit only", "ریال"],
    ["a multiplier only", "میلیون"],
    ["number words", "یک میلیون"],
    ["zero", "0"],
    ["zero with a multiplier", "۰ میلیون"],
    ["negative", "-5000"],
    ["negative with a multiplier", "-۲ میلیون"],
    ["a fraction of a rial", "1.5"],
    ["a fraction of a rial after scaling", "1.0000005 میلیون"],
    ["too large", "۲ هزار هزار میلیارد"],
    ["just above the limit", "1,000,000,000,000,001"],
    ["bad grouping", "1,20,000"],
    ["bad grouping, long group", "1,2000"],
    ["two decimal points", "1٫5٫2 میلیون"],
    ["no digit before the decimal point", "٫۵ میلیون"],
    ["trailing and", "۲ میلیارد و"],
    ["unknown word", "۲ میلیون دلار"],
    ["both units", "۵۰۰ تومان ریال"],
    ["scientific notation", "1e9"],
  ])("rejects %s: %s", (_name, input) => {
    expect(parseRials(input)).toBeNull();
  });
});

describe("formatRials", () => {
  it.each([
    [250_000_000, "fa", "۲۵۰٬۰۰۰٬۰۰۰"],
    [250_000_000, "en", "250,000,000"],
    [1_500, "en", "1,500"],
  ] as const)("%d %s → %s", (n, locale, expected) => {
    expect(formatRials(n, locale)).toBe(expected);
  });

  it("round-trips through parseRials", () => {
    for (const n of [1, 999, 1_000, 123_456_789, 10 ** 15]) {
      expect(parseRials(formatRials(n, "fa"))).toBe(n);
      expect(parseRials(formatRials(n, "en"))).toBe(n);
    }
  });
});

describe("rialsToTomans", () => {
  it.each([
    [250_000_000, 25_000_000],
    [15, 1.5],
    [0, 0],
  ])("%d → %d", (rials, tomans) => {
    expect(rialsToTomans(rials)).toBe(tomans);
  });
});
