import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";

/** Messages held overnight by quiet hours must not speak of a meeting time that no longer holds. */

const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let secretary: PersonDoc;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  const client = h.client("telegram");
  zahra = await signIn(client, ZAHRA);
  hossein = await signIn(client, HOSSEIN);
  secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
});
afterAll(async () => {
  await h?.stop();
});

const actor = () => ({ personId: secretary._id, platform: "telegram" as const, userId: zahra.id });

async function tickAt(ts: number) {
  h.clock.set(ts);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
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
  return r.meeting;
}

const outbox = (kind: string, meetingId: string): Promise<OutboxDoc[]> =>
  h.app.services.outbox.find({ kind, "data.meetingId": meetingId });

const about = (user: User, place: string, head: string) =>
  user.messages().filter((m) => m.text?.includes(place) && m.text.includes(head));

/** Lets the sender run past the end of quiet hours, then waits until nothing is left due. */
async function morning(ts: number) {
  h.clock.set(ts);
  await h.app.dispatcher.drain();
}

describe("a meeting cancelled or moved while its messages wait for the morning", () => {
  it("a reminder held by quiet hours is withdrawn when the meeting is cancelled", async () => {
    // 13 Azar 09:00 with a 3-hour reminder: due at 06:00, held until 07:00.
    const place = "سالن شورایاری نارمک — لغو";
    const m = await schedule(at(9, 13, 9), place, [180]);
    await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
    await tickAt(at(9, 13, 6));
    const held = await outbox("meeting.reminder", m._id);
    expect(held.map((d) => d.state)).toEqual(["pending", "pending"]);
    expect(held[0]?.notBefore).toBe(at(9, 13, 7));

    h.clock.set(at(9, 13, 6, 30));
    expect((await meetings.cancel(m._id, actor(), "بیماری")).ok).toBe(true);
    await hossein.waitFor(/این جلسه لغو شد/);
    expect((await outbox("meeting.reminder", m._id)).map((d) => d.state)).toEqual([
      "cancelled",
      "cancelled",
    ]);

    await morning(at(9, 13, 7, 1));
    expect(about(hossein, place, "⏰ یادآوری")).toEqual([]);
    expect(about(zahra, place, "⏰ یادآوری")).toEqual([]);
  });

  it("a reminder held by quiet hours is not sent with the old time after a move", async () => {
    const place = "سالن شورایاری نارمک — جابه‌جایی";
    const m = await schedule(at(9, 20, 9), place, [180]);
    await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
    await tickAt(at(9, 20, 6));
    expect(await outbox("meeting.reminder", m._id)).toHaveLength(2);

    h.clock.set(at(9, 20, 6, 30));
    expect((await meetings.move(m._id, actor(), at(9, 24, 9))).ok).toBe(true);
    const moved = await hossein.waitFor(/زمان جلسه تغییر کرد/);
    expect(moved.text).toContain("۲۴ آذر");
    expect((await outbox("meeting.reminder", m._id)).every((d) => d.state === "cancelled")).toBe(
      true,
    );

    await morning(at(9, 20, 7, 1));
    expect(about(hossein, place, "⏰ یادآوری")).toEqual([]);
    // The new time's reminder still comes, once, when it is due.
    await tickAt(at(9, 24, 8));
    await hossein.waitFor((x) => Boolean(x.text?.includes(place) && x.text.includes("⏰ یادآوری")));
    expect(about(hossein, place, "⏰ یادآوری")).toHaveLength(1);
    expect(about(hossein, place, "⏰ یادآوری")[0]?.text).toContain("۲۴ آذر");
  });

  it("an invitation held overnight does not arrive next morning with the old date after a move", async () => {
    const place = "کتابخانهٔ نارمک — دعوت شبانه";
    // 10 Dey 22:30 (quiet hours): scheduled for 15 Dey, then corrected to 16 Dey.
    h.clock.set(at(10, 10, 22, 30));
    const m = await schedule(at(10, 15, 10), place);
    await h.app.dispatcher.drain();
    expect((await outbox("meeting.scheduled", m._id)).map((d) => d.state)).toEqual([
      "pending",
      "pending",
    ]);
    h.clock.set(at(10, 10, 22, 35));
    expect((await meetings.move(m._id, actor(), at(10, 16, 10))).ok).toBe(true);
    // The change goes out at once, even at night, with the full card and buttons.
    const moved = await hossein.waitFor((x) =>
      Boolean(x.text?.includes(place) && x.text.includes("زمان جلسه تغییر کرد")),
    );
    expect(moved.text).toContain("۱۶ دی");

    await morning(at(10, 11, 7, 1));
    expect(about(hossein, place, "جلسهٔ تازه‌ای تعیین شد")).toEqual([]);
    expect((await outbox("meeting.scheduled", m._id)).map((d) => d.state)).toEqual([
      "cancelled",
      "cancelled",
    ]);
    // The move notice itself was not withdrawn: it is the new version.
    expect((await outbox("meeting.moved", m._id)).every((d) => d.state === "sent")).toBe(true);
  });

  it("a reminder a sender had already picked up when the meeting was cancelled is not sent", async () => {
    const place = "پارک نارمک — در حال ارسال";
    h.clock.set(at(10, 12, 10));
    const m = await schedule(at(10, 14, 9), place, [180]);
    await hossein.waitFor((x) => Boolean(x.text?.includes(place)));
    await tickAt(at(10, 14, 6));
    const [first] = await outbox("meeting.reminder", m._id);
    // Another instance claimed it and stopped (its lease runs out at 06:59).
    await h.app.services.outbox.col.updateOne(
      { _id: first!._id },
      {
        $set: { state: "sending", lease: { owner: "another-instance", until: at(10, 14, 6, 59) } },
      },
    );
    h.clock.set(at(10, 14, 6, 30));
    expect((await meetings.cancel(m._id, actor())).ok).toBe(true);
    await hossein.waitFor((x) => Boolean(x.text?.includes(place) && x.text.includes("لغو شد")));
    // Cancelling could not withdraw the claimed one; the sender takes it over after the lease…
    expect((await h.app.services.outbox.get(first!._id))?.state).toBe("sending");
    await morning(at(10, 14, 7, 1));
    // …and drops it, since its meeting is cancelled.
    const after = await h.app.services.outbox.get(first!._id);
    expect(after?.state).toBe("cancelled");
    expect(after?.attemptsLog.at(-1)?.outcome).toBe("withdrawn");
    expect(about(hossein, place, "⏰ یادآوری")).toEqual([]);
    expect(about(zahra, place, "⏰ یادآوری")).toEqual([]);
  });
});
