import { toLatinDigits } from "./digits.ts";

/** Separators people put inside phone numbers: spaces, dashes of every kind, dots, parentheses. */
const PHONE_PUNCTUATION = /[\s\-\u2010-\u2015\u2212\u0640.()[\]/_]/g;
/** Invisible marks that arrive with copy-pasted or shared numbers (bidi marks, ZWNJ, BOM…). */
const PHONE_INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/**
 * Canonical form of an Iranian mobile number, "98" + ten digits starting with 9
 * (e.g. "989123456789"), or null when the input is not an Iranian mobile.
 *
 * Accepted: 09123456789, 9123456789, 989123456789, +989123456789, 00989123456789,
 * +98 (0) 912…, in Persian/Arabic/Latin digits, with spaces, dashes, dots, parentheses
 * and invisible marks anywhere — and the forms messengers deliver for shared contacts
 * (`989…` with or without `+`). Landlines, other country codes and anything with
 * letters are rejected: messengers verify mobiles, so only mobiles can match the roster.
 */
export function normalizeIranianPhone(input: string): string | null {
  let s = toLatinDigits(input.normalize("NFKC"))
    .replace(PHONE_INVISIBLE, "")
    .replace(PHONE_PUNCTUATION, "");
  let international = false;
  if (s.startsWith("+")) {
    international = true;
    s = s.slice(1);
  } else if (s.startsWith("00")) {
    international = true;
    s = s.slice(2);
  }
  if (!/^\d+$/.test(s)) return null;
  let national: string;
  if (international || (s.length >= 12 && s.startsWith("98"))) {
    if (!s.startsWith("98")) return null;
    national = s.slice(2);
    // "+98 (0) 912…" and "0098 0912…": a trunk zero kept after the country code.
    if (national.length === 11 && national.startsWith("0")) national = national.slice(1);
  } else if (s.length === 11 && s.startsWith("0")) {
    national = s.slice(1);
  } else {
    national = s;
  }
  return /^9\d{9}$/.test(national) ? `98${national}` : null;
}

/** The domestic form of a canonical number, "989123456789" → "09123456789". */
export function toLocalPhone(canonical: string): string {
  return canonical.startsWith("98") ? `0${canonical.slice(2)}` : canonical;
}
