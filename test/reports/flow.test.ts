import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Platform } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe.each<Platform>(["telegram", "bale"])("the whole path on %s", (platform) => {
  it("file → route → acknowledge → refer → resolve → confirmed fixed → closed", async () => {
    const client = h.client(platform);
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);

    const { code, id } = await fileReport(h, reporter, {
      location: { lat: 35.7448, lon: 51.4969 },
      photos: 2,
    });
    expect(code).toMatch(/^8-1405-\d{5}$/);
    const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    expect(card.text).toContain("خدمات شهری");
    expect(card.text).toContain("نارمک");
    expect(card.text).toContain("عکس: ۲");
    // The pin in Persian digits, decimal separator and comma, like every number shown in Persian.
    expect(card.text).toContain("محل: ۳۵٫۷۴۴۸۰، ۵۱٫۴۹۶۹۰");
    expect(
      owner
        .inlineButtons(card)
        .flat()
        .map((b) => b.text),
    ).toContain("✅ دریافت شد");

    await owner.press("✅ دریافت شد", { messageId: card.messageId });
    await reporter.waitFor(`گزارش ${fa(code)} توسط مسئول دریافت شد`);

    await owner.press("↪️ ارجاع به شهرداری", { messageId: card.messageId });
    await owner.press("معاونت خدمات شهری و محیط زیست");
    await owner.waitFor(/یادداشت کوتاهی بنویسید/);
    await owner.send("با پیمانکار روشنایی هماهنگ شد");
    await owner.waitFor(/انجام شد/);
    await reporter.waitFor(/به شهرداری ارجاع شد: معاونت خدمات شهری و محیط زیست/);

    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    await owner.send("لامپ‌ها تعویض شد");
    const resolved = await reporter.waitFor(/آیا مشکل واقعاً رفع شده/);
    expect(resolved.text).toContain("لامپ‌ها تعویض شد");
    await reporter.press("✅ بله، رفع شد", { messageId: resolved.messageId });
    await reporter.waitFor(/گزارش بسته شد/);

    const report = await h.app.services.reports.get(id);
    expect(report?.state).toBe("closed");
    expect(report?.deadlineAt).toBeUndefined();
    const history = await h.app.services.reports.history(id);
    expect(history.map((a) => a.action)).toEqual([
      "report.submitted",
      "report.ack",
      "report.refer",
      "report.resolve",
      "report.closed",
    ]);
    expect(client.state.unansweredCallbacks()).toEqual([]);
  });
});

describe("owner actions", () => {
  it("reject as a duplicate of another code, with the reason told to the reporter", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const first = await fileReport(h, reporter, {
      description: "آسفالت کوچه سوم خراب و پر از چاله است",
    });
    const second = await fileReport(h, reporter, {
      description: "درختان بلوار اصلی آبیاری نمی‌شوند و خشک شده‌اند",
    });
    const card = await owner.waitFor(new RegExp(fa(second.code)));
    await owner.press("⛔ رد", { messageId: card.messageId });
    await owner.press("تکراری است");
    await owner.waitFor(/کد پیگیری گزارش اصلی/);
    await owner.send("not a code");
    await owner.waitFor(/این کد معتبر نیست/);
    await owner.send(fa(first.code));
    await owner.waitFor(/یادداشت کوتاهی/);
    await owner.send("⏭ رد شدن");
    await reporter.waitFor(new RegExp(`گزارش ${fa(second.code)} رد شد: تکراری ${fa(first.code)}`));
    const r = await h.app.services.reports.get(second.id);
    expect(r?.state).toBe("rejected");
    expect(r?.rejection).toMatchObject({ reason: "duplicate", duplicateOf: first.code });
    // The first cannot now be closed as a duplicate of the second: a rejected report is no
    // original, and the two would point at each other with the problem lost.
    const firstCard = owner
      .messages()
      .find((m) => m.text?.includes(`گزارش ${fa(first.code)}`) && m.replyMarkup)!;
    await owner.press("⛔ رد", { messageId: firstCard.messageId });
    await owner.press("تکراری است");
    await owner.waitFor(/کد پیگیری گزارش اصلی/);
    await owner.send(fa(second.code));
    await owner.waitFor(/خودش رد شده است/);
    await owner.send("/cancel");
    await owner.waitFor(/لغو شد/);
    expect((await h.app.services.reports.get(first.id))?.state).toBe("submitted");
  });

  it("a report's card offers its owner only what its state allows, and nothing once it is closed", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code } = await fileReport(h, reporter, {
      description: "جدول کنار پیاده‌رو شکسته و خطرناک است",
    });
    const buttonsOfCard = async () => {
      await owner.send(`/track ${code}`);
      const card = await owner.waitFor(/سابقه/);
      return owner
        .inlineButtons(card)
        .flat()
        .map((b) => b.text);
    };
    expect(await buttonsOfCard()).toEqual(
      expect.arrayContaining(["✅ دریافت شد", "⛔ رد", "📜 سابقه"]),
    );
    // Acknowledged: no acknowledging again (the press would only say it was handled).
    const notice = await owner.waitFor(new RegExp(`گزارش ${fa(code)}`));
    await owner.press("✅ دریافت شد", { messageId: notice.messageId });
    await reporter.waitFor(`گزارش ${fa(code)} توسط مسئول دریافت شد`);
    const acknowledged = await buttonsOfCard();
    expect(acknowledged).not.toContain("✅ دریافت شد");
    expect(acknowledged).toContain("⛔ رد");
    await owner.press("⛔ رد", { messageId: notice.messageId });
    await owner.press("خارج از حوزه است");
    await owner.waitFor(/یادداشت کوتاهی/);
    await owner.send("⏭ رد شدن");
    await reporter.waitFor(new RegExp(`گزارش ${fa(code)} رد شد`));
    // Rejected: a card to read, no buttons at all.
    await owner.send(`/track ${code}`);
    const closed = await owner.waitFor(/سابقه/);
    expect(closed.replyMarkup).toBeUndefined();
  });

  it("not fixed → reopened, back to the owner, counted as a breach", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "جوی آب خیابان نظری مسدود شده است",
    });
    const card = await owner.waitFor(new RegExp(fa(code)));
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.send("لایروبی شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    await reporter.press("❌ نه، رفع نشده", { messageId: ask.messageId });
    await reporter.waitFor(/دوباره باز شد و به مسئول برگشت/);
    await owner.waitFor(new RegExp(`مشکل رفع نشده؛ گزارش دوباره باز شد[\\s\\S]*${fa(code)}`));
    const r = await h.app.services.reports.get(id);
    expect(r).toMatchObject({ state: "reopened", breaches: 1, deadlineKind: "ack" });
    // The old "fixed" button is stale now and changes nothing.
    await reporter.press("✅ بله، رفع شد", { messageId: ask.messageId });
    await reporter.waitFor(/پیش‌تر رسیدگی شده است/);
    expect((await h.app.services.reports.get(id))?.state).toBe("reopened");
  });

  it("ask the reporter: the answer lands on the report and reaches the owner", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "صدای موتورخانه پارک شبانه مزاحمت دارد",
    });
    const card = await owner.waitFor(new RegExp(fa(code)));
    await owner.press("❓ پرسش از گزارش‌دهنده", { messageId: card.messageId });
    await owner.waitFor(/پرسش خود از گزارش‌دهنده/);
    await owner.send("از چه ساعتی صدا شروع می‌شود؟");
    const question = await reporter.waitFor(/از چه ساعتی صدا شروع می‌شود/);
    await reporter.press("✍️ پاسخ", { messageId: question.messageId });
    await reporter.waitFor(/پاسخ خود را بنویسید/);
    await reporter.send("از ساعت ۲۳ تا ۲ بامداد");
    await reporter.waitFor(/پاسخ شما برای مسئول ارسال شد/);
    await owner.waitFor(/پاسخ: از ساعت ۲۳ تا ۲ بامداد/);
    const r = await h.app.services.reports.get(id);
    expect(r?.questions[0]).toMatchObject({
      text: "از چه ساعتی صدا شروع می‌شود؟",
      answer: "از ساعت ۲۳ تا ۲ بامداد",
    });
    expect(r?.state).toBe("submitted");
  });

  it("no agreement sends it straight to the presidium with the secretary's note", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const presidium = await signIn(client, PEOPLE.presidium.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "پیاده‌رو خیابان هفتم توسط مغازه‌ها اشغال شده",
    });
    const card = await owner.waitFor(new RegExp(fa(code)));
    await owner.press("⚠️ عدم توافق ← هیات رئیسه", { messageId: card.messageId });
    await owner.send("شهرداری ناحیه پاسخ نمی‌دهد");
    const alert = await presidium.waitFor(/به توافق نرسید و گزارش به هیات رئیسه ارجاع شد/);
    expect(alert.text).toContain("⚠️ دبیر کارگروه محله با شهرداری به توافق نرسید");
    expect(alert.text).toContain("شهرداری ناحیه پاسخ نمی‌دهد");
    await reporter.waitFor(/به هیات رئیسه ارجاع شد تا با شهردار پیگیری شود/);
    const r = await h.app.services.reports.get(id);
    expect(r).toMatchObject({ step: "presidium", level: 2, agenda: ["presidium"] });
    expect(r?.pastOwners).toContain(`d8:${PEOPLE.narmakUrbanSecretary.phone}`);
  });

  it("no agreement names the rung that pressed it: the district working group's secretary", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const district = await signIn(client, PEOPLE.districtUrbanSecretary.phone);
    const presidium = await signIn(client, PEOPLE.presidium.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "جدول‌های بلوار اصلی شکسته و آب باران راه نمی‌رود",
    });
    for (let i = 0; i < 10 && (await reports.get(id))!.level < 1; i++) {
      h.clock.advance(86_400_000);
      await h.app.services.scheduler.tick();
    }
    expect((await reports.get(id))?.step).toBe("district_wg_secretary");
    const card = await district.waitFor(new RegExp(`ارجاع شد[\\s\\S]*${fa(code)}`));
    await district.press("⚠️ عدم توافق ← هیات رئیسه", { messageId: card.messageId });
    await district.send("معاونت پاسخ نمی‌دهد");
    const alert = await presidium.waitFor(
      new RegExp(`دبیر کارگروه منطقه با شهرداری به توافق نرسید[\\s\\S]*${fa(code)}`),
    );
    expect(alert.text).not.toContain("دبیر کارگروه محله");
    const told = await reporter.waitFor(new RegExp(`به توافق نرسید؛ گزارش ${fa(code)}`));
    expect(told.text).toMatch(/^دبیر کارگروه منطقه با شهرداری/);
  });
});

describe("owners' typed answers", () => {
  const filedFor = async (description: string) => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const filed = await fileReport(h, reporter, { description });
    const card = await owner.waitFor(new RegExp(fa(filed.code)));
    return { client, reporter, owner, card, ...filed };
  };

  it("«انصراف» typed as a word cancels a note or a choice, as its button does", async () => {
    const { client, owner, card, id } = await filedFor("سطل زباله کوچهٔ دهم سوخته است");
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    await owner.send("انصراف");
    await owner.waitFor(/لغو شد/);
    expect((await h.app.services.reports.get(id))?.state).toBe("submitted");
    await owner.press("↪️ ارجاع به شهرداری", { messageId: card.messageId });
    await owner.waitFor(/کدام معاونت/);
    await owner.send("انصراف");
    await owner.waitFor(/لغو شد/);
    await client.idle({ quietMs: 100 });
    expect((await h.app.services.reports.get(id))?.state).toBe("submitted");
  });

  it("a choice asked again after an old button keeps one Cancel row", async () => {
    const { owner, card } = await filedFor("نیمکت‌های پارک محله شکسته است");
    await owner.press("↪️ ارجاع به شهرداری", { messageId: card.messageId });
    await owner.waitFor(/کدام معاونت/);
    for (let i = 0; i < 3; i++) {
      await owner.pressCallbackData("old:1", card.messageId);
      await owner.waitFor(/کدام معاونت/);
    }
    const cancels = owner
      .inlineButtons(owner.last()!)
      .flat()
      .filter((b) => b.callback_data === "x:cancel");
    expect(cancels).toHaveLength(1);
    await owner.send("انصراف");
    await owner.waitFor(/لغو شد/);
  });

  it("a referral by an English-speaking owner reaches a Persian reporter with the deputy's Persian name", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });
    const { code, id } = await fileReport(h, reporter, {
      description: "چراغ کوچهٔ اول از هفتهٔ پیش خاموش است",
    });
    const card = await owner.waitFor(new RegExp(code));
    await owner.press("↪️ Refer to municipality", { messageId: card.messageId });
    await owner.press("Deputy for Urban Services and Environment");
    await owner.waitFor(/Write a short note/);
    await owner.send("⏭ Skip");
    const told = await reporter.waitFor(new RegExp(`${fa(code)} به شهرداری ارجاع شد`));
    expect(told.text).toContain("معاونت خدمات شهری و محیط زیست");
    expect(told.text).not.toContain("Deputy for");
    expect((await h.app.services.reports.get(id))?.referral).toMatchObject({
      deputy: "معاونت خدمات شهری و محیط زیست",
      deputyEn: "Deputy for Urban Services and Environment",
    });
  });

  it("a question longer than a message can carry is refused with its length, not lost on the way", async () => {
    const { owner, card, id } = await filedFor("چراغ‌های پارک محله شب‌ها خاموش است");
    await owner.press("❓ پرسش از گزارش‌دهنده", { messageId: card.messageId });
    await owner.waitFor(/پرسش خود از گزارش‌دهنده را بنویسید/);
    // 400 flags with tags: few characters as people see them, 5,600 UTF-16 units as sent.
    const flag = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    await owner.send(flag.repeat(400));
    await owner.waitFor(/خیلی طولانی است/);
    expect((await h.app.services.reports.get(id))?.questions).toEqual([]);
  });
});

describe("following up", () => {
  it("my reports (paged, newest first), /track in any digits, and the card with its history", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, "989121000007");
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await fileReport(h, reporter, {
            otherHood: "دردشت",
            description: `گزارش آزمایشی شماره ${i} درباره نظافت معابر`,
          })
        ).code,
      );
    await reporter.send("📋 گزارش‌های من");
    const list = await reporter.waitFor(/گزارش‌های شما/);
    const labels = reporter
      .inlineButtons(list)
      .flat()
      .map((b) => b.text);
    expect(labels[0]).toContain(fa(codes[5]!));
    expect(labels).toContain("بعدی ▶️");
    await reporter.press("بعدی ▶️", { messageId: list.messageId });
    await reporter.waitFor(
      (m) =>
        m.messageId === list.messageId &&
        (m.text ?? "").includes("گزارش‌های شما") &&
        reporter
          .inlineButtons(m)
          .flat()
          .some((b) => b.text.includes(fa(codes[0]!))),
    );
    await reporter.send(`/track ${codes[2]}`);
    const card = await reporter.waitFor(
      new RegExp(`گزارش ${fa(codes[2]!)}[\\s\\S]*سابقه:[\\s\\S]*ثبت گزارش`),
    );
    expect(card.text).toContain("دردشت");
    await reporter.send(`/track ${fa(codes[3]!)}`);
    await reporter.waitFor(new RegExp(`گزارش ${fa(codes[3]!)}`));
    // Someone unrelated can't read it.
    const other = await signIn(client, "989121000012");
    await other.send(`/track ${codes[2]}`);
    await other.waitFor(/گزارشی با این مشخصات پیدا نشد/);
  });

  it("waiting for me: what needs the owner's action, oldest first, with how long it waited", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, "989121000011");
    const owner = await signIn(client, "989121000010");
    const a = await fileReport(h, reporter, { description: "تابلوی نام خیابان مدائن افتاده است" });
    h.clock.advance(86_400_000);
    const b = await fileReport(h, reporter, { description: "سطل‌های زباله کوچه دوم شکسته‌اند" });
    expect(owner.replyKeyboard()?.flat()).toContain("📥 منتظر اقدام من");
    await owner.send("📥 منتظر اقدام من");
    const list = await owner.waitFor(/منتظر اقدام شما/);
    const items = owner
      .inlineButtons(list)
      .flat()
      .map((x) => x.text);
    expect(items[0]).toContain(fa(a.code));
    expect(items[0]).toContain("۱ روز");
    expect(items[1]).toContain(fa(b.code));
    expect(items[1]).toContain("امروز");
  });
});
