import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportForms } from "../../conversations/report.ts";
import { OPEN_STATES } from "../../src/domain/reports.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import { DUPLICATE_CANDIDATES, type ReportService } from "../../src/reports/service.ts";
import type { AuditDoc } from "../../src/repos/types.ts";
import type { EmbeddedStore } from "../../src/store/embedded.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport, fillReport } from "./helpers.ts";

const DAY = 86_400_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const tick = () => h.app.services.scheduler.tick();

describe("escalation up the ladder", () => {
  it("moves a report one rung per breached deadline, never twice for one breach", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const level0 = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const level1 = await signIn(client, PEOPLE.districtUrbanSecretary.phone);
    const presidium = await signIn(client, PEOPLE.presidium.phone);
    const liaison = await signIn(client, PEOPLE.liaison.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "فاضلاب خیابان دوم سرریز کرده است",
    });
    // The receipt goes out first; the summary loses its buttons after it.
    const receipt = await reporter.waitFor(/گزارش شما ثبت شد/);
    const settled = await reporter.waitFor(
      (m) => /لطفاً گزارش را بررسی کنید/.test(m.text ?? "") && m.replyMarkup === undefined,
    );
    expect(receipt.seq).toBeLessThan(settled.seq);
    const reports = h.app.services.reports;
    const r0 = await reports.get(id);
    // Filed Sunday 10:00; two working days to acknowledge → Tuesday 10:00.
    expect(r0?.deadlineAt).toBe(h.clock.now() + 2 * DAY);

    h.clock.advance(2 * DAY - 60_000);
    await tick();
    expect((await reports.get(id))?.level).toBe(0);

    h.clock.advance(2 * 60_000);
    await tick();
    await tick(); // a second sweep finds nothing new
    let r = await reports.get(id);
    expect(r).toMatchObject({
      level: 1,
      step: "district_wg_secretary",
      breaches: 1,
      state: "submitted",
    });
    await level1.waitFor(
      new RegExp(`مهلت رسیدگی در سطح «دبیر کارگروه محله» گذشت[\\s\\S]*${fa(code)}`),
    );
    await level0.waitFor(
      new RegExp(`مهلت گزارش ${fa(code)} گذشت و به دبیر کارگروه منطقه ارجاع شد`),
    );
    await reporter.waitFor(new RegExp(`مهلت رسیدگی به گزارش ${fa(code)} گذشت`));

    // Tuesday 10:01 + 2 working days (Thursday and Friday are off) → Saturday 10:01.
    expect(r?.deadlineAt).toBe(h.clock.now() + 4 * DAY);
    h.clock.advance(4 * DAY + 60_000);
    await tick();
    r = await reports.get(id);
    expect(r).toMatchObject({ level: 2, step: "presidium", breaches: 2, agenda: ["presidium"] });
    await presidium.waitFor(new RegExp(`به شما \\(هیات رئیسه\\) ارجاع شد[\\s\\S]*${fa(code)}`));

    h.clock.advance(5 * DAY);
    await tick();
    r = await reports.get(id);
    expect(r).toMatchObject({ level: 3, step: "liaison", breaches: 3 });
    await liaison.waitFor(new RegExp(fa(code)));

    // At the top rung a breach is recorded once per deadline; the level stays.
    h.clock.advance(5 * DAY);
    await tick();
    await tick();
    r = await reports.get(id);
    expect(r).toMatchObject({ level: 3, breaches: 4 });
    // The liaison is told it is overdue and still theirs — not that it came to them.
    const overdue = await liaison.waitFor(
      new RegExp(
        `مهلت رسیدگی در سطح شما \\(رابط منطقه\\) گذشت و سطح بالاتری نیست[\\s\\S]*${fa(code)}`,
      ),
    );
    expect(overdue.text).not.toMatch(/ارجاع شد/);
    const actions = (await reports.history(id)).map((a) => a.action);
    expect(actions).toEqual([
      "report.submitted",
      "report.escalated",
      "report.escalated",
      "report.escalated",
      "report.breach",
    ]);
    // The previous owner can still act, and acknowledging stops the ack clock.
    const card = await level0.waitFor(new RegExp(`گزارش ${fa(code)}`));
    await level0.press("✅ دریافت شد", { messageId: card.messageId });
    await reporter.waitFor(`گزارش ${fa(code)} توسط مسئول دریافت شد`);
    expect((await reports.get(id))?.deadlineKind).toBe("resolve");
  });
});

describe("who hears about a move", () => {
  it("someone who owns it on both rungs hears it came to them, never that it left them", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    // Tehranpars' secretary owns a transport report there first; Parisa is the district's
    // transport secretary and on the presidium, so she owns it on the next two rungs.
    const tehranpars = await signIn(client, "989121000012");
    const parisa = await signIn(client, "989121000013");
    const { code, id } = await fileReport(h, reporter, {
      subject: "حمل‌ونقل و ترافیک",
      otherHood: "تهرانپارس غربی",
      description: "چراغ راهنمایی تقاطع تهرانپارس از کار افتاده است",
    });
    const reports = h.app.services.reports;
    for (let i = 0; i < 30 && (await reports.get(id))!.level < 2; i++) {
      h.clock.advance(DAY);
      await tick();
    }
    const r = await reports.get(id);
    expect(r).toMatchObject({ step: "presidium", level: 2 });
    expect(r?.owners).toContain("d8:989121000013");
    await h.app.dispatcher.drain({ timeoutMs: 5000 });
    await client.idle({ quietMs: 200 });
    const about = parisa
      .messages()
      .map((m) => m.text ?? "")
      .filter((t) => t.includes(fa(code)));
    expect(about).toHaveLength(2);
    expect(about[0]).toMatch(/به شما \(دبیر کارگروه منطقه\) ارجاع شد/);
    expect(about[1]).toMatch(/به شما \(هیات رئیسه\) ارجاع شد/);
    // The one it really left is still told, once.
    const left = tehranpars
      .messages()
      .filter((m) => (m.text ?? "").includes(`مهلت گزارش ${fa(code)} گذشت`));
    expect(left.map((m) => m.text)).toEqual([
      `⏰ مهلت گزارش ${fa(code)} گذشت و به دبیر کارگروه منطقه ارجاع شد. همچنان می‌توانید روی آن اقدام کنید.`,
    ]);
  });
});

describe("races and authorisation", () => {
  it("two owners pressing at once, and a double press, make one transition and one message", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const admin = await signIn(client, PEOPLE.admin.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "کابل برق روی پیاده‌رو افتاده و خطرناک است",
    });
    const card = await owner.waitFor(new RegExp(fa(code)));
    const adminMsg = admin.last()!;
    await Promise.all([
      owner.pressCallbackData(`r:ack:${id}`, card.messageId),
      owner.pressCallbackData(`r:ack:${id}`, card.messageId),
      admin.pressCallbackData(`r:ack:${id}`, adminMsg.messageId),
    ]);
    await client.idle({ quietMs: 200 });
    await h.app.dispatcher.drain({ timeoutMs: 5000 });
    await client.idle({ quietMs: 200 });
    const acks = (await h.app.services.reports.history(id)).filter(
      (a) => a.action === "report.ack",
    );
    expect(acks).toHaveLength(1);
    expect(
      reporter.messages().filter((m) => m.text?.includes(`${fa(code)} توسط مسئول دریافت شد`)),
    ).toHaveLength(1);
    const answers = [...client.state.callbackAnswers.values()].slice(-3).map((a) => a.text ?? "");
    expect(answers.filter((t) => t.includes("انجام شد"))).toHaveLength(1);
    expect(answers.filter((t) => t.includes("پیش‌تر رسیدگی شده است"))).toHaveLength(2);
  });

  it("a stranger and a councillor of another neighbourhood pressing a forwarded button change nothing", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const { id } = await fileReport(h, reporter, { description: "نیمکت‌های پارک نارمک شکسته‌اند" });
    const outsider = await signIn(client, "989121000007");
    const stranger = client.user({ id: 6_000_001, firstName: "X" });
    await stranger.send("/help");
    const help = await stranger.waitFor(/start/);
    for (const action of ["ack", "resolve", "reject", "noagree", "view"]) {
      const a = await outsider.pressCallbackData(`r:${action}:${id}`, outsider.last()!.messageId);
      const answer = await outsider.expectCallbackAnswered(a);
      expect(answer.text).toMatch(/اجازهٔ این کار|پیدا نشد/);
      const s = await stranger.pressCallbackData(`r:${action}:${id}`, help.messageId);
      expect((await stranger.expectCallbackAnswered(s)).text).toMatch(/هویت خود را تأیید کنید/);
    }
    const fake = await outsider.pressCallbackData(
      "r:ack:does-not-exist",
      outsider.last()!.messageId,
    );
    expect((await outsider.expectCallbackAnswered(fake)).text).toMatch(/پیدا نشد/);
    const r = await h.app.services.reports.get(id);
    expect(r?.state).toBe("submitted");
    expect((await h.app.services.reports.history(id)).map((a) => a.action)).toEqual([
      "report.submitted",
    ]);
  });
});

describe("duplicates", () => {
  it("shows similar open reports before filing, and records support instead of a new report", async () => {
    const client = h.client("telegram");
    const a = await signIn(client, "989121000006");
    const b = await signIn(client, "989121000007");
    const first = await fileReport(h, a, {
      description: "درخت بزرگ کوچه بهار در دردشت شکسته و راه را بسته است",
    });
    const before = await h.app.services.reports.col.countDocuments({});
    const summary = await fillReport(b, { description: "درخت بزرگ کوچه بهار شکسته و راه را بسته" });
    expect(summary.text).toContain("گزارش‌های بازِ مشابهی");
    await b.press(`👍 حمایت از ${fa(first.code)}`, { messageId: summary.messageId });
    await b.waitFor(new RegExp(`حمایت شما روی گزارش ${fa(first.code)} ثبت شد`));
    expect(await h.app.services.reports.col.countDocuments({})).toBe(before);
    const r = await h.app.services.reports.get(first.id);
    expect(r?.supporters).toEqual(["d8:989121000007"]);
    // A location within 100 m also counts as "maybe the same", whatever the words.
    const near = await fileReport(h, a, {
      description: "چاله بزرگ جلوی مدرسه دخترانه",
      location: { lat: 35.75, lon: 51.5 },
    });
    const s2 = await fillReport(b, {
      description: "آب‌گرفتگی شدید بعد از باران",
      location: { lat: 35.7503, lon: 51.5005 },
    });
    expect(s2.text).toContain("گزارش‌های بازِ مشابهی");
    expect(
      b
        .inlineButtons(s2)
        .flat()
        .map((x) => x.text),
    ).toContain(`👍 حمایت از ${fa(near.code)}`);
    await b.press("✅ ثبت گزارش", { messageId: s2.messageId });
    await b.waitFor(/گزارش شما ثبت شد/);
  });
});

describe("filing", () => {
  it("every odd input at every step gets a clear re-ask and changes nothing", async () => {
    const client = h.client("telegram");
    const u = await signIn(client, PEOPLE.councillor.phone);
    const before = await h.app.services.reports.col.countDocuments({});
    await u.send("📝 گزارش مشکل");
    await u.waitFor(/موضوع مشکل چیست/);
    await u.send("آب");
    await u.waitFor(/لطفاً یکی از دکمه‌ها را بزنید/);
    await u.sendSticker();
    await u.waitFor(/لطفاً یکی از دکمه‌ها را بزنید/);
    await u.press("خدمات شهری");
    await u.sendVoice();
    await u.waitFor(/لطفاً یکی از دکمه‌ها را بزنید/);
    await u.press(/^✅ همین محله/);
    await u.waitFor(/شرح دهید/);
    await u.send("خراب");
    await u.waitFor(/شرح خیلی کوتاه است/);
    await u.send("ا".repeat(2001));
    await u.waitFor(/شرح خیلی طولانی است \(۲٬۰۰۱ نویسه\)/);
    // Long enough, but no words: emoji, marks and numbers alone describe nothing.
    await u.send("😡😡😡 !!! ۱۲۳۴۵۶ 🚧🚧");
    await u.waitFor(/لطفاً با کلمه بنویسید/);
    await u.sendSticker();
    await u.waitFor(/برچسب را نمی‌توان/);
    await u.sendVoice();
    await u.waitFor(/پیام صوتی را نمی‌توان/);
    await u.sendDocument("a.pdf");
    await u.waitFor(/فایل را نمی‌توان/);
    await u.sendPhoto();
    await u.waitFor(/عکس را نمی‌توان/);
    await u.send("پل عابر پیاده خیابان اصلی نرده ندارد");
    await u.waitFor(/محل دقیق/);
    await u.send("ab");
    await u.waitFor(/موقعیت یا نشانی را متوجه نشدم/);
    await u.sendSticker();
    await u.waitFor(/متوجه نشدم/);
    await u.send("نارمک، خیابان گلبرگ، نبش کوچه ۱۲");
    await u.waitFor(/حداکثر ۵ عکس/);
    await u.send("سلام");
    await u.waitFor(/لطفاً فقط عکس بفرستید/);
    // A picture sent "as a file" is asked for again as a photo, and not kept; other files
    // are refused as before.
    await u.sendDocument("IMG_2041.jpg", Buffer.from([0xff, 0xd8, 0xff]), undefined, "image/jpeg");
    await u.waitFor(/به شکل فایل رسید.*به شکل عکس بفرستید/);
    await u.sendDocument("a.pdf", Buffer.from("%PDF-1.4"), undefined, "application/pdf");
    await u.waitFor(/لطفاً فقط عکس بفرستید/);
    await u.sendPhoto();
    await u.waitFor(/عکس ۱ از ۵ دریافت شد/);
    for (let i = 0; i < 4; i++) await u.sendPhoto();
    await u.waitFor(/۵ عکس پیوست شد/);
    await u.waitFor(/فوریت مشکل/);
    await u.send("فوری");
    await u.waitFor((m) => (m.text ?? "").includes("لطفاً یکی از دکمه‌ها"));
    await u.press("🚨 فوری");
    const summary = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    expect(summary.text).toContain("عکس: ۵");
    expect(summary.text).toContain("نبش کوچه ۱۲");
    expect(summary.text).toContain("🚨 فوری");
    // Edit a field from the summary, then Cancel: back to the summary, then Cancel there.
    await u.press("✏️ ویرایش", { messageId: summary.messageId });
    await u.press("شرح");
    await u.waitFor(/شرح دهید/);
    await u.send("✖️ انصراف");
    await u.waitFor(/بدون تغییر به خلاصه برگشتید/);
    const back = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    await u.press("✖️ انصراف", { messageId: back.messageId });
    await u.waitFor(/ثبت گزارش لغو شد/);
    expect(await h.app.services.reports.col.countDocuments({})).toBe(before);
    // /cancel also leaves the conversation at any step.
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.send("/cancel");
    await u.waitFor(/لغو شد. به منوی اصلی برگشتید/);
    await u.send("یک متن معمولی");
    await u.waitFor(/متوجه نشدم/);
    expect(await h.app.services.reports.col.countDocuments({})).toBe(before);
  });

  it("a language button pressed mid-form changes the language, and the form goes on", async () => {
    const client = h.client("telegram");
    const u = await signIn(client, PEOPLE.councillor.phone);
    await u.send("🌐 زبان / Language");
    const choose = await u.waitFor(/زبان خود را انتخاب کنید/);
    await u.send("📝 گزارش مشکل");
    await u.waitFor(/موضوع مشکل چیست/);
    // The language keyboard shown before the form: its press is not the form's business.
    await u.press("English", { messageId: choose.messageId });
    await u.waitFor(/The bot now speaks English/);
    await u.press("خدمات شهری");
    await u.waitFor(/Which neighbourhood is it in\?/);
    expect(u.messages().some((m) => /لطفاً یکی از دکمه‌ها/.test(m.text ?? ""))).toBe(false);
    await u.send("/cancel");
    await u.waitFor(/Cancelled/);
    await client.idle();
    expect(await reportForms(h.store).countDocuments({})).toBe(0);
  });

  it("a restart mid-conversation continues where it stopped", async () => {
    const client = h.client("telegram");
    const u = await signIn(client, PEOPLE.councillor.phone);
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/^✅ همین محله/);
    await u.waitFor(/شرح دهید/);
    await client.idle();
    // The form is a document of its own: the draft so far and the step it waits at.
    const saved = await reportForms(h.store).findOne({ _id: `telegram:${u.id}` });
    expect(saved).toMatchObject({
      personId: `d8:${PEOPLE.councillor.phone}`,
      step: "description",
      editing: false,
      draft: { subject: "urban_services", neighborhood: "narmak", photos: [] },
    });
    // No conversation replay log is kept for it.
    const conv = await h.store
      .collection<{ _id: string; data: string }>("conversations")
      .findOne({ _id: `telegram:${u.id}` });
    expect(conv).toBeNull();
    await h.restart();
    await u.send("شیر آتش‌نشانی خیابان هشتم نشتی دارد");
    await u.waitFor(/محل دقیق/);
    await u.send("⏭ رد شدن");
    await u.send("⏭ رد شدن");
    await u.press("عادی");
    await u.press("✅ ثبت گزارش");
    const done = await u.waitFor(/گزارش شما ثبت شد/);
    expect(done.text).toMatch(/به دبیر کارگروه محله ارجاع شد/);
    await client.idle();
    expect(await reportForms(h.store).countDocuments({})).toBe(0);
  });

  it("a report stored by a process that died before routing it is routed once when the submission comes again", async () => {
    const reports: ReportService = h.app.services.reports;
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    const input = {
      person,
      platform: "telegram" as const,
      chatId: 1,
      subject: "urban_services",
      neighborhood: "narmak",
      description: "گزارش پس از خرابی فرایند",
      photos: [],
      urgency: "normal" as const,
    };
    const a = await reports.create(input, "crash-test-a");
    // What a crash right after the insert leaves behind: the document, unrouted.
    const { _effects, ...rest } = a;
    await reports.col.insertOne({
      ...rest,
      _id: "crash-test-b",
      code: "8-1405-99999",
      seq: 99_999,
      _rev: 0,
      _effects: [],
    });
    expect(await reports.history("crash-test-b")).toEqual([]);
    const b = await reports.create(input, "crash-test-b");
    expect(b._rev).toBe(1);
    expect((await reports.history("crash-test-b")).map((x) => x.action)).toEqual([
      "report.submitted",
    ]);
    // The same submission once more changes nothing.
    await reports.create(input, "crash-test-b");
    await reports.create(input, "crash-test-a");
    expect((await reports.history("crash-test-b")).map((x) => x.action)).toEqual([
      "report.submitted",
    ]);
    expect((await reports.history("crash-test-a")).map((x) => x.action)).toEqual([
      "report.submitted",
    ]);
    expect(
      await h.app.services.outbox.count({ _id: { $regex: "^rep:crash-test-b:assigned:0" } }),
    ).toBeGreaterThan(0);

    // What a crash between the routed insert and its flush leaves: the document with its
    // effects still inside, none of them copied out. The submission coming again flushes
    // them at once (recovery would only on the next tick), and only once.
    const c = await reports.create(input, "crash-test-c");
    const audit = h.store.collection<AuditDoc>("audit");
    const outbox = h.store.collection<OutboxDoc>("outbox");
    const entry = (await audit.find({ itemId: "crash-test-c" }))[0]!;
    const notes = await outbox.find(
      { _id: { $regex: "^rep:crash-test-c:" } },
      { sort: { _id: 1 } },
    );
    expect(notes.length).toBeGreaterThan(0);
    const effects = [
      { _id: "crash-test-c:1:0", type: "audit", doc: entry },
      ...notes.map((doc, i) => ({ _id: `crash-test-c:1:${i + 1}`, type: "notify", doc })),
    ];
    await audit.deleteMany({ itemId: "crash-test-c" });
    await outbox.deleteMany({ _id: { $regex: "^rep:crash-test-c:" } });
    await reports.col.updateOne(
      { _id: "crash-test-c" },
      { $set: { _effects: effects as never, _pending: c.createdAt } },
    );
    await reports.create(input, "crash-test-c");
    await reports.create(input, "crash-test-c");
    expect(await outbox.countDocuments({ _id: { $regex: "^rep:crash-test-c:" } })).toBe(
      notes.length,
    );
    expect((await reports.history("crash-test-c")).map((x) => x.action)).toEqual([
      "report.submitted",
    ]);
    const after = await reports.col.findOne({ _id: "crash-test-c" });
    expect(after?._effects).toEqual([]);
    expect(after?._pending).toBeUndefined();
  });

  it("50 concurrent submissions get 50 distinct tracking codes", async () => {
    const reports: ReportService = h.app.services.reports;
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        reports.create({
          person,
          platform: "telegram",
          chatId: 1,
          subject: "health",
          neighborhood: "fadak",
          description: `گزارش همزمان ${i}`,
          photos: [],
          urgency: "normal",
        }),
      ),
    );
    const codes = new Set(made.map((r) => r.code));
    expect(codes.size).toBe(50);
    const seqs = made.map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs.at(-1)! - seqs[0]!).toBe(49);
  });

  it("similar reports are looked for among the most recent open ones only", async () => {
    const reports: ReportService = h.app.services.reports;
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    const file = (description: string) =>
      reports.create({
        person,
        platform: "telegram",
        chatId: 1,
        subject: "social",
        neighborhood: "tehranpars",
        description,
        photos: [],
        urgency: "normal",
      });
    const text = "سالن فرهنگسرای محله از ماه گذشته تعطیل مانده است";
    const old = await file(text);
    const query = {
      districtId: "d8",
      neighborhood: "tehranpars",
      subject: "social",
      description: text,
    };
    expect((await reports.findDuplicates(query)).map((r) => r._id)).toEqual([old._id]);
    // Newer open reports on other things push it out of the window of the most recent ones.
    for (let i = 0; i < DUPLICATE_CANDIDATES - 1; i++) {
      h.clock.advance(1000);
      await file(`موضوع دیگری شمارهٔ ${i} در همین محله`);
    }
    expect((await reports.findDuplicates(query)).map((r) => r._id)).toEqual([old._id]);
    h.clock.advance(1000);
    await file("و یک گزارش تازهٔ دیگر");
    expect(await reports.findDuplicates(query)).toEqual([]);
    // The most recent are read in order from an index that holds what the look-up needs,
    // and the look-up stops at the window: never a sort of every open report of the
    // neighbourhood and subject, nor a report read whole.
    const embedded = h.store as EmbeddedStore;
    const read = embedded.documentsRead;
    expect((await reports.findDuplicates(query)).length).toBe(0);
    expect(embedded.documentsRead).toBe(read);
    const plan = embedded.explainQuery(
      "reports",
      {
        districtId: "d8",
        neighborhood: "tehranpars",
        subject: "social",
        state: { $in: [...OPEN_STATES] },
        createdAt: { $gte: 0 },
      },
      { createdAt: -1 },
      { code: 1, normText: 1, location: 1 },
    );
    expect(plan).toMatch(/USING COVERING INDEX ix_reports_similar_texts/);
    expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });
});
