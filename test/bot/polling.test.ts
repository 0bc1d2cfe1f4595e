import { rm } from "node:fs/promises";
import type { RunnerHandle } from "@grammyjs/runner";
import { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { dedupeUpdates, type InboxDoc, inboxCollection } from "../../src/bot/dedupe.ts";
import { startPolling } from "../../src/bot/polling.ts";
import { EmulatorClient } from "../../src/emulator/client.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { silentLogger } from "../../src/log.ts";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store } from "../../src/store/port.ts";
import { freshUserId, TOKENS, tempDir } from "../helpers/harness.ts";

const token = TOKENS.telegram;
const botKey = "telegram:polling-test";
const WAIT = { timeout: 10_000 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * A bot whose every update waits at a gate until the test opens it, counting how many are
 * being handled at once and how often each update ran.
 */
function gatedBot(apiRoot: string, store: Store) {
  const bot = new Bot<BotContext>(token, { client: { apiRoot } });
  const ran = new Map<number, number>();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const seen = { now: 0, most: 0 };
  bot.use((ctx, next) => {
    ctx.app = { log: silentLogger } as BotContext["app"];
    return next();
  });
  bot.use(dedupeUpdates(store, botKey));
  bot.use(async (ctx) => {
    seen.now++;
    seen.most = Math.max(seen.most, seen.now);
    await gate;
    ran.set(ctx.update.update_id, (ran.get(ctx.update.update_id) ?? 0) + 1);
    seen.now--;
  });
  return { bot, ran, open, seen };
}

async function setUp(queued: number) {
  const emu = await startEmulator();
  cleanups.push(() => emu.close());
  const state = emu.addBot({ token, dialect: "telegram" });
  const client = new EmulatorClient(emu, token);
  const ids: number[] = [];
  // Queued before the bot polls: a backlog, as after a busy minute or a restart.
  for (let i = 0; i < queued; i++)
    ids.push(await client.user({ id: freshUserId(), firstName: "P" }).send(`hello ${i}`));
  const dir = await tempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const store = await openEmbeddedStore(dir);
  cleanups.push(() => store.close());
  return { emu, state, ids, store };
}

function polling(b: ReturnType<typeof gatedBot>, store: Store): RunnerHandle {
  const runner = startPolling(b.bot, store, botKey, silentLogger);
  cleanups.push(async () => {
    // Updates still at the gate would hold the runner's stop.
    b.open();
    if (runner.isRunning()) await runner.stop();
  });
  return runner;
}

/** Waits for the bot to be handling `n` updates, and checks that no more come. */
async function handling(b: ReturnType<typeof gatedBot>, n: number): Promise<void> {
  await expect.poll(() => b.seen.now, WAIT).toBeGreaterThanOrEqual(n);
  await new Promise((r) => setTimeout(r, 100));
  expect(b.seen.now).toBe(n);
}

describe("long polling", () => {
  it("fetches a backlog a hundred at a time and hands the bot at most 32 at once", async () => {
    const { emu, state, ids, store } = await setUp(150);
    const b = gatedBot(emu.url, store);
    polling(b, store);
    await handling(b, 32);
    // A hundred were fetched in one call and kept; 32 are being handled, the rest wait.
    expect(state.calls.getUpdates).toBe(1);
    const inbox = inboxCollection(store);
    expect(await inbox.countDocuments({ state: "received" })).toBe(100);
    b.open();
    await expect.poll(() => inbox.countDocuments({ state: "done" }), WAIT).toBe(150);
    expect(b.seen.most).toBe(32);
    // The rest of the backlog came in one more call (a third may be waiting for new ones).
    expect(state.calls.getUpdates).toBeLessThanOrEqual(3);
    expect([...b.ran.keys()].sort((x, y) => x - y)).toEqual(ids);
    expect([...b.ran.values()].every((n) => n === 1)).toBe(true);
  });

  it("loses none of the updates fetched and not yet handed on when it stops, and runs none twice", async () => {
    const { emu, ids, store } = await setUp(100);
    const first = gatedBot(emu.url, store);
    const runner = polling(first, store);
    await handling(first, 32);
    // Stopped with 32 being handled and 68 fetched but not handed on; the 32 then finish.
    const stopped = runner.stop();
    first.open();
    await stopped;
    const inbox = inboxCollection(store);
    await expect.poll(() => inbox.countDocuments({ state: "done" }), WAIT).toBe(32);

    const second = gatedBot(emu.url, store);
    second.open();
    polling(second, store);
    await expect.poll(() => inbox.countDocuments({ state: "done" }), WAIT).toBe(100);
    const handled = [...first.ran.keys(), ...second.ran.keys()].sort((x, y) => x - y);
    expect(handled).toEqual(ids);
    expect([...first.ran.values(), ...second.ran.values()].every((n) => n === 1)).toBe(true);
    const docs = await inbox.find({});
    expect(docs.every((d: InboxDoc) => d.update === undefined)).toBe(true);
  });
});
