/**
 * The store port: a narrow slice of MongoDB's own vocabulary that every repository is
 * written against once. Two adapters implement it (embedded: SQLite + mingo; mongodb:
 * the official driver) and one contract suite keeps them in step.
 *
 * Documents are JSON-safe: strings, finite numbers, booleans, null, arrays and plain
 * objects. Instants are epoch milliseconds (numbers), never Date objects, so a document
 * reads back the same from both adapters and survives conversation replay. `_id` is a
 * string chosen by the caller (see `newId()`).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface BaseDoc {
  _id: string;
}

/** A MongoDB query filter (`{ state: "submitted", dueAt: { $lte: now } }`). */
export type Filter = Record<string, unknown>;

/** A MongoDB update document using operators only (`{ $set: {...}, $inc: {...} }`). */
export type Update = Partial<
  Record<
    "$set" | "$unset" | "$inc" | "$push" | "$addToSet" | "$pull" | "$setOnInsert" | "$min" | "$max",
    Record<string, unknown>
  >
>;

export type SortSpec = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

/**
 * Where a page of a keyed list starts: the top, next to an item's sort key (after it
 * going down the list, before it going up), the bottom, or an offset (page buttons made
 * before lists were keyed).
 */
export type ListAt<K> =
  | { from: "top" }
  | { from: "bottom" }
  | { from: "after"; key: K }
  | { from: "before"; key: K }
  | { from: "offset"; skip: number };

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions {
  upsert?: boolean;
  sort?: SortSpec;
  projection?: Projection;
  /** Which version to return; default "after" (the updated document). */
  returnDocument?: "before" | "after";
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  /** Set when an upsert inserted a new document. */
  upsertedId?: string;
}

export interface IndexSpec {
  /** Field paths, dotted allowed, with direction. */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
  /** Only documents matching this filter are indexed (MongoDB semantics). */
  partialFilterExpression?: Filter;
  /**
   * Top-level fields kept in the index beside its keys (the embedded store; MongoDB builds
   * the index without them). A sorted, limited find with an inclusion projection, whose
   * filter and projection name only `_id`, the keys and these fields, is then answered
   * from the index: no document is read.
   */
  include?: string[];
}

/** A document's new content: its `_id` may be left out (it is kept). */
export type Replacement<T extends BaseDoc> = Omit<T, "_id"> & { _id?: string };

export interface Collection<T extends BaseDoc = BaseDoc> {
  readonly name: string;
  insertOne(doc: T): Promise<void>;
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter?: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  /**
   * Replaces the first matching document's content (its `_id` stays); with `upsert`, inserts
   * the replacement when nothing matches, under the filter's `_id` if it names one. A
   * replacement identical to the stored document counts as matched, not modified.
   */
  replaceOne(
    filter: Filter,
    replacement: Replacement<T>,
    options?: UpdateOptions,
  ): Promise<UpdateResult>;
  /** Atomic: the filter (the guard) and the update are applied as one step. */
  findOneAndUpdate(
    filter: Filter,
    update: Update,
    options?: FindOneAndUpdateOptions,
  ): Promise<T | null>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(spec: IndexSpec): Promise<void>;
  /** Drops an index by name (MongoDB's default names: `field_1_other_-1`); none is fine. */
  dropIndex(name: string): Promise<void>;
}

/** One document of an all-or-nothing write across collections (`Store.insertTogether`). */
export interface InsertTogether {
  collection: string;
  doc: BaseDoc;
  /**
   * A copy that may be there already (an effect written under its deterministic id): a
   * duplicate key leaves it as it is. Any other duplicate key undoes the whole write.
   */
  ifAbsent?: boolean;
}

export interface Store {
  readonly kind: "embedded" | "mongodb";
  collection<T extends BaseDoc = BaseDoc>(name: string): Collection<T>;
  /**
   * Inserts documents into several collections as one write: all of them or none. Only
   * where the store has such writes (the embedded one); callers fall back to writes that
   * are safe one at a time (see notify/effects.ts) when it is absent.
   */
  insertTogether?(docs: InsertTogether[]): Promise<void>;
  /** Cheap liveness check; rejects when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by both adapters when a unique index would be violated. */
export class DuplicateKeyError extends Error {
  override readonly name = "DuplicateKeyError";
  constructor(
    readonly collection: string,
    readonly index: string | undefined,
    message?: string,
  ) {
    super(message ?? `duplicate key in ${collection}${index ? ` (index ${index})` : ""}`);
  }
}

/** Raised when the store cannot be reached or refuses to work (disk, network, lock). */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
}

export function isDuplicateKeyError(err: unknown): err is DuplicateKeyError {
  return err instanceof DuplicateKeyError;
}
