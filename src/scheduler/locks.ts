import { type BaseDoc, isDuplicateKeyError, type Store } from "../store/port.ts";

export const LOCKS = "locks";

export interface LockDoc extends BaseDoc {
  owner: string;
  /** Epoch ms; after it anyone may take the lock (its holder is presumed dead). */
  until: number;
}

export interface ExclusiveOptions {
  owner: string;
  now: number;
  /**
   * Keep the lock until this instant after `fn` finishes (default: release at once), so
   * other instances skip the same period's sweep instead of repeating it.
   */
  holdUntil?: number;
}

/**
 * Takes the named lock for `ttlMs` (guarded update: free, expired, or already ours), runs
 * `fn`, releases. Returns `{ ran: false }` without running when another owner holds it.
 * `ttlMs` must exceed the longest run: an expired lock is taken over.
 */
export async function runExclusive<R>(
  store: Store,
  name: string,
  ttlMs: number,
  fn: () => Promise<R>,
  opts: ExclusiveOptions,
): Promise<{ ran: true; result: R } | { ran: false }> {
  const col = store.collection<LockDoc>(LOCKS);
  const until = opts.now + ttlMs;
  let taken = await col.findOneAndUpdate(
    { _id: name, $or: [{ until: { $lte: opts.now } }, { owner: opts.owner }] },
    { $set: { owner: opts.owner, until } },
  );
  if (!taken) {
    try {
      await col.insertOne({ _id: name, owner: opts.owner, until });
      taken = { _id: name, owner: opts.owner, until };
    } catch (err) {
      if (isDuplicateKeyError(err)) return { ran: false };
      throw err;
    }
  }
  try {
    return { ran: true, result: await fn() };
  } finally {
    await col.updateOne({ _id: name, owner: opts.owner }, { $set: { until: opts.holdUntil ?? 0 } });
  }
}
