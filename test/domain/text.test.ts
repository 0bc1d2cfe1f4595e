import { describe, expect, it } from "vitest";
import {
  compactKey,
  isolateLtr,
  normalizeText,
  sanitizeDisplayText,
  similarity,
  visibleLength,
} from "../../src/domain/text.ts";

describe("normalizeText", () => {
  it.each([
    ["Arabic yeh → Persian yeh", "علي", "علی"],
    ["alef maksura → Persian yeh", "مصطفى", "مصطفی"],
    ["Arabic kaf → Persian keheh", "كوچه", "کوچه"],
    ["presentation forms (pasted from PDFs)", "\uFEE3\uFEA4\uFEE0\uFEEA", "محله"],
    ["ZWNJ is a word boundary", "می\u200Cخواهم", "می خواهم"],
    [
      "zero-width space and bidi marks go",
      "نار\u200Bمک\u200F \u202Bتهران\u202C\u2067",
      "نارمک تهران",
    ],
    ["BOM and zero-width joiner go", "\uFEFFسلام\u200D", "سلام"],
    ["diacritics and tatweel go", "مُحَمَّد ـــ", "محمد"],
    ["digits become Latin", "پلاک ۱۲ و ٣٤", "پلاک 12 و 34"],
    ["whitespace collapses and trims", "  a \t\n  b  ", "a b"],
    ["no-break spaces are whitespace", "a\u00A0\u202Fb", "a b"],
    ["Latin is lower-cased", "Narmak STREET", "narmak street"],
    ["empty stays empty", "   ", ""],
  ])("%s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("is idempotent", () => {
    const once = normalizeText("  خيابان\u200Cهاي  ك ۱۲ ");
    expect(normalizeText(once)).toBe(once);
  });
});

describe("compactKey", () => {
  it.each([
    ["تهران\u200Cپارس", "تهرانپارس"],
    ["تهران پارس", "تهرانپارس"],
    ["تهرانپارس", "تهرانپارس"],
    ["مجيديه", "مجیدیه"],
  ])("%s → %s", (input, expected) => {
    expect(compactKey(input)).toBe(expected);
  });
});

describe("visibleLength", () => {
  it.each([
    ["abc", 3],
    ["  abc  ", 3],
    ["a\u200B\u200Fb", 2],
    ["مُحَمَّد", 4],
    ["👨‍👩‍👧", 3], // the joiner is stripped, so the family counts as its three people
    ["👍🏽", 1],
    ["", 0],
  ])("%s → %d", (input, expected) => {
    expect(visibleLength(input)).toBe(expected);
  });
});

describe("similarity", () => {
  it.each([
    ["identical", "چاله در خیابان نارمک", "چاله در خیابان نارمک", 1, 1],
    ["same after normalisation", "چاله در خيابان نارمك", "چاله در خیابان نارمک", 1, 1],
    ["small wording change", "چاله بزرگ در خیابان نارمک", "چاله در خیابان نارمک", 0.6, 0.99],
    ["unrelated", "چراغ برق کوچه خاموش است", "درخت‌های پارک خشک شده‌اند", 0, 0.15],
    ["empty vs text", "", "سلام", 0, 0],
    ["both empty", "", "  ", 1, 1],
  ])("%s", (_name, a, b, min, max) => {
    const s = similarity(a, b);
    expect(s).toBeGreaterThanOrEqual(min);
    expect(s).toBeLessThanOrEqual(max);
    expect(similarity(b, a)).toBe(s);
  });
});

describe("sanitizeDisplayText", () => {
  it.each([
    ["removes bidi overrides", "abc\u202Edef\u202C", "abcdef"],
    ["removes isolates", "\u2066x\u2069", "x"],
    ["keeps ZWNJ and Arabic letters as typed", "می\u200Cخواهم علي", "می\u200Cخواهم علي"],
    ["unifies line endings and squeezes blank lines", "a\r\nb\r\n\r\n\r\n\r\nc  ", "a\nb\n\nc"],
    ["drops zero-width spaces and BOM", "\uFEFFa\u200Bb", "ab"],
  ])("%s", (_name, input, expected) => {
    expect(sanitizeDisplayText(input)).toBe(expected);
  });
});

describe("isolateLtr", () => {
  it("wraps in LRI … PDI", () => {
    expect(isolateLtr("8-1405-00123")).toBe("\u20668-1405-00123\u2069");
  });
});
