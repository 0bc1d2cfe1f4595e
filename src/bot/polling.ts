import {
  createConcurrentSink,
  createRunner,
  createSource,
  createUpdateFetcher,
  type RunnerHandle,
} from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../log.ts";
import { isDuplicateKeyError, type Store, StoreUnavailableError } from "../store/port.ts";
import type { BotContext } from "./context.ts";
import { type InboxDoc, inboxCollection, markStoredByPolling } from "./dedupe.ts";

/**
 * Long polling through @grammyjs/runner, made durable: every fetched update is written to
 * the inbox *before* the next getUpdates call confirms it to the Bot API server. The
 * runner fetches ahead of processing, so without this a crash would drop updates that
 * were confirmed but not yet handled. On start, updates a previous process received but
 * never finished are handed to the bot first.
 */
const RESUME_WINDOW_MS = 24 * 3600_000;
const SINK_CONCURRENCY = 32;
/** The most updates one getUpdates returns. */
const FETCH_LIMIT = 100;

export function startPolling(
  bot: Bot<BotContext>,
  store: Store,
  botKey: string,
  log: Logger,
): RunnerHandle {
  const inbox = inboxCollection(store);
  const fetchUpdates = createUpdateFetcher(bot, { fetch: { timeout: 25 } });
  let pending: Update[] | undefined;
  const yielded = new Set<number>();

  /** Fetched and kept in the inbox, not yet handed to the bot; oldest first. */
  let ready: Update[] = [];

  /**
   * One getUpdates of up to the Bot API's 100, every update written to the inbox before the
   * next call confirms it: those to hand to the bot (a restart's leftovers already handed
   * to it are not handed again).
   */
  const fetchAndKeep = async (signal: Parameters<typeof fetchUpdates>[1]): Promise<Update[]> => {
    const updates = (await fetchUpdates(FETCH_LIMIT, signal)).filter(
      (u) => !yielded.delete(u.update_id),
    );
    const at = Date.now();
    const docs = updates.map(
      (update): InboxDoc => ({
        _id: `${botKey}:${update.update_id}`,
        botKey,
        updateId: update.update_id,
        update: JSON.stringify(update),
        state: "received",
        at,
      }),
    );
    // The whole batch in one write; one by one only if some were here before a restart.
    try {
      if (docs.length > 0) await inbox.insertMany(docs);
      for (const u of updates) markStoredByPolling(u);
      return updates;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) && !isDuplicateKeyError(err)) throw err;
    }
    const fresh: Update[] = [];
    for (const [i, update] of updates.entries()) {
      try {
        await inbox.insertOne(docs[i]!);
        markStoredByPolling(update);
        fresh.push(update);
      } catch (err) {
        if (err instanceof StoreUnavailableError) {
          // The store is down: the update can't be kept, so hand it to the bot now — its
          // error boundary tells the person the service is temporarily unavailable, and
          // nothing was applied. Throwing here would stop the runner for good.
          fresh.push(update);
          continue;
        }
        // Already in the inbox: received before a restart. Run it unless it finished.
        if (!isDuplicateKeyError(err)) throw err;
        const doc = await inbox.findOne({ _id: `${botKey}:${update.update_id}` });
        if (doc?.state !== "done") fresh.push(update);
      }
    }
    return fresh;
  };

  const supplier = {
    async supply(batchSize: number, signal: Parameters<typeof fetchUpdates>[1]): Promise<Update[]> {
      if (pending === undefined) {
        await bot.init();
        // Only recent ones: the Bot API keeps updates for a day, and a person who got no
        // answer long ago has moved on.
        const left = await inbox
          .find(
            { botKey, state: "received", at: { $gte: Date.now() - RESUME_WINDOW_MS } },
            { sort: { updateId: 1 } },
          )
          .catch((err) => {
            // The store is down at start: nothing to resume can be read; polling goes on.
            log.error({ err: (err as Error).message }, "could not read unfinished updates");
            return [];
          });
        pending = left.flatMap((d) => (d.update ? [JSON.parse(d.update) as Update] : []));
        if (pending.length) log.info({ count: pending.length }, "resuming unfinished updates");
      }
      if (pending.length) {
        const batch = pending.splice(0, Math.min(batchSize, SINK_CONCURRENCY));
        for (const u of batch) {
          yielded.add(u.update_id);
          markStoredByPolling(u); // read from the inbox, state "received"
        }
        return batch;
      }
      // Fetched a full batch at a time and handed on as the sink has room: under load one
      // call and one inbox write per hundred updates, not one per few freed slots. Those
      // waiting here are not confirmed to the Bot API until all are handed on (the next
      // call confirms them), so a crash or a stop loses none: the inbox or the Bot API
      // gives them again.
      if (ready.length === 0) ready = await fetchAndKeep(signal);
      // The runner's first call asks for any number: the cap holds from the start.
      return ready.splice(0, Math.min(batchSize, SINK_CONCURRENCY));
    },
  };
  const source = createSource(supplier);
  const sink = createConcurrentSink<Update>(
    { consume: (update) => bot.handleUpdate(update) },
    async (error) => {
      try {
        await bot.errorHandler(error as never);
      } catch (err) {
        log.error({ err }, "error handler failed");
      }
    },
    // Updates in flight at once. The work is CPU-bound on one thread, so more in flight add
    // no throughput, only memory (each holds a conversation's replayed state): `npm run
    // bench` measured the same rate at 32 as at 64 with a fifth less peak memory. A chat
    // that floods the bot holds at most these slots while its updates wait their turn;
    // the others are delayed by its backlog, never stopped.
    { concurrency: SINK_CONCURRENCY },
  );
  const runner = createRunner(source, sink);
  runner.start();
  return runner;
}
