import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, HQ_CHAT, signInAll, submitted } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

/** Waits until the dispatcher is done with the two messages to headquarters (a group takes
 * one message every few seconds). */
async function hqSettled(id: string) {
  const outbox = h.store.collection<{ _id: string; state: string }>("outbox");
  for (let i = 0; i < 150; i++) {
    const docs = await outbox.find({
      _id: { $in: [`prop:${id}:r1:hq:1-summary`, `prop:${id}:r1:hq:2-form`] },
    });
    if (docs.length === 2 && docs.every((d) => d.state !== "pending" && d.state !== "sending"))
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("headquarters messages never settled");
}

/** Every step signed in the bot, through to approval and delivery. */
async function signAll(id: string) {
  const svc = h.app.services.proposals;
  for (const role of ["narmakUrban", "districtUrban", "liaison", "planning", "mayor"] as const) {
    const p = (await svc.get(id))!;
    const r = await svc.decide(
      id,
      { personId: `d8:${CHAIN[role]}`, platform: "telegram", userId: cast[role].id },
      `${p.revision}.${p.step}`,
      "sign",
    );
    if (!r.ok) throw new Error(`sign ${role}: ${r.why}`);
  }
}

it("a proposal headquarters received is recorded as delivered, and nobody is alarmed", async () => {
  const client = h.client("telegram");
  client.state.knowChat(client.group({ id: HQ_CHAT, title: "ستاد شورایاری‌ها" }).chat);
  const svc = h.app.services.proposals;
  const p = await submitted(h, "نیمکت‌های بوستان نارمک", cast.proposer.id);
  await signAll(p._id);
  // Before headquarters has both messages nothing is decided.
  await h.app.services.scheduler.tick();
  expect((await svc.get(p._id))?.hq).toBeUndefined();
  await hqSettled(p._id);
  await h.app.services.scheduler.tick();
  expect((await svc.get(p._id))?.hq?.outcome).toBe("delivered");
  const history = (await svc.history(p._id)).map((a) => a.action);
  expect(history).toContain("proposal.hq_delivered");
  expect(
    cast.liaison.messages().some((m) => /به گروه ستاد شورایاری‌ها نرسید/.test(m.text ?? "")),
  ).toBe(false);
});

/** The headquarters group with the bot removed from it: deliveries there fail with 403. */
async function hqWithoutBot() {
  const client = h.client("telegram");
  const hq = client.group({ id: HQ_CHAT, title: "ستاد شورایاری‌ها" });
  client.state.knowChat(hq.chat);
  await hq.removeBot(cast.liaison);
  return client;
}

it("when the headquarters group cannot be reached, the liaison, the presidium and the proposer are told, once", async () => {
  const client = await hqWithoutBot();
  const svc = h.app.services.proposals;
  const title = "سایه‌بان ایستگاه اتوبوس";
  const p = await submitted(h, title, cast.proposer.id);
  await signAll(p._id);
  await hqSettled(p._id);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
  const after = await svc.get(p._id);
  expect(after?.hq?.outcome).toBe("failed");
  expect((await svc.history(p._id)).filter((a) => a.action === "proposal.hq_failed")).toHaveLength(
    1,
  );
  for (const who of [cast.liaison, cast.presidium])
    await who.waitFor(
      (m) => /به گروه ستاد شورایاری‌ها نرسید/.test(m.text ?? "") && (m.text ?? "").includes(title),
    );
  await cast.proposer.waitFor(
    (m) =>
      /هنوز به ستاد شورایاری‌ها نرسیده است/.test(m.text ?? "") && (m.text ?? "").includes(title),
  );
  await client.idle({ quietMs: 300 });
  expect(
    cast.liaison.messages().filter((m) => /به گروه ستاد شورایاری‌ها نرسید/.test(m.text ?? "")),
  ).toHaveLength(1);
});

it("the status history says in words that headquarters was not reached, without the delivery error (kept for operators)", async () => {
  await hqWithoutBot();
  const svc = h.app.services.proposals;
  const p = await submitted(h, "آبخوری بوستان گلبرگ", cast.proposer.id);
  await signAll(p._id);
  await hqSettled(p._id);
  await h.app.services.scheduler.tick();
  const failed = (await svc.history(p._id)).find((a) => a.action === "proposal.hq_failed");
  expect(failed?.note).toBeUndefined();
  expect(String(failed?.data?.error)).toMatch(/kicked|Forbidden/);
  const me = cast.proposer;
  await me.expectCallbackAnswered(
    await me.pressCallbackData(`p:open:${p._id}`, me.messages().at(-1)!.messageId),
  );
  const status = await me.waitFor(
    (m) => (m.text ?? "").includes("سابقه:") && (m.text ?? "").includes("آبخوری بوستان گلبرگ"),
  );
  const line = status.text!.split("\n").find((l) => l.includes("نرسیدن به ستاد شورایاری‌ها"));
  expect(line).toBeDefined();
  expect(line).toMatch(/\(گروه ستاد در دسترس نبود\) \(سامانه\)$/);
  expect(line).not.toMatch(/[A-Za-z]/);
  // Entries written before the error moved to the data carry it as their note: not shown either.
  await h.store
    .collection("audit")
    .updateOne({ _id: failed!._id }, { $set: { note: String(failed!.data!.error) } });
  await me.expectCallbackAnswered(
    await me.pressCallbackData(`p:open:${p._id}`, me.messages().at(-1)!.messageId),
  );
  const again = await me.waitFor(
    (m) =>
      m.messageId !== status.messageId &&
      (m.text ?? "").includes("سابقه:") &&
      (m.text ?? "").includes("آبخوری بوستان گلبرگ"),
  );
  expect(again.text).toContain("نرسیدن به ستاد شورایاری‌ها");
  expect(again.text).not.toMatch(/Forbidden|kicked/);
});
