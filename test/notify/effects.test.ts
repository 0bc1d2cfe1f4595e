import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  applyTransition,
  auditEffect,
  cancelJobEffect,
  flushEffects,
  insertWithEffects,
  notifyEffect,
  recoverEffects,
  scheduleEffect,
  transition,
  type WithEffects,
  withdrawEffect,
} from "../../src/notify/effects.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import { toOutboxDoc } from "../../src/notify/types.ts";
import type { AuditDoc } from "../../src/repos/types.ts";
import type { JobDoc } from "../../src/scheduler/jobs.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store } from "../../src/store/port.ts";
import { tempDir } from "../helpers/harness.ts";

interface Item extends WithEffects {
  state: string;
}

let store: EmbeddedStore;
let dir: string;
beforeEach(async () => {
  dir = await tempDir("shurayar-effects-");
  store = await openEmbeddedStore(dir);
  await store.collection<Item>("reports").insertOne({ _id: "r1", state: "submitted" });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ack = (now: number) => ({
  collection: "reports",
  filter: { _id: "r1", state: "submitted" },
  update: { $set: { state: "acknowledged" } },
  now,
  effects: [
    notifyEffect({
      recipient: { platform: "telegram", chatId: 42 },
      kind: "report-acked",
      data: { id: "r1" },
    }),
    auditEffect({
      itemType: "report",
      itemId: "r1",
      actor: { personId: "p1" },
      action: "acknowledge",
      from: "submitted",
      to: "acknowledged",
    }),
  ],
});

/**
 * The test's store as `insertWithEffects` sees it — with or without `insertTogether` (the
 * MongoDB adapter has none) — whose reports collection notes each document as it stands
 * just after an insert, before any flush.
 */
function noting(together: boolean): { view: Store; parked: unknown[] } {
  const parked: unknown[] = [];
  const reports = store.collection<Item>("reports");
  const col = Object.assign(Object.create(reports) as typeof reports, {
    insertOne: async (doc: Item) => {
      await reports.insertOne(doc);
      parked.push(await reports.findOne({ _id: doc._id }));
    },
  });
  const view: Store = {
    kind: store.kind,
    collection: ((name: string) =>
      name === "reports" ? col : store.collection(name)) as Store["collection"],
    ...(together ? { insertTogether: (docs) => store.insertTogether(docs) } : {}),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return { view, parked };
}

/** A new item "r2" with the effects of an acknowledgement, through `view`. */
const fileR2 = (view: Store) =>
  insertWithEffects<Item>(
    view,
    "reports",
    { _id: "r2", state: "submitted" },
    ack(500).effects,
    500,
  );

const outbox = () => store.collection<OutboxDoc>("outbox");
const audit = () => store.collection<AuditDoc>("audit");

describe("transition with effects", () => {
  it("applies the guarded update and flushes its effects once", async () => {
    const after = await transition<Item>(store, ack(1000));
    expect(after?.state).toBe("acknowledged");
    expect(await outbox().countDocuments()).toBe(1);
    expect(await audit().countDocuments()).toBe(1);
    const stored = await store.collection<Item>("reports").findOne({ _id: "r1" });
    expect(stored?._effects).toEqual([]);
    expect(stored?._rev).toBe(1);
    expect((await outbox().find({}))[0]).toMatchObject({
      _id: "ntf:r1:1:0",
      state: "pending",
      notBefore: 1000,
    });
  });

  it("a replay whose guard fails enqueues nothing", async () => {
    await transition<Item>(store, ack(1000));
    expect(await transition<Item>(store, ack(2000))).toBeNull();
    expect(await outbox().countDocuments()).toBe(1);
    expect(await audit().countDocuments()).toBe(1);
    expect((await store.collection<Item>("reports").findOne({ _id: "r1" }))?._rev).toBe(1);
  });

  it("a crash between update and flush is repaired by recoverEffects, exactly once", async () => {
    const moved = await applyTransition<Item>(store, ack(1000)); // step 1 only: "crash"
    expect(moved?.state).toBe("acknowledged");
    expect(moved?._effects).toHaveLength(2);
    expect(await outbox().countDocuments()).toBe(0);
    // The replayed press finds the state moved on: nothing more.
    expect(await transition<Item>(store, ack(1500))).toBeNull();

    expect(await recoverEffects(store, ["reports"])).toBe(2);
    expect(await recoverEffects(store, ["reports"])).toBe(0);
    expect(await outbox().countDocuments()).toBe(1);
    expect(await audit().countDocuments()).toBe(1);
    expect((await audit().find({}))[0]).toMatchObject({ action: "acknowledge", at: 1000 });
  });

  it("a half-done flush repeated does not duplicate (deterministic ids)", async () => {
    const moved = await applyTransition<Item>(store, ack(1000));
    // Simulate a flush that inserted the notification, then crashed before the $pull.
    const first = moved?._effects?.[0];
    if (first?.type !== "notify") throw new Error("expected a notify effect first");
    await outbox().insertOne(first.doc);
    expect(await recoverEffects(store, ["reports"])).toBe(2);
    expect(await outbox().countDocuments()).toBe(1);
    expect(await audit().countDocuments()).toBe(1);
  });

  it("a flush leaves effects a later transition pushed meanwhile, and their mark", async () => {
    const first = await applyTransition<Item>(store, ack(1000)); // not flushed yet
    const second = await applyTransition<Item>(store, {
      ...ack(2000),
      filter: { _id: "r1", state: "acknowledged" },
      update: { $set: { state: "referred" } },
    });
    expect(second?._effects).toHaveLength(4);
    expect(await flushEffects(store, "reports", first!)).toBe(2);
    let stored = await store.collection<Item>("reports").findOne({ _id: "r1" });
    expect(stored?._effects?.map((e) => e._id)).toEqual(["r1:2:0", "r1:2:1"]);
    expect(stored?._pending).toBe(2000);
    // Flushed by themselves, they leave nothing and the mark goes.
    expect(await flushEffects(store, "reports", stored!)).toBe(2);
    stored = await store.collection<Item>("reports").findOne({ _id: "r1" });
    expect(stored?._effects).toEqual([]);
    expect(stored?._pending).toBeUndefined();
    expect(await outbox().countDocuments()).toBe(2);
    expect(await audit().countDocuments()).toBe(2);
  });

  it("a document inserted with its effects is one write with them where the store allows", async () => {
    const { view, parked } = noting(true);
    const created = await fileR2(view);
    expect(created).toEqual({ _id: "r2", state: "submitted", _rev: 1, _effects: [] });
    // Nothing was ever parked in the document: it was not inserted on its own.
    expect(parked).toEqual([]);
    expect(await store.collection<Item>("reports").findOne({ _id: "r2" })).toEqual(created);
    expect((await outbox().find({}))[0]?._id).toBe("ntf:r2:1:0");
    expect((await audit().find({}))[0]).toMatchObject({ _id: "audit:r2:1:1", at: 500 });
    // The same id again is refused, and none of its effects are written.
    await expect(
      insertWithEffects<Item>(store, "reports", { _id: "r2", state: "x" }, ack(600).effects, 600),
    ).rejects.toThrow();
    expect(await outbox().countDocuments()).toBe(1);
    expect(await audit().countDocuments()).toBe(1);
  });

  it("without writes across collections (MongoDB) or with a job, effects are parked, then flushed", async () => {
    const { view, parked } = noting(false);
    const reports = store.collection<Item>("reports");
    const created = await fileR2(view);
    expect(parked).toEqual([
      expect.objectContaining({
        _id: "r2",
        _pending: 500,
        _effects: [expect.anything(), expect.anything()],
      }),
    ]);
    expect(created).toEqual({ _id: "r2", state: "submitted", _rev: 1, _effects: [] });
    expect(await reports.findOne({ _id: "r2" })).toEqual(created);
    expect((await outbox().find({}))[0]?._id).toBe("ntf:r2:1:0");
    expect(await audit().countDocuments()).toBe(1);

    // A job is scheduled by an update, not an insert: the embedded store parks them too.
    await insertWithEffects<Item>(
      store,
      "reports",
      { _id: "r3", state: "submitted" },
      [...ack(700).effects, scheduleEffect({ _id: "job:r3", kind: "deadline", runAt: 9000 })],
      700,
    );
    expect(await reports.findOne({ _id: "r3" })).toEqual({
      _id: "r3",
      state: "submitted",
      _rev: 1,
      _effects: [],
    });
    expect(await store.collection<JobDoc>("jobs").findOne({ _id: "job:r3" })).toMatchObject({
      runAt: 9000,
    });
    expect(await outbox().countDocuments()).toBe(2);
    expect(await audit().countDocuments()).toBe(2);
  });

  it("a withdrawal cancels what was pending, and its repeat after a crash spares what the same change enqueued", async () => {
    const note = (id: string, version: number) =>
      toOutboxDoc(
        {
          _id: id,
          recipient: { platform: "telegram", chatId: 42 },
          kind: "item-reminder",
          data: { itemId: "r1", version },
          notBefore: 9000,
        },
        500,
      );
    await outbox().insertOne(note("old", 0));
    await outbox().insertOne({ ...note("other", 0), data: { itemId: "r2", version: 0 } });
    const spec = {
      collection: "reports",
      filter: { _id: "r1", state: "submitted" },
      update: { $set: { state: "acknowledged" } },
      now: 1000,
      effects: [
        withdrawEffect({
          kinds: ["item-reminder"],
          data: { itemId: "r1" },
          dataNot: { version: 1 },
        }),
        notifyEffect({
          _id: "new",
          recipient: { platform: "telegram", chatId: 42 },
          kind: "item-reminder",
          data: { itemId: "r1", version: 1 },
        }),
      ],
    };
    const moved = await applyTransition<Item>(store, spec); // "crash" before the flush
    expect((await outbox().findOne({ _id: "old" }))?.state).toBe("pending");
    expect(await recoverEffects(store, ["reports"])).toBe(2);
    expect((await outbox().findOne({ _id: "new" }))?.state).toBe("pending");
    // The same effects flushed again (a crash before they were pulled from the item).
    await flushEffects(store, "reports", moved!);
    expect((await outbox().findOne({ _id: "old" }))?.state).toBe("cancelled");
    expect((await outbox().findOne({ _id: "new" }))?.state).toBe("pending");
    expect((await outbox().findOne({ _id: "other" }))?.state).toBe("pending");
  });

  it("schedules and cancels jobs; a caller-given transition id names the effects", async () => {
    await transition<Item>(store, {
      collection: "reports",
      filter: { _id: "r1", state: "submitted" },
      update: { $set: { state: "acknowledged" } },
      now: 1000,
      transitionId: "tx-1",
      effects: [
        scheduleEffect({
          _id: "report-resolve:r1:1",
          kind: "deadline",
          runAt: 5000,
          payload: { id: "r1" },
        }),
      ],
    });
    const jobs = store.collection<JobDoc>("jobs");
    expect(await jobs.findOne({ _id: "report-resolve:r1:1" })).toMatchObject({
      state: "pending",
      runAt: 5000,
      dueAt: 5000,
    });
    await transition<Item>(store, {
      collection: "reports",
      filter: { _id: "r1", state: "acknowledged" },
      update: { $set: { state: "resolved" } },
      now: 2000,
      transitionId: "tx-2",
      effects: [
        cancelJobEffect("report-resolve:r1:1"),
        auditEffect({
          itemType: "report",
          itemId: "r1",
          actor: { system: "t" },
          action: "resolve",
        }),
      ],
    });
    expect((await jobs.findOne({ _id: "report-resolve:r1:1" }))?.state).toBe("cancelled");
    expect((await audit().find({}))[0]?._id).toBe("audit:tx-2:1");
  });
});
