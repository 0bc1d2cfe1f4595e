import type { ReportState } from "../domain/reports.ts";
import type { WithEffects } from "../notify/effects.ts";
import type { Platform } from "../repos/types.ts";

export const REPORTS = "reports";

export type ReportLocation = { lat: number; lon: number } | { address: string };

export interface ReportQuestion {
  id: string;
  at: number;
  by: string;
  text: string;
  answer?: string;
  answeredAt?: number;
}

export interface ReportDoc extends WithEffects {
  _id: string;
  districtId: string;
  /** Latin-digit form "8-1405-00123"; shown localised. */
  code: string;
  jy: number;
  seq: number;
  reporterId: string;
  reporter: { platform: Platform; chatId: number };
  subject: string;
  neighborhood: string;
  description: string;
  /** Normalised description for duplicate hints. */
  normText: string;
  location?: ReportLocation;
  photos: { platform: Platform; fileId: string }[];
  urgency: "normal" | "urgent";
  state: ReportState;
  stateSince: number;
  /** Rung of the ladder (0 = first); a field, not a state. */
  level: number;
  /** The ladder step name at `level` (e.g. "presidium"). */
  step: string;
  owners: string[];
  /** Everyone who owned it before; they may still act, and are told when it moves. */
  pastOwners: string[];
  /** Set while a deadline runs (open states only); the escalation sweep reads it. */
  deadlineAt?: number;
  deadlineKind?: "ack" | "resolve";
  breaches: number;
  supporters: string[];
  referral?: { deputy?: string; deputyEn?: string; unit?: string; note?: string };
  resolution?: string;
  /** How many times it was marked resolved: the reporter's confirm buttons name theirs. */
  resolutions?: number;
  rejection?: { reason: "duplicate" | "out_of_scope"; duplicateOf?: string; note?: string };
  /**
   * Rejections of other reports as duplicates of this one, while they are being applied:
   * this one is not rejected as their duplicate meanwhile.
   */
  dupClaims?: { by: string; at: number }[];
  questions: ReportQuestion[];
  /** Meeting agendas this report should appear on (e.g. "presidium"). */
  agenda: string[];
  createdAt: number;
  updatedAt: number;
}

export interface ActorInfo {
  personId: string;
  platform: Platform;
  userId: number;
}
