import { type Locale, localizeDigits, toLatinDigits } from "./digits.ts";

/** A report's human tracking code: district, Jalali year of submission, yearly sequence. */
export interface TrackingCode {
  district: number;
  jy: number;
  seq: number;
}

/** Sequence digits shown; longer sequences are printed in full, never cut. */
const SEQ_WIDTH = 5;

/**
 * "8-1405-00123" (en) / "۸-۱۴۰۵-۰۰۱۲۳" (fa). No direction marks inside: with ASCII
 * hyphens the whole code is one number run and keeps its order in RTL text; wrap it in
 * isolateLtr() (text.ts) when it sits next to other Latin/number runs. The en form is the
 * canonical key for storage and lookups.
 */
export function formatTrackingCode(code: TrackingCode, locale: Locale): string {
  const { district, jy, seq } = code;
  if (![district, jy, seq].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`invalid tracking code parts: ${district}-${jy}-${seq}`);
  }
  return localizeDigits(`${district}-${jy}-${String(seq).padStart(SEQ_WIDTH, "0")}`, locale);
}

const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** Hyphen-minus, Unicode hyphens and dashes, minus sign, Arabic tatweel, underscore, slash. */
const SEP = String.raw`\s*[-\u2010-\u2015\u2212\u0640_/]\s*|\s+`;
const CODE = new RegExp(String.raw`^[#\uFF03]?\s*(\d{1,3})(?:${SEP})(\d{4})(?:${SEP})(\d{1,9})$`);
/**
 * Typed without separators ("8140500123"): the year (13xx or 14xx) and the five-digit
 * sequence as printed make it unambiguous; a shorter sequence needs its dashes.
 */
const RUN = /^[#\uFF03]?\s*(\d{1,3}?)(1[34]\d\d)(\d{5})$/;

/**
 * Parse a tracking code as a person might type or paste it: any digits (Persian,
 * Arabic-Indic, Latin), any dash (‐ - – — − ـ), "_" "/" or spaces between the parts, or
 * none at all, an optional leading "#", stray bidi marks. Null when it does not look like
 * a code.
 */
export function parseTrackingCode(input: string): TrackingCode | null {
  const s = toLatinDigits(input.normalize("NFKC")).replace(INVISIBLE, "").trim();
  const m = CODE.exec(s) ?? RUN.exec(s);
  if (!m) return null;
  const district = Number(m[1]);
  const jy = Number(m[2]);
  const seq = Number(m[3]);
  return district > 0 && jy > 0 && seq > 0 ? { district, jy, seq } : null;
}
