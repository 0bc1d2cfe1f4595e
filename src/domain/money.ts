import { formatNumber, type Locale } from "./digits.ts";
import { normalizeText } from "./text.ts";

/** Upper bound for any amount we accept (10^15 rials), far above any small project. */
export const MAX_RIALS = 10 ** 15;

const MULTIPLIERS: Readonly<Record<string, bigint>> = {
  هزار: 1_000n,
  میلیون: 1_000_000n,
  میلیارد: 1_000_000_000n,
  // As often typed (and Arabic "مليون" once its yeh is folded).
  ملیون: 1_000_000n,
  ملیارد: 1_000_000_000n,
  thousand: 1_000n,
  million: 1_000_000n,
  billion: 1_000_000_000n,
};

const WORD = "هزار|میلیون|میلیارد|ملیون|ملیارد|thousand|million|billion";
const TERM = new RegExp(`^(\\d[\\d ,\u066C\u060C.\u066B']*?) ?((?:(?:${WORD}) ?)*)$`);

/** A decimal written by a person, as digits and a power of ten: "1.5" → { digits: 15n, scale: 1 }. */
interface Decimal {
  digits: bigint;
  scale: number;
}

/**
 * Read one number with optional grouping and decimal separators. "٫" is always a decimal
 * point; "," "٬" "،" "'" and spaces always group thousands; "." groups when it appears
 * more than once, or when a single "." is followed by exactly three digits and no
 * multiplier word follows ("1.200" = 1200 — rials have no fractions); otherwise it is
 * a decimal point ("1.5 میلیارد"). Groups must be 3 digits after the first.
 */
function parseDecimal(raw: string, hasMultiplier: boolean): Decimal | null {
  const s = raw.trim();
  const dots = s.split(".").length - 1;
  let intPart = s;
  let frac = "";
  const decimalAt = (sep: string) => {
    const i = s.indexOf(sep);
    intPart = s.slice(0, i);
    frac = s.slice(i + sep.length);
  };
  if (s.includes("\u066B")) {
    if (dots > 0 || s.split("\u066B").length > 2) return null;
    decimalAt("\u066B");
  } else if (dots === 1) {
    const after = s.slice(s.indexOf(".") + 1);
    const hasOtherGrouping = /[ ,\u066C\u060C']/.test(s);
    const looksGrouped = /^\d{3}$/.test(after) && !hasMultiplier && !hasOtherGrouping;
    if (!looksGrouped) decimalAt(".");
  }
  if (!/^\d*$/.test(frac)) return null;
  const groups = intPart.split(/[ ,\u066C\u060C'.]/);
  if (groups.length > 1) {
    const [first, ...rest] = groups;
    if (!first || !/^\d{1,3}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) return null;
  }
  const intDigits = groups.join("");
  if (!/^\d+$/.test(intDigits)) return null;
  return { digits: BigInt(intDigits + frac), scale: frac.length };
}

/** The value of one term like "۲ میلیارد", "1,200,000" or "۲ هزار میلیارد", in rials. */
function parseTerm(term: string): bigint | null {
  const m = TERM.exec(term);
  if (!m) return null;
  const words = (m[2] ?? "").trim();
  let factor = 1n;
  if (words !== "") {
    for (const w of words.split(" ")) {
      const f = MULTIPLIERS[w];
      if (f === undefined) return null;
      factor *= f;
    }
  }
  const n = parseDecimal(m[1] ?? "", words !== "");
  if (!n) return null;
  const scaled = n.digits * factor;
  const divisor = 10n ** BigInt(n.scale);
  // Fractions of a rial are not money: "1.5" alone or "1.0000005 میلیون" is rejected.
  return scaled % divisor === 0n ? scaled / divisor : null;
}

/**
 * An amount of rials typed by a person, or null. Accepts Persian/Arabic/Latin digits,
 * thousands separators ("," "٬" "،" "'" spaces, or "." used as grouping), decimals with
 * "٫" or "." before a multiplier word, the words هزار/میلیون/میلیارد (and
 * thousand/million/billion) alone or stacked ("۲ هزار میلیارد"), sums joined with "و",
 * "and" or "+" ("۲ میلیارد و ۵۰۰ میلیون"), an optional trailing "ریال"/"﷼"/"rial(s)";
 * a trailing "تومان"/"تومن"/"toman(s)" multiplies by 10. Rejects zero, negatives, number
 * words ("یک"), fractions of a rial and anything above {@link MAX_RIALS}.
 */
export function parseRials(input: string): number | null {
  let s = normalizeText(input);
  let unit = 1n;
  const rial = /\s*(?:ریال|rials?|irr)$/;
  const toman = /\s*(?:تومان|تومن|tomans?)$/;
  if (rial.test(s)) s = s.replace(rial, "");
  else if (toman.test(s)) {
    s = s.replace(toman, "");
    unit = 10n;
  }
  if (s === "") return null;
  // Multiplier words glued to digits ("۲۵۰میلیون") or to each other.
  s = s
    .replace(new RegExp(`(${WORD})`, "g"), " $1 ")
    .replace(/\s+/g, " ")
    .trim();
  const terms = s.split(/ ?\+ ?| و ?| and /);
  let total = 0n;
  for (const t of terms) {
    const v = parseTerm(t.trim());
    if (v === null) return null;
    total += v;
  }
  total *= unit;
  if (total <= 0n || total > BigInt(MAX_RIALS)) return null;
  return Number(total);
}

/** Rials with thousands separators in the locale's digits; the unit word is UI copy. */
export function formatRials(n: number, locale: Locale): string {
  return formatNumber(n, locale, 0);
}

/** Tomans (the everyday unit) from rials: ÷10, may leave one decimal. */
export function rialsToTomans(n: number): number {
  return n / 10;
}
