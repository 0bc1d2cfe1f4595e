import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { act, seedReport } from "./seed.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a deadline run out after the working group referred the report is not the group's rung's delay in /stats", async () => {
  const r = await seedReport(h);
  h.clock.advance(3_600_000);
  await act(h, r._id, "refer", PEOPLE.narmakUrbanSecretary.phone);
  // The municipality's ten working days run out; the sweep moves the report up.
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 28, hour: 10 }));
  await h.app.services.scheduler.tick();
  const presidium = await signIn(h.client(), PEOPLE.presidium.phone);
  await presidium.send("/stats");
  await presidium.press("ماه جاری");
  const text = (await presidium.waitFor(/آمار گزارش‌های منطقه ۸ تهران/)).text ?? "";
  expect(text).toContain("کارگروه خدمات شهری (محله): ۱۰۰٪ (۱ از ۱)");
  expect(text).toMatch(/• دبیر کارگروه محله: ۰ تأخیر در ۱ مورد/);
});
