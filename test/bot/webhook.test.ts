import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { afterAll, expect, it } from "vitest";
import { type AppHandle, importSampleDistrict, startApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { EmulatorClient } from "../../src/emulator/client.ts";
import { type Emulator, startEmulator } from "../../src/emulator/server.ts";
import { silentLogger } from "../../src/log.ts";
import { createRepos } from "../../src/repos/index.ts";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import { freshUserId, TOKENS, tempDir } from "../helpers/harness.ts";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let emu: Emulator;
let app: AppHandle;
let dir: string;
afterAll(async () => {
  await app?.stop();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

it("webhook mode: Telegram with its secret header, Bale on a secret path", async () => {
  emu = await startEmulator();
  emu.addBot({ token: TOKENS.telegram, dialect: "telegram" });
  emu.addBot({ token: TOKENS.bale, dialect: "bale" });
  dir = await tempDir();
  const store = await openEmbeddedStore(dir);
  await importSampleDistrict(await createRepos(store), Date.now());
  await store.close();
  const port = await freePort();
  const secret = "webhook-secret-for-tests-123";
  app = await startApp(
    {
      localMode: false,
      dataDir: dir,
      localPort: 0,
      logLevel: "silent",
      telegram: { token: TOKENS.telegram, apiRoot: emu.url },
      bale: { token: TOKENS.bale, apiRoot: emu.url },
      webhook: { url: `http://127.0.0.1:${port}`, secret, port },
    },
    { log: silentLogger },
  );
  expect(emu.bot(TOKENS.telegram).webhook?.url).toBe(`http://127.0.0.1:${port}/telegram`);
  expect(emu.bot(TOKENS.bale).webhook?.url).toBe(`http://127.0.0.1:${port}/bale/${secret}`);
  for (const token of [TOKENS.telegram, TOKENS.bale]) {
    const user = new EmulatorClient(emu, token).user({ id: freshUserId(), firstName: "Hook" });
    await user.send("/help");
    await user.waitFor(/\/start را بزنید/);
  }
  // A forged call without the secret header is refused and reaches no handler.
  const forged = await fetch(`http://127.0.0.1:${port}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "/help" },
    }),
  });
  expect(forged.status).toBe(401);
  const wrongPath = await fetch(`http://127.0.0.1:${port}/bale/guess`, {
    method: "POST",
    body: "{}",
  });
  expect(wrongPath.status).toBe(404);
});

it("a webhook URL with a path prefix and a trailing slash still reaches the bot", async () => {
  const emu2 = await startEmulator();
  emu2.addBot({ token: TOKENS.telegram, dialect: "telegram" });
  const dir2 = await tempDir();
  const store = await openEmbeddedStore(dir2);
  await importSampleDistrict(await createRepos(store), Date.now());
  await store.close();
  const port = await freePort();
  const config = loadConfig({
    BOT_TOKEN: TOKENS.telegram,
    BOT_API_ROOT: emu2.url,
    DATA_DIR: dir2,
    LOG_LEVEL: "silent",
    WEBHOOK_URL: `http://127.0.0.1:${port}/shurayar/`,
    WEBHOOK_SECRET: "webhook-secret-for-tests-123",
    WEBHOOK_PORT: String(port),
  });
  const app2 = await startApp(config, { log: silentLogger });
  try {
    expect(emu2.bot(TOKENS.telegram).webhook?.url).toBe(
      `http://127.0.0.1:${port}/shurayar/telegram`,
    );
    const user = new EmulatorClient(emu2, TOKENS.telegram).user({
      id: freshUserId(),
      firstName: "Hook",
    });
    await user.send("/help");
    await user.waitFor(/\/start را بزنید/);
  } finally {
    await app2.stop();
    await emu2.close();
    await rm(dir2, { recursive: true, force: true });
  }
});
