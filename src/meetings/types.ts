import type { MonthlyRule } from "../domain/recurrence.ts";
import type { WithEffects } from "../notify/effects.ts";
import type { Platform } from "../repos/types.ts";

export const MEETINGS = "meetings";
export const MEETING_SERIES = "meeting_series";
export const ACTION_ITEMS = "action_items";

/**
 * Whose meeting it is. The scope decides who may schedule it, who takes part and what
 * goes on its agenda.
 * - `wg`: a working group (neighbourhood level: its members and secretary in one
 *   neighbourhood; district level: the district secretary and the neighbourhood
 *   secretaries of the subject) with the subject's deputy;
 * - `presidium`: the presidium with the district mayor;
 * - `council`: one neighbourhood's councillors.
 */
export type MeetingScope =
  | { kind: "wg"; level: "neighborhood"; subject: string; neighborhood: string }
  | { kind: "wg"; level: "district"; subject: string }
  | { kind: "presidium" }
  | { kind: "council"; neighborhood: string };

export type MeetingState = "scheduled" | "held" | "cancelled";

export interface Rsvp {
  answer: "yes" | "no";
  reason?: string;
  at: number;
}

export interface AgendaItem {
  id: string;
  kind: "report" | "proposal" | "custom";
  /** The report's or proposal's id. */
  refId?: string;
  /** Snapshot shown on the agenda (e.g. tracking code and a line of description). */
  title: string;
}

export type ActionOwner = { type: "person"; personId: string } | { type: "deputy"; code: string };

export interface MinutesItemDecision {
  agendaItemId: string;
  decision?: string;
  /** A report transition the secretary asked for, and what came of it. */
  reportAction?: "refer" | "resolve";
  reportResult?: "ok" | "forbidden" | "stale" | "not_found" | "invalid";
}

export interface Minutes {
  attended: string[];
  decisions: MinutesItemDecision[];
  notes?: string;
  actionItemIds: string[];
  recordedBy: string;
  recordedAt: number;
}

/**
 * What saving the minutes still has to do once they are claimed: store the action items
 * and move the linked reports the decisions name. Kept in the meeting until done, so the
 * sweep finishes it after a crash; each step can be repeated without acting twice.
 */
export interface MinutesFollowUp {
  /** When the minutes were claimed. */
  at: number;
  /** Who recorded them: the reports move in their name. */
  actor: { personId: string; platform: Platform; userId: number };
  /** The action items as they are stored (ids `${meetingId}:ai${n}`). */
  items: Omit<ActionItemDoc, "_rev" | "_effects" | "_pending">[];
}

export interface MeetingDoc extends WithEffects {
  _id: string;
  districtId: string;
  seriesId?: string;
  scope: MeetingScope;
  /** Who runs it: the scheduling secretary (series: the series' secretary). */
  secretaryId: string;
  startAt: number;
  durationMin: number;
  place?: string;
  link?: string;
  notes?: string;
  state: MeetingState;
  /** Person ids, fixed when scheduled (the roster as it was). */
  participants: string[];
  /** Keyed by person id. */
  rsvp: Record<string, Rsvp>;
  /** Bumped on every move: reminder jobs carry it, so an old time's reminders never fire. */
  timeVersion: number;
  /** Minutes before the start. */
  reminderOffsets: number[];
  /** `offset:timeVersion` of reminders already sent. */
  remindersSent: string[];
  agenda: AgendaItem[];
  /** Items the secretary removed: not suggested again. */
  agendaRemoved: string[];
  agendaBuilt: boolean;
  minutes?: Minutes;
  /** Set from the minutes' claim until their action items and report moves are done. */
  minutesFollowUp?: MinutesFollowUp;
  /** Next minutes nag (secretary, then presidium); unset once minutes exist. */
  minutesDueAt?: number;
  minutesStage: number;
  cancelReason?: string;
  createdAt: number;
  updatedAt: number;
}

export interface MeetingSeriesDoc extends WithEffects {
  _id: string;
  districtId: string;
  scope: MeetingScope;
  secretaryId: string;
  rule: MonthlyRule;
  hour: number;
  minute: number;
  durationMin: number;
  place?: string;
  link?: string;
  notes?: string;
  reminderOffsets: number[];
  active: boolean;
  /** `jy-jm` of months whose "schedule one" reminder went out. */
  nagged: string[];
  createdAt: number;
  updatedAt: number;
}

export type ActionItemState = "open" | "done";

export interface ActionItemDoc extends WithEffects {
  _id: string;
  districtId: string;
  meetingId: string;
  text: string;
  owner: ActionOwner;
  /** People reminded as owners (deputy: the roster's deputies of that code, if any). */
  ownerIds: string[];
  dueAt: number;
  state: ActionItemState;
  /** 0 owner, 1 the meeting's secretary, 2 presidium. */
  level: number;
  /** Next escalation (open items only). */
  deadlineAt?: number;
  /** The owner's "due soon" reminder (unset once sent). */
  remindAt?: number;
  doneNote?: string;
  dateRequest?: { dueAt: number; reason?: string; at: number };
  reportId?: string;
  createdAt: number;
  updatedAt: number;
}
