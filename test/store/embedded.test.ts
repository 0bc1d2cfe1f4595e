/**
 * Embedded-only behaviour: persistence across reopen, index use, outage switch, locking
 * within one process, directory creation.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DB_FILE,
  type EmbeddedStore,
  openEmbeddedStore,
  WAL_CHECKPOINT_PAGES,
} from "../../src/store/embedded.ts";
import { openStore } from "../../src/store/index.ts";
import { type BaseDoc, DuplicateKeyError, StoreUnavailableError } from "../../src/store/port.ts";

type Person = { _id: string; phone: string; roles?: string | string[] };

const dirs: string[] = [];
const open: EmbeddedStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A document of any shape, for `insertTogether`. */
const d = (doc: BaseDoc & Record<string, unknown>): BaseDoc => doc;

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "shurayar-embedded-"));
  dirs.push(d);
  return d;
}

async function openIn(dir: string, opts?: Parameters<typeof openEmbeddedStore>[1]) {
  const s = await openEmbeddedStore(dir, opts);
  open.push(s);
  return s;
}

describe("embedded store", () => {
  it("creates a missing data directory and is chosen by openStore without a MongoDB URI", async () => {
    const dir = join(tempDir(), "nested", "data");
    const store = await openStore({ dataDir: dir, mongodbUri: "  " });
    try {
      expect(store.kind).toBe("embedded");
      await store.collection("x").insertOne({ _id: "1" });
      expect(existsSync(join(dir, "shurayar.sqlite"))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("keeps documents, unique indexes and multikey knowledge across a reopen", async () => {
    const dir = tempDir();
    const a = await openEmbeddedStore(dir);
    const people = a.collection<Person>("people");
    await people.createIndex({ keys: { phone: 1 }, unique: true });
    await people.createIndex({ keys: { roles: 1 } });
    await people.insertOne({ _id: "p1", phone: "+98912", roles: ["councillor", "secretary"] });
    await people.insertOne({ _id: "p2", phone: "+98913", roles: "councillor" });
    await a.close();
    // The pid file goes away with a clean close.
    expect(existsSync(join(dir, "shurayar.pid"))).toBe(false);

    const b = await openIn(dir);
    const again = b.collection<Person>("people");
    // No createIndex after reopen: the unique index is still enforced.
    await expect(again.insertOne({ _id: "p3", phone: "+98912" })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    // `roles` held an array, so equality must still find the array element.
    expect((await again.find({ roles: "councillor" })).map((d) => d._id).sort()).toEqual([
      "p1",
      "p2",
    ]);
    // …found through the element table rather than by reading every document.
    expect(b.explainQuery("people", { roles: "councillor" })).toMatch(/c_people__el/);
    expect(b.explainQuery("people", { roles: "councillor" })).not.toMatch(/^SCAN c_people$/m);
  });

  describe("element table (equality on a multikey path that leads an index)", () => {
    type Report = { _id: string; owners?: unknown; state: string };
    const ids = (docs: { _id: string }[]) => docs.map((d) => d._id).sort();

    it("finds by array element through the element table, kept right by every kind of write", async () => {
      const s = await openIn(tempDir());
      const reports = s.collection<Report>("reports");
      await reports.createIndex({ keys: { owners: 1, state: 1 } });
      await reports.insertMany([
        { _id: "r1", owners: ["a", "b"], state: "open" },
        { _id: "r2", owners: ["b"], state: "open" },
        { _id: "r3", owners: "a", state: "closed" },
        { _id: "r4", state: "open" },
        { _id: "r5", owners: [true, 1, null, { x: "a" }, ["a"]], state: "open" },
      ]);
      const plan = s.explainQuery("reports", { owners: "a", state: { $in: ["open", "closed"] } });
      expect(plan).toMatch(/c_reports__el/);
      expect(plan).not.toMatch(/^SCAN c_reports$/m);
      // The expression index over `owners` held each array as one text: dropped, not kept up.
      expect(plan).not.toMatch(/ix_reports_owners_1_state_1/);
      // What the triggers run on each write finds the document's rows by their rowid, not by
      // reading every row of the path (an escalation sweep had become twice as slow).
      const db = (s as unknown as { db: import("better-sqlite3").Database }).db;
      const del = db
        .prepare(`EXPLAIN QUERY PLAN DELETE FROM "c_reports__el" WHERE rid = ? AND path = 'owners'`)
        .all(1) as { detail: string }[];
      expect(del.map((r) => r.detail).join("\n")).toMatch(
        /c_reports__el_rid \(rid=\? AND path=\?\)/,
      );
      expect(ids(await reports.find({ owners: "a" }))).toEqual(["r1", "r3"]);
      expect(ids(await reports.find({ owners: { $in: ["b", "z"] } }))).toEqual(["r1", "r2"]);
      // Booleans and numbers share SQLite's 1: the candidates are checked, so no confusion.
      expect(ids(await reports.find({ owners: true }))).toEqual(["r5"]);
      expect(ids(await reports.find({ owners: 1 }))).toEqual(["r5"]);
      // Values the table does not narrow (null, arrays, objects) are still answered.
      expect(ids(await reports.find({ owners: null }))).toEqual(["r4", "r5"]);
      expect(ids(await reports.find({ owners: ["a"] }))).toEqual(["r5"]);

      await reports.updateOne({ _id: "r2" }, { $push: { owners: "a" } });
      await reports.updateOne({ _id: "r1" }, { $pull: { owners: "a" } });
      await reports.replaceOne({ _id: "r3" }, { owners: ["c"], state: "closed" });
      await reports.findOneAndUpdate({ _id: "r4" }, { $set: { owners: ["a", "a"] } });
      await reports.updateOne({ _id: "r2" }, { $set: { state: "closed" } }); // owners untouched
      expect(ids(await reports.find({ owners: "a" }))).toEqual(["r2", "r4"]);
      expect(ids(await reports.find({ owners: "c" }))).toEqual(["r3"]);
      await reports.deleteOne({ _id: "r2" });
      await reports.updateMany({ state: "open" }, { $set: { owners: ["d"] } });
      expect(ids(await reports.find({ owners: "a" }))).toEqual([]);
      expect(ids(await reports.find({ owners: "d" }))).toEqual(["r1", "r4", "r5"]);
      await reports.deleteMany({});
      expect(await reports.find({ owners: "d" })).toEqual([]);
    });

    it("is built for documents stored before it existed, and goes with its index", async () => {
      const dir = tempDir();
      const a = await openEmbeddedStore(dir);
      const reports = a.collection<Report>("reports");
      await reports.insertMany(
        Array.from({ length: 50 }, (_, i) => ({
          _id: `r${i}`,
          owners: [`p${i % 5}`, "all"],
          state: "open",
        })),
      );
      // An index over a path already known to hold arrays: built from the stored documents.
      await reports.createIndex({ keys: { owners: 1 } });
      expect(ids(await reports.find({ owners: "p3" }))).toHaveLength(10);
      expect(a.explainQuery("reports", { owners: "p3" })).toMatch(/c_reports__el/);
      // A data file from before element tables: the table and its triggers are gone…
      const db = (a as unknown as { db: import("better-sqlite3").Database }).db;
      db.exec(`DROP TRIGGER "c_reports__el_owners__ins"; DROP TRIGGER "c_reports__el_owners__upd";
        DROP TRIGGER "c_reports__el_owners__del"; DROP TABLE "c_reports__el";`);
      await a.close();
      // …and rebuilt at open, from every stored document.
      const b = await openIn(dir);
      const again = b.collection<Report>("reports");
      expect(ids(await again.find({ owners: "p3" }))).toHaveLength(10);
      expect(b.explainQuery("reports", { owners: "p3" })).toMatch(/c_reports__el/);
      await again.insertOne({ _id: "new", owners: ["p3"], state: "open" });
      expect(ids(await again.find({ owners: "p3" }))).toHaveLength(11);
      // Dropping the index drops the table's rows and triggers: equality scans again.
      await again.dropIndex("owners_1");
      expect(b.explainQuery("reports", { owners: "p3" })).toMatch(/^SCAN c_reports$/m);
      expect(ids(await again.find({ owners: "p3" }))).toHaveLength(11);
    });
  });

  it("forgets a dropped index for good: not enforced, not used, not back after a reopen", async () => {
    const dir = tempDir();
    const a = await openEmbeddedStore(dir);
    const people = a.collection<Person>("people");
    await people.createIndex({ keys: { phone: 1 }, unique: true });
    expect(a.explainQuery("people", { phone: "+98912" })).toMatch(/USING INDEX/);
    await people.dropIndex("phone_1");
    expect(a.explainQuery("people", { phone: "+98912" })).toMatch(/^SCAN/);
    await a.close();
    const b = await openIn(dir);
    const again = b.collection<Person>("people");
    await again.insertOne({ _id: "p1", phone: "+98912" });
    await again.insertOne({ _id: "p2", phone: "+98912" });
    expect(b.explainQuery("people", { phone: "+98912" })).toMatch(/^SCAN/);
  });

  it("answers indexed equality, $in, numeric ranges and _id through SQLite indexes", async () => {
    const s = await openIn(tempDir());
    const reports = s.collection("reports");
    await reports.createIndex({ keys: { state: 1, dueAt: 1 } });
    await reports.createIndex({ keys: { "escalation.level": 1 } });
    const docs = Array.from({ length: 3000 }, (_, i) => ({
      _id: `r${i}`,
      state: i % 2 ? "submitted" : "closed",
      dueAt: i,
      escalation: { level: i % 4 },
    }));
    await reports.insertMany(docs);
    const usesIndex = /SEARCH .* USING INDEX/;
    const sweep = { state: "submitted", dueAt: { $lte: 20 } };
    expect(s.explainQuery("reports", sweep)).toMatch(usesIndex);
    expect(s.explainQuery("reports", { dueAt: { $lt: 5 } })).toMatch(/SCAN/); // not a prefix
    expect(s.explainQuery("reports", { state: { $in: ["a", "b"] } })).toMatch(usesIndex);
    expect(s.explainQuery("reports", { "escalation.level": 3 })).toMatch(usesIndex);
    expect(s.explainQuery("reports", { _id: "r5" })).toMatch(usesIndex);
    expect(s.explainQuery("reports", { other: 1 })).toMatch(/^SCAN/);
    const due = await reports.find(sweep, { sort: { dueAt: 1 } });
    expect(due.map((d) => d._id)).toEqual([
      "r1",
      "r3",
      "r5",
      "r7",
      "r9",
      "r11",
      "r13",
      "r15",
      "r17",
      "r19",
    ]);
    expect(await reports.countDocuments({ "escalation.level": 3 })).toBe(750);
  });

  it("a sorted find with a limit reads only the documents it returns (SQLite sorts)", async () => {
    const s = await openIn(tempDir());
    const reports = s.collection<{ _id: string; hood: string; createdAt: number | number[] }>(
      "reports",
    );
    await reports.createIndex({ keys: { hood: 1, createdAt: 1 } });
    await reports.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: `r${i}`,
        hood: i % 2 ? "narmak" : "fadak",
        createdAt: (i * 7919) % 1000,
      })),
    );
    let before = s.documentsRead;
    const newest = await reports.find({ hood: "narmak" }, { sort: { createdAt: -1 }, limit: 3 });
    expect(newest.map((d) => d.createdAt)).toEqual([999, 997, 995]);
    expect(s.documentsRead - before).toBe(3);
    // Without a limit every match is read and sorted in JavaScript, to the same order.
    before = s.documentsRead;
    const all = await reports.find({ hood: "narmak" }, { sort: { createdAt: -1 } });
    expect(all.slice(0, 3)).toEqual(newest);
    expect(s.documentsRead - before).toBe(500);
    // An array among the sort values: JavaScript sorts (MongoDB orders arrays by element).
    await reports.insertOne({ _id: "arr", hood: "narmak", createdAt: [1001, 1000] });
    before = s.documentsRead;
    const first = await reports.find({ hood: "narmak" }, { sort: { createdAt: -1 }, limit: 1 });
    expect(first.map((d) => d._id)).toEqual(["arr"]);
    expect(s.documentsRead - before).toBe(501);
  });

  it("marks many documents by id in SQLite, without reading them into JavaScript", async () => {
    const s = await openIn(tempDir());
    const inbox = s.collection<{ _id: string; state: string; at: number; update?: string }>(
      "inbox",
    );
    await inbox.createIndex({ keys: { state: 1, at: 1 } });
    await inbox.insertMany(
      Array.from({ length: 40 }, (_, i) => ({
        _id: `u${i}`,
        state: "received",
        at: i,
        update: "{}",
      })),
    );
    const ids = Array.from({ length: 20 }, (_, i) => `u${i * 2}`);
    const before = s.documentsRead;
    const r = await inbox.updateMany(
      { _id: { $in: ids } },
      { $set: { state: "done", at: 100 }, $unset: { update: "" } },
    );
    expect(r).toEqual({ matchedCount: 20, modifiedCount: 20 });
    expect(s.documentsRead - before).toBe(0);
    expect(await inbox.countDocuments({ state: "done", at: 100 })).toBe(20);
    expect(await inbox.findOne({ _id: "u2" })).toEqual({ _id: "u2", state: "done", at: 100 });
    // Another shape of update takes the general path, which reads what it changes.
    const general = s.documentsRead;
    await inbox.updateMany({ _id: { $in: ["u1", "u3"] } }, { $inc: { at: 1 } });
    expect(s.documentsRead - general).toBe(2);
  });

  it("a projected find that reads only what an index includes is answered from the index", async () => {
    const dir = tempDir();
    let s = await openIn(dir);
    type R = { _id: string; hood: string; at: number; text: string; state: string; pad: string };
    const spec = {
      keys: { hood: 1, at: -1 } as const,
      include: ["text", "state"],
      name: "recent",
    };
    await s.collection<R>("reports").createIndex(spec);
    await s.collection<R>("reports").insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        _id: `r${i}`,
        hood: i % 2 ? "narmak" : "fadak",
        at: i,
        text: `متن ${i}`,
        state: i % 3 ? "open" : "closed",
        pad: "x".repeat(500),
      })),
    );
    await s.close();
    // The index and what it includes outlive a restart.
    s = await openIn(dir);
    const reports = s.collection<R>("reports");
    const filter = { hood: "narmak", state: "open", at: { $gte: 0 } };
    const options = { sort: { at: -1 as const }, limit: 3, projection: { text: 1 } as const };
    const before = s.documentsRead;
    expect(await reports.find(filter, options)).toStrictEqual([
      { _id: "r299", text: "متن 299" },
      { _id: "r295", text: "متن 295" },
      { _id: "r293", text: "متن 293" },
    ]);
    expect(s.documentsRead - before).toBe(0);
    expect(s.explainQuery("reports", filter, { at: -1 }, options.projection)).toMatch(
      /USING COVERING INDEX ix_reports_recent/,
    );
    // A condition SQL can't check (a pattern on an included field) is checked on what the
    // index holds, page after page: here the first three pages hold no match.
    expect(
      await reports.find({ ...filter, text: { $regex: "^متن 2[0-7]" } }, options),
    ).toStrictEqual([
      { _id: "r277", text: "متن 277" },
      { _id: "r275", text: "متن 275" },
      { _id: "r271", text: "متن 271" },
    ]);
    expect(s.documentsRead - before).toBe(0);
    // A field the index lacks, in the projection or the filter: the documents are read
    // (four: r297 is closed).
    await reports.find(filter, { ...options, projection: { text: 1, pad: 1 } });
    expect(s.documentsRead - before).toBe(4);
    await reports.find({ ...filter, pad: { $exists: true } }, options);
    expect(s.documentsRead - before).toBe(8);
    // The same name with other included fields is another index: refused, as MongoDB does.
    await expect(reports.createIndex({ ...spec, include: ["text"] })).rejects.toThrow(
      /different spec/,
    );
    await reports.createIndex(spec); // the same again: nothing to do
    await s.close();
  });

  it("a sort on a field the filter bounds by a number is read in order from the index", async () => {
    const s = await openIn(tempDir());
    type R = { _id: string; hood: string; at: unknown };
    const reports = s.collection<R>("reports");
    await reports.createIndex({ keys: { hood: 1, at: -1 } });
    await reports.insertMany(
      Array.from({ length: 600 }, (_, i) => ({
        _id: `r${i}`,
        hood: "narmak",
        at: (i * 7919) % 600,
      })),
    );
    // Values a numeric bound never matches, in MongoDB as here.
    await reports.insertMany([
      { _id: "text", hood: "narmak", at: "999" },
      { _id: "yes", hood: "narmak", at: true },
      { _id: "obj", hood: "narmak", at: { n: 999 } },
      { _id: "none", hood: "narmak", at: null },
    ]);
    const before = s.documentsRead;
    const top = await reports.find(
      { hood: "narmak", at: { $gte: 1 } },
      { sort: { at: -1 }, limit: 3 },
    );
    expect(top.map((d) => d.at)).toEqual([599, 598, 597]);
    expect(s.documentsRead - before).toBe(3);
    // Only ids and indexed values are sorted: no document is read to order them.
    expect(s.explainQuery("reports", { hood: "narmak", at: { $gte: 1 } }, { at: -1 })).toMatch(
      /USING COVERING INDEX/,
    );
    // Without a numeric bound every bracket may occur: each candidate's value is looked at.
    expect(s.explainQuery("reports", { hood: "narmak" }, { at: -1 })).not.toMatch(/COVERING/);
    const low = await reports.find(
      { hood: "narmak", at: { $lt: 3 } },
      { sort: { at: 1 }, limit: 5 },
    );
    // `true` is 1 to SQLite's index: a candidate, refused by the filter as MongoDB would.
    expect(low.map((d) => d.at)).toEqual([0, 1, 2]);
  });

  it("copies its write-ahead log into the database in a rest, not while it is busy", async () => {
    const dir = tempDir();
    const s = await openIn(dir);
    const c = s.collection<{ _id: string; body: string }>("x");
    const walPages = () =>
      existsSync(join(dir, `${DB_FILE}-wal`))
        ? statSync(join(dir, `${DB_FILE}-wal`)).size / 4096
        : 0;
    // A burst with no rest of 50 ms: nothing is copied while it runs.
    const until = performance.now() + 400;
    let n = 0;
    while (performance.now() < until) {
      await c.insertOne({ _id: `a${n++}`, body: "x".repeat(3000) });
      if (n % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(s.checkpoints.inRest).toBe(0);
    expect(walPages()).toBeGreaterThan(n);
    // A rest: one checkpoint copies the whole log; the next write starts it again from the top.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.checkpoints.inRest).toBe(1);
    expect(s.checkpoints.pages).toBeGreaterThan(n);
    const size = walPages();
    for (let i = 0; i < 20; i++) await c.insertOne({ _id: `b${i}`, body: "y".repeat(3000) });
    expect(walPages()).toBe(size);
    // A rest with nothing written since copies nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.checkpoints.inRest).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.checkpoints.inRest).toBe(2);
    expect(await c.countDocuments()).toBe(n + 20);
  });

  it("opens SQLite for one process, a write-ahead log and statement journals in memory", async () => {
    const s = await openIn(tempDir());
    expect(s.setting("journal_mode")).toBe("wal");
    expect(s.setting("locking_mode")).toBe("exclusive");
    expect(s.setting("synchronous")).toBe(1); // NORMAL: survives a killed process
    expect(s.setting("wal_autocheckpoint")).toBe(WAL_CHECKPOINT_PAGES);
    // MEMORY: a statement inside a transaction (every insertTogether, insertMany and
    // updateMany) keeps what it would undo in memory, not in a temporary file first.
    expect(s.setting("temp_store")).toBe(2);
    const full = await openIn(tempDir(), { synchronous: "full" });
    expect(full.setting("synchronous")).toBe(2);
  });

  it("fails every call with StoreUnavailableError during a simulated outage", async () => {
    const s = await openIn(tempDir(), { faults: { failAll: true } });
    const c = s.collection("x");
    await expect(c.insertOne({ _id: "1" })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(s.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    s.setOutage(false);
    await c.insertOne({ _id: "1" });
    s.setOutage(true);
    await expect(c.findOne({ _id: "1" })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(c.updateOne({ _id: "1" }, { $set: { a: 1 } })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    s.setOutage(false);
    expect(await c.findOne({ _id: "1" })).toEqual({ _id: "1" });
  });

  it("refuses a second open of the same directory within one process", async () => {
    const dir = tempDir();
    await openIn(dir);
    await expect(openEmbeddedStore(dir)).rejects.toThrow(
      `data directory ${dir} is in use by process ${process.pid}`,
    );
  });

  it("generates a string _id when missing and rejects non-string ids", async () => {
    const s = await openIn(tempDir());
    const c = s.collection("x");
    await c.insertOne({ v: 1 } as never);
    const got = await c.findOne({ v: 1 });
    expect(typeof got?._id).toBe("string");
    await expect(c.insertOne({ _id: 5 } as never)).rejects.toBeInstanceOf(TypeError);
  });

  it("rolls back a whole insertMany and updateMany on a duplicate key", async () => {
    const s = await openIn(tempDir());
    const c = s.collection<{ _id: string; k: string; n?: number }>("x");
    await c.createIndex({ keys: { k: 1 }, unique: true });
    await c.insertMany([
      { _id: "1", k: "a" },
      { _id: "2", k: "b" },
    ]);
    await expect(
      c.insertMany([
        { _id: "3", k: "c" },
        { _id: "4", k: "a" },
      ]),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await c.countDocuments()).toBe(2);
    await expect(c.updateMany({}, { $set: { k: "z" }, $inc: { n: 1 } })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
      { _id: "1", k: "a" },
      { _id: "2", k: "b" },
    ]);
  });

  it("inserts into several collections together: all of them, or none", async () => {
    const s = await openIn(tempDir());
    const reports = s.collection<{ _id: string; code: string }>("reports");
    const outbox = s.collection<{ _id: string; to: number }>("outbox");
    await reports.createIndex({ keys: { code: 1 }, unique: true });
    await outbox.insertOne({ _id: "n:1", to: 1 });
    // A copy already there (same id) is left as it is; the others are written.
    await s.insertTogether([
      { collection: "reports", doc: d({ _id: "r1", code: "A" }) },
      { collection: "outbox", doc: d({ _id: "n:1", to: 99 }), ifAbsent: true },
      { collection: "outbox", doc: d({ _id: "n:2", to: 2 }), ifAbsent: true },
      { collection: "audit", doc: d({ _id: "a:1" }) },
    ]);
    expect(await reports.find({})).toEqual([{ _id: "r1", code: "A" }]);
    expect(await outbox.find({}, { sort: { _id: 1 } })).toEqual([
      { _id: "n:1", to: 1 },
      { _id: "n:2", to: 2 },
    ]);
    expect(await s.collection("audit").countDocuments()).toBe(1);
    // Any other duplicate key — by _id or by a unique index, first or last — undoes it all.
    for (const clash of [
      { collection: "reports", doc: d({ _id: "r2", code: "A" }) },
      { collection: "audit", doc: d({ _id: "a:1" }) },
    ]) {
      await expect(
        s.insertTogether([
          { collection: "outbox", doc: d({ _id: "n:3", to: 3 }), ifAbsent: true },
          { collection: "reports", doc: d({ _id: "r3", code: "C" }) },
          clash,
        ]),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await outbox.countDocuments()).toBe(2);
      expect(await reports.countDocuments()).toBe(1);
      expect(await s.collection("audit").countDocuments()).toBe(1);
    }
    s.setOutage(true);
    await expect(
      s.insertTogether([{ collection: "audit", doc: d({ _id: "a:2" }) }]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    s.setOutage(false);
    expect(await s.collection("audit").countDocuments()).toBe(1);
  });

  it("commits the writes asked for together in one turn at once, each still all or nothing", async () => {
    const dir = tempDir();
    const s = await openIn(dir);
    const reports = s.collection<{ _id: string; code: string }>("reports");
    await reports.createIndex({ keys: { code: 1 }, unique: true });
    const filing = (n: number, code = `C${n}`) =>
      s.insertTogether([
        { collection: "reports", doc: d({ _id: `r${n}`, code }) },
        { collection: "audit", doc: d({ _id: `a${n}` }) },
      ]);
    await filing(0);
    const before = { ...s.insertsTogether };
    // Five at once (a burst of filings): one commit; the one whose code clashes fails
    // alone, its audit entry with it, and the others are written.
    const results = await Promise.allSettled([
      filing(1),
      filing(2),
      filing(3, "C0"),
      filing(4),
      filing(5),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateKeyError);
    expect(s.insertsTogether.commits - before.commits).toBe(1);
    expect(s.insertsTogether.writes - before.writes).toBe(4);
    expect((await reports.find({}, { sort: { _id: 1 } })).map((r) => r._id)).toEqual([
      "r0",
      "r1",
      "r2",
      "r4",
      "r5",
    ]);
    expect(await s.collection("audit").countDocuments({ _id: "a3" })).toBe(0);
    // Awaited one after the other, each is its own commit.
    await filing(6);
    await filing(7);
    expect(s.insertsTogether.commits - before.commits).toBe(3);

    // The store failing before the commit fails every write waiting for it; none is kept.
    const waiting = [filing(8), filing(9)];
    s.setOutage(true);
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(StoreUnavailableError);
    s.setOutage(false);
    expect(await reports.countDocuments({ _id: { $in: ["r8", "r9"] } })).toBe(0);

    // Closing commits what was asked for and not yet written.
    const last = filing(10);
    await s.close();
    await expect(last).resolves.toBeUndefined();
    const again = await openIn(dir);
    expect(await again.collection("reports").countDocuments({ _id: "r10" })).toBe(1);
    expect(await again.collection("audit").countDocuments({ _id: "a10" })).toBe(1);
  });
});
