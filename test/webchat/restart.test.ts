import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AppHandle, LOCAL_TOKENS, startApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { PERSONA_ID_BASE } from "../../src/webchat/index.ts";
import { businessClock } from "../helpers/harness.ts";

// biome-ignore lint/suspicious/noExplicitAny: loose JSON answers in a test
type Loose = any;

let dataDir = "";
let app: AppHandle | undefined;
afterAll(async () => {
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const start = () =>
  startApp({ localMode: true, dataDir, localPort: 0, logLevel: "silent" } satisfies Config, {
    log: silentLogger,
    clock: businessClock(),
  });

function control(path: string, init?: RequestInit): Promise<Loose> {
  const url = new URL(
    `/_emu/bots/${encodeURIComponent(LOCAL_TOKENS.telegram)}${path}`,
    app!.emulator!.url,
  );
  return fetch(url, init)
    .then((r) => r.json() as Promise<{ ok: boolean; result: Loose }>)
    .then((b) => {
      if (!b.ok) throw new Error(JSON.stringify(b));
      return b.result;
    });
}

const person = PERSONA_ID_BASE + 977;
const send = (text: string) =>
  control(`/users/${person}/send`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, user: { firstName: "Restart" } }),
  });
const answers = async () => {
  await app!.emulator!.bot(LOCAL_TOKENS.telegram).idle({ quietMs: 200 });
  return (await control(`/chats/${person}/messages?since=0`)).messages.length as number;
};

describe("local mode started again on the same data", () => {
  it("answers from the first message (the update ids go on), and a page left open starts over", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "shurayar-local-restart-"));
    app = await start();
    for (const text of ["/start", "/help", "/help"]) await send(text);
    expect(await answers()).toBeGreaterThanOrEqual(3);
    const before = (await control("/changes?since=0")).seq as number;
    await app.stop();

    app = await start();
    await send("/help");
    // The first message of the new run is answered, not skipped as one already handled.
    expect(await answers()).toBe(1);
    // A page that saw the earlier run asks for changes after its old position: it is told
    // at once where this run stands (lower), instead of waiting for changes that never come.
    const t0 = Date.now();
    const ahead = await control(`/changes?since=${before + 5}&wait=20`);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(ahead.seq).toBeLessThan(before + 5);
  });
});
