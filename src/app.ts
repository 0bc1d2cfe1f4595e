import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { RunnerHandle } from "@grammyjs/runner";
import { Api, webhookCallback } from "grammy";
import { createBot, type ShurayarBot } from "./bot/create-bot.ts";
import { ensureInboxIndexes, lastUpdateId } from "./bot/dedupe.ts";
import { startPolling } from "./bot/polling.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import { formatImportReport, importDistrict } from "./district/import.ts";
import type { DistrictDoc } from "./district/schema.ts";
import type { Emulator } from "./emulator/server.ts";
import { startEmulator } from "./emulator/server.ts";
import type { Logger } from "./log.ts";
import { Dispatcher } from "./notify/dispatcher.ts";
import { startOpen311Server } from "./open311/index.ts";
import { ROOT } from "./paths.ts";
import { registerCommands } from "./platform/index.ts";
import { createRepos, type Repos } from "./repos/index.ts";
import type { Platform } from "./repos/types.ts";
import { createServices, type Services } from "./services.ts";
import { fetchBotInfo, listenError } from "./startup.ts";
import { openStore } from "./store/index.ts";
import type { Store } from "./store/port.ts";
import { attachWebChat, personasFromRoster } from "./webchat/index.ts";

export const SAMPLE_DISTRICT_DIR = join(ROOT, "samples", "district-8");

/** Tokens of the two local-mode bots living inside the built-in emulator. */
export const LOCAL_TOKENS: Record<Platform, string> = {
  telegram: "1000001:LOCAL-telegram-shurayar",
  bale: "2000002:LOCAL-bale-shurayar",
};

/** The inbox key of a local-mode bot (as polling names it: platform and the bot's id). */
const localBotKey = (platform: Platform) => `${platform}:${LOCAL_TOKENS[platform].split(":")[0]}`;

export interface AppHandle {
  store: Store;
  repos: Repos;
  bots: ShurayarBot[];
  services: Services;
  dispatcher: Dispatcher;
  emulator?: Emulator;
  /** Local mode: the web chat's address. */
  webChatUrl?: string;
  /** The Open311 feed's address, when configured. */
  open311Url?: string;
  /** Stops taking updates, lets in-flight ones finish, then closes the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log: Logger;
  /** Test hook: an already-open store. */
  store?: Store;
  /** Test hook: don't start the scheduler's heartbeat (tests call `tick()` themselves). */
  manualScheduler?: boolean;
}

export async function importSampleDistrict(repos: Repos, now: number) {
  const [districtJson, peopleCsv] = await Promise.all([
    readFile(`${SAMPLE_DISTRICT_DIR}/district.json`, "utf8"),
    readFile(`${SAMPLE_DISTRICT_DIR}/people.csv`, "utf8"),
  ]);
  return importDistrict(repos, { districtJson, peopleCsv }, now);
}

export async function startApp(config: Config, opts: StartOptions): Promise<AppHandle> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const store =
    opts.store ?? (await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir }));
  const repos = await createRepos(store);
  await ensureInboxIndexes(store);
  const services = await createServices({ store, repos, clock, log });
  // The Open311 GeoReport v2 feed: off unless configured, loopback unless told otherwise.
  const open311 = config.open311
    ? await startOpen311Server({
        store,
        repos,
        port: config.open311.port,
        apiKey: config.open311.apiKey,
        // Its default window ends at the app's now, as every other date the app computes.
        now: () => clock.now(),
      }).catch((err: unknown) => {
        throw listenError(err, "OPEN311_PORT", config.open311?.port ?? 0);
      })
    : undefined;

  let emulator: Emulator | undefined;
  const targets: { platform: Platform; token: string; apiRoot?: string }[] = [];
  if (config.localMode) {
    if ((await repos.districts.all()).length === 0) {
      const report = await importSampleDistrict(repos, clock.now());
      log.info(`local mode: imported the sample district\n${formatImportReport(report)}`);
    }
    emulator = await startEmulator({ port: config.localPort }).catch((err: unknown) => {
      throw listenError(err, "LOCAL_PORT", config.localPort);
    });
    for (const platform of ["telegram", "bale"] as const) {
      emulator.addBot({
        token: LOCAL_TOKENS[platform],
        dialect: platform,
        username: `shurayar_${platform}_bot`,
        firstName: "شورایار",
        // The emulator starts afresh on every run; the store remembers the update ids the
        // last run processed and would skip them as duplicates: number on from there.
        firstUpdateId: (await lastUpdateId(store, localBotKey(platform))) + 1,
      });
      targets.push({ platform, token: LOCAL_TOKENS[platform], apiRoot: emulator.url });
    }
    knowDistrictChats(emulator, await repos.districts.all());
  } else {
    if (config.telegram) targets.push({ platform: "telegram", ...config.telegram });
    if (config.bale) targets.push({ platform: "bale", ...config.bale });
  }

  let webChatUrl: string | undefined;
  if (emulator) {
    const chat = attachWebChat(emulator, {
      bots: targets.map((t) => ({ platform: t.platform, token: t.token })),
      personas: await personasFromRoster(repos),
    });
    webChatUrl = chat.url;
  }

  // Who each bot is, asked once and bounded: grammY's init would retry a network error for
  // ever. Before anything else starts, so a refused token or a wrong root stops the
  // process at once with one line.
  const botInfos = await Promise.all(
    targets.map((t) =>
      fetchBotInfo(
        t.token,
        t.apiRoot ?? "https://api.telegram.org",
        t.platform === "telegram"
          ? { token: "BOT_TOKEN", apiRoot: "BOT_API_ROOT" }
          : { token: "BALE_BOT_TOKEN", apiRoot: "BALE_API_ROOT" },
      ),
    ),
  );
  const bots = targets.map((t) =>
    createBot({
      platform: t.platform,
      token: t.token,
      apiRoot: t.apiRoot,
      repos,
      services,
      clock,
      log,
    }),
  );
  // Notifications go through raw Api objects: the dispatcher paces and retries on its own.
  const dispatcher = new Dispatcher({
    store,
    apis: Object.fromEntries(
      targets.map((t) => [
        t.platform,
        new Api(t.token, t.apiRoot ? { apiRoot: t.apiRoot } : undefined),
      ]),
    ),
    clock,
    log: log.child({ part: "dispatcher" }),
    renderers: services.renderers,
    soleSender: store.kind === "embedded",
    // An owner's notice that bounced is kept for them, and the liaison is told.
    onUnreachable: (doc) => services.held.onBounce(doc),
  });
  if (opts.manualScheduler) await services.scheduler.tick();
  else await services.scheduler.start();
  dispatcher.start();
  const runners: RunnerHandle[] = [];
  let server: Server | undefined;
  for (const [i, { bot, deps }] of bots.entries()) {
    bot.botInfo = botInfos[i]!;
    await registerCommands(
      bot as never,
      deps.platform,
      (lang, key) => deps.i18n.t(lang, key),
      deps.log,
    );
  }
  if (config.webhook && !config.localMode) {
    server = await startWebhookServer(config.webhook, bots, log);
  } else {
    for (const { bot, deps } of bots) {
      await bot.api.deleteWebhook();
      runners.push(startPolling(bot, store, `${deps.platform}:${bot.botInfo.id}`, deps.log));
    }
  }

  let stopped = false;
  return {
    store,
    repos,
    bots,
    services,
    dispatcher,
    emulator,
    webChatUrl,
    open311Url: open311?.url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(runners.map((r) => (r.isRunning() ? r.stop() : undefined)));
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await services.scheduler.stop();
      await dispatcher.stop();
      if (open311) await open311.close();
      if (!opts.store) await store.close();
      if (emulator) await emulator.close();
    },
  };
}

/**
 * Local mode: the districts' headquarters and working-group chats exist in the emulator
 * with the bot in them, as on a real deployment; otherwise every approved proposal ended in
 * "did not reach headquarters" alerts.
 */
function knowDistrictChats(emulator: Emulator, districts: DistrictDoc[]): void {
  for (const d of districts) {
    const chats = [
      ...(d.headquarters ? [{ ...d.headquarters, title: d.name.fa }] : []),
      ...d.workingGroups.flatMap((wg) =>
        wg.groupChat
          ? [
              {
                ...wg.groupChat,
                title: `${d.name.fa} · ${d.subjects.find((s) => s.code === wg.subject)?.name.fa ?? wg.subject}`,
              },
            ]
          : [],
      ),
    ];
    for (const c of chats) {
      // Telegram's -100… ids are supergroups (Bale has none; the emulator makes them groups).
      const type = String(c.chatId).startsWith("-100") ? "supergroup" : "group";
      emulator.bot(LOCAL_TOKENS[c.platform]).knowChat({ id: c.chatId, type, title: c.title });
    }
  }
}

/**
 * Webhook mode: Telegram is checked by its secret header, Bale (which sends none) by a
 * secret path. Both bots share one HTTP server.
 */
async function startWebhookServer(
  webhook: NonNullable<Config["webhook"]>,
  bots: ShurayarBot[],
  log: Logger,
): Promise<Server> {
  const handlers = new Map<string, (req: never, res: never) => unknown>();
  // WEBHOOK_URL may carry a path (https://host/shurayar): a proxy may pass it on or strip it.
  const prefix = new URL(webhook.url).pathname.replace(/\/+$/, "");
  const handle = (path: string, handler: (req: never, res: never) => unknown) => {
    handlers.set(path, handler);
    if (prefix) handlers.set(`${prefix}${path}`, handler);
  };
  for (const { bot, deps } of bots) {
    if (deps.platform === "telegram")
      handle("/telegram", webhookCallback(bot, "http", { secretToken: webhook.secret }));
    else handle(`/bale/${webhook.secret}`, webhookCallback(bot, "http"));
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const handler = req.method === "POST" ? handlers.get(path) : undefined;
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(handler(req as never, res as never)).catch((err) => {
      log.error({ err }, "webhook handler failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Listening before setWebhook: a port in use stops the start before any update is sent here.
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(listenError(err, "WEBHOOK_PORT", webhook.port)));
    server.listen(webhook.port, resolve);
  });
  log.info({ port: webhook.port }, "webhook server listening");
  for (const { bot, deps } of bots) {
    if (deps.platform === "telegram")
      await bot.api.setWebhook(`${webhook.url}/telegram`, { secret_token: webhook.secret });
    else await bot.api.setWebhook(`${webhook.url}/bale/${webhook.secret}`);
  }
  return server;
}
