import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.ts";
import { exited, spawnBot, TOKENS, tempDir } from "../helpers/harness.ts";

/**
 * What the operator sees when the start fails for a reason outside the environment's
 * syntax: one line naming what to fix, and a non-zero exit — never a stack trace, never
 * a silent hang.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function dataDir(): Promise<string> {
  const dir = await tempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emulator(bots: ("telegram" | "bale")[] = []): Promise<Emulator> {
  const emu = await startEmulator();
  for (const p of bots) emu.addBot({ token: TOKENS[p], dialect: p });
  cleanups.push(() => emu.close());
  return emu;
}

/** A port some other program already holds (on every interface). */
async function takenPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

async function bot(env: Record<string, string>) {
  const child = spawnBot({
    BOT_TOKEN: "",
    BALE_BOT_TOKEN: "",
    MONGODB_URI: "",
    DATA_DIR: await dataDir(),
    ...env,
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
  });
  return child;
}

/** The exit code and the output, or a failure if the process is still running after `ms`. */
async function outcome(child: Awaited<ReturnType<typeof bot>>, ms = 20_000) {
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited(child),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${ms} ms; output: ${child.output()}`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  return { code, lines: child.output().trim().split("\n") };
}

/** The first line of output that matches, within `ms`. */
function waitForOutput(
  child: Awaited<ReturnType<typeof bot>>,
  pattern: RegExp,
  ms = 20_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern}: ${child.output()}`)), ms);
    const check = () => {
      const m = pattern.exec(child.output());
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off("data", check);
      resolve(m);
    };
    child.stdout?.on("data", check);
    check();
  });
}

describe("the process at start", () => {
  it("an unreachable Bot API stops the start within seconds, with one line naming BOT_API_ROOT", async () => {
    // Port 1 refuses at once; the start gives up after a few quick tries instead of hanging.
    const child = await bot({ BOT_TOKEN: TOKENS.telegram, BOT_API_ROOT: "http://127.0.0.1:1" });
    const { code, lines } = await outcome(child);
    expect(code).toBe(3);
    expect(lines).toEqual([
      "shurayar: cannot reach the Bot API at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 — check BOT_API_ROOT and the network",
    ]);
  });

  it.each([
    ["telegram", "BOT_TOKEN", "BOT_API_ROOT"],
    ["bale", "BALE_BOT_TOKEN", "BALE_API_ROOT"],
  ] as const)(
    "a %s token the Bot API refuses: one line naming %s",
    async (_, tokenVar, rootVar) => {
      const emu = await emulator(); // knows no bot: every token is refused with 401
      const child = await bot({ [tokenVar]: "999999:WRONGTOKENXXXX", [rootVar]: emu.url });
      const { code, lines } = await outcome(child);
      expect(code).toBe(2);
      expect(lines).toEqual([
        `shurayar: the Bot API refused ${tokenVar} (401: Unauthorized) — check ${tokenVar}`,
      ]);
    },
  );

  it.each(["LOCAL_PORT", "OPEN311_PORT", "WEBHOOK_PORT"])(
    "%s already in use: one line naming the variable and the port",
    async (variable) => {
      const port = String(await takenPort());
      const env: Record<string, string> = { LOCAL_PORT: "0", [variable]: port };
      if (variable === "OPEN311_PORT") env.OPEN311_API_KEY = "open311-key-0123456789";
      if (variable === "WEBHOOK_PORT") {
        const emu = await emulator(["telegram"]);
        Object.assign(env, {
          BOT_TOKEN: TOKENS.telegram,
          BOT_API_ROOT: emu.url,
          WEBHOOK_URL: "https://bot.example.org",
          WEBHOOK_SECRET: "a-very-long-secret-value",
        });
      }
      const { code, lines } = await outcome(await bot(env));
      expect(code).toBe(2);
      expect(lines).toEqual([
        `shurayar: ${variable} ${port} is already in use; set ${variable} to a free port`,
      ]);
    },
  );

  it.each([
    [
      "mongodb://",
      2,
      /^shurayar: configuration error: MONGODB_URI is not a valid connection string/,
    ],
    [
      "mongodb://user:p@ss@host/x",
      2,
      /^shurayar: configuration error: MONGODB_URI is not a valid connection string/,
    ],
    [
      "mongodb+srv://no-such-host.invalid/x",
      3,
      /^shurayar: store unavailable: .*no-such-host\.invalid/,
    ],
  ])("a MONGODB_URI of %s: one line, exit code %d", async (uri, exitCode, line) => {
    const { code, lines } = await outcome(
      await bot({ BOT_TOKEN: TOKENS.telegram, MONGODB_URI: uri }),
    );
    expect(code).toBe(exitCode);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  it("local mode prints the Open311 feed's address (OPEN311_PORT=0 picks a free port)", async () => {
    const child = await bot({
      LOCAL_PORT: "0",
      OPEN311_PORT: "0",
      OPEN311_API_KEY: "open311-key-0123456789",
    });
    const [, url] = await waitForOutput(child, /Open311 feed: (http:\/\/127\.0\.0\.1:\d+)\n/);
    // The printed address is the feed's: it answers.
    const res = await fetch(`${url}/services.json?api_key=open311-key-0123456789`);
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });

  it("warns at start when no district has been imported (every sign-in would be refused)", async () => {
    const emu = await emulator(["telegram"]);
    const child = await bot({ BOT_TOKEN: TOKENS.telegram, BOT_API_ROOT: emu.url });
    const [line] = await waitForOutput(child, /^.*no district imported yet.*$/m);
    expect(JSON.parse(line)).toMatchObject({ level: 40 });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });

  it("the “shurayar started” log line carries the Open311 feed's address", async () => {
    const emu = await emulator(["telegram"]);
    const child = await bot({
      BOT_TOKEN: TOKENS.telegram,
      BOT_API_ROOT: emu.url,
      OPEN311_PORT: "0",
      OPEN311_API_KEY: "open311-key-0123456789",
      LOG_LEVEL: "info",
    });
    const [line] = await waitForOutput(child, /^.*"shurayar started".*$/m);
    const { open311 } = JSON.parse(line) as { open311?: string };
    expect(open311).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });
});
