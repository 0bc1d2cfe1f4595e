import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GrammyError, InlineKeyboard, webhookCallback } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.ts";
import { BALE_TOKEN, emulatorWithBots, grammyBot, rawCall, TG_TOKEN } from "./helpers.ts";

let emu: Emulator;
const servers: Server[] = [];
beforeEach(async () => {
  emu = await emulatorWithBots();
});
afterEach(async () => {
  await emu.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Serves a grammY echo bot by webhook; records the headers of every delivery. */
async function webhookBot(token: string, secretToken?: string) {
  const bot = grammyBot(emu, token);
  bot.on("message:text", (ctx) => ctx.reply(`hook: ${ctx.message.text}`));
  await bot.init();
  const headers: IncomingHttpHeaders[] = [];
  const handle = webhookCallback(bot, "http", secretToken ? { secretToken } : {});
  const server = createServer((req, res) => {
    headers.push(req.headers);
    void handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { bot, headers, url };
}

describe("webhooks", () => {
  it("Telegram posts updates to the webhook with the secret header", async () => {
    const { bot, headers, url } = await webhookBot(TG_TOKEN, "s3cret");
    await bot.api.setWebhook(url, { secret_token: "s3cret" });
    expect((await bot.api.getWebhookInfo()).url).toBe(url);
    const u = emu.bot(TG_TOKEN).user({ id: 801, firstName: "Omid" });
    await u.send("ping");
    expect((await u.waitFor("hook:")).text).toBe("hook: ping");
    await emu.bot(TG_TOKEN).idle();
    expect(headers).toHaveLength(1);
    expect(headers[0]?.["x-telegram-bot-api-secret-token"]).toBe("s3cret");
    // Polling is refused while a webhook is set.
    const poll = await rawCall(emu, TG_TOKEN, "getUpdates");
    expect(poll.status).toBe(409);
    await bot.api.deleteWebhook();
    expect((await rawCall(emu, TG_TOKEN, "getUpdates")).status).toBe(200);
  });

  it("retries a delivery the webhook refused", async () => {
    const { bot, headers, url } = await webhookBot(TG_TOKEN, "right");
    await bot.api.setWebhook(url, { secret_token: "wrong" }); // grammY answers 401 to these
    const u = emu.bot(TG_TOKEN).user({ id: 802, firstName: "Ava" });
    await u.send("first");
    while (headers.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(u.messages()).toEqual([]);
    expect((await bot.api.getWebhookInfo()).last_error_message).toMatch(/401/);
    await bot.api.setWebhook(url, { secret_token: "right" });
    expect((await u.waitFor("hook: first")).text).toBe("hook: first");
  });
});

describe("Bale dialect", () => {
  it("sends no secret header even when secret_token is given", async () => {
    const { bot, headers, url } = await webhookBot(BALE_TOKEN);
    await bot.api.setWebhook(url, { secret_token: "ignored" });
    const u = emu.bot(BALE_TOKEN).user({ id: 901, firstName: "Kaveh" });
    await u.send("ping");
    await u.waitFor("hook: ping");
    expect(headers[0]?.["x-telegram-bot-api-secret-token"]).toBeUndefined();
  });

  it("fails setMyCommands on Bale and stores commands per scope/language on Telegram", async () => {
    const bale = grammyBot(emu, BALE_TOKEN);
    const err = await bale.api
      .setMyCommands([{ command: "start", description: "Start" }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(404);
    const tg = grammyBot(emu, TG_TOKEN);
    await tg.api.setMyCommands([{ command: "start", description: "Start" }]);
    await tg.api.setMyCommands([{ command: "start", description: "شروع" }], {
      language_code: "fa",
    });
    expect(await tg.api.getMyCommands({ language_code: "fa" })).toEqual([
      { command: "start", description: "شروع" },
    ]);
    expect(await tg.api.getMyCommands()).toEqual([{ command: "start", description: "Start" }]);
    expect(emu.bot(TG_TOKEN).commands.size).toBe(2);
  });

  it("answers editMessageText with true on Bale, a message on Telegram", async () => {
    for (const token of [BALE_TOKEN, TG_TOKEN]) {
      const bot = grammyBot(emu, token);
      const u = emu.bot(token).user({ id: 902, firstName: "Leila" });
      await u.send("hi");
      const msg = await bot.api.sendMessage(u.id, "v1", {
        reply_markup: new InlineKeyboard().text("x", "x"),
      });
      const result = await bot.api.editMessageText(u.id, msg.message_id, "v2");
      if (token === BALE_TOKEN) expect(result).toBe(true);
      else expect(result).toMatchObject({ message_id: msg.message_id, text: "v2" });
      expect(u.last()?.text).toBe("v2");
    }
  });

  it("has no supergroups: a supergroup becomes a group", async () => {
    const bot = grammyBot(emu, BALE_TOKEN);
    const chats: string[] = [];
    bot.on("message", (ctx) => {
      chats.push(ctx.chat.type);
      return ctx.reply("seen");
    });
    const state = emu.bot(BALE_TOKEN);
    const group = state.group({ id: -100123, title: "Council", type: "supergroup" });
    const u = state.user({ id: 903, firstName: "Dariush" });
    await u.sendInGroup(group, "hello group");
    await bot.init();
    const updates = await bot.api.getUpdates({ offset: 0 });
    for (const update of updates) await bot.handleUpdate(update);
    expect(chats).toEqual(["group"]);
    expect(group.messages().map((m) => m.text)).toEqual(["seen"]);
    // The same group on Telegram stays a supergroup.
    expect(
      emu.bot(TG_TOKEN).group({ id: -100123, title: "Council", type: "supergroup" }).chat.type,
    ).toBe("supergroup");
  });
});
