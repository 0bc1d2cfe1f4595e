import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportForms } from "../../conversations/report.ts";
import type { User } from "../../src/emulator/client.ts";
import type { Platform } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport, fillReport } from "./helpers.ts";

/**
 * The report form against old buttons, double taps, changed minds and odd answers, on both
 * messengers: a draft is never lost to a button of another message, nor filed twice.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe.each<Platform>(["telegram", "bale"])("on %s", (platform) => {
  /** The person's form once the chat has gone quiet. */
  async function formOf(u: User) {
    await h.client(platform).idle({ quietMs: 150 });
    return reportForms(h.store).findOne({ _id: `${platform}:${u.id}` });
  }

  it("a Cancel left on a form closed earlier is old: the draft open now stays, photos and all", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const old = await fillReport(u, { description: "پل عابر پیاده خیابان اصلی آسیب دیده است" });
    await u.send("/cancel");
    await fillReport(u, { description: "چراغ راهنمایی تقاطع نارمک خراب است", photos: 2 });
    const press = await u.press("✖️ انصراف", { messageId: old.messageId });
    expect((await u.expectCallbackAnswered(press)).text).toBe("این دکمه دیگر معتبر نیست.");
    const form = await formOf(u);
    expect(form?.step).toBe("summary");
    expect(form?.draft.photos).toHaveLength(2);
  });

  it("«✍️ پاسخ» pressed in the middle of a report says the report's form was closed", async () => {
    const client = h.client(platform);
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code } = await fileReport(h, reporter, {
      description: "شیر آتش‌نشانی خیابان هفتم نشتی دارد",
    });
    const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    await owner.press("❓ پرسش از گزارش‌دهنده", { messageId: card.messageId });
    await owner.send("دقیقاً کدام تقاطع؟ لطفاً نشانی بدهید");
    const question = await reporter.waitFor(/کدام تقاطع/);
    await reporter.send("📝 گزارش مشکل");
    await reporter.press("محیط زیست");
    await reporter.press(/^✅ همین محله/);
    await reporter.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    const from = reporter.messages().length;
    await reporter.press("✍️ پاسخ", { messageId: question.messageId });
    await client.idle({ quietMs: 150 });
    const said = reporter
      .messages()
      .slice(from)
      .map((m) => m.text ?? "");
    expect(said).toContain("فرم نیمه‌کاره بسته شد.");
    expect(await formOf(reporter)).toBeNull();
  });

  it("a field being edited from the summary has a way back, and Cancel there keeps the report as it was", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const description = "پل عابر پیاده خیابان سوم آسیب دیده است";
    const summary = await fillReport(u, { description, photos: 2 });
    // A typed step: «back» beside Cancel, and the description as it was.
    await u.press("✏️ ویرایش", { messageId: summary.messageId });
    await u.press("شرح");
    await u.waitFor(/مشکل را در یک پیام متنی/);
    expect(u.replyKeyboard()?.flat()).toContain("↩️ بازگشت به خلاصه");
    await u.send("↩️ بازگشت به خلاصه");
    const back = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    expect(back.text).toContain(description);
    // Photos added while editing, then Cancel: the two photos of before, and the report stays.
    await u.press("✏️ ویرایش", { messageId: back.messageId });
    await u.press("عکس‌ها");
    await u.waitFor(/اکنون ۲ عکس دارد/);
    await u.sendPhoto();
    await u.waitFor(/عکس ۳ از ۵/);
    await u.send("✖️ انصراف");
    const again = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    expect(again.text).toContain("عکس: ۲");
    // An inline step: its own «back» button, and its Cancel returns to the summary too.
    await u.press("✏️ ویرایش", { messageId: again.messageId });
    await u.press("فوریت");
    const q = await u.waitFor(/فوریت مشکل/);
    const labels = u
      .inlineButtons(q)
      .flat()
      .map((b) => b.text);
    expect(labels).toContain("↩️ بازگشت به خلاصه");
    await u.press("✖️ انصراف", { messageId: q.messageId });
    await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    const form = await formOf(u);
    expect(form?.step).toBe("summary");
    expect(form?.editing).toBe(false);
    expect(form?.draft).toMatchObject({
      description,
      photos: [expect.any(String), expect.any(String)],
    });
  });

  it("«انصراف» typed at a button step cancels, as at the typed steps", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    await u.send("📝 گزارش مشکل");
    await u.waitFor(/موضوع مشکل/);
    await u.send("انصراف");
    await u.waitFor(/ثبت گزارش لغو شد/);
    expect(await formOf(u)).toBeNull();
    // At the summary, in English words.
    await fillReport(u);
    await u.send("Cancel");
    await u.waitFor(/ثبت گزارش لغو شد/);
    expect(await formOf(u)).toBeNull();
  });

  it("a double tap on «عادی» leaves one summary, and its «ثبت گزارش» files the report", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/^✅ همین محله/);
    await u.send("پل عابر پیاده خیابان چهارم آسیب دیده است");
    await u.waitFor(/محل دقیق/);
    await u.send("⏭ رد شدن");
    await u.waitFor(/عکس/);
    await u.send("⏭ رد شدن");
    const q = await u.waitFor(/فوریت/);
    const from = u.messages().length;
    await u.pressCallbackData("u:normal", q.messageId);
    await u.pressCallbackData("u:normal", q.messageId);
    await h.client(platform).idle({ quietMs: 150 });
    const summaries = u
      .messages()
      .slice(from - 1)
      .filter((m) => /لطفاً گزارش را بررسی کنید/.test(m.text ?? ""));
    expect(summaries).toHaveLength(1);
    const n0 = await h.app.services.reports.col.countDocuments({});
    await u.press("✅ ثبت گزارش", { messageId: summaries[0]!.messageId });
    await u.waitFor(/گزارش شما ثبت شد/);
    expect(await h.app.services.reports.col.countDocuments({})).toBe(n0 + 1);
  });

  it("a summary button of a form closed earlier asks again and leaves one live summary", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const old = await fillReport(u, { description: "پل عابر پیاده خیابان اصلی آسیب دیده است" });
    await u.send("/cancel");
    await fillReport(u, { description: "چراغ راهنمایی تقاطع نارمک خراب است" });
    await u.press("✅ ثبت گزارش", { messageId: old.messageId });
    await h.client(platform).idle({ quietMs: 150 });
    const live = u.messages().filter((m) =>
      u
        .inlineButtons(m)
        .flat()
        .some((b) => b.text === "✅ ثبت گزارش"),
    );
    expect(live).toHaveLength(1);
    expect(live[0]!.text).toContain("چراغ راهنمایی تقاطع نارمک");
    const n0 = await h.app.services.reports.col.countDocuments({});
    await u.press("✅ ثبت گزارش", { messageId: live[0]!.messageId });
    await u.waitFor(/گزارش شما ثبت شد/);
    expect(await h.app.services.reports.col.countDocuments({})).toBe(n0 + 1);
  });

  it("an album with a caption at the description: the caption is the description, the photos are kept", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/^✅ همین محله/);
    await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    // An album without a caption first: one answer for it, not one a photo.
    let from = u.messages().length;
    for (let i = 0; i < 3; i++) await u.sendPhoto(undefined, undefined, { mediaGroupId: "a1" });
    await h.client(platform).idle({ quietMs: 150 });
    expect(u.messages().slice(from)).toHaveLength(1);
    from = u.messages().length;
    const description = "چراغ‌های خیابان گلبرگ غربی خاموش است";
    await u.sendPhoto(description, undefined, { mediaGroupId: "a2" });
    for (let i = 0; i < 2; i++) await u.sendPhoto(undefined, undefined, { mediaGroupId: "a2" });
    await h.client(platform).idle({ quietMs: 150 });
    const said = u
      .messages()
      .slice(from)
      .map((m) => m.text ?? "");
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/محل دقیق را مشخص کنید/);
    expect((await formOf(u))?.draft).toMatchObject({ description });
    await u.send("⏭ رد شدن");
    await u.waitFor(/اکنون ۳ عکس دارد/);
    await u.send("✅ تمام");
    await u.press("عادی");
    const summary = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    expect(summary.text).toContain("عکس: ۳");
    expect(summary.text).toContain(description);
  });

  it("an address of emoji, dots or digits alone is asked again", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/^✅ همین محله/);
    await u.send("آسفالت کوچه چهارم خراب شده است");
    await u.waitFor(/محل دقیق را مشخص کنید/);
    for (const address of ["😀😀😀😀😀", ".....", "۱۲۳۴۵۶"]) {
      await u.send(address);
      await u.waitFor(/لطفاً با کلمه بنویسید/);
    }
    const form = await formOf(u);
    expect(form?.step).toBe("location");
    expect(form?.draft.location).toBeUndefined();
  });

  it("editing the neighbourhood names the report's, not as the person's own", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const summary = await fillReport(u, {
      otherHood: "دردشت",
      description: "پل عابر پیاده خیابان اصلی آسیب دیده است",
    });
    await u.press("✏️ ویرایش", { messageId: summary.messageId });
    await u.press("محله");
    const q = await u.waitFor(/کدام محله/);
    expect(q.text).not.toContain("محلهٔ شما");
    expect(q.text).toContain("محلهٔ این گزارش: دردشت");
  });
});
