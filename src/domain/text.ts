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

/**
 * Code units that are each a whole user-perceived character and never join the next one:
 * printable ASCII, « », and the Persian/Arabic letters, digits and punctuation (none of
 * the block's combining, prepended or format characters).
 */
const SINGLE =
  /^[\x20-\x7E\u00AB\u00BB\u060C\u061B\u061F\u0621-\u063A\u0641-\u064A\u0660-\u066D\u0671-\u06D5\u06F0-\u06F9]*$/;

/** Number of user-perceived characters after normalisation, for too-short/too-long checks. */
export function visibleLength(s: string): number {
  const text = normalizeText(s);
  // Nearly every Persian text is all such characters: its length is its count, without
  // the segmenter (about twelve times the cost of the normalisation).
  if (SINGLE.test(text)) return text.length;
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/**
 * Whether a text has words in it: at least two letters (any script). A title or description
 * of emoji, punctuation or digits alone passes a length check but says nothing.
 */
export function hasWords(s: string): boolean {
  return TWO_LETTERS.test(s);
}
const TWO_LETTERS = /\p{L}.*\p{L}/su;

/**
 * A letter's 9-bit code for trigram keys: ASCII as is, the Arabic block (every Persian
 * letter and digit) after it; -1 for anything else.
 */
function letterCode(cp: number): number {
  if (cp < 0x80) return cp;
  if (cp >= 0x600 && cp < 0x700) return cp - 0x580;
  return -1;
}

/**
 * Calls back with the character trigrams of each word of a normalised text, each word
 * padded with spaces so short words still count (" ab", "abc", "bc "). A trigram of letters
 * with codes is one small integer (27 bits: no allocation, cheap to hash and sort); any
 * other (emoji, other scripts) a string. Both are exact: two trigrams get the same key only
 * if they are the same.
 */
function eachTrigram(
  norm: string,
  onCode: (code: number) => void,
  onOther: (key: string) => void,
): void {
  // a, b: the two letters before the next one (a is the padding space at a word's start);
  // b < 0 while the current word has no letter yet.
  let a = 32;
  let b = -1;
  const emit = (x: number, y: number, z: number) => {
    const cx = letterCode(x);
    const cy = letterCode(y);
    const cz = letterCode(z);
    if (cx >= 0 && cy >= 0 && cz >= 0) onCode((cx << 18) | (cy << 9) | cz);
    else onOther(String.fromCodePoint(x, y, z));
  };
  for (let i = 0; i <= norm.length; i++) {
    let cp = i < norm.length ? norm.charCodeAt(i) : 32;
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < norm.length) {
      const lo = norm.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (cp === 32) {
      if (b >= 0) emit(a, b, 32);
      a = 32;
      b = -1;
    } else if (b < 0) b = cp;
    else {
      emit(a, b, cp);
      a = b;
      b = cp;
    }
  }
}

/** One text's trigrams, kept for comparing many others against it. */
interface TrigramSet {
  codes: Set<number>;
  others: Set<string>;
}

function trigramSet(norm: string): TrigramSet {
  const t: TrigramSet = { codes: new Set(), others: new Set() };
  eachTrigram(
    norm,
    (c) => t.codes.add(c),
    (k) => t.others.add(k),
  );
  return t;
}

/** One stored text's distinct trigrams, as `similarityToNormalized` compares them. */
interface Profile {
  /** Trigram codes, sorted, each once. */
  codes: Int32Array;
  /** The other trigrams (emoji, other scripts), each once. */
  others: string[];
}

/**
 * Profiles of texts compared lately, by text. The texts compared against are stored reports'
 * search keys, which never change, and the same few dozen recent ones come up in summary
 * after summary: their trigrams are worked out once, not on every look-up (a third of the
 * look-up's time). First in, first out, at a size that holds a busy district's open reports.
 */
const profiles = new Map<string, Profile>();
const PROFILES_KEPT = 5000;

/** Reused while a text's trigrams are collected: their codes, sorted to count distinct ones. */
let scratch = new Int32Array(256);

function profileOf(norm: string): Profile {
  const known = profiles.get(norm);
  if (known) return known;
  let n = 0;
  const others = new Set<string>();
  eachTrigram(
    norm,
    (c) => {
      if (n === scratch.length) {
        const bigger = new Int32Array(n * 2);
        bigger.set(scratch);
        scratch = bigger;
      }
      scratch[n++] = c;
    },
    (k) => others.add(k),
  );
  const sorted = scratch.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const codes = new Int32Array(distinct);
  for (let i = 0, j = 0; i < n; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) codes[j++] = sorted[i]!;
  const profile = { codes, others: [...others] };
  if (profiles.size >= PROFILES_KEPT) profiles.delete(profiles.keys().next().value!);
  profiles.set(norm, profile);
  return profile;
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
 * search keys): the one text's trigrams are computed once, each other's come from its
 * profile (duplicate hints compare dozens per report).
 */
export function similarityToNormalized(aNorm: string): (bNorm: string) => number {
  const ta = trigramSet(aNorm);
  const sizeA = ta.codes.size + ta.others.size;
  return (bNorm) => {
    const b = profileOf(bNorm);
    let common = 0;
    for (let i = 0; i < b.codes.length; i++) if (ta.codes.has(b.codes[i]!)) common++;
    for (const k of b.others) if (ta.others.has(k)) common++;
    const sizeB = b.codes.length + b.others.length;
    if (sizeA === 0 && sizeB === 0) return aNorm === bNorm ? 1 : 0;
    return common / (sizeA + sizeB - common);
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
