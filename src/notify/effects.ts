/**
 * Transitions with effects: the transactional outbox kept inside the item's own document.
 *
 * MongoDB without a replica set has no multi-document transactions, so a state change and
 * the notifications/audit/jobs it causes cannot be written together. Instead the guarded
 * update also pushes the pending effects into the item (`_effects`), atomically; then they
 * are copied to their collections under deterministic ids and pulled from the item. A crash
 * in between leaves them in the item, where `recoverEffects` finds and flushes them; a
 * repeated flush hits the same ids (DuplicateKeyError) and changes nothing. (A new item on a
 * store that writes several collections at once — the embedded one — is written together
 * with its notifications and audit entries instead: see `insertWithEffects`.)
 */
import type { AuditDoc } from "../repos/types.ts";
import { cancelJob, type JobSpec, scheduleJob } from "../scheduler/jobs.ts";
import {
  type BaseDoc,
  type Filter,
  type InsertTogether,
  isDuplicateKeyError,
  type Json,
  type Store,
  type Update,
} from "../store/port.ts";
import { cancelPending, insertOutboxDoc, OUTBOX, outboxChanged } from "./outbox.ts";
import { type HeldDoc, type Notification, type OutboxDoc, toOutboxDoc } from "./types.ts";

/** An audit entry as a transition gives it; `at` defaults to the transition's `now`. */
export type AuditEntry = Omit<AuditDoc, "_id" | "at"> & { _id?: string; at?: number };

/** A notification whose idempotency key may be left to the transition. */
export type NotificationInput = Omit<Notification, "_id"> & { _id?: string };

/**
 * Pending notifications a change makes obsolete (e.g. reminders of a meeting that was just
 * cancelled): those of `kinds` whose data fields equal `data` and differ from `dataNot`.
 * Kept as plain JSON so it can wait in the document like any other effect.
 */
export interface Withdrawal {
  kinds: string[];
  data: { [key: string]: Json };
  dataNot?: { [key: string]: Json };
}

/** What a caller asks for (see the helpers below). */
export type EffectInput =
  | { type: "notify"; notification: NotificationInput }
  | { type: "audit"; entry: AuditEntry }
  | { type: "job"; op: "schedule"; job: JobSpec }
  | { type: "job"; op: "cancel"; jobId: string }
  | { type: "withdraw"; withdrawal: Withdrawal }
  | { type: "hold"; doc: HeldDoc };

/** An effect as stored in `_effects`: fully built, with its deterministic id. */
export type Effect =
  | { _id: string; type: "notify"; doc: OutboxDoc }
  | { _id: string; type: "audit"; doc: AuditDoc }
  | { _id: string; type: "job"; op: "schedule"; job: JobSpec; at: number }
  | { _id: string; type: "job"; op: "cancel"; jobId: string; at: number }
  | { _id: string; type: "withdraw"; withdrawal: Withdrawal; at: number }
  | { _id: string; type: "hold"; doc: HeldDoc };

export const notifyEffect = (notification: NotificationInput): EffectInput => ({
  type: "notify",
  notification,
});
/** One notification per chat, keyed `${key}:${platform}:${chatId}` so a cause can't enqueue twice. */
export function notifyEach(
  recipients: Notification["recipient"][],
  spec: {
    kind: string;
    data: Notification["data"];
    districtId: string;
    key: string;
    priority?: Notification["priority"];
    ownerOf?: Notification["ownerOf"];
  },
): EffectInput[] {
  return recipients.map((r) =>
    notifyEffect({
      _id: `${spec.key}:${r.platform}:${r.chatId}`,
      recipient: r,
      kind: spec.kind,
      data: spec.data,
      districtId: spec.districtId,
      priority: spec.priority ?? "normal",
      ...(spec.ownerOf ? { ownerOf: spec.ownerOf } : {}),
    }),
  );
}

/** Keeps a notice for a person who has no reachable chat now (see HeldDoc). */
export const holdEffect = (doc: HeldDoc): EffectInput => ({ type: "hold", doc });

export const auditEffect = (entry: AuditEntry): EffectInput => ({ type: "audit", entry });
export const scheduleEffect = (job: JobSpec): EffectInput => ({ type: "job", op: "schedule", job });
export const cancelJobEffect = (jobId: string): EffectInput => ({
  type: "job",
  op: "cancel",
  jobId,
});

export const withdrawEffect = (withdrawal: Withdrawal): EffectInput => ({
  type: "withdraw",
  withdrawal,
});

/** The outbox filter of a withdrawal (pending only is added by `cancelPending`). */
export function withdrawalFilter(w: Withdrawal): Filter {
  const filter: Filter = { kind: { $in: w.kinds } };
  for (const [k, v] of Object.entries(w.data)) filter[`data.${k}`] = v;
  for (const [k, v] of Object.entries(w.dataNot ?? {})) filter[`data.${k}`] = { $ne: v };
  return filter;
}

export interface TransitionSpec {
  collection: string;
  /** The guard: the expected current state is part of it. */
  filter: Filter;
  /** Operators only; must not touch `_rev` or `_effects`. */
  update: Update;
  effects: EffectInput[];
  now: number;
  /**
   * Optional id of this transition (e.g. derived from the pressed button's nonce). Without
   * it the item's revision counter `_rev` names the transition: it is read first and the
   * update is guarded on it, so each revision's effects get ids no other write can reuse.
   */
  transitionId?: string;
}

/** Documents that carry pending effects. */
export interface WithEffects extends BaseDoc {
  _rev?: number;
  _effects?: Effect[];
  /** Set while effects wait to be flushed (the time of the transition). */
  _pending?: number;
}

function buildEffects(prefix: string, inputs: EffectInput[], now: number): Effect[] {
  return inputs.map((e, i): Effect => {
    const id = `${prefix}:${i}`;
    switch (e.type) {
      case "notify":
        return {
          _id: id,
          type: "notify",
          doc: toOutboxDoc({ ...e.notification, _id: e.notification._id ?? `ntf:${id}` }, now),
        };
      case "audit": {
        const doc = { ...e.entry, _id: e.entry._id ?? `audit:${id}`, at: e.entry.at ?? now };
        for (const k of Object.keys(doc) as (keyof typeof doc)[])
          if (doc[k] === undefined) delete doc[k];
        return { _id: id, type: "audit", doc: doc as AuditDoc };
      }
      case "withdraw":
        return { _id: id, type: "withdraw", withdrawal: e.withdrawal, at: now };
      case "hold":
        return { _id: id, type: "hold", doc: e.doc };
      default:
        return e.op === "schedule"
          ? { _id: id, type: "job", op: "schedule", job: e.job, at: now }
          : { _id: id, type: "job", op: "cancel", jobId: e.jobId, at: now };
    }
  });
}

/**
 * Pushes the effects and marks the document as having some pending (`_pending`, indexed),
 * so recovery finds leftovers by an index instead of reading every document.
 */
function withEffects(
  update: Update,
  effects: Effect[],
  rev: { $set?: Record<string, unknown>; $inc?: Record<string, unknown> },
  now: number,
): Update {
  return {
    ...update,
    ...rev,
    $set: { ...update.$set, ...rev.$set, _pending: now },
    $push: { ...update.$push, _effects: { $each: effects } },
  };
}

/**
 * Step 1 only: the guarded update with the effects pushed into the document. Exported so
 * tests can simulate a crash before the flush; features call `transition`.
 */
export async function applyTransition<T extends BaseDoc>(
  store: Store,
  spec: TransitionSpec,
): Promise<(T & WithEffects) | null> {
  const col = store.collection<T & WithEffects>(spec.collection);
  if (spec.transitionId !== undefined) {
    const effects = buildEffects(spec.transitionId, spec.effects, spec.now);
    return col.findOneAndUpdate(
      spec.filter,
      withEffects(spec.update, effects, { $inc: { ...spec.update.$inc, _rev: 1 } }, spec.now),
    );
  }
  // Optimistic: read the revision, then update guarded on the filter AND that revision.
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await col.findOne(spec.filter);
    if (!current) return null;
    const rev = typeof current._rev === "number" ? current._rev : 0;
    const effects = buildEffects(`${current._id}:${rev + 1}`, spec.effects, spec.now);
    const guard: Filter = {
      ...spec.filter,
      _id: current._id,
      _rev: typeof current._rev === "number" ? current._rev : { $exists: false },
    };
    const after = await col.findOneAndUpdate(
      guard,
      withEffects(spec.update, effects, { $set: { ...spec.update.$set, _rev: rev + 1 } }, spec.now),
    );
    if (after) return after;
    // Someone else moved the item in between: re-check the guard against the new state.
  }
  throw new Error(`transition on ${spec.collection}: too much contention`);
}

/**
 * The documents `flushEffects` would insert for these effects, or undefined when one of
 * them is more than an insert (a job is scheduled or cancelled by an update).
 */
function effectCopies(effects: Effect[]): InsertTogether[] | undefined {
  const copies: InsertTogether[] = [];
  for (const e of effects) {
    if (e.type === "job" || e.type === "withdraw") return undefined;
    copies.push({ collection: e.type === "audit" ? "audit" : OUTBOX, doc: e.doc, ifAbsent: true });
  }
  return copies;
}

/** Copies a document's pending effects to their collections, then pulls them. */
export async function flushEffects(
  store: Store,
  collection: string,
  doc: WithEffects,
): Promise<number> {
  const effects = doc._effects ?? [];
  if (effects.length === 0) return 0;
  let notified = false;
  for (const e of effects) {
    switch (e.type) {
      case "notify":
        if (await insertOutboxDoc(store, e.doc)) notified = true;
        break;
      case "audit":
        try {
          await store.collection<AuditDoc>("audit").insertOne(e.doc);
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
        break;
      case "hold":
        await insertOutboxDoc(store, e.doc);
        break;
      case "job":
        if (e.op === "schedule") await scheduleJob(store, e.job, e.at);
        else await cancelJob(store, e.jobId, e.at);
        break;
      case "withdraw":
        // Callers match only what was pending before, never what the same transition
        // enqueues, so repeating it (recovery after a crash) cancels nothing more.
        await cancelPending(store, withdrawalFilter(e.withdrawal), e.at);
        break;
    }
  }
  const col = store.collection<WithEffects>(collection);
  // Usually nothing has touched the document since its transition (the same revision, as
  // many effects): they are exactly these, and one write clears them and the mark.
  const untouched =
    typeof doc._rev === "number" &&
    (
      await col.updateOne(
        { _id: doc._id, _rev: doc._rev, _effects: { $size: effects.length } },
        { $set: { _effects: [] }, $unset: { _pending: "" } },
      )
    ).matchedCount > 0;
  if (!untouched) {
    await col.updateOne(
      { _id: doc._id },
      { $pull: { _effects: { _id: { $in: effects.map((e) => e._id) } } } },
    );
    // Clear the mark only if nothing new was pushed meanwhile (that one is flushed by its
    // own transition, or found by recovery).
    await col.updateOne({ _id: doc._id, _effects: { $size: 0 } }, { $unset: { _pending: "" } });
  }
  if (notified) outboxChanged(store, anyUrgent(effects));
  return effects.length;
}

const anyUrgent = (effects: Effect[]): boolean =>
  effects.some((e) => e.type === "notify" && e.doc.priority === "urgent");

/**
 * A guarded state change with its effects. Returns the updated document, or null when the
 * guard failed (a stale press, another instance won): then nothing at all happened.
 * The flush covers every effect left in the document, older leftovers first.
 */
export async function transition<T extends BaseDoc>(
  store: Store,
  spec: TransitionSpec,
): Promise<(T & WithEffects) | null> {
  const after = await applyTransition<T>(store, spec);
  if (!after) return null;
  await flushEffects(store, spec.collection, after);
  return { ...after, _effects: [] };
}

/**
 * Inserts a new document with the effects of its creation (as its revision 1), then
 * flushes them: what an insert followed by a first `transition` does, in fewer writes. A
 * crash in between leaves the effects in the document for recovery, as after a transition.
 * Where the store writes several collections at once, the document and its notifications
 * and audit entries are one write instead, with nothing parked in the document.
 */
export async function insertWithEffects<T extends BaseDoc>(
  store: Store,
  collection: string,
  doc: T,
  inputs: EffectInput[],
  now: number,
): Promise<T & WithEffects> {
  const effects = buildEffects(`${doc._id}:1`, inputs, now);
  const copies = store.insertTogether && effectCopies(effects);
  if (copies) {
    const stored: T & WithEffects = { ...doc, _rev: 1, _effects: [] };
    await store.insertTogether!([{ collection, doc: stored }, ...copies]);
    if (effects.some((e) => e.type === "notify")) outboxChanged(store, anyUrgent(effects));
    return stored;
  }
  const stored: T & WithEffects = { ...doc, _rev: 1, _effects: effects, _pending: now };
  await store.collection<T & WithEffects>(collection).insertOne(stored);
  await flushEffects(store, collection, stored);
  const { _pending, ...flushed } = stored;
  void _pending;
  return { ...flushed, _effects: [] } as T & WithEffects;
}

/**
 * Flushes effects left behind by a crash between a transition's update and its flush.
 * The scheduler runs it on start and on every tick. Returns how many effects it flushed.
 */
/** The index that lets recovery read only documents with pending effects. */
export async function ensureEffectIndexes(store: Store, collections: string[]): Promise<void> {
  for (const name of collections)
    await store.collection(name).createIndex({ keys: { _pending: 1 }, name: "pending_effects" });
}

export async function recoverEffects(store: Store, collections: string[]): Promise<number> {
  let flushed = 0;
  for (const name of collections) {
    const docs = await store
      .collection<WithEffects>(name)
      .find({ _pending: { $gte: 0 }, "_effects.0": { $exists: true } }, { limit: 1000 });
    for (const doc of docs) flushed += await flushEffects(store, name, doc);
  }
  return flushed;
}
