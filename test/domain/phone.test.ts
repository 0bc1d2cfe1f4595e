import { describe, expect, it } from "vitest";
import { normalizeIranianPhone, toLocalPhone } from "../../src/domain/phone.ts";

const CANON = "989123456789";

describe("normalizeIranianPhone accepts every common form", () => {
  it.each([
    "09123456789",
    "0912 345 6789",
    "0912-345-6789",
    "(0912) 345-6789",
    "0912.345.6789",
    "9123456789",
    "989123456789",
    "+989123456789",
    "+98 912 345 6789",
    "+98 (0) 912 345 6789",
    "00989123456789",
    "0098 912 345 6789",
    "0098 0912 345 6789",
    "۰۹۱۲۳۴۵۶۷۸۹",
    "۰۹۱۲ ۳۴۵ ۶۷۸۹",
    "+۹۸۹۱۲۳۴۵۶۷۸۹",
    "٠٩١٢٣٤٥٦٧٨٩",
    "۰۹۱۲–۳۴۵—۶۷۸۹",
    "\u200E+989123456789\u200F",
    "\u2066۰۹۱۲۳۴۵۶۷۸۹\u2069",
    " 09123456789\n",
    "-0912-345-6789-", // stray dashes are separators, not a sign
    "\uFF10\uFF19\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19", // full-width digits
  ])("%s", (input) => {
    expect(normalizeIranianPhone(input)).toBe(CANON);
  });

  it.each([
    ["09351234567", "989351234567"],
    ["09901234567", "989901234567"],
    ["+98 901 234 5678", "989012345678"],
  ])("other operators: %s → %s", (input, expected) => {
    expect(normalizeIranianPhone(input)).toBe(expected);
  });
});

describe("normalizeIranianPhone rejects", () => {
  it.each([
    ["empty", ""],
    ["letters", "0912abc6789"],
    ["a name", "Ali"],
    ["too short", "0912345678"],
    ["too long", "091234567890"],
    ["too short international", "+98912345678"],
    ["too long international", "+9891234567890"],
    ["a Tehran landline", "02112345678"],
    ["a landline with country code", "+982112345678"],
    ["another country", "+14155552671"],
    ["another country that looks mobile", "+449123456789"],
    ["00 with another country", "00449123456789"],
    ["plus in the middle", "0912+3456789"],
    ["double plus", "++989123456789"],
  ])("%s: %s", (_name, input) => {
    expect(normalizeIranianPhone(input)).toBeNull();
  });
});

describe("toLocalPhone", () => {
  it("turns the canonical form into the domestic one", () => {
    expect(toLocalPhone(CANON)).toBe("09123456789");
  });
  it("round-trips through normalizeIranianPhone", () => {
    expect(normalizeIranianPhone(toLocalPhone(CANON))).toBe(CANON);
  });
});
