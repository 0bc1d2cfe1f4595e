import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppHandle, LOCAL_TOKENS, startApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { attachWebChat, type Persona, personasFromRoster } from "../../src/webchat/index.ts";
import { businessClock } from "../helpers/harness.ts";

export interface LocalWebChat {
  app: AppHandle;
  dataDir: string;
  /** The page's address, e.g. http://127.0.0.1:PORT/ */
  url: string;
  personas: Persona[];
  stop(): Promise<void>;
}

/**
 * Local mode as `npm start` without a token runs it: the app with its own emulator on a free
 * port, the sample district, and the web chat.
 */
export async function startLocalWebChat(
  opts: { dataDir?: string; port?: number } = {},
): Promise<LocalWebChat> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "shurayar-webchat-")));
  const config: Config = {
    localMode: true,
    dataDir,
    localPort: opts.port ?? 0,
    logLevel: "silent",
  };
  const log = process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : silentLogger;
  // Quiet hours would hold the notifications the browser test waits for when CI runs at night
  // in Tehran; the business clock keeps the run's time a working morning.
  const app = await startApp(config, { log, clock: businessClock() });
  const emulator = app.emulator;
  if (!emulator) throw new Error("local mode started no emulator");
  const personas = await personasFromRoster(app.repos);
  const { url } = attachWebChat(emulator, {
    bots: (["telegram", "bale"] as const).map((platform) => ({
      platform,
      token: LOCAL_TOKENS[platform],
    })),
    personas,
  });
  return {
    app,
    dataDir,
    url,
    personas,
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
