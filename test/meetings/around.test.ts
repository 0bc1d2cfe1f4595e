import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import {
  ACTION_ITEMS,
  type ActionItemDoc,
  MEETINGS,
  type MeetingDoc,
} from "../../src/meetings/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { fa } from "../reports/helpers.ts";

const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });
const SCOPE = {
  kind: "wg",
  level: "neighborhood",
  subject: "urban_services",
  neighborhood: "narmak",
} as const;

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let secretary: PersonDoc;
const zActor = () => ({ personId: `d8:${ZAHRA}`, platform: "telegram" as const, userId: zahra.id });
const hActor = () => ({
  personId: `d8:${HOSSEIN}`,
  platform: "telegram" as const,
  userId: hossein.id,
});

async function tickAt(ts: number) {
  await h.app.dispatcher.drain();
  h.clock.set(ts);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
}

async function schedule(startAt: number, place: string) {
  const r = await meetings.create({ person: secretary, scope: SCOPE, startAt, place });
  if (!r.ok) throw new Error(`not scheduled: ${r.why}`);
  return r.meeting;
}

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  const client = h.client("telegram");
  zahra = await signIn(client, ZAHRA);
  hossein = await signIn(client, HOSSEIN);
  secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
});
afterAll(async () => {
  await h?.stop();
});

describe("around a meeting", () => {
  it("ics: no content line is longer than 75 octets (RFC 5545 §3.1) with Persian text", async () => {
    const place = "سالن جلسات سرای محلهٔ نارمک، خیابان دماوند، نرسیده به میدان";
    const m = await schedule(at(9, 20, 10), place);
    const invite = await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
    await hossein.press("📆 افزودن به تقویم", { messageId: invite.messageId });
    const doc = await hossein.waitFor((x) => Boolean(x.document));
    const file = h.client("telegram").state.files.get(doc.document!.file_id)!;
    const text = Buffer.from(file.bytes).toString("utf8");
    const long = text
      .split("\r\n")
      .map((l) => ({ n: Buffer.byteLength(l, "utf8"), l }))
      .filter((x) => x.n > 75);
    expect(m._id).toBeTruthy();
    expect(long.map((x) => `${x.n}: ${x.l.slice(0, 20)}`)).toEqual([]);
  });

  it("a long agenda still lets the one-day reminder reach participants (≤ 4096 characters)", async () => {
    const m = await schedule(at(9, 25, 10), "کتابخانهٔ نارمک");
    // The secretary adds her own items (the feature allows up to 40, 200 characters each).
    for (let i = 0; i < 22; i++) {
      const r = await meetings.editAgenda(m._id, zActor(), {
        op: "add",
        item: {
          id: `c-${i}`,
          kind: "custom",
          title: `بند ${i}: ${"پیگیری لایروبی جوی ".repeat(10)}`,
        },
      });
      expect(r.ok).toBe(true);
    }
    await tickAt(at(9, 24, 10, 1)); // the 1-day reminder, with the agenda
    await h.app.dispatcher.drain();
    const sent = await h.app.services.outbox.find({
      kind: "meeting.reminder",
      "data.meetingId": m._id,
      "recipient.chatId": hossein.id,
      "data.offset": 1440,
    });
    expect(sent).toHaveLength(1);
    expect({ state: sent[0]!.state, err: sent[0]!.lastError }).toEqual({
      state: "sent",
      err: undefined,
    });
    // As many items as fit, then how many more and where the whole agenda is.
    const reminder = await hossein.waitFor((x) => /بند دیگر؛ دستور کامل/.test(x.text ?? ""));
    expect(reminder.text!.length).toBeLessThanOrEqual(4096);
    expect(reminder.text).toContain("بند 0:".replace("0", "۰"));
  });

  it("the 'tomorrow few confirmed' warning is not sent after the meeting has already started (job late after downtime)", async () => {
    h.clock.set(at(9, 26, 12));
    const m = await schedule(at(10, 2, 10), "فرهنگسرای نارمک");
    // The bot was down from before the day-before check until after the start.
    await tickAt(at(10, 2, 11, 30));
    const warns = await h.app.services.outbox.find({
      kind: "meeting.low_attendance",
      "data.meetingId": m._id,
    });
    await h.app.dispatcher.drain();
    const late = zahra
      .messages()
      .filter(
        (x) =>
          /حضور خود را تأیید کرده‌اند/.test(x.text ?? "") && x.text!.includes("فرهنگسرای نارمک"),
      );
    expect({ queued: warns.length, delivered: late.length }).toEqual({ queued: 0, delivered: 0 });
  });

  it("minutes: a due day whose 14:00 has passed is asked again, and a later day is taken", async () => {
    h.clock.set(at(10, 5, 9));
    const m = await schedule(at(10, 5, 15), "پارک نارمک");
    h.clock.set(at(10, 5, 17));
    await zahra.send("📅 جلسه‌ها");
    await zahra.waitFor(/جلسه‌های پیش رو/);
    await zahra.press(/۵ دی/);
    await zahra.press("📝 ثبت صورتجلسه");
    const att = await zahra.waitFor(/چه کسانی حاضر بودند/);
    await zahra.press("ادامه ⬅️", { messageId: att.messageId });
    await zahra.waitFor(/اقدام دیگری هست/);
    await zahra.press("➕ افزودن اقدام");
    await zahra.waitFor(/شرح اقدام/);
    await zahra.send("نامه به پیمانکار");
    await zahra.waitFor(/مسئول این اقدام کیست/);
    await zahra.press("حسین موسوی");
    await zahra.waitFor(/مهلت انجام/);
    await zahra.send("۱۴۰۵/۱۰/۰۵"); // today, 17:00 now: its 14:00 has passed
    await zahra.waitFor(/این زمان گذشته است/);
    await zahra.send("۱۴۰۵/۱۰/۰۷");
    await zahra.waitFor(/اقدام‌های ثبت‌شده: ۱/);
    await zahra.press("ادامه ⬅️");
    await zahra.waitFor(/خلاصهٔ صورتجلسه/);
    await zahra.press("✅ ثبت");
    await zahra.waitFor(/صورتجلسه ثبت/);
    const item = (await meetings.getItem(`${m._id}:ai1`))!;
    expect(item.dueAt).toBe(at(10, 7, 14));
    await tickAt(at(10, 5, 17, 1));
    expect((await meetings.getItem(item._id))!.level).toBe(0);
  });

  it("an old 'approve new date' button does not approve a different, later request", async () => {
    h.clock.set(at(10, 7, 9));
    const m = await schedule(at(10, 8, 10), "سرای محله");
    h.clock.set(at(10, 8, 12));
    const rec = await meetings.recordMinutes(m._id, zActor(), {
      attended: [],
      decisions: [],
      actionItems: [
        {
          text: "تعمیر نیمکت‌ها",
          owner: { type: "person", personId: `d8:${HOSSEIN}` },
          dueAt: at(10, 20, 14),
        },
      ],
    });
    expect(rec.ok).toBe(true);
    const id = `${m._id}:ai1`;
    expect((await meetings.requestNewDate(id, hActor(), at(10, 25, 14), "اول")).ok).toBe(true);
    h.clock.set(at(10, 8, 12, 5));
    await h.app.dispatcher.drain();
    const first = await zahra.waitFor((x) => Boolean(x.text?.includes("دلیل: اول")));
    expect((await meetings.requestNewDate(id, hActor(), at(10, 28, 14), "دوم")).ok).toBe(true);
    await h.app.dispatcher.drain();
    await zahra.waitFor((x) => Boolean(x.text?.includes("دلیل: دوم")));
    // The secretary approves the first request she read (25 Dey).
    const press = await zahra.press("✅ موافقم", { messageId: first.messageId });
    expect((await zahra.expectCallbackAnswered(press)).text).toContain("این درخواست عوض شده است");
    const it2 = (await meetings.getItem(id))!;
    // Neither date: the item keeps its own, and the later request still waits.
    expect(it2.dueAt).toBe(at(10, 20, 14));
    expect(it2.dateRequest?.dueAt).toBe(at(10, 28, 14));
  });

  it("approving a requested date that has already passed is refused (not an instant overdue)", async () => {
    h.clock.set(at(10, 10, 9));
    const m = await schedule(at(10, 11, 10), "سرای محلهٔ نارمک");
    h.clock.set(at(10, 11, 12));
    const rec = await meetings.recordMinutes(m._id, zActor(), {
      attended: [],
      decisions: [],
      actionItems: [
        {
          text: "کاشت درخت",
          owner: { type: "person", personId: `d8:${HOSSEIN}` },
          dueAt: at(10, 13, 14),
        },
      ],
    });
    expect(rec.ok).toBe(true);
    const id = `${m._id}:ai1`;
    expect((await meetings.requestNewDate(id, hActor(), at(10, 14, 14))).ok).toBe(true);
    // The secretary answers some days later, after the requested date.
    h.clock.set(at(10, 16, 10));
    const r = await meetings.answerDateRequest(id, zActor(), true);
    expect(r).toEqual({ ok: false, why: "past" });
    expect((await meetings.getItem(id))!.dueAt).toBe(at(10, 13, 14));
    // Refusing it still works, so the owner can ask for a new date.
    expect((await meetings.answerDateRequest(id, zActor(), false)).ok).toBe(true);
  });

  it("the agenda's delete button still works after a participant merely answered the invitation", async () => {
    h.clock.set(at(10, 17, 9));
    const m = await schedule(at(10, 22, 10), "کتابخانه");
    for (const t of ["بند الف", "بند ب"])
      await meetings.editAgenda(m._id, zActor(), {
        op: "add",
        item: { id: `c-${t}`, kind: "custom", title: t },
      });
    await h.app.dispatcher.drain();
    const card = await zahra.waitFor((x) =>
      Boolean(x.text?.includes("کتابخانه") && x.text.includes("تعیین شد")),
    );
    await zahra.pressCallbackData(`m:age:${m._id}`, card.messageId);
    const view = await zahra.waitFor(
      (x) => Boolean(x.text?.includes("بند الف")) && x.messageId > card.messageId,
    );
    // Hossein answers "attending": the agenda itself did not change.
    expect((await meetings.rsvp(m._id, hActor(), "yes")).ok).toBe(true);
    const upd = await zahra.press("🗑 ۱", { messageId: view.messageId });
    const ans = await zahra.expectCallbackAnswered(upd);
    expect(ans.text ?? "").not.toContain("تغییر کرده است");
    expect((await meetings.get(m._id))!.agenda.map((a) => a.title)).toEqual(["بند ب"]);
  });

  it("every agenda item can be removed from the edit view (agenda of 22 items)", async () => {
    h.clock.set(at(10, 23, 9));
    const m = await schedule(at(10, 29, 10), "سالن شماره دو");
    for (let i = 1; i <= 22; i++)
      await meetings.editAgenda(m._id, zActor(), {
        op: "add",
        item: { id: `k-${i}`, kind: "custom", title: `موضوع ${i}` },
      });
    await h.app.dispatcher.drain();
    const card = await zahra.waitFor((x) => Boolean(x.text?.includes("سالن شماره دو")));
    await zahra.pressCallbackData(`m:age:${m._id}`, card.messageId);
    const view = await zahra.waitFor(
      (x) => Boolean(x.text?.includes("موضوع ۲۲")) && x.messageId > card.messageId,
    );
    const labels = zahra
      .inlineButtons(view)
      .flat()
      .map((b) => b.text);
    expect(labels).toContain("🗑 ۲۲");
  });
});

describe("the calendar file", () => {
  it("folds its lines at 75 octets, between characters, and unfolds back to the same text", async () => {
    const { foldOctets, meetingIcs } = await import("../../src/meetings/ics.ts");
    const place = "سالن جلسات سرای محلهٔ نارمک، خیابان دماوند، نرسیده به میدان 😀".repeat(2);
    const text = meetingIcs({
      uid: "m1",
      title: "جلسهٔ کارگروه خدمات شهری نارمک",
      startAt: at(9, 20, 10),
      durationMin: 90,
      location: place,
      description: "دستور جلسه: پیگیری لایروبی جوی‌ها و نورپردازی کوچه‌ها".repeat(3),
    }).toString("utf8");
    for (const line of text.split("\r\n"))
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain(`LOCATION:${place.replaceAll(",", "\\,")}`);
    expect(foldOctets(unfolded)).toBe(text);
  });
});

describe("the day-before attendance check", () => {
  it("counts only participants still on the roster", async () => {
    h.clock.set(at(11, 1, 9));
    const m = await schedule(at(11, 6, 10), "سرای محلهٔ نارمک، سالن دوم");
    expect(m.participants).toHaveLength(3);
    expect((await meetings.rsvp(m._id, hActor(), "yes")).ok).toBe(true);
    // The third participant leaves the roster: one of the two left has confirmed.
    const gone = m.participants.find((p) => p !== `d8:${ZAHRA}` && p !== `d8:${HOSSEIN}`)!;
    await h.repos.people.col.updateOne({ _id: gone }, { $set: { active: false } });
    h.repos.people.invalidate();
    await tickAt(at(11, 5, 10, 1));
    const warns = await h.app.services.outbox.find({
      kind: "meeting.low_attendance",
      "data.meetingId": m._id,
    });
    expect(warns).toEqual([]);
    await h.repos.people.col.updateOne({ _id: gone }, { $set: { active: true } });
    h.repos.people.invalidate();
  });
});

describe("the action items' escalation sweep", () => {
  it("passes over an item it cannot escalate and escalates the rest", async () => {
    h.clock.set(at(11, 1, 9));
    const meeting = await schedule(at(11, 1, 10), "سالن اجتماعات");
    const items = h.store.collection<ActionItemDoc>(ACTION_ITEMS);
    const base = {
      meetingId: meeting._id,
      text: "پیگیری جمع‌آوری نخاله",
      owner: { type: "person" as const, personId: `d8:${HOSSEIN}` },
      ownerIds: [`d8:${HOSSEIN}`],
      dueAt: at(11, 2, 12),
      state: "open" as const,
      level: 0,
      createdAt: at(11, 1, 9),
      updatedAt: at(11, 1, 9),
    };
    // First in deadline order, and broken: its district is not (or no longer) imported.
    await items.insertOne({
      ...base,
      _id: "ai-broken",
      districtId: "d-gone",
      deadlineAt: at(11, 3, 8),
    });
    await items.insertOne({ ...base, _id: "ai-fine", districtId: "d8", deadlineAt: at(11, 3, 9) });
    h.clock.set(at(11, 3, 10));
    await meetings.sweep();
    expect((await items.findOne({ _id: "ai-fine" }))?.level).toBe(1);
    expect((await items.findOne({ _id: "ai-broken" }))?.level).toBe(0);
    await items.deleteMany({ _id: { $in: ["ai-broken", "ai-fine"] } });
  });
});

describe("my action items", () => {
  it("shows the ten due soonest, says how many more wait, and counts them all on the button", async () => {
    h.clock.set(at(11, 8, 9));
    const meeting = await schedule(at(11, 8, 10), "سرای محلهٔ نارمک");
    h.clock.set(at(11, 8, 12));
    const hosseinDoc = (await h.repos.people.get(`d8:${HOSSEIN}`))!;
    const before = await h.store
      .collection<ActionItemDoc>(ACTION_ITEMS)
      .countDocuments({ ownerIds: hosseinDoc._id, state: "open" });
    const recorded = await meetings.recordMinutes(meeting._id, zActor(), {
      attended: [],
      decisions: [],
      actionItems: Array.from({ length: 24 }, (_, i) => ({
        text: `کار شمارهٔ ${i + 1}`,
        owner: { type: "person" as const, personId: hosseinDoc._id },
        dueAt: at(11, 10, 12) + i * 86_400_000,
      })),
    });
    expect(recorded.ok).toBe(true);
    const open = before + 24;
    await hossein.send("📅 جلسه‌ها");
    const list = await hossein.waitFor(/جلسه/);
    const button = hossein
      .inlineButtons(list)
      .flat()
      .find((b) => b.text.startsWith("📌"));
    expect(button?.text).toContain(`(${fa(String(open))})`);
    const seen = hossein.messages().length;
    await hossein.press(button!.text, { messageId: list.messageId });
    const more = await hossein.waitFor(/اقدام دیگر که سررسیدشان دیرتر است/);
    expect(more.text).toContain(`و ${fa(String(open - 10))} اقدام دیگر`);
    const shown = hossein
      .messages()
      .slice(seen)
      .filter((m) => /کار شمارهٔ/.test(m.text ?? ""));
    expect(shown.length).toBe(10 - Math.min(before, 10));
    expect(shown.map((m) => /کار شمارهٔ (\S+)/.exec(m.text ?? "")?.[1])).toEqual(
      ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"].slice(0, shown.length),
    );
  });
});

describe("the meetings list", () => {
  it("shows the eight soonest and says how many more come after them", async () => {
    h.clock.set(at(12, 1, 9));
    for (let d = 2; d <= 13; d++) await schedule(at(12, d, 10), `سالن شمارهٔ ${d}`);
    const all = await h.store.collection<MeetingDoc>(MEETINGS).countDocuments({
      state: "scheduled",
      startAt: { $gte: h.clock.now() - 14 * 86_400_000 },
      $or: [{ participants: `d8:${ZAHRA}` }, { secretaryId: `d8:${ZAHRA}` }],
    });
    expect(all).toBeGreaterThan(8);
    await zahra.send("📅 جلسه‌ها");
    const list = await zahra.waitFor(/جلسه‌های پیش رو/);
    expect(list.text).toContain(`و ${fa(String(all - 8))} جلسهٔ دیگر پس از این‌ها`);
    const meetingButtons = zahra
      .inlineButtons(list)
      .flat()
      .filter((b) => b.callback_data?.startsWith("m:o:"));
    expect(meetingButtons).toHaveLength(8);
  });
});
