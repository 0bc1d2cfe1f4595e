import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { AuditDoc } from "../../src/repos/types.ts";
import { namedPeriod } from "../../src/stats/period.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa } from "../reports/helpers.ts";
import { seedReport } from "./seed.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const referAudit = (id: string) =>
  h.store.collection<AuditDoc>("audit").findOne({ itemId: id, action: "report.refer" });

describe("referrals in the deputies' on-time table", () => {
  it("count for the deputy the owner picked, not the subject's; a unit typed in counts for none", async () => {
    const owner = await signIn(h.client(), PEOPLE.narmakUrbanSecretary.phone);
    // Both are urban-services reports, whose subject's deputy is urban services.
    const toTransport = await seedReport(h, { description: "چراغ راهنمایی تقاطع نارمک خراب است" });
    const toUnit = await seedReport(h, { description: "آب لوله‌کشی کوچهٔ دوم قطع شده است" });

    const card1 = await owner.waitFor(new RegExp(fa(toTransport.code)));
    await owner.press("↪️ ارجاع به شهرداری", { messageId: card1.messageId });
    await owner.press("معاونت حمل‌ونقل و ترافیک");
    await owner.waitFor(/یادداشت کوتاهی بنویسید/);
    await owner.send("⏭ رد شدن");
    await owner.waitFor(/انجام شد/);

    const card2 = await owner.waitFor(new RegExp(fa(toUnit.code)));
    await owner.press("↪️ ارجاع به شهرداری", { messageId: card2.messageId });
    await owner.press("واحد دیگر (نوشتن نام)");
    await owner.waitFor(/نام واحد شهرداری را بنویسید/);
    await owner.send("شرکت آب و فاضلاب");
    await owner.waitFor(/یادداشت کوتاهی بنویسید/);
    await owner.send("⏭ رد شدن");
    await owner.waitFor(/انجام شد/);

    expect((await referAudit(toTransport._id))?.data).toMatchObject({ deputyCode: "transport" });
    expect((await referAudit(toUnit._id))?.data?.deputyCode).toBeUndefined();

    // Past both resolve deadlines, neither resolved: each referral is due and late.
    h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 29, hour: 10 }));
    const d = (await h.repos.districts.get("d8"))!;
    const s = await h.app.services.stats.reportStats(d, namedPeriod("this_month", h.clock.now()));
    expect(s.deputies).toEqual([{ key: "transport", onTime: 0, late: 1, rate: 0 }]);
  });
});
