import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { MeetingDoc } from "../../src/meetings/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

/** When a meeting changed under someone's feet, they are told so plainly, in their language. */

const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let secretary: PersonDoc;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  zahra = await signIn(h.client("telegram"), ZAHRA);
  hossein = await signIn(h.client("telegram"), HOSSEIN);
  secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
});
afterAll(async () => {
  await h?.stop();
});

async function schedule(startAt: number, place: string) {
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    place,
  });
  if (!r.ok) throw new Error(`not scheduled: ${r.why}`);
  return r.meeting;
}

/** The same secretary cancels it from her other device. */
const cancelElsewhere = async (m: MeetingDoc) =>
  expect(
    (
      await meetings.cancel(m._id, {
        personId: secretary._id,
        platform: "telegram",
        userId: zahra.id,
      })
    ).ok,
  ).toBe(true);

async function openCard(m: MeetingDoc) {
  await zahra.send("📅 جلسه‌ها");
  const list = await zahra.waitFor(/جلسه‌های پیش رو/);
  await zahra.pressCallbackData(`m:o:${m._id}`, list.messageId);
  return zahra.waitFor((x) => Boolean(x.text?.includes("وضعیت:")));
}

/** Says the meeting is cancelled, by whom, and that nothing was done — all in Persian. */
function expectCancelledAnswer(text: string | undefined) {
  expect(text).toContain("این جلسه اکنون «لغوشده» است");
  expect(text).toContain("زهرا کریمی");
  expect(text).toContain("کاری انجام نشد");
  expect(text).not.toMatch(/[A-Za-z]/);
}

describe("an action on a meeting that was cancelled meanwhile", () => {
  it("an old 'cancel meeting' button answers fully in Persian, with who cancelled it and when", async () => {
    const m = await schedule(at(9, 20, 10), "سالن شورایاری نارمک");
    const card = await openCard(m);
    h.clock.set(at(9, 8, 11, 30));
    await cancelElsewhere(m);
    const upd = await zahra.pressCallbackData(`m:cx:${m._id}`, card.messageId);
    const answer = await zahra.expectCallbackAnswered(upd);
    expectCancelledAnswer(answer.text);
    expect(answer.text).toContain("۸ آذر");
    expect(answer.text).toContain("۱۱:۳۰");
  });

  it("finishing a move gets a clear reply, and the bot answers afterwards", async () => {
    const m = await schedule(at(9, 21, 10), "سرای محلهٔ نارمک");
    const card = await openCard(m);
    await zahra.press("🔁 تغییر زمان", { messageId: card.messageId });
    await zahra.waitFor(/تاریخ جدید جلسه/);
    await zahra.send("۱۴۰۵/۰۹/۲۳");
    await zahra.waitFor(/ساعت شروع/);
    await zahra.send("۱۱:۰۰");
    await zahra.waitFor(/زمان جدید/);
    await cancelElsewhere(m);
    await zahra.press("✅ ثبت");
    const reply = await zahra.waitFor(/کاری انجام نشد/);
    expectCancelledAnswer(reply.text);
    expect((await meetings.get(m._id))?.startAt).toBe(at(9, 21, 10));
    await zahra.send("📅 جلسه‌ها");
    await zahra.waitFor(/جلسه‌های پیش رو|جلسهٔ پیش رویی/);
  });

  it("a participant's reason for not coming, typed after the cancellation, gets a clear reply", async () => {
    const place = "کتابخانهٔ نارمک";
    const m = await schedule(at(9, 25, 10), place);
    const invite = await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
    await hossein.press("❌ نمی‌توانم بیایم", { messageId: invite.messageId });
    await hossein.waitFor(/دلیلش را بنویسید/);
    await cancelElsewhere(m);
    await hossein.waitFor((x) => Boolean(x.text?.includes(place) && x.text.includes("لغو شد")));
    await hossein.send("سفر کاری");
    const reply = await hossein.waitFor(/کاری انجام نشد|مشکلی پیش آمد/);
    expectCancelledAnswer(reply.text);
  });

  it("saving minutes of a meeting cancelled meanwhile tells the secretary so", async () => {
    h.clock.set(at(9, 26, 9));
    const m = await schedule(at(9, 26, 10), "فرهنگسرای نارمک");
    h.clock.set(at(9, 26, 12));
    const card = await openCard(m);
    await zahra.press("📝 ثبت صورتجلسه", { messageId: card.messageId });
    const att = await zahra.waitFor(/چه کسانی حاضر بودند/);
    await zahra.press("ادامه ⬅️", { messageId: att.messageId });
    await zahra.waitFor(/اقدام دیگری هست/);
    await zahra.press("ادامه ⬅️");
    await zahra.waitFor(/خلاصهٔ صورتجلسه/);
    await cancelElsewhere(m);
    await zahra.press("✅ ثبت");
    const reply = await zahra.waitFor(/کاری انجام نشد/);
    expectCancelledAnswer(reply.text);
    expect((await meetings.get(m._id))?.minutes).toBeUndefined();
  });

  it("in English the same answer is in English", async () => {
    const en = await signIn(h.client("telegram"), ZAHRA, { lang: "en" });
    const m = await schedule(at(9, 28, 10), "Narmak hall");
    await en.send("📅 Meetings");
    const list = await en.waitFor(/Upcoming meetings|meetings/i);
    await en.pressCallbackData(`m:o:${m._id}`, list.messageId);
    const card = await en.waitFor((x) => Boolean(x.text?.includes("State:")));
    await cancelElsewhere(m);
    const upd = await en.pressCallbackData(`m:mv:${m._id}`, card.messageId);
    const answer = await en.expectCallbackAnswered(upd);
    expect(answer.text).toContain('This meeting is now "cancelled" (last change: زهرا کریمی,');
    expect(answer.text).not.toContain("none");
  });
});
