import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { MeetingDoc } from "../../src/meetings/types.ts";
import { persianLines } from "../helpers/english.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["bale"] });
});
afterAll(async () => {
  await h?.stop();
});

/** The working-group secretary signs in and opens a one-off meeting's calendar. */
async function openCalendar() {
  const zahra = await signIn(h.client("bale"), "989121000003");
  await zahra.send("📅 جلسه‌ها");
  await zahra.press("➕ تعیین جلسهٔ جدید");
  await zahra.press("یک‌بار");
  const cal = await zahra.waitFor(/تاریخ جلسه را از تقویم/);
  const labels = zahra
    .inlineButtons(cal)
    .flat()
    .map((b) => b.text);
  return { zahra, cal, labels };
}

it("a secretary schedules through the Jalali calendar keyboard; odd input is re-asked; a holiday is flagged", async () => {
  const { zahra, cal, labels } = await openCalendar();
  expect(labels[0]).toBe("آذر ۱۴۰۵");
  expect(labels).toContain("ج");
  // Past days are inert; today (8 Azar) can be picked; Fridays carry a star.
  expect(labels).toContain("۸");
  expect(labels).toContain("۱۳*");
  await zahra.send("فردا"); // not a date
  await zahra.waitFor(/تاریخ را متوجه نشدم/);
  // A date, but not one this year has: 1405 is a common year.
  await zahra.send("۱۴۰۵/۱۲/۳۰");
  const esfand = await zahra.waitFor(/اسفند/);
  expect(esfand.text).toMatch(/اسفند سال ۱۴۰۵ فقط ۲۹ روز است/);
  expect(esfand.text).not.toMatch(/متوجه نشدم/);
  await zahra.press("بعدی ▶️", { messageId: cal.messageId });
  await zahra.waitFor((m) => m.messageId === cal.messageId && Boolean(m.editedAt));
  const dey = zahra.inlineButtons(zahra.messages().find((m) => m.messageId === cal.messageId));
  expect(dey[0]?.[0]?.text).toBe("دی ۱۴۰۵");
  await zahra.press("۳۰*", { messageId: cal.messageId }); // 30 Dey 1405 is a listed holiday
  await zahra.waitFor(/این روز در تقویم منطقه تعطیل است/);
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۲۵:۰۰");
  await zahra.waitFor(/ساعت را متوجه نشدم/);
  await zahra.send("۱۰:۳۰");
  await zahra.waitFor(/مکان جلسه/);
  await zahra.send("https://meet.example/narmak");
  await zahra.waitFor(/توضیحی برای شرکت‌کنندگان/);
  await zahra.send("⏭ رد شدن");
  // The district's reminders, or the secretary's own for this meeting.
  await zahra.waitFor(/یادآوری‌ها به شرکت‌کنندگان: ۳ روز، ۱ روز، ۲ ساعت پیش از جلسه/);
  await zahra.press("⏰ زمان‌های دیگر");
  await zahra.send("هر روز");
  await zahra.waitFor(/متوجه نشدم. مثل «۷ روز/);
  await zahra.send("۲ روز و ۳ ساعت");
  const summary = await zahra.waitFor(/ثبت شود؟/);
  expect(summary.text).toContain("⏰ یادآوری‌ها: ۲ روز، ۳ ساعت پیش از جلسه");
  expect(summary.text).toContain("۳۰ دی ۱۴۰۵");
  expect(summary.text).toContain("https://meet.example/narmak");
  await zahra.press("✅ ثبت");
  await zahra.waitFor(/جلسه ثبت شد/);
  const [m] = await h.store.collection<MeetingDoc>("meetings").find({});
  expect(m?.startAt).toBe(jalaliToUtc({ jy: 1405, jm: 10, jd: 30, hour: 10, minute: 30 }));
  expect(m?.link).toBe("https://meet.example/narmak");
  expect(m?.participants).toHaveLength(3);
  expect(m?.reminderOffsets).toEqual([2880, 180]);
  expect(h.client("bale").state.unansweredCallbacks()).toEqual([]);
});

it("a councillor without a secretary role is not offered scheduling", async () => {
  const maryam = await signIn(h.client("bale"), "989121000001");
  await maryam.send("📅 جلسه‌ها");
  const list = await maryam.waitFor(/جلسه/);
  expect(
    maryam
      .inlineButtons(list)
      .flat()
      .map((b) => b.text),
  ).not.toContain("➕ تعیین جلسهٔ جدید");
  const upd = await maryam.pressCallbackData("m:new", list.messageId);
  expect((await maryam.expectCallbackAnswered(upd)).text).toContain("فقط برای دبیران");
});

it("the calendar's today is the app's clock, not the machine's", async () => {
  // Sunday 22 Azar 1405: two weeks after the harness's start (and after the real date these
  // tests were written on), so a calendar reading the machine's time would differ.
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 22, hour: 9, minute: 0 }));
  const { zahra, labels } = await openCalendar();
  expect(labels[0]).toBe("آذر ۱۴۰۵");
  // 1–21 Azar are past and inert; the 22nd is the first day offered.
  expect(labels.filter((l) => l === "·")).toHaveLength(21);
  expect(labels).not.toContain("۸");
  expect(labels).toContain("۲۲");
  // A typed date before that day is refused as past.
  await zahra.send("۱۴۰۵/۰۹/۱۵");
  await zahra.waitFor(/این تاریخ گذشته است/);
  // Far ahead is refused too: a slip of the year (۳۱۷۷ for ۱۴۰۷) would never come due.
  await zahra.send("۳۱۷۷/۰۱/۰۱");
  await zahra.waitFor(/بیش از ۲ سال دیگر است/);
  // A Gregorian date is named as one (not taken for a Jalali day six centuries ahead).
  await zahra.send("2026-12-13");
  await zahra.waitFor(/این تاریخ میلادی است/);
  await zahra.send("۱۴۰۷/۰۹/۲۲");
  await zahra.waitFor(/ساعت/);
  await zahra.send("انصراف");
  await zahra.waitFor(/لغو شد/);
});

it("in English the reminder times read in English, as typed back and in the summary", async () => {
  const sec = await signIn(h.client("bale"), "989121000003", { lang: "en" });
  await sec.send("📅 Meetings");
  await sec.press("➕ Schedule a meeting");
  await sec.press("Once");
  await sec.waitFor(/Pick the date on the calendar/);
  await sec.send("1405/10/05");
  await sec.waitFor(/start time/);
  await sec.send("10:30");
  await sec.waitFor(/Type the place/);
  await sec.send("Narmak community hall");
  await sec.waitFor(/Any notes/);
  await sec.send("⏭ Skip");
  const ask = await sec.waitFor(/Participants are reminded/);
  expect(ask.text).toContain("reminded 3 days, 1 day, 2 hours before the meeting");
  await sec.press("⏰ Other times");
  await sec.send("2 days, 1 hour");
  const summary = await sec.waitFor(/Save it\?/);
  expect(summary.text).toContain("⏰ Reminders: 2 days, 1 hour before the meeting");
  // No Persian letters leak into the English summary's reminder line.
  const line = summary.text?.split("\n").find((l) => l.startsWith("⏰")) ?? "";
  expect(line).not.toMatch(/[\u0600-\u06FF]/);
  expect(persianLines(h, sec.id)).toEqual([]);
  await sec.send("/cancel");
});

it("a listed holiday on a Thursday (22 Bahman 1405) is flagged; an ordinary Thursday is not", async () => {
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 22, hour: 9, minute: 0 }));
  /** Walks the form to its summary for a typed date; returns what was said on the way. */
  async function summaryFor(date: string) {
    const { zahra } = await openCalendar();
    const from = zahra.messages().length;
    await zahra.send(date);
    await zahra.waitFor(/ساعت شروع/);
    await zahra.send("۱۰:۰۰");
    await zahra.waitFor(/مکان جلسه/);
    await zahra.send("سالن شورایاری نارمک");
    await zahra.waitFor(/توضیحی برای شرکت‌کنندگان/);
    await zahra.send("⏭ رد شدن");
    await zahra.press("✅ همین یادآوری‌ها");
    const summary = await zahra.waitFor(/ثبت شود؟/);
    const said = zahra
      .messages()
      .slice(from)
      .map((m) => m.text ?? "");
    await zahra.send("/cancel");
    return { summary: summary.text ?? "", said };
  }
  const holiday = await summaryFor("۱۴۰۵/۱۱/۲۲");
  expect(holiday.summary).toContain("پنجشنبه ۲۲ بهمن ۱۴۰۵");
  expect(holiday.summary).toContain("⚠️ توجه: این روز در تقویم منطقه تعطیل است.");
  expect(holiday.said).toContain("⚠️ توجه: این روز در تقویم منطقه تعطیل است.");
  const thursday = await summaryFor("۱۴۰۵/۱۰/۳"); // Thursday 3 Dey: a short day, no holiday
  expect(thursday.summary).toContain("پنجشنبه ۳ دی ۱۴۰۵");
  expect(thursday.said.join("\n")).not.toContain("تعطیل");
});

it("a forged press of a day the calendar does not have (30 Esfand 1405, a common year) is answered and changes nothing", async () => {
  const { zahra, cal } = await openCalendar();
  const press = await zahra.pressCallbackData("mc:d:1405-12-30", cal.messageId);
  await zahra.expectCallbackAnswered(press);
  await zahra.waitFor(/لطفاً یکی از دکمه‌ها را بزنید/);
  // The form still waits for the date, and takes a real one.
  await zahra.send("۱۴۰۵/۱۲/۲۹");
  await zahra.waitFor(/ساعت/);
  await zahra.send("✖️ انصراف");
  await zahra.waitFor(/لغو شد|انصراف/);
});
