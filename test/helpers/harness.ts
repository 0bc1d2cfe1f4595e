import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppHandle, importSampleDistrict, startApp } from "../../src/app.ts";
import { type Clock, ManualClock } from "../../src/clock.ts";
import type { Config } from "../../src/config.ts";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { EmulatorClient, type User } from "../../src/emulator/client.ts";
import { type Emulator, startEmulator } from "../../src/emulator/server.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { createRepos, type Repos } from "../../src/repos/index.ts";
import type { Platform } from "../../src/repos/types.ts";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store } from "../../src/store/port.ts";

export const TOKENS: Record<Platform, string> = {
  telegram: "111111:TEST-telegram-token-abcdef",
  bale: "222222:TEST-bale-token-abcdefgh",
};

/** Sample district people used across tests (samples/district-8/people.csv). */
export const PEOPLE = {
  councillor: { phone: "989121000001", name: "مریم احمدی" },
  narmakSecretary: { phone: "989121000002", name: "علی رضایی" },
  narmakUrbanSecretary: { phone: "989121000003", name: "زهرا کریمی" },
  districtUrbanSecretary: { phone: "989121000009", name: "سارا قاسمی" },
  presidium: { phone: "989121000016", name: "کامران فرهادی" },
  liaison: { phone: "989121000017", name: "نسرین اکبری" },
  admin: { phone: "989121000022", name: "سیما مرادی" },
} as const;

/**
 * Tests run on a business clock of their own: Sunday 8 Azar 1405, 10:00 in Tehran — a
 * working morning, outside quiet hours, whatever the real time of the CI run.
 */
export const TEST_START = jalaliToUtc({ jy: 1405, jm: 9, jd: 8, hour: 10, minute: 0 });

/**
 * A clock that runs in real time but reads as a working morning in Tehran (the harness's
 * TEST_START), so quiet hours never hold the notifications a scenario waits for.
 */
export function businessClock(): Clock {
  const offset = TEST_START - Date.now();
  return { now: () => Date.now() + offset };
}

export interface Harness {
  clock: ManualClock;
  emulator: Emulator;
  store: Store;
  repos: Repos;
  app: AppHandle;
  dataDir: string;
  client(platform?: Platform): EmulatorClient;
  /** Stops the app and starts a fresh one on the same store, emulator and clock. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function tempDir(prefix = "shurayar-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The real app (store, bots, runner) against the emulator, with the sample district loaded. */
export async function startHarness(
  opts: {
    platforms?: Platform[];
    clock?: ManualClock;
    /** Serve the Open311 feed on a free port with this API key. */
    open311ApiKey?: string;
  } = {},
): Promise<Harness> {
  const clock = opts.clock ?? new ManualClock(TEST_START);
  const platforms = opts.platforms ?? ["telegram", "bale"];
  const emulator = await startEmulator();
  const dataDir = await tempDir();
  const store = await openEmbeddedStore(dataDir);
  const repos = await createRepos(store);
  await importSampleDistrict(repos, Date.now());
  for (const p of platforms) emulator.addBot({ token: TOKENS[p], dialect: p });
  const config: Config = {
    localMode: false,
    dataDir,
    localPort: 0,
    logLevel: "silent",
  };
  if (platforms.includes("telegram"))
    config.telegram = { token: TOKENS.telegram, apiRoot: emulator.url };
  if (platforms.includes("bale")) config.bale = { token: TOKENS.bale, apiRoot: emulator.url };
  if (opts.open311ApiKey) config.open311 = { port: 0, apiKey: opts.open311ApiKey };
  // TEST_LOG=debug shows the bot's log while debugging a test.
  const log = process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : silentLogger;
  const app = await startApp(config, { log, store, clock, manualScheduler: true });
  const h: Harness = {
    clock,
    emulator,
    store,
    repos,
    app,
    dataDir,
    client: (p = platforms[0] ?? "telegram") => new EmulatorClient(emulator, TOKENS[p]),
    async restart() {
      await h.app.stop();
      h.app = await startApp(config, { log, store, clock, manualScheduler: true });
    },
    async stop() {
      await h.app.stop();
      await store.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

let nextUserId = 5_000_000;
export function freshUserId(): number {
  return nextUserId++;
}

/** Walks a user through sign-in; returns when the main menu arrives. */
export async function signIn(
  client: EmulatorClient,
  phone: string,
  opts: { lang?: "fa" | "en"; userId?: number } = {},
) {
  const user = client.user({ id: opts.userId ?? freshUserId(), firstName: "Test" });
  await user.send("/start");
  await user.press(opts.lang === "en" ? "English" : "فارسی");
  await user.waitFor(/شماره|number/);
  await user.shareContact({ phoneNumber: phone });
  await user.waitFor((m) => Boolean(m.replyMarkup && "keyboard" in m.replyMarkup));
  return user;
}

/** What the bot says in a user's chat while `fn` runs, once the chat has gone quiet. */
export async function saidDuring(
  client: EmulatorClient,
  user: User,
  fn: () => Promise<unknown>,
  quietMs = 300,
): Promise<string> {
  const before = user.messages().length;
  await fn();
  await client.idle({ quietMs });
  return user
    .messages()
    .slice(before)
    .map((m) => m.text ?? "")
    .join("\n");
}

/**
 * Runs the bot as a real child process with the given environment: the sources through
 * tsx, or (`compiled`) the build `npm start` runs — call `buildForStart()` first.
 */
export function spawnBot(
  env: Record<string, string>,
  opts: { compiled?: boolean } = {},
): ChildProcess & { output: () => string } {
  const args = opts.compiled ? ["dist/src/main.js"] : ["--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, args, {
    cwd: join(import.meta.dirname, "../.."),
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  return Object.assign(child, { output: () => out });
}

/** What `npm start` does before it runs the bot: compiles src/ and conversations/ to dist/. */
export function buildForStart(): void {
  const root = join(import.meta.dirname, "../..");
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
    cwd: root,
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}
