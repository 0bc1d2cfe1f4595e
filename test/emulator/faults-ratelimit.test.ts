import { autoRetry } from "@grammyjs/auto-retry";
import { GrammyError, HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.ts";
import { emulatorWithBots, grammyBot, TG_TOKEN } from "./helpers.ts";

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

async function setup(clock?: () => number) {
  emu = await emulatorWithBots(clock ? { clock } : {});
  const bot = grammyBot(emu, TG_TOKEN);
  const state = emu.bot(TG_TOKEN);
  const user = state.user({ id: 1001, firstName: "Arash" });
  await user.send("hi");
  return { bot, state, user };
}

describe("fault injection", () => {
  it("429 carries retry_after, has no effect, and auto-retry then succeeds", async () => {
    const { bot, state, user } = await setup();
    emu.faults.add({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    const plain = await bot.api.sendMessage(user.id, "first").catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(GrammyError);
    expect((plain as GrammyError).error_code).toBe(429);
    expect((plain as GrammyError).parameters.retry_after).toBe(1);
    expect((plain as GrammyError).description).toBe("Too Many Requests: retry after 1");
    expect(state.sent).toHaveLength(0);

    emu.faults.add({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    bot.api.config.use(autoRetry());
    const started = Date.now();
    await bot.api.sendMessage(user.id, "second");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(user.messages().map((m) => m.text)).toEqual(["second"]);
    expect(state.errors.filter((e) => e.errorCode === 429 && e.injected)).toHaveLength(2);
    expect(state.calls.sendMessage).toBe(3);
  });

  it("5xx and drop have no side effect; drop-after does", async () => {
    const { bot, state, user } = await setup();
    emu.faults.add({ token: TG_TOKEN, method: "*", kind: "5xx", status: 502, times: 1 });
    const e5 = await bot.api.sendMessage(user.id, "a").catch((e: unknown) => e);
    expect((e5 as GrammyError).error_code).toBe(502);
    emu.faults.add({ kind: "drop", chatId: user.id, times: 1 });
    const dropped = await bot.api.sendMessage(user.id, "b").catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(HttpError);
    expect(state.sent).toHaveLength(0);
    emu.faults.add({ method: "sendMessage", kind: "drop-after", times: 1 });
    const lost = await bot.api.sendMessage(user.id, "c").catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(HttpError);
    expect(user.messages().map((m) => m.text)).toEqual(["c"]);
    // All used up: the next call goes through.
    expect(emu.faults.active).toHaveLength(0);
    await bot.api.sendMessage(user.id, "d");
    expect(user.messages().map((m) => m.text)).toEqual(["c", "d"]);
  });

  it("faults can target one chat, add latency, and be cleared", async () => {
    const { bot, state, user } = await setup();
    const other = state.user({ id: 1002, firstName: "Babak" });
    await other.send("hi");
    emu.faults.add({ kind: "5xx", chatId: other.id });
    emu.faults.add({ kind: "latency", ms: 150, times: 1 });
    const t0 = Date.now();
    await bot.api.sendMessage(user.id, "slow but fine");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await expect(bot.api.sendMessage(other.id, "x")).rejects.toBeInstanceOf(GrammyError);
    emu.faults.clear();
    await bot.api.sendMessage(other.id, "x");
    expect(state.sent.map((m) => m.chatId)).toEqual([user.id, other.id]);
  });
});

describe("rate limits (emulator clock)", () => {
  it("are off by default", async () => {
    const { bot, user } = await setup();
    for (let i = 0; i < 5; i++) await bot.api.sendMessage(user.id, `m${i}`);
    expect(user.messages()).toHaveLength(5);
  });

  it("a burst to one private chat gets 429s; a paced sender gets none", async () => {
    let now = 1_700_000_000_000;
    const { bot, state, user } = await setup(() => now);
    emu.setRateLimits({});
    await bot.api.sendMessage(user.id, "1");
    const burst = await bot.api.sendMessage(user.id, "2").catch((e: unknown) => e);
    expect((burst as GrammyError).error_code).toBe(429);
    expect((burst as GrammyError).parameters.retry_after).toBe(1);
    expect(state.rateLimitViolations).toBe(1);
    expect(user.messages()).toHaveLength(1);
    // Exactly one per second, even arriving 40 ms early, passes.
    for (let i = 0; i < 10; i++) {
      now += i % 2 === 0 ? 1000 : 960;
      await bot.api.sendMessage(user.id, `paced ${i}`);
    }
    expect(state.rateLimitViolations).toBe(1);
    expect(user.messages()).toHaveLength(11);
  });

  it("enforces the global per-second limit across chats", async () => {
    let now = 1_700_000_000_000;
    const { bot, state } = await setup(() => now);
    const users = [];
    for (let i = 0; i < 31; i++) {
      const u = state.user({ id: 2000 + i, firstName: `U${i}` });
      await u.send("hi");
      users.push(u);
    }
    emu.setRateLimits({ globalPerSecond: 30 });
    // Paced: 90 sends, one every 1000/30 ms, rotating over 30 chats (each chat every second).
    for (let i = 0; i < 90; i++) {
      await bot.api.sendMessage(users[i % 30]!.id, "paced");
      now += 1000 / 30;
    }
    expect(state.rateLimitViolations).toBe(0);
    now += 1000;
    for (let i = 0; i < 30; i++) await bot.api.sendMessage(users[i]!.id, "burst");
    await expect(bot.api.sendMessage(users[30]!.id, "one too many")).rejects.toMatchObject({
      error_code: 429,
    });
    expect(state.rateLimitViolations).toBe(1);
  });

  it("enforces 20 per minute in a group", async () => {
    let now = 1_700_000_000_000;
    const { bot, state, user } = await setup(() => now);
    const group = state.group({ id: -5001, title: "Narmak council" });
    await user.sendInGroup(group, "hi all");
    emu.setRateLimits({});
    for (let i = 0; i < 20; i++) {
      await bot.api.sendMessage(group.id, `g${i}`);
      now += 1000;
    }
    const err = (await bot.api
      .sendMessage(group.id, "g20")
      .catch((e: unknown) => e)) as GrammyError;
    expect(err.error_code).toBe(429);
    // The first send leaves the 60 s window 40 s from now (minus the tolerance).
    expect(err.parameters.retry_after).toBe(40);
    now += 40_000;
    await bot.api.sendMessage(group.id, "g20");
    expect(group.messages()).toHaveLength(21);
    emu.setRateLimits(null);
    await bot.api.sendMessage(group.id, "unlimited");
  });
});
