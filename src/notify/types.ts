import type { Platform } from "../repos/types.ts";
import type { Json } from "../store/port.ts";

export type Priority = "urgent" | "normal";

export type OutboxState = "pending" | "sending" | "sent" | "failed" | "unreachable" | "cancelled";

export interface Recipient {
  platform: Platform;
  chatId: number;
  personId?: string;
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
  return doc;
}
