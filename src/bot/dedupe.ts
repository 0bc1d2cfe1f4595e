import type { MiddlewareFn } from "grammy";
import type { Store } from "../store/port.ts";
import type { BaseContext } from "./context.ts";

/** One received update: written before it is confirmed to the Bot API, marked done after. */
export interface InboxDoc {
  _id: string;
  botKey: string;
  updateId: number;
  /** The raw update as JSON text (webhook deliveries store none). */
  update?: string;
  state: "received" | "done";
  at: number;
}

export function inboxCollection(store: Store) {
  return store.collection<InboxDoc>("inbox");
}

/**
 * One index serves both look-ups — updates left "received" by a crash (recent, so few:
 * the bot and the order are sorted out in memory) and "done" ones past their retention —
 * because every index is rewritten on every done mark, twice per update. (Earlier
 * versions kept two; they are dropped.)
 */
export async function ensureInboxIndexes(store: Store): Promise<void> {
  const inbox = inboxCollection(store);
  await inbox.createIndex({ keys: { state: 1, at: 1 } });
  await inbox.dropIndex("botKey_1_state_1_updateId_1");
  await inbox.dropIndex("at_1");
}

/**
 * Updates the polling supplier has just written to the inbox itself (by object identity):
 * for those the middleware below knows the inbox state already and skips the read.
 */
const storedByPolling = new WeakSet<object>();

export function markStoredByPolling(update: object): void {
  storedByPolling.add(update);
}

/** How long processed update ids are remembered; Bot API servers keep updates for 24 h. */
export const DEDUPE_RETENTION_MS = 3 * 24 * 3600_000;

/**
 * Processes each update_id once. After a restart the Bot API hands back updates the
 * previous process had not confirmed; those it had finished are skipped. One that was
 * cut off half-way ("received") runs again — every state change behind it is a guarded
 * update, so running it again cannot act twice.
 */
export function dedupeUpdates(store: Store, botKey: string): MiddlewareFn<BaseContext> {
  const col = inboxCollection(store);
  const markDone = doneMarks(col);
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const id = `${botKey}:${updateId}`;
    if (!storedByPolling.has(ctx.update)) {
      const seen = await col.findOne({ _id: id }, { projection: { state: 1 } });
      if (seen?.state === "done") {
        ctx.app.log.info({ updateId }, "duplicate update skipped");
        return;
      }
      if (!seen)
        await col.updateOne(
          { _id: id },
          { $setOnInsert: { botKey, updateId, state: "received", at: Date.now() } },
          { upsert: true },
        );
    }
    await next();
    await markDone(id);
  };
}

/**
 * Marks updates done, those finished in the same turn of the event loop with one write:
 * under load several finish together, and one statement for them all costs a fraction of
 * one each. Each update still waits for its own mark before it is over (and the next update
 * of its chat with it), so a crash leaves "received" exactly the updates it would with a
 * write each; a failed write fails each update it held, as its own would have. The raw
 * update was kept only to run it again after a crash; the id stays for dedupe (and `at`,
 * now the time it finished, for the retention).
 */
function doneMarks(col: ReturnType<typeof inboxCollection>): (id: string) => Promise<void> {
  let waiting: { id: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  const write = async () => {
    const batch = waiting;
    waiting = [];
    try {
      await col.updateMany(
        { _id: { $in: batch.map((w) => w.id) } },
        { $set: { state: "done", at: Date.now() }, $unset: { update: "" } },
      );
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
  };
  return (id) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.push({ id, resolve, reject }) === 1) setImmediate(write);
    });
}

/** The highest update id the store holds for a bot (0 for none). */
export async function lastUpdateId(store: Store, botKey: string): Promise<number> {
  const [last] = await inboxCollection(store).find(
    { botKey },
    { sort: { updateId: -1 }, limit: 1, projection: { updateId: 1 } },
  );
  return last?.updateId ?? 0;
}

export async function pruneProcessedUpdates(store: Store, now: number): Promise<number> {
  return inboxCollection(store).deleteMany({
    state: "done",
    at: { $lt: now - DEDUPE_RETENTION_MS },
  });
}
