/**
 * Real child processes: acknowledged writes survive SIGKILL, and the data directory is
 * locked against a second process but not by a dead one.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore, WAL_CHECKPOINT_PAGES } from "../../src/store/embedded.ts";
import { StoreUnavailableError } from "../../src/store/port.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "shurayar-durability-"));
  dirs.push(d);
  return d;
}

function startChild(script: string, dir: string, ...args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", fixture(script), dir, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

/** Calls onLine for each stdout line; rejects if the child exits first. */
function readLines(child: ChildProcess, onLine: (line: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let stderr = "";
    let done = false;
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      if (done) return;
      buf += d.toString();
      let nl = buf.indexOf("\n");
      while (nl >= 0 && !done) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (onLine(line)) {
          done = true;
          resolve();
        }
        nl = buf.indexOf("\n");
      }
    });
    child.on("exit", (code) => {
      if (!done) reject(new Error(`child exited early (${code}): ${stderr}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

describe("embedded store durability", () => {
  it("keeps every acknowledged insert after the writer is SIGKILLed mid-stream", async () => {
    const dir = tempDir();
    const child = startChild("writer.ts", dir);
    const acked: string[] = [];
    await readLines(child, (line) => {
      acked.push(line);
      if (acked.length === 400) {
        // Kill at once, while the writer is still inserting.
        child.kill("SIGKILL");
        return true;
      }
      return false;
    });
    await exited(child);
    expect(child.signalCode).toBe("SIGKILL");

    const store = await openEmbeddedStore(dir);
    try {
      const acks = store.collection<{ _id: string; i: number; body: string }>("acks");
      const found = await acks.find({ _id: { $in: acked } });
      expect(found.map((d) => d._id).sort()).toEqual([...acked].sort());
      for (const d of found) expect(d.body).toBe(`payload ${d.i} ${"x".repeat(100)}`);
      // The writer may have committed a few more it never got to print; never fewer.
      expect(await acks.countDocuments()).toBeGreaterThanOrEqual(acked.length);
    } finally {
      await store.close();
    }
  });

  it("keeps every acknowledged insert across a checkpoint and from a long write-ahead log", async () => {
    const dir = tempDir();
    // About a page per document: the log passes a checkpoint, then grows long again.
    const child = startChild("writer.ts", dir, "3000");
    const acked: string[] = [];
    let walBytes = 0;
    const pages = (n: number) => n * 4096;
    await readLines(child, (line) => {
      acked.push(line);
      if (acked.length === 2000) {
        // Past SQLite's own 1,000-page mark, and not checkpointed yet.
        walBytes = statSync(join(dir, `${DB_FILE}-wal`)).size;
      }
      if (acked.length === WAL_CHECKPOINT_PAGES + 3000) {
        child.kill("SIGKILL");
        return true;
      }
      return false;
    });
    await exited(child);
    expect(walBytes).toBeGreaterThan(pages(1500));
    const store = await openEmbeddedStore(dir);
    try {
      const acks = store.collection<{ _id: string; i: number; body: string }>("acks");
      expect(await acks.countDocuments()).toBeGreaterThanOrEqual(acked.length);
      // In slices: SQLite takes at most 32,766 values in one statement.
      let found = 0;
      for (let i = 0; i < acked.length; i += 10_000) {
        const slice = await acks.find({ _id: { $in: acked.slice(i, i + 10_000) } });
        found += slice.length;
        for (const d of slice) expect(d.body).toBe(`payload ${d.i} ${"x".repeat(3000)}`);
      }
      expect(found).toBe(acked.length);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("refuses a second process with a clear error, and a killed holder leaves no lock", async () => {
    const dir = tempDir();
    const child = startChild("holder.ts", dir);
    let readyPid = "";
    await readLines(child, (line) => {
      readyPid = line.replace(/^ready /, "");
      return line.startsWith("ready ");
    });
    expect(readyPid).toBe(String(child.pid));

    const attempt = openEmbeddedStore(dir);
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(
      `data directory ${dir} is in use by process ${child.pid}`,
    );

    child.kill("SIGKILL");
    await exited(child);

    const store = await openEmbeddedStore(dir);
    try {
      expect(await store.collection("held").findOne({ _id: "by-holder" })).toEqual({
        _id: "by-holder",
        pid: child.pid,
      });
    } finally {
      await store.close();
    }
  });
});
