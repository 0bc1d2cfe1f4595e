import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { ManualClock } from "../src/clock.ts";
import { silentLogger } from "../src/log.ts";
import { ensureOutboxIndexes } from "../src/notify/outbox.ts";
import { ReportService } from "../src/reports/service.ts";
import { insertReports, seedDistrict } from "./fixture.ts";
import { type BenchLine, fmt, tempDir } from "./lib.ts";

export interface SweepOptions {
  due: number;
  small: number;
  large: number;
  log: (line: string) => void;
}

/** One escalation sweep over `due` due reports stored among `notDue` that are not due. */
async function sweepOnce(due: number, notDue: number): Promise<{ ms: number; moved: number }> {
  const dir = await tempDir("shurayar-bench-sweep-");
  const now = Date.now();
  const { store, repos, district } = await seedDistrict(dir, 0, now);
  try {
    await ensureOutboxIndexes(store);
    await insertReports(store, repos, district, { due, notDue, reporters: 1000 }, now);
    const reports = new ReportService(store, repos, new ManualClock(now), silentLogger);
    await reports.ensureIndexes();
    const t0 = performance.now();
    const moved = await reports.escalateDue();
    const ms = performance.now() - t0;
    if (moved !== due) throw new Error(`bench: the sweep moved ${moved} of ${due} due reports`);
    // A second sweep finds nothing: each breach escalates once.
    if ((await reports.escalateDue()) !== 0) throw new Error("bench: a second sweep moved reports");
    return { ms, moved };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runSweep(o: SweepOptions): Promise<BenchLine> {
  // Warm-up (JIT, SQLite statement caches), not counted: otherwise the first sweep measured
  // pays for compiling the code paths and the comparison favours the second.
  await sweepOnce(Math.ceil(o.due / 5), Math.ceil(o.small / 10));
  const small = await sweepOnce(o.due, o.small);
  o.log(`  sweep: ${o.due} due among ${o.small} not due: ${fmt(small.ms, 0)} ms`);
  const large = await sweepOnce(o.due, o.large);
  o.log(`  sweep: ${o.due} due among ${o.large} not due: ${fmt(large.ms, 0)} ms`);
  const ratio = large.ms / small.ms;
  return {
    name: `Sweep scaling: ${o.due} due among ${o.small / 1000}k vs ${o.large / 1000}k not due`,
    measured: `${fmt(small.ms, 0)} ms vs ${fmt(large.ms, 0)} ms`,
    ratio,
    goal: "≤ 1.5",
    pass: ratio <= 1.5,
    figures: { due: o.due, small: o.small, large: o.large, smallMs: small.ms, largeMs: large.ms },
  };
}
