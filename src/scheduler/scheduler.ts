import { randomBytes } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import { type Clock, systemClock } from "../clock.ts";
import { TEHRAN_TZ } from "../domain/time.ts";
import { type Logger, silentLogger } from "../log.ts";
import { ensureEffectIndexes, recoverEffects } from "../notify/effects.ts";
import type { Filter, Store } from "../store/port.ts";
import {
  cancelJob,
  ensureJobIndexes,
  type JobDoc,
  type JobSpec,
  jobsCollection,
  scheduleJob,
} from "./jobs.ts";
import { runExclusive } from "./locks.ts";

export interface JobContext {
  /** The scheduler clock's time when the job was claimed. */
  now: number;
  store: Store;
}

/**
 * Runs one job. MUST be idempotent: a job whose runner died after the work but before
 * "done" was recorded runs again after its lease expires, and a failed run is retried.
 * Do the work as guarded transitions (`transition()` with the expected state in the
 * filter), so a second run finds the state already moved and does nothing.
 */
export type JobHandler = (job: JobDoc, ctx: JobContext) => Promise<void>;

/** A periodic sweep (escalations, effect recovery); run by one instance at a time. */
export type Sweep = (ctx: JobContext) => Promise<void>;

export interface SchedulerOptions {
  store: Store;
  clock?: Clock;
  log?: Logger;
  ownerId?: string;
  /** How long a claimed job is ours; must exceed the longest handler run. Default 5 min. */
  leaseMs?: number;
  /** Runs before a throwing job is marked failed. Default 5. */
  maxAttempts?: number;
  /** Retry delay after a throw: base doubles per attempt, capped. Default 1 min / 1 h. */
  retry?: { baseMs?: number; capMs?: number };
  /** Jobs run at once per tick. Default 4. */
  concurrency?: number;
  /** Collections whose items use `transition()`: their leftover effects are flushed each tick. */
  effectCollections?: string[];
  /** Heartbeat; default every minute, Asia/Tehran. */
  cron?: { expression?: string; timezone?: string };
}

export interface TickResult {
  ran: number;
  retried: number;
  failed: number;
  effectsRecovered: number;
}

/**
 * The time engine. What is due lives in the `jobs` collection; node-cron is only the
 * heartbeat. Each due job is claimed atomically (pending → running with a lease), so it runs
 * exactly once however many instances tick; a runner that dies leaves a lease that expires
 * and the job is taken over.
 */
export class Scheduler {
  readonly ownerId: string;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly retryBase: number;
  private readonly retryCap: number;
  private readonly concurrency: number;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly sweeps = new Map<string, { fn: Sweep; ttlMs: number }>();
  private task: ScheduledTask | null = null;
  private readonly ticks = new Set<Promise<TickResult>>();
  private stopped = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.ownerId = opts.ownerId ?? `scheduler-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.retryBase = opts.retry?.baseMs ?? 60_000;
    this.retryCap = opts.retry?.capMs ?? 60 * 60_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
  }

  async ensureIndexes(): Promise<void> {
    await ensureJobIndexes(this.store);
    await ensureEffectIndexes(this.store, this.opts.effectCollections ?? []);
  }

  register(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`job handler for ${kind} already registered`);
    this.handlers.set(kind, handler);
    return this;
  }

  /** A sweep run on every tick by whichever instance holds its lock (`ttlMs` > its run). */
  registerSweep(name: string, fn: Sweep, opts: { ttlMs?: number } = {}): this {
    this.sweeps.set(name, { fn, ttlMs: opts.ttlMs ?? 5 * 60_000 });
    return this;
  }

  /** Idempotent on `_id`; a pending job is moved to the new runAt. */
  schedule(job: JobSpec): Promise<JobDoc> {
    return scheduleJob(this.store, job, this.clock.now());
  }

  cancel(id: string): Promise<boolean> {
    return cancelJob(this.store, id, this.clock.now());
  }

  get(id: string): Promise<JobDoc | null> {
    return jobsCollection(this.store).findOne({ _id: id });
  }

  /** `runExclusive` with this scheduler's owner id and clock. */
  runExclusive<R>(name: string, ttlMs: number, fn: () => Promise<R>, holdUntil?: number) {
    return runExclusive(this.store, name, ttlMs, fn, {
      owner: this.ownerId,
      now: this.clock.now(),
      ...(holdUntil !== undefined ? { holdUntil } : {}),
    });
  }

  /** Runs everything due now: effect recovery, sweeps, then due jobs. */
  tick(): Promise<TickResult> {
    const p = this.doTick();
    this.ticks.add(p);
    void p.finally(() => this.ticks.delete(p)).catch(() => {});
    return p;
  }

  /**
   * Starts the heartbeat and runs one tick at once, so jobs that fell due while the process
   * was down run now (late, with their original `dueAt` kept). Resolves after that tick.
   */
  async start(): Promise<TickResult> {
    this.stopped = false;
    await this.ensureIndexes();
    if (!this.task) {
      this.task = cron.schedule(
        this.opts.cron?.expression ?? "* * * * *",
        async () => {
          try {
            await this.tick();
          } catch (err) {
            this.log.error({ err }, "scheduler: tick failed");
          }
        },
        { timezone: this.opts.cron?.timezone ?? TEHRAN_TZ, noOverlap: true, name: this.ownerId },
      );
    }
    return this.tick();
  }

  /** Stops the heartbeat and waits for running ticks to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.task) {
      await this.task.destroy();
      this.task = null;
    }
    await Promise.allSettled([...this.ticks]);
  }

  private async doTick(): Promise<TickResult> {
    const result: TickResult = { ran: 0, retried: 0, failed: 0, effectsRecovered: 0 };
    const collections = this.opts.effectCollections ?? [];
    if (collections.length > 0) {
      const r = await this.runExclusive("sweep:recover-effects", 5 * 60_000, () =>
        recoverEffects(this.store, collections),
      );
      if (r.ran) result.effectsRecovered = r.result;
      if (r.ran && r.result > 0) this.log.warn({ n: r.result }, "scheduler: recovered effects");
    }
    for (const [name, sweep] of this.sweeps) {
      try {
        await this.runExclusive(`sweep:${name}`, sweep.ttlMs, () =>
          sweep.fn({ now: this.clock.now(), store: this.store }),
        );
      } catch (err) {
        this.log.error({ err, sweep: name }, "scheduler: sweep failed");
      }
    }
    const workers = Array.from({ length: this.concurrency }, async () => {
      for (;;) {
        if (this.stopped) return;
        const job = await this.claim();
        if (!job) return;
        await this.runJob(job, result);
      }
    });
    await Promise.all(workers);
    return result;
  }

  /** Atomically takes one due job (or one whose runner's lease expired). */
  private async claim(): Promise<JobDoc | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const now = this.clock.now();
    const col = jobsCollection(this.store);
    const take = (filter: Filter) =>
      col.findOneAndUpdate(
        { ...filter, kind: { $in: kinds } },
        {
          $set: {
            state: "running",
            lease: { owner: this.ownerId, until: now + this.leaseMs },
            updatedAt: now,
          },
          $inc: { attempts: 1 },
        },
        { sort: { runAt: 1 } },
      );
    return (
      (await take({ state: "pending", runAt: { $lte: now } })) ??
      (await take({ state: "running", "lease.until": { $lte: now } }))
    );
  }

  private async runJob(job: JobDoc, result: TickResult): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const mine = { _id: job._id, state: "running", "lease.owner": this.ownerId };
    const col = jobsCollection(this.store);
    try {
      await handler(job, { now: this.clock.now(), store: this.store });
    } catch (err) {
      const now = this.clock.now();
      const message = err instanceof Error ? err.message : String(err);
      if (job.attempts >= this.maxAttempts) {
        await col.updateOne(mine, {
          $set: { state: "failed", lastError: message, updatedAt: now },
          $unset: { lease: "" },
        });
        result.failed++;
        this.log.error({ err, job: job._id, attempts: job.attempts }, "scheduler: job failed");
      } else {
        const exp = Math.min(this.retryCap, this.retryBase * 2 ** (job.attempts - 1));
        const runAt = now + Math.round(exp / 2 + Math.random() * (exp / 2));
        await col.updateOne(mine, {
          $set: { state: "pending", runAt, lastError: message, updatedAt: now },
          $unset: { lease: "" },
        });
        result.retried++;
        this.log.warn({ err, job: job._id, attempts: job.attempts, runAt }, "scheduler: job retry");
      }
      return;
    }
    const now = this.clock.now();
    await col.updateOne(mine, {
      $set: { state: "done", ranAt: now, updatedAt: now },
      $unset: { lease: "" },
    });
    result.ran++;
  }
}
