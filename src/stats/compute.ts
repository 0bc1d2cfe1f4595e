/**
 * The presidium's figures, computed from plain data (reports, their audit trail, proposals,
 * meetings). Pure: no store, no grammY, no clock — callers pass `now` and the deadline rule.
 */
import { referredDeputy } from "../district/deputies.ts";
import { OPEN_STATES, type ReportState } from "../domain/reports.ts";

/** The part of a report the figures read. */
export interface ReportRow {
  _id: string;
  code: string;
  subject: string;
  neighborhood: string;
  state: ReportState;
  createdAt: number;
  breaches: number;
  deadlineAt?: number;
}

/** The part of an audit entry the figures read. */
export interface AuditRow {
  itemId: string;
  at: number;
  action: string;
  data?: Record<string, unknown>;
}

export interface Count {
  key: string;
  count: number;
}

export interface Rate {
  key: string;
  onTime: number;
  late: number;
  /** onTime / (onTime + late); null when nothing was due yet. */
  rate: number | null;
}

export interface RungRow {
  step: string;
  visits: number;
  breaches: number;
  /** Median time from arriving at the rung to the owner's first action there. */
  medianWaitMs: number | null;
}

export interface ReportStats {
  total: number;
  byState: Count[];
  byNeighborhood: Count[];
  bySubject: Count[];
  /** Reports filed per bucket (day or month, see `bucket`), in time order. */
  timeline: Count[];
  medianAckMs: number | null;
  acked: number;
  medianResolveMs: number | null;
  resolved: number;
  workingGroups: Rate[];
  deputies: Rate[];
  rungs: RungRow[];
}

/** Owner actions that count as the first response to a report ("acknowledged" in the broad sense). */
export const RESPONSE_ACTIONS = new Set([
  "report.ack",
  "report.refer",
  "report.resolve",
  "report.reject",
]);
/** Owner actions that end the wait at a rung (the owner did something about it). */
export const RUNG_ACTIONS = new Set([...RESPONSE_ACTIONS, "report.noagree"]);
/** Audit actions that mark a missed deadline (the escalation sweep writes them). */
export const BREACH_ACTIONS = new Set(["report.escalated", "report.breach"]);

/** Ladder steps that belong to a working group (and the group's level). */
const WG_STEPS: Record<string, "neighborhood" | "district"> = {
  neighborhood_wg_secretary: "neighborhood",
  neighborhood_secretary: "neighborhood",
  district_wg_secretary: "district",
};

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Counts by key, largest first (ties by key, so output is stable). */
export function countBy<T>(rows: T[], key: (row: T) => string): Count[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return [...m]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function groupAudit(audit: AuditRow[]): Map<string, AuditRow[]> {
  const m = new Map<string, AuditRow[]>();
  for (const a of [...audit].sort((x, y) => x.at - y.at)) {
    const list = m.get(a.itemId);
    if (list) list.push(a);
    else m.set(a.itemId, [a]);
  }
  return m;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One stay of a report at one rung, reconstructed from the audit trail. */
export interface RungVisit {
  reportId: string;
  step: string;
  arrivedAt: number;
  /** The owner's first action while the report was at this rung. */
  actedAt?: number;
  /** A deadline passed while it was at this rung. */
  breached: boolean;
  /** When the first deadline passed at this rung. */
  breachedAt?: number;
  /** When the owner here referred it to the municipality (its deadline then the deputy's). */
  referredAt?: number;
}

/**
 * Whether the rung's owner let a deadline pass: one that ran out after they referred the
 * report ran out on the municipality, and counts for the deputy instead.
 */
export function lateAtRung(v: RungVisit): boolean {
  return v.breachedAt !== undefined && (v.referredAt === undefined || v.breachedAt < v.referredAt);
}

/**
 * Rung visits of one report: it arrives at its first rung when submitted (`data.step`),
 * moves on escalation (`data.toStep`) or "no agreement" (`data.step`).
 */
export function rungVisits(reportId: string, trail: AuditRow[]): RungVisit[] {
  const visits: RungVisit[] = [];
  let cur: RungVisit | undefined;
  for (const a of trail) {
    if (a.action === "report.submitted") {
      cur = { reportId, step: str(a.data?.step) ?? "unknown", arrivedAt: a.at, breached: false };
      visits.push(cur);
      continue;
    }
    if (!cur) continue;
    if (BREACH_ACTIONS.has(a.action)) {
      cur.breached = true;
      cur.breachedAt ??= a.at;
      const to = str(a.data?.toStep);
      if (a.action === "report.escalated" && to && to !== cur.step) {
        cur = { reportId, step: to, arrivedAt: a.at, breached: false };
        visits.push(cur);
      }
      continue;
    }
    if (RUNG_ACTIONS.has(a.action) && cur.actedAt === undefined) cur.actedAt = a.at;
    if (a.action === "report.refer") cur.referredAt ??= a.at;
    const moved = a.action === "report.noagree" ? str(a.data?.step) : undefined;
    if (moved && moved !== cur.step) {
      cur = { reportId, step: moved, arrivedAt: a.at, breached: false };
      visits.push(cur);
    }
  }
  return visits;
}

export interface ReportStatsInput {
  reports: ReportRow[];
  /** Audit entries of those reports (any order; other items' entries are ignored). */
  audit: AuditRow[];
  /** The district's deputies (a referral names one by code, or by name in older entries). */
  deputies: readonly { code: string; name: { fa: string; en: string } }[];
  /** When the resolve deadline of a referral made at `t` runs out (working days). */
  resolveDeadline: (t: number) => number;
  now: number;
  /** Bucket of the timeline for an instant (e.g. its Jalali day or month). */
  bucket: (t: number) => string;
}

function rate(key: string, onTime: number, late: number): Rate {
  return { key, onTime, late, rate: onTime + late ? onTime / (onTime + late) : null };
}

/**
 * The figures for reports filed in a period (the caller selects `reports` by createdAt).
 *
 * Definitions (the responsiveness table rests on them):
 * - time to acknowledge: from `report.submitted` to the first owner response
 *   (ack, refer, resolve or reject); time to resolve: to the first `report.resolve`.
 * - working group on time: every stay of a report at a working-group rung (neighbourhood
 *   working-group secretary or its fallback, the neighbourhood secretary; district
 *   working-group secretary) counts once for that group (subject + level). It is late when
 *   a deadline passed during the stay (a `report.escalated`/`report.breach` entry) before
 *   the owner referred the report to the municipality (one passing after the referral is the
 *   deputy's, below), on time when the owner acted there otherwise; stays still waiting
 *   within their deadline are not counted yet.
 * - deputy on time: every referral (`report.refer`) counts for the deputy it was sent to
 *   (the entry's `deputyCode`, or for older entries the deputy's name); a referral to a
 *   unit typed in by hand counts for no deputy. On time when the report was resolved by the resolve deadline
 *   (reportResolve working days after the referral); late when resolved after it or still
 *   unresolved past it; not counted while the deadline still runs.
 * - slowest rungs: per ladder step, stays, breaches and the median wait to the first action;
 *   a stay is a breach on the working groups' terms above (a deadline run out after the
 *   owner there referred the report is not the rung's).
 */
export function reportStats(input: ReportStatsInput): ReportStats {
  const { reports, now } = input;
  const ids = new Set(reports.map((r) => r._id));
  const trails = groupAudit(input.audit.filter((a) => ids.has(a.itemId)));
  const ack: number[] = [];
  const res: number[] = [];
  const wg = new Map<string, { on: number; late: number }>();
  const dep = new Map<string, { on: number; late: number }>();
  const rungs = new Map<string, { visits: number; breaches: number; waits: number[] }>();
  const bump = (m: Map<string, { on: number; late: number }>, key: string, onTime: boolean) => {
    const e = m.get(key) ?? { on: 0, late: 0 };
    if (onTime) e.on++;
    else e.late++;
    m.set(key, e);
  };

  for (const r of reports) {
    const trail = trails.get(r._id) ?? [];
    const submitted = trail.find((a) => a.action === "report.submitted")?.at ?? r.createdAt;
    const firstResponse = trail.find((a) => RESPONSE_ACTIONS.has(a.action));
    if (firstResponse) ack.push(firstResponse.at - submitted);
    const firstResolve = trail.find((a) => a.action === "report.resolve");
    if (firstResolve) res.push(firstResolve.at - submitted);

    for (const v of rungVisits(r._id, trail)) {
      const rg = rungs.get(v.step) ?? { visits: 0, breaches: 0, waits: [] };
      rg.visits++;
      // Same rule as the on-time table beside it: a deadline run out after the referral is not the rung's.
      if (lateAtRung(v)) rg.breaches++;
      if (v.actedAt !== undefined) rg.waits.push(v.actedAt - v.arrivedAt);
      rungs.set(v.step, rg);
      const level = WG_STEPS[v.step];
      if (level && (v.breached || v.actedAt !== undefined))
        bump(wg, `${level}:${r.subject}`, !lateAtRung(v));
    }

    for (const refer of trail.filter((a) => a.action === "report.refer")) {
      // The stored code is kept even if a later import dropped that deputy.
      const deputy =
        str(refer.data?.deputyCode) ?? referredDeputy(input.deputies, refer.data ?? {});
      if (deputy) {
        const due = input.resolveDeadline(refer.at);
        const resolved = trail.find((a) => a.action === "report.resolve" && a.at >= refer.at);
        if (resolved) bump(dep, deputy, resolved.at <= due);
        else if (now > due) bump(dep, deputy, false);
      }
    }
  }

  const timeline = new Map<string, number>();
  for (const r of [...reports].sort((a, b) => a.createdAt - b.createdAt)) {
    const k = input.bucket(r.createdAt);
    timeline.set(k, (timeline.get(k) ?? 0) + 1);
  }

  return {
    total: reports.length,
    byState: countBy(reports, (r) => r.state),
    byNeighborhood: countBy(reports, (r) => r.neighborhood),
    bySubject: countBy(reports, (r) => r.subject),
    timeline: [...timeline].map(([key, count]) => ({ key, count })),
    medianAckMs: median(ack),
    acked: ack.length,
    medianResolveMs: median(res),
    resolved: res.length,
    workingGroups: [...wg]
      .map(([k, e]) => rate(k, e.on, e.late))
      .sort((a, b) => a.key.localeCompare(b.key)),
    deputies: [...dep]
      .map(([k, e]) => rate(k, e.on, e.late))
      .sort((a, b) => a.key.localeCompare(b.key)),
    rungs: slowest(rungs),
  };
}

function slowest(m: Map<string, { visits: number; breaches: number; waits: number[] }>): RungRow[] {
  return [...m]
    .map(([step, e]) => ({
      step,
      visits: e.visits,
      breaches: e.breaches,
      medianWaitMs: median(e.waits),
    }))
    .sort(
      (a, b) =>
        b.breaches / b.visits - a.breaches / a.visits ||
        (b.medianWaitMs ?? -1) - (a.medianWaitMs ?? -1) ||
        a.step.localeCompare(b.step),
    );
}

// ---------------------------------------------------------------- the weekly digest

/** The part of a proposal the digest reads (fields may be missing in older documents). */
export interface ProposalRow {
  _id: string;
  code?: string;
  state: string;
  title?: string;
  /** The current step's name while in signature. */
  stepName?: string;
  /** Since when the current step has held it. */
  stepSince?: number;
}

export interface MeetingRow {
  _id: string;
  state: string;
  startAt: number;
  durationMin: number;
  hasMinutes: boolean;
  scope: string;
}

export interface ActionItemRow {
  state: string;
  dueAt: number;
}

export interface Digest {
  from: number;
  to: number;
  newReports: { total: number; byNeighborhood: Count[]; bySubject: Count[] };
  resolvedReports: { total: number; byNeighborhood: Count[]; bySubject: Count[] };
  overdueReports: { total: number; byNeighborhood: Count[]; bySubject: Count[] };
  proposals: {
    byState: Count[];
    bySignatureStep: Count[];
    longestHeld?: { code?: string; title?: string; step: string; since: number };
  };
  meetings: { held: number; missingMinutes: number; overdueActions: number };
  rungs: RungRow[];
}

const split = (rows: ReportRow[]) => ({
  total: rows.length,
  byNeighborhood: countBy(rows, (r) => r.neighborhood),
  bySubject: countBy(rows, (r) => r.subject),
});

/**
 * The digest for the week [from, to).
 * - new: filed in the week; resolved: a first `report.resolve` entry in the week;
 * - overdue: open now and past a deadline — breached at least once, or its deadline has
 *   passed before the escalation sweep got to it;
 * - proposals: current state counts, in-signature ones by the step holding them, and the
 *   signature held longest; meetings: held in the week, ended without minutes (any time,
 *   still missing), open action items past due;
 * - slowest rungs: from `rungReports` (the caller picks a window long enough to mean
 *   something, e.g. reports filed in the last 30 days).
 */
export function digest(input: {
  from: number;
  to: number;
  now: number;
  /** Every report that may matter: filed in the week, resolved in it, or open. */
  reports: ReportRow[];
  audit: AuditRow[];
  rungReports: ReportRow[];
  proposals: ProposalRow[];
  meetings: MeetingRow[];
  actionItems: ActionItemRow[];
}): Digest {
  const { from, to, now } = input;
  const inWeek = (t: number) => t >= from && t < to;
  const trails = groupAudit(input.audit);
  const resolved = input.reports.filter((r) => {
    const first = trails.get(r._id)?.find((a) => a.action === "report.resolve");
    return first !== undefined && inWeek(first.at);
  });
  const overdue = input.reports.filter(
    (r) =>
      OPEN_STATES.includes(r.state) &&
      (r.breaches > 0 || (r.deadlineAt !== undefined && r.deadlineAt <= now)),
  );
  const signing = input.proposals.filter((p) => p.state === "in_signature");
  const held = [...signing]
    .filter((p) => typeof p.stepSince === "number")
    .sort((a, b) => a.stepSince! - b.stepSince!)[0];
  return {
    from,
    to,
    newReports: split(input.reports.filter((r) => inWeek(r.createdAt))),
    resolvedReports: split(resolved),
    overdueReports: split(overdue),
    proposals: {
      byState: countBy(input.proposals, (p) => p.state),
      bySignatureStep: countBy(signing, (p) => p.stepName ?? "unknown"),
      ...(held
        ? {
            longestHeld: {
              ...(held.code ? { code: held.code } : {}),
              ...(held.title ? { title: held.title } : {}),
              step: held.stepName ?? "unknown",
              since: held.stepSince!,
            },
          }
        : {}),
    },
    meetings: {
      held: input.meetings.filter((m) => m.state === "held" && inWeek(m.startAt)).length,
      missingMinutes: input.meetings.filter(
        (m) =>
          m.state !== "cancelled" && !m.hasMinutes && m.startAt + m.durationMin * 60_000 <= now,
      ).length,
      overdueActions: input.actionItems.filter((a) => a.state === "open" && a.dueAt < now).length,
    },
    rungs: reportStats({
      reports: input.rungReports,
      audit: input.audit,
      deputies: [],
      resolveDeadline: () => Number.POSITIVE_INFINITY,
      now,
      bucket: () => "",
    }).rungs,
  };
}
