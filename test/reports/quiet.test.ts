import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fillReport } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/** Azar 1405, Tehran time. */
const azar = (day: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm: 9, jd: day, hour, minute });

it("a report filed in quiet hours says when its owner's notification goes out, and it does then", async () => {
  const client = h.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone);
  const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);

  h.clock.set(azar(8, 23, 10));
  await fillReport(reporter, { description: "آب لوله اصلی خیابان گلبرگ نشت می‌کند" });
  await reporter.press("✅ ثبت گزارش");
  const night = await reporter.waitFor(/گزارش شما ثبت شد/);
  expect(night.text).toContain("اکنون ساعت آرامش است: پیام این گزارش ساعت ۰۷:۰۰ برای مسئول");
  // Held as promised: nothing reaches the owner before seven.
  await new Promise((r) => setTimeout(r, 300));
  expect(owner.messages().some((m) => m.text?.includes("گزارش تازه"))).toBe(false);
  h.clock.set(azar(9, 7, 1));
  await owner.waitFor(/گزارش تازه برای اقدام شما/);

  // Urgent goes at once, and says nothing of quiet hours.
  h.clock.set(azar(9, 23, 30));
  await fillReport(reporter, { description: "درخت بزرگی روی سیم برق افتاده است", urgent: true });
  await reporter.press("✅ ثبت گزارش");
  const urgent = await reporter.waitFor(/گزارش شما ثبت شد/);
  expect(urgent.text).not.toContain("ساعت آرامش");
  await owner.waitFor(/درخت بزرگی روی سیم برق/);

  // In the day, no such line either.
  h.clock.set(azar(10, 10, 0));
  await fillReport(reporter, { description: "جدول کنار پیاده‌رو شکسته و خطرناک است" });
  await reporter.press("✅ ثبت گزارش");
  const day = await reporter.waitFor(/گزارش شما ثبت شد/);
  expect(day.text).not.toContain("ساعت آرامش");
});
