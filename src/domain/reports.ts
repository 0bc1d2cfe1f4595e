/**
 * Report rules (DESIGN §2): states, who may do what from which state, and which rung of
 * the ladder owns a report. Pure: no grammY, no store.
 */

export const REPORT_STATES = [
  "submitted",
  "acknowledged",
  "referred",
  "resolved",
  "closed",
  "rejected",
  "reopened",
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** States in which the owner must act; deadlines run only here. */
export const OPEN_STATES: readonly ReportState[] = [
  "submitted",
  "acknowledged",
  "referred",
  "reopened",
];

/** Actions of the owner at the current rung (and of presidium, liaison, admin). */
export const OWNER_ACTIONS = ["ack", "refer", "resolve", "reject", "noagree", "ask"] as const;
export type OwnerAction = (typeof OWNER_ACTIONS)[number];

/** From which states each owner action is allowed, and where it leads (same = stays). */
export const OWNER_TRANSITIONS: Record<
  OwnerAction,
  { from: readonly ReportState[]; to: ReportState | "same" }
> = {
  ack: { from: ["submitted", "reopened"], to: "acknowledged" },
  refer: { from: ["submitted", "acknowledged", "reopened"], to: "referred" },
  resolve: { from: ["submitted", "acknowledged", "referred", "reopened"], to: "resolved" },
  reject: { from: ["submitted", "acknowledged", "reopened"], to: "rejected" },
  noagree: { from: ["submitted", "acknowledged", "referred", "reopened"], to: "same" },
  ask: { from: ["submitted", "acknowledged", "referred", "reopened"], to: "same" },
};

/** Which actions need text from the person before they apply. */
export const ACTION_NEEDS_INPUT: Record<OwnerAction, boolean> = {
  ack: false,
  refer: true,
  resolve: true,
  reject: true,
  noagree: true,
  ask: true,
};

export function isReportState(s: string): s is ReportState {
  return (REPORT_STATES as readonly string[]).includes(s);
}

export function isOpen(state: ReportState): boolean {
  return OPEN_STATES.includes(state);
}

export function canApply(action: OwnerAction, state: ReportState): boolean {
  return OWNER_TRANSITIONS[action].from.includes(state);
}

/**
 * The rung "no agreement" sends a report to: the presidium, and only from below it. At the
 * presidium or above it (the liaison) it has nowhere to go, so the action does not apply.
 */
export function noAgreeLevel(ladder: readonly string[], level: number): number | null {
  const presidium = ladder.indexOf("presidium");
  return presidium > level ? presidium : null;
}

/** Which deadline runs in a state: to acknowledge, or to resolve/refer after acknowledging. */
export function deadlineKind(state: ReportState): "ack" | "resolve" | null {
  if (state === "submitted" || state === "reopened") return "ack";
  if (state === "acknowledged" || state === "referred") return "resolve";
  return null;
}

export type LadderStep = string;

/**
 * The roster roles that own a report at a ladder step, most specific first. The first
 * role held by at least one active person wins (e.g. a neighbourhood without a working
 * group for the subject falls back to its neighbourhood secretary).
 */
export function ownerQueries(
  step: LadderStep,
  report: { subject: string; neighborhood: string },
): { roles: string; neighborhood?: string }[] {
  switch (step) {
    case "neighborhood_wg_secretary":
      return [
        { roles: `wg_secretary:${report.subject}`, neighborhood: report.neighborhood },
        { roles: "neighborhood_secretary", neighborhood: report.neighborhood },
      ];
    case "neighborhood_secretary":
      return [{ roles: "neighborhood_secretary", neighborhood: report.neighborhood }];
    case "district_wg_secretary":
      return [{ roles: `district_wg_secretary:${report.subject}` }];
    case "deputy_of_subject":
      return [{ roles: `deputy:${report.subject}` }];
    default:
      return [{ roles: step }];
  }
}

/** Distance in metres between two points (haversine), for "within 100 m" duplicate hints. */
export function distanceMeters(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
export const MAX_PHOTOS = 5;
export const DUPLICATE_SIMILARITY = 0.45;
export const DUPLICATE_RADIUS_M = 100;
