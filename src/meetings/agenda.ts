import { calendarOf } from "../district/calendar.ts";
import type { DistrictDoc } from "../district/schema.ts";
import { OPEN_STATES } from "../domain/reports.ts";
import { latestStartDueBy } from "../domain/workdays.ts";
import { PROPOSALS, type ProposalDoc } from "../proposals/types.ts";
import { cutWhole } from "../reports/history.ts";
import { REPORTS, type ReportDoc } from "../reports/types.ts";
import type { Filter, Store } from "../store/port.ts";
import type { AgendaItem, MeetingScope } from "./types.ts";

/** Tags on a report's `agenda` array that put it on a meeting of this scope. */
export function agendaTags(scope: MeetingScope): string[] {
  if (scope.kind === "presidium") return ["presidium"];
  if (scope.kind === "wg") return ["meeting", `wg:${scope.subject}`];
  return ["meeting", `council:${scope.neighborhood}`];
}

/**
 * Open reports for a meeting's scope: of the group's subject (and neighbourhood) that are
 * past a deadline, have breached one before, or are tagged for the meeting; for the
 * presidium–mayor meeting, those escalated to the presidium.
 */
export async function openReportsFor(
  store: Store,
  districtId: string,
  scope: MeetingScope,
  now: number,
): Promise<ReportDoc[]> {
  const base: Filter = { districtId, state: { $in: [...OPEN_STATES] } };
  const tags = agendaTags(scope);
  let filter: Filter;
  if (scope.kind === "presidium") filter = { ...base, agenda: { $in: tags } };
  else {
    const where: Filter =
      scope.kind === "council"
        ? { neighborhood: scope.neighborhood }
        : scope.level === "neighborhood"
          ? { subject: scope.subject, neighborhood: scope.neighborhood }
          : { subject: scope.subject };
    filter = {
      ...base,
      ...where,
      $or: [{ deadlineAt: { $lt: now } }, { breaches: { $gt: 0 } }, { agenda: { $in: tags } }],
    };
  }
  return store.collection<ReportDoc>(REPORTS).find(filter, { sort: { createdAt: 1 }, limit: 30 });
}

/** What the agenda reads of a proposal: its title and code, and how long its step waits. */
export type StalledProposal = Pick<
  ProposalDoc,
  "_id" | "code" | "fields" | "revision" | "step" | "stepSince" | "nudges"
>;

const STALLED_PROJECTION = {
  code: 1,
  fields: 1,
  revision: 1,
  step: 1,
  stepSince: 1,
  nudges: 1,
} as const;

/** The most stalled proposals one agenda suggests. */
const STALLED_MAX = 20;

/**
 * Proposals of the meeting's scope whose signature step is stalled: waiting since before
 * the district's reminder point (`deadlines.signatureReminder` working days, as the
 * proposal service schedules its reminder), or already reminded or alerted at this step.
 * Of the group's subject (and neighbourhood), the council's neighbourhood, or all of them
 * for the presidium. Oldest-waiting first.
 */
export async function stalledProposalsFor(
  store: Store,
  districtId: string,
  scope: MeetingScope,
  now: number,
): Promise<StalledProposal[]> {
  const district = await store.collection<DistrictDoc>("districts").findOne({ _id: districtId });
  if (!district) throw new Error(`district ${districtId} is not imported`);
  const col = store.collection<ProposalDoc>(PROPOSALS);
  const where: Filter =
    scope.kind === "wg"
      ? scope.level === "neighborhood"
        ? { "fields.subject": scope.subject, "fields.neighborhood": scope.neighborhood }
        : { "fields.subject": scope.subject }
      : scope.kind === "council"
        ? { "fields.neighborhood": scope.neighborhood }
        : {};
  const base: Filter = { districtId, state: "in_signature", ...where };
  // One bound on stepSince says "past the reminder point" for every proposal at once.
  const cutoff = latestStartDueBy(now, district.deadlines.signatureReminder, calendarOf(district));
  const opts = { sort: { stepSince: 1 as const }, projection: STALLED_PROJECTION };
  const late = await col.find(
    { ...base, stepSince: { $lte: cutoff } },
    { ...opts, limit: STALLED_MAX },
  );
  if (late.length >= STALLED_MAX) return late;
  // Reminded sooner (the district has since lengthened the reminder): the nudge counts
  // only if it was for this revision and step; nudges of earlier steps stay on the document.
  const nudged = (
    await col.find({ ...base, stepSince: { $gt: cutoff }, "nudges.0": { $exists: true } }, opts)
  ).filter((p) =>
    ["reminder", "alert"].some((kind) => p.nudges.includes(`${kind}:${p.revision}:${p.step}`)),
  );
  return [...late, ...nudged].slice(0, STALLED_MAX);
}

/** Suggested agenda items (reports first, then proposals), ids stable per source. */
export async function suggestAgenda(
  store: Store,
  districtId: string,
  scope: MeetingScope,
  now: number,
): Promise<AgendaItem[]> {
  const reports = await openReportsFor(store, districtId, scope, now);
  const proposals = await stalledProposalsFor(store, districtId, scope, now);
  return [
    ...reports.map(
      (r): AgendaItem => ({
        id: `r-${r._id}`,
        kind: "report",
        refId: r._id,
        // Marked as the menu marks reports and proposals: the two read alike otherwise.
        title: `📝 ${r.code} — ${cutWhole(r.description.replace(/\s+/g, " "), 80)}`,
      }),
    ),
    ...proposals.map(
      (p): AgendaItem => ({
        id: `p-${p._id}`,
        kind: "proposal",
        refId: p._id,
        // As a report's: code, then the title (user text, cut on a whole character).
        title: `🏗 ${p.code ?? p._id} — ${cutWhole((p.fields.title ?? "").replace(/\s+/g, " "), 80)}`,
      }),
    ),
  ];
}
