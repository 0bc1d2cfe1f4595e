import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { at, HOSSEIN, NARMAK_URBAN, signInGroup, ZAHRA } from "./helpers.ts";

/** A monthly series outlives its secretary's role changing hands, and nags only when due. */
let h: Harness;
let meetings: MeetingService;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  await signInGroup(h);
});
afterAll(async () => {
  await h?.stop();
});

const nags = async (seriesId: string) =>
  (await h.app.services.outbox.find({ kind: "meeting.series_nag" }))
    .filter((n) => n.data.seriesId === seriesId)
    .map((n) => [n.data.jm, n.recipient.personId]);

it("a series set up after this month's date asks for no meeting this month", async () => {
  h.clock.set(at(9, 25, 10));
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  const r = await meetings.createSeries({
    person: secretary,
    scope: NARMAK_URBAN,
    rule: { type: "day_of_month", day: 10 },
    hour: 17,
    minute: 0,
    place: "سرای محله",
  });
  if (!r.ok) throw new Error(r.why);
  expect(r.meetings.map((m) => m._id.split(":").at(-1))).toEqual(["1405-10", "1405-11"]);
  await meetings.sweep();
  expect(await nags(r.series._id)).toEqual([]);
  // A month whose meeting was cancelled is asked for, as before.
  const dey = r.meetings[0]!;
  await meetings.cancel(dey._id, { personId: secretary._id, platform: "telegram", userId: 1 });
  h.clock.set(at(10, 21, 10));
  await meetings.sweep();
  expect(await nags(r.series._id)).toEqual([[10, `d8:${ZAHRA}`]]);
  await meetings.stopSeries(r.series._id, {
    personId: secretary._id,
    platform: "telegram",
    userId: 1,
  });
});

it("a series goes on under the new secretary when the one who set it up leaves the roster", async () => {
  h.clock.set(at(9, 8, 10));
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  const r = await meetings.createSeries({
    person: secretary,
    scope: NARMAK_URBAN,
    rule: { type: "day_of_month", day: 15 },
    hour: 17,
    minute: 0,
    place: "سرای محله",
  });
  if (!r.ok) throw new Error(r.why);
  const districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  const peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
  // Zahra leaves; Hossein, a member, becomes the group's secretary.
  const csv = peopleCsv
    .split("\n")
    .filter((l) => !l.includes(ZAHRA.slice(2)))
    .join("\n")
    .replace(
      "councillor;wg_secretary:environment;wg_member:urban_services",
      "councillor;wg_secretary:environment;wg_secretary:urban_services",
    );
  await importDistrict(h.repos, { districtJson, peopleCsv: csv }, h.clock.now());
  for (const b of h.app.bots) b.deps.repos.people.invalidate();
  expect((await h.repos.people.get(`d8:${ZAHRA}`))?.active).toBe(false);
  for (const [jm, jd] of [
    [10, 21],
    [11, 21],
    [12, 21],
  ] as const) {
    h.clock.set(at(jm, jd, 10));
    await meetings.sweep();
  }
  const made = await meetings.meetings.find({ seriesId: r.series._id }, { sort: { startAt: 1 } });
  expect(made.map((m) => m._id.split(":").at(-1))).toEqual([
    "1405-9",
    "1405-10",
    "1405-11",
    "1405-12",
    "1406-1",
    "1406-2",
  ]);
  // The new ones are Hossein's to run; no month went without its meeting.
  expect(made.slice(3).map((m) => m.secretaryId)).toEqual([
    `d8:${HOSSEIN}`,
    `d8:${HOSSEIN}`,
    `d8:${HOSSEIN}`,
  ]);
  expect(await nags(r.series._id)).toEqual([]);
});
