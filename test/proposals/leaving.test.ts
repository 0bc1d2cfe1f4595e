import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, saidDuring, startHarness } from "../helpers/harness.ts";
import {
  type Cast,
  CHAIN,
  fillForm,
  person,
  proposalsOf,
  signInAll,
  submitted,
} from "./helpers.ts";

/** Leaving the proposal form in every way but its own Cancel, and coming back to it. */
let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const during = (user: User, fn: () => Promise<unknown>) =>
  saidDuring(h.client("telegram"), user, fn);

describe("a proposal form left before its first answer", () => {
  it("leaves no untitled draft, whether left by /cancel, a menu button or «New proposal» again", async () => {
    const u = cast.proposer;
    const drafts = () => proposalsOf(h, CHAIN.proposer);

    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    expect(await during(u, () => u.send("/cancel"))).toContain("لغو شد");
    expect(await drafts()).toEqual([]);

    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    await during(u, () => u.send("🗂 طرح‌های من"));
    expect(await drafts()).toEqual([]);

    // Pressed again: a fresh form, not a list offering the untitled one.
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    const again = await during(u, () => u.send("🏗 طرح جدید"));
    expect(again).toMatch(/مرحلهٔ ۱ از ۱۰/);
    expect(again).not.toContain("پیش‌نویس ناتمام دارید");
    expect(await drafts()).toHaveLength(1);
    await during(u, () => u.send("/cancel"));
    expect(await drafts()).toEqual([]);

    // One answer given: the draft stays when the form is left from outside.
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    await u.send("نورپردازی کوچهٔ شهید احمدی");
    await u.waitFor(/مرحلهٔ ۲ از ۱۰/);
    await during(u, () => u.send("/cancel"));
    expect((await drafts()).map((p) => p.fields.title)).toEqual(["نورپردازی کوچهٔ شهید احمدی"]);
    // Continued and left at once: the draft with its answer is kept, not dropped.
    await u.send("🏗 طرح جدید");
    await u.press(/ادامهٔ «نورپردازی/);
    await u.waitFor(/مرحلهٔ ۲ از ۱۰/);
    await during(u, () => u.send("/menu"));
    expect(await drafts()).toHaveLength(1);
  });

  it("untitled drafts left earlier are not offered, and more than five drafts are said to be in «My proposals»", async () => {
    const u = cast.outsider;
    const svc = h.app.services.proposals;
    const who = await person(h, CHAIN.outsider);
    for (let i = 1; i <= 7; i++) {
      h.clock.advance(60_000);
      const { draft } = await svc.createDraft(who, "telegram", u.id);
      await svc.saveFields(draft._id, who._id, { title: `پیش‌نویس شمارهٔ ${i}` });
    }
    // Left before the first answer by an older version of the bot: newer than all the rest.
    h.clock.advance(60_000);
    await svc.createDraft(who, "telegram", u.id);
    await svc.createDraft(who, "telegram", u.id);

    await u.send("🏗 طرح جدید");
    const list = await u.waitFor(/پیش‌نویس ناتمام دارید/);
    const labels = u
      .inlineButtons(list)
      .flat()
      .map((b) => b.text);
    expect(labels.filter((l) => l.includes("(بی‌عنوان)"))).toEqual([]);
    expect(labels.filter((l) => l.startsWith("✏️ ادامهٔ"))).toHaveLength(5);
    expect(labels).toContain("✏️ ادامهٔ «پیش‌نویس شمارهٔ 7»");
    expect(list.text).toContain("۲ پیش‌نویس دیگر هم دارید که در «🗂 طرح‌های من» آمده است.");
    expect(await proposalsOf(h, CHAIN.outsider)).toHaveLength(7);
  });
});

describe("a proposal button pressed while a report is half written", () => {
  /** Zahra starts a report and stops at its description. */
  async function halfReport(u: User) {
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/^✅ همین محله/);
    await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
  }

  it("closes the report form and says so, then asks for the return comment", async () => {
    const z = cast.narmakUrban;
    await submitted(h, "طرح برای آزمون فرم گزارش", cast.proposer.id);
    const req = await z.waitFor(
      /طرح برای آزمون فرم گزارش[\s\S]*منتظر امضای شما|منتظر امضای شما[\s\S]*طرح برای آزمون فرم گزارش/,
    );
    await halfReport(z);
    const said = await during(z, () => z.press("↩️ برگشت برای اصلاح", { messageId: req.messageId }));
    expect(said).toMatch(/فرم نیمه‌کاره بسته شد\.[\s\S]*چه چیزی باید اصلاح شود/);
    expect(await h.store.collection("reportForms").find({})).toEqual([]);
  });

  it("«Continue» of a draft closes the report form and says so", async () => {
    const u = cast.districtUrban;
    const svc = h.app.services.proposals;
    const who = await person(h, CHAIN.districtUrban);
    const { draft } = await svc.createDraft(who, "telegram", u.id);
    await svc.saveFields(draft._id, who._id, { title: "پیش‌نویس سارا" });
    await halfReport(u);
    const said = await during(u, () =>
      u.pressCallbackData(`p:cont:${draft._id}`, u.last()!.messageId),
    );
    expect(said).toMatch(/فرم نیمه‌کاره بسته شد\.[\s\S]*مرحلهٔ ۲ از ۱۰/);
  });
});

describe("editing a field from the summary", () => {
  it("the edit menu has a way back to the summary; a field left while editing is not asked again later", async () => {
    const u = cast.presidium;
    const mine = async () => (await proposalsOf(h, CHAIN.presidium))[0]!;
    await fillForm(u);
    await u.press("✏️ ویرایش یک بخش");
    await u.waitFor(/کدام بخش را ویرایش می‌کنید/);
    await u.press("↩️ بازگشت به خلاصه");
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);

    // Left by the form's own Cancel at the field being edited.
    await u.press("✏️ ویرایش یک بخش");
    await u.press("هزینهٔ تخمینی");
    await u.waitFor(/هزینهٔ تخمینی طرح به ریال/);
    await u.send("انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
    expect((await mine()).editing).toBeUndefined();
    await u.send("🏗 طرح جدید");
    await u.press(/ادامهٔ/);
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);

    // Left by /cancel at the field being edited.
    await u.press("✏️ ویرایش یک بخش");
    await u.press("مدت اجرا");
    await u.waitFor(/چند ماه/);
    await during(u, () => u.send("/cancel"));
    expect((await mine()).editing).toBeUndefined();
    await u.send("🏗 طرح جدید");
    await u.press(/ادامهٔ/);
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    expect((await mine()).fields.durationMonths).toBe(6);
  });
});
