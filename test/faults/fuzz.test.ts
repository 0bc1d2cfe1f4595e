import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import {
  FULL,
  generatedPersonId,
  generatedUserId,
  type InProcess,
  size,
  sleep,
  startInProcess,
} from "./helpers.ts";

let env: InProcess | undefined;
const rejections: unknown[] = [];
const onRejection = (r: unknown) => rejections.push(r);
process.on("unhandledRejection", onRejection);
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const UPDATES = size(600, 10_000);
const ROSTER = 6;

const PIECES = [
  "\u200f",
  "\u200e",
  "\u200c",
  "\u200d",
  "\u202b",
  "\ufeff",
  "😀",
  "👨‍👩‍👧",
  "🇮🇷",
  "سلام",
  "گزارش",
  "۱۲۳۴",
  "abc",
  "*",
  "_",
  "[",
  "`",
  "<b>",
  "&amp;",
  "/",
  "\n",
  " ",
  "ي",
  "ك",
  "📝 گزارش مشکل",
  "✖️ انصراف",
  "/cancel",
  "/track",
  "/start",
  "/menu",
  "⏭ رد شدن",
];

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

function randomText(): string {
  const r = Math.random();
  const len = r < 0.05 ? 0 : r < 0.9 ? rnd(60) : r < 0.97 ? rnd(1000) : 4000 + rnd(1001);
  let s = "";
  while (s.length < len) s += PIECES[rnd(PIECES.length)];
  return s.slice(0, len);
}

function randomData(): string {
  const kinds = [
    () => "",
    () => randomText().slice(0, 64),
    () =>
      `r:${["ack", "refer", "resolve", "reject", "noagree", "ask", "view", "x"][rnd(8)]}:${rnd(1e6).toString(16)}`,
    () => `r:answer:${rnd(1e9)}:${rnd(1e9)}`,
    () => `p:${rnd(1e6)}`,
    () => `m:${rnd(1e6)}`,
    () =>
      ["s:urban_services", "h:keep", "h:other", "u:normal", "c:confirm", "c:edit", "x:cancel"][
        rnd(7)
      ]!,
    () => `rl:${rnd(99999)}`,
    () => "x".repeat(64),
    () => `\u0000\u200f${"😀".repeat(10)}`,
  ];
  return kinds[rnd(kinds.length)]!();
}

describe("fuzz: random updates of every kind from members, strangers and groups", () => {
  it(
    `${UPDATES} random updates: no crash, no state change by strangers, valid messages, every callback answered`,
    async () => {
      env = await startInProcess({ people: ROSTER });
      const { client, store } = env;
      const bot = client.state;
      const members: User[] = Array.from({ length: ROSTER }, (_, i) =>
        client.user({ id: generatedUserId(i), firstName: `M${i}` }),
      );
      const strangers: User[] = Array.from({ length: 6 }, (_, i) =>
        client.user({ id: 8_000_000 + i, firstName: `S${i}` }),
      );
      const everyone = [...members, ...strangers];
      const group = client.group({ id: -1_000_123, title: "گروه آزمایشی" });
      await group.addBot(members[0]!);

      const actions: ((u: User) => Promise<unknown>)[] = [
        (u) => u.send(randomText()),
        (u) => u.send(randomText()),
        (u) => u.send(randomText()),
        (u) => {
          const id = u.lastSentMessageId();
          return id === undefined ? u.send("x") : u.sendEditedMessage(id, randomText());
        },
        (u) => u.forward(randomText() || ".", everyone[rnd(everyone.length)]!),
        (u) => u.sendSticker(),
        (u) => u.sendVoice(Math.random() < 0.5 ? randomText().slice(0, 1024) : undefined),
        (u) => u.sendPhoto(Math.random() < 0.5 ? randomText().slice(0, 1024) : undefined),
        (u) => u.sendDocument(`f${rnd(100)}.pdf`),
        (u) => u.shareLocation(35.7 + Math.random() / 10, 51.4 + Math.random() / 10),
        // A roster number shared as someone else's contact, or an unknown number as one's own.
        (u) =>
          Math.random() < 0.5
            ? u.shareContact({ phoneNumber: "989121000001", userId: u.id + 12_345 })
            : u.shareContact({ phoneNumber: `98935${String(rnd(1e7)).padStart(7, "0")}` }),
        (u) => {
          // A press on one of the bot's messages (a real button's data or forged data).
          const msgs = bot.messagesIn(u.id);
          const msg = msgs[rnd(msgs.length)];
          if (!msg) return u.send("/start");
          const buttons = msg.replyMarkup?.inline_keyboard?.flat() ?? [];
          const b = buttons[rnd(buttons.length)];
          const data = b?.callback_data && Math.random() < 0.6 ? b.callback_data : randomData();
          return u.pressCallbackData(data, msg.messageId);
        },
        (u) => u.pressCallbackData(randomData(), 1 + rnd(50)).catch(() => u.send(randomText())),
        (u) => u.sendInGroup(group, randomText() || "/start"),
        (u) => (Math.random() < 0.5 ? u.block() : u.unblock()),
        () =>
          Promise.resolve(
            bot.pushUpdate({
              channel_post: {
                message_id: rnd(1e6),
                date: bot.unixNow(),
                chat: { id: -1_000_999, type: "channel", title: "c" },
                text: randomText(),
              },
            }),
          ),
      ];

      const reportsBefore = await store.collection("reports").countDocuments({});
      const identitiesBefore = await store
        .collection("identities")
        .find({ personId: { $ne: null } });
      for (let n = 0; n < UPDATES; n++) {
        const u = everyone[rnd(everyone.length)]!;
        await actions[rnd(actions.length)]!(u);
        // Bursts, with a breath now and then so the bot's queue stays bounded.
        if (n % 50 === 49) await client.idle({ quietMs: 50, timeoutMs: 60_000 });
      }
      await client.idle({ quietMs: 500, timeoutMs: 60_000 });
      await sleep(200);

      expect(rejections).toEqual([]);
      // Every message the bot sent passed the emulator's validation.
      expect(
        bot.errors.filter(
          (e) =>
            !e.injected &&
            e.errorCode === 400 &&
            !/query is too old|not modified|blocked|chat not found/i.test(e.description),
        ),
      ).toEqual([]);
      expect(bot.errors.filter((e) => e.errorCode >= 500)).toEqual([]);
      expect(bot.unansweredCallbacks()).toEqual([]);
      // No state change by anyone not entitled: strangers are linked to nobody, and members
      // (no secretary among them) filed nothing by pressing forged buttons.
      const linked = await store
        .collection<{ _id: string; personId: string | null }>("identities")
        .find({ personId: { $ne: null } });
      const strangerLinks = linked.filter((i) =>
        strangers.some((s) => i._id === `telegram:${s.id}`),
      );
      expect(strangerLinks).toEqual([]);
      expect(linked.length).toBeGreaterThanOrEqual(identitiesBefore.length);
      const reports = await store
        .collection<{ _id: string; reporterId: string; state: string }>("reports")
        .find({});
      const allowed = new Set(members.map((_, i) => generatedPersonId(i)));
      for (const r of reports) expect(allowed.has(r.reporterId)).toBe(true);
      // Nobody here owns a report: every report still waits for its secretary.
      for (const r of reports) expect(r.state).toBe("submitted");
      console.log(
        `fuzz: ${UPDATES} updates, ${bot.sent.length} bot messages, ${reports.length - reportsBefore} reports filed by members, ${bot.callbackQueries.size} callback queries answered`,
      );
    },
    FULL ? 600_000 : 60_000,
  );
});
