import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("reminders also go to the working group's chat when the district names one, without buttons", async () => {
  const GROUP = -1005001;
  // The district's urban-services working group (district level) has a group chat with the bot in it.
  await h.repos.districts.col.updateOne(
    { _id: "d8" },
    { $set: { "workingGroups.0.groupChat": { platform: "telegram", chatId: GROUP } } },
  );
  h.repos.districts.invalidate();
  const client = h.client("telegram");
  const sara = await signIn(client, "989121000009"); // district_wg_secretary:urban_services
  const group = client.group({ id: GROUP, title: "کارگروه خدمات شهری منطقه ۸" });
  await sara.sendInGroup(group, "سلام");
  await client.idle();

  const secretary = (await h.repos.people.get("d8:989121000009"))!;
  const startAt = jalaliToUtc({ jy: 1405, jm: 9, jd: 20, hour: 10, minute: 0 });
  const r = await h.app.services.meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "district", subject: "urban_services" },
    startAt,
    place: "سالن جلسات منطقه ۸",
  });
  if (!r.ok) throw new Error(r.why);
  // The 1-day reminder.
  h.clock.set(startAt - 24 * 3_600_000 + 60_000);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
  const posted = await group.waitFor(/سالن جلسات منطقه ۸/, { timeoutMs: 10_000 });
  expect(posted.replyMarkup?.inline_keyboard ?? []).toEqual([]);
  await sara.waitFor(/سالن جلسات منطقه ۸/);
  await client.idle({ quietMs: 300 });
  // Once per reminder, however often the scheduler ticks.
  expect(
    group.messages().filter((m) => (m.text ?? "").includes("سالن جلسات منطقه ۸")),
  ).toHaveLength(1);
});
