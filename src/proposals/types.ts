import type { WithEffects } from "../notify/effects.ts";
import type { Platform } from "../repos/types.ts";

export const PROPOSALS = "proposals";

/**
 * DESIGN §2: draft → submitted → in_signature(step n) → approved → sent_to_hq, with
 * returned (back to the proposer) and rejected. "submitted" is the instant of the submit
 * transition itself: its audit entry records it and the item lands in in_signature.
 */
export const PROPOSAL_STATES = [
  "draft",
  "submitted",
  "in_signature",
  "returned",
  "rejected",
  "approved",
  "sent_to_hq",
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** States in which the proposer may still change the form. */
export const EDITABLE_STATES: readonly ProposalState[] = ["draft", "returned"];

export type ProposalLocation = { lat: number; lon: number } | { address: string };

export interface Attachment {
  kind: "photo" | "document";
  platform: Platform;
  fileId: string;
  name?: string;
}

/** The planning deputy's small-project form; every field is optional while a draft. */
export interface ProposalFields {
  title?: string;
  neighborhood?: string;
  subject?: string;
  problem?: string;
  description?: string;
  location?: ProposalLocation;
  beneficiaries?: { who: string; count: number };
  costRials?: number;
  durationMonths?: number;
  /** Undefined until the person has answered the attachments step (then possibly empty). */
  attachments?: Attachment[];
}

export const FIELDS = [
  "title",
  "neighborhood",
  "subject",
  "problem",
  "description",
  "location",
  "beneficiaries",
  "cost",
  "duration",
  "attachments",
] as const;
export type FieldName = (typeof FIELDS)[number];

/** One rung of the signature chain, with the roster people who may sign it. */
export interface ChainStep {
  step: string;
  signers: string[];
}

export interface SignatureRecord {
  step: number;
  stepName: string;
  revision: number;
  /** Whose signature this is (the official the liaison recorded for, on paper). */
  signerId: string | null;
  /** Who pressed the button (the signer, or the liaison recording a paper signature). */
  by: string;
  at: number;
  via: "bot" | "paper";
  /** The photo or scan of the signed paper form. */
  evidence?: { kind: "photo" | "document"; platform: Platform; fileId: string; name?: string };
}

export interface ProposalDoc extends WithEffects {
  _id: string;
  districtId: string;
  /** Given at first submission, "8-1405-00012" (Latin digits; shown localised). */
  code?: string;
  proposerId: string;
  proposer: { platform: Platform; chatId: number };
  state: ProposalState;
  stateSince: number;
  fields: ProposalFields;
  /** The form's cursor: the field being edited from the summary, if any. */
  editing?: FieldName;
  /**
   * Who benefits, answered before the number was: kept so that leaving at the number
   * loses nothing; cleared once the whole field is saved.
   */
  beneficiariesWho?: string;
  /** Submissions so far (0 for a draft never submitted). */
  revision: number;
  /** versions[r - 1] is the form as submitted in revision r (for "what changed"). */
  versions: ProposalFields[];
  chain: ChainStep[];
  /** Index of the current step in `chain` while in_signature. */
  step: number;
  stepSince: number;
  /** The current step's signers (a copy, so "waiting for me" is one indexed query). */
  signers: string[];
  /**
   * Signers of the current step whom a roster change took it from: refused with the
   * reason, not as strangers. Cleared when a step starts.
   */
  formerSigners?: string[];
  /** The liaison may record the current step's signature from a signed paper form. */
  paperOk: boolean;
  /** Signatures of the current revision, in chain order. */
  signatures: SignatureRecord[];
  /** personId → the revision they last had in hand as a signer. */
  seen: Record<string, number>;
  /** Whether headquarters' chat got the proposal (set once its messages are settled). */
  hq?: { outcome: "delivered" | "failed"; at: number };
  /** `by`: whose decision it is; `recordedBy`: the liaison who recorded it from paper. */
  lastReturn?: {
    by: string;
    at: number;
    comment: string;
    step: number;
    revision: number;
    recordedBy?: string;
  };
  rejection?: { by: string; at: number; reason: string; step: number; recordedBy?: string };
  /** Reminder/alert keys already sent, so a re-run job sends nothing twice. */
  nudges: string[];
  /**
   * When the reminder of a step went out: the presidium alert waits the usual gap after it,
   * however late the reminder was (a bot that was down sends both due at once otherwise).
   */
  reminded?: { revision: number; step: number; at: number };
  /** The step's alert job once it was moved to a later key (cancelled with the step's jobs). */
  alertJob?: string;
  createdAt: number;
  updatedAt: number;
  submittedAt?: number;
  approvedAt?: number;
  sentAt?: number;
}

export interface ActorInfo {
  personId: string;
  platform: Platform;
  userId: number;
}

export const MAX_ATTACHMENTS = 5;
export const TITLE_MIN = 5;
export const TITLE_MAX = 150;
export const TEXT_MIN = 10;
export const TEXT_MAX = 2000;
export const MAX_MONTHS = 60;
export const MAX_BENEFICIARIES = 10_000_000;
