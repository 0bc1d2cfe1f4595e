import { type Bot, GrammyError, InlineKeyboard } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator, User } from "../../src/emulator/index.ts";
import { emulatorWithBots, grammyBot, rawCall, TG_TOKEN } from "./helpers.ts";

let emu: Emulator;
let bot: Bot;
let user: User;
beforeEach(async () => {
  emu = await emulatorWithBots();
  bot = grammyBot(emu, TG_TOKEN);
  user = emu.bot(TG_TOKEN).user({ id: 700, firstName: "Zahra" });
  await user.send("hello"); // the chat is known only once the person has written
});
afterEach(async () => {
  await emu.close();
});

/** The description of the GrammyError a call fails with. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GrammyError);
    return (err as GrammyError).description;
  }
  throw new Error("the call succeeded");
}

describe("validation like the real Bot API, surfaced as GrammyError", () => {
  it("rejects empty and too long text, too long captions", async () => {
    expect(await failure(bot.api.sendMessage(user.id, "  "))).toBe(
      "Bad Request: message text is empty",
    );
    expect(await failure(bot.api.sendMessage(user.id, "x".repeat(4097)))).toBe(
      "Bad Request: message is too long",
    );
    await bot.api.sendMessage(user.id, "x".repeat(4096));
    const photo = (
      await bot.api.sendPhoto(
        user.id,
        emu.bot(TG_TOKEN).storeFile(Buffer.from("img"), "photos", "jpg").fileId,
      )
    ).photo;
    expect(photo).toHaveLength(1);
    expect(
      await failure(bot.api.sendPhoto(user.id, photo[0]!.file_id, { caption: "c".repeat(1025) })),
    ).toBe("Bad Request: message caption is too long");
    expect(emu.bot(TG_TOKEN).sent).toHaveLength(2);
  });

  it("counts callback_data in UTF-8 bytes", async () => {
    const persian = "ب".repeat(33); // 33 characters, 66 bytes
    expect(
      await failure(
        bot.api.sendMessage(user.id, "x", {
          reply_markup: new InlineKeyboard().text("b", persian),
        }),
      ),
    ).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect(
      await failure(
        bot.api.sendMessage(user.id, "x", {
          reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "" }]] },
        }),
      ),
    ).toBe("Bad Request: BUTTON_DATA_INVALID");
    await bot.api.sendMessage(user.id, "ok", {
      reply_markup: new InlineKeyboard().text("b", "ب".repeat(32)),
    });
    expect(emu.bot(TG_TOKEN).sent.map((m) => m.text)).toEqual(["ok"]);
  });

  it("refuses an inline keyboard of more than 100 buttons", async () => {
    const keyboard = (n: number) => ({
      inline_keyboard: Array.from({ length: n / 2 }, (_, r) => [
        { text: "a", callback_data: `a${r}` },
        { text: "b", callback_data: `b${r}` },
      ]),
    });
    expect(await failure(bot.api.sendMessage(user.id, "x", { reply_markup: keyboard(102) }))).toBe(
      "Bad Request: reply markup is too long",
    );
    const ok = await bot.api.sendMessage(user.id, "ok", { reply_markup: keyboard(100) });
    expect(ok.text).toBe("ok");
  });

  it("rejects malformed reply markup", async () => {
    const send = (markup: unknown) =>
      rawCall(emu, TG_TOKEN, "sendMessage", { chat_id: user.id, text: "x", reply_markup: markup });
    for (const markup of [
      "not json",
      [1, 2],
      { inline_keyboard: [{ text: "a", callback_data: "a" }] },
      { inline_keyboard: [[{ callback_data: "a" }]] },
      { inline_keyboard: [[{ text: "no action" }]] },
      { something: true },
    ]) {
      const res = await send(markup);
      expect(res.status, JSON.stringify(markup)).toBe(400);
      expect(String(res.body.description)).toMatch(/^Bad Request: /);
    }
    expect(emu.bot(TG_TOKEN).sent).toHaveLength(0);
  });

  it("knows only chats whose people have written, and 403s blocked users", async () => {
    expect(await failure(bot.api.sendMessage(999, "hi"))).toBe("Bad Request: chat not found");
    await user.block();
    const err = await bot.api.sendMessage(user.id, "hi").catch((e: GrammyError) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(403);
    expect((err as GrammyError).description).toBe("Forbidden: bot was blocked by the user");
    await user.unblock();
    await bot.api.sendMessage(user.id, "back");
    expect(user.messages().map((m) => m.text)).toEqual(["back"]);
  });

  it("rejects edits of missing messages and edits that change nothing", async () => {
    const kb = new InlineKeyboard().text("A", "a");
    const msg = await bot.api.sendMessage(user.id, "same", { reply_markup: kb });
    expect(
      await failure(bot.api.editMessageText(user.id, msg.message_id, "same", { reply_markup: kb })),
    ).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    expect(
      await failure(bot.api.editMessageReplyMarkup(user.id, msg.message_id, { reply_markup: kb })),
    ).toMatch(/message is not modified/);
    expect(await failure(bot.api.editMessageText(user.id, 4242, "x"))).toBe(
      "Bad Request: message to edit not found",
    );
    await bot.api.deleteMessage(user.id, msg.message_id);
    expect(await failure(bot.api.editMessageText(user.id, msg.message_id, "new"))).toBe(
      "Bad Request: message to edit not found",
    );
    expect(await failure(bot.api.deleteMessage(user.id, msg.message_id))).toBe(
      "Bad Request: message to delete not found",
    );
    expect(user.messages()).toEqual([]);
  });

  it("rejects unknown, repeated and expired callback query answers", async () => {
    let now = 1_700_000_000_000;
    await emu.close();
    emu = await emulatorWithBots({ clock: () => now });
    bot = grammyBot(emu, TG_TOKEN);
    user = emu.bot(TG_TOKEN).user({ id: 700, firstName: "Zahra" });
    await user.send("hello");
    const msg = await bot.api.sendMessage(user.id, "q", {
      reply_markup: new InlineKeyboard().text("A", "a"),
    });
    const tooOld =
      "Bad Request: query is too old and response timeout expired or query ID is invalid";
    expect(await failure(bot.api.answerCallbackQuery("123"))).toBe(tooOld);
    await user.press("A");
    const [first] = emu.bot(TG_TOKEN).unansweredCallbacks();
    await bot.api.answerCallbackQuery(first!.id, { text: "ok" });
    expect(await failure(bot.api.answerCallbackQuery(first!.id))).toBe(tooOld);
    await user.pressCallbackData("forged", msg.message_id);
    const [second] = emu.bot(TG_TOKEN).unansweredCallbacks();
    expect(second?.data).toBe("forged");
    now += 61_000;
    expect(await failure(bot.api.answerCallbackQuery(second!.id))).toBe(tooOld);
    expect(emu.bot(TG_TOKEN).errors.filter((e) => e.method === "answerCallbackQuery")).toHaveLength(
      3,
    );
  });

  it("takes a callback answer of 200 UTF-16 units, whole characters only", async () => {
    const msg = await bot.api.sendMessage(user.id, "q", {
      reply_markup: new InlineKeyboard().text("A", "a"),
    });
    const pressed = async () => {
      await user.press("A", { messageId: msg.message_id });
      return emu.bot(TG_TOKEN).unansweredCallbacks().at(-1)!.id;
    };
    // An emoji counts two: 100 trees are the 200 the limit allows, one more letter is not.
    await bot.api.answerCallbackQuery(await pressed(), { text: "🌳".repeat(100) });
    expect(
      await failure(bot.api.answerCallbackQuery(await pressed(), { text: `${"🌳".repeat(100)}x` })),
    ).toBe("Bad Request: MESSAGE_TOO_LONG");
    // Half an emoji (a cut in the middle of a surrogate pair) is not UTF-8.
    expect(
      await failure(bot.api.answerCallbackQuery(await pressed(), { text: "🌳".slice(0, 1) })),
    ).toBe("Bad Request: Text must be encoded in UTF-8");
    expect(await failure(bot.api.sendMessage(user.id, `ok ${"🌳".slice(1)}`))).toBe(
      "Bad Request: strings must be encoded in UTF-8",
    );
  });

  it("parses parse_mode entities and refuses broken markup", async () => {
    const html = await bot.api.sendMessage(
      user.id,
      '<b>bold</b> &amp; <a href="https://x.ir">link</a>',
      {
        parse_mode: "HTML",
      },
    );
    expect(html.text).toBe("bold & link");
    expect(html.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 7, length: 4, url: "https://x.ir" },
    ]);
    expect(await failure(bot.api.sendMessage(user.id, "<b>open", { parse_mode: "HTML" }))).toMatch(
      /^Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"/,
    );
    expect(
      await failure(bot.api.sendMessage(user.id, "Report 12.5 done", { parse_mode: "MarkdownV2" })),
    ).toMatch(/^Bad Request: can't parse entities: Character '\.' is reserved/);
    const md = await bot.api.sendMessage(user.id, "*bold* _it_ Report 12\\.5", {
      parse_mode: "MarkdownV2",
    });
    expect(md.text).toBe("bold it Report 12.5");
    expect(md.entities?.map((e) => e.type)).toEqual(["bold", "italic"]);
  });

  it("records every error with its method", async () => {
    await failure(bot.api.sendMessage(999, "hi"));
    await failure(bot.api.sendMessage(user.id, ""));
    expect(emu.bot(TG_TOKEN).errors.map((e) => [e.method, e.errorCode, e.description])).toEqual([
      ["sendMessage", 400, "Bad Request: chat not found"],
      ["sendMessage", 400, "Bad Request: message text is empty"],
    ]);
  });
});
