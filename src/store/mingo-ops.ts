/**
 * MongoDB semantics on plain objects, via mingo: matching, sorting, projection, update
 * operators and upsert seeding. Pure functions; the embedded adapter owns storage.
 */
import { update as mingoUpdate, Query } from "mingo";
import type { Filter, Projection, SortSpec, Update } from "./port.ts";

type Doc = Record<string, unknown>;

const UPDATE_OPERATORS = new Set([
  "$set",
  "$unset",
  "$inc",
  "$push",
  "$addToSet",
  "$pull",
  "$setOnInsert",
  "$min",
  "$max",
]);

type Scalar = string | number | boolean;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

const RANGE: Record<string, (a: number, b: number) => boolean> = {
  $gt: (a, b) => a > b,
  $gte: (a, b) => a >= b,
  $lt: (a, b) => a < b,
  $lte: (a, b) => a <= b,
};

/** A plain top-level field name: no operator, no dotted path. */
export const isPlainKey = (k: string) => !k.startsWith("$") && !k.includes(".") && k !== "";

export function compileFilter(filter: Filter): (doc: Doc) => boolean {
  const fast = simpleFilter(filter);
  if (fast) return fast;
  const q = new Query(filter);
  return (doc) => q.test(doc);
}

/**
 * The commonest filters ({_id}, {_id, state}, {state: {$in}}, a guard on `{$size: 0}` or
 * `{$exists}`, `$and`/`$or` of such…) on plain fields, without mingo: building a mingo
 * Query copies its whole operator table each time, which dominated the cost of small reads
 * and writes (and the similar-report look-up's `$or`: 21 µs a build in-process, against
 * under 1 for these tests). Undefined when any part is not simple.
 */
function simpleFilter(filter: Filter): ((doc: Doc) => boolean) | undefined {
  const entries = Object.entries(filter);
  if (entries.length === 0) return () => true;
  const tests: ((doc: Doc) => boolean)[] = [];
  for (const [k, v] of entries) {
    const test =
      k === "$and" || k === "$or"
        ? logical(k, v)
        : isPlainKey(k)
          ? simpleCondition(k, v)
          : undefined;
    if (!test) return undefined;
    tests.push(test);
  }
  return tests.length === 1 ? tests[0] : (doc) => tests.every((t) => t(doc));
}

/** `$and`/`$or` over a non-empty list of simple filters (anything else is mingo's to judge). */
function logical(op: "$and" | "$or", list: unknown): ((doc: Doc) => boolean) | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const tests: ((doc: Doc) => boolean)[] = [];
  for (const f of list) {
    if (typeof f !== "object" || f === null || Array.isArray(f)) return undefined;
    const test = simpleFilter(f as Filter);
    if (!test) return undefined;
    tests.push(test);
  }
  return op === "$and" ? (doc) => tests.every((t) => t(doc)) : (doc) => tests.some((t) => t(doc));
}

/**
 * One condition on a top-level field, with MongoDB's semantics, when it is simple: a
 * scalar (equal, or an array holding it), `{ $in: scalars }` (likewise for any of them),
 * numeric bounds (`$gt`, `$gte`, `$lt`, `$lte`), `{ $size: n }` (an array of that length)
 * or `{ $exists: boolean }`. Undefined otherwise.
 */
function simpleCondition(k: string, v: unknown): ((doc: Doc) => boolean) | undefined {
  if (isScalar(v)) {
    return (doc) => {
      const actual = doc[k];
      return Array.isArray(actual) ? actual.includes(v) : actual === v;
    };
  }
  if (!isOperatorObject(v)) return undefined;
  const ops = Object.entries(v as Record<string, unknown>);
  if (
    ops.length > 0 &&
    ops.every(([op, arg]) => op in RANGE && typeof arg === "number" && Number.isFinite(arg))
  ) {
    // Numeric bounds match numbers only (MongoDB's type brackets); on an array each bound
    // may be met by a different element, as in MongoDB without $elemMatch.
    const checks = ops.map(([op, arg]) => {
      const cmp = RANGE[op]!;
      return (x: unknown) => typeof x === "number" && cmp(x, arg as number);
    });
    return (doc) => {
      const actual = doc[k];
      return checks.every((c) => (Array.isArray(actual) ? actual.some(c) : c(actual)));
    };
  }
  if (ops.length !== 1) return undefined;
  const [op, arg] = ops[0]!;
  if (op === "$in" && Array.isArray(arg) && arg.every(isScalar)) {
    const values = new Set<unknown>(arg);
    return (doc) => {
      const actual = doc[k];
      return Array.isArray(actual) ? actual.some((a) => values.has(a)) : values.has(actual);
    };
  }
  if (op === "$size" && typeof arg === "number" && Number.isInteger(arg) && arg >= 0) {
    return (doc) => {
      const actual = doc[k];
      return Array.isArray(actual) && actual.length === arg;
    };
  }
  if (op === "$exists" && typeof arg === "boolean") {
    return (doc) => (doc[k] !== undefined) === arg;
  }
  return undefined;
}

/** Sorts, skips and limits in MongoDB's order (type brackets, null/missing first). */
export function sortSkipLimit(
  docs: Doc[],
  sort: SortSpec | undefined,
  skip: number | undefined,
  limit: number | undefined,
): Doc[] {
  let out = docs;
  if (sort && Object.keys(sort).length > 0) {
    out = new Query({}).find<Doc>(out).sort(sort).all();
  }
  const from = skip ?? 0;
  // MongoDB treats limit 0 as "no limit".
  const to = limit ? from + limit : undefined;
  return from > 0 || to !== undefined ? out.slice(from, to) : out;
}

/** Projects many documents with one compiled query (building one is the costly part). */
export function projectAll(docs: Doc[], projection: Projection | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0 || docs.length === 0) return docs;
  const pick = topLevelPick(projection);
  if (pick) return docs.map(pick);
  return new Query({}).find<Doc>(docs, projection).all();
}

export function project(doc: Doc, projection: Projection | undefined): Doc {
  if (!projection || Object.keys(projection).length === 0) return doc;
  return projectAll([doc], projection)[0] ?? {};
}

/**
 * The fields an inclusion of plain top-level fields keeps (`_id` first unless `_id: 0`);
 * undefined for any other projection.
 */
export function inclusionFields(projection: Projection): string[] | undefined {
  const keep = new Set<string>(["_id"]);
  for (const [k, v] of Object.entries(projection)) {
    if (k === "_id") {
      if (v === 0) keep.delete("_id");
      else if (v !== 1) return undefined;
    } else if (v !== 1 || !isPlainKey(k)) return undefined;
    else keep.add(k);
  }
  return [...keep];
}

/**
 * An inclusion of plain top-level fields (`_id` kept unless `_id: 0`), done without mingo,
 * in the document's own field order as MongoDB returns them.
 */
function topLevelPick(projection: Projection): ((doc: Doc) => Doc) | undefined {
  const fields = inclusionFields(projection);
  if (!fields) return undefined;
  const keep = new Set(fields);
  return (doc) => {
    const out: Doc = {};
    for (const k of Object.keys(doc)) if (keep.has(k) && doc[k] !== undefined) out[k] = doc[k];
    return out;
  };
}

function assertOperators(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0) throw new TypeError("update document must not be empty");
  for (const k of keys) {
    if (!UPDATE_OPERATORS.has(k)) throw new TypeError(`unsupported update operator ${k}`);
  }
}

/**
 * mingo keeps duplicates from `$addToSet: {$each}` when the array does not exist yet;
 * MongoDB does not. Deduplicating the `$each` list first gives MongoDB's result.
 */
function fixAddToSet(update: Update): Update {
  const add = update.$addToSet;
  if (!add) return update;
  const fixed: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(add)) {
    if (v && typeof v === "object" && !Array.isArray(v) && "$each" in v) {
      const each = (v as { $each: unknown }).$each;
      if (Array.isArray(each)) {
        const seen = new Set<string>();
        const uniq = each.filter((e) => {
          const k = JSON.stringify(e);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        fixed[path] = { ...(v as object), $each: uniq };
        continue;
      }
    }
    fixed[path] = v;
  }
  return { ...update, $addToSet: fixed };
}

/** Equal as stored (JSON), for change detection in the fast path below. */
const sameValue = (a: unknown, b: unknown) =>
  a === b ||
  (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));

/**
 * `$set`/`$unset`/`$inc`/`$setOnInsert`/`$push`/`$pull` of plain top-level fields (not
 * `_id`) without mingo: the shape of most writes (conversation state, inbox marks,
 * timestamps, counters, transitions with their effects); `$set`/`$unset` also of dotted
 * paths through embedded documents (a proposal draft's `fields.title`). Building mingo's
 * updater copies its operator tables on every call. Returns undefined, having changed
 * nothing, when the update needs the general path.
 */
const SIMPLE_OPERATORS = new Set(["$set", "$unset", "$inc", "$setOnInsert", "$push", "$pull"]);

/** `$push` values: one value, or `{ $each: [...] }` without other modifiers. */
function pushItems(v: unknown): unknown[] | undefined {
  if (!isOperatorObject(v)) return [v];
  const mods = Object.keys(v as object);
  const each = (v as { $each?: unknown }).$each;
  return mods.length === 1 && Array.isArray(each) ? each : undefined;
}

/** `$pull` conditions handled here: a scalar, or a query on the elements (documents). */
function pullTest(cond: unknown): ((el: unknown) => boolean) | undefined {
  if (isScalar(cond)) return (el) => el === cond;
  if (!cond || typeof cond !== "object" || Array.isArray(cond) || isOperatorObject(cond))
    return undefined;
  const test = compileFilter(cond as Filter);
  return (el) => el !== null && typeof el === "object" && !Array.isArray(el) && test(el as Doc);
}

/** A dotted path's segments when each is a field name (no array index, no operator). */
function fieldPath(k: string): string[] | undefined {
  const segs = k.split(".");
  return segs.every((s) => isPlainKey(s) && !/^\d+$/.test(s)) ? segs : undefined;
}

const isPlainObject = (v: unknown): v is Doc =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The embedded document holding a dotted path's last field, or null when a field on the way
 * is missing; undefined when one is something else (an array, a scalar: MongoDB's rules for
 * those are mingo's to apply). With `create`, missing ones are made.
 */
function parentOf(doc: Doc, segs: string[], create: boolean): Doc | null | undefined {
  let at: Doc = doc;
  for (const seg of segs.slice(0, -1)) {
    const next = at[seg];
    if (next === undefined) {
      if (!create) return null;
      at[seg] = {};
      at = at[seg] as Doc;
    } else if (isPlainObject(next)) at = next;
    else return undefined;
  }
  return at;
}

function applySimpleUpdate(doc: Doc, update: Update, inserting: boolean): boolean | undefined {
  if (!Object.keys(update).every((op) => SIMPLE_OPERATORS.has(op))) return undefined;
  // $setOnInsert is a $set when the upsert inserts, and nothing otherwise.
  const set = { ...update.$set, ...(inserting ? update.$setOnInsert : undefined) };
  const unset = update.$unset ?? {};
  const inc = (update.$inc ?? {}) as Record<string, unknown>;
  const push = (update.$push ?? {}) as Record<string, unknown>;
  const pull = (update.$pull ?? {}) as Record<string, unknown>;
  const dottable = [
    ...Object.keys(update.$set ?? {}),
    ...Object.keys(update.$setOnInsert ?? {}),
    ...Object.keys(unset),
  ];
  const keys = [...dottable, ...Object.keys(inc), ...Object.keys(push), ...Object.keys(pull)];
  if (new Set(keys).size !== keys.length || keys.some((k) => k === "_id" || k.startsWith("_id.")))
    return undefined;
  const paths = new Map<string, string[]>();
  for (const k of keys) {
    if (isPlainKey(k)) continue;
    const segs = dottable.includes(k) ? fieldPath(k) : undefined;
    if (!segs) return undefined;
    paths.set(k, segs);
  }
  if (paths.size > 0) {
    // A path and a field on its way in one update is a conflict MongoDB refuses; and every
    // field on the way must be an embedded document (or, for $set, missing).
    const all = new Set(keys);
    for (const segs of paths.values()) {
      for (let i = 1; i < segs.length; i++)
        if (all.has(segs.slice(0, i).join("."))) return undefined;
      if (parentOf(doc, segs, false) === undefined) return undefined;
    }
  }
  // $inc adds numbers to numbers (or to a missing field), and refuses anything else as
  // MongoDB does (mingo would silently leave the field alone).
  for (const [k, by] of Object.entries(inc)) {
    if (typeof by !== "number" || !Number.isFinite(by)) return undefined;
    if (doc[k] !== undefined && typeof doc[k] !== "number")
      throw new TypeError(`Cannot apply $inc to a value of non-numeric type (field ${k})`);
  }
  // $push and $pull on arrays (or, for $push, a missing field) only; anything else gets
  // mingo's semantics and errors.
  const pushes: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(push)) {
    const items = pushItems(v);
    if (!items || (doc[k] !== undefined && !Array.isArray(doc[k]))) return undefined;
    pushes.push([k, items]);
  }
  const pulls: [string, (el: unknown) => boolean][] = [];
  for (const [k, cond] of Object.entries(pull)) {
    const test = pullTest(cond);
    if (!test || (doc[k] !== undefined && !Array.isArray(doc[k]))) return undefined;
    pulls.push([k, test]);
  }
  let changed = false;
  for (const [k, items] of pushes) {
    const list = doc[k] as unknown[] | undefined;
    if (list === undefined || items.length > 0) changed = true;
    // Copies, so the caller's objects and the stored document never share state.
    doc[k] = [
      ...(list ?? []),
      ...items.map((x) => (typeof x === "object" ? structuredClone(x) : x)),
    ];
  }
  for (const [k, test] of pulls) {
    const list = doc[k] as unknown[] | undefined;
    if (list === undefined) continue;
    const kept = list.filter((el) => !test(el));
    if (kept.length !== list.length) {
      doc[k] = kept;
      changed = true;
    }
  }
  for (const [k, by] of Object.entries(inc) as [string, number][]) {
    const next = ((doc[k] as number | undefined) ?? 0) + by;
    if (doc[k] !== next) changed = true;
    doc[k] = next;
  }
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    const segs = paths.get(k);
    const at = segs ? (parentOf(doc, segs, true) as Doc) : doc;
    const f = segs ? segs.at(-1)! : k;
    if (!sameValue(at[f], v)) changed = true;
    // A copy, so the caller's object and the stored document never share state.
    at[f] = typeof v === "object" && v !== null ? structuredClone(v) : v;
  }
  for (const k of Object.keys(unset)) {
    const segs = paths.get(k);
    const at = segs ? parentOf(doc, segs, false) : doc;
    const f = segs ? segs.at(-1)! : k;
    if (at && f in at) {
      delete at[f];
      changed = true;
    }
  }
  return changed;
}

/**
 * An update that sets top-level fields to scalars (string, finite number, boolean, null)
 * and unsets top-level fields, and nothing else — the shape of the hottest writes (inbox
 * marks, conversation state, timestamps). Returns undefined for any other update.
 */
export function scalarSetUnset(
  update: Update,
): { set: [string, Scalar | null][]; unset: string[] } | undefined {
  const ops = Object.keys(update);
  if (!ops.every((op) => op === "$set" || op === "$unset")) return undefined;
  const set: [string, Scalar | null][] = [];
  for (const [k, v] of Object.entries(update.$set ?? {})) {
    if (v === undefined) continue; // ignored, as the MongoDB adapter's ignoreUndefined does
    if (v !== null && !isScalar(v)) return undefined;
    set.push([k, v]);
  }
  const unset = Object.keys(update.$unset ?? {});
  const keys = [...set.map(([k]) => k), ...unset];
  if (!keys.every((k) => isPlainKey(k) && k !== "_id") || new Set(keys).size !== keys.length)
    return undefined;
  return { set, unset };
}

/**
 * Applies an update to `doc` in place. `$setOnInsert` only applies when `inserting`.
 * Returns whether anything changed.
 */
export function applyUpdate(doc: Doc, update: Update, inserting: boolean): boolean {
  assertOperators(update);
  const fast = applySimpleUpdate(doc, update, inserting);
  if (fast !== undefined) return fast;
  const { $setOnInsert, ...rest } = fixAddToSet(update);
  let changed = false;
  if (Object.keys(rest).length > 0) {
    changed = mingoUpdate(doc, rest as never).length > 0;
  }
  if (inserting && $setOnInsert && Object.keys($setOnInsert).length > 0) {
    changed = mingoUpdate(doc, { $set: $setOnInsert } as never).length > 0 || changed;
  }
  return changed;
}

/**
 * The document an upsert starts from: the filter's equality conditions (top level and
 * inside `$and`), as MongoDB does. Dotted paths become nested fields.
 */
export function upsertSeed(filter: Filter): Doc {
  const eq: Record<string, unknown> = {};
  const collect = (f: Filter): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === "$and" && Array.isArray(v)) {
        for (const sub of v) collect(sub as Filter);
        continue;
      }
      if (k.startsWith("$")) continue;
      if (isOperatorObject(v)) {
        const ops = v as Record<string, unknown>;
        if ("$eq" in ops) eq[k] = ops.$eq;
        continue;
      }
      if (v instanceof RegExp) continue;
      eq[k] = v;
    }
  };
  collect(filter);
  // mingo refuses `$set: { _id }` (immutable field), so the seed gets it directly.
  const { _id, ...rest } = eq;
  const seed: Doc = _id === undefined ? {} : { _id };
  if (Object.keys(rest).length > 0) mingoUpdate(seed, { $set: rest } as never);
  return seed;
}

/** `{ $gt: 1 }` as opposed to a literal embedded document `{ a: 1 }`. */
export function isOperatorObject(v: unknown): boolean {
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof RegExp) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}
