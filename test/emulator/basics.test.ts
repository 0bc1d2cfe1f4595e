import { run as runnerRun } from "@grammyjs/runner";
import { InlineKeyboard, Keyboard } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.ts";
import { emulatorWithBots, grammyBot, rawCall, run, TG_TOKEN } from "./helpers.ts";

let emu: Emulator;
beforeEach(async () => {
  emu = await emulatorWithBots();
});
afterEach(async () => {
  await emu.close();
});

/** A tiny bot: /start shows buttons and a reply keyboard, text is echoed, "yes" edits. */
function buttonBot(token: string) {
  const bot = grammyBot(emu, token);
  const seenEntities: unknown[] = [];
  bot.command("start", async (ctx) => {
    seenEntities.push(ctx.message?.entities);
    await ctx.reply("pick one", {
      reply_markup: new Keyboard().text("Reports").text("Help").resized(),
    });
    await ctx.reply("welcome", {
      reply_markup: new InlineKeyboard().text("Yes", "yes").text("No", "no"),
    });
  });
  bot.command("hide", (ctx) => ctx.reply("hidden", { reply_markup: { remove_keyboard: true } }));
  bot.callbackQuery("yes", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "noted" });
    await ctx.editMessageText("you chose yes");
  });
  bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
  return { bot, seenEntities };
}

describe("round trips with a real grammY bot (long polling)", () => {
  it("echoes text and delivers commands with a bot_command entity", async () => {
    const { bot, seenEntities } = buttonBot(TG_TOKEN);
    const polling = run(bot);
    const ali = emu.bot(TG_TOKEN).user({ id: 501, firstName: "Ali" });
    await ali.send("salam");
    expect((await ali.waitFor("echo:")).text).toBe("echo: salam");
    await ali.send("/start");
    const welcome = await ali.waitFor(/welcome/);
    expect(seenEntities).toEqual([[{ type: "bot_command", offset: 0, length: 6 }]]);
    expect(welcome.replyMarkup?.inline_keyboard?.[0]?.map((b) => b.text)).toEqual(["Yes", "No"]);
    expect(ali.replyKeyboard()).toEqual([["Reports", "Help"]]);
    await ali.send("/hide");
    await ali.waitFor("hidden");
    expect(ali.replyKeyboard()).toBeUndefined();
    await emu.bot(TG_TOKEN).idle();
    expect(emu.bot(TG_TOKEN).pending).toHaveLength(0);
    expect(emu.bot(TG_TOKEN).calls.sendMessage).toBe(4);
    await polling.stop();
    expect(polling.errors).toEqual([]);
  });

  it("presses an inline button, records the answer and the edit history", async () => {
    const { bot } = buttonBot(TG_TOKEN);
    const polling = run(bot);
    const state = emu.bot(TG_TOKEN);
    const sara = state.user({ id: 502, firstName: "Sara" });
    await sara.send("/start");
    const welcome = await sara.waitFor("welcome");
    const pressed = await sara.press("Yes");
    expect(await sara.expectCallbackAnswered(pressed)).toMatchObject({
      text: "noted",
      showAlert: false,
    });
    const edited = await sara.waitFor("you chose yes");
    expect(edited.messageId).toBe(welcome.messageId);
    const current = state.findMessage(sara.id, welcome.messageId)!;
    expect(current.edits.map((v) => v.text)).toEqual(["welcome"]);
    // Editing without reply_markup removed the keyboard, as Telegram does.
    expect(current.replyMarkup).toBeUndefined();
    await expect(sara.press("Yes")).rejects.toThrow(/buttons on offer/);
    await polling.stop();
  });

  it("records callback queries the bot leaves unanswered", async () => {
    const { bot } = buttonBot(TG_TOKEN);
    const polling = run(bot);
    const state = emu.bot(TG_TOKEN);
    const reza = state.user({ id: 503, firstName: "Reza" });
    await reza.send("/start");
    await reza.waitFor("welcome");
    await reza.press("No");
    await state.idle();
    expect(state.unansweredCallbacks().map((q) => q.data)).toEqual(["no"]);
    await polling.stop();
  });

  it("nextReply consumes replies in order and waitFor sees replies that came before it was called", async () => {
    const { bot } = buttonBot(TG_TOKEN);
    const polling = run(bot);
    const state = emu.bot(TG_TOKEN);
    const u = state.user({ id: 504, firstName: "Mina" });
    await u.send("/start");
    await state.idle();
    // Both replies are already there: no race with the wait.
    expect((await u.waitFor("welcome")).text).toBe("welcome");
    expect((await u.nextReply()).text).toBe("pick one");
    expect((await u.nextReply()).text).toBe("welcome");
    await expect(u.nextReply({ timeoutMs: 100 })).rejects.toThrow(/timed out/);
    await polling.stop();
  });

  it("works with @grammyjs/runner", async () => {
    const { bot } = buttonBot(TG_TOKEN);
    const handle = runnerRun(bot);
    const u = emu.bot(TG_TOKEN).user({ id: 505, firstName: "Hasan" });
    for (const t of ["a", "b", "c"]) await u.send(t);
    await emu.bot(TG_TOKEN).idle();
    expect(
      u
        .messages()
        .map((m) => m.text)
        .sort(),
    ).toEqual(["echo: a", "echo: b", "echo: c"]);
    await handle.stop();
  });

  it("answers unknown tokens 401 and unknown methods 404 like the real API", async () => {
    expect(await rawCall(emu, "9:nope", "getMe")).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await rawCall(emu, TG_TOKEN, "sendTelepathy")).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
    const me = await rawCall(emu, TG_TOKEN, "getMe");
    expect(me.body.result).toMatchObject({ id: 1111, is_bot: true, username: "shura_tg_bot" });
  });

  it("routes emulator events for new messages", async () => {
    const bot = grammyBot(emu, TG_TOKEN);
    const seen: string[] = [];
    const off = emu.onSent((m) => seen.push(m.text ?? ""));
    const u = emu.bot(TG_TOKEN).user({ id: 506, firstName: "Nima" });
    await u.send("hi");
    await bot.api.sendMessage(u.id, "one");
    off();
    await bot.api.sendMessage(u.id, "two");
    expect(seen).toEqual(["one"]);
  });
});
