import type { Message, Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, parseMultipart, parseParams } from "../../src/emulator/index.ts";
import { emulatorWithBots, grammyBot, TG_TOKEN } from "./helpers.ts";

let emu: Emulator;
beforeEach(async () => {
  emu = await emulatorWithBots();
});
afterEach(async () => {
  await emu.close();
});

/** Fetches (and confirms) what the people produced, as the bot would see it. */
async function drain(): Promise<Update[]> {
  const bot = grammyBot(emu, TG_TOKEN);
  const updates = await bot.api.getUpdates({ offset: 0 });
  const last = updates.at(-1);
  if (last) await bot.api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

describe("what people send", () => {
  it("contacts, locations, stickers, voice, edits and forwards arrive as Telegram shapes them", async () => {
    const state = emu.bot(TG_TOKEN);
    const ali = state.user({ id: 1501, firstName: "Ali", username: "ali_n", languageCode: "fa" });
    const sara = state.user({ id: 1502, firstName: "Sara" });
    await ali.shareContact({ phoneNumber: "989121234567" });
    await ali.shareContact({ phoneNumber: "+989120000000", userId: 1502, firstName: "Sara" });
    await ali.shareLocation(35.73, 51.5);
    await ali.sendSticker();
    await ali.sendVoice();
    await ali.send("typo");
    await ali.sendEditedMessage(ali.lastSentMessageId()!, "fixed");
    await ali.forward("from sara", sara);
    const updates = await drain();
    const msgs = updates.map((u) => (u.message ?? u.edited_message) as Message);
    expect(msgs[0]?.contact).toEqual({
      phone_number: "989121234567",
      first_name: "Ali",
      user_id: 1501,
    });
    expect(msgs[1]?.contact?.user_id).toBe(1502);
    expect(msgs[2]?.location).toEqual({ latitude: 35.73, longitude: 51.5 });
    expect(msgs[3]?.sticker?.type).toBe("regular");
    expect(msgs[4]?.voice?.mime_type).toBe("audio/ogg");
    expect(updates[6]?.edited_message).toMatchObject({
      text: "fixed",
      message_id: msgs[5]?.message_id,
    });
    expect(msgs[7]?.forward_origin).toMatchObject({ type: "user", sender_user: { id: 1502 } });
    expect(msgs[0]?.from).toMatchObject({
      id: 1501,
      is_bot: false,
      username: "ali_n",
      language_code: "fa",
    });
    expect(msgs[0]?.chat).toMatchObject({ id: 1501, type: "private" });
  });

  it("reports the bot joining and leaving groups, and blocks", async () => {
    const state = emu.bot(TG_TOKEN);
    const admin = state.user({ id: 1503, firstName: "Admin" });
    const group = state.group({ id: -777, title: "Presidium", type: "supergroup" });
    await group.addBot(admin);
    await admin.block();
    const updates = await drain();
    expect(updates.map((u) => u.my_chat_member?.new_chat_member.status)).toEqual([
      "member",
      "kicked",
    ]);
    expect(updates[0]?.my_chat_member?.chat).toMatchObject({
      id: -777,
      type: "supergroup",
      title: "Presidium",
    });
    const bot = grammyBot(emu, TG_TOKEN);
    await bot.api.sendMessage(group.id, "agenda");
    await group.removeBot(admin);
    await expect(bot.api.sendMessage(group.id, "again")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was kicked from the group chat",
    });
    expect(group.messages().map((m) => m.text)).toEqual(["agenda"]);
  });

  it("throws a clear error when the button does not exist", async () => {
    const state = emu.bot(TG_TOKEN);
    const u = state.user({ id: 1504, firstName: "Bita" });
    await u.send("hi");
    const bot = grammyBot(emu, TG_TOKEN);
    await bot.api.sendMessage(u.id, "menu", {
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Open", url: "https://example.org" },
            { text: "Sign", callback_data: "sign:1" },
          ],
        ],
      },
    });
    await expect(u.press("Approve")).rejects.toThrow(/buttons on offer: #\d+: "Open", "Sign"/);
    await expect(u.press("Open")).rejects.toThrow(/has no callback_data/);
    await u.press(/^Si/);
    const updates = await drain();
    expect(updates.at(-1)?.callback_query?.data).toBe("sign:1");
  });
});

describe("request bodies", () => {
  it("parses grammY's multipart format (unquoted filename) and the quoted one", () => {
    const body = Buffer.from(
      '--XX\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n12\r\n' +
        '--XX\r\ncontent-disposition:form-data;name="abc";filename=a b.jpg\r\ncontent-type:application/octet-stream\r\n\r\n\r\n--X\r\n' +
        '\r\n--XX\r\nContent-Disposition: form-data; name="doc"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\nx,y\r\n--XX--\r\n',
    );
    const parts = parseMultipart(body, "XX");
    expect(parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
      ["chat_id", undefined, "12"],
      ["abc", "a b.jpg", "\r\n--X\r\n"],
      ["doc", "r.csv", "x,y"],
    ]);
  });

  it("accepts urlencoded parameters", async () => {
    const u = emu.bot(TG_TOKEN).user({ id: 1505, firstName: "Kian" });
    await u.send("hi");
    const res = await fetch(`${emu.url}/bot${TG_TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: String(u.id),
        text: "form",
        reply_markup: '{"remove_keyboard":true}',
      }),
    });
    expect(res.status).toBe(200);
    expect(u.last()).toMatchObject({ text: "form", replyMarkup: { remove_keyboard: true } });
    expect(parseParams(new URLSearchParams("a=1"), undefined, Buffer.alloc(0)).params).toEqual({
      a: "1",
    });
  });
});
