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
});
