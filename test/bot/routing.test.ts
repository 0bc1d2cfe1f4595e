import { Composer, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { chain, mayBeCommand, only } from "../../src/bot/routing.ts";

const me = {
  id: 1,
  is_bot: true,
  first_name: "shurayar",
  username: "shurayar_bot",
} as UserFromGetMe;
const chat = { id: 5, type: "private" as const, first_name: "Arash" };
const from = { id: 5, is_bot: false, first_name: "Arash" };
const ctxOf = (update: Omit<Update, "update_id">) =>
  new Context({ update_id: 1, ...update } as Update, {} as never, me);
const message = (m: Record<string, unknown>) =>
  ctxOf({ message: { message_id: 1, date: 0, chat, from, ...m } as never });

describe("mayBeCommand", () => {
  it.each([
    ["a command", message({ text: "/track 8-1405-00012" }), true],
    ["a command in a group, addressed", message({ text: "/start@shurayar_bot" }), true],
    ["a photo captioned with a command", message({ photo: [], caption: "/track" }), true],
    ["plain text", message({ text: "چراغ کوچه خاموش است" }), false],
    ["a slash later in the text", message({ text: "کوچه ۱۲/۳" }), false],
    ["a contact", message({ contact: { phone_number: "+989121234567", first_name: "A" } }), false],
    [
      "a button press",
      ctxOf({
        callback_query: { id: "q", from, chat_instance: "5", data: "/start" } as never,
      }),
      false,
    ],
  ])("%s → %s", (_name, ctx, expected) => {
    expect(mayBeCommand(ctx)).toBe(expected);
  });
});

describe("only", () => {
  it("runs the inner middleware for wanted updates and passes the others straight on", async () => {
    const seen: string[] = [];
    const mw = only(
      (ctx) => mayBeCommand(ctx),
      async (ctx, next) => {
        seen.push(`inner:${ctx.message?.text}`);
        if (ctx.message?.text === "/pass") await next();
      },
    );
    const nextFor = (label: string) => async () => void seen.push(`next:${label}`);
    await mw(message({ text: "/help" }), nextFor("help"));
    await mw(message({ text: "سلام" }), nextFor("سلام"));
    await mw(message({ text: "/pass" }), nextFor("pass"));
    expect(seen).toEqual(["inner:/help", "next:سلام", "inner:/pass", "next:pass"]);
  });
});

describe("chain", () => {
  it("runs the middleware in order, each reached through the one before, then next", async () => {
    const seen: string[] = [];
    const composer = new Composer<Context>();
    composer.use(async (_ctx, next) => {
      seen.push("composer");
      await next();
    });
    const mw = chain<Context>(
      async (_ctx, next) => {
        seen.push("a:before");
        await next();
        seen.push("a:after");
      },
      (_ctx, next) => {
        seen.push("b");
        return next();
      },
      composer,
    );
    await mw(message({ text: "x" }), async () => void seen.push("next"));
    expect(seen).toEqual(["a:before", "b", "composer", "next", "a:after"]);
  });

  it("stops where a middleware does not call next, and runs nothing after it", async () => {
    const seen: string[] = [];
    const mw = chain<Context>(
      (_ctx, next) => next(),
      () => void seen.push("handled"),
      () => void seen.push("never"),
    );
    await mw(message({ text: "x" }), async () => void seen.push("next"));
    expect(seen).toEqual(["handled"]);
  });

  it("refuses a second call of the same next, as a Composer does", async () => {
    const mw = chain<Context>(async (_ctx, next) => {
      await next();
      await next();
    });
    await expect(mw(message({ text: "x" }), async () => {})).rejects.toThrow(/already called/);
  });

  it("passes a middleware's error up to the caller", async () => {
    const mw = chain<Context>(
      (_ctx, next) => next(),
      () => {
        throw new Error("boom");
      },
    );
    await expect(mw(message({ text: "x" }), async () => {})).rejects.toThrow("boom");
  });
});
