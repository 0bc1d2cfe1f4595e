import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Api } from "grammy";
import type { Clock } from "../src/clock.ts";
import { TEHRAN_TZ, zonedTimeToUtc } from "../src/domain/time.ts";
import { startEmulator } from "../src/emulator/server.ts";
import type { BotState } from "../src/emulator/state.ts";
import { Dispatcher } from "../src/notify/dispatcher.ts";
import { ensureOutboxIndexes, Outbox } from "../src/notify/outbox.ts";
import { createTranslate, Renderers } from "../src/notify/renderers.ts";
import { openEmbeddedStore } from "../src/store/embedded.ts";
import { type BenchLine, fmt, tempDir } from "./lib.ts";

const DISPATCHER_TOKEN = "5000005:BENCH-dispatcher-token";
const THROTTLER_TOKEN = "6000006:BENCH-throttler-token";

export interface FanoutOptions {
  messages: number;
  globalPerSecond: number;
  log: (line: string) => void;
}

interface Delivery {
  /** Sends the emulator accepted, stamped on arrival. */
  times: number[];
  perChat: Map<number, number>;
}

/** Records every accepted send of one bot, as the emulator sees it. */
function record(bot: BotState): Delivery & { stop(): void } {
  const d: Delivery = { times: [], perChat: new Map() };
  const on = (e: { kind: string; chatId: number }) => {
    if (e.kind !== "sent") return;
    d.times.push(performance.now());
    d.perChat.set(e.chatId, (d.perChat.get(e.chatId) ?? 0) + 1);
  };
  bot.on("change", on);
  return Object.assign(d, { stop: () => bot.off("change", on) });
}

function summarise(d: Delivery, chats: number[], bot: BotState, limit: number) {
  const span = (d.times.at(-1)! - d.times[0]!) / 1000;
  // n sends spread over the span between the first and the last: n − 1 intervals.
  const rate = d.times.length > 1 ? (d.times.length - 1) / span : 0;
  return {
    rate,
    ratio: rate / limit,
    spanS: span,
    received429: bot.errors.filter((e) => e.errorCode === 429).length,
    lost: chats.filter((c) => !d.perChat.get(c)).length,
    twice: chats.filter((c) => (d.perChat.get(c) ?? 0) > 1).length,
  };
}

/** 12:00 in Tehran today, running in real time: outside quiet hours whenever the bench runs. */
function noonClock(): Clock {
  const start = Date.now();
  const now = new Date();
  const noon = zonedTimeToUtc(
    { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate(), hour: 12 },
    TEHRAN_TZ,
  );
  return { now: () => noon + (Date.now() - start) };
}

export async function runFanout(o: FanoutOptions): Promise<BenchLine[]> {
  const emu = await startEmulator();
  const limits = {
    globalPerSecond: o.globalPerSecond,
    perPrivateChatPerSecond: 1,
    perGroupPerMinute: 20,
  };
  emu.setRateLimits(limits);
  const chats = Array.from({ length: o.messages }, (_, i) => 9_000_000 + i);
  const dir = await tempDir("shurayar-bench-fanout-");
  const store = await openEmbeddedStore(dir);
  try {
    // --- our dispatcher, from the outbox.
    const dBot = emu.addBot({ token: DISPATCHER_TOKEN, dialect: "telegram" });
    for (const id of chats) dBot.knowChat({ id, type: "private", first_name: `u${id}` });
    await ensureOutboxIndexes(store);
    const clock = noonClock();
    const renderers = new Renderers(createTranslate()).register("bench.reminder", (data) => ({
      text: `reminder ${String(data.n)}`,
    }));
    const outbox = new Outbox(store, clock);
    await outbox.enqueue(
      chats.map((chatId, n) => ({
        _id: `bench-reminder:${n}`,
        recipient: { platform: "telegram" as const, chatId },
        kind: "bench.reminder",
        data: { n },
      })),
    );
    const dispatcher = new Dispatcher({
      store,
      apis: { telegram: new Api(DISPATCHER_TOKEN, { apiRoot: emu.url }) },
      clock,
      renderers,
      limits: { globalPerSecond: o.globalPerSecond },
    });
    const dRec = record(dBot);
    dispatcher.start();
    await dispatcher.drain({ timeoutMs: (o.messages / o.globalPerSecond) * 1000 * 3 + 10_000 });
    await dispatcher.stop();
    dRec.stop();
    const ours = summarise(dRec, chats, dBot, o.globalPerSecond);
    o.log(`  dispatcher: ${dRec.times.length} sent in ${fmt(ours.spanS, 2)} s`);

    // --- grammY's throttler, the same messages straight through the Bot API.
    const tBot = emu.addBot({ token: THROTTLER_TOKEN, dialect: "telegram" });
    for (const id of chats) tBot.knowChat({ id, type: "private", first_name: `u${id}` });
    const api = new Api(THROTTLER_TOKEN, { apiRoot: emu.url });
    api.config.use(
      apiThrottler({
        global: {
          reservoir: o.globalPerSecond,
          reservoirRefreshAmount: o.globalPerSecond,
          reservoirRefreshInterval: 1000,
        },
      }),
    );
    const tRec = record(tBot);
    const results = await Promise.allSettled(
      chats.map((chatId, n) => api.sendMessage(chatId, `reminder ${n}`)),
    );
    tRec.stop();
    const failedCalls = results.filter((r) => r.status === "rejected").length;
    const theirs = summarise(tRec, chats, tBot, o.globalPerSecond);
    o.log(
      `  throttler: ${tRec.times.length} sent in ${fmt(theirs.spanS, 2)} s, ${failedCalls} calls failed`,
    );

    const line = (
      name: string,
      s: ReturnType<typeof summarise>,
      extra: Record<string, number>,
    ) => ({
      name,
      measured: `${fmt(s.rate, 0)}/s of ${o.globalPerSecond}/s; 429s ${s.received429}, lost ${s.lost}, twice ${s.twice}`,
      ratio: s.ratio,
      goal: "≥ 0.95; 0 / 0 / 0",
      pass: s.ratio >= 0.95 && s.received429 === 0 && s.lost === 0 && s.twice === 0,
      figures: {
        messages: o.messages,
        limitPerSecond: o.globalPerSecond,
        ratePerSecond: s.rate,
        spanSeconds: s.spanS,
        received429: s.received429,
        lost: s.lost,
        sentTwice: s.twice,
        ...extra,
      },
    });
    return [
      line(`Fan-out: ${o.messages} reminders, dispatcher`, ours, {}),
      {
        ...line(`Fan-out: ${o.messages} reminders, grammY throttler (baseline)`, theirs, {
          failedCalls,
        }),
        note: "baseline: apiThrottler with the same global limit, no retry (a 429 is a loss)",
      },
    ];
  } finally {
    await store.close();
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
