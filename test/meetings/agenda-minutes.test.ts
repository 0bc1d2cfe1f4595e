import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarOf } from "../../src/district/calendar.ts";
import { addWorkingDays } from "../../src/domain/workdays.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { ReportDoc } from "../../src/reports/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa } from "../reports/helpers.ts";
import { at, HOSSEIN, openReport, setAgenda, signInGroup, ZAHRA } from "./helpers.ts";

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let presidium: User;
let secretary: PersonDoc;

const report = (id: string, over: Partial<ReportDoc>): ReportDoc =>
  openReport(h.clock.now(), id, {
    description: "آب‌گرفتگی جوی خیابان",
    normText: "اب گرفتگی",
    ...over,
  });

/** Notifications queued for a user (their delivery is paced: one a second per chat). */
const queuedFor = (user: User, kind: string, extra: Record<string, unknown> = {}) =>
  h.app.services.outbox.find({ kind, "recipient.chatId": user.id, ...extra });

/** An hour-long meeting of Narmak's urban-services group, scheduled an hour before it. */
async function narmakMeeting(startAt: number, place: string) {
  h.clock.set(startAt - 3_600_000);
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    durationMin: 60,
    place,
  });
  if (!r.ok) throw new Error("not scheduled");
  return r;
}

/** In the minutes form: one action item added — what, whose, due when (typed). */
async function addActionItem(text: string, owner: string, due: string) {
  await zahra.press("➕ افزودن اقدام");
  await zahra.waitFor(/شرح اقدام/);
  await zahra.send(text);
  await zahra.waitFor(/مسئول این اقدام کیست/);
  await zahra.press(owner);
  await zahra.waitFor(/مهلت انجام/);
  await zahra.send(due);
}

async function tickAt(ts: number) {
  h.clock.set(ts);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
}

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  ({ zahra, hossein, secretary } = await signInGroup(h));
  const client = h.client("telegram");
  presidium = await signIn(client, PEOPLE.presidium.phone);
  // Who is told of owners who never signed in (else the presidium, whose chat this follows).
  await signIn(client, PEOPLE.liaison.phone);
  const col = h.store.collection<ReportDoc>("reports");
  const past = h.clock.now() - 86_400_000;
  await col.insertOne(report("rep00001", { deadlineAt: past, description: "جوی مسدود" }));
  await col.insertOne(report("rep00002", { description: "برای جلسه", agenda: ["meeting"] }));
  await col.insertOne(report("rep00003", { state: "closed", deadlineAt: past }));
  await col.insertOne(report("rep00004", { neighborhood: "dardasht", deadlineAt: past }));
  await col.insertOne(report("rep00005", { subject: "environment", deadlineAt: past }));
  await col.insertOne(
    report("rep00006", { subject: "environment", agenda: ["presidium"], level: 2 }),
  );
  await col.insertOne(report("rep00007", { deadlineAt: h.clock.now() + 86_400_000 }));
});
afterAll(async () => {
  await h?.stop();
});

describe("agenda", () => {
  it("is assembled from open items of the meeting's scope", async () => {
    const hood = await meetings.create({
      person: secretary,
      scope: {
        kind: "wg",
        level: "neighborhood",
        subject: "urban_services",
        neighborhood: "narmak",
      },
      startAt: at(9, 12, 10),
      place: "سالن",
    });
    const pres = await meetings.create({
      person: (await h.repos.people.get(`d8:${PEOPLE.presidium.phone}`))!,
      scope: { kind: "presidium" },
      startAt: at(9, 12, 12),
      place: "ساختمان شهرداری",
    });
    const dist = await meetings.create({
      person: (await h.repos.people.get(`d8:${PEOPLE.districtUrbanSecretary.phone}`))!,
      scope: { kind: "wg", level: "district", subject: "urban_services" },
      startAt: at(9, 12, 14),
      place: "شهرداری منطقه",
    });
    if (!hood.ok || !pres.ok || !dist.ok) throw new Error("not scheduled");
    const refs = async (id: string) =>
      (await meetings.agendaOf(id))!.agenda.map((a) => a.refId).sort();
    // Past deadline or tagged for the meeting; not closed, not another subject or hood.
    expect(await refs(hood.meeting._id)).toEqual(["rep00001", "rep00002"]);
    expect(await refs(pres.meeting._id)).toEqual(["rep00006"]);
    expect(await refs(dist.meeting._id)).toEqual(["rep00001", "rep00002", "rep00004"]);
    // The presidium meeting's participants: the presidium and the mayor.
    expect(pres.meeting.participants).toContain("d8:989121000020");
    expect(pres.meeting.participants).toContain(`d8:${PEOPLE.presidium.phone}`);

    // The secretary removes and orders items through the buttons.
    const card = await zahra.waitFor((m) =>
      Boolean(m.text?.includes("سالن") && m.text.includes("تعیین شد")),
    );
    await zahra.press("📋 دستور جلسه", { messageId: card.messageId });
    const view = await zahra.waitFor(/جوی مسدود/);
    await zahra.press("⬆️ ۲", { messageId: view.messageId });
    await zahra.waitFor(/دستور جلسه به‌روز شد|برای جلسه/);
    await new Promise((r) => setTimeout(r, 200));
    expect((await meetings.get(hood.meeting._id))!.agenda.map((a) => a.refId)).toEqual([
      "rep00002",
      "rep00001",
    ]);
    const fresh = zahra.last()!;
    await zahra.press("🗑 ۱", { messageId: fresh.messageId });
    await new Promise((r) => setTimeout(r, 300));
    expect((await meetings.get(hood.meeting._id))!.agenda.map((a) => a.refId)).toEqual([
      "rep00001",
    ]);
    // A participant who is not the secretary can't edit it.
    const denied = await hossein.pressCallbackData(
      `m:arm:${hood.meeting._id}:0:0`,
      hossein.last()!.messageId,
    );
    expect((await hossein.expectCallbackAnswered(denied)).text).toContain("فقط از دبیر");
  });
});

describe("minutes and action items", () => {
  it("records minutes through the conversation, updates the report, escalates the action item rung by rung", async () => {
    const r = await meetings.create({
      person: secretary,
      scope: {
        kind: "wg",
        level: "neighborhood",
        subject: "urban_services",
        neighborhood: "narmak",
      },
      startAt: at(9, 13, 10),
      place: "سرای محله",
    });
    if (!r.ok) throw new Error("not scheduled");
    const id = r.meeting._id;
    await meetings.rsvp(id, { personId: `d8:${HOSSEIN}`, platform: "telegram", userId: 1 }, "yes");
    await meetings.editAgenda(
      id,
      { personId: secretary._id, platform: "telegram", userId: 1 },
      {
        op: "remove",
        itemId: "r-rep00002",
      },
    );
    h.clock.set(at(9, 13, 12));
    await zahra.send("📅 جلسه‌ها");
    await zahra.waitFor(/جلسه‌های پیش رو/);
    await zahra.press(/۱۳ آذر/);
    await zahra.press("📝 ثبت صورتجلسه");
    const att = await zahra.waitFor(/چه کسانی حاضر بودند/);
    expect(
      zahra
        .inlineButtons(att)
        .flat()
        .map((b) => b.text),
    ).toContain("✅ حسین موسوی");
    await zahra.press("⬜ زهرا کریمی", { messageId: att.messageId });
    await zahra.press("ادامه ⬅️", { messageId: att.messageId });
    await zahra.waitFor(/بند ۱ از ۱/);
    await zahra.send("پیمانکار تا پایان هفته جوی را لایروبی کند");
    await zahra.waitFor(/وضعیت این گزارش تغییر کند/);
    await zahra.press("رفع‌شده");
    await zahra.waitFor(/اقدام دیگری هست/);
    await addActionItem("پیگیری لایروبی با پیمانکار", "حسین موسوی", "۱۴۰۵/۰۹/۲۰");
    // 20 Azar 1405 is a Friday: allowed, but said, as for a meeting.
    await zahra.waitFor(/⚠️ توجه: این روز جمعه است/);
    await zahra.waitFor(/اقدام‌های ثبت‌شده: ۱/);
    await zahra.press("ادامه ⬅️");
    await zahra.waitFor(/خلاصهٔ صورتجلسه/);
    await zahra.press("✅ ثبت");
    await zahra.waitFor(/صورتجلسه ثبت و برای همهٔ شرکت‌کنندگان فرستاده شد/);

    const held = (await meetings.get(id))!;
    expect(held.state).toBe("held");
    expect(held.minutes?.attended.sort()).toEqual([`d8:${HOSSEIN}`, `d8:${ZAHRA}`].sort());
    expect(held.minutes?.decisions[0]).toMatchObject({
      reportAction: "resolve",
      reportResult: "ok",
    });
    expect((await h.app.services.reports.get("rep00001"))?.state).toBe("resolved");
    const minutes = await hossein.waitFor(/صورتجلسه\n/);
    expect(minutes.text).toContain("پیگیری لایروبی با پیمانکار");
    await hossein.waitFor(/اقدامی از صورتجلسه به شما سپرده شد/);

    const item = (await meetings.getItem(`${id}:ai1`))!;
    expect(item.ownerIds).toEqual([`d8:${HOSSEIN}`]);
    const due = at(9, 20, 14);
    expect(item.dueAt).toBe(due);
    // Reminded a day before; overdue → the meeting's secretary; then → the presidium.
    await tickAt(due - 24 * 3_600_000 + 60_000);
    await hossein.waitFor(/مهلت این اقدام نزدیک است/);
    await tickAt(due + 60_000);
    expect((await meetings.getItem(item._id))!.level).toBe(1);
    expect(
      await queuedFor(zahra, "meeting.action_overdue", { "data.itemId": item._id }),
    ).toHaveLength(1);
    await hossein.waitFor(/مهلت این اقدام گذشته/, { timeoutMs: 10_000 });
    expect(presidium.messages().some((m) => m.text?.includes("پیگیری لایروبی"))).toBe(false);
    const district = (await h.repos.districts.get("d8"))!;
    const rung2 = addWorkingDays(due + 60_000, 3, calendarOf(district));
    await tickAt(rung2 - 60_000);
    expect((await meetings.getItem(item._id))!.level).toBe(1);
    await tickAt(rung2 + 60_000);
    expect((await meetings.getItem(item._id))!.level).toBe(2);
    await presidium.waitFor(/همچنان انجام نشده/, { timeoutMs: 10_000 });
    await tickAt(rung2 + 30 * 86_400_000);
    expect(
      await h.app.services.outbox.count({
        kind: "meeting.action_overdue",
        "data.itemId": item._id,
      }),
    ).toBe(4); // rung 1: secretary + owner; rung 2: presidium member + owner

    // The owner marks it done with a note; the secretary is told.
    const note = hossein
      .messages()
      .filter((m) => m.text?.includes("پیگیری لایروبی"))
      .at(-1)!;
    await hossein.press("✅ انجام شد", { messageId: note.messageId });
    await hossein.waitFor(/توضیح کوتاهی/);
    await hossein.send("جوی لایروبی شد");
    await hossein.waitFor(/به دبیر جلسه اطلاع داده شد/);
    expect((await meetings.getItem(item._id))!.state).toBe("done");
    const done = await queuedFor(zahra, "meeting.action_done", { "data.itemId": item._id });
    expect(done.map((d) => d.data.note)).toEqual(["جوی لایروبی شد"]);
  });

  it("a meeting without minutes reminds the secretary after 2 working days and tells the presidium after 5", async () => {
    const r = await narmakMeeting(at(10, 1, 10), "خانهٔ محله");
    const district = (await h.repos.districts.get("d8"))!;
    const end = at(10, 1, 11);
    const two = addWorkingDays(end, 2, calendarOf(district));
    const five = addWorkingDays(end, 5, calendarOf(district));
    const nags = () =>
      h.app.services.outbox.find({ kind: "meeting.minutes_nag", "data.meetingId": r.meeting._id });
    await tickAt(two - 60_000);
    expect(await nags()).toHaveLength(0);
    await tickAt(two);
    expect((await nags()).map((n) => n.data.stage)).toEqual(["secretary"]);
    await tickAt(five);
    await tickAt(five + 86_400_000);
    expect((await nags()).map((n) => n.data.stage)).toEqual(["secretary", "presidium"]);
    await presidium.waitFor(/هنوز صورتجلسه‌ای ثبت نشده/);
  });

  it("tells the presidium the district's own count of working days, not a fixed five", async () => {
    await h.repos.districts.col.updateOne(
      { _id: "d8" },
      { $set: { "deadlines.minutesEscalation": 3 } },
    );
    h.app.repos.districts.invalidate();
    try {
      const r = await narmakMeeting(at(10, 15, 10), "خانهٔ محله، طبقهٔ دوم");
      const district = (await h.repos.districts.get("d8"))!;
      const end = at(10, 15, 11);
      await tickAt(addWorkingDays(end, 2, calendarOf(district)));
      await tickAt(addWorkingDays(end, 3, calendarOf(district)));
      await tickAt(addWorkingDays(end, 3, calendarOf(district)) + 86_400_000);
      // What the presidium is sent, rendered as the dispatcher renders it.
      const nag = (
        await h.app.services.outbox.find({
          kind: "meeting.minutes_nag",
          "data.meetingId": r.meeting._id,
        })
      ).find((n) => n.data.stage === "presidium");
      const render = (lang: "fa" | "en") =>
        h.app.services.renderers.render(nag!.kind, nag!.data, lang, h.clock.now());
      expect((await render("fa"))?.text).toMatch(/پس از ۳ روز کاری هنوز صورتجلسه‌ای ثبت نشده/);
      expect((await render("en"))?.text).toMatch(/^⚠️ 3 working days on, this meeting/);
    } finally {
      await h.repos.districts.col.updateOne(
        { _id: "d8" },
        { $set: { "deadlines.minutesEscalation": 5 } },
      );
      h.app.repos.districts.invalidate();
    }
  });
});

describe("minutes of a long agenda", () => {
  it("items past the twelfth share one note, kept in the minutes, instead of vanishing", async () => {
    const r = await narmakMeeting(at(10, 22, 10), "سالن اجتماعات");
    const id = r.meeting._id;
    const actor = { personId: secretary._id, platform: "telegram" as const, userId: zahra.id };
    await setAgenda(
      meetings,
      id,
      actor,
      Array.from({ length: 14 }, (_, k) => ({
        id: `c${k + 1}`,
        kind: "custom" as const,
        title: `موضوع ${k + 1}`,
      })),
    );
    h.clock.set(at(10, 22, 10, 30));
    await zahra.pressCallbackData(`m:min:${id}`, zahra.last()!.messageId);
    const attendance = await zahra.waitFor(/چه کسانی حاضر بودند/);
    await zahra.press("ادامه ⬅️", { messageId: attendance.messageId });
    for (let i = 1; i <= 12; i++) {
      await zahra.waitFor(new RegExp(`^بند ${fa(String(i))} از ${fa("12")}`));
      await zahra.send(`تصمیم ${i}`);
      // An open report the agenda was built with asks whether its state changes: it doesn't.
      const next = await zahra.waitFor((m) =>
        /^بند |وضعیت این گزارش تغییر کند|بند دیگر هم در دستور/.test(m.text ?? ""),
      );
      if (/وضعیت این گزارش/.test(next.text ?? "")) await zahra.press("بدون تغییر");
    }
    const rest = await zahra.waitFor(/بند دیگر هم در دستور جلسه بود/);
    expect(rest.text).toContain(`موضوع ${fa("13")}`);
    expect(rest.text).toContain(`موضوع ${fa("14")}`);
    await zahra.send("هر دو به جلسهٔ بعد موکول شد");
    await zahra.waitFor(/اقدام‌های ثبت‌شده/);
    await zahra.press("ادامه ⬅️");
    const summary = await zahra.waitFor(/خلاصهٔ صورتجلسه/);
    expect(summary.text).toContain("هر دو به جلسهٔ بعد موکول شد");
    await zahra.press("✅ ثبت");
    await zahra.waitFor(/صورتجلسه ثبت/);
    const minutes = (await meetings.get(id))!.minutes!;
    expect(minutes.decisions).toHaveLength(12);
    expect(minutes.notes).toBe("هر دو به جلسهٔ بعد موکول شد");
  });
});

describe("long minutes", () => {
  it("are shown whole before saving and reach participants whole, over several messages", async () => {
    const r = await narmakMeeting(at(10, 29, 10), "سالن اجتماعات");
    const id = r.meeting._id;
    const actor = { personId: secretary._id, platform: "telegram" as const, userId: zahra.id };
    await setAgenda(
      meetings,
      id,
      actor,
      Array.from({ length: 8 }, (_, k) => ({
        id: `l${k + 1}`,
        kind: "custom" as const,
        title: `بند بلند ${k + 1}`,
      })),
    );
    h.clock.set(at(10, 29, 10, 30));
    await zahra.pressCallbackData(`m:min:${id}`, zahra.last()!.messageId);
    const attendance = await zahra.waitFor(/چه کسانی حاضر بودند/);
    await zahra.press("ادامه ⬅️", { messageId: attendance.messageId });
    // The agenda also holds the district's open reports: their state is left as it is.
    let n = 0;
    for (;;) {
      const ask = await zahra.waitFor((m) =>
        /^بند |وضعیت این گزارش تغییر کند|اقدام‌های ثبت‌شده/.test(m.text ?? ""),
      );
      if (/اقدام‌های ثبت‌شده/.test(ask.text ?? "")) break;
      if (/وضعیت این گزارش/.test(ask.text ?? ""))
        await zahra.pressCallbackData("mx:none", ask.messageId);
      else {
        n++;
        await zahra.send(`${`تصمیم ${n} `.padEnd(480, "ک")} پایان${n}`);
      }
    }
    expect(n).toBeGreaterThanOrEqual(8);
    // 22 Bahman, a holiday in the district's calendar (a Thursday).
    await addActionItem("اقدام مهم پایانی", "حسین موسوی", "۱۴۰۵/۱۱/۲۲");
    await zahra.waitFor(/⚠️ توجه: این روز در تقویم منطقه تعطیل است/);
    await zahra.waitFor(/اقدام‌های ثبت‌شده: ۱/);
    const before = zahra.messages().length;
    await zahra.press("ادامه ⬅️");
    await zahra.waitFor((m) =>
      zahra
        .inlineButtons(m)
        .flat()
        .some((b) => b.text === "✅ ثبت"),
    );
    const summary = zahra
      .messages()
      .slice(before)
      .map((m) => m.text ?? "")
      .join("\n");
    for (let i = 1; i <= n; i++) expect(summary).toContain(`پایان${i}`);
    expect(summary).toContain("اقدام مهم پایانی");
    await zahra.press("✅ ثبت");
    await zahra.waitFor(/صورتجلسه ثبت/);
    // One message a second per chat: the parts come one after another.
    await hossein.waitFor(
      (m) => /^📝 صورتجلسه \(بخش/.test(m.text ?? "") && /اقدام مهم پایانی/.test(m.text ?? ""),
      { timeoutMs: 20_000 },
    );
    const parts = hossein.messages().filter((m) => /^📝 صورتجلسه \(بخش/.test(m.text ?? ""));
    expect(parts.length).toBeGreaterThan(1);
    // In order: part 1 (the meeting and who attended) first.
    expect(parts.map((p) => /\(بخش (\S+) از/.exec(p.text ?? "")?.[1])).toEqual(
      parts.map((_, i) => fa(String(i + 1))),
    );
    for (const p of parts) expect((p.text ?? "").length).toBeLessThanOrEqual(4096);
    const all = parts.map((p) => p.text).join("\n");
    for (let i = 1; i <= n; i++) expect(all).toContain(`پایان${i}`);
  });
});

describe("monthly series", () => {
  it("day 31 of every month falls on the 30th in 30-day months; cancelled occurrences nag on the 20th", async () => {
    h.clock.set(at(10, 25, 9)); // 25 Dey 1405
    const r = await meetings.createSeries({
      person: secretary,
      scope: {
        kind: "wg",
        level: "neighborhood",
        subject: "urban_services",
        neighborhood: "narmak",
      },
      rule: { type: "day_of_month", day: 31 },
      hour: 17,
      minute: 0,
      place: "سالن ماهانه",
    });
    if (!r.ok) throw new Error("no series");
    // Dey, Bahman: 30 days; Esfand 1405 (common year): 29.
    expect(r.meetings.map((m) => m.startAt)).toEqual([
      at(10, 30, 17),
      at(11, 30, 17),
      at(12, 29, 17),
    ]);
    const sweep = async () => h.app.services.scheduler.tick();
    await sweep();
    expect(await meetings.meetings.countDocuments({ seriesId: r.series._id })).toBe(3);

    // The Bahman occurrence is cancelled; on 20 Bahman the secretary is reminded once.
    const actor = { personId: secretary._id, platform: "telegram" as const, userId: zahra.id };
    expect((await meetings.cancel(r.meetings[1]!._id, actor)).ok).toBe(true);
    await tickAt(at(11, 19, 9));
    const nags = () =>
      h.app.services.outbox.find({ kind: "meeting.series_nag", "data.seriesId": r.series._id });
    expect(await nags()).toHaveLength(0);
    await tickAt(at(11, 20, 9));
    await tickAt(at(11, 21, 9));
    expect(await nags()).toHaveLength(1);
    const nag = (await nags())[0]!;
    expect(nag.recipient.chatId).toBe(zahra.id);
    expect((await h.app.services.renderers.render(nag.kind, nag.data, "fa"))?.text).toContain(
      "در بهمن ۱۴۰۵ هنوز جلسه‌ای تعیین نشده",
    );
    // The cancelled occurrence is never generated again; Farvardin 1406 (31 days) appears.
    expect((await meetings.get(r.meetings[1]!._id))?.state).toBe("cancelled");
    const later = await meetings.meetings.find(
      { seriesId: r.series._id },
      { sort: { startAt: 1 } },
    );
    expect(later.map((m) => m.startAt)).toContain(at(1, 31, 17, 0, 1406));
  });
});
