import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { Dispatcher } from "../../src/notify/dispatcher.ts";
import { Outbox } from "../../src/notify/outbox.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import { deliveries, type Env, knowChats, plain, setup, TOKEN, testRenderers } from "./helpers.ts";

const WORKER = fileURLToPath(new URL("./fixtures/dispatch-worker.ts", import.meta.url));

let env: Env;
afterEach(async () => {
  await env.close();
});

/** 60 messages, a dispatcher child with this lease SIGKILLed mid-batch; the store reopened. */
async function killedMidBatch(leaseMs: number) {
  env = await setup();
  const chats = Array.from({ length: 60 }, (_, i) => 3000 + i);
  knowChats(env.emu, chats);
  // Every send takes a while, so some are in flight (claimed, answer pending) at the kill.
  env.emu.faults.add({ method: "sendMessage", kind: "latency", ms: 120 });
  await new Outbox(env.store, systemClock).enqueue(
    chats.map((c) => plain(`k:${c}`, c, `k ${c}`, { priority: "urgent" })),
  );
  await env.store.close(); // the child needs the store's lock

  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, env.dir, env.emu.url, TOKEN, String(leaseMs)],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (b) => (stderr += String(b)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const bot = env.emu.bot(TOKEN);
  const deadline = Date.now() + 15_000;
  while (bot.sent.length < 15) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`worker stalled: ${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  await exited;
  expect(bot.sent.length).toBeLessThan(60);

  // The child is dead, so the store can be opened here.
  const store = await openEmbeddedStore(env.dir);
  env.store = store;
  const leased = new Set(
    (await store.collection<OutboxDoc>("outbox").find({ state: "sending" })).map((d) => d._id),
  );
  expect(leased.size).toBeGreaterThan(0);
  const unsentAtRestart = await store
    .collection<OutboxDoc>("outbox")
    .countDocuments({ state: { $ne: "sent" } });
  const dispatcher = (soleSender: boolean) =>
    new Dispatcher({
      store,
      apis: { telegram: env.api },
      renderers: testRenderers(),
      limits: { globalPerSecond: 100 },
      pollIntervalMs: 100,
      soleSender,
    });
  return { store, leased, unsentAtRestart, dispatcher };
}

/** Every message delivered, at most twice, and twice only if it was claimed at the kill. */
async function expectEachDelivered(store: EmbeddedStore, leased: Set<string>) {
  await env.emu.bot(TOKEN).idle({ quietMs: 200 }); // late answers to the dead child's requests
  const counts = deliveries(env.emu);
  expect(counts.size).toBe(60);
  for (const [text, n] of counts) {
    if (n > 1) expect(leased.has(`k:${text.slice(2)}`)).toBe(true);
    expect(n).toBeLessThanOrEqual(2);
  }
  expect(await new Outbox(store, systemClock).count({ state: "sent" })).toBe(60);
}

/** Runs a dispatcher until its outbox is empty, then stops it. */
async function drained(d: Dispatcher) {
  d.start();
  try {
    await d.drain({ timeoutMs: 15_000 });
  } finally {
    await d.stop();
  }
}

it("a dispatcher SIGKILLed mid-batch loses nothing; only leased messages may repeat", async () => {
  const { store, leased, unsentAtRestart, dispatcher } = await killedMidBatch(800);
  const d = dispatcher(false);
  // The child's leases (800 ms) must run out before anyone may take those messages over.
  await new Promise((r) => setTimeout(r, 900));
  await drained(d);
  await expectEachDelivered(store, leased);
  // Each taken-over message was sent by the fresh dispatcher.
  expect(d.stats().sent).toBe(unsentAtRestart);
});

it("the sole sender of an embedded store takes a dead process's claims over at once", async () => {
  const { store, leased, unsentAtRestart, dispatcher } = await killedMidBatch(60_000);
  // Another process might still hold those leases: an ordinary dispatcher leaves them.
  const shared = dispatcher(false);
  shared.start();
  await new Promise((r) => setTimeout(r, 1500));
  await shared.stop();
  expect(await new Outbox(store, systemClock).count({ state: "sending" })).toBe(leased.size);
  // The only process there can be: the claims are the dead child's, sent now.
  const sole = dispatcher(true);
  await drained(sole);
  await expectEachDelivered(store, leased);
  expect(shared.stats().sent + sole.stats().sent).toBe(unsentAtRestart);
});
