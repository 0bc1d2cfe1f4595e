/**
 * MongoDB store: the official driver, used when MONGODB_URI is set (the production store).
 *
 * Guarantees (MongoDB's own):
 * - Single-document operations are atomic; `findOneAndUpdate` with the expected state in
 *   the filter is a real guard across processes and instances.
 * - Unique indexes are enforced by the server; error 11000 becomes `DuplicateKeyError`.
 *   insertMany is ordered: documents before a duplicate stay inserted (the embedded store
 *   writes none); updateMany is not atomic across documents.
 * - Network, server-selection and shutdown errors, and any call after `close()`, become
 *   `StoreUnavailableError`. The driver retries reads/writes once where MongoDB allows.
 * - `ignoreUndefined: true` (undefined fields are dropped, never stored as null); `_id`s
 *   are strings: an upsert without an `_id` in the filter gets `newId()` on insert.
 * - partialFilterExpression is limited to what MongoDB accepts there (equality, $exists:
 *   true, $gt/$gte/$lt/$lte, $type, $and/$or/$in).
 */

import {
  type Db,
  type Document,
  MongoClient,
  type Collection as MongoCollection,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";
import { ConfigError } from "../config.ts";
import { newId } from "./ids.ts";
import {
  type BaseDoc,
  type Collection,
  DuplicateKeyError,
  type Filter,
  type FindOneAndUpdateOptions,
  type FindOptions,
  type IndexSpec,
  type Replacement,
  type Store,
  StoreUnavailableError,
  type Update,
  type UpdateOptions,
  type UpdateResult,
} from "./port.ts";

export interface MongoStoreOptions {
  /** How long to wait for a server before an operation fails (ms); default: the URI's, else 10 s. */
  serverSelectionTimeoutMS?: number;
}

/** Server error codes meaning "not now" rather than "wrong request". */
const UNAVAILABLE_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 50,
]);

export async function openMongoStore(
  uri: string,
  dbName?: string,
  opts: MongoStoreOptions = {},
): Promise<Store> {
  // Client options override the URI's, so the 10 s default applies only when neither sets it.
  const inUri = /[?&]serverSelectionTimeoutMS=/i.test(uri);
  const timeout = opts.serverSelectionTimeoutMS ?? (inUri ? undefined : 10_000);
  let client: MongoClient;
  try {
    client = new MongoClient(uri, {
      ignoreUndefined: true,
      ...(timeout !== undefined ? { serverSelectionTimeoutMS: timeout } : {}),
    });
  } catch (err) {
    // The URI is parsed here, before any connection: a malformed one is a setting to fix,
    // reported as every other bad setting is (exit code 2), not as a store that is down.
    throw new ConfigError(
      `MONGODB_URI is not a valid connection string: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return new MongoStore(client, db);
  } catch (err) {
    await client.close().catch(() => {});
    const mapped = mapError(err, "");
    if (mapped instanceof StoreUnavailableError) throw mapped;
    // Anything else that stops the first connection (an SRV host that does not resolve,
    // refused credentials) still means there is no store to start with.
    throw new StoreUnavailableError(`mongodb unavailable: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function mapError(err: unknown, collection: string): unknown {
  if (err instanceof MongoServerError && err.code === 11000) {
    const m = /index: (\S+) dup key/.exec(err.message);
    return new DuplicateKeyError(collection, m?.[1], err.message);
  }
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    (err instanceof MongoServerError &&
      typeof err.code === "number" &&
      UNAVAILABLE_CODES.has(err.code)) ||
    (err instanceof MongoError && err.hasErrorLabel("RetryableWriteError"))
  ) {
    return new StoreUnavailableError(`mongodb unavailable: ${err.message}`, { cause: err });
  }
  return err;
}

class MongoStore implements Store {
  readonly kind = "mongodb" as const;
  closed = false;

  constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {}

  collection<T extends BaseDoc = BaseDoc>(name: string): Collection<T> {
    return new MongoColl<T>(this, this.db.collection(name));
  }

  async ping(): Promise<void> {
    await this.call("", () => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  /** The driver reconnects on demand after close(); the port promises a rejection. */
  async call<R>(collection: string, fn: () => Promise<R>): Promise<R> {
    if (this.closed) throw new StoreUnavailableError("store is closed");
    try {
      return await fn();
    } catch (err) {
      throw mapError(err, collection);
    }
  }
}

/** An upsert must create a string `_id`, never an ObjectId. */
function withUpsertId(filter: Filter, update: Update, upsert: boolean | undefined): Update {
  if (!upsert) return update;
  const hasFilterId =
    filter._id !== undefined &&
    (typeof filter._id === "string" ||
      (typeof filter._id === "object" && filter._id !== null && "$eq" in filter._id));
  if (hasFilterId) return update;
  if (update.$set && "_id" in update.$set) return update;
  if (update.$setOnInsert && "_id" in update.$setOnInsert) return update;
  return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: newId() } };
}

class MongoColl<T extends BaseDoc> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly store: MongoStore,
    private readonly coll: MongoCollection<Document>,
  ) {
    this.name = coll.collectionName;
  }

  private call<R>(fn: () => Promise<R>): Promise<R> {
    return this.store.call(this.name, fn);
  }

  async insertOne(doc: T): Promise<void> {
    // The driver adds an ObjectId `_id` to the caller's object when missing; give ours.
    const d = (doc._id === undefined ? { ...doc, _id: newId() } : doc) as Document;
    await this.call(() => this.coll.insertOne(d));
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    const ds = docs.map((d) => (d._id === undefined ? { ...d, _id: newId() } : d) as Document);
    await this.call(() => this.coll.insertMany(ds, { ordered: true }));
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.call(async () => {
      let cursor = this.coll.find(filter);
      if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      if (options.projection) cursor = cursor.project(options.projection);
      return (await cursor.toArray()) as unknown as T[];
    });
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    return this.call(() => this.coll.countDocuments(filter));
  }

  async updateOne(
    filter: Filter,
    update: Update,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    const u = withUpsertId(filter, update, options.upsert);
    const r = await this.call(() =>
      this.coll.updateOne(filter, u as Document, { upsert: options.upsert === true }),
    );
    const out: UpdateResult = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
    if (r.upsertedId !== null && r.upsertedId !== undefined) {
      out.upsertedId = String(r.upsertedId);
    }
    return out;
  }

  async replaceOne(
    filter: Filter,
    replacement: Replacement<T>,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    // Our ids are strings: an upsert that names no _id (in the filter or the replacement)
    // gets one of ours, not an ObjectId.
    const doc =
      options.upsert && replacement._id === undefined && filter._id === undefined
        ? { ...replacement, _id: newId() }
        : replacement;
    const r = await this.call(() =>
      this.coll.replaceOne(filter, doc as Document, { upsert: options.upsert === true }),
    );
    const out: UpdateResult = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
    if (r.upsertedId !== null && r.upsertedId !== undefined) {
      out.upsertedId = String(r.upsertedId);
    }
    return out;
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const r = await this.call(() => this.coll.updateMany(filter, update as Document));
    return { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: FindOneAndUpdateOptions = {},
  ): Promise<T | null> {
    const u = withUpsertId(filter, update, options.upsert);
    const doc = await this.call(() =>
      this.coll.findOneAndUpdate(filter, u as Document, {
        upsert: options.upsert === true,
        returnDocument: options.returnDocument ?? "after",
        ...(options.sort ? { sort: options.sort } : {}),
        ...(options.projection ? { projection: options.projection } : {}),
      }),
    );
    return (doc ?? null) as T | null;
  }

  async deleteOne(filter: Filter): Promise<number> {
    const r = await this.call(() => this.coll.deleteOne(filter));
    return r.deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const r = await this.call(() => this.coll.deleteMany(filter));
    return r.deletedCount;
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    await this.call(() =>
      this.coll.createIndex(spec.keys, {
        ...(spec.unique ? { unique: true } : {}),
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.partialFilterExpression
          ? { partialFilterExpression: spec.partialFilterExpression }
          : {}),
      }),
    );
  }

  async dropIndex(name: string): Promise<void> {
    await this.call(async () => {
      try {
        await this.coll.dropIndex(name);
      } catch (err) {
        // 27 IndexNotFound; 26 NamespaceNotFound (the collection does not exist yet).
        const code = (err as { code?: number }).code;
        if (code !== 27 && code !== 26) throw err;
      }
    });
  }
}
