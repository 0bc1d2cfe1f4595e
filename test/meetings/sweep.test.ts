import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { MEETING_SERIES } from "../../src/meetings/types.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a series that cannot be read does not stop the rest of the meetings sweep", async () => {
  const meetings = h.app.services.meetings;
  const secretary = (await h.repos.people.get("d8:989121000003"))!;
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt: jalaliToUtc({ jy: 1405, jm: 9, jd: 9, hour: 17 }),
    place: "سرای محله",
  });
  if (!r.ok) throw new Error("not scheduled");
  // A series whose district is gone, found first by the sweep.
  await h.store.collection<{ _id: string } & Record<string, unknown>>(MEETING_SERIES).insertOne({
    _id: "series-of-a-gone-district",
    districtId: "gone",
    active: true,
    secretaryId: secretary._id,
    nagged: [],
  });
  // Well past the day the minutes were due: the reminder about them must still go out.
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 25, hour: 10 }));
  await meetings.sweep();
  expect((await meetings.get(r.meeting._id))?.minutesStage).toBe(1);
});
