import { afterEach, describe, expect, it } from "vitest";
import { type Clock, ManualClock } from "../../src/clock.ts";
import { TEHRAN_TZ, zonedTimeToUtc } from "../../src/domain/time.ts";
import { Dispatcher, type DispatcherOptions } from "../../src/notify/dispatcher.ts";
import { Outbox } from "../../src/notify/outbox.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import type { AuditDoc, IdentityDoc } from "../../src/repos/types.ts";
import { deliveries, type Env, knowChats, plain, setup, TOKEN, testRenderers } from "./helpers.ts";

/** 12:00 Tehran on a fixed day: outside quiet hours. */
const NOON = zonedTimeToUtc({ year: 2025, month: 5, day: 12, hour: 12 }, TEHRAN_TZ);

/** Real-time clock shifted to NOON, so backoffs elapse but quiet hours never interfere. */
function shiftedClock(): Clock {
  const start = Date.now();
  return { now: () => NOON + (Date.now() - start) };
}

let env: Env;
let dispatchers: Dispatcher[] = [];
afterEach(async () => {
  for (const d of dispatchers) await d.stop();
  dispatchers = [];
  await env.close();
});

function dispatcher(extra: Partial<DispatcherOptions> = {}): Dispatcher {
  const d = new Dispatcher({
    store: env.store,
    apis: { telegram: env.api },
    clock: shiftedClock(),
    renderers: testRenderers(),
    pollIntervalMs: 100,
    backoff: { baseMs: 50, capMs: 400 },
    ...extra,
  });
  dispatchers.push(d);
  return d;
}

/**
 * A fresh emulator and store, the emulator enforcing Telegram's limits with `globalPerSecond`
 * overall, and `n` private chats it knows, numbered from `first`.
 */
async function limitedSetup(globalPerSecond: number, n: number, first: number): Promise<number[]> {
  env = await setup();
  env.emu.setRateLimits({ globalPerSecond, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 });
  const chats = Array.from({ length: n }, (_, i) => first + i);
  knowChats(env.emu, chats);
  return chats;
}

/** Resolves once the emulator has accepted `n` messages from the bot. */
async function untilSent(n: number): Promise<void> {
  while (env.emu.bot(TOKEN).sent.length < n) await new Promise((r) => setTimeout(r, 10));
}

describe("dispatcher", () => {
  it("delivers 500 notifications to 100 chats within the rate limits, each once", async () => {
    env = await setup();
    // 200/s global, 1/s per chat: 5 messages per chat need just over 4 s — enough to prove
    // pacing (a burst would trip the emulator's per-chat window at once).
    env.emu.setRateLimits({
      globalPerSecond: 200,
      perPrivateChatPerSecond: 1,
      perGroupPerMinute: 20,
    });
    const chats = Array.from({ length: 100 }, (_, i) => 5000 + i);
    knowChats(env.emu, chats);
    const clock = shiftedClock();
    const outbox = new Outbox(env.store, clock);
    const all = [];
    for (let round = 0; round < 5; round++)
      for (const c of chats) all.push(plain(`n:${c}:${round}`, c, `m ${c} ${round}`));
    expect(await outbox.enqueue(all)).toHaveLength(500);
    // Enqueueing the same causes again adds nothing.
    expect(await outbox.enqueue(all.slice(0, 10))).toHaveLength(0);

    const d = dispatcher({ clock, limits: { globalPerSecond: 200 } });
    const t0 = performance.now();
    d.start();
    await d.drain({ timeoutMs: 20_000 });
    const elapsed = performance.now() - t0;

    const bot = env.emu.bot(TOKEN);
    expect(bot.rateLimitViolations).toBe(0);
    expect(bot.errors).toHaveLength(0);
    const counts = deliveries(env.emu);
    expect(counts.size).toBe(500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Per chat, in order, never two within the per-chat window.
    for (const c of [5000, 5042, 5099]) {
      const msgs = bot.messagesIn(c);
      expect(msgs.map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((r) => `m ${c} ${r}`));
    }
    expect(await outbox.count({ state: "sent" })).toBe(500);
    expect(d.stats()).toMatchObject({ sent: 500, rateLimited: 0, failed: 0 });
    // 4 s is the floor set by the per-chat limit; it should not idle much beyond it.
    expect(elapsed).toBeGreaterThan(3900);
    expect(elapsed).toBeLessThan(8000);
  });

  it("survives 429s, 5xx and dropped connections; only drop-after re-sends", async () => {
    env = await setup();
    env.emu.setRateLimits({
      globalPerSecond: 100,
      perPrivateChatPerSecond: 1,
      perGroupPerMinute: 20,
    });
    const chats = Array.from({ length: 30 }, (_, i) => 7000 + i);
    knowChats(env.emu, chats);
    const clock = shiftedClock();
    const outbox = new Outbox(env.store, clock);
    const all = [];
    for (let round = 0; round < 2; round++)
      for (const c of chats) all.push(plain(`f:${c}:${round}`, c, `f ${c} ${round}`));
    await outbox.enqueue(all);

    const f429 = env.emu.faults.add({
      method: "sendMessage",
      kind: "429",
      retryAfter: 1,
      times: 2,
    });
    const f5xx = env.emu.faults.add({
      method: "sendMessage",
      kind: "5xx",
      status: 502,
      times: 4,
      probability: 0.3,
    });
    const fDrop = env.emu.faults.add({
      method: "sendMessage",
      kind: "drop",
      times: 3,
      probability: 0.2,
    });
    const fAfter = env.emu.faults.add({
      method: "sendMessage",
      kind: "drop-after",
      times: 3,
      probability: 0.2,
    });

    const d = dispatcher({ clock });
    d.start();
    await d.drain({ timeoutMs: 25_000 });

    const counts = deliveries(env.emu);
    expect(counts.size).toBe(60);
    const extra = [...counts.values()].reduce((s, n) => s + (n - 1), 0);
    // Every drop-after delivered a message whose answer was lost: exactly one re-send each.
    expect(extra).toBe(fAfter.hits);
    expect(await outbox.count({ state: "sent" })).toBe(60);
    expect(env.emu.bot(TOKEN).rateLimitViolations).toBe(0);
    const s = d.stats();
    expect(s.rateLimited).toBe(f429.hits);
    expect(s.retried).toBe(f5xx.hits + fDrop.hits + fAfter.hits);
    expect(f429.hits).toBe(2);
    expect(f5xx.hits).toBeGreaterThan(0);
    expect(fDrop.hits).toBeGreaterThan(0);
    expect(fAfter.hits).toBeGreaterThan(0);
    // The attempts are on record.
    const retried = await outbox.find({ "attemptsLog.outcome": "retry" });
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((doc) => doc.attempts >= 1)).toBe(true);
  });

  it("marks a blocked recipient unreachable after exactly one 403", async () => {
    env = await setup();
    const state = env.emu.bot(TOKEN);
    const user = state.user({ id: 8001, firstName: "Blocked" });
    await user.send("hi");
    await user.block();
    const now = NOON;
    await env.store.collection<IdentityDoc>("identities").insertOne({
      _id: "telegram:8001",
      platform: "telegram",
      userId: 8001,
      chatId: 8001,
      personId: "d8:989121000001",
      lang: "fa",
      createdAt: now,
      updatedAt: now,
    });
    const clock = shiftedClock();
    await new Outbox(env.store, clock).enqueue(
      plain("b:1", 8001, "to blocked", {
        recipient: { platform: "telegram", chatId: 8001, personId: "d8:989121000001" },
      }),
    );
    const fired: OutboxDoc[] = [];
    const d = dispatcher({ clock, onUnreachable: (doc) => void fired.push(doc) });
    d.start();
    await d.drain();
    await new Promise((r) => setTimeout(r, 300)); // would a retry come? it must not
    await d.drain();

    expect(state.errors.filter((e) => e.errorCode === 403)).toHaveLength(1);
    const doc = await new Outbox(env.store, clock).get("b:1");
    expect(doc?.state).toBe("unreachable");
    expect(doc?.attempts).toBe(1);
    expect(fired.map((x) => x._id)).toEqual(["b:1"]);
    expect(fired[0]?.state).toBe("unreachable");
    const identity = await env.store
      .collection<IdentityDoc>("identities")
      .findOne({ _id: "telegram:8001" });
    expect(identity?.unreachableAt).toBeTypeOf("number");
    const audit = await env.store.collection<AuditDoc>("audit").find({ itemId: "b:1" });
    expect(audit.map((a) => a.action)).toEqual(["unreachable"]);
    expect(d.stats().unreachable).toBe(1);
  });

  it("a 400 fails the message once, without retries", async () => {
    env = await setup();
    const clock = shiftedClock();
    // Chat 9999 is unknown to the emulator: "Bad Request: chat not found".
    await new Outbox(env.store, clock).enqueue(plain("bad:1", 9999, "nobody"));
    const d = dispatcher({ clock });
    d.start();
    await d.drain();
    const doc = await new Outbox(env.store, clock).get("bad:1");
    expect(doc?.state).toBe("failed");
    expect(doc?.lastError).toMatch(/400/);
    expect(env.emu.bot(TOKEN).calls.sendMessage).toBe(1);
    expect(d.stats().failed).toBe(1);
  });

  it("sends a chat its next message only a whole second after the last one came back", async () => {
    env = await setup();
    env.emu.setRateLimits({
      globalPerSecond: 200,
      perPrivateChatPerSecond: 1,
      perGroupPerMinute: 20,
    });
    knowChats(env.emu, [6201]);
    // The first message is held up on its way for 1.5 s (a slow network, a busy sender):
    // paced from when it was sent, the second would reach the server first, and within a
    // second of it.
    env.emu.faults.add({ method: "sendMessage", kind: "latency", ms: 1500, times: 1 });
    const clock = shiftedClock();
    await new Outbox(env.store, clock).enqueue([
      plain("slow:1", 6201, "first"),
      plain("slow:2", 6201, "second"),
    ]);
    const d = dispatcher({ clock, limits: { globalPerSecond: 200 } });
    d.start();
    await d.drain({ timeoutMs: 10_000 });
    const bot = env.emu.bot(TOKEN);
    expect(bot.rateLimitViolations).toBe(0);
    expect(bot.sent.map((m) => m.text)).toEqual(["first", "second"]);
  });

  it("keeps the global limit when sends held up on their way arrive with later ones", async () => {
    const chats = await limitedSetup(20, 40, 6300);
    // The first eight sends reach the server 0.7 s late (new connections, a busy moment):
    // paced by when they left, they would arrive within the same second as a dozen more.
    env.emu.faults.add({ method: "sendMessage", kind: "latency", ms: 700, times: 8 });
    const clock = shiftedClock();
    await new Outbox(env.store, clock).enqueue(
      chats.map((c) => plain(`late:${c}`, c, `late ${c}`)),
    );
    const d = dispatcher({ clock, limits: { globalPerSecond: 20 } });
    d.start();
    await d.drain({ timeoutMs: 15_000 });
    const bot = env.emu.bot(TOKEN);
    expect(bot.rateLimitViolations).toBe(0);
    expect(d.stats()).toMatchObject({ sent: 40, rateLimited: 0 });
    expect([...deliveries(env.emu).values()]).toEqual(Array(40).fill(1));
  });

  it("sends an urgent message next, ahead of the normal ones already waiting", async () => {
    const chats = await limitedSetup(20, 40, 6400);
    knowChats(env.emu, [6499]);
    const clock = shiftedClock();
    const outbox = new Outbox(env.store, clock);
    await outbox.enqueue(chats.map((c) => plain(`wait:${c}`, c, `reminder ${c}`)));
    const d = dispatcher({ clock, limits: { globalPerSecond: 20 }, batchSize: 20 });
    d.start();
    const bot = env.emu.bot(TOKEN);
    await untilSent(5);
    await outbox.enqueue(plain("alert", 6499, "alert", { priority: "urgent" }));
    const sentBefore = bot.sent.length;
    await d.drain({ timeoutMs: 15_000 });
    const at = bot.sent.findIndex((m) => m.text === "alert");
    // At most the sends already on their way, and one booked with them, go before it.
    expect(at).toBeGreaterThanOrEqual(sentBefore);
    expect(at).toBeLessThanOrEqual(sentBefore + 2);
    expect(bot.sent).toHaveLength(41);
    expect(bot.rateLimitViolations).toBe(0);
  });

  it("does not read the waiting messages again each time a normal one is added", async () => {
    const chats = await limitedSetup(20, 60, 6500);
    const clock = shiftedClock();
    const outbox = new Outbox(env.store, clock);
    await outbox.enqueue(chats.slice(0, 50).map((c) => plain(`many:${c}`, c, `many ${c}`)));
    const d = dispatcher({ clock, limits: { globalPerSecond: 20 }, batchSize: 40 });
    d.start();
    const bot = env.emu.bot(TOKEN);
    await untilSent(2);
    // Forty buffered: each of these ten wakes the dispatcher. Each sorts after the forty,
    // so it is fetched once the buffer runs low, not by re-reading the forty ten times.
    const before = env.store.documentsRead;
    for (const c of chats.slice(50)) {
      await outbox.enqueue(plain(`more:${c}`, c, `more ${c}`));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(env.store.documentsRead - before).toBeLessThan(40);
    await d.drain({ timeoutMs: 15_000 });
    expect([...deliveries(env.emu).values()]).toEqual(Array(60).fill(1));
    expect(bot.sent.slice(-10).map((m) => m.text)).toEqual(chats.slice(50).map((c) => `more ${c}`));
  });

  it("holds normal notifications in quiet hours and lets urgent ones through", async () => {
    env = await setup();
    knowChats(env.emu, [6001, 6002]);
    const at2300 = zonedTimeToUtc({ year: 2025, month: 5, day: 12, hour: 23 }, TEHRAN_TZ);
    const at0700 = zonedTimeToUtc({ year: 2025, month: 5, day: 13, hour: 7 }, TEHRAN_TZ);
    const clock = new ManualClock(at2300);
    const outbox = new Outbox(env.store, clock);
    await outbox.enqueue([
      plain("q:normal", 6001, "normal at night"),
      plain("q:urgent", 6002, "urgent at night", { priority: "urgent" }),
    ]);
    const d = dispatcher({ clock });
    d.start();
    await d.drain();
    expect(deliveries(env.emu)).toEqual(new Map([["urgent at night", 1]]));
    const held = await outbox.get("q:normal");
    expect(held?.state).toBe("pending");
    expect(held?.notBefore).toBe(at0700);

    clock.set(at0700 - 60_000); // 06:59: still quiet
    d.wake();
    await d.drain();
    expect(deliveries(env.emu).has("normal at night")).toBe(false);

    clock.set(at0700);
    d.wake();
    await d.drain();
    expect(deliveries(env.emu).get("normal at night")).toBe(1);
    expect((await outbox.get("q:normal"))?.state).toBe("sent");
    expect(d.stats().held).toBe(1);
  });

  it("holds a normal message taken over from a sender that died, when quiet hours have begun", async () => {
    env = await setup();
    knowChats(env.emu, [6011, 6012]);
    const at2159 = zonedTimeToUtc(
      { year: 2025, month: 5, day: 12, hour: 21, minute: 59 },
      TEHRAN_TZ,
    );
    const at2330 = zonedTimeToUtc(
      { year: 2025, month: 5, day: 12, hour: 23, minute: 30 },
      TEHRAN_TZ,
    );
    const at0700 = zonedTimeToUtc({ year: 2025, month: 5, day: 13, hour: 7 }, TEHRAN_TZ);
    // Claimed at 21:59 by a sender that died; its lease ran out at 22:00.
    const claimed = (id: string, chatId: number, priority: "normal" | "urgent"): OutboxDoc => ({
      _id: id,
      recipient: { platform: "telegram", chatId },
      kind: "plain",
      data: { text: id },
      priority,
      notBefore: at2159,
      state: "sending",
      lease: { owner: "dead-sender", until: at2159 + 60_000 },
      attempts: 0,
      attemptsLog: [],
      createdAt: at2159,
    });
    const col = env.store.collection<OutboxDoc>("outbox");
    await col.insertOne(claimed("late:normal", 6011, "normal"));
    await col.insertOne(claimed("late:urgent", 6012, "urgent"));
    const clock = new ManualClock(at2330);
    const d = dispatcher({ clock });
    d.start();
    await d.drain();
    expect(deliveries(env.emu)).toEqual(new Map([["late:urgent", 1]]));
    const held = await col.findOne({ _id: "late:normal" });
    expect(held).toMatchObject({ state: "pending", notBefore: at0700 });
    expect(held?.lease).toBeUndefined();

    clock.set(at0700);
    d.wake();
    await d.drain();
    expect(deliveries(env.emu).get("late:normal")).toBe(1);
  });

  it("renders in the recipient's language at send time; cancel stops pending ones", async () => {
    env = await setup();
    knowChats(env.emu, [6101, 6102]);
    const clock = shiftedClock();
    const ids = env.store.collection<IdentityDoc>("identities");
    await ids.insertOne({
      _id: "telegram:6101",
      platform: "telegram",
      userId: 6101,
      chatId: 6101,
      personId: null,
      lang: "fa",
      createdAt: NOON,
      updatedAt: NOON,
    });
    const outbox = new Outbox(env.store, clock);
    await outbox.enqueue({
      _id: "l:1",
      recipient: { platform: "telegram", chatId: 6101 },
      kind: "lang",
      priority: "urgent",
    });
    await outbox.enqueue([
      plain("c:1", 6102, "meeting reminder 1", { data: { text: "r1", meetingId: "m1" } }),
      plain("c:2", 6102, "meeting reminder 2", { data: { text: "r2", meetingId: "m2" } }),
    ]);
    // The person switches to English after the notification was queued.
    await ids.updateOne({ _id: "telegram:6101" }, { $set: { lang: "en" } });
    expect(await outbox.cancel({ "data.meetingId": "m1" })).toBe(1);

    const d = dispatcher({ clock });
    d.start();
    await d.drain();
    expect(
      env.emu
        .bot(TOKEN)
        .messagesIn(6101)
        .map((m) => m.text),
    ).toEqual(["en|English"]);
    expect(
      env.emu
        .bot(TOKEN)
        .messagesIn(6102)
        .map((m) => m.text),
    ).toEqual(["r2"]);
    expect((await outbox.get("c:1"))?.state).toBe("cancelled");
  });

  it("two dispatchers on one store never send a message twice", async () => {
    env = await setup();
    const chats = Array.from({ length: 40 }, (_, i) => 7500 + i);
    knowChats(env.emu, chats);
    const clock = shiftedClock();
    const all = [];
    for (let r = 0; r < 3; r++)
      for (const c of chats) all.push(plain(`t:${c}:${r}`, c, `t ${c} ${r}`));
    await new Outbox(env.store, clock).enqueue(all);
    const a = dispatcher({
      clock,
      ownerId: "a",
      limits: { globalPerSecond: 1000, perPrivateChatPerSecond: 100 },
    });
    const b = dispatcher({
      clock,
      ownerId: "b",
      limits: { globalPerSecond: 1000, perPrivateChatPerSecond: 100 },
    });
    a.start();
    b.start();
    await Promise.all([a.drain(), b.drain()]);
    const counts = deliveries(env.emu);
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats().sent + b.stats().sent).toBe(120);
    expect(a.stats().sent).toBeGreaterThan(0);
    expect(b.stats().sent).toBeGreaterThan(0);
  });
});
