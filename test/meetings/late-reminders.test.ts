import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

/** A reminder states the time really left when it is sent, and an overtaken one stays quiet. */

const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });

let h: Harness;
let meetings: MeetingService;
let hossein: User;
let secretary: PersonDoc;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  const client = h.client("telegram");
  await signIn(client, ZAHRA);
  hossein = await signIn(client, HOSSEIN);
  secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
});
afterAll(async () => {
  await h?.stop();
});

async function tickAt(ts: number) {
  await h.app.dispatcher.drain();
  h.clock.set(ts);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
  await h.app.dispatcher.drain();
}

async function schedule(startAt: number, place: string, reminderOffsets?: number[]) {
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    place,
    ...(reminderOffsets ? { reminderOffsets } : {}),
  });
  if (!r.ok) throw new Error(`not scheduled: ${r.why}`);
  await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
  return r.meeting;
}

const remindersOf = (place: string) =>
  hossein
    .messages()
    .filter((m) => m.text?.includes(place) && m.text.includes("⏰ یادآوری"))
    .map((m) => m.text ?? "");

describe("reminders", () => {
  it("a reminder of 2 days and 3 hours reads as days and hours", async () => {
    const place = "سالن شورایاری نارمک";
    // 27 Azar 13:00; its reminder falls on 25 Azar 10:00.
    await schedule(at(9, 27, 13), place, [2 * 1440 + 180]);
    await tickAt(at(9, 25, 10));
    const [text] = remindersOf(place);
    expect(text).toContain("⏰ یادآوری: جلسه ۲ روز و ۳ ساعت دیگر برگزار می‌شود.");
  });

  it("a reminder held by quiet hours and overtaken by a later one is not sent", async () => {
    const place = "سرای محلهٔ نارمک";
    // 30 Azar 08:00: the 4-hour reminder (04:00) is held until 07:00; the 90-minute one
    // (06:30) is close enough to go out at night, and is the only one to arrive.
    const m = await schedule(at(9, 30, 8), place, [240, 90]);
    await tickAt(at(9, 30, 4));
    await tickAt(at(9, 30, 6, 30));
    await tickAt(at(9, 30, 7, 1));
    expect(remindersOf(place)).toEqual([expect.stringContaining("۱ ساعت و ۳۰ دقیقه دیگر")]);
    const held = await h.app.services.outbox.find({
      kind: "meeting.reminder",
      "data.meetingId": m._id,
      "data.offset": 240,
    });
    expect(held.map((d) => d.state)).toEqual(["cancelled", "cancelled"]);
  });

  it("after the bot was down, only the latest reminder goes out, with the time really left and the agenda", async () => {
    const place = "پارک نارمک";
    h.clock.set(at(10, 1, 9));
    const m = await schedule(at(10, 8, 10), place); // 3 days, 1 day, 2 hours before
    await h.app.stop();
    // Down from 1 Dey until 8 Dey 09:00, an hour before the meeting.
    h.clock.set(at(10, 8, 9));
    await h.restart();
    await h.app.services.scheduler.tick();
    await h.app.dispatcher.drain();
    const texts = remindersOf(place);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("جلسه ۱ ساعت دیگر برگزار می‌شود");
    // The one-day reminder never went out, so this one brings the agenda.
    expect(texts[0]).toContain("دستور جلسه");
    const offsets = (
      await h.app.services.outbox.find({ kind: "meeting.reminder", "data.meetingId": m._id })
    ).map((d) => d.data.offset);
    expect(offsets).toEqual([120, 120]);
  });
});
