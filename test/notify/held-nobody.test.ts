import { afterEach, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

/** The owner of Narmak's urban-services reports, who has not signed in in these tests. */
const ZAHRA = PEOPLE.narmakUrbanSecretary;
const OWNER = `d8:${ZAHRA.phone}`;
const LIAISON = `d8:${PEOPLE.liaison.phone}`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<{ h: Harness; reporter: User }> {
  h = await startHarness({ platforms: ["telegram"] });
  return { h, reporter: await signIn(h.client("telegram"), PEOPLE.councillor.phone) };
}

async function settle(hh: Harness) {
  await hh.app.dispatcher.drain({ timeoutMs: 15_000 });
  await hh.client("telegram").idle({ quietMs: 200 });
}

/** A user's notices about Zahra being out of reach. */
const aboutZahra = (u: User) =>
  u
    .messages()
    .map((m) => m.text ?? "")
    .filter((t) => t.startsWith("📵") && t.includes(ZAHRA.name));

it("a liaison who has not signed in yet gets the notice once they do; the presidium is not told", async () => {
  const { h, reporter } = await start();
  const presidium = await signIn(h.client("telegram"), PEOPLE.presidium.phone);
  const first = await fileReport(h, reporter, { description: "چاله‌ای بزرگ در خیابان اصلی نارمک" });
  await settle(h);
  expect(aboutZahra(presidium)).toEqual([]);
  const liaison = await signIn(h.client("telegram"), PEOPLE.liaison.phone);
  await liaison.waitFor(new RegExp(`📵 ${ZAHRA.name}[\\s\\S]*${fa(first.code)}`));
  expect(liaison.messages().some((m) => (m.text ?? "").startsWith("📬"))).toBe(true);
  // Another report the same day: nothing more about her.
  await fileReport(h, reporter, { description: "تیر برق کج شده در کوچهٔ یاس" });
  await settle(h);
  expect(aboutZahra(liaison)).toHaveLength(1);
  expect(aboutZahra(presidium)).toEqual([]);
});

it("a notice kept for the liaison is dropped if the person signed in meanwhile", async () => {
  const { h, reporter } = await start();
  const report = await fileReport(h, reporter, { description: "آب‌گرفتگی جوی خیابان گلبرگ" });
  const zahra = await signIn(h.client("telegram"), ZAHRA.phone);
  await zahra.waitFor(new RegExp(`📝 گزارش ${fa(report.code)}`));
  const liaison = await signIn(h.client("telegram"), PEOPLE.liaison.phone);
  await settle(h);
  expect(aboutZahra(liaison)).toEqual([]);
  const kept = await h.app.services.outbox.find({
    "recipient.personId": LIAISON,
    state: { $in: ["held", "dropped", "released"] },
  });
  expect(kept.map((d) => [d.kind, d.state])).toEqual([["owner.unreachable", "dropped"]]);
  expect(await h.app.services.outbox.count({ "recipient.personId": OWNER, state: "held" })).toBe(0);
});

it("with no liaison on the roster the presidium is told; nobody to tell is trusted for a minute", async () => {
  const { h, reporter } = await start();
  await h.repos.people.col.updateOne({ _id: LIAISON }, { $set: { active: false, updatedAt: 1 } });
  h.repos.people.invalidate();
  await fileReport(h, reporter, { description: "سطل زباله شکسته در میدان" });
  await settle(h);
  const presidium = await signIn(h.client("telegram"), PEOPLE.presidium.phone);
  h.clock.advance(2 * 60_000);
  const later = await fileReport(h, reporter, { description: "درخت افتاده در پارک نارمک" });
  await presidium.waitFor(new RegExp(`📵 ${ZAHRA.name}[\\s\\S]*${fa(later.code)}`));
  h.clock.advance(60_000);
  await fileReport(h, reporter, { description: "نیمکت شکسته کنار ایستگاه" });
  await settle(h);
  expect(aboutZahra(presidium)).toHaveLength(1);
});
