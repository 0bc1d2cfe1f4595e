import { afterEach, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

/** The owner of Narmak's urban-services reports. */
const ZAHRA = PEOPLE.narmakUrbanSecretary;
const azar = (day: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm: 9, jd: day, hour, minute });

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  const hh = await startHarness({ platforms: ["telegram"] });
  h = hh;
  const client = hh.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone);
  const liaison = await signIn(client, PEOPLE.liaison.phone);
  return { h: hh, reporter, liaison };
}

async function settle(hh: Harness) {
  await hh.app.dispatcher.drain({ timeoutMs: 15_000 });
  await hh.client("telegram").idle({ quietMs: 200 });
}

/** The liaison's notices about Zahra being out of reach. */
const aboutZahra = (u: User) =>
  u
    .messages()
    .map((m) => m.text ?? "")
    .filter((t) => t.startsWith("📵") && t.includes(ZAHRA.name));

it("a notice held by quiet hours is not sent if the person signed in before morning", async () => {
  const { h, reporter, liaison } = await start();
  h.clock.set(azar(8, 23, 0));
  const report = await fileReport(h, reporter, {
    description: "آب لوله اصلی خیابان گلبرگ نشت می‌کند",
  });
  await settle(h);
  h.clock.set(azar(8, 23, 30));
  const zahra = await signIn(h.client("telegram"), ZAHRA.phone);
  h.clock.set(azar(9, 7, 1));
  await zahra.waitFor(new RegExp(`📝 گزارش ${fa(report.code)}`));
  await settle(h);
  expect(aboutZahra(liaison)).toEqual([]);
  const notice = await h.app.services.outbox.find({ kind: "owner.unreachable" });
  expect(notice.map((d) => d.state)).not.toContain("sent");
});

it("a 'blocked the bot' notice held by quiet hours is not sent if the person is back before morning", async () => {
  const { h, reporter, liaison } = await start();
  const zahra = await signIn(h.client("telegram"), ZAHRA.phone);
  await zahra.block();
  h.clock.set(azar(8, 23, 0));
  // Known unreachable (as after a bounce): the report is kept for her, the liaison is told.
  await h.repos.identities.markUnreachable("telegram", zahra.id, h.clock.now());
  const report = await fileReport(h, reporter, { description: "درخت افتاده در پارک نارمک" });
  await settle(h);
  expect(await h.app.services.outbox.count({ kind: "owner.unreachable" })).toBe(1);
  h.clock.set(azar(8, 23, 30));
  await zahra.unblock();
  await settle(h);
  h.clock.set(azar(9, 7, 1));
  await zahra.waitFor(new RegExp(`📝 گزارش ${fa(report.code)}`));
  await settle(h);
  expect(aboutZahra(liaison)).toEqual([]);
});

it("what was kept goes out at night with its heading when any of it is urgent, not half of it at 07:00", async () => {
  const { h, reporter } = await start();
  const normal = await fileReport(h, reporter, {
    description: "آب لوله اصلی خیابان گلبرگ نشت می‌کند",
  });
  const urgent = await fileReport(h, reporter, {
    description: "درخت بزرگی روی سیم برق افتاده است",
    urgent: true,
  });
  await settle(h);
  h.clock.set(azar(8, 23, 30));
  const zahra = await signIn(h.client("telegram"), ZAHRA.phone);
  await zahra.waitFor(new RegExp(`📝 گزارش ${fa(urgent.code)}`));
  await zahra.waitFor(new RegExp(`📝 گزارش ${fa(normal.code)}`));
  const texts = zahra.messages().map((m) => m.text ?? "");
  const heading = texts.findIndex((t) => t.startsWith("📬"));
  expect(texts[heading]).toContain("۲ پیام");
  // In the order they came, after the heading.
  expect(texts.slice(heading + 1).map((t) => /📝 گزارش (\S+)/.exec(t)?.[1])).toEqual(
    [normal.code, urgent.code].map(fa),
  );
});
