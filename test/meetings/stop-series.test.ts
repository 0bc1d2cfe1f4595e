import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { MEETING_SERIES, type MeetingSeriesDoc } from "../../src/meetings/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak

const at = (jm: number, jd: number, hour: number) => jalaliToUtc({ jy: 1405, jm, jd, hour });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("the secretary ends a monthly series from one of its meetings: later ones cancelled and told, no new ones, no nags", async () => {
  const meetings = h.app.services.meetings;
  const client = h.client("telegram");
  const zahra = await signIn(client, ZAHRA);
  const hossein = await signIn(client, HOSSEIN);
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  h.clock.set(at(9, 10, 9));
  const r = await meetings.createSeries({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    rule: { type: "day_of_month", day: 15 },
    hour: 17,
    minute: 0,
    place: "سرای محله",
  });
  if (!r.ok) throw new Error("no series");
  const [first, ...later] = r.meetings;
  expect(later.length).toBeGreaterThan(0);

  // A participant sees no such button; a forged press is refused.
  const forged = await hossein.pressCallbackData(`m:sxok:${first!._id}`, hossein.last()!.messageId);
  expect((await hossein.expectCallbackAnswered(forged)).text).toContain("فقط از دبیر");
  expect(
    (await h.store.collection<MeetingSeriesDoc>(MEETING_SERIES).findOne({ _id: r.series._id }))
      ?.active,
  ).toBe(true);

  await zahra.pressCallbackData(`m:o:${first!._id}`, zahra.last()!.messageId);
  const card = await zahra.waitFor((m) => JSON.stringify(m.replyMarkup ?? {}).includes("m:sx:"));
  await zahra.press("⏹ پایان تکرار ماهانه", { messageId: card.messageId });
  const ask = await zahra.waitFor(/تکرار ماهانهٔ این جلسه پایان یابد/);
  expect(ask.text).toContain(`${later.length.toLocaleString("fa-IR")} جلسهٔ بعدیِ آن`);
  // "No" changes nothing.
  await zahra.press("↩️ نه، بماند", { messageId: ask.messageId });
  await zahra.waitFor(/چیزی تغییر نکرد/);
  expect((await meetings.get(later[0]!._id))?.state).toBe("scheduled");

  await zahra.press("⏹ پایان تکرار ماهانه", { messageId: card.messageId });
  const again = await zahra.waitFor((m) => m !== ask && /پایان یابد/.test(m.text ?? ""));
  await zahra.press("⏹ بله، پایان تکرار", { messageId: again.messageId });
  await zahra.waitFor(/تکرار ماهانه پایان یافت/);

  expect((await meetings.get(first!._id))?.state).toBe("scheduled");
  for (const m of later) expect((await meetings.get(m._id))?.state).toBe("cancelled");
  await hossein.waitFor(/لغو شد/);
  const audit = await h.repos.audit.history("meeting_series", r.series._id);
  expect(audit.map((a) => a.action)).toContain("meeting.series_stopped");

  // Months later: nothing new is made, and nobody is nagged to schedule one.
  h.clock.set(at(12, 21, 9));
  await h.app.services.scheduler.tick();
  expect(await meetings.meetings.countDocuments({ seriesId: r.series._id })).toBe(
    r.meetings.length,
  );
  expect(
    await h.app.services.outbox.count({
      kind: "meeting.series_nag",
      "data.seriesId": r.series._id,
    }),
  ).toBe(0);
  // The confirmation pressed once more cancels nothing more and says so.
  await zahra.pressCallbackData(`m:sxok:${first!._id}`, again.messageId);
  await zahra.waitFor((m) => /تکرار ماهانه پایان یافت\.$/.test(m.text ?? ""));
});
