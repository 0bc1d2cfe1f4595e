import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import { digestSlot, SNOTE } from "../../src/stats/service.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { act, personId, seedReport } from "./seed.ts";

const HOUR = 3_600_000;
let h: Harness;
let presidium: User;
let liaison: User;
let councillor: User;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  presidium = await signIn(h.client(), PEOPLE.presidium.phone);
  liaison = await signIn(h.client(), PEOPLE.liaison.phone);
  councillor = await signIn(h.client(), PEOPLE.councillor.phone);
});
afterAll(async () => {
  await h?.stop();
});

const tick = () => h.app.services.scheduler.tick();
const digests = () => h.app.services.outbox.find({ kind: SNOTE.digest });
const at = (jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm: 9, jd, hour, minute });

describe("the weekly digest", () => {
  it("is due at the district's weekday and hour, Tehran time", async () => {
    const d = (await h.repos.districts.get("d8"))!;
    // Default district: Saturday 08:00. Any moment of the week 14–20 Azar maps to 14 Azar 08:00.
    expect(digestSlot(d, at(14, 8))).toEqual({ at: at(14, 8), week: "1405-09-14" });
    expect(digestSlot(d, at(20, 23, 59))).toEqual({ at: at(14, 8), week: "1405-09-14" });
    // Early on Saturday the slot is still ahead; Friday night belongs to the week before.
    expect(digestSlot(d, at(14, 7, 59))).toEqual({ at: at(14, 8), week: "1405-09-14" });
    expect(digestSlot(d, at(13, 23, 59))).toEqual({ at: at(7, 8), week: "1405-09-07" });
    // Monday (weekday 2) at 09:00.
    const monday = { ...d, digest: { weekday: 2, hour: 9 } };
    expect(digestSlot(monday, at(15, 12)).at).toBe(at(16, 9));
  });

  it("goes once, at 08:00 on Saturday, to the presidium and the liaison with the week's figures", async () => {
    await tick();
    expect(await digests()).toEqual([]); // Sunday 10:00: last Saturday's slot is long past.
    // Sunday: three reports; one acknowledged and resolved, one acknowledged, one left alone.
    const r1 = await seedReport(h);
    const r2 = await seedReport(h, {
      phone: "989121000008",
      description: "زباله‌ها در کوچهٔ سوم مجیدیه جمع نشده",
    });
    const r3 = await seedReport(h, {
      subject: "environment",
      description: "درختان بلوار نارمک آبیاری نمی‌شوند",
    });
    h.clock.advance(HOUR);
    await act(h, r1._id, "ack", PEOPLE.narmakUrbanSecretary.phone);
    await act(h, r2._id, "ack", "989121000008");
    h.clock.set(at(9, 11));
    await act(h, r1._id, "resolve", PEOPLE.narmakUrbanSecretary.phone);
    // Tuesday: r3's acknowledgement deadline passes; the sweep escalates it.
    h.clock.set(at(10, 10, 30));
    await tick();
    expect((await h.app.services.reports.get(r3._id))?.breaches).toBe(1);

    h.clock.set(at(14, 7, 59));
    await tick();
    expect(await digests()).toEqual([]);

    h.clock.set(at(14, 8));
    await tick();
    await tick();
    h.clock.set(at(14, 9));
    await tick();
    const sent = await digests();
    expect(sent.map((d) => d.recipient.personId).sort()).toEqual(
      [personId(PEOPLE.presidium.phone), personId(PEOPLE.liaison.phone)].sort(),
    );

    for (const user of [presidium, liaison]) {
      const text = (await user.waitFor(/گزارش هفتگی/)).text ?? "";
      expect(text).toContain("از ۷ آذر ۱۴۰۵ تا ۱۴ آذر ۱۴۰۵");
      expect(text).toContain("🆕 گزارش‌های تازه: ۳");
      expect(text).toMatch(/محله‌ها: نارمک ۲، مجیدیه ۱/);
      expect(text).toMatch(/موضوع‌ها: خدمات شهری ۲، محیط زیست ۱/);
      expect(text).toContain("✅ گزارش‌های رفع‌شده: ۱");
      expect(text).toContain("⏰ گزارش‌های باز و دیرکرده: ۱");
      expect(text).toContain("⌛ امضای معطلی نیست.");
      expect(text).toContain("جلسه‌های برگزارشده در این هفته: ۰");
      expect(text).toMatch(/کندترین مراحل[\s\S]*دبیر کارگروه محله: ۱ تأخیر در ۳ مورد/);
    }
    const noDigest = councillor.messages().filter((m) => /گزارش هفتگی/.test(m.text ?? ""));
    expect(noDigest).toEqual([]);
  });

  it("its button opens this month's statistics", async () => {
    await presidium.press("ماه جاری");
    await presidium.waitFor(/آمار گزارش‌های منطقه ۸ تهران/);
  });

  it("goes again the next Saturday, and not before", async () => {
    h.clock.set(at(20, 23));
    await tick();
    expect((await digests()).length).toBe(2);
    h.clock.set(at(21, 8, 1));
    await tick();
    expect((await digests()).length).toBe(4);
    const week = await h.app.services.stats.getDigest("digest:d8:1405-09-21");
    expect(week?.figures.newReports.total).toBe(0);
  });

  it("a late start past the grace window skips that week rather than sending stale news", async () => {
    h.clock.set(at(28, 21));
    await tick();
    expect((await digests()).length).toBe(4);
  });

  it("a Friday-night digest is still sent after a restart past midnight, once", async () => {
    await h.store
      .collection("districts")
      .updateOne({ _id: "d8" }, { $set: { digest: { weekday: 6, hour: 23 } } });
    h.repos.districts.invalidate();
    // Down from Friday 4 Dey 22:30 to Saturday 5 Dey 00:30: the 23:00 slot was missed.
    h.clock.set(jalaliToUtc({ jy: 1405, jm: 10, jd: 4, hour: 22, minute: 30 }));
    await tick();
    expect((await digests()).length).toBe(4);
    h.clock.set(jalaliToUtc({ jy: 1405, jm: 10, jd: 5, hour: 0, minute: 30 }));
    await tick();
    await tick();
    expect((await digests()).length).toBe(6);
    // Named by its own week's Saturday (28 Azar), covering the seven days to Friday 23:00.
    const week = await h.app.services.stats.getDigest("digest:d8:1405-09-28");
    expect(week?.at).toBe(jalaliToUtc({ jy: 1405, jm: 10, jd: 4, hour: 23 }));
    // Past the grace window it is not sent again.
    h.clock.set(jalaliToUtc({ jy: 1405, jm: 10, jd: 5, hour: 10, minute: 59 }));
    await tick();
    expect((await digests()).length).toBe(6);
  });
});
