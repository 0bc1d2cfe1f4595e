import type { DistrictDoc } from "../district/schema.ts";
import { findNeighborhood } from "../district/schema.ts";
import {
  formatCoordinates,
  formatNumber,
  localizeDigits,
  toLatinDigits,
} from "../domain/digits.ts";
import { formatRials, parseRials, rialsToTomans } from "../domain/money.ts";
import { normalizeText } from "../domain/text.ts";
import type { Lang } from "../repos/types.ts";
import type { Json } from "../store/port.ts";
import {
  FIELDS,
  type FieldName,
  MAX_BENEFICIARIES,
  MAX_MONTHS,
  type ProposalDoc,
  type ProposalFields,
} from "./types.ts";

export type Translate = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;
export type Data = { [key: string]: Json };

/** The first field the form still needs, in form order (attachments count once answered). */
export function firstMissing(f: ProposalFields): FieldName | undefined {
  return FIELDS.find((name) => !isFilled(f, name));
}

export function isFilled(f: ProposalFields, name: FieldName): boolean {
  switch (name) {
    case "cost":
      return f.costRials !== undefined;
    case "duration":
      return f.durationMonths !== undefined;
    default:
      return f[name] !== undefined;
  }
}

/**
 * A whole number typed by a person: any digits, thousands separators (a "." too when it
 * groups threes: "2.000"), a leading "about" and a trailing unit word, "هزار"/"thousand"
 * as a multiplier.
 */
function parseWhole(input: string, unit: RegExp): number | null {
  let s = toLatinDigits(normalizeText(input))
    .replace(/^(?:حدودا|حدود|تقریبا|نزدیک به|about|around|roughly|~)\s*/, "")
    .replace(unit, "")
    .trim();
  let factor = 1;
  const thousands = /\s*(?:هزار|thousand)$/;
  if (thousands.test(s)) {
    s = s.replace(thousands, "");
    factor = 1000;
  }
  if (/^\d{1,3}(?:\.\d{3})+$/.test(s)) s = s.replaceAll(".", "");
  s = s.replace(/[,\u066C\u060C' ]/g, "");
  if (!/^\d{1,9}$/.test(s)) return null;
  const n = Number(s) * factor;
  return n > 0 ? n : null;
}

/** Estimated cost in rials (`parseRials` already folds Arabic yeh/kaf and any digits). */
export const parseCost = parseRials;

/** Duration in months: "۶", "6 ماه", "۱۲ماه", "۶ ماهه"; years as 12 months ("۲ سال"); 1…60. */
export function parseMonths(input: string): number | null {
  const s = normalizeText(input);
  const years = /\s*(?:سال|years?)$/;
  const months = years.test(s)
    ? (parseWhole(s.replace(years, ""), /(?!)/) ?? Number.NaN) * 12
    : parseWhole(s, /\s*(?:ماهه|ماه|months?)$/);
  return months !== null && months <= MAX_MONTHS ? months : null;
}

/** Roughly how many people benefit: "۵۰۰", "2,000 نفر", "حدوداً ۳۰۰ نفر", "۱۰ هزار نفر". */
export function parseCount(input: string): number | null {
  const n = parseWhole(input, /\s*(?:نفر|people|persons?)$/);
  return n !== null && n <= MAX_BENEFICIARIES ? n : null;
}

/** Fields whose value differs between two versions of the form. */
export function changedFields(before: ProposalFields, after: ProposalFields): FieldName[] {
  const value = (f: ProposalFields, name: FieldName): unknown => {
    if (name === "cost") return f.costRials;
    if (name === "duration") return f.durationMonths;
    if (name === "attachments") return (f.attachments ?? []).map((a) => a.fileId);
    return f[name];
  };
  return FIELDS.filter(
    (name) => JSON.stringify(value(before, name)) !== JSON.stringify(value(after, name)),
  );
}

/** A ladder step's name in both languages (deputies by their district name). */
export function stepLabel(
  step: string,
  district: DistrictDoc,
  t: Translate,
): { fa: string; en: string } {
  const one = (lang: Lang) => {
    if (step.startsWith("deputy:")) {
      const d = district.deputies.find((x) => x.code === step.slice(7));
      return d?.name[lang] ?? t(lang, "proposal-step-deputy");
    }
    return t(lang, `proposal-step-${step}`);
  };
  return { fa: one("fa"), en: one("en") };
}

/**
 * The form's values as JSON, display-ready in both languages where the value is ours
 * (names of places and subjects); the person's own words stay as written. Renderers and
 * the summary read fields from this, so a notification renders at send time in the
 * recipient's language without the store.
 */
export function cardData(
  f: ProposalFields,
  district: DistrictDoc,
  extra: { code?: string; proposer?: string } = {},
): Data {
  const hood = f.neighborhood ? findNeighborhood(district, f.neighborhood) : undefined;
  const subject = district.subjects.find((s) => s.code === f.subject);
  const loc = f.location;
  const d: Data = {
    code: extra.code ?? "",
    proposer: extra.proposer ?? "",
    title: f.title ?? "",
    hoodFa: hood?.name.fa ?? f.neighborhood ?? "",
    hoodEn: hood?.name.en ?? f.neighborhood ?? "",
    subjectFa: subject?.name.fa ?? f.subject ?? "",
    subjectEn: subject?.name.en ?? f.subject ?? "",
    problem: f.problem ?? "",
    description: f.description ?? "",
    address: loc && "address" in loc ? loc.address : "",
    ...(loc && "lat" in loc ? { lat: loc.lat, lon: loc.lon } : {}),
    who: f.beneficiaries?.who ?? "",
    attachments: (f.attachments ?? []).length,
  };
  if (f.beneficiaries) d.count = f.beneficiaries.count;
  if (f.costRials !== undefined) d.cost = f.costRials;
  if (f.durationMonths !== undefined) d.months = f.durationMonths;
  return d;
}

const str = (d: Data, k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");
const num = (d: Data, k: string) => (typeof d[k] === "number" ? (d[k] as number) : undefined);

/** Cost as people read it: rials with separators, and the toman equivalent. */
export function costText(rials: number, lang: Lang, t: Translate): string {
  return t(lang, "proposal-cost-value", {
    rials: formatRials(rials, lang),
    tomans: formatNumber(rialsToTomans(rials), lang, 1),
  });
}

/** One field's value from card data, in the reader's language ("—" when empty). */
export function fieldValue(d: Data, name: FieldName, lang: Lang, t: Translate): string {
  const none = t(lang, "proposal-none");
  switch (name) {
    case "neighborhood":
      return str(d, lang === "fa" ? "hoodFa" : "hoodEn") || none;
    case "subject":
      return str(d, lang === "fa" ? "subjectFa" : "subjectEn") || none;
    case "location": {
      const lat = num(d, "lat");
      const lon = num(d, "lon");
      // "pin": the coordinates as text, as cards kept them before they were numbers.
      const pin =
        lat !== undefined && lon !== undefined ? formatCoordinates(lat, lon, lang) : str(d, "pin");
      return str(d, "address") || (pin ? `📍 ${pin}` : none);
    }
    case "beneficiaries": {
      const count = num(d, "count");
      return count === undefined
        ? none
        : t(lang, "proposal-beneficiaries-value", { who: str(d, "who"), count });
    }
    case "cost": {
      const cost = num(d, "cost");
      return cost === undefined ? none : costText(cost, lang, t);
    }
    case "duration": {
      const months = num(d, "months");
      return months === undefined ? none : t(lang, "proposal-duration-value", { months });
    }
    case "attachments":
      return t(lang, "proposal-attachments-value", { count: num(d, "attachments") ?? 0 });
    default:
      return str(d, name) || none;
  }
}

/** The person's long texts, shortened first when a card must fit a message. */
const LONG_TEXTS = ["problem", "description"] as const;

/**
 * The card within `budget` characters (UTF-16 units, as the Bot API counts): when the whole
 * card is longer, the problem and the description are shortened — the longer one first,
 * never the figures, the place or the chain — and a line says where the full texts are.
 */
export function fittedCard(
  d: Data,
  lang: Lang,
  t: Translate,
  budget: number,
): { text: string; shortened: boolean } {
  const full = cardText(d, lang, t);
  if (full.length <= budget) return { text: full, shortened: false };
  const note = `\n${t(lang, "proposal-card-shortened")}`;
  const texts = LONG_TEXTS.map((k) => str(d, k));
  let room = budget - note.length - (full.length - texts.reduce((n, x) => n + x.length, 0));
  const keep = new Map<string, number>();
  // Shortest first: a short text keeps all it has and leaves the rest to the longer one.
  const order = LONG_TEXTS.map((k, i) => ({ k, n: texts[i]!.length })).sort((a, b) => a.n - b.n);
  order.forEach(({ k, n }, i) => {
    const share = Math.max(0, Math.min(n, Math.floor(room / (order.length - i))));
    keep.set(k, share);
    room -= share;
  });
  const short: Data = { ...d };
  for (const k of LONG_TEXTS) short[k] = shortenTo(str(d, k), keep.get(k)!);
  return { text: cardText(short, lang, t) + note, shortened: true };
}

/** At most `max` UTF-16 units, "…" included, never splitting a surrogate pair. */
function shortenTo(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\uD800-\uDBFF]/.test(s[end - 1]!)) end--;
  return `${s.slice(0, end).trimEnd()}…`;
}

/** The proposal's card: title line, then one line per field. */
export function cardText(d: Data, lang: Lang, t: Translate): string {
  const code = str(d, "code");
  const lines = [
    code
      ? t(lang, "proposal-card-title", { code: localizeDigits(code, lang), title: str(d, "title") })
      : t(lang, "proposal-card-title-draft", {
          title: str(d, "title") || t(lang, "proposal-none"),
        }),
  ];
  if (str(d, "proposer"))
    lines.push(t(lang, "proposal-card-proposer", { name: str(d, "proposer") }));
  for (const name of FIELDS) {
    if (name === "title") continue;
    lines.push(`${t(lang, `proposal-field-${name}`)}: ${fieldValue(d, name, lang, t)}`);
  }
  return lines.join("\n");
}

/** "What changed since your last look": one line per changed field, before → after. */
export function diffText(
  before: Data,
  after: Data,
  changed: readonly string[],
  lang: Lang,
  t: Translate,
): string {
  if (!changed.length) return t(lang, "proposal-diff-none");
  const lines = changed.map((name) =>
    t(lang, "proposal-diff-line", {
      field: t(lang, `proposal-field-${name}`),
      before: clip(fieldValue(before, name as FieldName, lang, t)),
      after: clip(fieldValue(after, name as FieldName, lang, t)),
    }),
  );
  return `${t(lang, "proposal-diff-title")}\n${lines.join("\n")}`;
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function ticketOf(p: Pick<ProposalDoc, "revision" | "step">): string {
  return `${p.revision}.${p.step}`;
}
