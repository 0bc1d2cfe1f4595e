import { type Collection, isDuplicateKeyError, type Json, type Store } from "../store/port.ts";

export const JOBS = "jobs";

export type JobState = "pending" | "running" | "done" | "failed" | "cancelled";

export interface JobDoc {
  /** Deterministic key, e.g. `report-ack:<reportId>:<rev>`: scheduling twice is a no-op. */
  _id: string;
  kind: string;
  /** When it should run next (moves on retry). */
  runAt: number;
  /** When it was originally due; kept when it runs late or is retried. */
  dueAt: number;
  payload: { [key: string]: Json };
  state: JobState;
  lease?: { owner: string; until: number };
  /** Runs started (a takeover after a crash counts too). */
  attempts: number;
  ranAt?: number;
  lastError?: string;
  createdAt: number;
  updatedAt: number;
}

/** What a caller hands to `schedule`. */
export interface JobSpec {
  _id: string;
  kind: string;
  runAt: number;
  payload?: { [key: string]: Json };
}

export function jobsCollection(store: Store): Collection<JobDoc> {
  return store.collection<JobDoc>(JOBS);
}

export async function ensureJobIndexes(store: Store): Promise<void> {
  const col = jobsCollection(store);
  await col.createIndex({ keys: { state: 1, runAt: 1 }, name: "due" });
  await col.createIndex({ keys: { state: 1, "lease.until": 1 }, name: "lease" });
}

/**
 * Creates the job, or moves a still-pending one to the new time (and payload). A job that
 * already ran, failed or was cancelled is left alone (the same key never runs twice);
 * schedule again under a new key to run again. Returns the job as stored.
 */
export async function scheduleJob(store: Store, spec: JobSpec, now: number): Promise<JobDoc> {
  const col = jobsCollection(store);
  const doc: JobDoc = {
    _id: spec._id,
    kind: spec.kind,
    runAt: spec.runAt,
    dueAt: spec.runAt,
    payload: spec.payload ?? {},
    state: "pending",
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await col.insertOne(doc);
    return doc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const moved = await col.findOneAndUpdate(
    { _id: spec._id, state: "pending" },
    {
      $set: {
        kind: spec.kind,
        runAt: spec.runAt,
        dueAt: spec.runAt,
        payload: spec.payload ?? {},
        updatedAt: now,
      },
    },
  );
  return moved ?? (await col.findOne({ _id: spec._id })) ?? doc;
}

/** Cancels a pending job; false if it is not pending (already ran, running, or unknown). */
export async function cancelJob(store: Store, id: string, now: number): Promise<boolean> {
  const res = await jobsCollection(store).updateOne(
    { _id: id, state: "pending" },
    { $set: { state: "cancelled", updatedAt: now } },
  );
  return res.modifiedCount > 0;
}
