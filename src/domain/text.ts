import { toLatinDigits } from "./digits.ts";

/**
 * Invisible characters that carry no meaning for matching: zero-width space/joiner,
 * LRM/RLM, Arabic letter mark, bidi embeddings/overrides/isolates, word joiner, BOM,
 * soft hyphen. ZWNJ (U+200C) is handled separately because it is a word boundary.
 */
const INVISIBLE = /[\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|\u200D/g;
/** Arabic short vowels, tanwin, shadda, sukun, superscript alef and tatweel: decoration only. */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
const ZWNJ = /\u200C/g;

/**
 * A matching/search key for user text. Never store it in place of what the user wrote:
 * keep the original for display.
 *
 * Steps: NFKC (folds Arabic presentation forms and ligatures pasted from PDFs, e.g. ﻻ, ﷼);
 * Arabic ي/ى → Persian ی, Arabic ك → Persian ک; strip diacritics, tatweel and invisible
 * marks; Persian/Arabic digits → Latin; ZWNJ → space (Persian treats it as a word
 * boundary, so "می‌خواهم" and "می خواهم" match; use {@link compactKey} to also match
 * "میخواهم"); collapse whitespace; trim; lower-case Latin letters.
 */
export function normalizeText(s: string): string {
  return toLatinDigits(
    s
      .normalize("NFKC")
      .replace(/[\u064A\u0649]/g, "\u06CC")
      .replace(/\u0643/g, "\u06A9")
      .replace(ARABIC_MARKS, "")
      .replace(INVISIBLE, "")
      .replace(ZWNJ, " "),
  )
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * {@link normalizeText} without any spaces: for matching short names (neighbourhoods,
 * people) that are written with a space, a ZWNJ or joined ("تهران‌پارس" = "تهرانپارس").
 */
export function compactKey(s: string): string {
  return normalizeText(s).replace(/ /g, "");
}

const graphemes = new Intl.Segmenter("fa", { granularity: "grapheme" });

/** Number of user-perceived characters after normalisation, for too-short/too-long checks. */
export function visibleLength(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(normalizeText(s))) n++;
  return n;
}

/**
 * Character trigrams of each word of a normalised text, padded with spaces so short words
 * still count. A trigram of code points below 2^17 (every Persian and Latin letter) is kept
 * as one exact number, cheaper to build and compare than a string; others as strings.
 */
function trigramsOfNormalized(norm: string): Set<number | string> {
  const out = new Set<number | string>();
  for (const word of norm.split(" ")) {
    if (word === "") continue;
    const cps = [32];
    for (const ch of word) cps.push(ch.codePointAt(0)!);
    cps.push(32);
    for (let i = 0; i + 3 <= cps.length; i++) {
      const a = cps[i]!;
      const b = cps[i + 1]!;
      const c = cps[i + 2]!;
      out.add(
        a < 0x20000 && b < 0x20000 && c < 0x20000
          ? a * 0x400000000 + b * 0x20000 + c
          : String.fromCodePoint(a, b, c),
      );
    }
  }
  return out;
}

/**
 * Jaccard similarity (0..1) of the normalised texts' character trigrams. Trigrams rather
 * than words so that small spelling and suffix differences ("خیابان‌ها" / "خیابان") still
 * score high. Identical normalised texts score 1; an empty text against a non-empty one 0.
 */
export function similarity(a: string, b: string): number {
  return similarityToNormalized(normalizeText(a))(normalizeText(b));
}

/**
 * `similarity` of one normalised text against many others, already normalised (stored
 * search keys): the one text's trigrams are computed once.
 */
export function similarityToNormalized(aNorm: string): (bNorm: string) => number {
  const ta = trigramsOfNormalized(aNorm);
  return (bNorm) => {
    const tb = trigramsOfNormalized(bNorm);
    if (ta.size === 0 && tb.size === 0) return aNorm === bNorm ? 1 : 0;
    let common = 0;
    for (const t of ta) if (tb.has(t)) common++;
    return common / (ta.size + tb.size - common);
  };
}

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Clean user text for storing and showing back: drops bidi embeddings/overrides/isolates
 * (a stray U+202E in a report would scramble every message that quotes it), zero-width
 * spaces and BOMs; unifies line endings; trims. Letters, ZWNJ and digits are kept as typed.
 */
export function sanitizeDisplayText(s: string): string {
  return s
    .replace(BIDI_CONTROLS, "")
    .replace(/[\u200B\uFEFF]/g, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Wrap a left-to-right run (tracking code, phone number, Latin name) in LEFT-TO-RIGHT
 * ISOLATE … POP DIRECTIONAL ISOLATE so it keeps its order inside a right-to-left sentence.
 */
export function isolateLtr(s: string): string {
  return `\u2066${s}\u2069`;
}
