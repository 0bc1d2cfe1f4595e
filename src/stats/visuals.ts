/** Charts and CSV exports for a period, built from the service's data. */
import { jalaaliMonthLength } from "jalaali-js";
import type { DistrictDoc } from "../district/schema.ts";
import { findNeighborhood } from "../district/schema.ts";
import { localizeDigits } from "../domain/digits.ts";
import { formatSortableDateTime, JALALI_MONTHS, type JalaliDate } from "../domain/time.ts";
import type { Lang } from "../repos/types.ts";
import { barChartSvg, lineChartSvg, renderPng } from "./chart.ts";
import type { ReportStats } from "./compute.ts";
import { csvBytes } from "./csv.ts";
import { labels, periodText, type T } from "./format.ts";
import { compactDate, type Period } from "./period.ts";
import type { StatsService } from "./service.ts";

export interface FileOut {
  filename: string;
  bytes: Uint8Array;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Every bucket of the period, so days or months without reports show as zero. */
export function timelineBuckets(p: Period, lang: Lang): { key: string; label: string }[] {
  const days = (p.to - p.from) / 86_400_000;
  const out: { key: string; label: string }[] = [];
  if (days <= 62) {
    let d: JalaliDate = { ...p.first };
    for (let i = 0; i < 70; i++) {
      out.push({
        key: `${d.jy}-${pad(d.jm)}-${pad(d.jd)}`,
        label: localizeDigits(`${d.jd} ${JALALI_MONTHS[lang][d.jm - 1]}`, lang),
      });
      if (d.jy === p.last.jy && d.jm === p.last.jm && d.jd === p.last.jd) break;
      d =
        d.jd < jalaaliMonthLength(d.jy, d.jm)
          ? { ...d, jd: d.jd + 1 }
          : d.jm < 12
            ? { jy: d.jy, jm: d.jm + 1, jd: 1 }
            : { jy: d.jy + 1, jm: 1, jd: 1 };
    }
    return out;
  }
  let { jy, jm } = p.first;
  for (let i = 0; i < 72; i++) {
    out.push({
      key: `${jy}-${pad(jm)}`,
      label: localizeDigits(
        p.first.jy === p.last.jy
          ? (JALALI_MONTHS[lang][jm - 1] ?? "")
          : `${JALALI_MONTHS[lang][jm - 1]} ${jy}`,
        lang,
      ),
    });
    if (jy === p.last.jy && jm === p.last.jm) break;
    [jy, jm] = jm < 12 ? [jy, jm + 1] : [jy + 1, 1];
  }
  return out;
}

/** Two charts: reports by neighbourhood (bars) and reports filed over time (line). */
export function statsCharts(
  s: ReportStats,
  district: DistrictDoc,
  period: Period,
  lang: Lang,
  t: T,
): FileOut[] {
  const L = labels(district, lang, t);
  const when = periodText(period, lang, t);
  const counts = new Map(s.timeline.map((c) => [c.key, c.count]));
  const bars = barChartSvg(
    t(lang, "stats-chart-hoods", { period: when }),
    s.byNeighborhood.map((c) => ({ label: L.hood(c.key), value: c.count })),
    lang,
  );
  const line = lineChartSvg(
    t(lang, "stats-chart-timeline", { period: when }),
    timelineBuckets(period, lang).map((b) => ({ label: b.label, value: counts.get(b.key) ?? 0 })),
    lang,
  );
  return [
    { filename: "stats-neighborhoods.png", bytes: renderPng(bars) },
    { filename: "stats-timeline.png", bytes: renderPng(line) },
  ];
}

export type ExportKind = "reports" | "proposals" | "meetings";

function fileName(kind: ExportKind, p: Period): string {
  const wholeMonth =
    p.first.jy === p.last.jy &&
    p.first.jm === p.last.jm &&
    p.first.jd === 1 &&
    p.last.jd === jalaaliMonthLength(p.last.jy, p.last.jm);
  const span = wholeMonth
    ? `${p.first.jy}-${pad(p.first.jm)}`
    : `${compactDate(p.first)}-${compactDate(p.last)}`;
  return `${kind}-${span}.csv`;
}

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/** A CSV of the district's reports, proposals or meetings in the period. */
export async function exportCsv(
  kind: ExportKind,
  service: StatsService,
  district: DistrictDoc,
  period: Period,
  lang: Lang,
  t: T,
): Promise<FileOut & { rows: number }> {
  const L = labels(district, lang, t);
  const header = t(lang, `stats-csv-${kind}`).split("|");
  // Sortable in a spreadsheet, the same in either language's file.
  const when = (ts: number | undefined) =>
    ts === undefined ? "" : formatSortableDateTime(ts, district.timeZone);
  const inPeriod = (ts: number | undefined) =>
    ts !== undefined && ts >= period.from && ts < period.to;
  let rows: (string | number)[][] = [];
  if (kind === "reports") {
    const reports = await service.reportsFiled(district._id, period.from, period.to);
    rows = reports.map((r) => [
      r.code,
      when(r.createdAt),
      L.hood(r.neighborhood),
      L.subject(r.subject),
      L.state(r.state),
      t(lang, `stats-urgency-${r.urgency}`),
      L.step(r.step),
      r.breaches,
      r.supporters.length,
      r.description,
      !r.location
        ? ""
        : "address" in r.location
          ? r.location.address
          : `${r.location.lat}, ${r.location.lon}`,
    ]);
  } else if (kind === "proposals") {
    // Drafts are the proposer's own until submitted: not exported.
    const all = (await service.proposals(district._id)).filter(
      (p) => str(p.state) !== "draft" && inPeriod(num(p.submittedAt) ?? num(p.createdAt)),
    );
    rows = all.map((p) => {
      const f = (p.fields ?? {}) as Loose;
      const chain = Array.isArray(p.chain) ? (p.chain as Loose[]) : [];
      const step = num(p.step);
      const stepName =
        str(p.state) === "in_signature" && step !== undefined ? str(chain[step]?.step) : "";
      return [
        str(p.code),
        str(f.title),
        f.neighborhood ? L.hood(str(f.neighborhood)) : "",
        f.subject ? L.subject(str(f.subject)) : "",
        L.proposalState(str(p.state)),
        stepName ? L.step(stepName) : "",
        num(f.costRials) ?? "",
        num(f.durationMonths) ?? "",
        when(num(p.submittedAt)),
        stepName ? when(num(p.stepSince)) : "",
      ];
    });
  } else {
    const all = (await service.meetings(district._id))
      .filter((m) => inPeriod(num(m.startAt)))
      .sort((a, b) => (num(a.startAt) ?? 0) - (num(b.startAt) ?? 0));
    rows = all.map((m) => {
      const scope = (m.scope ?? {}) as Loose;
      const minutes = m.minutes as Loose | undefined;
      const what =
        str(scope.kind) === "wg"
          ? t(lang, "stats-meeting-wg", {
              subject: L.subject(str(scope.subject)),
              level: t(lang, `stats-level-${str(scope.level) || "district"}`),
            })
          : str(scope.kind) === "council"
            ? t(lang, "stats-meeting-council", {
                hood: findNeighborhood(district, str(scope.neighborhood))?.name[lang] ?? "",
              })
            : t(lang, "stats-meeting-presidium");
      return [
        when(num(m.startAt)),
        what,
        t(lang, `stats-meeting-state-${str(m.state) || "scheduled"}`),
        Array.isArray(m.participants) ? m.participants.length : "",
        Array.isArray(minutes?.attended) ? (minutes.attended as unknown[]).length : "",
        t(lang, minutes ? "stats-yes" : "stats-no"),
        Array.isArray(m.agenda) ? m.agenda.length : "",
      ];
    });
  }
  return { filename: fileName(kind, period), bytes: csvBytes(header, rows), rows: rows.length };
}
