import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

const DAY = 86_400_000;
const OWNER = `d8:${PEOPLE.narmakUrbanSecretary.phone}`;

let h: Harness;
let reporter: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  reporter = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
});
afterAll(async () => {
  await h?.stop();
});

it("a report kept for its owner but escalated past them meanwhile is not handed to them on sign-in", async () => {
  // Narmak's urban-services secretary has not signed in: both reports are kept for her.
  const gone = await fileReport(h, reporter, { description: "چاله‌ای بزرگ در خیابان اصلی نارمک" });
  // Past its deadline (working days), the sweep moves the first one up to the district.
  h.clock.advance(7 * DAY);
  await h.app.services.scheduler.tick();
  const moved = await h.app.services.reports.byCode("d8", gone.code);
  expect(moved?.owners).not.toContain(OWNER);
  const still = await fileReport(h, reporter, { description: "تیر برق کج شده در کوچهٔ یاس" });
  const owner = await signIn(h.client("telegram"), PEOPLE.narmakUrbanSecretary.phone);
  await owner.waitFor(new RegExp(`📝 گزارش ${fa(still.code)}`));
  await h.app.dispatcher.drain({ timeoutMs: 15_000 });
  await h.client("telegram").idle({ quietMs: 200 });
  const texts = owner.messages().map((m) => m.text ?? "");
  expect(texts.some((t) => t.includes(fa(gone.code)))).toBe(false);
  expect(texts.find((t) => t.startsWith("📬"))).toContain("۱ پیام");
  const held = await h.app.services.outbox.find({
    "recipient.personId": OWNER,
    state: { $in: ["held", "dropped", "released"] },
  });
  expect(held.map((d) => [d._id.startsWith(`rep:${gone.id}`), d.state])).toEqual([
    [true, "dropped"],
    [false, "released"],
  ]);
});
