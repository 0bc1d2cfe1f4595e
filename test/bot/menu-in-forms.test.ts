import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a main-menu button pressed in the middle of the report form closes the form and does what was pressed", async () => {
  const u = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
  // At the first question (inline buttons) the main menu is still on the screen.
  await u.send("📝 گزارش مشکل");
  await u.waitFor(/موضوع/);
  await u.send("📋 گزارش‌های من");
  await u.waitFor(/فرم نیمه‌کاره بسته شد/);
  await u.waitFor(/گزارش‌های شما|هنوز گزارشی ثبت نکرده‌اید/);

  // At the description step a label typed (or sent from a menu shown by /menu) is no
  // description: the form closes and nothing is kept as one.
  await u.send("📝 گزارش مشکل");
  await u.press("خدمات شهری");
  await u.press(/^✅ همین محله/);
  await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
  await u.send("❓ راهنما");
  await u.waitFor(/این ربات دستیار شورایاران/);
  const closed = u.messages().filter((m) => m.text === "فرم نیمه‌کاره بسته شد.");
  expect(closed).toHaveLength(2);
  await h.client("telegram").idle({ quietMs: 200 });
  expect(u.messages().some((m) => /محل دقیق را مشخص کنید/.test(m.text ?? ""))).toBe(false);
  const forms = await h.store.collection("reportForms").countDocuments({});
  expect(forms).toBe(0);
});

it("a main-menu button while a proposal question waits leaves the form; the draft stays saved and no label becomes an answer", async () => {
  const u = await signIn(h.client("telegram"), "989121000007");
  const drafts = () => h.app.services.proposals.col.find({ proposerId: "d8:989121000007" });
  await u.send("🏗 طرح جدید");
  await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
  // Left before the first answer: nothing worth keeping.
  await u.send("🗂 طرح‌های من");
  await u.waitFor(/فرم نیمه‌کاره بسته شد/);
  await u.waitFor(/هنوز طرحی ندارید/);
  expect(await drafts()).toEqual([]);
  await u.send("🏗 طرح جدید");
  await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
  await u.send("نورپردازی کوچهٔ شهید احمدی");
  await u.press("نارمک");
  await u.press("خدمات شهری");
  await u.waitFor(/چه مشکلی را حل می‌کند/);
  await u.send("🗂 طرح‌های من");
  await u.waitFor(/فرم نیمه‌کاره بسته شد/);
  const kept = await drafts();
  expect(kept).toHaveLength(1);
  expect(kept[0]?.fields.title).toBe("نورپردازی کوچهٔ شهید احمدی");
  expect(kept[0]?.fields.problem).toBeUndefined();
  // Text sent now is not taken as the problem: the form is closed.
  await u.send("کوچه شب‌ها کاملاً تاریک است");
  await h.client("telegram").idle({ quietMs: 200 });
  expect((await h.app.services.proposals.get(kept[0]!._id))?.fields.problem).toBeUndefined();
});
