import type { Platform } from "../repos/types.ts";
import type { Json } from "../store/port.ts";

export type Priority = "urgent" | "normal";

export type OutboxState = "pending" | "sending" | "sent" | "failed" | "unreachable" | "cancelled";

export interface Recipient {
  platform: Platform;
  chatId: number;
  personId?: string;
}

/**
 * The item an owner is told of (a report assigned, a signature asked, an action item):
 * set on such notices only. A notice with it is kept for its person when they cannot be
 * reached, and the district's liaison is told who could not be reached about what.
 */
export interface OwnedItem {
  type: "report" | "proposal" | "action";
  /** The tracking code (reports, proposals) or the item's text (action items). */
  label: string;
}

export interface Lease {
  owner: string;
  /** Epoch ms (store clock); after this another dispatcher may take the message over. */
  until: number;
}

export type AttemptOutcome =
  | "sent"
  | "rate_limited"
  | "retry"
  | "failed"
  | "unreachable"
  | "quiet_hold"
  /** Obsolete by send time (e.g. the meeting was cancelled): not sent. */
  | "withdrawn";

export interface AttemptRecord {
  at: number;
  outcome: AttemptOutcome;
  error?: string;
  /** Seconds, as the Bot API gave them in a 429. */
  retryAfter?: number;
}

/** One message that must reach one chat. `_id` is the idempotency key of its cause. */
export interface OutboxDoc {
  _id: string;
  recipient: Recipient;
  /** Renderer key registered by the feature that enqueues it. */
  kind: string;
  /** JSON the renderer needs; opaque ids only in button data. */
  data: { [key: string]: Json };
  priority: Priority;
  /** Earliest send time (epoch ms). */
  notBefore: number;
  /** For quiet hours; missing → the first district, else 22:00–07:00 Asia/Tehran. */
  districtId?: string;
  state: OutboxState;
  /** Calls that ended in failure (429s are not counted). */
  attempts: number;
  lease?: Lease;
  /** The last attempts, oldest first (bounded). */
  attemptsLog: AttemptRecord[];
  sentAt?: number;
  messageId?: number;
  /** Why it ended failed/unreachable. */
  lastError?: string;
  /** An owner's notice (see OwnedItem). */
  ownerOf?: OwnedItem;
  createdAt: number;
  updatedAt?: number;
}

/**
 * A notice for a person with no reachable chat (blocked the bot, or never signed in),
 * kept in the outbox addressed to the person: the dispatcher never claims it (no chat, not
 * pending). When the person can be reached it is copied to each of their chats as pending
 * messages with ids derived from its own, then marked released; dropped when it waited
 * longer than HELD_MAX_AGE_MS.
 */
export interface HeldDoc {
  _id: string;
  recipient: { personId: string };
  kind: string;
  data: { [key: string]: Json };
  priority: Priority;
  districtId?: string;
  state: "held" | "released" | "dropped";
  ownerOf?: OwnedItem;
  createdAt: number;
  updatedAt?: number;
}

/** What a feature hands to the outbox; the rest of OutboxDoc is filled in on enqueue. */
export interface Notification {
  /** Idempotency key (e.g. `report-routed:<reportId>:<rev>:<personId>`). */
  _id: string;
  recipient: Recipient;
  kind: string;
  data?: { [key: string]: Json };
  /** Default "normal" (held during quiet hours). */
  priority?: Priority;
  /** Default: now. */
  notBefore?: number;
  districtId?: string;
  ownerOf?: OwnedItem;
}

/** Builds the stored document for a notification. */
export function toOutboxDoc(n: Notification, now: number): OutboxDoc {
  const doc: OutboxDoc = {
    _id: n._id,
    recipient: {
      platform: n.recipient.platform,
      chatId: n.recipient.chatId,
      ...(n.recipient.personId !== undefined ? { personId: n.recipient.personId } : {}),
    },
    kind: n.kind,
    data: n.data ?? {},
    priority: n.priority ?? "normal",
    notBefore: n.notBefore ?? now,
    state: "pending",
    attempts: 0,
    attemptsLog: [],
    createdAt: now,
  };
  if (n.districtId !== undefined) doc.districtId = n.districtId;
  if (n.ownerOf !== undefined) doc.ownerOf = n.ownerOf;
  return doc;
}
