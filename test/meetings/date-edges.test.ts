import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import { ACTION_ITEMS, type ActionItemDoc } from "../../src/meetings/types.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { at, minutesWithItem, signInGroup, ZAHRA, zahrasMeeting } from "./helpers.ts";

/**
 * Dates at the edges of a day: "today" is Tehran's at the moment of each answer, not at the
 * moment the question was asked, and an item's new due date is checked before its reason.
 */

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  ({ zahra, hossein } = await signInGroup(h));
});
afterAll(async () => {
  await h?.stop();
});

const DATE_PAST = /^این تاریخ گذشته است؛ لطفاً تاریخی از امروز به بعد انتخاب کنید/;

it("a calendar opened before midnight and pressed after it: the day gone is said and a fresh calendar offered", async () => {
  h.clock.set(at(9, 22, 23, 55));
  await zahra.send("📅 جلسه‌ها");
  await zahra.press("➕ تعیین جلسهٔ جدید");
  await zahra.press("یک‌بار");
  const cal = await zahra.waitFor(/تاریخ جلسه را از تقویم/);
  h.clock.set(at(9, 23, 0, 5)); // five past midnight: the 22nd is yesterday now
  await zahra.press("۲۲", { messageId: cal.messageId });
  const again = await zahra.waitFor((m) => DATE_PAST.test(m.text ?? ""));
  expect(again.text).toContain("تاریخ جلسه را از تقویم");
  const days = zahra
    .inlineButtons(again)
    .flat()
    .map((b) => b.text);
  expect(days).not.toContain("۲۲");
  expect(days.some((d) => /^۲۳\*?$/.test(d))).toBe(true);
  // The old calendar's days can no longer be pressed.
  const old = zahra.messages().find((m) => m.messageId === cal.messageId)!;
  expect(zahra.inlineButtons(old).flat()).toEqual([]);
  await zahra.press(/^۲۳\*?$/, { messageId: again.messageId });
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۲۳:۵۹");
  await zahra.waitFor(/مکان جلسه/);
  await zahra.send("/cancel");
  await h.client("telegram").idle();
});

it("a date typed after midnight as the day before is refused, and today's then takes a time", async () => {
  h.clock.set(at(9, 24, 23, 58));
  await zahra.send("📅 جلسه‌ها");
  await zahra.press("➕ تعیین جلسهٔ جدید");
  await zahra.press("یک‌بار");
  await zahra.waitFor(/تاریخ جلسه را از تقویم/);
  h.clock.set(at(9, 25, 0, 2));
  await zahra.send("۱۴۰۵/۰۹/۲۴");
  await zahra.waitFor((m) => DATE_PAST.test(m.text ?? ""));
  await zahra.send("۱۴۰۵/۰۹/۲۵");
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۲۰:۰۰");
  await zahra.waitFor(/مکان جلسه/);
  await zahra.send("/cancel");
  await h.client("telegram").idle();
});

it("a day that passes while its time is typed (moving a meeting) is said, and the date asked again", async () => {
  h.clock.set(at(9, 26, 23, 50));
  const meeting = await zahrasMeeting(h, at(9, 29, 10), "سرای محلهٔ نارمک");
  await zahra.send("📅 جلسه‌ها");
  const list = await zahra.waitFor(/جلسه‌های پیش رو/);
  await zahra.pressCallbackData(`m:o:${meeting._id}`, list.messageId);
  const card = await zahra.waitFor((x) =>
    Boolean(x.text?.includes("سرای محلهٔ نارمک") && x.text.includes("وضعیت:")),
  );
  await zahra.press("🔁 تغییر زمان", { messageId: card.messageId });
  await zahra.waitFor(/تاریخ جدید جلسه/);
  await zahra.send("۱۴۰۵/۰۹/۲۶"); // today, at 23:50
  await zahra.waitFor(/ساعت شروع/);
  h.clock.set(at(9, 27, 0, 3)); // the 26th is over before the time is typed
  await zahra.send("۲۳:۵۹");
  await zahra.waitFor((m) => DATE_PAST.test(m.text ?? ""));
  await zahra.waitFor(/تاریخ جدید جلسه/);
  await zahra.send("۱۴۰۵/۰۹/۲۷");
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۱۸:۰۰");
  await zahra.waitFor(/زمان جدید/);
  await zahra.press("✅ ثبت");
  await zahra.waitFor(/زمان جلسه تغییر کرد/);
  expect((await meetings.get(meeting._id))?.startAt).toBe(at(9, 27, 18));
});

it("an item's new due date today after 14:00 is refused at once with the 14:00 rule, before the reason", async () => {
  h.clock.set(at(10, 4, 10));
  const meeting = await zahrasMeeting(h, at(10, 4, 11), "سرا");
  h.clock.set(at(10, 4, 13));
  const actor = { personId: `d8:${ZAHRA}`, platform: "telegram" as const, userId: zahra.id };
  const itemId = await minutesWithItem(meetings, meeting._id, actor, "کار", at(10, 8, 14));
  await h.app.dispatcher.drain();
  const item = await hossein.waitFor((m) =>
    hossein
      .inlineButtons(m)
      .flat()
      .some((b) => b.callback_data === `m:aidt:${itemId}`),
  );
  h.clock.set(at(10, 4, 16)); // today's 14:00 has passed
  await hossein.pressCallbackData(`m:aidt:${itemId}`, item.messageId);
  await hossein.waitFor(/مهلت پیشنهادی تازه/);
  await hossein.send("۱۴۰۵/۱۰/۰۴");
  await hossein.waitFor(/^مهلت ساعت ۱۴ همان روز است و این زمان گذشته است/);
  await hossein.waitFor((m) => m.text?.startsWith("مهلت پیشنهادی تازه") === true);
  await hossein.send("۱۴۰۵/۱۰/۰۵");
  await hossein.waitFor(/دلیل درخواست مهلت تازه/);
  await hossein.send("منتظر پاسخ منطقه‌ام");
  await hossein.waitFor(/درخواست شما برای دبیر جلسه فرستاده شد/);
  const stored = await h.store.collection<ActionItemDoc>(ACTION_ITEMS).findOne({ _id: itemId });
  expect(stored?.dateRequest).toMatchObject({
    dueAt: at(10, 5, 14),
    reason: "منتظر پاسخ منطقه‌ام",
  });
});
