import type { Clock } from "../clock.ts";
import { type Collection, type Filter, isDuplicateKeyError, type Store } from "../store/port.ts";
import { type HeldDoc, type Notification, type OutboxDoc, toOutboxDoc } from "./types.ts";

export const OUTBOX = "outbox";

/**
 * In-process listeners per store, so a dispatcher running in this process is woken the
 * moment something is enqueued (directly or by a transition's flush) instead of waiting
 * for its poll interval. Other processes still find the work on their next poll.
 */
const listeners = new WeakMap<Store, Set<(urgent: boolean) => void>>();

export function onOutboxChange(store: Store, fn: (urgent: boolean) => void): () => void {
  let set = listeners.get(store);
  if (!set) {
    set = new Set();
    listeners.set(store, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

/** Messages were written; `urgent` when one of them is (it may overtake what waits). */
export function outboxChanged(store: Store, urgent: boolean): void {
  for (const fn of listeners.get(store) ?? []) fn(urgent);
}

export async function ensureOutboxIndexes(store: Store): Promise<void> {
  const col = store.collection<OutboxDoc>(OUTBOX);
  // "What is due": pending by notBefore; expired leases of crashed senders.
  await col.createIndex({ keys: { state: 1, notBefore: 1 }, name: "due" });
  await col.createIndex({ keys: { state: 1, "lease.until": 1 }, name: "lease" });
  // Earlier versions kept one by recipient too: nothing looks messages up that way, and
  // every claim and every "sent" rewrote it.
  await col.dropIndex("recipient.platform_1_recipient.chatId_1_state_1");
}

/**
 * Inserts one outbox document (a message, or a notice kept for a person); false when its
 * `_id` was already there (same cause).
 */
export async function insertOutboxDoc(store: Store, doc: OutboxDoc | HeldDoc): Promise<boolean> {
  try {
    await store.collection<OutboxDoc | HeldDoc>(OUTBOX).insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/**
 * Cancels the pending messages matching `filter`. A message already claimed by a sender is
 * not stopped here: its renderer decides at send time whether it still applies.
 */
export async function cancelPending(store: Store, filter: Filter, now: number): Promise<number> {
  const res = await store
    .collection<OutboxDoc>(OUTBOX)
    .updateMany({ ...filter, state: "pending" }, { $set: { state: "cancelled", updatedAt: now } });
  return res.modifiedCount;
}

/** Direct access to the outbox for features (enqueue/cancel) and tests (queries). */
export class Outbox {
  readonly col: Collection<OutboxDoc>;
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.col = store.collection<OutboxDoc>(OUTBOX);
  }

  ensureIndexes(): Promise<void> {
    return ensureOutboxIndexes(this.store);
  }

  /**
   * Enqueues outside a transition (e.g. a reply-independent notice). Idempotent on `_id`:
   * returns the ids actually inserted (a repeated cause is silently skipped).
   */
  async enqueue(n: Notification | Notification[]): Promise<string[]> {
    const now = this.clock.now();
    const inserted: string[] = [];
    let urgent = false;
    for (const one of Array.isArray(n) ? n : [n]) {
      const doc = toOutboxDoc(one, now);
      if (!(await insertOutboxDoc(this.store, doc))) continue;
      inserted.push(one._id);
      urgent ||= doc.priority === "urgent";
    }
    if (inserted.length > 0) outboxChanged(this.store, urgent);
    return inserted;
  }

  /**
   * Cancels pending messages matching `filter` (e.g. `{ "data.meetingId": id, kind: … }`).
   * A message already being sent is not stopped. Returns how many were cancelled.
   */
  cancel(filter: Filter): Promise<number> {
    return cancelPending(this.store, filter, this.clock.now());
  }

  get(id: string): Promise<OutboxDoc | null> {
    return this.col.findOne({ _id: id });
  }

  find(filter: Filter = {}): Promise<OutboxDoc[]> {
    return this.col.find(filter, { sort: { createdAt: 1, _id: 1 } });
  }

  count(filter: Filter = {}): Promise<number> {
    return this.col.countDocuments(filter);
  }

  /** Messages that are due now (what a dispatcher would claim next). */
  due(now: number = this.clock.now()): Promise<OutboxDoc[]> {
    return this.col.find(dueFilter(now), { sort: { notBefore: 1 } });
  }
}

/** Pending and due, or being sent by someone whose lease ran out. */
export function dueFilter(now: number): Filter {
  return {
    $or: [
      { state: "pending", notBefore: { $lte: now } },
      { state: "sending", "lease.until": { $lte: now } },
    ],
  };
}
