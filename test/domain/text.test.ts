import { describe, expect, it } from "vitest";
import {
  compactKey,
  hasWords,
  isolateLtr,
  normalizeText,
  sanitizeDisplayText,
  similarity,
  similarityToNormalized,
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

describe("hasWords", () => {
  it.each([
    ["چراغ خاموش است", true],
    ["آب", true],
    ["a 1", false],
    ["ab", true],
    ["😡😡😡 !!! ۱۲۳۴۵۶ 🚧🚧", false],
    ["۱۲۳۴۵", false],
    ["?!.،؛", false],
    ["🌳 ب 🌳 پ", true],
    ["", false],
  ])("%s → %s", (input, expected) => {
    expect(hasWords(input)).toBe(expected);
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

  it("counts as the grapheme segmenter does, whatever the mix of characters", () => {
    // Every Persian text takes the short path; the rest (marks the normalisation keeps,
    // prepended signs, emoji and their joiners, CR LF, other scripts) must still count the same.
    const parts = [
      ..."abc XYZ 09!?«»،؛؟",
      ..."ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤإئةۀ",
      "\u0610", // Arabic sign sallallahou (a mark normalisation keeps)
      "\u06D6", // Quranic small high ligature
      "\u0600", // Arabic number sign (prepended)
      "\u06DD", // end of ayah (prepended)
      "\u0301", // combining acute
      "\r\n",
      "\u200D",
      "👍",
      "🏽",
      "🇮🇷",
      "é",
      "漢",
      "\u0915\u094D\u0937", // Devanagari conjunct
    ];
    const segmenter = new Intl.Segmenter("fa", { granularity: "grapheme" });
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const n = next() % 30;
      let s = "";
      for (let k = 0; k < n; k++) s += parts[next() % parts.length];
      const expected = [...segmenter.segment(normalizeText(s))].length;
      expect(visibleLength(s), JSON.stringify(s)).toBe(expected);
    }
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

describe("similarity: exact trigram sets", () => {
  /** The definition, written plainly: Jaccard of the sets of padded per-word trigrams. */
  const reference = (a: string, b: string) => {
    const grams = (s: string) => {
      const out = new Set<string>();
      for (const w of normalizeText(s).split(" ")) {
        if (!w) continue;
        const cps = [" ", ...w, " "];
        for (let i = 0; i + 3 <= cps.length; i++) out.add(cps.slice(i, i + 3).join(""));
      }
      return out;
    };
    const ta = grams(a);
    const tb = grams(b);
    if (ta.size === 0 && tb.size === 0) return normalizeText(a) === normalizeText(b) ? 1 : 0;
    let common = 0;
    for (const t of ta) if (tb.has(t)) common++;
    return common / (ta.size + tb.size - common);
  };
  // Persian, Latin, digits, emoji (surrogate pairs), CJK, repeated trigrams, one-letter words.
  const alphabet = [..."چراغکوچهخاموشاستیپ abcXYZ0123۱۲۳", "🙂", "🚧", "中", "é", "ـ"];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const text = () =>
    Array.from({ length: rnd(40) }, () => alphabet[rnd(alphabet.length)]!).join("");

  it("matches the plain definition on 2,000 random pairs, whichever is compared to many", () => {
    const a = text();
    const many = similarityToNormalized(normalizeText(a));
    for (let i = 0; i < 2000; i++) {
      const x = i % 10 === 0 ? a : text();
      const y = text();
      expect(similarity(x, y)).toBeCloseTo(reference(x, y), 12);
      expect(many(normalizeText(y))).toBeCloseTo(reference(a, y), 12);
    }
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
