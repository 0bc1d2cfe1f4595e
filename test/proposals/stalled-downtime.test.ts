import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });
const about = (prefix: string, title: string) => (m: { text?: string }) =>
  (m.text ?? "").startsWith(prefix) && (m.text ?? "").includes(title);
const reminders = (title: string) => cast.narmakUrban.messages().filter(about("⏰", title));
const alerts = (title: string) => cast.presidium.messages().filter(about("🚨", title));

/** A few scheduler ticks, each followed by sending what they queued. */
async function run(times = 3) {
  for (let i = 0; i < times; i++) {
    await h.app.services.scheduler.tick();
    await h.app.dispatcher.drain();
  }
  await h.client("telegram").idle({ quietMs: 200 });
}

const outbox = (proposalId: string, kind: string) =>
  h.store
    .collection<{ _id: string; kind: string; state: string }>("outbox")
    .find({ kind, "data.proposalId": proposalId });

const actions = async (id: string) =>
  (await h.app.services.proposals.history(id)).map((a) => a.action);

const signer = () => ({
  personId: `d8:${CHAIN.narmakUrban}`,
  platform: "telegram" as const,
  userId: cast.narmakUrban.id,
});

it("after downtime past both marks the signer is reminded first, and the presidium alerted once, two working days later", async () => {
  const title = "پیاده‌روی میدان هفت حوض";
  h.clock.set(at(9, 8, 10)); // Sunday
  const p = await submitted(h, title, cast.proposer.id);
  await run(1);
  // Down from Sunday 8 Azar until Tuesday 24 Azar: the reminder (Wednesday 11) and the alert
  // (Sunday 15) both fell due meanwhile.
  await h.app.stop();
  h.clock.set(at(9, 24, 10));
  await h.restart();
  await run();
  expect(reminders(title)).toHaveLength(1);
  expect(alerts(title)).toEqual([]);
  expect(await outbox(p._id, "proposal.alert")).toEqual([]);

  // The usual two working days after the reminder (Thursday and Friday off): Saturday 28
  // Azar, 10:00; a minute before, still nothing.
  h.clock.set(at(9, 28, 9, 59));
  await run();
  expect(alerts(title)).toEqual([]);
  h.clock.set(at(9, 28, 10));
  await run();
  expect(alerts(title)).toHaveLength(1);
  expect(alerts(title)[0]!.text).toContain("زهرا کریمی");
  h.clock.set(at(9, 29, 10));
  await run();
  expect(alerts(title)).toHaveLength(1);
  expect(reminders(title)).toHaveLength(1);
  // The alert job may run alongside the reminder's, so the deferral may be logged first.
  expect((await actions(p._id)).sort()).toEqual([
    "proposal.alert_deferred",
    "proposal.alerted",
    "proposal.reminded",
    "proposal.submitted",
  ]);
});

it("an alert held by quiet hours is not sent once the step was signed", async () => {
  const svc = h.app.services.proposals;
  const title = "سایه‌بان ایستگاه اتوبوس";
  h.clock.set(at(9, 29, 10)); // Sunday
  const p = await submitted(h, title, cast.proposer.id);
  await run(1);
  // Reminded on time (Wednesday 2 Dey); the alert falls due on Sunday 6 Dey, 10:00.
  h.clock.set(at(10, 2, 10));
  await run();
  expect(reminders(title)).toHaveLength(1);
  // Down on the Sunday until 23:00: the alert is queued, and held for quiet hours.
  await h.app.stop();
  h.clock.set(at(10, 6, 23));
  await h.restart();
  await run();
  expect(alerts(title)).toEqual([]);
  expect((await outbox(p._id, "proposal.alert")).map((o) => o.state)).toEqual(["pending"]);
  // The signer signs before the morning.
  h.clock.set(at(10, 6, 23, 30));
  expect((await svc.decide(p._id, signer(), "1.0", "sign")).ok).toBe(true);

  h.clock.set(at(10, 7, 7, 1));
  h.app.dispatcher.wake();
  await run();
  expect(alerts(title)).toEqual([]);
  expect((await outbox(p._id, "proposal.alert")).map((o) => o.state)).not.toContain("sent");
});

it("an alert moved after a late reminder is not sent once the step was signed", async () => {
  const svc = h.app.services.proposals;
  const title = "نیمکت‌های پارک گلبرگ";
  h.clock.set(at(10, 13, 10)); // Sunday
  const p = await submitted(h, title, cast.proposer.id);
  await run(1);
  await h.app.stop();
  h.clock.set(at(10, 22, 10)); // Tuesday: reminder and alert both overdue
  await h.restart();
  await run();
  expect(reminders(title)).toHaveLength(1);
  const moved = (await svc.get(p._id))!.alertJob!;
  // Two working days after the reminder: Saturday 26 Dey.
  expect((await h.app.services.scheduler.get(moved))?.runAt).toBe(at(10, 26, 10));

  h.clock.set(at(10, 23, 10));
  expect((await svc.decide(p._id, signer(), "1.0", "sign")).ok).toBe(true);
  h.clock.set(at(10, 26, 10));
  await run();
  expect(alerts(title)).toEqual([]);
  expect(await outbox(p._id, "proposal.alert")).toEqual([]);
  expect((await h.app.services.scheduler.get(moved))?.state).toBe("cancelled");
  expect(await actions(p._id)).not.toContain("proposal.alerted");
});
