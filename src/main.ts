import "./runtime.ts"; // first: V8 settings before the rest of the app loads
import { startApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { StartupError } from "./startup.ts";
import { StoreUnavailableError } from "./store/port.ts";

/** Process entry: configuration, store, bots; clean shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`shurayar: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // A terminal gets readable lines; anything else (a service manager, a file) gets JSON.
  const log = createLogger(config.logLevel, { pretty: process.stdout.isTTY === true });
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(config, { log });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`shurayar: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof StoreUnavailableError) {
      process.stderr.write(`shurayar: store unavailable: ${err.message}\n`);
      process.exit(3);
    }
    if (err instanceof StartupError) {
      process.stderr.write(`shurayar: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    throw err;
  }
  // Before the banner and the "started" line: whoever reacts to them may signal at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await app.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const store = config.mongodbUri ? "mongodb" : `embedded (${config.dataDir})`;
  if (app.emulator)
    process.stdout.write(
      `shurayar is running in local mode (no token set).\n` +
        `  Web chat: ${app.webChatUrl}\n` +
        `  Bot API emulator: ${app.emulator.url}\n` +
        `  Store: ${store}\n` +
        (app.open311Url ? `  Open311 feed: ${app.open311Url}\n` : "") +
        `  Press Ctrl+C to stop.\n`,
    );
  else {
    log.info(
      { bots: app.bots.map((b) => b.deps.platform), store, open311: app.open311Url },
      "shurayar started",
    );
    // Every sign-in would be refused as "not on the roster", with nothing saying why.
    if ((await app.repos.districts.all()).length === 0)
      log.warn(
        "no district imported yet: every sign-in is refused until one is (npm run district:import -- DIR)",
      );
  }
}

main().catch((err) => {
  process.stderr.write(`shurayar: failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
