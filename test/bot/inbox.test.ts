import { afterAll, beforeAll, expect, it } from "vitest";
import type { InboxDoc } from "../../src/bot/dedupe.ts";
import { freshUserId, type Harness, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("marks every update done once answered, many chats at once, and keeps no raw update", async () => {
  const client = h.client();
  const users = Array.from({ length: 12 }, () =>
    client.user({ id: freshUserId(), firstName: "U" }),
  );
  // All at once: their answers finish close together, and their marks are written together.
  await Promise.all(users.map((u) => u.send("/start")));
  await Promise.all(users.map((u) => u.waitFor(/زبان/)));
  await Promise.all(users.map((u) => u.press("فارسی")));
  await Promise.all(users.map((u) => u.waitFor(/شماره/)));
  await client.idle({ quietMs: 200 });

  const inbox = await h.store.collection<InboxDoc>("inbox").find({});
  expect(inbox).toHaveLength(24);
  for (const doc of inbox) {
    expect(doc.state).toBe("done");
    expect(doc.update).toBeUndefined();
  }
  // Each person was answered once per update: nothing ran twice.
  for (const u of users) {
    expect(u.messages().filter((m) => m.text?.includes("زبان"))).toHaveLength(1);
  }
});
