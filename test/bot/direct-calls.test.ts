import { Bot, GrammyError, HttpError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { directJsonCalls } from "../../src/bot/direct-calls.ts";
import { jsonFetch } from "../../src/bot/json-fetch.ts";
import { retryingFetch } from "../../src/bot/retry-fetch.ts";
import type { Emulator } from "../../src/emulator/index.ts";
import type { BotState } from "../../src/emulator/state.ts";
import { emulatorWithBots, TG_TOKEN } from "../emulator/helpers.ts";

let emu: Emulator;
let state: BotState;
let user: ReturnType<BotState["user"]>;
/** Requests seen on each path: straight from the transformer, or through grammY's client. */
let direct: { url: string; body: string }[];
let viaClient: string[];

function botWith(fetchFn: typeof fetch = jsonFetch): Bot {
  const seen: typeof fetch = (input, init) => {
    direct.push({ url: String(input), body: String(init?.body) });
    return fetchFn(input, init);
  };
  const bot = new Bot(TG_TOKEN, {
    client: {
      apiRoot: emu.url,
      fetch: ((input: string, init: RequestInit) => {
        viaClient.push(String(input).split("/").at(-1)!);
        return jsonFetch(input, init);
      }) as never,
    },
  });
  bot.api.config.use(directJsonCalls(emu.url, TG_TOKEN, seen));
  return bot;
}

beforeEach(async () => {
  emu = await emulatorWithBots();
  state = emu.bot(TG_TOKEN);
  user = state.user({ id: 1001, firstName: "Arash" });
  await user.send("سلام");
  direct = [];
  viaClient = [];
});
afterEach(async () => {
  await emu.close();
});

describe("directJsonCalls", () => {
  it("sends JSON methods itself, leaving out nulls as grammY's client does", async () => {
    const sent = await botWith().api.sendMessage(user.id, "گزارش شما ثبت شد", {
      reply_markup: { inline_keyboard: [[{ text: "باشه", callback_data: "ok" }]] },
      // A null the client would leave out: the Bot API rejects some explicit nulls.
      reply_parameters: null as never,
    });
    expect(sent.text).toBe("گزارش شما ثبت شد");
    expect(user.messages().map((m) => m.text)).toEqual(["گزارش شما ثبت شد"]);
    expect(direct).toHaveLength(1);
    expect(direct[0]!.url).toBe(`${emu.url}/bot${TG_TOKEN}/sendMessage`);
    expect(JSON.parse(direct[0]!.body)).not.toHaveProperty("reply_parameters");
    expect(viaClient).toEqual([]);
  });

  it("leaves anything that may carry a file to grammY's client (uploads as multipart)", async () => {
    const bot = botWith();
    await bot.api.sendDocument(user.id, new InputFile(Buffer.from("a,b\n1,2\n"), "report.csv"));
    expect(viaClient).toEqual(["sendDocument"]);
    expect(direct).toEqual([]);
    expect(state.sent.at(-1)?.method).toBe("sendDocument");
  });

  it("turns an API error into grammY's GrammyError and a lost connection into HttpError", async () => {
    const bot = botWith();
    const refused = await bot.api.sendMessage(999_999, "x").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).error_code).toBe(400);
    expect((refused as GrammyError).method).toBe("sendMessage");

    emu.faults.add({ method: "sendMessage", kind: "drop", times: 1 });
    const dropped = await bot.api.sendMessage(user.id, "y").catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(HttpError);
    expect((dropped as HttpError).message).toContain("sendMessage");
    expect(user.messages()).toHaveLength(0);
  });

  it("retries below itself when given the retrying fetch: a 5xx and a drop, then sent once", async () => {
    const bot = botWith(retryingFetch({ baseDelayMs: 5 }));
    emu.faults.add({ method: "sendMessage", kind: "5xx", status: 502, times: 1 });
    emu.faults.add({ method: "sendMessage", kind: "drop", times: 1 });
    await bot.api.sendMessage(user.id, "بالاخره");
    expect(user.messages().map((m) => m.text)).toEqual(["بالاخره"]);
    expect(direct).toHaveLength(1);
    expect(state.calls.sendMessage).toBe(3);
  });

  it("gives up a long poll when its signal is aborted", async () => {
    const bot = botWith();
    const waiting = await bot.api.getUpdates();
    const offset = waiting.at(-1)!.update_id + 1;
    const controller = new AbortController();
    const poll = bot.api
      .getUpdates({ offset, timeout: 30 }, controller.signal as never)
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await poll).toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
