/**
 * Embedded store: SQLite (better-sqlite3) for storage, mingo for MongoDB semantics.
 *
 * Guarantees:
 * - Durability: WAL with `synchronous = NORMAL` by default. A commit has been written to
 *   the WAL file (the OS page cache) before the call resolves, so an acknowledged write
 *   survives a SIGKILL or crash of the process; only an OS crash or power loss can lose the
 *   last commits (the file stays consistent). `synchronous: "full"` also fsyncs each commit.
 * - Atomicity: better-sqlite3 is synchronous, so every operation (read, guard, write) runs
 *   in one uninterrupted section; `findOneAndUpdate` with the expected state in the filter
 *   is a real guard. Multi-document writes run in one SQLite transaction; a one-document
 *   write is one statement (with the element triggers below, part of that statement).
 * - Unique indexes (compound, partial, multikey) are checked before writing; a violation
 *   throws `DuplicateKeyError` and writes nothing. insertMany and updateMany are
 *   all-or-nothing (MongoDB's ordered insertMany keeps the prefix; callers must not rely
 *   on either).
 * - Single process: the directory is held by an OS lock that dies with the process (see
 *   `acquireDirLock`); a second opener gets `StoreUnavailableError` naming the holder.
 * - Queries: `_id` and indexed fields (equality, `$in`, numeric ranges) pick candidates
 *   through SQLite expression indexes; mingo then applies the full filter. A field path that
 *   has ever held an array ("multikey") can't use an expression index (`json_extract` sees
 *   an array as one text): when such a top-level path leads an index, triggers keep each
 *   document's scalar values there — every array element — in an element table, and
 *   equality and `$in` on it find candidates through that (e.g. a report's owners); other
 *   conditions on multikey paths scan.
 * - `_id` must be a string (generated with `newId()` when missing).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { newId } from "./ids.ts";
import {
  applyUpdate,
  compileFilter,
  inclusionFields,
  isOperatorObject,
  isPlainKey,
  project,
  projectAll,
  scalarSetUnset,
  sortSkipLimit,
  upsertSeed,
} from "./mingo-ops.ts";
import {
  type BaseDoc,
  type Collection,
  DuplicateKeyError,
  type Filter,
  type FindOneAndUpdateOptions,
  type FindOptions,
  type IndexSpec,
  type InsertTogether,
  type Projection,
  type Replacement,
  type SortSpec,
  type Store,
  StoreUnavailableError,
  type Update,
  type UpdateOptions,
  type UpdateResult,
} from "./port.ts";

type Doc = Record<string, unknown>;
type Row = { rowid: number; _id: string; doc: string };

export interface EmbeddedStoreOptions {
  /** "normal" (default) survives process kills; "full" also survives power loss. */
  synchronous?: "normal" | "full";
  /** Start in outage mode (every call rejects with StoreUnavailableError). */
  faults?: { failAll?: boolean };
}

/** The SQLite settings `openEmbeddedStore` makes (see there for why). */
export type StoreSetting =
  | "journal_mode"
  | "locking_mode"
  | "synchronous"
  | "temp_store"
  | "wal_autocheckpoint";

export interface EmbeddedStore extends Store {
  readonly kind: "embedded";
  /** The SQLite file. */
  readonly file: string;
  /** Simulates a store outage: while on, every call rejects with StoreUnavailableError. */
  setOutage(on: boolean): void;
  /**
   * Diagnostics: SQLite's plan for picking a filter's candidates (e.g. "SEARCH … USING
   * INDEX …" when an index answers, "SCAN …" when it does not), in a sort's order if given;
   * with a projection, of the query read from a covering index when one holds all it needs.
   */
  explainQuery(
    collection: string,
    filter: Filter,
    sort?: SortSpec,
    projection?: Projection,
  ): string;
  /** Diagnostics: documents queries have read into JavaScript since the store opened. */
  readonly documentsRead: number;
  /** Diagnostics: checkpoints taken in a rest since the store opened, and pages they copied. */
  readonly checkpoints: { readonly inRest: number; readonly pages: number };
  /** Diagnostics: one of the SQLite settings the store opens with, as SQLite reports it. */
  setting(name: StoreSetting): string | number;
  /** Diagnostics: commits of `insertTogether` writes since the store opened, and the writes. */
  readonly insertsTogether: { readonly commits: number; readonly writes: number };
  insertTogether(docs: InsertTogether[]): Promise<void>;
}

export const DB_FILE = "shurayar.sqlite";
/**
 * Pages in the write-ahead log that start SQLite's own checkpoint (see openEmbeddedStore):
 * the backstop behind the checkpoints taken in a rest, at a size a burst rarely reaches.
 */
export const WAL_CHECKPOINT_PAGES = 40_000;
/** How often the store looks for a rest to checkpoint in, and how long a rest must be. */
const IDLE_CHECK_MS = 100;
const IDLE_BEFORE_CHECKPOINT_MS = 50;
/** What a log that grew long is cut back to once copied (SQLite otherwise keeps its size). */
const WAL_KEEP_BYTES = 64 * 1024 * 1024;
const LOCK_FILE = "shurayar.lock";
const PID_FILE = "shurayar.pid";

/** Opens (creating if needed) the store in `dir`; rejects if another process holds it. */
export async function openEmbeddedStore(
  dir: string,
  opts: EmbeddedStoreOptions = {},
): Promise<EmbeddedStore> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreUnavailableError(`cannot create data directory ${dir}: ${String(err)}`, {
      cause: err,
    });
  }
  const lock = acquireDirLock(dir);
  const file = join(dir, DB_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 200 });
    // Single process by design: EXCLUSIVE keeps the WAL index in heap memory (no -shm).
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${opts.synchronous === "full" ? "FULL" : "NORMAL"}`);
    // A checkpoint stops the process while it copies the log into the database and syncs
    // both files (about 40 ms here, nearly all of it the syncs). The store takes one when
    // it has had a short rest (EmbeddedStoreImpl.checkpointIfIdle), where it stops nobody;
    // SQLite's own, at 40,000 pages (a log of up to 160 MB) instead of its 1,000, is the
    // backstop for a burst without a rest. Pages written over and over (the inbox, forms,
    // counters, the outbox) are copied once per checkpoint, not once per thousand writes.
    // The cost: a longer log to read back after a crash, at worst.
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    // Statement journals (what lets one statement of a transaction be undone alone) in
    // memory, not in a temporary file: a filing otherwise wrote every page it changed there
    // first, two system calls a page. They are never read after a crash, so nothing is less
    // safe. The cost: a large sort (an index built over a big collection) stays in memory.
    db.pragma("temp_store = MEMORY");
    db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
    db.exec(`CREATE TABLE IF NOT EXISTS _indexes (
      coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (coll, name));
      CREATE TABLE IF NOT EXISTS _multikey (
      coll TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (coll, path));`);
  } catch (err) {
    db?.close();
    lock.release();
    throw new StoreUnavailableError(`cannot open ${file}: ${String(err)}`, { cause: err });
  }
  return new EmbeddedStoreImpl(db, file, lock, opts.faults?.failAll === true);
}

interface DirLock {
  release(): void;
}

/**
 * Process exclusion for a data directory. A tiny SQLite file held in an open
 * `BEGIN EXCLUSIVE` transaction: an OS (fcntl) lock that the kernel drops when the
 * process dies, so a SIGKILLed holder leaves no stale lock. (WAL + locking_mode=EXCLUSIVE
 * on the main file alone did not reliably keep another process out in our tests.) The
 * pid file only serves the error message.
 */
function acquireDirLock(dir: string): DirLock {
  const lockPath = join(dir, LOCK_FILE);
  const pidPath = join(dir, PID_FILE);
  let lockDb: Database.Database;
  try {
    lockDb = new Database(lockPath, { timeout: 0 });
  } catch (err) {
    throw new StoreUnavailableError(`cannot open ${lockPath}: ${String(err)}`, { cause: err });
  }
  try {
    lockDb.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    lockDb.close();
    const code = (err as { code?: string }).code ?? "";
    if (!code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED")) {
      throw new StoreUnavailableError(`cannot lock ${lockPath}: ${String(err)}`, { cause: err });
    }
    let holder = "another process";
    try {
      const pid = readFileSync(pidPath, "utf8").trim();
      if (/^\d+$/.test(pid)) holder = `process ${pid}`;
    } catch {
      // No pid file yet: name the holder generically.
    }
    throw new StoreUnavailableError(`data directory ${dir} is in use by ${holder}`, {
      cause: err,
    });
  }
  try {
    writeFileSync(pidPath, `${process.pid}\n`);
  } catch {
    // Best effort: without it the error message is less specific, nothing more.
  }
  return {
    release() {
      try {
        if (readFileSync(pidPath, "utf8").trim() === String(process.pid)) {
          rmSync(pidPath, { force: true });
        }
      } catch {
        // Already gone.
      }
      lockDb.close(); // ends the transaction and drops the lock
    },
  };
}

class EmbeddedStoreImpl implements EmbeddedStore {
  readonly kind = "embedded" as const;
  private closed = false;
  documentsRead = 0;
  private readonly colls = new Map<string, CollState>();

  /** When the store was last called, and whether it has been since the last checkpoint. */
  private lastUse = 0;
  private usedSinceCheckpoint = false;
  private readonly idleTimer: NodeJS.Timeout;
  readonly checkpoints = { inRest: 0, pages: 0 };
  /** `insertTogether` writes waiting for the end of this turn of the event loop. */
  private readonly together: {
    docs: InsertTogether[];
    resolve: () => void;
    reject: (err: unknown) => void;
  }[] = [];
  private readonly togetherStats = { commits: 0, writes: 0 };

  constructor(
    readonly db: Database.Database,
    readonly file: string,
    private readonly lock: DirLock,
    private outage: boolean,
  ) {
    this.idleTimer = setInterval(() => this.checkpointIfIdle(), IDLE_CHECK_MS);
    this.idleTimer.unref();
  }

  /**
   * Copies the write-ahead log into the database once the store has had a short rest: the
   * checkpoint's syncs then stop nobody, and the next burst starts with an empty log, so
   * SQLite's own checkpoint seldom has to run in the middle of one (with it alone, every
   * few thousand updates one stopped all those in flight for 40 ms).
   */
  private checkpointIfIdle(): void {
    if (this.closed || this.outage || !this.usedSinceCheckpoint) return;
    if (performance.now() - this.lastUse < IDLE_BEFORE_CHECKPOINT_MS) return;
    this.usedSinceCheckpoint = false;
    try {
      const [r] = this.db.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
      if (r && r.log > 0) {
        this.checkpoints.inRest++;
        this.checkpoints.pages += r.log;
      }
    } catch {
      // Nothing lost: the log stays, and SQLite's own checkpoint copies it later.
    }
  }

  setOutage(on: boolean): void {
    this.outage = on;
  }

  setting(name: StoreSetting): string | number {
    return this.run(() => this.db.pragma(name, { simple: true }) as string | number);
  }

  /** Runs one synchronous section, mapping storage failures to StoreUnavailableError. */
  run<R>(fn: () => R): R {
    if (this.closed) throw new StoreUnavailableError("store is closed");
    if (this.outage) throw new StoreUnavailableError("store outage (simulated)");
    this.lastUse = performance.now();
    this.usedSinceCheckpoint = true;
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }

  state(name: string): CollState {
    let s = this.colls.get(name);
    if (!s) {
      s = new CollState(this.db, name);
      this.colls.set(name, s);
    }
    return s;
  }

  collection<T extends BaseDoc = BaseDoc>(name: string): Collection<T> {
    return new EmbeddedCollection<T>(this, name);
  }

  explainQuery(
    collection: string,
    filter: Filter,
    sort?: SortSpec,
    projection?: Projection,
  ): string {
    return this.run(() => {
      const s = this.state(collection);
      const q = s.candidateQuery(filter, sort && Object.entries(sort));
      const sql = s.coveredQuery(filter, projection, q.idsFrom)?.sql ?? q.idsSql ?? q.sql;
      const params = q.params;
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
        detail: string;
      }[];
      return rows.map((r) => r.detail).join("\n");
    });
  }

  /**
   * One all-or-nothing write, committed together with the others asked for in the same
   * turn of the event loop (a burst of filings: each commit appends every page it changed
   * to the write-ahead log, and filings change the same last pages of the same indexes, so
   * four in one commit write about a third of the pages four commits do). Settled once
   * committed; until then nobody reads what it holds.
   */
  insertTogether(docs: InsertTogether[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.together.push({ docs, resolve, reject }) === 1)
        setImmediate(() => this.flushTogether());
    });
  }

  private flushTogether(): void {
    const batch = this.together.splice(0);
    if (batch.length === 0) return;
    const failed = new Map<number, unknown>();
    try {
      this.run(() =>
        atomically(this.db, () => {
          batch.forEach((w, i) => {
            try {
              // A savepoint each: a write that fails is undone alone, the others go on.
              atomically(this.db, () => this.insertAll(w.docs));
            } catch (err) {
              // The store itself failing fails them all (the whole transaction is undone).
              if (mapSqliteError(err) instanceof StoreUnavailableError) throw err;
              failed.set(i, err);
            }
          });
        }),
      );
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    this.togetherStats.commits++;
    this.togetherStats.writes += batch.length - failed.size;
    batch.forEach((w, i) => {
      if (failed.has(i)) w.reject(failed.get(i));
      else w.resolve();
    });
  }

  private insertAll(docs: InsertTogether[]): void {
    for (const { collection, doc, ifAbsent } of docs) {
      try {
        this.state(collection).insert(doc as unknown as Doc);
      } catch (err) {
        // The failed statement alone is undone; the write goes on without it.
        if (!(ifAbsent && err instanceof DuplicateKeyError)) throw err;
      }
    }
  }

  async ping(): Promise<void> {
    this.run(() => this.db.prepare("SELECT 1").get());
  }

  get insertsTogether(): { readonly commits: number; readonly writes: number } {
    return this.togetherStats;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already asked for are committed, not dropped.
    this.flushTogether();
    this.closed = true;
    clearInterval(this.idleTimer);
    try {
      this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

function mapSqliteError(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return err;
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY") return err; // handled by callers
  if (code.startsWith("SQLITE_CONSTRAINT") || code === "SQLITE_ERROR") return err;
  // BUSY, LOCKED, IOERR, FULL, READONLY, CANTOPEN, CORRUPT, NOTADB…: the store is unusable.
  return new StoreUnavailableError(`embedded store failure: ${String(err)}`, { cause: err });
}

// ---------------------------------------------------------------------------------------
// Per-collection state: table, index metadata, multikey paths.

interface IndexInfo {
  spec: IndexSpec;
  name: string;
  paths: string[];
  partial?: (doc: Doc) => boolean;
  /**
   * Top-level fields whose values the SQL index holds after its keys (coveringColumns):
   * `_id`, the plain keys and the spec's `include`. Empty without `include`.
   */
  covered: string[];
  /** `coveringColumns(covered)` as a select list, built once. */
  coveredSelect: string;
}

function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * `db.transaction(fn)()` with one wrapper kept per connection: better-sqlite3 builds a new
 * wrapper (and its deferred/immediate/exclusive variants) on every `transaction()` call,
 * 4.5 µs a call more than a kept one (measured in-process). Nested calls take a savepoint,
 * as a new wrapper's would.
 */
const atomics = new WeakMap<Database.Database, (fn: () => unknown) => unknown>();
function atomically<R>(db: Database.Database, fn: () => R): R {
  let run = atomics.get(db);
  if (!run) {
    run = db.transaction((f: () => unknown) => f());
    atomics.set(db, run);
  }
  return run(fn) as R;
}

/** At most this many fields in a covering index: their presence is one 31-bit mask. */
const MAX_COVERED = 30;

/**
 * The two columns a covering index keeps after its keys: the fields' values as one JSON
 * object (one text to read and parse, not one per field) and a mask of those present (a
 * missing field shows as null in the object). The same expressions in a query are read
 * from the index rather than computed from the document.
 */
function coveringColumns(fields: string[]): [string, string] {
  const path = (f: string) => jsonPathLiteral(f)!; // only plain fields are covered
  return [
    `json_object(${fields.map((f) => `'${f.replaceAll("'", "''")}', doc -> ${path(f)}`).join(", ")})`,
    fields.map((f, i) => `((json_type(doc, ${path(f)}) IS NOT NULL) << ${i})`).join(" | "),
  ];
}

/** A document of the covered fields from a covering index's two columns. */
function coveredDoc(fields: string[], values: string, present: number): Doc {
  const doc = JSON.parse(values) as Doc;
  for (let i = 0; i < fields.length; i++) if (!(present & (1 << i))) delete doc[fields[i]!];
  return doc;
}

/** The SQL expression for a dotted path, or undefined when the path can't be expressed. */
function pathExpr(path: string): string | undefined {
  return pathSql(path)?.expr;
}

/** A dotted path as an SQL string literal of a JSON path, or undefined when it can't be. */
function jsonPathLiteral(path: string): string | undefined {
  return pathSql(path)?.literal;
}

/**
 * Both forms of each path, worked out once: every query builds its SQL from the paths it
 * names, several times over (a tenth of a sorted find's CPU, measured in-process). Nearly
 * all are the same few dozen field names; the few that hold an id (`seen.<person>`) are
 * why the map is emptied once it passes a thousand.
 */
const pathSqls = new Map<string, { literal: string; expr: string } | null>();
function pathSql(path: string): { literal: string; expr: string } | undefined {
  let known = pathSqls.get(path);
  if (known === undefined) {
    const segs = path.split(".");
    if (segs.some((s) => s === "" || /["\\]/.test(s) || s.startsWith("$"))) known = null;
    else {
      const jsonPath = `$${segs.map((s) => `."${s}"`).join("")}`;
      const literal = `'${jsonPath.replaceAll("'", "''")}'`;
      known = { literal, expr: `json_extract(doc, ${literal})` };
    }
    if (pathSqls.size >= 1000) pathSqls.clear();
    pathSqls.set(path, known);
  }
  return known ?? undefined;
}

function defaultIndexName(keys: Record<string, 1 | -1>): string {
  return Object.entries(keys)
    .map(([k, d]) => `${k}_${d}`)
    .join("_");
}

class CollState {
  readonly table: string;
  readonly indexes = new Map<string, IndexInfo>();
  /** Paths with an SQL expression index. */
  readonly indexedPaths = new Set<string>();
  /** Paths that have held an array somewhere along them: not usable for candidates. */
  readonly multikey = new Set<string>();
  /**
   * Multikey top-level paths that lead an index: their scalar values — each element of an
   * array — are kept in the element table by triggers, and equality and `$in` on them find
   * candidates there (an expression index holds an array as one JSON text, useless).
   */
  readonly elementPaths = new Set<string>();
  readonly elementTable: string;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    readonly name: string,
  ) {
    this.table = quoteIdent(`c_${name}`);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${this.table} (_id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
    );
    const rows = db.prepare("SELECT name, spec FROM _indexes WHERE coll = ?").all(name) as {
      name: string;
      spec: string;
    }[];
    for (const r of rows) this.addIndexInfo(r.name, JSON.parse(r.spec) as IndexSpec);
    const mk = db.prepare("SELECT path FROM _multikey WHERE coll = ?").all(name) as {
      path: string;
    }[];
    for (const r of mk) this.multikey.add(r.path);
    this.elementTable = quoteIdent(`c_${name}__el`);
    // A data file from before element tables: built now, once; expression indexes a
    // multikey path has made useless since are dropped.
    this.dropUselessSqlIndexes();
    for (const p of this.multikey) this.syncElements(p);
  }

  stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      // `$in` lists of every length make distinct SQL; keep the cache bounded.
      if (this.stmts.size >= 256) this.stmts.clear();
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private addIndexInfo(name: string, spec: IndexSpec): IndexInfo {
    const paths = Object.keys(spec.keys);
    const fields = spec.include
      ? [...new Set(["_id", ...paths, ...spec.include])].filter(
          (f) => isPlainKey(f) && jsonPathLiteral(f) !== undefined,
        )
      : [];
    const covered = fields.length <= MAX_COVERED ? fields : [];
    const coveredSelect = covered.length > 0 ? coveringColumns(covered).join(", ") : "";
    const info: IndexInfo = { spec, name, paths, covered, coveredSelect };
    if (spec.partialFilterExpression) info.partial = compileFilter(spec.partialFilterExpression);
    this.indexes.set(name, info);
    for (const p of paths) if (pathExpr(p)) this.indexedPaths.add(p);
    return info;
  }

  createIndex(spec: IndexSpec): void {
    const paths = Object.keys(spec.keys);
    if (paths.length === 0) throw new TypeError("index needs at least one key");
    const name = spec.name ?? defaultIndexName(spec.keys);
    const normal = JSON.stringify({
      keys: spec.keys,
      unique: spec.unique === true,
      partialFilterExpression: spec.partialFilterExpression ?? null,
      include: spec.include ?? null,
    });
    const existing = this.indexes.get(name);
    if (existing) {
      const e = existing.spec;
      const had = JSON.stringify({
        keys: e.keys,
        unique: e.unique === true,
        partialFilterExpression: e.partialFilterExpression ?? null,
        include: e.include ?? null,
      });
      if (had === normal) return;
      throw new Error(`index ${name} on ${this.name} already exists with a different spec`);
    }
    try {
      atomically(this.db, () => {
        const info = this.addIndexInfo(name, { ...spec, name });
        // Existing documents: learn multikey paths, and refuse a unique index they violate.
        const seen = new Map<string, string>();
        const arrayPaths = new Set<string>();
        for (const row of this.stmt(`SELECT _id, doc FROM ${this.table}`).iterate() as Iterable<{
          _id: string;
          doc: string;
        }>) {
          const doc = JSON.parse(row.doc) as Doc;
          // Writes are not allowed while the SELECT iterates: remember, persist after.
          for (const p of paths) if (hasArrayAlong(doc, p.split("."))) arrayPaths.add(p);
          if (!spec.unique || (info.partial && !info.partial(doc))) continue;
          for (const k of indexKeys(doc, paths)) {
            if (seen.has(k) && seen.get(k) !== row._id) {
              throw new DuplicateKeyError(this.name, name);
            }
            seen.set(k, row._id);
          }
        }
        for (const p of arrayPaths) this.markMultikey(p);
        const exprs = paths.map(pathExpr).filter((e): e is string => e !== undefined);
        if (info.covered.length > 0) exprs.push(...coveringColumns(info.covered));
        if (exprs.length > 0 && !this.uselessSqlIndex(info)) {
          this.db.exec(
            `CREATE INDEX IF NOT EXISTS ${quoteIdent(`ix_${this.name}_${name}`)} ON ${this.table} (${exprs.join(", ")})`,
          );
        }
        this.db
          .prepare("INSERT INTO _indexes (coll, name, spec) VALUES (?, ?, ?)")
          .run(this.name, name, JSON.stringify({ ...spec, name }));
        this.syncElements(paths[0]!);
      });
    } catch (err) {
      // Roll back the in-memory view too.
      this.indexes.delete(name);
      this.relearnIndexedPaths();
      throw err;
    }
  }

  dropIndex(name: string): void {
    const leading = this.indexes.get(name)?.paths[0];
    if (leading === undefined) return;
    atomically(this.db, () => {
      this.db.exec(`DROP INDEX IF EXISTS ${quoteIdent(`ix_${this.name}_${name}`)}`);
      this.stmt("DELETE FROM _indexes WHERE coll = ? AND name = ?").run(this.name, name);
      this.indexes.delete(name);
      this.relearnIndexedPaths();
      this.syncElements(leading);
    });
  }

  private relearnIndexedPaths(): void {
    this.indexedPaths.clear();
    for (const i of this.indexes.values())
      for (const p of i.paths) if (pathExpr(p)) this.indexedPaths.add(p);
  }

  /** Whether a document with this id is stored. */
  has(id: string): boolean {
    return this.stmt(`SELECT 1 FROM ${this.table} WHERE _id = ?`).get(id) !== undefined;
  }

  /** Whether a unique index's keys or partial filter may depend on top-level field `k`. */
  uniqueDependsOn(k: string): boolean {
    for (const idx of this.indexes.values()) {
      if (!idx.spec.unique) continue;
      if (idx.spec.partialFilterExpression) return true;
      if (idx.paths.some((p) => p === k || p.startsWith(`${k}.`))) return true;
    }
    return false;
  }

  /** Marks indexed paths along which `doc` holds an array (sticky, persisted). */
  noteMultikey(doc: Doc): void {
    for (const p of this.indexedPaths) {
      if (!this.multikey.has(p) && hasArrayAlong(doc, p.split("."))) this.markMultikey(p);
    }
  }

  markMultikey(path: string): void {
    if (this.multikey.has(path)) return;
    this.multikey.add(path);
    this.stmt("INSERT OR IGNORE INTO _multikey (coll, path) VALUES (?, ?)").run(this.name, path);
    this.dropUselessSqlIndexes();
    this.syncElements(path);
  }

  /** Whether `path` is multikey, top-level and the first key of some index. */
  private wantsElements(path: string): boolean {
    if (!this.multikey.has(path) || path.includes(".") || !jsonPathLiteral(path)) return false;
    for (const idx of this.indexes.values()) if (idx.paths[0] === path) return true;
    return false;
  }

  /** Non-unique indexes led by a multikey path: their expression index is never used. */
  uselessSqlIndex(idx: IndexInfo): boolean {
    return !idx.spec.unique && this.multikey.has(idx.paths[0]!);
  }

  /** Drops the expression indexes a multikey leading path made useless (kept up for nothing). */
  private dropUselessSqlIndexes(): void {
    for (const idx of this.indexes.values())
      if (this.uselessSqlIndex(idx))
        this.db.exec(`DROP INDEX IF EXISTS ${quoteIdent(`ix_${this.name}_${idx.name}`)}`);
  }

  /**
   * Brings the element table and its triggers for `path` in line with the indexes: built
   * (with every stored document's values) when the path is wanted, dropped when not.
   */
  syncElements(path: string): void {
    // Quoted where used, so any path makes a distinct name.
    const trigger = (kind: string) => `c_${this.name}__el_${path}__${kind}`;
    const t = this.elementTable;
    const pathSql = `'${path.replaceAll("'", "''")}'`;
    if (!this.wantsElements(path)) {
      if (!this.elementPaths.delete(path)) return;
      atomically(this.db, () => {
        for (const k of ["ins", "upd", "del"])
          this.db.exec(`DROP TRIGGER IF EXISTS ${quoteIdent(trigger(k))}`);
        this.db.exec(`DELETE FROM ${t} WHERE path = ${pathSql}`);
      });
      return;
    }
    this.elementPaths.add(path);
    // Built in one transaction (below), so one trigger present means all of it is.
    const built = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?")
      .get(trigger("ins"));
    if (built) return;
    const lit = jsonPathLiteral(path)!; // wantsElements checked it
    // Scalars only: objects and arrays inside never equal the scalars looked up here.
    const scalars = "j.type NOT IN ('object', 'array')";
    const fromNew = `SELECT ${pathSql}, j.value, NEW.rowid FROM json_each(NEW.doc, ${lit}) AS j WHERE ${scalars}`;
    const build = `
      CREATE TABLE IF NOT EXISTS ${t} (path TEXT NOT NULL, v, rid INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS ${quoteIdent(`c_${this.name}__el_value`)} ON ${t} (path, v, rid);
      CREATE INDEX IF NOT EXISTS ${quoteIdent(`c_${this.name}__el_rid`)} ON ${t} (rid, path);
      DELETE FROM ${t} WHERE path = ${pathSql};
      INSERT INTO ${t} (path, v, rid)
        SELECT ${pathSql}, j.value, c.rowid FROM ${this.table} AS c, json_each(c.doc, ${lit}) AS j
        WHERE ${scalars};
      CREATE TRIGGER ${quoteIdent(trigger("ins"))} AFTER INSERT ON ${this.table} BEGIN
        INSERT INTO ${t} (path, v, rid) ${fromNew};
      END;
      CREATE TRIGGER ${quoteIdent(trigger("upd"))} AFTER UPDATE OF doc ON ${this.table}
        WHEN (OLD.doc -> ${lit}) IS NOT (NEW.doc -> ${lit}) BEGIN
        DELETE FROM ${t} WHERE rid = OLD.rowid AND path = ${pathSql};
        INSERT INTO ${t} (path, v, rid) ${fromNew};
      END;
      CREATE TRIGGER ${quoteIdent(trigger("del"))} AFTER DELETE ON ${this.table} BEGIN
        DELETE FROM ${t} WHERE rid = OLD.rowid AND path = ${pathSql};
      END;`;
    atomically(this.db, () => this.db.exec(build));
  }

  /** Inserts one document (unique indexes checked, multikey paths noted). */
  insert(doc: Doc): void {
    if (typeof doc._id !== "string") throw new TypeError("embedded store: _id must be a string");
    this.checkUnique(doc);
    this.noteMultikey(doc);
    try {
      this.stmt(`INSERT INTO ${this.table} (_id, doc) VALUES (?, ?)`).run(
        doc._id,
        JSON.stringify(doc),
      );
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
        throw new DuplicateKeyError(this.name, "_id_");
      }
      throw err;
    }
  }

  /**
   * Throws DuplicateKeyError if `doc` would violate a unique index against any other
   * stored document. Must run in the same synchronous section as the write.
   */
  checkUnique(doc: Doc): void {
    for (const idx of this.indexes.values()) {
      if (!idx.spec.unique) continue;
      if (idx.partial && !idx.partial(doc)) continue;
      const mine = new Set(indexKeys(doc, idx.paths));
      // Narrow by EVERY scalar key of the index, not just the first: with a compound key
      // like {districtId, code}, the first alone selects a whole district, which made each
      // insert or update of a report read every report of its district.
      const where: string[] = [];
      const params: (string | number | null)[] = [];
      for (const path of idx.paths) {
        const expr = pathExpr(path);
        const value = getPlain(doc, path.split("."));
        if (!expr || this.multikey.has(path) || !isSqlScalar(value)) continue;
        if (value === null || value === undefined) where.push(`${expr} IS NULL`);
        else {
          where.push(`${expr} = ?`);
          params.push(toSqlValue(value));
        }
      }
      const rows = this.stmt(
        `SELECT _id, doc FROM ${this.table}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`,
      ).iterate(...params) as Iterable<Row>;
      for (const row of rows) {
        if (row._id === doc._id) continue;
        const other = JSON.parse(row.doc) as Doc;
        if (idx.partial && !idx.partial(other)) continue;
        for (const k of indexKeys(other, idx.paths)) {
          if (mine.has(k)) {
            // Leave the iterator before throwing so the statement is reset.
            (rows as { return?: () => void }).return?.();
            throw new DuplicateKeyError(this.name, idx.name);
          }
        }
      }
    }
  }

  /**
   * The query reading, in the order of `idsFrom` (candidateQuery), an index that holds
   * every field wanted: the projection's (an inclusion of top-level fields) and the
   * filter's (plain top-level keys, for the check every candidate gets). Undefined when no
   * index does.
   */
  coveredQuery(
    filter: Filter,
    projection: Projection | undefined,
    idsFrom: string | undefined,
  ): { sql: string; covered: string[] } | undefined {
    const projected = idsFrom !== undefined && projection && inclusionFields(projection);
    if (!projected) return undefined;
    const filterKeys = Object.keys(filter);
    if (!filterKeys.every(isPlainKey)) return undefined;
    const fields = [...projected, ...filterKeys];
    for (const idx of this.indexes.values()) {
      if (idx.covered.length === 0 || this.uselessSqlIndex(idx)) continue;
      if (fields.every((f) => idx.covered.includes(f)))
        return { sql: `SELECT ${idx.coveredSelect} ${idsFrom}`, covered: idx.covered };
    }
    return undefined;
  }

  /** Candidate rows for a filter, in insertion order; SQL narrows, the caller verifies. */
  candidates(filter: Filter): Iterable<Row> {
    const { sql, params } = this.candidateQuery(filter);
    return this.stmt(sql).iterate(...params) as Iterable<Row>;
  }

  /**
   * The SQL that selects candidates for a filter: in insertion order, or — given sort keys
   * (plain top-level fields) — in MongoDB's sort order by type bracket and value, with a
   * `_bad` column on rows whose sort value is an object (ordered by content in MongoDB),
   * and `arraysSql` finding a candidate whose sort value is an array (MongoDB sorts it by
   * its smallest or largest element, wherever that falls).
   */
  candidateQuery(
    filter: Filter,
    sort?: [string, 1 | -1][],
  ): {
    sql: string;
    params: unknown[];
    arraysSql?: string;
    /** `FROM … WHERE … ORDER BY …` of `idsSql`, to select other columns in the same order. */
    idsFrom?: string;
    idsSql?: string;
  } {
    const where: string[] = [];
    const params: unknown[] = [];
    this.collectConditions(filter, where, params);
    const cond = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
    if (sort) {
      const order: string[] = [];
      const objects: string[] = [];
      const arrays: string[] = [];
      const numeric = numericallyBounded(filter);
      for (const [k, dir] of sort) {
        const path = jsonPathLiteral(k)!; // the caller checked the key
        const type = `json_type(doc, ${path})`;
        const d = dir === -1 ? "DESC" : "ASC";
        if (numeric.has(k) && this.indexedPaths.has(k) && !this.multikey.has(k)) {
          // Every match holds a number here (MongoDB's bounds stay in their bracket) and no
          // document ever held an array: the indexed value orders them, read from the index
          // rather than from each candidate's JSON.
          order.push(`${pathExpr(k)} ${d}`);
          continue;
        }
        // MongoDB's brackets: null and missing < numbers < strings < objects < booleans.
        // Strings compare as UTF-8 bytes in both.
        order.push(
          `CASE ${type} WHEN 'integer' THEN 2 WHEN 'real' THEN 2 WHEN 'text' THEN 3 WHEN 'object' THEN 4 WHEN 'true' THEN 6 WHEN 'false' THEN 6 ELSE 1 END ${d}`,
          `json_extract(doc, ${path}) ${d}`,
        );
        objects.push(`${type} = 'object'`);
        arrays.push(`${type} = 'array'`);
      }
      const anyArray = arrays.join(" OR ");
      // Ties keep insertion order, as the JavaScript sort does.
      const orderBy = ` ORDER BY ${order.join(", ")}, rowid`;
      if (!anyArray) {
        // Ordered by indexed values only: the ids come in order from the index alone, and
        // the documents are read one by one, as far as they are wanted.
        const idsFrom = `FROM ${this.table}${cond}${orderBy}`;
        return { sql: "", params, idsFrom, idsSql: `SELECT rowid ${idsFrom}` };
      }
      return {
        sql: `SELECT rowid, _id, doc, (${objects.join(" OR ")}) AS _bad FROM ${this.table}${cond}${orderBy}`,
        params,
        arraysSql: `SELECT 1 FROM ${this.table}${cond ? `${cond} AND (${anyArray})` : ` WHERE ${anyArray}`} LIMIT 1`,
      };
    }
    // Insertion order. With conditions, `+rowid` stops SQLite from preferring a
    // rowid-ordered full scan over the index that narrows the candidates.
    const sql = cond
      ? `SELECT rowid, _id, doc FROM ${this.table}${cond} ORDER BY +rowid`
      : `SELECT rowid, _id, doc FROM ${this.table} ORDER BY rowid`;
    return { sql, params };
  }

  /**
   * Adds SQL conjuncts implied by the filter. Every conjunct must be implied by the filter
   * (never exclude a matching document); extra candidates are fine.
   */
  private collectConditions(filter: Filter, where: string[], params: unknown[]): void {
    for (const [key, cond] of Object.entries(filter)) {
      if (key === "$and" && Array.isArray(cond)) {
        for (const sub of cond) {
          if (sub && typeof sub === "object") this.collectConditions(sub as Filter, where, params);
        }
        continue;
      }
      if (key.startsWith("$")) continue;
      if (key === "_id") {
        this.idConditions(cond, where, params);
        continue;
      }
      if (this.elementPaths.has(key)) {
        this.elementConditions(key, cond, where, params);
        continue;
      }
      if (!this.indexedPaths.has(key) || this.multikey.has(key)) continue;
      const expr = pathExpr(key);
      if (!expr) continue;
      if (isOperatorObject(cond)) {
        const ops = cond as Record<string, unknown>;
        if ("$eq" in ops) addEquality(expr, ops.$eq, where, params);
        if ("$in" in ops) addIn(expr, ops.$in, where, params);
        for (const [op, sqlOp] of [
          ["$gt", ">"],
          ["$gte", ">="],
          ["$lt", "<"],
          ["$lte", "<="],
        ] as const) {
          const v = ops[op];
          // Only numeric bounds: MongoDB compares within the number bracket, and SQLite
          // orders every number before every text value, so `< ''` caps a lower bound.
          if (typeof v === "number" && Number.isFinite(v)) {
            where.push(`${expr} ${sqlOp} ?`);
            params.push(v);
            if (sqlOp === ">" || sqlOp === ">=") where.push(`${expr} < ''`);
          }
        }
      } else {
        addEquality(expr, cond, where, params);
      }
    }
  }

  /**
   * Equality or `$in` with scalars on an element path: the documents holding such a value,
   * alone or in an array, from the element table (a superset when booleans meet numbers —
   * every candidate is checked against the filter anyway).
   */
  private elementConditions(path: string, cond: unknown, where: string[], params: unknown[]): void {
    const scalar = (v: unknown) =>
      typeof v === "string" ||
      typeof v === "boolean" ||
      (typeof v === "number" && Number.isFinite(v));
    let values: unknown[] | undefined;
    if (scalar(cond)) values = [cond];
    else if (isOperatorObject(cond)) {
      const ops = cond as Record<string, unknown>;
      if (scalar(ops.$eq)) values = [ops.$eq];
      else if (Array.isArray(ops.$in) && ops.$in.length > 0 && ops.$in.every(scalar))
        values = ops.$in;
    }
    if (!values) return;
    params.push(path);
    const list = inList(
      values.map((v) => toSqlValue(v as string | number | boolean)),
      params,
    );
    where.push(`rowid IN (SELECT rid FROM ${this.elementTable} WHERE path = ? AND v IN (${list}))`);
  }

  private idConditions(cond: unknown, where: string[], params: unknown[]): void {
    if (typeof cond === "string") {
      where.push("_id = ?");
      params.push(cond);
      return;
    }
    if (!isOperatorObject(cond)) return;
    const ops = cond as Record<string, unknown>;
    if (typeof ops.$eq === "string") {
      where.push("_id = ?");
      params.push(ops.$eq);
    }
    const list = ops.$in;
    if (Array.isArray(list) && list.every((v) => typeof v === "string")) {
      if (list.length === 0) where.push("0");
      else where.push(`_id IN (${inList(list, params)})`);
    }
  }
}

/** Top-level fields a filter bounds by a number: every document it matches holds a number there. */
function numericallyBounded(filter: Filter): Set<string> {
  const out = new Set<string>();
  for (const [k, cond] of Object.entries(filter)) {
    if (k.startsWith("$") || k.includes(".") || !isOperatorObject(cond)) continue;
    const ops = cond as Record<string, unknown>;
    for (const op of ["$gt", "$gte", "$lt", "$lte"])
      if (typeof ops[op] === "number" && Number.isFinite(ops[op])) out.add(k);
  }
  return out;
}

function addEquality(expr: string, v: unknown, where: string[], params: unknown[]): void {
  if (v === null) {
    // Matches null and missing, as MongoDB's `{ f: null }` does.
    where.push(`${expr} IS NULL`);
  } else if (isSqlScalar(v)) {
    where.push(`${expr} = ?`);
    params.push(toSqlValue(v));
  }
}

/** Longer `$in` lists go to SQLite as one JSON array (see inList). */
const LONG_IN = 500;

/**
 * The inside of an SQL `IN (…)` for these values: a placeholder each for a short list; a
 * longer one as one JSON array read by json_each, as a statement takes at most 32,766
 * values (a `$in` of every id of a large roster would fail otherwise).
 */
function inList(values: (string | number | null)[], params: unknown[]): string {
  if (values.length <= LONG_IN) {
    params.push(...values);
    return values.map(() => "?").join(", ");
  }
  params.push(JSON.stringify(values));
  return "SELECT value FROM json_each(?)";
}

function addIn(expr: string, list: unknown, where: string[], params: unknown[]): void {
  if (!Array.isArray(list) || !list.every((v) => v === null || isSqlScalar(v))) return;
  const vals = list.filter((v) => v !== null);
  const parts: string[] = [];
  if (vals.length > 0) parts.push(`${expr} IN (${inList(vals.map(toSqlValue), params)})`);
  if (vals.length !== list.length) parts.push(`${expr} IS NULL`);
  where.push(parts.length === 0 ? "0" : `(${parts.join(" OR ")})`);
}

function isSqlScalar(v: unknown): v is string | number | boolean | null | undefined {
  return (
    v === null ||
    v === undefined ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v))
  );
}

/** json_extract returns JSON true/false as 1/0. */
function toSqlValue(v: string | number | boolean | null | undefined): string | number | null {
  if (typeof v === "boolean") return v ? 1 : 0;
  return v ?? null;
}

function getPlain(doc: unknown, segs: string[]): unknown {
  let cur = doc;
  for (const s of segs) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Doc)[s];
  }
  return cur;
}

function hasArrayAlong(doc: unknown, segs: string[]): boolean {
  let cur = doc;
  for (const s of segs) {
    if (cur === null || typeof cur !== "object") return false;
    if (Array.isArray(cur)) return true;
    cur = (cur as Doc)[s];
  }
  return Array.isArray(cur);
}

const EMPTY_ARRAY_KEY = { $emptyArray: true };

/** Values a MongoDB index holds for one path: arrays expand, missing is null. */
function pathValues(value: unknown, segs: string[]): unknown[] {
  if (segs.length === 0) {
    if (Array.isArray(value)) return value.length === 0 ? [EMPTY_ARRAY_KEY] : value;
    return [value === undefined ? null : value];
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const el of value) {
      if (el && typeof el === "object" && !Array.isArray(el)) out.push(...pathValues(el, segs));
    }
    return out.length === 0 ? [null] : out;
  }
  if (value === null || typeof value !== "object") return [null];
  const [head, ...rest] = segs;
  return pathValues((value as Doc)[head!], rest);
}

/** Encoded key tuples a document contributes to an index (cartesian over multikey paths). */
function indexKeys(doc: Doc, paths: string[]): string[] {
  let tuples: unknown[][] = [[]];
  for (const p of paths) {
    const vals = pathValues(doc, p.split("."));
    const next: unknown[][] = [];
    for (const t of tuples) for (const v of vals) next.push([...t, v]);
    tuples = next;
  }
  return [...new Set(tuples.map((t) => JSON.stringify(t)))];
}

// ---------------------------------------------------------------------------------------
// Collection

class EmbeddedCollection<T extends BaseDoc> implements Collection<T> {
  constructor(
    private readonly store: EmbeddedStoreImpl,
    readonly name: string,
  ) {}

  private get db(): Database.Database {
    return this.store.db;
  }

  private section<R>(fn: (s: CollState) => R): R {
    return this.store.run(() => fn(this.store.state(this.name)));
  }

  /** Matching documents in insertion order; stops early after `stopAfter` matches. */
  private matches(s: CollState, filter: Filter, stopAfter?: number): { row: Row; doc: Doc }[] {
    const test = compileFilter(filter);
    const out: { row: Row; doc: Doc }[] = [];
    const it = s.candidates(filter);
    for (const row of it) {
      const doc = JSON.parse(row.doc) as Doc;
      this.store.documentsRead++;
      if (!test(doc)) continue;
      out.push({ row, doc });
      if (stopAfter !== undefined && out.length >= stopAfter) {
        (it as { return?: () => void }).return?.();
        break;
      }
    }
    return out;
  }

  private replaceRaw(s: CollState, doc: Doc): void {
    s.checkUnique(doc);
    s.noteMultikey(doc);
    s.stmt(`UPDATE ${s.table} SET doc = ? WHERE _id = ?`).run(JSON.stringify(doc), doc._id);
  }

  /**
   * The document to write, with an id. Not a deep copy: the document is only read (for the
   * unique and multikey checks) and serialised once on its way into SQLite.
   */
  private withId(doc: T): Doc {
    const d = doc as unknown as Doc;
    return d._id === undefined ? { ...d, _id: newId() } : d;
  }

  async insertOne(doc: T): Promise<void> {
    const d = this.withId(doc);
    this.section((s) => s.insert(d));
  }

  async insertMany(docs: T[]): Promise<void> {
    const ds = docs.map((d) => this.withId(d));
    this.section((s) =>
      atomically(this.db, () => {
        for (const d of ds) s.insert(d);
      }),
    );
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    if (typeof filter._id === "string" && Object.keys(filter).length === 1 && !options.skip) {
      // By id (identities, people, forms, conversation state: several per update): one
      // prepared statement, no query to build, no filter to compile.
      const id = filter._id;
      return this.section((s) => {
        const row = s.stmt(`SELECT doc FROM ${s.table} WHERE _id = ?`).get(id) as
          | { doc: string }
          | undefined;
        if (!row) return null;
        this.store.documentsRead++;
        return project(JSON.parse(row.doc) as Doc, options.projection) as T;
      });
    }
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  /**
   * A sorted find with a limit, sorted by SQLite: candidates come in MongoDB's order (type
   * bracket, then value, then insertion), so only documents up to the limit are parsed and
   * tested — the others never reach JavaScript. Plain top-level sort keys only; undefined
   * (the caller sorts in JavaScript) when a key holds an array among the candidates, or an
   * object before the limit is reached: orders SQL can't reproduce.
   */
  private sortedInSql(
    s: CollState,
    filter: Filter,
    sort: SortSpec,
    wanted: number,
    projection?: Projection,
  ): Doc[] | undefined {
    const keys = Object.entries(sort);
    if (!keys.every(([k]) => !k.includes(".") && jsonPathLiteral(k))) return undefined;
    const { sql, params, arraysSql, idsSql, idsFrom } = s.candidateQuery(filter, keys);
    if (arraysSql && s.stmt(arraysSql).get(...params)) return undefined;
    const test = compileFilter(filter);
    const cover = s.coveredQuery(filter, projection, idsFrom);
    if (cover) {
      // Each row holds, read from the covering index, the fields the filter checks and the
      // projection keeps (and the index's others): no document is read. Read a page at a
      // time (one call for the rows of a page costs less than a step per row); the SQL
      // conditions nearly always are the filter, so the first page nearly always is all.
      // The numbers are written into the statement: SQLite then sorts ties for a known
      // number of rows, half the time of a bound LIMIT (measured).
      const n = Math.max(1, Math.floor(wanted));
      const out: Doc[] = [];
      for (let offset = 0; ; offset += n) {
        const page = s.stmt(`${cover.sql} LIMIT ${n} OFFSET ${offset}`).raw(true);
        const rows = page.all(...params) as [string, number][];
        for (const [values, present] of rows) {
          const doc = coveredDoc(cover.covered, values, present);
          if (!test(doc)) continue;
          out.push(doc);
          if (out.length >= wanted) return out;
        }
        if (rows.length < n) return out;
      }
    }
    // Document texts in sort order; null for one SQL can't place (an object sort value).
    // Leaving the loop early closes the generator, and with it the statement under it.
    const texts = idsSql
      ? (function* () {
          const byRowid = s.stmt(`SELECT doc FROM ${s.table} WHERE rowid = ?`);
          for (const { rowid } of s.stmt(idsSql).iterate(...params) as Iterable<{
            rowid: number;
          }>)
            yield (byRowid.get(rowid) as { doc: string }).doc;
        })()
      : (function* () {
          for (const row of s.stmt(sql).iterate(...params) as Iterable<Row & { _bad: number }>)
            yield row._bad ? null : row.doc;
        })();
    const out: Doc[] = [];
    for (const text of texts) {
      if (text === null) return undefined;
      const doc = JSON.parse(text) as Doc;
      this.store.documentsRead++;
      if (!test(doc)) continue;
      out.push(doc);
      if (out.length >= wanted) break;
    }
    return out;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.section((s) => {
      const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
      if (sort && options.limit) {
        const skip = options.skip ?? 0;
        const docs = this.sortedInSql(s, filter, sort, skip + options.limit, options.projection);
        if (docs) return projectAll(docs.slice(skip), options.projection) as T[];
      }
      const stopAfter = !sort && options.limit ? (options.skip ?? 0) + options.limit : undefined;
      const docs = this.matches(s, filter, stopAfter).map((m) => m.doc);
      return projectAll(
        sortSkipLimit(docs, options.sort, options.skip, options.limit),
        options.projection,
      ) as T[];
    });
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    return this.section((s) => {
      if (Object.keys(filter).length === 0) {
        return (s.stmt(`SELECT COUNT(*) AS n FROM ${s.table}`).get() as { n: number }).n;
      }
      return this.matches(s, filter).length;
    });
  }

  /** The one document an update targets (first by sort, else insertion order). */
  private target(s: CollState, filter: Filter, sort?: FindOptions["sort"]): Doc | undefined {
    if (sort && Object.keys(sort).length > 0) {
      const all = this.matches(s, filter).map((m) => m.doc);
      return sortSkipLimit(all, sort, 0, 1)[0];
    }
    return this.matches(s, filter, 1)[0]?.doc;
  }

  private upsertInsert(s: CollState, filter: Filter, update: Update): Doc {
    const doc = upsertSeed(filter);
    applyUpdate(doc, update, true);
    if (doc._id === undefined) doc._id = newId();
    s.insert(doc);
    return doc;
  }

  /**
   * `{ _id }` + scalar `$set`/`$unset` done inside SQLite with json_set/json_remove: the
   * stored document is neither parsed nor re-serialised in JavaScript. That is most writes
   * per update (inbox marks, conversation state), and the conversation state is the
   * largest document an update touches. Undefined when the general path must run: another
   * filter or update shape, a touched field a unique index depends on, or no document
   * with that id (an upsert then inserts on the general path).
   */
  private updateByIdInSql(s: CollState, filter: Filter, update: Update): UpdateResult | undefined {
    const keys = Object.keys(filter);
    if (keys.length !== 1 || typeof filter._id !== "string") return undefined;
    const sql = this.setUnsetSql(s, update);
    if (!sql) return undefined;
    if (sql.fields === 0) {
      return s.has(filter._id) ? { matchedCount: 1, modifiedCount: 0 } : undefined;
    }
    const res = s
      .stmt(`UPDATE ${s.table} SET doc = ${sql.expr} WHERE _id = ? AND (${sql.changed})`)
      .run(...sql.values, filter._id, ...sql.values);
    if (res.changes > 0) return { matchedCount: 1, modifiedCount: 1 };
    return s.has(filter._id) ? { matchedCount: 1, modifiedCount: 0 } : undefined;
  }

  /**
   * `updateByIdInSql` for `{ _id: { $in: ids } }`: many documents by id (the inbox's done
   * marks of a turn), in one statement whatever their number — the ids go in as one JSON
   * array. Undefined when the general path must run (see there).
   */
  private updateByIdsInSql(s: CollState, filter: Filter, update: Update): UpdateResult | undefined {
    const cond = filter._id;
    if (Object.keys(filter).length !== 1 || !isOperatorObject(cond)) return undefined;
    const { $in: ids, ...others } = cond as Record<string, unknown>;
    if (Object.keys(others).length > 0) return undefined;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) return undefined;
    const sql = this.setUnsetSql(s, update);
    if (!sql) return undefined;
    const list = JSON.stringify(ids);
    // Always one JSON array (not `inList`): one prepared statement for any number of ids.
    const byIds = `_id IN (SELECT value FROM json_each(?))`;
    const matched = (
      s.stmt(`SELECT COUNT(*) AS n FROM ${s.table} WHERE ${byIds}`).get(list) as { n: number }
    ).n;
    if (sql.fields === 0 || matched === 0) return { matchedCount: matched, modifiedCount: 0 };
    const res = s
      .stmt(`UPDATE ${s.table} SET doc = ${sql.expr} WHERE ${byIds} AND (${sql.changed})`)
      .run(...sql.values, list, ...sql.values);
    return { matchedCount: matched, modifiedCount: res.changes };
  }

  /**
   * A scalar `$set`/`$unset` as SQL over the stored text: the new text's expression, the
   * condition that it changes anything, and the values each takes (in that order). Undefined
   * for another update shape or a field a unique index depends on.
   */
  private setUnsetSql(
    s: CollState,
    update: Update,
  ): { expr: string; changed: string; values: string[]; fields: number } | undefined {
    const plan = scalarSetUnset(update);
    if (!plan) return undefined;
    const fields = [...plan.set.map(([k]) => k), ...plan.unset];
    if (fields.some((k) => !pathExpr(k) || s.uniqueDependsOn(k))) return undefined;
    if (fields.length === 0) return { expr: "doc", changed: "0", values: [], fields: 0 };
    const path = (k: string) => jsonPathLiteral(k)!; // checked above
    let expr = "doc";
    if (plan.set.length > 0)
      expr = `json_set(doc, ${plan.set.map(([k]) => `${path(k)}, json(?)`).join(", ")})`;
    if (plan.unset.length > 0) expr = `json_remove(${expr}, ${plan.unset.map(path).join(", ")})`;
    // Only a real change is written and counted, as MongoDB's modifiedCount does.
    const changed = [
      ...plan.set.map(([k]) => `(doc -> ${path(k)}) IS NOT ?`),
      ...plan.unset.map((k) => `json_type(doc, ${path(k)}) IS NOT NULL`),
    ].join(" OR ");
    const values = plan.set.map(([, v]) => JSON.stringify(v));
    return { expr, changed, values, fields: fields.length };
  }

  async updateOne(
    filter: Filter,
    update: Update,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    // One document: the read and the write run in one synchronous section (nothing can come
    // between them) and the document is written by one statement, so no transaction is
    // needed (the only other write, a sticky multikey mark, is harmless on its own).
    return this.section((s) => {
      const fast = this.updateByIdInSql(s, filter, update);
      if (fast) return fast;
      const doc = this.target(s, filter);
      if (!doc) {
        if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
        const created = this.upsertInsert(s, filter, update);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: created._id as string };
      }
      const changed = applyUpdate(doc, update, false);
      if (changed) this.replaceRaw(s, doc);
      return { matchedCount: 1, modifiedCount: changed ? 1 : 0 };
    });
  }

  async replaceOne(
    filter: Filter,
    replacement: Replacement<T>,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    const repl = replacement as Doc; // only read and serialised, as in insertOne
    return this.section((s): UpdateResult => {
      const byId = Object.keys(filter).length === 1 && typeof filter._id === "string";
      if (byId) {
        // By id (conversation state, inbox marks): written without reading the stored
        // document — a different text is a modification, as MongoDB compares bytes.
        if (repl._id !== undefined && repl._id !== filter._id)
          throw new Error("replaceOne: the replacement's _id differs from the filter's");
        const doc: Doc = { _id: filter._id, ...repl };
        s.checkUnique(doc);
        s.noteMultikey(doc);
        const text = JSON.stringify(doc);
        const changed = s
          .stmt(`UPDATE ${s.table} SET doc = ? WHERE _id = ? AND doc IS NOT ?`)
          .run(text, doc._id, text).changes;
        if (changed > 0) return { matchedCount: 1, modifiedCount: 1 };
        if (s.has(doc._id as string)) return { matchedCount: 1, modifiedCount: 0 };
        if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
        s.insert(doc);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: doc._id as string };
      }
      const target = this.target(s, filter);
      if (!target) {
        if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
        const seedId = upsertSeed(filter)._id;
        const doc: Doc = { _id: seedId ?? repl._id ?? newId(), ...repl };
        s.insert(doc);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: doc._id as string };
      }
      if (repl._id !== undefined && repl._id !== target._id)
        throw new Error("replaceOne: the replacement's _id differs from the document's");
      const doc: Doc = { _id: target._id, ...repl };
      if (JSON.stringify(doc) === JSON.stringify(target))
        return { matchedCount: 1, modifiedCount: 0 };
      this.replaceRaw(s, doc);
      return { matchedCount: 1, modifiedCount: 1 };
    });
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.section((s) => {
      // One statement (the inbox's done marks, many a second): atomic on its own, and its
      // count is read in the same synchronous section, so no transaction is wrapped round it.
      const fast = this.updateByIdsInSql(s, filter, update);
      if (fast) return fast;
      return atomically(this.db, (): UpdateResult => {
        const docs = this.matches(s, filter).map((m) => m.doc);
        let modified = 0;
        for (const doc of docs) {
          if (applyUpdate(doc, update, false)) {
            this.replaceRaw(s, doc);
            modified++;
          }
        }
        return { matchedCount: docs.length, modifiedCount: modified };
      });
    });
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: FindOneAndUpdateOptions = {},
  ): Promise<T | null> {
    // One document, one synchronous section: no transaction needed (see updateOne).
    return this.section((s): T | null => {
      const doc = this.target(s, filter, options.sort);
      if (!doc) {
        if (!options.upsert) return null;
        const created = this.upsertInsert(s, filter, update);
        return options.returnDocument === "before"
          ? null
          : (project(created, options.projection) as T);
      }
      const before = options.returnDocument === "before" ? structuredClone(doc) : undefined;
      if (applyUpdate(doc, update, false)) this.replaceRaw(s, doc);
      return project(before ?? doc, options.projection) as T;
    });
  }

  async deleteOne(filter: Filter): Promise<number> {
    return this.section((s) => {
      if (typeof filter._id === "string" && Object.keys(filter).length === 1)
        // By id (a finished form, a conversation left): nothing to read first.
        return s.stmt(`DELETE FROM ${s.table} WHERE _id = ?`).run(filter._id).changes;
      const [m] = this.matches(s, filter, 1);
      if (!m) return 0;
      return s.stmt(`DELETE FROM ${s.table} WHERE rowid = ?`).run(m.row.rowid).changes;
    });
  }

  async deleteMany(filter: Filter): Promise<number> {
    return this.section((s) => {
      if (Object.keys(filter).length === 0) {
        return s.stmt(`DELETE FROM ${s.table}`).run().changes;
      }
      const rows = this.matches(s, filter).map((m) => m.row.rowid);
      const del = s.stmt(`DELETE FROM ${s.table} WHERE rowid = ?`);
      return atomically(this.db, () => {
        let n = 0;
        for (const r of rows) n += del.run(r).changes;
        return n;
      });
    });
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    this.section((s) => s.createIndex(spec));
  }

  async dropIndex(name: string): Promise<void> {
    this.section((s) => s.dropIndex(name));
  }
}
