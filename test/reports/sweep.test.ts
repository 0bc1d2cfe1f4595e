import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, PEOPLE, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a report that cannot move does not hold up the others due after it", async () => {
  const reports = h.app.services.reports;
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  const file = (description: string) =>
    reports.create({
      person,
      platform: "telegram",
      chatId: 7_300_000,
      subject: "urban_services",
      neighborhood: "narmak",
      description,
      photos: [],
      urgency: "normal",
    });
  const broken = await file("گودال بزرگ وسط خیابان گلبرگ");
  h.clock.advance(60_000);
  const healthy = await file("چراغ راهنمای چهارراه تیر خاموش است");
  // The older one points at a district that is no longer there.
  await reports.col.updateOne({ _id: broken._id }, { $set: { districtId: "gone" } });

  h.clock.advance(10 * 86_400_000);
  expect(await reports.escalateDue()).toBe(1);
  const moved = await reports.col.findOne({ _id: healthy._id });
  expect(moved?.level).toBe(1);
  const stuck = await reports.col.findOne({ _id: broken._id });
  expect(stuck?.level).toBe(0);
});
