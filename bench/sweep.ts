import { cp, rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { ManualClock } from "../src/clock.ts";
import { silentLogger } from "../src/log.ts";
import { ensureOutboxIndexes } from "../src/notify/outbox.ts";
import { ReportService } from "../src/reports/service.ts";
import { createRepos } from "../src/repos/index.ts";
import { openEmbeddedStore } from "../src/store/embedded.ts";
import { insertReports, seedDistrict } from "./fixture.ts";
import { type BenchLine, fmt, median, tempDir } from "./lib.ts";

export interface SweepOptions {
  due: number;
  small: number;
  large: number;
  /** Pairs of sweeps (one over each store, taking turns); the ratio is their median. */
  pairs: number;
  log: (line: string) => void;
}

/** A store with `due` due reports among `notDue` that are not due, built once and closed. */
async function buildStore(due: number, notDue: number, now: number): Promise<string> {
  const dir = await tempDir("shurayar-bench-sweep-");
  const { store, repos, district } = await seedDistrict(dir, 0, now);
  try {
    await ensureOutboxIndexes(store);
    await insertReports(store, repos, district, { due, notDue, reporters: 1000 }, now);
    await new ReportService(store, repos, new ManualClock(now), silentLogger).ensureIndexes();
  } finally {
    await store.close();
  }
  return dir;
}

/** One escalation sweep over a fresh copy of a built store (each sweep changes what it finds). */
async function sweepOnce(built: string, due: number, now: number): Promise<number> {
  const dir = await tempDir("shurayar-bench-sweep-run-");
  await cp(built, dir, { recursive: true });
  const store = await openEmbeddedStore(dir);
  try {
    const repos = await createRepos(store);
    const reports = new ReportService(store, repos, new ManualClock(now), silentLogger);
    const t0 = performance.now();
    const moved = await reports.escalateDue();
    const ms = performance.now() - t0;
    if (moved !== due) throw new Error(`bench: the sweep moved ${moved} of ${due} due reports`);
    // A second sweep finds nothing: each breach escalates once.
    if ((await reports.escalateDue()) !== 0) throw new Error("bench: a second sweep moved reports");
    return ms;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runSweep(o: SweepOptions): Promise<BenchLine> {
  const now = Date.now();
  const small = await buildStore(o.due, o.small, now);
  const large = await buildStore(o.due, o.large, now);
  try {
    // Warm-up (JIT, SQLite statement caches), not counted: otherwise the first sweep
    // measured pays for compiling the code paths and the comparison favours the second.
    await sweepOnce(small, o.due, now);
    const pairs: { small: number; large: number; ratio: number }[] = [];
    for (let i = 0; i < o.pairs; i++) {
      const s = await sweepOnce(small, o.due, now);
      const l = await sweepOnce(large, o.due, now);
      pairs.push({ small: s, large: l, ratio: l / s });
      o.log(
        `  sweep pair ${i + 1}: ${o.due} due among ${o.small} not due ${fmt(s, 0)} ms, among ${o.large} ${fmt(l, 0)} ms`,
      );
    }
    // The pair with the median ratio, shown with its own times.
    const mid = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor((pairs.length - 1) / 2)]!;
    return {
      name: `Sweep scaling: ${o.due} due among ${o.small / 1000}k vs ${o.large / 1000}k not due`,
      measured: `${fmt(mid.small, 0)} ms vs ${fmt(mid.large, 0)} ms (median of ${o.pairs} pairs)`,
      ratio: mid.ratio,
      goal: "≤ 1.5",
      pass: mid.ratio <= 1.5,
      figures: {
        due: o.due,
        small: o.small,
        large: o.large,
        smallMs: mid.small,
        largeMs: mid.large,
        medianSmallMs: median(pairs.map((p) => p.small)),
        medianLargeMs: median(pairs.map((p) => p.large)),
        pairRatios: pairs.map((p) => fmt(p.ratio, 2)).join(" "),
      },
    };
  } finally {
    await rm(small, { recursive: true, force: true });
    await rm(large, { recursive: true, force: true });
  }
}
