import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Api, GrammyError, HttpError, InputFile } from "grammy";
import { type Clock, systemClock } from "../clock.ts";
import type { DistrictDoc } from "../district/schema.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { AuditDoc, IdentityDoc, Lang, PersonDoc, Platform } from "../repos/types.ts";
import { type Collection, type Filter, isDuplicateKeyError, type Store } from "../store/port.ts";
import { OUTBOX, onOutboxChange } from "./outbox.ts";
import { DEFAULT_LIMITS, Pacer, type SendLimits } from "./pacer.ts";
import { districtQuietHours, type QuietHours, quietHoursEnd } from "./quiet-hours.ts";
import type { Rendered, Renderers } from "./renderers.ts";
import type { AttemptRecord, OutboxDoc } from "./types.ts";

export interface DispatcherStats {
  sent: number;
  /** 5xx and network failures that were rescheduled. */
  retried: number;
  /** 429 answers (not failures: the message is just rescheduled). */
  rateLimited: number;
  failed: number;
  unreachable: number;
  /** Normal messages moved to the end of quiet hours. */
  held: number;
}

export interface DispatcherOptions {
  store: Store;
  /** One raw grammY Api per platform, WITHOUT auto-retry (429/5xx are handled here). */
  apis: Partial<Record<Platform, Api>>;
  clock?: Clock;
  log?: Logger;
  renderers: Renderers;
  /** Per bot; with several instances give each its share of the real limits. */
  limits?: Partial<SendLimits>;
  /** How long a claim stays ours (store clock ms); default 60 s. */
  leaseMs?: number;
  ownerId?: string;
  /**
   * No other process sends from this outbox (the embedded store admits one process): a
   * claim found at start was left by a process that died, and is taken over at once
   * instead of after its lease.
   */
  soleSender?: boolean;
  /** A recipient answered 403: features use this to fall back (e.g. tell the secretary). */
  onUnreachable?: (doc: OutboxDoc) => void | Promise<void>;
  /** How often the store is polled when nothing woke us; default 1 s. */
  pollIntervalMs?: number;
  /** Concurrent API calls; default 64. */
  maxInFlight?: number;
  /** Retry backoff for 5xx/network errors: base doubles per attempt, capped; default 1 s / 5 min. */
  backoff?: { baseMs?: number; capMs?: number };
  /** Due messages fetched per store query; default 2000 (each fetch costs a scan on the embedded store). */
  batchSize?: number;
}

const LOG_KEEP = 20;
/** Chats with this many buffered messages are left out of the next fetch. */
const PER_CHAT_BUFFER = 3;
/**
 * With the buffer at least half full, the store is polled this many times less often, and
 * only for urgent messages: this process's own writers wake the dispatcher (saying whether
 * what they wrote is urgent), so the poll only covers other processes sharing a store.
 */
const STOCKED_POLL_FACTOR = 10;

type Key = string;
const keyOf = (d: OutboxDoc): Key => `${d.recipient.platform}:${d.recipient.chatId}`;

/**
 * Delivers the outbox. Each message is claimed atomically (pending → sending with a lease)
 * right before its API call, so dispatchers sharing a store never send one message at the
 * same time, and a message whose sender died is taken over once its lease expires. "sent"
 * is recorded right after the call returns: a crash in between can cause one re-send, never
 * a loss.
 *
 * Pacing is per bot (see Pacer); due messages are buffered per chat, so a chat that is
 * cooling down never holds up the others.
 */
export class Dispatcher {
  readonly ownerId: string;
  private readonly store: Store;
  private readonly col: Collection<OutboxDoc>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly backoffBase: number;
  private readonly backoffCap: number;
  private readonly batchSize: number;
  private readonly pacers = new Map<Platform, Pacer>();
  private readonly platforms: Platform[];

  /** Per chat, in the order chats are served (chats with an urgent message first). */
  private queues = new Map<Key, OutboxDoc[]>();
  private buffered = 0;
  /** Ids buffered or being sent by this dispatcher. */
  private readonly known = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Chats (by key) with a message on its way. */
  private readonly chatsInFlight = new Set<Key>();
  private readonly aux = new Set<Promise<unknown>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = true;
  /** An urgent message was written since the last look for one. */
  private wokenUrgent = true;
  private lastRefill = -Infinity;
  private lastFetchFull = false;
  /** Store-clock time of the earliest known future notBefore. */
  private nextDueAt = Infinity;
  private unsubscribe: (() => void) | null = null;
  private readonly quietCache = new Map<string, { q: QuietHours; at: number }>();
  private readonly counters: DispatcherStats = {
    sent: 0,
    retried: 0,
    rateLimited: 0,
    failed: 0,
    unreachable: 0,
    held: 0,
  };

  constructor(private readonly opts: DispatcherOptions) {
    this.store = opts.store;
    this.col = opts.store.collection<OutboxDoc>(OUTBOX);
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.ownerId = opts.ownerId ?? `dispatcher-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.pollMs = opts.pollIntervalMs ?? 1000;
    this.maxInFlight = opts.maxInFlight ?? 64;
    this.backoffBase = opts.backoff?.baseMs ?? 1000;
    this.backoffCap = opts.backoff?.capMs ?? 5 * 60_000;
    this.batchSize = opts.batchSize ?? 2000;
    const limits: SendLimits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.platforms = (Object.keys(opts.apis) as Platform[]).filter((p) => opts.apis[p]);
    for (const p of this.platforms) this.pacers.set(p, new Pacer(limits));
  }

  stats(): DispatcherStats {
    return { ...this.counters };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onOutboxChange(this.store, (urgent) => this.wake(urgent));
    this.loop = this.run();
  }

  /** Stops taking new work and waits for the sends already in flight to be recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.signal();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([...this.aux]);
    this.queues.clear();
    this.known.clear();
    this.buffered = 0;
  }

  /**
   * Something was enqueued or became due: look at the store now. Not urgent, and the buffer
   * holds plenty that sorts before it: it is fetched once the buffer runs low.
   */
  wake(urgent = true): void {
    this.woken = true;
    if (urgent) this.wokenUrgent = true;
    this.signal();
  }

  /** For tests: resolves once nothing is due or claimable and nothing is in flight. */
  async drain(opts: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = performance.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      if (this.inFlight.size === 0 && this.buffered === 0 && this.aux.size === 0) {
        const left = await this.col.countDocuments(this.dueFilter(this.clock.now()));
        if (left === 0 && this.inFlight.size === 0 && this.buffered === 0) return;
        this.wake();
      }
      if (performance.now() > deadline) {
        const left = await this.col.countDocuments(this.dueFilter(this.clock.now()));
        throw new Error(
          `dispatcher: not drained after ${opts.timeoutMs ?? 10_000} ms (${left} due, ${this.inFlight.size} in flight, ${this.buffered} buffered)`,
        );
      }
      await sleep(10);
    }
  }

  // ------------------------------------------------------------------ the loop

  private signal(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private async run(): Promise<void> {
    if (this.opts.soleSender) await this.takeOverDeadClaims();
    while (this.running) {
      let waitMs = this.pollMs;
      try {
        const want = this.refillWanted();
        if (want) await this.refill(want);
        if (!this.running) break;
        waitMs = Math.min(waitMs, this.pump());
        if (this.nextDueAt !== Infinity) {
          waitMs = Math.min(waitMs, Math.max(0, this.nextDueAt - this.clock.now()));
        }
        if (this.lastFetchFull && waitMs > 20) {
          // More is due than we buffered: come back soon for the rest.
          waitMs = Math.min(waitMs, Math.max(0, 20 - (performance.now() - this.lastRefill)));
        }
      } catch (err) {
        this.log.error({ err }, "dispatcher: loop error");
        waitMs = this.pollMs;
      }
      if (!this.running) break;
      if (this.stocked() ? this.wokenUrgent : this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          () => {
            this.wakeUp = null;
            resolve();
          },
          Math.max(0, waitMs),
        );
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Ends the leases a dead process left (see `soleSender`); they are due again now. */
  private async takeOverDeadClaims(): Promise<void> {
    try {
      const { modifiedCount } = await this.col.updateMany(
        {
          state: "sending",
          "lease.owner": { $ne: this.ownerId },
          "recipient.platform": { $in: this.platforms },
        },
        { $set: { "lease.until": 0 } },
      );
      if (modifiedCount > 0)
        this.log.warn({ n: modifiedCount }, "dispatcher: took over sends a dead process left");
    } catch (err) {
      // The store is down at start: the leases then run out as usual.
      this.log.error({ err }, "dispatcher: could not take over dead claims");
    }
  }

  private dueFilter(now: number): Filter {
    return {
      "recipient.platform": { $in: this.platforms },
      $or: [
        { state: "pending", notBefore: { $lte: now } },
        { state: "sending", "lease.until": { $lte: now } },
      ],
    };
  }

  /**
   * A stocked buffer holds what sorts first: a normal message due now sorts after it, so
   * only urgent ones are looked for. Re-reading the thousands already buffered each time
   * something was written stopped every send for tens of ms on the embedded store.
   */
  private stocked(): boolean {
    return this.buffered >= this.batchSize / 2;
  }

  /** Whether to look at the store now, and for what. */
  private refillWanted(): "all" | "urgent" | null {
    const sinceRefill = performance.now() - this.lastRefill;
    const dueByTime = this.clock.now() >= this.nextDueAt;
    if (this.stocked()) {
      const polled = sinceRefill >= this.pollMs * STOCKED_POLL_FACTOR;
      return this.wokenUrgent || polled || dueByTime ? "urgent" : null;
    }
    const starved = this.lastFetchFull && sinceRefill >= 20;
    return this.woken || sinceRefill >= this.pollMs || dueByTime || starved ? "all" : null;
  }

  /** Fetches due messages into the per-chat buffer; holds normal ones in quiet hours. */
  private async refill(which: "all" | "urgent"): Promise<void> {
    this.lastRefill = performance.now();
    this.wokenUrgent = false;
    if (which === "all") this.woken = false;
    const now = this.clock.now();
    const saturated = new Map<Platform, number[]>();
    for (const [key, q] of this.queues) {
      if (q.length < PER_CHAT_BUFFER) continue;
      const head = q[0]!;
      const list = saturated.get(head.recipient.platform) ?? [];
      list.push(head.recipient.chatId);
      saturated.set(head.recipient.platform, list);
      void key;
    }
    const filter: Filter = {
      state: "pending",
      notBefore: { $lte: now },
      "recipient.platform": { $in: this.platforms },
      ...(which === "urgent" ? { priority: "urgent" } : {}),
    };
    if (saturated.size > 0) {
      filter.$nor = [...saturated].map(([platform, ids]) => ({
        "recipient.platform": platform,
        "recipient.chatId": { $in: ids },
      }));
    }
    const pending = await this.col.find(filter, {
      sort: { priority: -1, notBefore: 1, createdAt: 1, _id: 1 },
      limit: this.batchSize,
    });
    const expired = await this.col.find(
      {
        state: "sending",
        "lease.until": { $lte: now },
        "recipient.platform": { $in: this.platforms },
      },
      { sort: { "lease.until": 1 }, limit: this.batchSize },
    );
    if (which === "all") this.lastFetchFull = pending.length >= this.batchSize;
    const next = await this.col.find(
      { state: "pending", notBefore: { $gt: now }, "recipient.platform": { $in: this.platforms } },
      { sort: { notBefore: 1 }, limit: 1, projection: { notBefore: 1 } },
    );
    this.nextDueAt = next[0]?.notBefore ?? Infinity;

    // Quiet hours hold every normal message, the ones taken over from a sender whose lease
    // ran out as well (its sender died before them; they go back to waiting).
    const hold = new Map<string, { end: number; state: "pending" | "sending"; ids: string[] }>();
    const urgentChats = new Set<Key>();
    for (const doc of [...expired, ...pending]) {
      if (this.known.has(doc._id)) continue;
      if (doc.priority !== "urgent") {
        const end = quietHoursEnd(now, await this.quietHoursFor(doc.districtId));
        if (end !== null) {
          const state = doc.state === "sending" ? "sending" : "pending";
          const k = `${state}:${end}`;
          const h = hold.get(k) ?? { end, state, ids: [] };
          h.ids.push(doc._id);
          hold.set(k, h);
          continue;
        }
      }
      this.known.add(doc._id);
      const key = keyOf(doc);
      const q = this.queues.get(key);
      if (doc.priority === "urgent") {
        // Ahead of the chat's normal messages, and the chat ahead of the others: an alert
        // fetched while thousands of reminders wait goes out next, not after them.
        const at = q ? q.findIndex((d) => d.priority !== "urgent") : -1;
        if (q) q.splice(at === -1 ? q.length : at, 0, doc);
        urgentChats.add(key);
      }
      if (!q) this.queues.set(key, [doc]);
      else if (doc.priority !== "urgent") q.push(doc);
      this.buffered++;
    }
    if (urgentChats.size > 0) this.servedFirst(urgentChats);
    for (const { end, state, ids } of hold.values()) {
      const res = await this.col.updateMany(
        state === "pending"
          ? { _id: { $in: ids }, state: "pending" }
          : { _id: { $in: ids }, state: "sending", "lease.until": { $lte: now } },
        {
          $set: { state: "pending", notBefore: end, updatedAt: now },
          ...(state === "sending" ? { $unset: { lease: "" } } : {}),
          $push: {
            attemptsLog: { $each: [{ at: now, outcome: "quiet_hold" }], $slice: -LOG_KEEP },
          },
        },
      );
      this.counters.held += res.modifiedCount;
      this.nextDueAt = Math.min(this.nextDueAt, end);
    }
  }

  /** Moves these chats' queues to the front of the order chats are served in. */
  private servedFirst(chats: Set<Key>): void {
    const order = new Map<Key, OutboxDoc[]>();
    for (const key of chats) {
      const q = this.queues.get(key);
      if (q) order.set(key, q);
    }
    for (const [key, q] of this.queues) if (!order.has(key)) order.set(key, q);
    this.queues = order;
  }

  /** Starts every send the limits allow now; returns ms until the next one could start. */
  private pump(): number {
    let minWait = Infinity;
    const perfNow = performance.now();
    const globalWait = new Map<Platform, number>();
    for (const p of this.platforms) globalWait.set(p, this.pacers.get(p)!.globalWait(perfNow));
    for (const [key, q] of this.queues) {
      if (this.inFlight.size >= this.maxInFlight) return minWait; // a finishing send signals
      const doc = q[0];
      if (!doc) {
        this.queues.delete(key);
        continue;
      }
      const platform = doc.recipient.platform;
      const pacer = this.pacers.get(platform);
      if (!pacer) continue;
      const gw = globalWait.get(platform)!;
      if (gw > 0) {
        minWait = Math.min(minWait, gw);
        continue;
      }
      // One message in flight per chat: the next is paced from its answer (Pacer.sent), and
      // never overtakes it.
      if (this.chatsInFlight.has(key)) continue;
      const cw = pacer.chatWait(doc.recipient.chatId, perfNow);
      if (cw > 0) {
        minWait = Math.min(minWait, cw);
        continue;
      }
      q.shift();
      this.buffered--;
      if (q.length === 0) this.queues.delete(key);
      pacer.take(doc.recipient.chatId, perfNow);
      globalWait.set(platform, pacer.globalWait(perfNow));
      this.chatsInFlight.add(key);
      const task: Promise<void> = this.deliver(doc)
        .catch((err: unknown) => {
          this.log.error({ err, id: doc._id }, "dispatcher: delivery error");
        })
        .finally(() => {
          pacer.sent(doc.recipient.chatId, performance.now());
          this.chatsInFlight.delete(key);
          this.inFlight.delete(task);
          this.known.delete(doc._id);
          this.signal();
        });
      this.inFlight.add(task);
    }
    return minWait;
  }

  // ------------------------------------------------------------------ one message

  private async deliver(buffered: OutboxDoc): Promise<void> {
    const now = this.clock.now();
    const guard: Filter =
      buffered.state === "sending"
        ? { _id: buffered._id, state: "sending", "lease.until": { $lte: now } }
        : { _id: buffered._id, state: "pending", notBefore: { $lte: now } };
    const doc = await this.col.findOneAndUpdate(guard, {
      $set: { state: "sending", lease: { owner: this.ownerId, until: now + this.leaseMs } },
    });
    if (!doc) return; // another dispatcher got it, or it was cancelled/moved
    const platform = doc.recipient.platform;
    const api = this.opts.apis[platform]!;

    let rendered: Rendered | null;
    try {
      const lang = await this.langOf(doc);
      rendered = await this.opts.renderers.render(doc.kind, doc.data, lang, now);
    } catch (err) {
      await this.finish(doc, "failed", {
        at: this.clock.now(),
        outcome: "failed",
        error: errText(err),
      });
      return;
    }
    if (rendered === null || (await this.switchedOff(doc))) {
      await this.withdraw(doc, now);
      return;
    }

    let messageId: number;
    try {
      messageId = await this.call(api, doc.recipient.chatId, rendered);
    } catch (err) {
      await this.onError(doc, err);
      return;
    }
    const at = this.clock.now();
    await this.col.updateOne(
      { _id: doc._id, state: { $ne: "sent" } },
      {
        $set: { state: "sent", sentAt: at, messageId, updatedAt: at },
        $unset: { lease: "" },
        $push: { attemptsLog: { $each: [{ at, outcome: "sent" }], $slice: -LOG_KEEP } },
      },
    );
    this.counters.sent++;
  }

  private async call(api: Api, chatId: number, r: Rendered): Promise<number> {
    const markup = r.reply_markup ? { reply_markup: r.reply_markup } : {};
    if (r.photo !== undefined) {
      return (await api.sendPhoto(chatId, r.photo, { caption: r.text, ...markup })).message_id;
    }
    if (r.documentFile !== undefined) {
      const file = new InputFile(r.documentFile.bytes, r.documentFile.filename);
      return (await api.sendDocument(chatId, file, { caption: r.text, ...markup })).message_id;
    }
    if (r.document !== undefined) {
      return (await api.sendDocument(chatId, r.document, { caption: r.text, ...markup }))
        .message_id;
    }
    return (await api.sendMessage(chatId, r.text, markup)).message_id;
  }

  private async onError(doc: OutboxDoc, err: unknown): Promise<void> {
    const at = this.clock.now();
    const pacer = this.pacers.get(doc.recipient.platform)!;
    if (err instanceof GrammyError && err.error_code === 429) {
      const retryAfter = err.parameters.retry_after ?? 1;
      pacer.pause(performance.now() + retryAfter * 1000);
      this.counters.rateLimited++;
      this.log.warn({ id: doc._id, retryAfter }, "dispatcher: 429, pausing the bot");
      await this.reschedule(doc, at + retryAfter * 1000, false, {
        at,
        outcome: "rate_limited",
        error: err.description,
        retryAfter,
      });
      return;
    }
    if (err instanceof GrammyError && err.error_code === 403) {
      await this.markUnreachable(doc, err.description);
      return;
    }
    const transient =
      err instanceof HttpError ||
      (err instanceof GrammyError &&
        (err.error_code >= 500 || err.error_code === 401 || err.error_code === 404));
    if (transient) {
      const n = doc.attempts + 1;
      const exp = Math.min(this.backoffCap, this.backoffBase * 2 ** (n - 1));
      const delay = Math.round(exp / 2 + Math.random() * (exp / 2));
      this.counters.retried++;
      this.log.warn({ id: doc._id, attempt: n, delay, err: errText(err) }, "dispatcher: retrying");
      await this.reschedule(doc, at + delay, true, { at, outcome: "retry", error: errText(err) });
      return;
    }
    await this.finish(doc, "failed", { at, outcome: "failed", error: errText(err) });
  }

  private async reschedule(
    doc: OutboxDoc,
    notBefore: number,
    countAttempt: boolean,
    entry: AttemptRecord,
  ): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id, state: "sending", "lease.owner": this.ownerId },
      {
        $set: { state: "pending", notBefore, updatedAt: entry.at },
        $unset: { lease: "" },
        ...(countAttempt ? { $inc: { attempts: 1 } } : {}),
        $push: { attemptsLog: { $each: [entry], $slice: -LOG_KEEP } },
      },
    );
    this.nextDueAt = Math.min(this.nextDueAt, notBefore);
  }

  private async finish(
    doc: OutboxDoc,
    state: "failed" | "unreachable",
    entry: AttemptRecord,
  ): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: doc._id, state: "sending", "lease.owner": this.ownerId },
      {
        $set: { state, lastError: entry.error ?? state, updatedAt: entry.at },
        $unset: { lease: "" },
        $inc: { attempts: 1 },
        $push: { attemptsLog: { $each: [entry], $slice: -LOG_KEEP } },
      },
    );
    if (state === "failed") {
      this.counters.failed++;
      this.log.error({ id: doc._id, kind: doc.kind, error: entry.error }, "dispatcher: failed");
    }
    return res.modifiedCount > 0;
  }

  /** The renderer found the message obsolete after it was claimed: it is not sent. */
  private async withdraw(doc: OutboxDoc, at: number): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id, state: "sending", "lease.owner": this.ownerId },
      {
        $set: { state: "cancelled", updatedAt: at },
        $unset: { lease: "" },
        $push: { attemptsLog: { $each: [{ at, outcome: "withdrawn" }], $slice: -LOG_KEEP } },
      },
    );
  }

  /** One 403 is final: the person blocked the bot (or left the group). */
  private async markUnreachable(doc: OutboxDoc, description: string): Promise<void> {
    const at = this.clock.now();
    const won = await this.finish(doc, "unreachable", {
      at,
      outcome: "unreachable",
      error: description,
    });
    this.counters.unreachable++;
    if (!won) return;
    const { platform, chatId } = doc.recipient;
    await this.store
      .collection<IdentityDoc>("identities")
      .updateMany(
        { platform, chatId, unreachableAt: { $exists: false } },
        { $set: { unreachableAt: at, updatedAt: at } },
      );
    const audit: AuditDoc = {
      _id: `outbox-unreachable:${doc._id}`,
      itemType: "notification",
      itemId: doc._id,
      at,
      actor: { system: "dispatcher" },
      action: "unreachable",
      from: "sending",
      to: "unreachable",
      note: description,
      data: {
        platform,
        chatId,
        kind: doc.kind,
        ...(doc.recipient.personId ? { personId: doc.recipient.personId } : {}),
      },
    };
    try {
      await this.store.collection<AuditDoc>("audit").insertOne(audit);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    if (this.opts.onUnreachable) {
      const after = (await this.col.findOne({ _id: doc._id })) ?? doc;
      try {
        await this.opts.onUnreachable(after);
      } catch (err) {
        this.log.error({ err, id: doc._id }, "dispatcher: onUnreachable failed");
      }
    }
  }

  /** Whether the roster has switched the recipient off since this was queued: not sent then. */
  private async switchedOff(doc: OutboxDoc): Promise<boolean> {
    const id = doc.recipient.personId;
    if (!id) return false;
    const person = await this.store
      .collection<PersonDoc>("people")
      .findOne({ _id: id }, { projection: { active: 1 } });
    return person?.active === false;
  }

  /** The recipient's current language (groups and unknown people: fa). */
  private async langOf(doc: OutboxDoc): Promise<Lang> {
    const { platform, chatId } = doc.recipient;
    if (chatId < 0) return "fa";
    // Private chat id = user id on both platforms, so the identity id is known.
    const identity = await this.store
      .collection<IdentityDoc>("identities")
      .findOne({ _id: `${platform}:${chatId}` });
    return identity?.lang === "en" ? "en" : "fa";
  }

  private async quietHoursFor(districtId: string | undefined): Promise<QuietHours> {
    const key = districtId ?? "";
    const hit = this.quietCache.get(key);
    if (hit && performance.now() - hit.at < 60_000) return hit.q;
    const districts = this.store.collection<DistrictDoc>("districts");
    const d =
      (districtId !== undefined ? await districts.findOne({ _id: districtId }) : null) ??
      (await districts.find({}, { sort: { number: 1 }, limit: 1 }))[0];
    const q = districtQuietHours(d);
    this.quietCache.set(key, { q, at: performance.now() });
    return q;
  }
}

function errText(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code}: ${err.description}`;
  if (err instanceof HttpError) return `network: ${String(err.error ?? err.message)}`;
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
