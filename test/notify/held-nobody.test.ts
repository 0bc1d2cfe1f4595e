import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

let h: Harness;
let reporter: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  reporter = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
});
afterAll(async () => {
  await h?.stop();
});

async function settle() {
  await h.app.dispatcher.drain({ timeoutMs: 15_000 });
  await h.client("telegram").idle({ quietMs: 200 });
}

it("with nobody to tell when an owner is out of reach, a liaison who signs in later is told of the next item", async () => {
  // Neither the owner (Narmak's urban-services secretary), the liaison nor the presidium
  // has signed in: nobody can be told, and the report is kept for its owner.
  await fileReport(h, reporter, { description: "چاله‌ای بزرگ در خیابان اصلی نارمک" });
  await settle();
  const liaison = await signIn(h.client("telegram"), PEOPLE.liaison.phone);
  const notices = () =>
    liaison
      .messages()
      .map((m) => m.text ?? "")
      .filter((t) => t.startsWith("📵") && t.includes(PEOPLE.narmakUrbanSecretary.name));
  // Past the minute "nobody to tell" is trusted for, the next report finds the liaison.
  h.clock.advance(2 * 60_000);
  const later = await fileReport(h, reporter, { description: "تیر برق کج شده در کوچهٔ یاس" });
  await liaison.waitFor(new RegExp(`📵 زهرا کریمی[\\s\\S]*${fa(later.code)}`));
  h.clock.advance(60_000);
  await fileReport(h, reporter, { description: "آب‌گرفتگی جوی خیابان گلبرگ" });
  await settle();
  // Once that day, however many items find the owner unreachable.
  expect(notices()).toHaveLength(1);
  expect(await h.app.services.outbox.count({ state: "held" })).toBe(3);
});
