import { OPEN_STATES } from "../domain/reports.ts";
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

/** What the agenda needs of a proposal; matches what the proposals feature stores. */
interface ProposalLike {
  _id: string;
  districtId: string;
  state?: string;
  title?: string;
  subject?: string;
  neighborhood?: string;
  code?: string;
  deadlineAt?: number;
  breaches?: number;
  level?: number;
}

/**
 * THE HOOK for proposals stalled in the signature chain. The proposals feature is being
 * built alongside; until it stores documents this returns [] (an empty collection). It
 * reads `proposals` loosely: in the chain (`submitted`/`in_signature`) and past a deadline
 * or already escalated; of the group's subject/neighbourhood for working groups, all of
 * them for the presidium. Adjust the filter here if the proposals schema names differ.
 */
export async function stalledProposalsFor(
  store: Store,
  districtId: string,
  scope: MeetingScope,
  now: number,
): Promise<ProposalLike[]> {
  const col = store.collection<ProposalLike>("proposals");
  const where: Filter =
    scope.kind === "wg"
      ? scope.level === "neighborhood"
        ? { subject: scope.subject, neighborhood: scope.neighborhood }
        : { subject: scope.subject }
      : scope.kind === "council"
        ? { neighborhood: scope.neighborhood }
        : {};
  return col.find(
    {
      districtId,
      state: { $in: ["submitted", "in_signature"] },
      ...where,
      $or: [{ deadlineAt: { $lt: now } }, { breaches: { $gt: 0 } }],
    },
    { limit: 20 },
  );
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
        title: `${r.code} — ${cutWhole(r.description.replace(/\s+/g, " "), 80)}`,
      }),
    ),
    ...proposals.map(
      (p): AgendaItem => ({
        id: `p-${p._id}`,
        kind: "proposal",
        refId: p._id,
        title: cutWhole(`${p.code ?? ""} ${p.title ?? ""}`.trim(), 90) || p._id,
      }),
    ),
  ];
}
