import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { importSampleDistrict } from "../../src/app.ts";
import { EmulatorClient } from "../../src/emulator/client.ts";
import { type Emulator, startEmulator } from "../../src/emulator/server.ts";
import { createRepos } from "../../src/repos/index.ts";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import {
  buildForStart,
  exited,
  freshUserId,
  PEOPLE,
  spawnBot,
  TOKENS,
  tempDir,
} from "../helpers/harness.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function preparedStore(): Promise<string> {
  const dir = await tempDir();
  const store = await openEmbeddedStore(dir);
  await importSampleDistrict(await createRepos(store), Date.now());
  await store.close();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emulator(): Promise<Emulator> {
  const emu = await startEmulator();
  emu.addBot({ token: TOKENS.telegram, dialect: "telegram" });
  cleanups.push(() => emu.close());
  return emu;
}

function bot(env: Record<string, string>) {
  const child = spawnBot({ BOT_TOKEN: TOKENS.telegram, MONGODB_URI: "", ...env });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
  });
  return child;
}

describe("the bot as a process", () => {
  it("a restart mid-onboarding (new process, same store) continues where it stopped", async () => {
    const dir = await preparedStore();
    const emu = await emulator();
    const client = new EmulatorClient(emu, TOKENS.telegram);
    const user = client.user({ id: freshUserId(), firstName: "Restart" });

    const first = bot({ BOT_API_ROOT: emu.url, DATA_DIR: dir });
    await user.send("/start");
    await user.press("فارسی", { timeoutMs: 15_000 });
    await user.waitFor(/شماره/, { timeoutMs: 10_000 });
    await client.idle({ quietMs: 300 });
    first.kill("SIGKILL");
    await exited(first);

    const second = bot({ BOT_API_ROOT: emu.url, DATA_DIR: dir });
    await user.shareContact({ phoneNumber: PEOPLE.councillor.phone });
    await user.waitFor(/مریم احمدی گرامی، خوش آمدید/, { timeoutMs: 15_000 });
    // The conversation continued from the stored state: it did not start over.
    expect(user.messages().filter((m) => m.text?.includes("ارسال شمارهٔ من"))).toHaveLength(1);
    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);
  });

  it("an update the previous process received but never finished is handled after a restart", async () => {
    const dir = await preparedStore();
    const emu = await emulator();
    const client = new EmulatorClient(emu, TOKENS.telegram);
    const user = client.user({ id: freshUserId(), firstName: "Slow" });
    const first = bot({ BOT_API_ROOT: emu.url, DATA_DIR: dir });
    await user.send("/start");
    await user.waitFor(/زبان/, { timeoutMs: 15_000 });
    // Every sendMessage now hangs, so the next update is received (and confirmed by the
    // runner's next poll) but cannot finish before the process dies.
    emu.faults.add({ method: "sendMessage", kind: "latency", ms: 60_000 });
    await user.press("English");
    await new Promise((r) => setTimeout(r, 1500));
    first.kill("SIGKILL");
    await exited(first);
    emu.faults.clear();
    bot({ BOT_API_ROOT: emu.url, DATA_DIR: dir });
    await user.waitFor(/Share my number/, { timeoutMs: 15_000 });
  });

  it("SIGTERM stops taking updates, lets the process exit cleanly and frees the store", async () => {
    const dir = await preparedStore();
    const emu = await emulator();
    const child = bot({ BOT_API_ROOT: emu.url, DATA_DIR: dir });
    const client = new EmulatorClient(emu, TOKENS.telegram);
    const user = client.user({ id: freshUserId(), firstName: "Bye" });
    await user.send("/help");
    await user.waitFor(/\/start/, { timeoutMs: 15_000 });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    const store = await openEmbeddedStore(dir);
    await store.close();
  });

  it("local mode: with no token, npm start runs the emulator and the bot on loopback", async () => {
    const dir = await tempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // As `npm start` does: build, then run the compiled bot.
    buildForStart();
    const child = spawnBot(
      { BOT_TOKEN: "", BALE_BOT_TOKEN: "", DATA_DIR: dir, LOCAL_PORT: "0" },
      { compiled: true },
    );
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(child.output())), 20_000);
      child.stdout?.on("data", () => {
        const m = /Bot API emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(child.output());
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const bots = (await (await fetch(`${address}/_emu/bots`)).json()) as {
      result: { token: string; dialect: string }[];
    };
    expect(bots.result.map((b) => b.dialect).sort()).toEqual(["bale", "telegram"]);
    const token = bots.result.find((b) => b.dialect === "telegram")!.token;
    const send = (body: unknown) =>
      fetch(`${address}/_emu/bots/${token}/users/777/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await send({ user: { first_name: "Demo" }, text: "/start" });
    const res = await fetch(`${address}/_emu/bots/${token}/chats/777/messages?since=0&wait=10`);
    const body = (await res.json()) as { result: { messages: { text?: string }[] } };
    expect(JSON.stringify(body.result.messages)).toContain("زبان خود را انتخاب کنید");
    // The sample district was imported into the empty store.
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    const store = await openEmbeddedStore(dir);
    const repos = await createRepos(store);
    expect(await repos.people.col.countDocuments({})).toBe(22);
    await store.close();
  });
});
