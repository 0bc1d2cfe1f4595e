import { Query } from "mingo";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../../src/store/mingo-ops.ts";
import type { Filter } from "../../src/store/port.ts";

// The embedded store tests most filters without mingo; whatever it does must give mingo's
// (MongoDB's) answer on every kind of value, arrays, null and missing fields included.
const values: unknown[] = [0, 1, 2, 2.5, "1", "a", "", true, false, null, [1, "a"], [], { k: 1 }];

const docs: Record<string, unknown>[] = [{ _id: "missing" }];
for (const [i, v] of values.entries()) {
  docs.push({ _id: `v${i}`, v, w: values[(i + 3) % values.length], s: i % 3 });
  docs.push({ _id: `w${i}`, w: v });
}

const conditions: Filter[] = [
  { v: 1 },
  { v: "a" },
  { v: false },
  { w: { $in: [1, "a", true] } },
  { v: { $gte: 1 } },
  { w: { $gt: 0, $lt: 2.5 } },
  { v: { $size: 0 } },
  { w: { $exists: false } },
  { s: 2 },
  // Not simple: mingo judges these, alone or inside a logical operator.
  { v: null },
  { v: { $ne: 1 } },
  { "v.k": 1 },
];

const filters: Filter[] = [...conditions];
for (const a of conditions)
  for (const b of conditions) {
    filters.push({ $or: [a, b] }, { $and: [a, b] }, { ...a, $or: [b, { s: 1 }] });
  }
filters.push({ $or: [{ $and: [{ v: 1 }, { s: 0 }] }, { w: { $in: ["a"] } }] }, { $and: [{}] });

describe("compiled filters", () => {
  it("match what mingo matches, for simple, logical and mixed filters", () => {
    for (const f of filters) {
      const test = compileFilter(f);
      const q = new Query(f);
      const ours = docs.filter((d) => test(d)).map((d) => d._id);
      const theirs = docs.filter((d) => q.test(d)).map((d) => d._id);
      expect(ours, JSON.stringify(f)).toEqual(theirs);
    }
  });

  it("leave malformed logical operators to mingo", () => {
    for (const f of [{ $or: [] }, { $and: "x" }, { $or: [[{ v: 1 }]] }, { $or: [null] }]) {
      const mingo = (() => {
        try {
          const q = new Query(f as Filter);
          return docs.filter((d) => q.test(d)).map((d) => d._id);
        } catch (err) {
          return `throws ${(err as Error).message}`;
        }
      })();
      const ours = (() => {
        try {
          const test = compileFilter(f as Filter);
          return docs.filter((d) => test(d)).map((d) => d._id);
        } catch (err) {
          return `throws ${(err as Error).message}`;
        }
      })();
      expect(ours, JSON.stringify(f)).toEqual(mingo);
    }
  });
});
