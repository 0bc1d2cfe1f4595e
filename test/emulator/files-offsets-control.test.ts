import { InlineKeyboard, InputFile } from "grammy";
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

describe("files", () => {
  it("uploads via multipart, serves getFile and the download, and reuses file_id", async () => {
    const bot = grammyBot(emu, TG_TOKEN);
    const u = emu.bot(TG_TOKEN).user({ id: 1201, firstName: "Parisa" });
    await u.send("hi");
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0, 13, 10, 45, 45]);
    const msg = await bot.api.sendPhoto(u.id, new InputFile(bytes, "site.jpg"), {
      caption: "the broken lamp",
      reply_markup: new InlineKeyboard().text("OK", "ok"),
    });
    expect(u.last()).toMatchObject({ caption: "the broken lamp", method: "sendPhoto" });
    expect(u.inlineButtons()[0]?.[0]?.text).toBe("OK");
    const fileId = msg.photo.at(-1)!.file_id;
    const file = await bot.api.getFile(fileId);
    const res = await fetch(`${emu.url}/file/bot${TG_TOKEN}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    const again = await bot.api.sendPhoto(u.id, fileId);
    expect(again.photo.at(-1)?.file_id).toBe(fileId);
    const doc = await bot.api.sendDocument(
      u.id,
      new InputFile(Buffer.from("a,b\n1,2\n"), "roster.csv"),
    );
    expect(doc.document?.file_name).toBe("roster.csv");
    expect((await rawCall(emu, TG_TOKEN, "getFile", { file_id: "nope" })).body.description).toBe(
      "Bad Request: invalid file_id",
    );
  });

  it("gives photos and documents sent by people downloadable file ids", async () => {
    const bot = grammyBot(emu, TG_TOKEN);
    const downloaded: Buffer[] = [];
    bot.on(["message:photo", "message:document"], async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${emu.url}/file/bot${TG_TOKEN}/${file.file_path}`);
      downloaded.push(Buffer.from(await res.arrayBuffer()));
      await ctx.reply(`got ${ctx.message.caption ?? ""}`);
    });
    const polling = run(bot);
    const u = emu.bot(TG_TOKEN).user({ id: 1202, firstName: "Navid" });
    await u.sendPhoto("pothole");
    await u.waitFor("got pothole");
    await u.sendDocument("plan.pdf", Buffer.from("%PDF-1.4"));
    await u.waitFor("got");
    await emu.bot(TG_TOKEN).idle();
    expect(downloaded[0]?.subarray(1, 4).toString()).toBe("PNG");
    expect(downloaded[1]?.toString()).toBe("%PDF-1.4");
    await polling.stop();
  });
});

describe("update offsets", () => {
  it("redelivers unconfirmed updates and never confirmed ones", async () => {
    const u = emu.bot(TG_TOKEN).user({ id: 1301, firstName: "Elham" });
    const first = await u.send("one");
    await u.send("two");
    const ids = async (params: Record<string, unknown>) =>
      (
        (await rawCall(emu, TG_TOKEN, "getUpdates", params)).body.result as Array<{
          update_id: number;
        }>
      ).map((x) => x.update_id);
    expect(await ids({})).toEqual([first, first + 1]);
    expect(await ids({ limit: 1 })).toEqual([first]); // not confirmed: delivered again
    expect(await ids({ offset: first + 1 })).toEqual([first + 1]);
    expect(await ids({ offset: first + 2 })).toEqual([]);
  });

  it("a restarted bot with the same token continues after the confirmed updates", async () => {
    const seen: string[] = [];
    const make = () => {
      const bot = grammyBot(emu, TG_TOKEN);
      bot.on("message:text", (ctx) => {
        seen.push(ctx.message.text);
      });
      return bot;
    };
    const state = emu.bot(TG_TOKEN);
    const u = state.user({ id: 1302, firstName: "Farhad" });
    const first = run(make());
    await u.send("a");
    await state.idle();
    await first.stop();
    await u.send("b");
    await u.send("c");
    expect(state.pending).toHaveLength(2);
    const second = run(make());
    await state.idle();
    await second.stop();
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("a newer getUpdates ends an older long poll with 409", async () => {
    const older = rawCall(emu, TG_TOKEN, "getUpdates", { timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const newer = rawCall(emu, TG_TOKEN, "getUpdates", { timeout: 0 });
    const res = await older;
    expect(res.status).toBe(409);
    expect(String(res.body.description)).toMatch(/terminated by other getUpdates request/);
    expect((await newer).status).toBe(200);
  });
});

describe("control HTTP API", () => {
  it("sends as a person and long-polls the chat for replies, edits and toasts", async () => {
    const bot = grammyBot(emu, TG_TOKEN);
    bot.on("message:text", async (ctx) => {
      await new Promise((r) => setTimeout(r, 100));
      await ctx.reply(`echo ${ctx.message.text}`, {
        reply_markup: new InlineKeyboard().text("Done", "done"),
      });
    });
    bot.callbackQuery("done", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "saved" });
      await ctx.editMessageText("finished");
    });
    const polling = run(bot);
    const base = `${emu.url}/_emu/bots/${encodeURIComponent(TG_TOKEN)}`;
    const bots = (await (await fetch(`${emu.url}/_emu/bots`)).json()) as {
      result: Array<{ dialect: string }>;
    };
    expect(bots.result.map((b) => b.dialect)).toEqual(["telegram", "bale"]);

    const sent = await fetch(`${base}/users/1401/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "سلام", user: { firstName: "Maryam" } }),
    });
    expect(((await sent.json()) as { ok: boolean }).ok).toBe(true);
    // Long poll started before the (delayed) reply exists.
    const t0 = Date.now();
    const polled = (await (await fetch(`${base}/chats/1401/messages?since=0&wait=5`)).json()) as {
      result: { seq: number; messages: Array<{ seq: number; messageId: number; text: string }> };
    };
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(polled.result.messages.map((m) => m.text)).toEqual(["echo سلام"]);
    const { seq } = polled.result;
    const messageId = polled.result.messages[0]!.messageId;

    await fetch(`${base}/users/1401/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ callback: { messageId, data: "done" } }),
    });
    await emu.bot(TG_TOKEN).idle();
    const after = (await (await fetch(`${base}/chats/1401/messages?since=${seq}`)).json()) as {
      result: {
        seq: number;
        messages: Array<{ seq: number; text: string; editedAt?: number }>;
        callbackAnswers: Array<{ text: string }>;
      };
    };
    expect(after.result.messages).toHaveLength(1);
    expect(after.result.messages[0]).toMatchObject({ text: "finished" });
    expect(after.result.messages[0]!.seq).toBeGreaterThan(seq);
    expect(after.result.callbackAnswers.map((a) => a.text)).toEqual(["saved"]);
    // Nothing new: an empty answer after the wait.
    const empty = (await (
      await fetch(`${base}/chats/1401/messages?since=${after.result.seq}&wait=0.2`)
    ).json()) as {
      result: { messages: unknown[] };
    };
    expect(empty.result.messages).toEqual([]);
    await polling.stop();
  });
});
