import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fillReport } from "../reports/helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

// RIGHT-TO-LEFT OVERRIDE: left in a text, it reverses the rest of its line wherever the
// text is quoted — in the owner's card, the summary, the history.
const RLO = "\u202E";

it("direction overrides are taken out of what people type: a report's description and address", async () => {
  const u = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
  const summary = await fillReport(u, {
    description: `چراغ کوچه خاموش است ${RLO}کد ۱۲۳`,
    location: `خیابان گلبرگ ${RLO}پلاک ۷`,
  });
  expect(summary.text).not.toContain(RLO);
  const draft = await h.store
    .collection<{ _id: string; draft: { description?: string; location?: { address?: string } } }>(
      "reportForms",
    )
    .findOne({});
  expect(draft?.draft.description).toBe("چراغ کوچه خاموش است کد ۱۲۳");
  expect(draft?.draft.location?.address).toBe("خیابان گلبرگ پلاک ۷");
  await u.send("✖️ انصراف");
});

it("…and a proposal's answers; an address over 300 characters is refused, not cut", async () => {
  const u = await signIn(h.client("telegram"), "989121000007");
  await u.send("🏗 طرح جدید");
  await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
  await u.send(`نورپردازی ${RLO}کوچهٔ شهید احمدی`);
  await u.waitFor(/محله/);
  const [draft] = await h.app.services.proposals.col.find({ proposerId: "d8:989121000007" });
  expect(draft?.fields.title).toBe("نورپردازی کوچهٔ شهید احمدی");
  await u.press("نارمک");
  await u.press("خدمات شهری");
  await u.waitFor(/چه مشکلی را حل می‌کند/);
  await u.send("کوچه شب‌ها کاملاً تاریک است و عبور و مرور ساکنان ناامن شده است.");
  await u.waitFor(/شرح طرح:/);
  await u.send("نصب ده چراغ خورشیدی روی دیوارهای کوچه با پایهٔ فلزی.");
  await u.waitFor(/محل اجرای طرح/);
  await u.send(`نارمک ${"خیابان گلبرگ ".repeat(30)}`);
  await u.waitFor(/خیلی طولانی است/);
  expect((await h.app.services.proposals.get(draft!._id))?.fields.location).toBeUndefined();
  await u.send("نارمک، خیابان گلبرگ، کوچهٔ شهید احمدی");
  await u.waitFor(/چه کسانی از این طرح/);
  expect((await h.app.services.proposals.get(draft!._id))?.fields.location).toEqual({
    address: "نارمک، خیابان گلبرگ، کوچهٔ شهید احمدی",
  });
  await u.send("✖️ انصراف");
});
