import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { applyTransition, notifyEffect, type WithEffects } from "../../src/notify/effects.ts";
import type { JobDoc } from "../../src/scheduler/jobs.ts";
import { runExclusive } from "../../src/scheduler/locks.ts";
import { Scheduler } from "../../src/scheduler/scheduler.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import { tempDir } from "../helpers/harness.ts";

let store: EmbeddedStore;
let dir: string;
const schedulers: Scheduler[] = [];
beforeEach(async () => {
  dir = await tempDir("shurayar-sched-");
  store = await openEmbeddedStore(dir);
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const T0 = 1_750_000_000_000;

function scheduler(
  clock: ManualClock,
  extra: Partial<ConstructorParameters<typeof Scheduler>[0]> = {},
) {
  const s = new Scheduler({ store, clock, retry: { baseMs: 1000, capMs: 8000 }, ...extra });
  schedulers.push(s);
  return s;
}

const jobs = () => store.collection<JobDoc>("jobs");

describe("scheduler", () => {
  it("two instances ticking concurrently run each of 200 due jobs exactly once", async () => {
    const clock = new ManualClock(T0);
    const runs = new Map<string, number>();
    const handler = async (job: JobDoc) => {
      runs.set(job._id, (runs.get(job._id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 2));
    };
    const a = scheduler(clock, { ownerId: "a" }).register("work", handler);
    const b = scheduler(clock, { ownerId: "b" }).register("work", handler);
    await a.ensureIndexes();
    for (let i = 0; i < 200; i++)
      await a.schedule({ _id: `job:${i}`, kind: "work", runAt: T0 - i });
    const ticks = [];
    for (let i = 0; i < 10; i++) ticks.push(a.tick(), b.tick());
    const results = await Promise.all(ticks);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(results.reduce((s, r) => s + r.ran, 0)).toBe(200);
    expect(await jobs().countDocuments({ state: "done" })).toBe(200);
    // Both instances did some of the work.
    expect(results.filter((_r, i) => i % 2 === 0).reduce((s, r) => s + r.ran, 0)).toBeGreaterThan(
      0,
    );
    expect(results.filter((_r, i) => i % 2 === 1).reduce((s, r) => s + r.ran, 0)).toBeGreaterThan(
      0,
    );
  });

  it("runs nothing early; rescheduling moves a pending job; cancel stops it", async () => {
    const clock = new ManualClock(T0);
    const ran: string[] = [];
    const s = scheduler(clock).register("k", async (job) => void ran.push(job._id));
    await s.schedule({ _id: "a", kind: "k", runAt: T0 + 1000 });
    await s.schedule({ _id: "b", kind: "k", runAt: T0 + 1000 });
    expect((await s.tick()).ran).toBe(0);
    await s.schedule({ _id: "a", kind: "k", runAt: T0 + 5000 }); // moved later
    expect(await s.cancel("b")).toBe(true);
    clock.set(T0 + 1000);
    expect((await s.tick()).ran).toBe(0);
    clock.set(T0 + 5000);
    expect((await s.tick()).ran).toBe(1);
    expect(ran).toEqual(["a"]);
    // Same key again after it ran: no second run.
    await s.schedule({ _id: "a", kind: "k", runAt: T0 + 6000 });
    clock.set(T0 + 7000);
    expect((await s.tick()).ran).toBe(0);
    expect(await s.get("b")).toMatchObject({ state: "cancelled" });
  });

  it("a job missed while down runs on start, late, with its dueAt kept", async () => {
    const clock = new ManualClock(T0);
    const before = scheduler(clock);
    await before.schedule({ _id: "missed", kind: "remind", runAt: T0 + 60_000, payload: { x: 1 } });
    // The process is down for an hour; a new instance starts.
    clock.set(T0 + 3_600_000);
    const seen: JobDoc[] = [];
    const after = scheduler(clock).register("remind", async (job, { now }) => {
      expect(now).toBe(T0 + 3_600_000);
      seen.push(job);
    });
    const first = await after.start();
    expect(first.ran).toBe(1);
    expect(seen[0]?.payload).toEqual({ x: 1 });
    expect(await after.get("missed")).toMatchObject({
      state: "done",
      dueAt: T0 + 60_000,
      ranAt: T0 + 3_600_000,
    });
  });

  it("takes over a job whose runner died once its lease expires", async () => {
    const clock = new ManualClock(T0);
    await scheduler(clock).schedule({ _id: "j", kind: "k", runAt: T0 });
    // A runner claimed it and died (its lease is the only trace).
    await jobs().updateOne(
      { _id: "j" },
      {
        $set: { state: "running", lease: { owner: "dead", until: T0 + 10_000 } },
        $inc: { attempts: 1 },
      },
    );
    let runs = 0;
    const s = scheduler(clock, { ownerId: "alive" }).register("k", async () => {
      runs++;
    });
    expect((await s.tick()).ran).toBe(0);
    clock.set(T0 + 10_000);
    expect((await s.tick()).ran).toBe(1);
    expect(runs).toBe(1);
    expect(await s.get("j")).toMatchObject({ state: "done", attempts: 2 });
  });

  it("retries a throwing handler with backoff, then marks it failed", async () => {
    const clock = new ManualClock(T0);
    let calls = 0;
    const s = scheduler(clock, { maxAttempts: 3 }).register("flaky", async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await s.schedule({ _id: "f", kind: "flaky", runAt: T0 });
    expect((await s.tick()).retried).toBe(1);
    const j1 = await s.get("f");
    expect(j1).toMatchObject({ state: "pending", attempts: 1, lastError: "boom 1", dueAt: T0 });
    expect(j1!.runAt).toBeGreaterThanOrEqual(T0 + 500);
    expect((await s.tick()).ran + calls).toBe(1); // not due yet
    clock.set(T0 + 60_000);
    expect((await s.tick()).retried).toBe(1);
    clock.set(T0 + 120_000);
    expect((await s.tick()).failed).toBe(1);
    expect(await s.get("f")).toMatchObject({ state: "failed", attempts: 3, lastError: "boom 3" });
    clock.set(T0 + 999_000);
    await s.tick();
    expect(calls).toBe(3);
  });

  it("recovers leftover transition effects on tick, under a sweep lease", async () => {
    const clock = new ManualClock(T0);
    await store
      .collection<WithEffects & { state: string }>("reports")
      .insertOne({ _id: "r", state: "a" });
    await applyTransition(store, {
      collection: "reports",
      filter: { _id: "r", state: "a" },
      update: { $set: { state: "b" } },
      now: T0,
      effects: [notifyEffect({ recipient: { platform: "telegram", chatId: 1 }, kind: "x" })],
    });
    const s = scheduler(clock, { effectCollections: ["reports"] });
    expect((await s.tick()).effectsRecovered).toBe(1);
    expect(await store.collection("outbox").countDocuments()).toBe(1);
    expect((await s.tick()).effectsRecovered).toBe(0);
  });

  it("runExclusive lets one owner at a time run a sweep; an expired lock is taken over", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runExclusive(store, "sweep:x", 10_000, () => gate.then(() => "a"), {
      owner: "a",
      now: T0,
    });
    await new Promise((r) => setTimeout(r, 5));
    const second = await runExclusive(store, "sweep:x", 10_000, async () => "b", {
      owner: "b",
      now: T0 + 1,
    });
    expect(second).toEqual({ ran: false });
    // A's holder "died" (lock still held): after the ttl, B takes it over.
    const third = await runExclusive(store, "sweep:x", 10_000, async () => "b", {
      owner: "b",
      now: T0 + 10_000,
    });
    expect(third).toEqual({ ran: true, result: "b" });
    release();
    expect(await first).toEqual({ ran: true, result: "a" });
  });
});
