import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingDoc } from "../../src/meetings/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

/** Today with a time already past is refused at the time step, by Tehran's clock. */

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });

let h: Harness;
let zahra: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  zahra = await signIn(h.client("telegram"), "989121000003");
});
afterAll(async () => {
  await h?.stop();
});

const meetings = () => h.store.collection<MeetingDoc>("meetings").find({});

it("a new meeting today at a time already past is asked again at once, and the form goes on", async () => {
  h.clock.set(at(9, 22, 10)); // Saturday 22 Azar, 10:00 in Tehran
  await zahra.send("📅 جلسه‌ها");
  await zahra.press("➕ تعیین جلسهٔ جدید");
  await zahra.press("یک‌بار");
  const cal = await zahra.waitFor(/تاریخ جلسه را از تقویم/);
  await zahra.press("۲۲", { messageId: cal.messageId }); // today
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۰۹:۳۰");
  await zahra.waitFor(/این ساعتِ امروز گذشته است؛ لطفاً ساعت دیرتری بنویسید/);
  await zahra.send("۱۰"); // the very minute it is now: past too
  await zahra.waitFor((m) => m.text?.startsWith("این ساعتِ امروز گذشته است") === true);
  await zahra.send("۱۶:۳۰");
  await zahra.waitFor(/مکان جلسه/);
  await zahra.send("سالن شورایاری نارمک");
  await zahra.waitFor(/توضیحی برای شرکت‌کنندگان/);
  await zahra.send("⏭ رد شدن");
  await zahra.press("✅ همین یادآوری‌ها");
  await zahra.waitFor(/ثبت شود؟/);
  await zahra.press("✅ ثبت");
  await zahra.waitFor(/جلسه ثبت شد/);
  expect((await meetings()).map((m) => m.startAt)).toEqual([at(9, 22, 16, 30)]);
});

it("moving a meeting to today at a time already past is asked again too", async () => {
  h.clock.set(at(9, 23, 14)); // Sunday 23 Azar, 14:00
  const r = await h.app.services.meetings.create({
    person: (await h.repos.people.get("d8:989121000003"))!,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt: at(9, 28, 10),
    place: "سرای محلهٔ نارمک",
  });
  if (!r.ok) throw new Error(r.why);
  await zahra.send("📅 جلسه‌ها");
  const list = await zahra.waitFor(/جلسه‌های پیش رو/);
  await zahra.pressCallbackData(`m:o:${r.meeting._id}`, list.messageId);
  const card = await zahra.waitFor((x) =>
    Boolean(x.text?.includes("سرای محلهٔ نارمک") && x.text.includes("وضعیت:")),
  );
  await zahra.press("🔁 تغییر زمان", { messageId: card.messageId });
  await zahra.waitFor(/تاریخ جدید جلسه/);
  await zahra.send("۱۴۰۵/۰۹/۲۳");
  await zahra.waitFor(/ساعت شروع/);
  await zahra.send("۱۳:۰۰");
  await zahra.waitFor(/این ساعتِ امروز گذشته است/);
  await zahra.send("۱۸:۰۰");
  await zahra.waitFor(/زمان جدید/);
  await zahra.press("✅ ثبت");
  await zahra.waitFor(/زمان جلسه تغییر کرد و به همه اطلاع داده شد/);
  expect((await h.app.services.meetings.get(r.meeting._id))?.startAt).toBe(at(9, 23, 18));
});

it("in English the refusal is in English", async () => {
  const en = await signIn(h.client("telegram"), "989121000003", { lang: "en" });
  h.clock.set(at(9, 24, 12));
  await en.send("📅 Meetings");
  await en.press("➕ Schedule a meeting");
  await en.press("Once");
  await en.waitFor(/Pick the date on the calendar/);
  await en.send("1405/09/24");
  await en.waitFor(/start time/);
  await en.send("11:00");
  await en.waitFor(/That time today has already passed; please type a later time\./);
  await en.send("/cancel");
});
