/**
 * MongoDB adapter behaviour that needs no server: an unreachable server is reported as
 * StoreUnavailableError (port 1 on loopback refuses connections). The full contract runs
 * in contract.test.ts when MONGODB_URI is set.
 */
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { openMongoStore } from "../../src/store/mongo.ts";
import { StoreUnavailableError } from "../../src/store/port.ts";

describe("mongodb adapter without a server", () => {
  it("rejects with StoreUnavailableError when the server cannot be reached", async () => {
    await expect(
      openMongoStore("mongodb://127.0.0.1:1/?directConnection=true", "x", {
        serverSelectionTimeoutMS: 300,
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("is what openStore picks when a MongoDB URI is given", async () => {
    await expect(
      openStore({
        mongodbUri: "mongodb://127.0.0.1:1/?directConnection=true&serverSelectionTimeoutMS=300",
        dataDir: "/nonexistent/never-used",
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
