/** The two locales the bot speaks; Persian is the default. */
export type Locale = "fa" | "en";

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits → ASCII 0-9. */
export function toLatinDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (ch) => {
    const code = ch.charCodeAt(0);
    const base = code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO;
    return String.fromCharCode(0x30 + code - base);
  });
}

/** ASCII 0-9 (and Arabic-Indic digits) → Persian digits ۰-۹. */
export function toPersianDigits(s: string): string {
  return toLatinDigits(s).replace(/[0-9]/g, (ch) =>
    String.fromCharCode(PERSIAN_ZERO + ch.charCodeAt(0) - 0x30),
  );
}

/** Digits in the locale's script: Persian digits for fa, ASCII for en. */
export function localizeDigits(s: string, locale: Locale): string {
  return locale === "fa" ? toPersianDigits(s) : toLatinDigits(s);
}

/** Persian thousands separator (U+066C) and decimal separator (U+066B). */
export const FA_GROUP_SEPARATOR = "\u066C";
export const FA_DECIMAL_SEPARATOR = "\u066B";

/** One formatter per precision: building one (what toLocaleString does each call) costs tens of µs. */
const enFormats = new Map<number, Intl.NumberFormat>();
function enFormat(maximumFractionDigits: number): Intl.NumberFormat {
  let f = enFormats.get(maximumFractionDigits);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      useGrouping: true,
      maximumFractionDigits,
      numberingSystem: "latn",
    });
    enFormats.set(maximumFractionDigits, f);
  }
  return f;
}

/**
 * A number with thousands separators: en "1,234,567.5", fa "۱٬۲۳۴٬۵۶۷٫۵".
 * Non-finite numbers are rendered as String(n) (they should never reach a user).
 */
export function formatNumber(n: number, locale: Locale, maximumFractionDigits = 20): string {
  if (!Number.isFinite(n)) return String(n);
  // en-US with Latin digits is a stable base; we swap separators and digits ourselves
  // because the "fa" Intl locale's separators vary between ICU versions.
  const en = enFormat(maximumFractionDigits).format(n);
  if (locale === "en") return en;
  return toPersianDigits(
    en.replace(/[,.]/g, (ch) => (ch === "," ? FA_GROUP_SEPARATOR : FA_DECIMAL_SEPARATOR)),
  );
}

/**
 * A map pin as text, five decimals (about a metre): en "35.74480, 51.49690",
 * fa "۳۵٫۷۴۴۸۰، ۵۱٫۴۹۶۹۰" (Persian digits, decimal separator and comma).
 */
export function formatCoordinates(lat: number, lon: number, locale: Locale): string {
  const en = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  if (locale === "en") return en;
  return toPersianDigits(en.replaceAll(".", FA_DECIMAL_SEPARATOR).replace(", ", "، "));
}

/** Items of a list as the reader writes them: "a، b" in Persian, "a, b" in English. */
export function joinList(items: readonly string[], locale: Locale): string {
  return items.join(locale === "fa" ? "، " : ", ");
}
