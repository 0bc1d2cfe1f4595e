/**
 * Store entry point: MongoDB when a URI is configured, else the embedded SQLite store.
 */
import { openEmbeddedStore } from "./embedded.ts";
import type { Store } from "./port.ts";

export type { EmbeddedStore, EmbeddedStoreOptions } from "./embedded.ts";
export { openEmbeddedStore } from "./embedded.ts";
export { newId } from "./ids.ts";
export type {
  BaseDoc,
  Collection,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexSpec,
  Json,
  Projection,
  Replacement,
  SortSpec,
  Store,
  Update,
  UpdateOptions,
  UpdateResult,
} from "./port.ts";
export { DuplicateKeyError, isDuplicateKeyError, StoreUnavailableError } from "./port.ts";

export interface OpenStoreOptions {
  mongodbUri?: string | undefined;
  dataDir: string;
  /** Optional MongoDB database name (default: the one in the URI, else "test"). */
  mongodbDbName?: string | undefined;
  log?: (msg: string) => void;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const uri = opts.mongodbUri?.trim();
  if (uri) {
    // Loaded only when used: the driver is a fifth of the process's memory at start.
    const { openMongoStore } = await import("./mongo.ts");
    const store = await openMongoStore(uri, opts.mongodbDbName);
    opts.log?.("store: mongodb");
    return store;
  }
  const store = await openEmbeddedStore(opts.dataDir);
  opts.log?.(`store: embedded (${store.file})`);
  return store;
}
