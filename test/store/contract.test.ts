import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import { openMongoStore } from "../../src/store/mongo.ts";
import type { Store } from "../../src/store/port.ts";
import { runStoreContract } from "./contract.ts";

// Embedded: a fresh temp directory per opened store.
const embeddedDirs = new Map<Store, string>();
runStoreContract(
  "embedded adapter",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "shurayar-contract-"));
    const store = await openEmbeddedStore(dir);
    embeddedDirs.set(store, dir);
    return store;
  },
  async (store) => {
    await store.close();
    const dir = embeddedDirs.get(store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
);

// MongoDB: a fresh database per opened store, dropped afterwards.
const uri = process.env.MONGODB_URI?.trim();
const mongoDbs = new Map<Store, string>();
runStoreContract(
  uri ? "mongodb adapter" : "mongodb adapter (skipped: set MONGODB_URI to run)",
  async () => {
    const dbName = `shurayar_contract_${process.pid}_${Date.now()}_${mongoDbs.size}`;
    const store = await openMongoStore(uri!, dbName, { serverSelectionTimeoutMS: 5_000 });
    mongoDbs.set(store, dbName);
    return store;
  },
  async (store) => {
    await store.close();
    const dbName = mongoDbs.get(store);
    if (!dbName) return;
    const client = new MongoClient(uri!);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  },
  { skip: !uri },
);
