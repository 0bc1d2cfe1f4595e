/**
 * The store contract: one suite every adapter must pass, so the embedded store and MongoDB
 * cannot drift. Each test uses its own collection in one store per adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BaseDoc,
  type Collection,
  DuplicateKeyError,
  type Filter,
  type FindOptions,
  type Projection,
  type Store,
  StoreUnavailableError,
} from "../../src/store/port.ts";

type AnyDoc = BaseDoc & Record<string, unknown>;

export interface ContractOptions {
  /** Skip the whole suite (the describe name should say why). */
  skip?: boolean;
}

export function runStoreContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: (store: Store) => Promise<void>,
  options: ContractOptions = {},
): void {
  describe.skipIf(options.skip === true)(name, () => {
    let store: Store;
    let n = 0;
    const coll = (prefix = "t"): Collection<AnyDoc> =>
      store.collection<AnyDoc>(`${prefix}_${++n}_${Date.now().toString(36)}`);
    const ids = (docs: BaseDoc[]): string[] => docs.map((d) => d._id);
    const sortedIds = (docs: BaseDoc[]): string[] => ids(docs).sort();

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      if (store) await cleanup(store);
    });

    it("pings and round-trips documents exactly (nested, arrays, null, booleans)", async () => {
      await store.ping();
      const c = coll();
      const doc = {
        _id: "d1",
        s: "سلام",
        n: 12.5,
        i: -3,
        b: false,
        z: null,
        arr: [1, "two", { three: 3 }],
        o: { p: { q: [true] } },
      };
      await c.insertOne(doc);
      expect(await c.findOne({ _id: "d1" })).toEqual(doc);
      expect(await c.findOne({ _id: "nope" })).toBeNull();
      expect(await c.find({ s: "nope" })).toEqual([]);
    });

    describe("filters", () => {
      let c: Collection<AnyDoc>;
      beforeAll(async () => {
        c = coll("filters");
        await c.insertMany([
          {
            _id: "a",
            n: 1,
            s: "apple",
            tags: ["x", "y"],
            o: { k: 1, deep: { v: "p" } },
            flag: true,
            nums: [1, 9],
          },
          {
            _id: "b",
            n: 2,
            s: "banana",
            tags: ["y"],
            o: { k: 2 },
            items: [{ k: 1, w: 5 }],
            nums: [5],
          },
          { _id: "c", n: 3, s: "Cherry", tags: [], o: { k: 3 }, items: [{ k: 2, w: 1 }, { k: 3 }] },
          { _id: "d", n: null, s: "date", tags: ["x", "y", "z"], flag: false },
          {
            _id: "e",
            s: "elder",
            items: [
              { k: 1, w: 9 },
              { k: 9, w: 0 },
            ],
          },
        ]);
      });

      const cases: [string, Filter, string[]][] = [
        ["$eq", { n: { $eq: 2 } }, ["b"]],
        ["implicit equality", { s: "date" }, ["d"]],
        ["$ne (includes missing and null)", { n: { $ne: 1 } }, ["b", "c", "d", "e"]],
        ["$gt", { n: { $gt: 1 } }, ["b", "c"]],
        ["$gte", { n: { $gte: 2 } }, ["b", "c"]],
        ["$lt", { n: { $lt: 3 } }, ["a", "b"]],
        ["$lte", { n: { $lte: 1 } }, ["a"]],
        ["numeric bounds on an array: any element", { nums: { $gte: 5 } }, ["a", "b"]],
        [
          "two bounds on an array: each may be met by another element",
          { nums: { $gt: 5, $lt: 3 } },
          ["a"],
        ],
        ["two bounds on a number: both by the value", { n: { $gt: 1, $lt: 3 } }, ["b"]],
        ["numeric bounds never match strings", { s: { $gt: 0 } }, []],
        ["$in", { n: { $in: [1, 3, 99] } }, ["a", "c"]],
        ["$in with null matches missing", { n: { $in: [null, 2] } }, ["b", "d", "e"]],
        ["$nin", { n: { $nin: [1, 2] } }, ["c", "d", "e"]],
        ["null matches null and missing", { n: null }, ["d", "e"]],
        ["$and", { $and: [{ n: { $gte: 1 } }, { n: { $lte: 2 } }] }, ["a", "b"]],
        ["$or", { $or: [{ n: 1 }, { s: "elder" }] }, ["a", "e"]],
        ["$nor", { $nor: [{ n: 1 }, { s: "elder" }, { n: null }] }, ["b", "c"]],
        ["$not", { n: { $not: { $gt: 1 } } }, ["a", "d", "e"]],
        ["$all", { tags: { $all: ["x", "y"] } }, ["a", "d"]],
        ["$size", { tags: { $size: 1 } }, ["b"]],
        ["array element equality", { tags: "z" }, ["d"]],
        ["$elemMatch", { items: { $elemMatch: { k: 1, w: { $gt: 6 } } } }, ["e"]],
        ["array-of-objects path", { "items.k": 1 }, ["b", "e"]],
        ["array-of-objects path with operator", { "items.w": { $lt: 1 } }, ["e"]],
        ["nested path", { "o.k": { $gte: 2 } }, ["b", "c"]],
        ["deep nested path", { "o.deep.v": "p" }, ["a"]],
        ["$exists true", { flag: { $exists: true } }, ["a", "d"]],
        ["$exists false", { items: { $exists: false } }, ["a", "d"]],
        ["$regex", { s: { $regex: "an" } }, ["b"]],
        ["$regex with options", { s: { $regex: "^c", $options: "i" } }, ["c"]],
        ["boolean equality", { flag: false }, ["d"]],
        ["_id $in", { _id: { $in: ["a", "e", "zz"] } }, ["a", "e"]],
        ["empty $in", { n: { $in: [] } }, []],
        ["$in on an array field", { tags: { $in: ["z", "nope"] } }, ["d"]],
        ["$in of booleans", { flag: { $in: [false] } }, ["d"]],
        ["$size 0 and a missing field", { tags: { $size: 0 } }, ["c"]],
        ["$exists true on a null value", { n: { $exists: true } }, ["a", "b", "c", "d"]],
        ["two simple conditions", { tags: "y", n: { $in: [2, null] } }, ["b", "d"]],
      ];
      for (const [label, filter, expected] of cases) {
        it(label, async () => {
          expect(sortedIds(await c.find(filter))).toEqual(expected);
          expect(await c.countDocuments(filter)).toBe(expected.length);
        });
      }

      it("takes a $in of tens of thousands of values, on _id, an indexed field and an array field", async () => {
        const big = coll("bigin");
        await big.createIndex({ keys: { k: 1 } });
        await big.createIndex({ keys: { tags: 1 } });
        await big.insertMany(
          Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, k: i, tags: [`t${i}`] })),
        );
        const many = (f: (i: number) => string | number) =>
          Array.from({ length: 40_000 }, (_, i) => f(i * 2));
        expect(sortedIds(await big.find({ _id: { $in: many((i) => `d${i}`) } }))).toHaveLength(25);
        expect(await big.countDocuments({ k: { $in: many((i) => i) } })).toBe(25);
        expect(await big.countDocuments({ tags: { $in: many((i) => `t${i}`) } })).toBe(25);
        const r = await big.updateMany({ k: { $in: many((i) => i) } }, { $set: { even: true } });
        expect(r.modifiedCount).toBe(25);
        expect(await big.deleteMany({ _id: { $in: many((i) => `d${i}`) } })).toBe(25);
        expect(sortedIds(await big.find({}))).toEqual(
          Array.from({ length: 25 }, (_, i) => `d${i * 2 + 1}`).sort(),
        );
      });

      it("sorts by several keys, skips and limits", async () => {
        const s = coll();
        await s.insertMany([
          { _id: "1", g: 2, t: 10 },
          { _id: "2", g: 1, t: 30 },
          { _id: "3", g: 2, t: 20 },
          { _id: "4", g: 1, t: 5 },
          { _id: "5", g: 3, t: 1 },
        ]);
        expect(ids(await s.find({}, { sort: { g: 1, t: -1 } }))).toEqual(["2", "4", "3", "1", "5"]);
        expect(ids(await s.find({}, { sort: { g: -1, t: 1 }, skip: 1, limit: 2 }))).toEqual([
          "1",
          "3",
        ]);
        expect(ids(await s.find({ g: { $lt: 3 } }, { sort: { t: 1 }, limit: 1 }))).toEqual(["4"]);
        expect((await s.findOne({}, { sort: { t: -1 } }))?._id).toBe("2");
        expect(await s.find({}, { sort: { t: 1 }, skip: 10 })).toEqual([]);
      });

      it("sorts null and missing before numbers, numbers before strings", async () => {
        const s = coll();
        await s.insertMany([
          { _id: "str", v: "a" },
          { _id: "num", v: 1 },
          { _id: "missing" },
          { _id: "neg", v: -1 },
        ]);
        const got = ids(await s.find({}, { sort: { v: 1, _id: 1 } }));
        expect(got).toEqual(["missing", "neg", "num", "str"]);
      });

      it("sorts with a limit in MongoDB's order across types, ties in insertion order", async () => {
        const s = coll();
        await s.createIndex({ keys: { g: 1 } });
        await s.insertMany([
          { _id: "t", g: 1, v: true },
          { _id: "s2", g: 1, v: "ب" },
          { _id: "n2", g: 1, v: 2.5 },
          { _id: "miss", g: 1 },
          { _id: "s1", g: 1, v: "a" },
          { _id: "f", g: 1, v: false },
          { _id: "null", g: 1, v: null },
          { _id: "n1", g: 1, v: -3 },
          { _id: "n3", g: 1, v: 10 },
          { _id: "o", g: 2, v: "other group" },
        ]);
        const asc = ["miss", "null", "n1", "n2", "n3", "s1", "s2", "f", "t"];
        for (let limit = 1; limit <= asc.length; limit++) {
          expect(ids(await s.find({ g: 1 }, { sort: { v: 1 }, limit }))).toEqual(
            asc.slice(0, limit),
          );
        }
        expect(ids(await s.find({ g: 1 }, { sort: { v: -1 }, limit: 4 }))).toEqual([
          "t",
          "f",
          "s2",
          "s1",
        ]);
        expect(ids(await s.find({ g: 1 }, { sort: { v: 1 }, skip: 2, limit: 3 }))).toEqual([
          "n1",
          "n2",
          "n3",
        ]);
        // Ties on the first key: the second decides, then insertion order.
        await s.insertMany([
          { _id: "x1", g: 3, a: 1, b: 2 },
          { _id: "x2", g: 3, a: 1, b: 1 },
          { _id: "x3", g: 3, a: 0, b: 9 },
          { _id: "x4", g: 3, a: 1, b: 1 },
        ]);
        expect(ids(await s.find({ g: 3 }, { sort: { a: -1, b: 1 }, limit: 3 }))).toEqual([
          "x2",
          "x4",
          "x1",
        ]);
      });

      it("sorts arrays among the values of their elements, objects after numbers", async () => {
        const s = coll();
        await s.insertMany([
          { _id: "a", v: [5, 1] },
          { _id: "b", v: 3 },
          { _id: "c", v: [4, 9] },
          { _id: "d", v: { k: 1 } },
        ]);
        expect(ids(await s.find({}, { sort: { v: 1 }, limit: 3 }))).toEqual(["a", "b", "c"]);
        // Descending, the embedded document's bracket comes before the numbers'. (Beyond
        // these two the embedded adapter, sorting arrays with mingo, ranks [5, 1] by its
        // smallest element where MongoDB takes the largest; no query of ours sorts on an
        // array field.)
        expect(ids(await s.find({}, { sort: { v: -1 }, limit: 2 }))).toEqual(["d", "c"]);
      });

      it("an inclusion projection returns only its fields, whatever the filter and sort read", async () => {
        // The filter reads fields the projection leaves out; null, missing and $exists differ.
        expect(
          await c.find({ n: { $gte: 1 }, tags: "y" }, { projection: { s: 1 }, sort: { n: -1 } }),
        ).toEqual([
          { _id: "b", s: "banana" },
          { _id: "a", s: "apple" },
        ]);
        expect(await c.find({ n: null }, { projection: { flag: 1 }, sort: { _id: 1 } })).toEqual([
          { _id: "d", flag: false },
          { _id: "e" },
        ]);
        expect(
          await c.find({ n: { $exists: true } }, { projection: { _id: 0, n: 1 }, sort: { s: 1 } }),
        ).toEqual([{ n: 3 }, { n: 1 }, { n: 2 }, { n: null }]);
        expect(
          await c.find(
            { $or: [{ "o.k": 2 }, { "items.w": 9 }] },
            { projection: { "o.k": 1, items: 1 }, limit: 5 },
          ),
        ).toEqual([
          { _id: "b", o: { k: 2 }, items: [{ k: 1, w: 5 }] },
          {
            _id: "e",
            items: [
              { k: 1, w: 9 },
              { k: 9, w: 0 },
            ],
          },
        ]);
        expect(await c.find({ _id: "c" }, { projection: { _id: 1 } })).toEqual([{ _id: "c" }]);
        // Fields come in the document's order, whatever the projection's.
        const [a] = await c.find({ _id: "a" }, { projection: { s: 1, flag: 1, n: 1 } });
        expect(Object.keys(a!)).toEqual(["_id", "n", "s", "flag"]);
      });

      it("projects by inclusion and exclusion, nested paths too", async () => {
        expect(await c.findOne({ _id: "a" }, { projection: { s: 1, "o.k": 1 } })).toEqual({
          _id: "a",
          s: "apple",
          o: { k: 1 },
        });
        expect(await c.findOne({ _id: "a" }, { projection: { _id: 0, n: 1 } })).toEqual({ n: 1 });
        expect(
          await c.findOne({ _id: "b" }, { projection: { tags: 0, items: 0, nums: 0, "o.k": 0 } }),
        ).toEqual({ _id: "b", n: 2, s: "banana", o: {} });
        const many = await c.find({ n: { $gte: 2 } }, { projection: { n: 1 }, sort: { n: 1 } });
        expect(many).toEqual([
          { _id: "b", n: 2 },
          { _id: "c", n: 3 },
        ]);
      });
    });

    describe("updates", () => {
      it("applies $set $unset $inc $min $max on nested paths", async () => {
        const c = coll();
        await c.insertOne({ _id: "u", a: { b: 1, c: 2 }, cnt: 1, lo: 5, hi: 5 });
        const r = await c.updateOne(
          { _id: "u" },
          {
            $set: { "a.d.e": "new", top: true },
            $unset: { "a.c": "" },
            $inc: { cnt: 2, "a.b": -1, "stats.n": 1 },
            $min: { lo: 3, "m.lo": 7 },
            $max: { hi: 4, "m.hi": 8 },
          },
        );
        expect(r).toEqual({ matchedCount: 1, modifiedCount: 1 });
        expect(await c.findOne({ _id: "u" })).toEqual({
          _id: "u",
          a: { b: 0, d: { e: "new" } },
          cnt: 3,
          lo: 3,
          hi: 5,
          top: true,
          stats: { n: 1 },
          m: { lo: 7, hi: 8 },
        });
      });

      it("applies $set and $unset of nested paths on their own (a draft's fields)", async () => {
        const c = coll();
        await c.insertOne({ _id: "f", fields: { title: "t" }, arr: [1, 2, 3], keep: 1 });
        expect(
          await c.updateOne(
            { _id: "f", keep: 1 },
            {
              $set: { "fields.cost": 5, "x.y.z": "deep" },
              $unset: { "fields.title": "", "missing.k": "", editing: "" },
            },
          ),
        ).toEqual({ matchedCount: 1, modifiedCount: 1 });
        await c.updateOne({ _id: "f" }, { $set: { "arr.1": 9 } });
        expect(await c.findOne({ _id: "f" })).toEqual({
          _id: "f",
          fields: { cost: 5 },
          arr: [1, 9, 3],
          keep: 1,
          x: { y: { z: "deep" } },
        });
        // The same values again change nothing.
        expect(
          await c.updateOne(
            { _id: "f" },
            { $set: { "fields.cost": 5 }, $unset: { "fields.title": "" } },
          ),
        ).toEqual({ matchedCount: 1, modifiedCount: 0 });
        // What is stored is a copy: the caller's object changed later changes nothing.
        const obj = { n: 1 };
        await c.updateOne({ _id: "f" }, { $set: { "fields.obj": obj } });
        obj.n = 2;
        expect((await c.findOne({ _id: "f" }))?.fields).toEqual({ cost: 5, obj: { n: 1 } });
      });

      it("applies $push (with $each), $addToSet (with $each) and $pull", async () => {
        const c = coll();
        await c.insertOne({ _id: "p", l: { tags: ["a"] }, items: [{ k: 1 }, { k: 2 }, { k: 1 }] });
        await c.updateOne(
          { _id: "p" },
          {
            $push: { "l.tags": "b", "l.log": { $each: [1, 2] } },
            $addToSet: { "l.set": { $each: ["x", "x", "y"] } },
            $pull: { items: { k: 1 } },
          },
        );
        expect(await c.findOne({ _id: "p" })).toEqual({
          _id: "p",
          l: { tags: ["a", "b"], log: [1, 2], set: ["x", "y"] },
          items: [{ k: 2 }],
        });
        await c.updateOne(
          { _id: "p" },
          { $addToSet: { "l.tags": "a", "l.set": { $each: ["y", "z"] } }, $pull: { "l.log": 1 } },
        );
        expect(await c.findOne({ _id: "p" })).toEqual({
          _id: "p",
          l: { tags: ["a", "b"], log: [2], set: ["x", "y", "z"] },
          items: [{ k: 2 }],
        });
      });

      it("reports matched but not modified when nothing changes; updateMany counts", async () => {
        const c = coll();
        await c.insertMany([
          { _id: "1", s: "a", v: 1 },
          { _id: "2", s: "a", v: 2 },
          { _id: "3", s: "b", v: 2 },
        ]);
        expect(await c.updateOne({ _id: "1" }, { $set: { v: 1 } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
        });
        expect(await c.updateOne({ _id: "x" }, { $set: { v: 1 } })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
        });
        expect(await c.updateMany({ v: 2 }, { $set: { s: "a" } })).toEqual({
          matchedCount: 2,
          modifiedCount: 1,
        });
        expect(sortedIds(await c.find({ s: "a" }))).toEqual(["1", "2", "3"]);
      });

      it("$set and $unset of top-level scalars by _id keep every value exact", async () => {
        const c = coll();
        await c.createIndex({ keys: { state: 1 } });
        await c.insertOne({ _id: "s", state: "received", n: 1, keep: { a: [1] } });
        const tricky = `quote " backslash \\ slash / ' tab \t é 😀 \u2028 مشکل`;
        const set = {
          state: "done",
          text: tricky,
          "it's": 0.30000000000000004,
          big: 1795948747578,
          yes: true,
          none: null,
          n: true, // 1 → true is a change of type
        };
        expect(await c.updateOne({ _id: "s" }, { $set: set })).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
        });
        expect(await c.findOne({ _id: "s" })).toEqual({ _id: "s", keep: { a: [1] }, ...set });
        // The index on `state` sees the new value.
        expect(sortedIds(await c.find({ state: "done" }))).toEqual(["s"]);
        expect(await c.find({ state: "received" })).toEqual([]);
        // The same values again change nothing.
        expect(await c.updateOne({ _id: "s" }, { $set: set })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
        });
        // $unset of a present and an absent field; undefined in $set is ignored.
        expect(
          await c.updateOne(
            { _id: "s" },
            { $set: { skipped: undefined }, $unset: { text: "", absent: "" } },
          ),
        ).toEqual({ matchedCount: 1, modifiedCount: 1 });
        expect(await c.updateOne({ _id: "s" }, { $unset: { absent: "" } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
        });
        const after = await c.findOne({ _id: "s" });
        expect(after).not.toHaveProperty("text");
        expect(after).not.toHaveProperty("skipped");
        expect(after?.["it's"]).toBe(0.30000000000000004);
        // No document: nothing matched, and an upsert inserts.
        expect(await c.updateOne({ _id: "t" }, { $set: { state: "x" } })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
        });
        const up = await c.updateOne({ _id: "t" }, { $set: { state: tricky } }, { upsert: true });
        expect(up.upsertedId).toBe("t");
        expect(await c.findOne({ _id: "t" })).toEqual({ _id: "t", state: tricky });
      });

      it("$set and $unset by a list of _ids: counts, exact values, the rest left alone", async () => {
        const c = coll();
        await c.createIndex({ keys: { state: 1, at: 1 } });
        const tricky = `quote " backslash \\ ' é 😀 \u2028 مشکل`;
        await c.insertMany([
          { _id: "a", state: "received", at: 1, update: tricky },
          { _id: "b", state: "received", at: 2, update: "{}" },
          { _id: "c", state: "done", at: 5 },
          { _id: "d", state: "received", at: 3, update: "{}" },
        ]);
        const done = { $set: { state: "done", at: 5 }, $unset: { update: "" } };
        // "c" is done already (matched, not modified); "x" does not exist; "a" comes twice.
        expect(await c.updateMany({ _id: { $in: ["a", "b", "c", "x", "a"] } }, done)).toEqual({
          matchedCount: 3,
          modifiedCount: 2,
        });
        expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: "a", state: "done", at: 5 },
          { _id: "b", state: "done", at: 5 },
          { _id: "c", state: "done", at: 5 },
          { _id: "d", state: "received", at: 3, update: "{}" },
        ]);
        // The index on state and at sees the new values.
        expect(sortedIds(await c.find({ state: "done", at: { $gte: 5 } }))).toEqual([
          "a",
          "b",
          "c",
        ]);
        expect(sortedIds(await c.find({ state: "received" }))).toEqual(["d"]);
        // Again: nothing changes. An empty list and unknown ids match nothing.
        expect(await c.updateMany({ _id: { $in: ["a", "b"] } }, done)).toEqual({
          matchedCount: 2,
          modifiedCount: 0,
        });
        expect(await c.updateMany({ _id: { $in: [] } }, done)).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
        });
        expect(await c.updateMany({ _id: { $in: ["y", "z"] } }, done)).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
        });
        // A value with quotes and non-Latin text is written exactly.
        await c.updateMany({ _id: { $in: ["d"] } }, { $set: { note: tricky } });
        expect((await c.findOne({ _id: "d" }))?.note).toBe(tricky);
      });

      it("$inc on top-level fields: missing counts from 0, fractions add, a string refuses", async () => {
        const c = coll();
        await c.insertOne({ _id: "k", n: 1, f: 0.5, s: "x" });
        expect(await c.updateOne({ _id: "k" }, { $inc: { n: 2, f: 0.25, m: 5 } })).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
        });
        expect(await c.findOne({ _id: "k" })).toEqual({ _id: "k", n: 3, f: 0.75, s: "x", m: 5 });
        expect(await c.updateOne({ _id: "k" }, { $inc: { n: 0 } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
        });
        const seq = await c.findOneAndUpdate(
          { _id: "counter" },
          { $inc: { seq: 1 } },
          { upsert: true },
        );
        expect(seq).toEqual({ _id: "counter", seq: 1 });
        expect(await c.findOneAndUpdate({ _id: "counter" }, { $inc: { seq: 1 } })).toEqual({
          _id: "counter",
          seq: 2,
        });
        await expect(c.updateOne({ _id: "k" }, { $inc: { s: 1 } })).rejects.toThrow();
        expect((await c.findOne({ _id: "k" }))?.s).toBe("x");
      });

      it("$push and $pull on top-level arrays: one value, $each, element queries, a missing field", async () => {
        const c = coll();
        await c.insertOne({ _id: "q", list: [{ id: "e1" }, { id: "e2" }], tags: ["a", "b", "a"] });
        const item = { id: "e3", nested: { n: 1 } };
        expect(
          await c.updateOne(
            { _id: "q" },
            { $push: { list: { $each: [item] }, fresh: "x" }, $pull: { tags: "a" } },
          ),
        ).toEqual({ matchedCount: 1, modifiedCount: 1 });
        item.nested.n = 99; // the stored copy is not the caller's object
        expect(await c.findOne({ _id: "q" })).toEqual({
          _id: "q",
          list: [{ id: "e1" }, { id: "e2" }, { id: "e3", nested: { n: 1 } }],
          tags: ["b"],
          fresh: ["x"],
        });
        expect(
          await c.updateOne({ _id: "q" }, { $pull: { list: { id: { $in: ["e1", "e3"] } } } }),
        ).toEqual({ matchedCount: 1, modifiedCount: 1 });
        expect((await c.findOne({ _id: "q" }))?.list).toEqual([{ id: "e2" }]);
        // Nothing to pull, nothing pushed: matched, not modified.
        expect(
          await c.updateOne(
            { _id: "q" },
            { $pull: { list: { id: "none" }, absent: "x" }, $push: { tags: { $each: [] } } },
          ),
        ).toEqual({ matchedCount: 1, modifiedCount: 0 });
        // The guard flushed effects use: an emptied array.
        await c.updateOne({ _id: "q" }, { $pull: { list: { id: "e2" } } });
        expect(await c.findOne({ _id: "q", list: { $size: 0 } })).not.toBeNull();
      });

      it("upserts: inserts from the filter's equality fields with $setOnInsert", async () => {
        const c = coll();
        const r1 = await c.updateOne(
          { kind: "counter", "scope.d": 8, n: { $gte: 0 } },
          { $inc: { n: 1 }, $setOnInsert: { createdAt: 100 } },
          { upsert: true },
        );
        expect(r1.matchedCount).toBe(0);
        expect(typeof r1.upsertedId).toBe("string");
        const created = await c.findOne({ _id: r1.upsertedId });
        expect(created).toEqual({
          _id: r1.upsertedId,
          kind: "counter",
          scope: { d: 8 },
          n: 1,
          createdAt: 100,
        });
        // Update path: $setOnInsert is ignored, no new document.
        const r2 = await c.updateOne(
          { kind: "counter", "scope.d": 8 },
          { $inc: { n: 1 }, $setOnInsert: { createdAt: 999 } },
          { upsert: true },
        );
        expect(r2).toEqual({ matchedCount: 1, modifiedCount: 1 });
        expect(await c.countDocuments({})).toBe(1);
        expect((await c.findOne({ kind: "counter" }))?.createdAt).toBe(100);
        expect((await c.findOne({ kind: "counter" }))?.n).toBe(2);
      });

      it("upserts with the _id given in the filter", async () => {
        const c = coll();
        const r = await c.updateOne(
          { _id: "fixed" },
          { $set: { v: 1 }, $setOnInsert: { first: true } },
          { upsert: true },
        );
        expect(r.upsertedId).toBe("fixed");
        expect(await c.findOne({ _id: "fixed" })).toEqual({ _id: "fixed", v: 1, first: true });
      });
    });

    describe("replaceOne", () => {
      it("replaces by _id keeping the id, counts an identical replacement as unmodified, upserts", async () => {
        const c = coll();
        await c.createIndex({ keys: { state: 1 } });
        await c.insertOne({ _id: "r", state: "received", update: '{"big":1}', at: 1 });
        expect(await c.replaceOne({ _id: "r" }, { state: "done", at: 2 })).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
        });
        expect(await c.findOne({ _id: "r" })).toEqual({ _id: "r", state: "done", at: 2 });
        expect(sortedIds(await c.find({ state: "done" }))).toEqual(["r"]);
        expect(await c.find({ state: "received" })).toEqual([]);
        expect(await c.replaceOne({ _id: "r" }, { state: "done", at: 2 })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
        });
        expect(await c.replaceOne({ _id: "none" }, { state: "x" })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
        });
        expect(await c.findOne({ _id: "none" })).toBeNull();
        const up = await c.replaceOne({ _id: "new" }, { state: "x", n: [1, 2] }, { upsert: true });
        expect(up).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: "new" });
        expect(await c.findOne({ _id: "new" })).toEqual({ _id: "new", state: "x", n: [1, 2] });
      });

      it("replaces the first match of any filter; upserts under the filter's id or a new one", async () => {
        const c = coll();
        await c.insertMany([
          { _id: "a", kind: "k", v: 1 },
          { _id: "b", kind: "k", v: 2 },
        ]);
        expect(await c.replaceOne({ kind: "k", v: 2 }, { kind: "k", v: 3, extra: true })).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
        });
        expect(await c.findOne({ _id: "b" })).toEqual({ _id: "b", kind: "k", v: 3, extra: true });
        const up = await c.replaceOne({ kind: "other" }, { kind: "other", v: 9 }, { upsert: true });
        expect(typeof up.upsertedId).toBe("string");
        expect(await c.findOne({ _id: up.upsertedId })).toEqual({
          _id: up.upsertedId,
          kind: "other",
          v: 9,
        });
      });

      it("refuses a replacement that breaks a unique index, writing nothing", async () => {
        const c = coll();
        await c.createIndex({ keys: { phone: 1 }, unique: true, name: "phone_unique" });
        await c.insertMany([
          { _id: "p1", phone: "1" },
          { _id: "p2", phone: "2" },
        ]);
        await expect(c.replaceOne({ _id: "p2" }, { phone: "1" })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        await expect(
          c.replaceOne({ phone: "2" }, { phone: "1", name: "x" }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: "p2" })).toEqual({ _id: "p2", phone: "2" });
      });
    });

    describe("findOneAndUpdate", () => {
      it("returns the new document by default, the old one when asked, null on no match", async () => {
        const c = coll();
        await c.insertOne({ _id: "r", state: "submitted", n: 0 });
        const after = await c.findOneAndUpdate(
          { _id: "r", state: "submitted" },
          { $set: { state: "acknowledged" }, $inc: { n: 1 } },
        );
        expect(after).toEqual({ _id: "r", state: "acknowledged", n: 1 });
        const before = await c.findOneAndUpdate(
          { _id: "r" },
          { $set: { state: "referred" } },
          { returnDocument: "before" },
        );
        expect(before).toEqual({ _id: "r", state: "acknowledged", n: 1 });
        expect(await c.findOneAndUpdate({ _id: "nope" }, { $set: { x: 1 } })).toBeNull();
        const projected = await c.findOneAndUpdate(
          { _id: "r" },
          { $inc: { n: 1 } },
          { projection: { n: 1 } },
        );
        expect(projected).toEqual({ _id: "r", n: 2 });
      });

      it("a guard on the state matches nothing once the state has changed", async () => {
        const c = coll();
        await c.insertOne({ _id: "g", state: "submitted" });
        const first = await c.findOneAndUpdate(
          { _id: "g", state: "submitted" },
          { $set: { state: "rejected" } },
        );
        expect(first?.state).toBe("rejected");
        const second = await c.findOneAndUpdate(
          { _id: "g", state: "submitted" },
          { $set: { state: "acknowledged" } },
        );
        expect(second).toBeNull();
        const r = await c.updateOne({ _id: "g", state: "submitted" }, { $set: { state: "x" } });
        expect(r.matchedCount).toBe(0);
        expect((await c.findOne({ _id: "g" }))?.state).toBe("rejected");
      });

      it("of concurrent guarded updates exactly one wins", async () => {
        const c = coll();
        await c.insertOne({ _id: "race", state: "in_signature", step: 1, signers: [] });
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            c.findOneAndUpdate(
              { _id: "race", state: "in_signature", step: 1 },
              { $set: { step: 2 }, $push: { signers: `s${i}` } },
            ),
          ),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        const final = await c.findOne({ _id: "race" });
        expect(final?.step).toBe(2);
        expect(final?.signers).toHaveLength(1);
      });

      it("updates the first document in sort order", async () => {
        const c = coll();
        await c.insertMany([
          { _id: "1", due: 30, state: "pending" },
          { _id: "2", due: 10, state: "pending" },
          { _id: "3", due: 20, state: "pending" },
        ]);
        const got = await c.findOneAndUpdate(
          { state: "pending" },
          { $set: { state: "leased" } },
          { sort: { due: 1 } },
        );
        expect(got?._id).toBe("2");
      });

      it("upserts and returns the inserted document (null when 'before' is asked)", async () => {
        const c = coll();
        const created = await c.findOneAndUpdate(
          { key: "lease:sweep" },
          { $set: { holder: "a" }, $setOnInsert: { since: 1 } },
          { upsert: true },
        );
        expect(created).toMatchObject({ key: "lease:sweep", holder: "a", since: 1 });
        expect(typeof created?._id).toBe("string");
        const none = await c.findOneAndUpdate(
          { key: "other" },
          { $set: { holder: "b" } },
          { upsert: true, returnDocument: "before" },
        );
        expect(none).toBeNull();
        expect(await c.countDocuments({})).toBe(2);
      });
    });

    describe("unique indexes", () => {
      it("rejects a duplicate _id", async () => {
        const c = coll();
        await c.insertOne({ _id: "same", v: 1 });
        await expect(c.insertOne({ _id: "same", v: 2 })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: "same" })).toEqual({ _id: "same", v: 1 });
      });

      it("drops an index by name: its rule no longer holds; an unknown name is no error", async () => {
        const c = coll();
        await c.createIndex({ keys: { phone: 1 }, unique: true, name: "phone_unique" });
        await c.insertOne({ _id: "p1", phone: "+989120000001" });
        await expect(c.insertOne({ _id: "p2", phone: "+989120000001" })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        await c.dropIndex("phone_unique");
        await c.dropIndex("phone_unique");
        await c.dropIndex("never_created");
        await c.insertOne({ _id: "p2", phone: "+989120000001" });
        expect(await c.countDocuments({ phone: "+989120000001" })).toBe(2);
        // Created again, it is checked against what is stored.
        await expect(
          c.createIndex({ keys: { phone: 1 }, unique: true, name: "phone_unique" }),
        ).rejects.toThrow();
      });

      it("rejects duplicates from insertOne, upsert and updateOne, writing nothing", async () => {
        const c = coll();
        await c.createIndex({ keys: { phone: 1 }, unique: true, name: "phone_unique" });
        await c.insertOne({ _id: "p1", phone: "+989120000001", name: "A" });
        await c.insertOne({ _id: "p2", phone: "+989120000002", name: "B" });
        const dup = c.insertOne({ _id: "p3", phone: "+989120000001", name: "C" });
        await expect(dup).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: "p3" })).toBeNull();
        await expect(
          c.updateOne(
            { phone: "+989120000001", name: "not A" },
            { $set: { x: 1 } },
            { upsert: true },
          ),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(
          c.updateOne({ _id: "p2" }, { $set: { phone: "+989120000001", name: "B2" } }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(
          c.findOneAndUpdate({ _id: "p2" }, { $set: { phone: "+989120000001" } }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: "p2" })).toEqual({
          _id: "p2",
          phone: "+989120000002",
          name: "B",
        });
        expect(await c.countDocuments({})).toBe(2);
        // Updating a document without changing its key is not a conflict with itself.
        await c.updateOne({ _id: "p1" }, { $set: { name: "A2", phone: "+989120000001" } });
        expect((await c.findOne({ _id: "p1" }))?.name).toBe("A2");
        await expect(
          c.insertMany([
            { _id: "m1", phone: "+1" },
            { _id: "m2", phone: "+989120000002" },
          ]),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: "m2" })).toBeNull();
      });

      it("treats missing fields as null in a unique index", async () => {
        const c = coll();
        await c.createIndex({ keys: { code: 1 }, unique: true });
        await c.insertOne({ _id: "1" });
        await expect(c.insertOne({ _id: "2" })).rejects.toBeInstanceOf(DuplicateKeyError);
        await c.insertOne({ _id: "3", code: 1 });
        // Different types are different keys.
        await c.insertOne({ _id: "4", code: "1" });
        await c.insertOne({ _id: "5", code: true });
      });

      it("enforces compound unique keys", async () => {
        const c = coll();
        await c.createIndex({ keys: { platform: 1, userId: 1 }, unique: true });
        await c.insertOne({ _id: "1", platform: "telegram", userId: 42 });
        await c.insertOne({ _id: "2", platform: "bale", userId: 42 });
        await c.insertOne({ _id: "3", platform: "telegram", userId: 43 });
        await expect(
          c.insertOne({ _id: "4", platform: "telegram", userId: 42 }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.countDocuments({})).toBe(3);
      });

      it("enforces partial unique indexes only on matching documents", async () => {
        const c = coll();
        await c.createIndex({
          keys: { phone: 1 },
          unique: true,
          partialFilterExpression: { active: true },
        });
        await c.insertOne({ _id: "1", phone: "09121", active: true });
        await c.insertOne({ _id: "2", phone: "09121", active: false });
        await c.insertOne({ _id: "3", phone: "09121", active: false });
        await expect(
          c.insertOne({ _id: "4", phone: "09121", active: true }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(c.updateOne({ _id: "2" }, { $set: { active: true } })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        await c.updateOne({ _id: "1" }, { $set: { active: false } });
        await c.updateOne({ _id: "2" }, { $set: { active: true } });
        expect(sortedIds(await c.find({ active: true }))).toEqual(["2"]);
      });

      it("refuses to create a unique index over existing duplicates", async () => {
        const c = coll();
        await c.insertMany([
          { _id: "1", k: "x" },
          { _id: "2", k: "x" },
        ]);
        await expect(c.createIndex({ keys: { k: 1 }, unique: true })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        await c.insertOne({ _id: "3", k: "x" });
        expect(await c.countDocuments({ k: "x" })).toBe(3);
      });

      it("createIndex is idempotent", async () => {
        const c = coll();
        await c.createIndex({ keys: { a: 1, b: -1 }, name: "ab" });
        await c.createIndex({ keys: { a: 1, b: -1 }, name: "ab" });
        await c.insertOne({ _id: "1", a: 1, b: 2 });
        expect(await c.countDocuments({ a: 1 })).toBe(1);
      });
    });

    describe("delete and count", () => {
      it("deleteOne removes one match, deleteMany all matches", async () => {
        const c = coll();
        await c.insertMany([
          { _id: "1", k: "a" },
          { _id: "2", k: "a" },
          { _id: "3", k: "a" },
          { _id: "4", k: "b" },
        ]);
        expect(await c.countDocuments()).toBe(4);
        expect(await c.deleteOne({ k: "a" })).toBe(1);
        expect(await c.countDocuments({ k: "a" })).toBe(2);
        expect(await c.deleteOne({ k: "zzz" })).toBe(0);
        // By id: the one document, once.
        const left = sortedIds(await c.find({ k: "a" }));
        expect(await c.deleteOne({ _id: left[0]! })).toBe(1);
        expect(await c.deleteOne({ _id: left[0]! })).toBe(0);
        expect(sortedIds(await c.find({}))).toEqual([left[1]!, "4"]);
        await c.insertOne({ _id: left[0]!, k: "a" });
        expect(await c.deleteMany({ k: "a" })).toBe(2);
        expect(sortedIds(await c.find({}))).toEqual(["4"]);
        expect(await c.deleteMany({})).toBe(1);
        expect(await c.countDocuments()).toBe(0);
      });
    });

    describe("index-assisted queries return the same as a scan", () => {
      const values: unknown[] = [
        0,
        1,
        -1,
        2,
        2.5,
        1e12,
        "1",
        "2",
        "a",
        "",
        true,
        false,
        null,
        { n: 1 },
        "[1]",
      ];
      const queries: Filter[] = [
        { v: 1 },
        { v: 0 },
        { v: "1" },
        { v: "" },
        { v: true },
        { v: false },
        { v: null },
        { v: { $eq: 2 } },
        { v: { $in: [1, "a", null] } },
        { v: { $in: [true, 2.5] } },
        { v: { $in: [] } },
        { v: { $gt: 1 } },
        { v: { $gte: 1, $lt: 3 } },
        { v: { $lt: 1 } },
        { v: { $lte: 0 } },
        { v: { $gt: -5, $lte: 1e12 } },
        { v: { $gt: "1" } },
        { v: { $ne: 1 } },
        { v: { $exists: false } },
        { v: 5 },
        { v: "x" },
        { v: [1, 5] },
        { v: { n: 1 } },
        { "o.x": 1 },
        { "o.x": null },
        { "o.x": { $gt: 0 } },
        { "o.x": "s" },
        { v: 1, "o.x": 1 },
        { $and: [{ v: { $gte: 0 } }, { v: { $lt: 2 } }] },
        { $or: [{ v: 1 }, { v: "a" }] },
        { w: 1, v: { $gte: 0 } },
      ];

      function dataset(withArrays: boolean): AnyDoc[] {
        const docs: AnyDoc[] = [];
        let i = 0;
        for (const v of values) {
          docs.push({ _id: `v${i}`, v, o: { x: v }, w: i % 2 });
          i++;
        }
        docs.push({ _id: "missing" });
        docs.push({ _id: "o-scalar", o: "s" });
        docs.push({ _id: "o-missing-x", v: 1, o: {} });
        if (withArrays) {
          // No document has arrays in two fields of one compound index (MongoDB forbids it).
          docs.push({ _id: "arr", v: [1, 5], o: { x: 3 } });
          docs.push({ _id: "arr-ox", v: 3, o: { x: [1, 2] } });
          docs.push({ _id: "arr-o", v: "x", o: [{ x: 1 }, { x: "s" }] });
          docs.push({ _id: "arr-x", v: ["x"] });
          docs.push({ _id: "arr-empty", v: [] });
          docs.push({ _id: "arr-o-empty", o: [] });
        }
        return docs;
      }

      for (const withArrays of [false, true]) {
        it(`${withArrays ? "with" : "without"} arrays in the indexed fields`, async () => {
          const plain = coll("scan");
          const indexed = coll("idx");
          await indexed.createIndex({ keys: { v: 1 } });
          await indexed.createIndex({ keys: { "o.x": 1, v: -1 } });
          await indexed.createIndex({ keys: { w: 1, v: 1 } });
          const docs = dataset(withArrays);
          // Half before and half after a late index, to cover both index build paths.
          await plain.insertMany(docs);
          await indexed.insertMany(docs.slice(0, 8));
          for (const d of docs.slice(8)) await indexed.insertOne(d);
          const late = coll("late");
          await late.insertMany(docs);
          await late.createIndex({ keys: { v: 1 } });
          await late.createIndex({ keys: { "o.x": 1 } });
          for (const q of queries) {
            const expected = sortedIds(await plain.find(q));
            expect(sortedIds(await indexed.find(q)), JSON.stringify(q)).toEqual(expected);
            expect(sortedIds(await late.find(q)), JSON.stringify(q)).toEqual(expected);
            expect(await indexed.countDocuments(q), JSON.stringify(q)).toBe(expected.length);
          }
        });
      }
    });

    it("an index with included fields answers sorted, limited, projected finds as a scan does", async () => {
      const plain = coll("scan");
      const covering = coll("cover");
      await covering.createIndex({ keys: { w: 1, n: -1 }, include: ["v", "o"], name: "cover" });
      const values: unknown[] = [
        0,
        -1,
        2.5,
        1e21,
        2 ** 53,
        "1",
        "",
        'چراغ "کوچهٔ" ۱۲\\ خاموش\n است ✓',
        "\u200c\u200f",
        true,
        false,
        null,
        { lat: 35.7, lng: 51.4 },
        [1, "a", null],
        [],
      ];
      const docs: AnyDoc[] = [];
      values.forEach((v, i) => {
        docs.push({ _id: `v${i}`, w: i % 2, n: i, v, o: { x: v }, x: i });
        docs.push({ _id: `m${i}`, w: i % 2, n: 100 + i, ...(i % 3 ? { v } : {}), x: i });
      });
      // Values a numeric bound never matches: the covered read checks real values too.
      docs.push({ _id: "n-true", w: 0, n: true, v: 1 }, { _id: "n-text", w: 1, n: "5", v: 1 });
      await plain.insertMany(docs);
      await covering.insertMany(docs.slice(0, 10));
      for (const d of docs.slice(10)) await covering.insertOne(d);
      const queries: Filter[] = [
        { w: 0, n: { $gte: 0 } },
        { w: 1, n: { $gte: 0, $lt: 110 } },
        { w: 0, n: { $gte: 0 }, v: null },
        { w: 1, n: { $gte: 0 }, v: { $exists: false } },
        { w: 0, n: { $gte: 0 }, v: { $in: [false, "", 2.5, 0] } },
        { w: 1, n: { $gte: 0 }, v: "a" },
        { w: 0, n: { $gt: -1 }, x: { $gte: 4 } },
      ];
      const projections: Projection[] = [
        { v: 1, o: 1 },
        { v: 1, _id: 0 },
        { o: 1 },
        { w: 1, n: 1 },
      ];
      for (const q of queries)
        for (const projection of projections)
          for (const limit of [1, 4, 50]) {
            const options: FindOptions = { sort: { n: -1 }, limit, projection };
            const label = JSON.stringify({ q, options });
            expect(await covering.find(q, options), label).toStrictEqual(
              await plain.find(q, options),
            );
          }
      // Documents changed after the index was built are read back as they are now.
      await covering.updateOne({ _id: "v12" }, { $set: { v: { lat: 1, lng: 2 } } });
      await covering.deleteOne({ _id: "v10" });
      await plain.updateOne({ _id: "v12" }, { $set: { v: { lat: 1, lng: 2 } } });
      await plain.deleteOne({ _id: "v10" });
      const options: FindOptions = { sort: { n: -1 }, limit: 50, projection: { v: 1 } };
      expect(await covering.find({ w: 0, n: { $gte: 0 } }, options)).toStrictEqual(
        await plain.find({ w: 0, n: { $gte: 0 } }, options),
      );
    });

    it("rejects with StoreUnavailableError after close", async () => {
      const s = await open();
      const c = s.collection("closing");
      await c.insertOne({ _id: "x" });
      await s.close();
      await expect(c.findOne({ _id: "x" })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(c.insertOne({ _id: "y" })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(s.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await cleanup(s);
    });
  });
}
