/**
 * `npm run bench`: speed against baselines, each line a ratio measured in one run (the
 * machines are shared and noisy). Prints a table and writes bench-results/latest.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runFanout } from "./fanout.ts";
import { type BenchLine, fmt, machine, renderTable } from "./lib.ts";
import { runSweep } from "./sweep.ts";
import { runUpdateCost } from "./update-cost.ts";

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const t0 = performance.now();
  const m = machine();
  log(`shurayar bench — ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}`);
  const lines: BenchLine[] = [];

  log("Update cost, conversation depth, memory and start (child processes, emulator):");
  lines.push(
    ...(
      await runUpdateCost({
        chats: 200,
        updatesPerChat: 10,
        rounds: 5,
        mixedRounds: 3,
        people: 10_000,
        reports: 100_000,
        depthChats: 200,
        log,
      })
    ).lines,
  );
  log("Fan-out (emulator enforcing the limits):");
  lines.push(...(await runFanout({ messages: 3000, globalPerSecond: 300, log })));
  log("Sweep scaling (embedded store):");
  lines.push(await runSweep({ due: 1000, small: 10_000, large: 100_000, pairs: 3, log }));

  const totalS = (performance.now() - t0) / 1000;
  log("");
  log(renderTable(lines));
  log(
    `\n${lines.filter((l) => l.pass).length}/${lines.filter((l) => l.pass !== null).length} goals met; ${fmt(totalS, 0)} s in all.`,
  );
  const dir = join(import.meta.dirname, "..", "bench-results");
  await mkdir(dir, { recursive: true });
  const out = {
    at: new Date().toISOString(),
    machine: m,
    durationSeconds: totalS,
    lines: lines.map((l) => ({
      name: l.name,
      measured: l.measured,
      ratio: l.ratio,
      goal: l.goal,
      pass: l.pass,
      figures: l.figures,
      ...(l.note ? { note: l.note } : {}),
    })),
    table: renderTable(lines),
  };
  await writeFile(join(dir, "latest.json"), `${JSON.stringify(out, null, 2)}\n`);
  log(`Figures written to bench-results/latest.json`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
