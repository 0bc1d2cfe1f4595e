import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn, startHarness, TOKENS } from "../helpers/harness.ts";

/** Narmak's urban-services working group: secretary, one member, the deputy. */
const ZAHRA = "989121000003"; // wg_secretary:urban_services, narmak
const HOSSEIN = "989121000004"; // wg_member:urban_services, narmak
const REZA = "989121000006"; // urban-services secretary of another neighbourhood

const at = (jm: number, jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm, jd, hour, minute });

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let reza: User;
let secretary: PersonDoc;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  const client = h.client("telegram");
  zahra = await signIn(client, ZAHRA);
  hossein = await signIn(client, HOSSEIN);
  reza = await signIn(client, REZA);
  secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
});
afterAll(async () => {
  await h?.stop();
});

/**
 * Lets the sender deliver what is due, moves the clock and runs the scheduler (jobs and
 * sweeps) twice: repeats must be no-ops.
 */
async function tickAt(ts: number) {
  // What is due now goes out now: reminders state the time left when they are sent.
  await h.app.dispatcher.drain();
  h.clock.set(ts);
  await h.app.services.scheduler.tick();
  await h.app.services.scheduler.tick();
}

const reminders = (meetingId: string): Promise<OutboxDoc[]> =>
  h.app.services.outbox.find({ kind: "meeting.reminder", "data.meetingId": meetingId });

async function schedule(startAt: number, place: string) {
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    place,
  });
  if (!r.ok) throw new Error(`not scheduled: ${r.why}`);
  return r.meeting;
}

const received = (user: User, needle: string) =>
  user.messages().filter((m) => m.text?.includes(needle) && m.text.includes("یادآوری"));

describe("reminders", () => {
  it("participants come from the roster; every offset fires exactly once; quiet hours hold all but the 2-hour one", async () => {
    // 13 Azar at 06:00: the 3-day and 1-day reminders fall at 06:00 (quiet), the 2-hour at 04:00.
    const m = await schedule(at(9, 13, 6), "سالن شورایاری نارمک");
    expect(m.participants).toEqual(
      ["d8:989121000003", "d8:989121000004", "d8:989121000018"].sort(),
    );
    await hossein.waitFor(/جلسهٔ تازه‌ای تعیین شد/);

    await tickAt(at(9, 10, 6));
    let rem = await reminders(m._id);
    expect(rem).toHaveLength(2); // zahra and hossein have identities; the deputy has none
    expect(rem.every((r) => r.priority === "normal" && r.data.offset === 4320)).toBe(true);
    // Held by quiet hours, not sent.
    await new Promise((r) => setTimeout(r, 300));
    expect(received(hossein, "سالن شورایاری نارمک")).toHaveLength(0);
    const held = await h.app.services.outbox.get(
      rem.find((r) => r.recipient.chatId === hossein.id)!._id,
    );
    expect(held?.state).toBe("pending");
    expect(held?.notBefore).toBe(at(9, 10, 7));
    h.clock.set(at(9, 10, 7, 1));
    // Sent an hour late, it gives the time really left.
    await hossein.waitFor((msg) => Boolean(msg.text?.includes("۲ روز و ۲۳ ساعت دیگر")));

    await tickAt(at(9, 12, 6));
    h.clock.set(at(9, 12, 7, 1));
    const day = await hossein.waitFor((msg) =>
      Boolean(msg.text?.includes("۲۲ ساعت و ۵۹ دقیقه دیگر")),
    );
    // The agenda goes out with the one-day reminder (none open here: says so).
    expect(day.text).toContain("دستور جلسه");

    await tickAt(at(9, 13, 4));
    rem = await reminders(m._id);
    const urgent = rem.filter((r) => r.data.offset === 120);
    expect(urgent.map((r) => r.priority)).toEqual(["urgent", "urgent"]);
    await hossein.waitFor((msg) => Boolean(msg.text?.includes("۲ ساعت دیگر")));

    await tickAt(at(9, 13, 5));
    expect(await reminders(m._id)).toHaveLength(6);
    await zahra.waitFor((msg) => Boolean(msg.text?.includes("۲ ساعت دیگر")));
    expect(received(hossein, "سالن شورایاری نارمک")).toHaveLength(3);
    expect(received(zahra, "سالن شورایاری نارمک")).toHaveLength(3);
  });

  it("a moved meeting's old reminders never fire; a cancelled one's stop; everyone is told at once", async () => {
    const m = await schedule(at(9, 20, 10), "سرای محلهٔ نارمک");
    const actor = { personId: secretary._id, platform: "telegram" as const, userId: zahra.id };
    const moved = await meetings.move(m._id, actor, at(9, 22, 10));
    expect(moved.ok).toBe(true);
    const note = await hossein.waitFor(/زمان جلسه تغییر کرد/);
    expect(note.text).toContain("۲۲ آذر");
    const movedNotes = await h.app.services.outbox.find({
      kind: "meeting.moved",
      "data.meetingId": m._id,
    });
    expect(movedNotes.every((n) => n.priority === "urgent")).toBe(true);
    expect((await h.app.services.scheduler.get(`mtg-rem:${m._id}:4320:0`))?.state).toBe(
      "cancelled",
    );

    await tickAt(at(9, 17, 10)); // the old 3-day time: nothing
    expect(await reminders(m._id)).toHaveLength(0);
    await tickAt(at(9, 19, 10)); // the new 3-day time
    const rem = await reminders(m._id);
    expect(rem).toHaveLength(2);
    expect(rem.every((r) => r._id.includes(":rem:4320:1:"))).toBe(true);

    // A second press of the same stale move changes nothing.
    const again = await meetings.move(m._id, actor, at(9, 22, 10));
    expect(again.ok).toBe(true); // a real second move is allowed (new time version)…
    const cancelled = await meetings.cancel(m._id, actor, "تعطیلی اداره");
    expect(cancelled.ok).toBe(true);
    const twice = await meetings.cancel(m._id, actor);
    expect(twice.ok).toBe(false); // …but a cancelled meeting stays cancelled
    await hossein.waitFor(/این جلسه لغو شد/);
    await tickAt(at(9, 21, 10));
    await tickAt(at(9, 22, 9));
    expect(await reminders(m._id)).toHaveLength(2);
  });
});

describe("RSVP", () => {
  it("answers change until the start; another group's councillor is refused; low attendance warns the secretary", async () => {
    h.clock.set(at(9, 23, 9));
    const m = await schedule(at(9, 27, 10), "کتابخانهٔ نارمک");
    const invite = await hossein.waitFor((msg) =>
      Boolean(msg.text?.includes("کتابخانهٔ نارمک") && msg.text.includes("تعیین شد")),
    );
    await hossein.press("✅ شرکت می‌کنم", { messageId: invite.messageId });
    await hossein.waitFor(/حضور شما ثبت شد/);
    expect((await meetings.get(m._id))?.rsvp[`d8:${HOSSEIN}`]?.answer).toBe("yes");

    await hossein.press("❌ نمی‌توانم بیایم", { messageId: invite.messageId });
    await hossein.waitFor(/دلیلش را بنویسید/);
    await hossein.send("سفر کاری");
    await hossein.waitFor(/دلیل شما ثبت شد/);
    const after = await meetings.get(m._id);
    expect(after?.rsvp[`d8:${HOSSEIN}`]).toMatchObject({ answer: "no", reason: "سفر کاری" });

    // Someone of another neighbourhood's group forges a press of the same button.
    const before = (await meetings.get(m._id))!._rev;
    const upd = await reza.pressCallbackData(`m:y:${m._id}`, reza.last()!.messageId);
    const answer = await reza.expectCallbackAnswered(upd);
    expect(answer.text).toContain("از شرکت‌کنندگان این جلسه نیستید");
    const unchanged = await meetings.get(m._id);
    expect(unchanged?._rev).toBe(before);
    expect(unchanged?.rsvp[`d8:${REZA}`]).toBeUndefined();

    // The secretary's list shows both answers; a day before, fewer than half confirmed.
    await zahra.press("✅ شرکت می‌کنم", {
      messageId: (await zahra.waitFor((msg) => Boolean(msg.text?.includes("کتابخانهٔ نارمک"))))
        .messageId,
    });
    await zahra.waitFor(/حضور شما ثبت شد/);
    await tickAt(at(9, 26, 10));
    const warn = await zahra.waitFor(/فقط ۱ نفر از ۳ نفر/);
    await zahra.press("👥 فهرست حضور", { messageId: warn.messageId });
    const list = await zahra.waitFor(/بی‌پاسخ/);
    expect(list.text).toContain("✅ زهرا کریمی");
    expect(list.text).toContain("❌ حسین موسوی — سفر کاری");
    expect(list.text).toContain("⏳ بهروز شریفی");
    // Only one warning, however often the scheduler runs.
    await tickAt(at(9, 26, 11));
    expect(
      await h.app.services.outbox.count({
        kind: "meeting.low_attendance",
        "data.meetingId": m._id,
      }),
    ).toBe(1);

    // After the start, answers are closed.
    h.clock.set(at(9, 27, 10, 5));
    const late = await hossein.pressCallbackData(`m:y:${m._id}`, invite.messageId);
    expect((await hossein.expectCallbackAnswered(late)).text).toContain("شروع شده");
  });

  it("the calendar file comes as a document", async () => {
    h.clock.set(at(9, 28, 9));
    const m = await schedule(at(10, 2, 16), "فرهنگسرای نارمک");
    const invite = await hossein.waitFor((msg) => Boolean(msg.text?.includes("فرهنگسرای نارمک")));
    await hossein.press("📆 افزودن به تقویم", { messageId: invite.messageId });
    const doc = await hossein.waitFor((msg) => Boolean(msg.document));
    expect(doc.document?.file_name).toBe("meeting.ics");
    expect(m._id).toBeTruthy();
  });
});

describe("restart", () => {
  it("between two reminders loses none and repeats none", async () => {
    h.clock.set(at(10, 3, 9));
    const m = await schedule(at(10, 8, 10), "پارک نارمک");
    await tickAt(at(10, 5, 10)); // 3-day reminder
    expect(await reminders(m._id)).toHaveLength(2);
    await h.app.dispatcher.drain();
    await h.app.stop();
    const config: Config = {
      localMode: false,
      dataDir: h.dataDir,
      localPort: 0,
      logLevel: "silent",
      telegram: { token: TOKENS.telegram, apiRoot: h.emulator.url },
    };
    // The clock moves on while the process is down: the 1-day reminder falls due then.
    h.clock.set(at(10, 7, 10, 30));
    const app2 = await startApp(config, {
      log: silentLogger,
      store: h.store,
      clock: h.clock,
      manualScheduler: true, // its start-up tick runs what fell due while down
    });
    try {
      await app2.services.scheduler.tick();
      const rem = await reminders(m._id);
      expect(rem.map((r) => r.data.offset).sort()).toEqual([1440, 1440, 4320, 4320]);
      // Half an hour late: it says so.
      await hossein.waitFor((msg) =>
        Boolean(msg.text?.includes("۲۳ ساعت و ۳۰ دقیقه دیگر") && msg.text.includes("پارک نارمک")),
      );
      h.clock.set(at(10, 8, 8));
      await app2.services.scheduler.tick();
      await app2.services.scheduler.tick();
      const all = await reminders(m._id);
      expect(all).toHaveLength(6);
      expect(new Set(all.map((r) => r._id)).size).toBe(6);
      await hossein.waitFor((msg) =>
        Boolean(msg.text?.includes("۲ ساعت دیگر") && msg.text.includes("پارک نارمک")),
      );
      expect(received(hossein, "پارک نارمک")).toHaveLength(3);
    } finally {
      await app2.stop();
    }
  });
});
