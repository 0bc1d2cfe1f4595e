/** Text of the statistics and the digest, in the reader's language (copy in locales/*.ftl). */
import type { DistrictDoc } from "../district/schema.ts";
import { findNeighborhood } from "../district/schema.ts";
import { localizeDigits } from "../domain/digits.ts";
import { JALALI_MONTHS, type JalaliDate, toJalali } from "../domain/time.ts";
import { CARD_LIMIT, cutWhole } from "../reports/history.ts";
import type { Lang } from "../repos/types.ts";
import type { Count, Digest, Rate, ReportStats, RungRow } from "./compute.ts";
import type { Period } from "./period.ts";

export type T = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;

const HOUR = 3_600_000;
const MAX_LINES = 12;

export function jalaliDayText(d: JalaliDate, lang: Lang): string {
  return localizeDigits(`${d.jd} ${JALALI_MONTHS[lang][d.jm - 1]} ${d.jy}`, lang);
}

export function periodText(p: Period, lang: Lang, t: T): string {
  return t(lang, "stats-period-range", {
    from: jalaliDayText(p.first, lang),
    to: jalaliDayText(p.last, lang),
  });
}

/** Names shown for codes of a district. */
export function labels(district: DistrictDoc, lang: Lang, t: T) {
  const subject = (code: string) =>
    district.subjects.find((s) => s.code === code)?.name[lang] ?? code;
  return {
    hood: (code: string) => findNeighborhood(district, code)?.name[lang] ?? code,
    subject,
    deputy: (code: string) => district.deputies.find((d) => d.code === code)?.name[lang] ?? code,
    state: (s: string) => t(lang, `report-state-${s}`),
    proposalState: (s: string) => t(lang, `stats-proposal-state-${s}`),
    step: (step: string) => {
      if (step.startsWith("deputy:")) {
        const code = step.slice(7);
        return district.deputies.find((d) => d.code === code)?.name[lang] ?? code;
      }
      return t(lang, `report-step-${step}`);
    },
    wg: (key: string) => {
      const [level, code] = key.split(":");
      return t(lang, "stats-wg-label", {
        subject: subject(code ?? ""),
        level: t(lang, `stats-level-${level}`),
      });
    },
  };
}

export function durationText(ms: number | null, lang: Lang, t: T): string {
  if (ms === null) return t(lang, "stats-no-data");
  const hours = Math.round(ms / HOUR);
  return t(lang, "stats-duration", {
    days: localizeDigits(String(Math.floor(hours / 24)), lang),
    hours: localizeDigits(String(hours % 24), lang),
  });
}

export function percentText(rate: number | null, lang: Lang): string {
  if (rate === null) return "—";
  return `${localizeDigits(String(Math.round(rate * 100)), lang)}${lang === "fa" ? "٪" : "%"}`;
}

function countLines(rows: Count[], name: (k: string) => string, lang: Lang, t: T): string[] {
  if (!rows.length) return [t(lang, "stats-none")];
  return rows
    .slice(0, MAX_LINES)
    .map((r) =>
      t(lang, "stats-line", { label: name(r.key), count: localizeDigits(String(r.count), lang) }),
    );
}

function rateLines(rows: Rate[], name: (k: string) => string, lang: Lang, t: T): string[] {
  const due = rows.filter((r) => r.rate !== null);
  if (!due.length) return [t(lang, "stats-none")];
  return due.map((r) =>
    t(lang, "stats-rate-line", {
      label: name(r.key),
      percent: percentText(r.rate, lang),
      onTime: localizeDigits(String(r.onTime), lang),
      total: localizeDigits(String(r.onTime + r.late), lang),
    }),
  );
}

function rungLines(rows: RungRow[], name: (k: string) => string, lang: Lang, t: T): string[] {
  if (!rows.length) return [t(lang, "stats-none")];
  return rows.slice(0, 5).map((r) =>
    t(lang, "stats-rung-line", {
      step: name(r.step),
      visits: localizeDigits(String(r.visits), lang),
      breaches: localizeDigits(String(r.breaches), lang),
      wait: durationText(r.medianWaitMs, lang, t),
    }),
  );
}

/** The statistics message (kept under Telegram's 4096 characters). */
export function statsText(
  s: ReportStats,
  district: DistrictDoc,
  period: Period,
  lang: Lang,
  t: T,
): string {
  const L = labels(district, lang, t);
  const lines = [
    t(lang, "stats-title", { period: periodText(period, lang, t), district: district.name[lang] }),
    t(lang, "stats-total", { count: localizeDigits(String(s.total), lang) }),
    "",
    t(lang, "stats-by-state"),
    ...countLines(s.byState, L.state, lang, t),
    "",
    t(lang, "stats-by-hood"),
    ...countLines(s.byNeighborhood, L.hood, lang, t),
    "",
    t(lang, "stats-by-subject"),
    ...countLines(s.bySubject, L.subject, lang, t),
    "",
    t(lang, "stats-median-ack", {
      duration: durationText(s.medianAckMs, lang, t),
      // A number, not digits already localised: English picks "1 report" or "2 reports" by it.
      count: s.acked,
    }),
    t(lang, "stats-median-resolve", {
      duration: durationText(s.medianResolveMs, lang, t),
      count: s.resolved,
    }),
    "",
    t(lang, "stats-ontime-wg"),
    ...rateLines(s.workingGroups, L.wg, lang, t),
    "",
    t(lang, "stats-ontime-deputy"),
    ...rateLines(s.deputies, L.deputy, lang, t),
    "",
    t(lang, "stats-rungs-title"),
    ...rungLines(s.rungs, L.step, lang, t),
    "",
    t(lang, "stats-ontime-note"),
  ];
  return cutWhole(lines.join("\n"), CARD_LIMIT);
}

/** The weekly digest message. */
export function digestText(
  d: Digest,
  district: DistrictDoc,
  lang: Lang,
  t: T,
  now: number,
): string {
  const L = labels(district, lang, t);
  const tz = district.timeZone;
  const day = (ts: number) => {
    const j = toJalali(ts, tz);
    return jalaliDayText({ jy: j.jy, jm: j.jm, jd: j.jd }, lang);
  };
  const n = (x: number) => localizeDigits(String(x), lang);
  const section = (
    key: string,
    part: { total: number; byNeighborhood: Count[]; bySubject: Count[] },
  ): string[] => [
    t(lang, key, { count: n(part.total) }),
    ...(part.total
      ? [
          t(lang, "stats-digest-by-hood", {
            list: part.byNeighborhood
              .slice(0, 6)
              .map((c) => `${L.hood(c.key)} ${n(c.count)}`)
              .join(lang === "fa" ? "، " : ", "),
          }),
          t(lang, "stats-digest-by-subject", {
            list: part.bySubject
              .slice(0, 6)
              .map((c) => `${L.subject(c.key)} ${n(c.count)}`)
              .join(lang === "fa" ? "، " : ", "),
          }),
        ]
      : []),
  ];
  const held = d.proposals.longestHeld;
  const lines = [
    t(lang, "stats-digest-title", {
      from: day(d.from),
      to: day(d.to - 1),
      district: district.name[lang],
    }),
    "",
    ...section("stats-digest-new", d.newReports),
    ...section("stats-digest-resolved", d.resolvedReports),
    ...section("stats-digest-overdue", d.overdueReports),
    "",
    t(lang, "stats-digest-proposals"),
    ...(d.proposals.byState.length
      ? d.proposals.byState.map((c) =>
          t(lang, "stats-line", { label: L.proposalState(c.key), count: n(c.count) }),
        )
      : [t(lang, "stats-none")]),
    ...d.proposals.bySignatureStep.map((c) =>
      t(lang, "stats-digest-at-step", { step: L.step(c.key), count: n(c.count) }),
    ),
    held
      ? t(lang, "stats-digest-longest", {
          code: localizeDigits(held.code ?? "—", lang),
          title: held.title ?? "—",
          step: L.step(held.step),
          days: Math.floor((now - held.since) / 86_400_000),
        })
      : t(lang, "stats-digest-no-longest"),
    "",
    t(lang, "stats-digest-meetings", {
      held: n(d.meetings.held),
      missing: n(d.meetings.missingMinutes),
      actions: n(d.meetings.overdueActions),
    }),
    "",
    t(lang, "stats-digest-rungs"),
    ...rungLines(d.rungs, L.step, lang, t),
  ];
  return cutWhole(lines.join("\n"), CARD_LIMIT);
}
