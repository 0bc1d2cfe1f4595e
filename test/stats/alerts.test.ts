/**
 * Every kind of escalated item reaches the presidium: reports at the presidium rung (with
 * the card and the owner's actions), stalled proposal signatures, missing minutes and
 * overdue action items (built by the proposals and meetings features; checked here as the
 * presidium sees them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { personId, seedReport } from "./seed.ts";

let h: Harness;
let presidium: User;
const tick = () => h.app.services.scheduler.tick();
const at = (jd: number, hour: number) => jalaliToUtc({ jy: 1405, jm: 9, jd, hour });
const buttons = (m: { replyMarkup?: { inline_keyboard?: { callback_data?: string }[][] } }) =>
  (m.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? "");

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  presidium = await signIn(h.client(), PEOPLE.presidium.phone);
});
afterAll(async () => {
  await h?.stop();
});

describe("alerts to the presidium", () => {
  it("a report that climbs to the presidium arrives with its card and actions, which work", async () => {
    const r = await seedReport(h, { description: "آسفالت خیابان دهم نارمک کنده شده است" });
    h.clock.set(at(10, 10) + 60_000); // two working days: level 1
    await tick();
    h.clock.set(at(14, 10) + 120_000); // two more (Thursday and Friday off): the presidium
    await tick();
    expect(await h.app.services.reports.get(r._id)).toMatchObject({ step: "presidium", level: 2 });
    const alert = await presidium.waitFor(/آسفالت خیابان دهم نارمک/);
    expect(buttons(alert)).toEqual(
      expect.arrayContaining([`r:ack:${r._id}`, `r:resolve:${r._id}`]),
    );
    const u = await presidium.pressCallbackData(`r:ack:${r._id}`, alert.messageId);
    await presidium.expectCallbackAnswered(u);
    await h.client().idle({ quietMs: 50 });
    expect((await h.app.services.reports.get(r._id))?.state).toBe("acknowledged");
  });

  it("a stalled proposal signature arrives with the proposal and a button to open it", async () => {
    const svc = h.app.services.proposals;
    const proposer = (await h.repos.people.get(personId("989121000001")))!;
    const { draft } = await svc.createDraft(proposer, "telegram", 4_100_001);
    await svc.saveFields(draft._id, proposer._id, {
      title: "نیمکت‌های پارک گلبرگ",
      neighborhood: "narmak",
      subject: "urban_services",
      problem: "نیمکت‌های پارک شکسته و ناامن است.",
      description: "تعویض ده نیمکت فلزی پارک.",
      location: { address: "نارمک، پارک گلبرگ" },
      beneficiaries: { who: "ساکنان", count: 800 },
      costRials: 900_000_000,
      durationMonths: 2,
      attachments: [],
    });
    const sub = await svc.submit(draft._id, {
      personId: proposer._id,
      platform: "telegram",
      userId: 4_100_001,
    });
    expect(sub.ok).toBe(true);
    // Past the reminder at the first signature, then past the alert's usual days after it
    // (one jump over both would be downtime: the alert then waits its days after the reminder).
    h.clock.advance(4 * 86_400_000);
    await tick();
    await tick();
    h.clock.advance(5 * 86_400_000);
    await tick();
    await tick();
    const alert = await presidium.waitFor(/🚨[\s\S]*نیمکت‌های پارک گلبرگ/);
    expect(buttons(alert)).toContain(`p:open:${draft._id}`);
    await presidium.pressCallbackData(`p:open:${draft._id}`, alert.messageId);
    await presidium.waitFor(
      (m) => m.messageId > alert.messageId && /نیمکت‌های پارک گلبرگ/.test(m.text ?? ""),
    );
  });

  it("missing minutes and an overdue action item reach the presidium with the meeting's card", async () => {
    const meetings = h.app.services.meetings;
    const secretary = (await h.repos.people.get(personId(PEOPLE.districtUrbanSecretary.phone)))!;
    const created = await meetings.create({
      person: secretary,
      scope: { kind: "wg", level: "district", subject: "urban_services" },
      startAt: h.clock.now() + 3_600_000,
      durationMin: 60,
      place: "سالن جلسات منطقه ۸",
    });
    if (!created.ok) throw new Error(`meeting: ${created.why}`);
    // Minutes never recorded: reminder to the secretary, then (weeks later) the presidium.
    for (let i = 0; i < 4; i++) {
      h.clock.advance(7 * 86_400_000);
      await tick();
    }
    const nag = await presidium.waitFor(/صورتجلسه‌ای ثبت نشده/);
    expect(nag.text).toContain("سالن جلسات منطقه ۸");
    // With an action: the presidium opens the meeting from the alert.
    await presidium.press("🗂 جزئیات جلسه", { messageId: nag.messageId });
    await presidium.waitFor(
      (m) => m.messageId > nag.messageId && (m.text ?? "").includes("سالن جلسات منطقه ۸"),
    );

    // Minutes with an action item that nobody does: owner → secretary → presidium.
    const second = await meetings.create({
      person: secretary,
      scope: { kind: "wg", level: "district", subject: "urban_services" },
      startAt: h.clock.now() + 3_600_000,
      durationMin: 60,
      place: "ساختمان شورایاری نارمک",
    });
    if (!second.ok) throw new Error(`meeting: ${second.why}`);
    h.clock.advance(2 * 3_600_000);
    const minutes = await meetings.recordMinutes(
      second.meeting._id,
      { personId: secretary._id, platform: "telegram", userId: 1 } as never,
      {
        attended: [secretary._id],
        decisions: [],
        actionItems: [
          {
            text: "پیگیری نصب سطل‌های زباله در بلوار",
            owner: { type: "person", personId: personId("989121000003") },
            dueAt: h.clock.now() + 2 * 86_400_000,
          },
        ],
      },
    );
    expect(minutes.ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(7 * 86_400_000);
      await tick();
    }
    // (Not the notice that the item's owner, who never signed in, could not be reached.)
    const overdue = await presidium.waitFor(
      /همچنان انجام نشده[\s\S]*پیگیری نصب سطل‌های زباله در بلوار/,
    );
    expect(overdue.text).toContain("همچنان انجام نشده");
    await presidium.press("🗂 جزئیات جلسه", { messageId: overdue.messageId });
    await presidium.waitFor(
      (m) => m.messageId > overdue.messageId && (m.text ?? "").includes("ساختمان شورایاری نارمک"),
    );
  });
});
