import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type Emulator, startEmulator } from "../src/emulator/server.ts";
import type { BotState } from "../src/emulator/state.ts";
import { silentLogger } from "../src/log.ts";
import { createServices } from "../src/services.ts";
import { runDepth } from "./depth.ts";
import {
  type Action,
  button,
  ChatDriver,
  type Expect,
  hasButton,
  LatencyProbe,
  replyKeyboard,
  shown,
  text,
} from "./driver.ts";
import { benchDescription, benchPhone, insertReports, seedDistrict } from "./fixture.ts";
import {
  type BenchLine,
  clearOfMinuteTick,
  cpuMsOf,
  cpuMsPreciseOf,
  fmt,
  median,
  p95,
  rssOf,
  sampleRss,
  sleep,
  tempDir,
} from "./lib.ts";

const ROOT = join(import.meta.dirname, "..");
export const SHURAYAR_TOKEN = "3000003:BENCH-shurayar-token";
const BARE_TOKEN = "4000004:BENCH-bare-echo-token";

export interface UpdateCostOptions {
  chats: number;
  updatesPerChat: number;
  /** Walks per bot, taking turns; the ratios are the medians of the rounds'. */
  rounds: number;
  /** Rounds with the chats out of step (each at its own question), shown beside. */
  mixedRounds: number;
  people: number;
  reports: number;
  /** Chats that walk the whole proposal form for the depth line. */
  depthChats: number;
  log: (line: string) => void;
}

/**
 * Starts a bot as a child process against the emulator: a `.js` entry as is (shurayar,
 * compiled as `npm start` runs it), a `.ts` one through tsx (the bare bot).
 */
function spawnChild(
  entry: string,
  env: Record<string, string>,
): ChildProcess & { output(): string } {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the bots during the run.
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...extra, ...loader, entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return Object.assign(child, { output: () => out });
}

const cpuMsOfUsage = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The report form, walked with the buttons (fa), cycling: 8 updates per report. A question
 * answered by a press turns into the next one when that one is asked with buttons too.
 */
const REPORT_CYCLE: {
  /** What the step answers, for the per-step latency line. */
  name: string;
  action: (i: number, n: number) => Action;
  expect: Expect;
  kind: "text" | "press";
}[] = [
  { name: "menu", kind: "text", action: () => ({ text: "📝 گزارش مشکل" }), expect: button("s:") },
  {
    name: "subject",
    kind: "press",
    action: () => ({ press: "s:urban_services" }),
    expect: shown("h:keep"),
  },
  {
    name: "neighbourhood",
    kind: "press",
    action: () => ({ press: "h:keep" }),
    expect: text(/مشکل را در یک پیام متنی/),
  },
  {
    name: "description",
    kind: "text",
    action: (i, n) => ({ text: benchDescription(i, n) }),
    expect: text(/محل دقیق را مشخص کنید/),
  },
  { name: "location", kind: "text", action: () => ({ text: "⏭ رد شدن" }), expect: text(/عکس/) },
  {
    name: "photos",
    kind: "text",
    action: () => ({ text: "⏭ رد شدن" }),
    expect: button("u:normal"),
  },
  {
    name: "urgency",
    kind: "press",
    action: () => ({ press: "u:normal" }),
    expect: shown("c:confirm"),
  },
  {
    name: "confirm",
    kind: "press",
    action: () => ({ press: "c:confirm" }),
    expect: text(/گزارش شما ثبت شد/),
  },
];

/** Long enough for the bot to finish what an answered step set going (notifications…). */
const STEP_QUIET_MS = 150;
/**
 * After a step whose CPU is timed: that, and the store's copy of its write-ahead log in the
 * rest after the burst (50–150 ms after the last write), which a shorter wait left out of
 * some steps and not others.
 */
const STEP_AFTER_MS = 400;

async function signIn(d: ChatDriver, phone: string): Promise<void> {
  await d.step({ text: "/start" }, button("lang:"));
  await d.step({ press: "lang:fa" }, replyKeyboard);
  await d.step({ contact: phone }, replyKeyboard);
}

interface Walk {
  latencies: number[];
  wallMs: number;
}

/** Runs `chats` sequential walkers in parallel; returns latencies and wall time. */
async function drive(
  drivers: ChatDriver[],
  steps: number,
  stepAt: (d: ChatDriver, chat: number, k: number) => Promise<number>,
): Promise<Walk> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    drivers.map(async (d, chat) => {
      for (let k = 0; k < steps; k++) latencies.push(await stepAt(d, chat, k));
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

async function waitPolling(bot: BotState, child: ChildProcess & { output(): string }) {
  const t0 = performance.now();
  while (!bot.calls.getUpdates) {
    if (child.exitCode !== null) throw new Error(`bench: bot exited early:\n${child.output()}`);
    if (performance.now() - t0 > 30_000)
      throw new Error(`bench: bot never polled:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Bot API calls made between two snapshots of the emulator's counters, by method. */
function callsDuring(before: Record<string, number>, after: Record<string, number>): string {
  return Object.entries(after)
    .map(([m, n]) => [m, n - (before[m] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([m, n]) => `${m} ${n}`)
    .join(", ");
}

export interface UpdateCostResult {
  lines: BenchLine[];
}

export async function runUpdateCost(o: UpdateCostOptions): Promise<UpdateCostResult> {
  const dataDir = await tempDir("shurayar-bench-update-");
  const now = Date.now();
  let t = performance.now();
  const { store, repos, district } = await seedDistrict(dataDir, o.people, now);
  await insertReports(
    store,
    repos,
    district,
    { due: 0, notDue: o.reports, reporters: o.people },
    now,
  );
  // A deployed store already has every index the app creates, and has checked its open
  // reports against the roster it holds; both are one-time work, not part of a restart.
  const services = await createServices({
    store,
    repos,
    clock: { now: () => now },
    log: silentLogger,
  });
  await services.reports.reassignAfterRosterChange();
  await store.close();
  o.log(
    `  store: ${o.people} generated people + sample roster, ${o.reports} reports (${fmt((performance.now() - t) / 1000)} s to build)`,
  );

  // shurayar runs as `npm start` runs it: compiled first.
  execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  const emu: Emulator = await startEmulator();
  const shurayar = emu.addBot({ token: SHURAYAR_TOKEN, dialect: "telegram" });
  const bare = emu.addBot({ token: BARE_TOKEN, dialect: "telegram" });
  const children: ChildProcess[] = [];
  try {
    // --- shurayar: start time with the big store, then sign-in, then the measured walk.
    const probe = new LatencyProbe(shurayar);
    const drivers = Array.from(
      { length: o.chats },
      (_, i) => new ChatDriver(shurayar, probe, 8_000_000 + i),
    );
    const first = drivers[0]!.step({ text: "/start" }, button("lang:"));
    const spawnedAt = performance.now();
    const child = spawnChild("dist/src/main.js", {
      BOT_TOKEN: SHURAYAR_TOKEN,
      BOT_API_ROOT: emu.url,
      DATA_DIR: dataDir,
    });
    children.push(child);
    const rss = sampleRss(child.pid!);
    await first;
    const startMs = performance.now() - spawnedAt;
    const rssNow = () => `${fmt(rssOf(child.pid!)?.rssMb ?? Number.NaN, 0)} MB`;
    o.log(
      `  shurayar answered its first update ${fmt(startMs, 0)} ms after the process started (RSS ${rssNow()})`,
    );

    t = performance.now();
    await Promise.all(
      drivers.map(async (d, i) => {
        if (i === 0) {
          await d.step({ press: "lang:fa" }, replyKeyboard);
          await d.step({ contact: benchPhone(i) }, replyKeyboard);
        } else await signIn(d, benchPhone(i));
      }),
    );
    o.log(
      `  ${o.chats} people signed in (${fmt((performance.now() - t) / 1000)} s, RSS ${rssNow()})`,
    );

    // Conversation depth, before the report walks: the owners' notifications those set
    // going leave at 30 a second for minutes after, and their sends (and the dispatcher's
    // reads of what is due) landed in some questions' timing and not others'.
    // The windows below are a few hundred milliseconds of the bot's CPU: timed to the
    // nanosecond, not in the 10 ms ticks the rounds' totals are counted in.
    const botCpuMs = () => cpuMsPreciseOf(child.pid!) ?? cpuMsOf(child.pid!) ?? Number.NaN;
    const depth = await runDepth(drivers.slice(0, o.depthChats), botCpuMs, o.log);
    await Promise.all(drivers.map((d) => d.step({ text: "/cancel" }, replyKeyboard)));

    // --- the bare echo bot, started now so both take turns below.
    const bareChild = spawnChild("bench/bare-bot.ts", {
      BOT_TOKEN: BARE_TOKEN,
      BOT_API_ROOT: emu.url,
    });
    children.push(bareChild);
    await waitPolling(bare, bareChild);
    const bareProbe = new LatencyProbe(bare);
    const bareDrivers = Array.from(
      { length: o.chats },
      (_, i) => new ChatDriver(bare, bareProbe, 8_000_000 + i),
    );
    const echoed: Expect = text(/^(echo|pressed): /);

    // --- the measured walks: the two bots take turns, round after round, so a burst of
    // load from elsewhere on a shared machine spoils one pair, not the whole comparison;
    // the ratios are the medians of the rounds' ratios.
    const cycle = REPORT_CYCLE.length;
    /** Each chat's next step, counted from its first form (the cycle repeats). */
    const pos = drivers.map(() => 0);
    const walk = async (d: ChatDriver, chat: number) => {
      const g = pos[chat]!++;
      const s = REPORT_CYCLE[g % cycle]!;
      const ms = await d.step(s.action(chat, Math.floor(g / cycle)), s.expect);
      return { ms, step: g % cycle, s };
    };
    /** Walks every chat (unmeasured) until `done` says it is where it should be. */
    const walkUntil = (done: (chat: number) => boolean) =>
      Promise.all(
        drivers.map(async (d, chat) => {
          while (!done(chat)) await walk(d, chat);
        }),
      );
    let callsAfterWarmUp = { shu: {}, bare: {} } as Record<"shu" | "bare", Record<string, number>>;
    const cpu = { shurayar: 0, bare: 0, benchShu: 0, benchBare: 0 };
    /** Shurayar's latencies by step of the form, over the measured rounds. */
    const byStep = REPORT_CYCLE.map(() => [] as number[]);
    const mixedByStep = REPORT_CYCLE.map(() => [] as number[]);
    /** Summaries shown in the measured rounds, and those offering a similar open report. */
    const summaries = { shown: 0, withHints: 0 };
    /** One round of each bot; `steps` collects shurayar's latencies by step when measured. */
    const round = async (steps: number[][] | null) => {
      const at = [...pos];
      let c0 = cpuMsOf(child.pid!) ?? 0;
      let b0 = process.cpuUsage();
      const shu = await drive(drivers, o.updatesPerChat, async (d, chat) => {
        const { ms, step, s } = await walk(d, chat);
        if (steps) steps[step]!.push(ms);
        if (steps === byStep && s.name === "urgency") {
          summaries.shown++;
          if (d.last && hasButton(d.last, "d:")) summaries.withHints++;
        }
        return ms;
      });
      const used = {
        shurayar: (cpuMsOf(child.pid!) ?? Number.NaN) - c0,
        shuBench: cpuMsOfUsage(process.cpuUsage(b0)),
        bare: 0,
        bareBench: 0,
      };
      c0 = cpuMsOf(bareChild.pid!) ?? 0;
      b0 = process.cpuUsage();
      const b = await drive(bareDrivers, o.updatesPerChat, (d, chat, k) => {
        // The echo bot gets a text or a press where shurayar did.
        const s = REPORT_CYCLE[(at[chat]! + k) % cycle]!;
        // A press needs a message with the button: the first action of a chat is a text.
        const a: Action =
          s.kind === "press" && d.last ? { press: "again" } : { text: `hello ${chat} ${k}` };
        return d.step(a, echoed);
      });
      used.bare = (cpuMsOf(bareChild.pid!) ?? Number.NaN) - c0;
      used.bareBench = cpuMsOfUsage(process.cpuUsage(b0));
      return { shu, bare: b, cpu: used };
    };
    const logRound = (label: string, w: Awaited<ReturnType<typeof round>>) => {
      const n = o.chats * o.updatesPerChat;
      o.log(
        `  ${label}: shurayar ${fmt(w.shu.wallMs / 1000, 2)} s, bare ${fmt(w.bare.wallMs / 1000, 2)} s for ${n} updates each (CPU per update ${fmt(w.cpu.shurayar / n, 2)} and ${fmt(w.cpu.bare / n, 2)} ms)`,
      );
    };
    const perRound: { shu: Walk; bare: Walk }[] = [];
    // Round 0 warms both up (JIT, connection pools, caches) and is not counted: a deployed
    // bot runs warm, and a cold baseline would flatter the comparison. The chats start
    // together, so they walk the form in step: a heavy step (the summary's similar-report
    // look-up, filing) arrives from all of them at once, which is where the p95 comes from.
    for (let r = 0; r <= o.rounds; r++) {
      const w = await round(r === 0 ? null : byStep);
      if (r === 0) callsAfterWarmUp = { shu: { ...shurayar.calls }, bare: { ...bare.calls } };
      else {
        perRound.push(w);
        cpu.shurayar += w.cpu.shurayar;
        cpu.bare += w.cpu.bare;
        cpu.benchShu += w.cpu.shuBench;
        cpu.benchBare += w.cpu.bareBench;
      }
      logRound(r === 0 ? "warm-up" : `round ${r}`, w);
    }
    const mem = rss.stop();
    o.log(
      `  RSS after the walks ${rssNow()}, peak ${fmt(Math.max(mem.sampledPeakMb, mem.hwmMb), 0)} MB`,
    );
    const total = o.rounds * o.chats * o.updatesPerChat;
    const perUpdate = (ms: number) => fmt(ms / total, 2);
    o.log(
      `  CPU per update: shurayar ${perUpdate(cpu.shurayar)} ms, bare echo bot ${perUpdate(cpu.bare)} ms; this process (emulator and drivers) meanwhile ${perUpdate(cpu.benchShu)} ms and ${perUpdate(cpu.benchBare)} ms`,
    );
    o.log(`  shurayar's Bot API calls: ${callsDuring(callsAfterWarmUp.shu, shurayar.calls)}`);
    const latencyByStep = (steps: number[][]) =>
      REPORT_CYCLE.map(
        (s, i) => `${s.name} ${fmt(median(steps[i]!), 0)}/${fmt(p95(steps[i]!), 0)}`,
      ).join(", ");
    o.log(`  shurayar's latency by step, median/p95 (ms): ${latencyByStep(byStep)}`);
    o.log(
      `  summaries offering a similar open report: ${summaries.withHints} of ${summaries.shown}`,
    );
    o.log(`  bare echo bot's Bot API calls: ${callsDuring(callsAfterWarmUp.bare, bare.calls)}`);

    // Shown beside: the chats out of step, each at its own question (chat i at question
    // i mod 8, as people are in a day of use), so every moment mixes all the steps.
    await walkUntil((chat) => pos[chat]! % cycle === chat % cycle);
    const mixed: { shu: Walk; bare: Walk }[] = [];
    for (let r = 1; r <= o.mixedRounds; r++) {
      const w = await round(mixedByStep);
      mixed.push(w);
      logRound(`out of step ${r}`, w);
    }
    o.log(
      `  shurayar's latency by step with the chats out of step, median/p95 (ms): ${latencyByStep(mixedByStep)}`,
    );

    // What each step costs the bot, apart from the queueing: the chats send one step all
    // together, and the next only when every answer is in and the bot has gone quiet (its
    // notifications and other after-work included). Two cycles, after the memory window.
    await walkUntil((chat) => pos[chat]! % cycle === 0);
    const stepCpu = REPORT_CYCLE.map(() => 0);
    for (let k = 0; k < 2 * cycle; k++) {
      await sleep(STEP_QUIET_MS);
      await clearOfMinuteTick();
      const c0 = botCpuMs();
      const steps = await Promise.all(drivers.map((d, chat) => walk(d, chat)));
      await sleep(STEP_AFTER_MS);
      stepCpu[steps[0]!.step]! += (botCpuMs() - c0) / drivers.length / 2;
    }
    o.log(
      `  shurayar's CPU per update by step, all chats sending the same step (ms): ${REPORT_CYCLE.map((s, i) => `${s.name} ${fmt(stepCpu[i]!, 2)}`).join(", ")}`,
    );
    probe.close();
    bareProbe.close();
    await stopChild(child);
    await stopChild(bareChild);

    const n = o.chats * o.updatesPerChat;
    // Each line: the median over the rounds of that round's ratio, shown with that round.
    const pick = (f: (w: Walk) => number, shuOverBare: boolean, of = perRound) => {
      const rounds = of.map((p) => {
        const shu = f(p.shu);
        const bare = f(p.bare);
        return { shu, bare, ratio: shuOverBare ? shu / bare : bare / shu };
      });
      rounds.sort((a, b) => a.ratio - b.ratio);
      return rounds[Math.floor((rounds.length - 1) / 2)]!;
    };
    const tput = pick((w) => n / (w.wallMs / 1000), false);
    const med = pick((w) => median(w.latencies), true);
    const tail = pick((w) => p95(w.latencies), true);
    const mixedTput = pick((w) => n / (w.wallMs / 1000), false, mixed);
    const mixedTail = pick((w) => p95(w.latencies), true, mixed);
    const peakMb = Math.max(mem.sampledPeakMb, mem.hwmMb);
    const label = `${n} updates, ${o.chats} chats, median of ${o.rounds} rounds`;
    return {
      lines: [
        depth,
        {
          name: `Update cost: throughput (${label})`,
          measured: `bare ${fmt(tput.bare, 0)}/s, shurayar ${fmt(tput.shu, 0)}/s`,
          ratio: tput.ratio,
          goal: "≤ 2.0",
          pass: tput.ratio <= 2,
          figures: {
            updates: n,
            chats: o.chats,
            rounds: o.rounds,
            bareRps: tput.bare,
            shurayarRps: tput.shu,
            shurayarCpuMsPerUpdate: cpu.shurayar / total,
            bareCpuMsPerUpdate: cpu.bare / total,
            summaries: summaries.shown,
            summariesWithSimilarReports: summaries.withHints,
          },
        },
        {
          name: "Update cost: median latency",
          measured: `bare ${fmt(med.bare)} ms, shurayar ${fmt(med.shu)} ms`,
          ratio: med.ratio,
          goal: "≤ 2.0",
          pass: med.ratio <= 2,
          figures: { bareMs: med.bare, shurayarMs: med.shu },
        },
        {
          name: "Update cost: p95 latency",
          measured: `bare ${fmt(tail.bare)} ms, shurayar ${fmt(tail.shu)} ms`,
          ratio: tail.ratio,
          goal: "≤ 2.0",
          pass: tail.ratio <= 2,
          figures: { bareMs: tail.bare, shurayarMs: tail.shu },
        },
        {
          name: `Update cost, chats out of step (median of ${o.mixedRounds} rounds): p95 latency`,
          measured: `bare ${fmt(mixedTail.bare)} ms, shurayar ${fmt(mixedTail.shu)} ms; throughput ×${fmt(mixedTput.ratio, 2)}`,
          ratio: mixedTail.ratio,
          goal: "shown",
          pass: null,
          figures: {
            bareMs: mixedTail.bare,
            shurayarMs: mixedTail.shu,
            throughputRatio: mixedTput.ratio,
          },
        },
        {
          name: `Memory: peak RSS (${o.people} people, ${o.reports} reports)`,
          measured: `${fmt(peakMb, 0)} MB`,
          ratio: peakMb / 250,
          goal: "≤ 250 MB",
          pass: peakMb <= 250,
          figures: { peakRssMb: peakMb, sampledPeakMb: mem.sampledPeakMb, vmHwmMb: mem.hwmMb },
        },
        {
          name: "Start: process start → first update answered",
          measured: `${fmt(startMs, 0)} ms`,
          ratio: startMs / 2000,
          goal: "≤ 2 s",
          pass: startMs <= 2000,
          figures: { startMs },
        },
      ],
    };
  } finally {
    for (const c of children) await stopChild(c);
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
