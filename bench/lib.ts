import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

/** One line of the results table. */
export interface BenchLine {
  name: string;
  /** Measured values, already formatted for the table (also kept as numbers in `figures`). */
  measured: string;
  ratio: number;
  /** e.g. "≤ 2.0" */
  goal: string;
  /** null: shown beside the goals, not one of them. */
  pass: boolean | null;
  figures: Record<string, number | string>;
  note?: string;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (v: number[]) => quantile(v, 0.5);
export const p95 = (v: number[]) => quantile(v, 0.95);

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function machine(): { cpu: string; cores: number; node: string; platform: string } {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc; null if gone. */
export function cpuMsOf(pid: number): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
/**
 * CPU time of a process in milliseconds, to the nanosecond: the scheduler's own run time
 * of each of its threads (/proc/<pid>/task/<tid>/schedstat), where `cpuMsOf` counts whole
 * 10 ms clock ticks. Null where the kernel keeps no schedstat.
 */
export function cpuMsPreciseOf(pid: number): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // A thread that ended between the listing and the read.
      }
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux build Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident set of a process in MB: current (VmRSS) and peak (VmHWM), from /proc. */
export function rssOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1]);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** Samples a child's RSS every `everyMs` until stopped; keeps the highest value seen. */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = 0;
  let hwm = 0;
  const take = () => {
    const r = rssOf(pid);
    if (!r) return;
    peak = Math.max(peak, r.rssMb);
    hwm = Math.max(hwm, r.peakMb);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    /** Highest of the samples and the kernel's high-water mark. */
    stop(): { sampledPeakMb: number; hwmMb: number } {
      take();
      clearInterval(timer);
      return { sampledPeakMb: peak, hwmMb: hwm };
    },
  };
}

export function renderTable(lines: BenchLine[]): string {
  const rows = [
    ["benchmark", "measured", "ratio", "goal", "result"],
    ...lines.map((l) => [
      l.name,
      l.measured,
      fmt(l.ratio, 2),
      l.goal,
      l.pass === null ? "—" : l.pass ? "pass" : "FAIL",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const sep = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join("\n");
}

/**
 * Waits until the bot's minute tick (node-cron at second 0: sweeps, reminders, the digest)
 * is neither due within the next `aheadMs` nor still running: work timed per answer must
 * not take in a sweep over 100,000 reports that happens to fall inside it.
 */
export async function clearOfMinuteTick(aheadMs = 3000, afterMs = 2000): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 60_000 - aheadMs) await sleep(60_000 - into + afterMs);
  else if (into < afterMs) await sleep(afterMs - into);
}
