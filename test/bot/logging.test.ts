import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.ts";
import { createLogger } from "../../src/log.ts";
import { registerCommands } from "../../src/platform/index.ts";
import { BALE_TOKEN, emulatorWithBots, grammyBot, TG_TOKEN } from "../emulator/helpers.ts";

/** A logger writing into a buffer, and what it has written. */
function capture(level: string, pretty: boolean) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  const log = createLogger(level, { pretty, destination: out });
  return { log, text: () => chunks.join("") };
}

const t = (lang: string, key: string) => `${lang}:${key}`;

describe("logging", () => {
  it("a terminal gets one readable line per entry, with its fields", () => {
    const { log, text } = capture("info", true);
    log.info({ count: 3 }, "resuming unfinished updates");
    const out = text();
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: resuming unfinished updates\n/);
    expect(out).toContain("count: 3");
    expect(out).not.toContain('"level"');
  });

  it("anything else gets JSON lines", () => {
    const { log, text } = capture("info", false);
    log.info({ count: 3 }, "resuming unfinished updates");
    const entry = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, app: "shurayar", count: 3 });
    expect(entry.msg).toBe("resuming unfinished updates");
  });
});

describe("the command list", () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await emulatorWithBots();
  });
  afterEach(async () => {
    await emu.close();
  });

  it("Bale without setMyCommands: the bot goes on, and the operator is not bothered", async () => {
    const info = capture("info", false);
    await registerCommands(grammyBot(emu, BALE_TOKEN), "bale", t, info.log);
    expect(info.text()).toBe("");
    const debug = capture("debug", false);
    await registerCommands(grammyBot(emu, BALE_TOKEN), "bale", t, debug.log);
    expect(debug.text()).toContain("setMyCommands failed");
  });

  it("Telegram registers the list in both languages; a refusal there is a warning", async () => {
    const ok = capture("info", false);
    const bot = grammyBot(emu, TG_TOKEN);
    await registerCommands(bot, "telegram", t, ok.log);
    expect(ok.text()).toBe("");
    const scope = { type: "all_private_chats" } as const;
    expect((await bot.api.getMyCommands({ scope }))[0]).toEqual({
      command: "start",
      description: "fa:cmd-start",
    });
    expect((await bot.api.getMyCommands({ scope, language_code: "en" }))[0]?.description).toBe(
      "en:cmd-start",
    );
    const refused = capture("info", false);
    await registerCommands(grammyBot(emu, "9999:unknown"), "telegram", t, refused.log);
    expect(JSON.parse(refused.text().trim())).toMatchObject({
      level: 40,
      msg: "setMyCommands failed; continuing",
    });
  });
});
