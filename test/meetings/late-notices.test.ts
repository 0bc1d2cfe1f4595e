import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { at, HOSSEIN, minutesWithItem, signInGroup } from "./helpers.ts";

/**
 * Meeting notices that go out late — held by quiet hours, or after the bot was down for
 * days — still say what is true when they arrive, in the order a ladder means.
 */
let h: Harness;
let meetings: MeetingService;
let secretary: PersonDoc;
let hossein: User;

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  ({ hossein, secretary } = await signInGroup(h));
  await signIn(h.client("telegram"), PEOPLE.presidium.phone);
});
afterAll(async () => {
  await h?.stop();
});

const scope = {
  kind: "wg" as const,
  level: "neighborhood" as const,
  subject: "urban_services",
  neighborhood: "narmak",
};
const zActor = () => ({ personId: secretary._id, platform: "telegram" as const, userId: 1 });
const hActor = () => ({ personId: `d8:${HOSSEIN}`, platform: "telegram" as const, userId: 2 });

/** The bot down until `ts`, then started again and ticking for a few minutes. */
async function downUntil(ts: number) {
  await h.app.dispatcher.drain();
  await h.app.stop();
  h.clock.set(ts);
  await h.restart();
  for (let i = 0; i < 3; i++) {
    await h.app.services.scheduler.tick();
    await h.app.dispatcher.drain();
    h.clock.advance(60_000);
  }
}

async function schedule(startAt: number, place: string) {
  const r = await meetings.create({ person: secretary, scope, startAt, place });
  if (!r.ok) throw new Error(`not scheduled: ${r.why}`);
  return r.meeting;
}

it("a meeting set late in the evening for tonight is announced at once, not after it took place", async () => {
  h.clock.set(at(9, 10, 22, 15)); // in quiet hours
  const m = await schedule(at(9, 10, 23, 30), "جلسهٔ آنلاین شبانه");
  await h.app.dispatcher.drain();
  const [note] = await h.app.services.outbox.find({
    kind: "meeting.scheduled",
    "data.meetingId": m._id,
    "recipient.chatId": hossein.id,
  });
  expect(note).toMatchObject({ priority: "urgent", state: "sent" });
  // One for after quiet hours stays normal (held until the morning).
  const later = await schedule(at(9, 12, 10), "سرای محله");
  const [held] = await h.app.services.outbox.find({
    kind: "meeting.scheduled",
    "data.meetingId": later._id,
    "recipient.chatId": hossein.id,
  });
  expect(held?.priority).toBe("normal");
});

it("an invitation held until after the meeting began is not sent", async () => {
  h.clock.set(at(9, 13, 12));
  const m = await schedule(at(9, 14, 10), "سرای محلهٔ نارمک");
  // The announcement was written but never sent before the bot went down; back after the start.
  await h.app.stop();
  h.clock.set(at(9, 14, 11));
  await h.restart();
  await h.app.dispatcher.drain();
  const notes = await h.app.services.outbox.find({
    kind: "meeting.scheduled",
    "data.meetingId": m._id,
  });
  expect(notes.length).toBeGreaterThan(0);
  expect(notes.filter((n) => n.state === "sent")).toEqual([]);
});

it("after downtime, the presidium hears of missing minutes only days after the secretary's reminder", async () => {
  h.clock.set(at(9, 15, 10));
  const m = await schedule(at(9, 16, 10), "p-minutes");
  await downUntil(at(9, 30, 10)); // past both the reminder and the escalation marks
  const nags = await h.app.services.outbox.find({
    kind: "meeting.minutes_nag",
    "data.meetingId": m._id,
  });
  expect(nags.map((n) => n.data.stage)).toEqual(["secretary"]);
  const after = await meetings.get(m._id);
  expect(after?.minutesStage).toBe(1);
  // The usual three working days after the reminder (5 − 2), counted from when it went out.
  expect(after!.minutesDueAt!).toBeGreaterThan(at(10, 2, 10));
});

it("after downtime, an item already past due gets the overdue notice, not also “due soon”", async () => {
  h.clock.set(at(10, 1, 9));
  const m = await schedule(at(10, 1, 10), "p-items");
  h.clock.set(at(10, 1, 12));
  const itemId = await minutesWithItem(
    meetings,
    m._id,
    zActor(),
    "بازدید از کوچهٔ بنفشه",
    at(10, 8, 14),
  );
  await downUntil(at(10, 9, 10));
  const due = await h.app.services.outbox.find({
    kind: "meeting.action_due",
    "data.itemId": itemId,
  });
  const overdue = await h.app.services.outbox.find({
    kind: "meeting.action_overdue",
    "data.itemId": itemId,
  });
  expect(due).toEqual([]);
  expect(overdue.length).toBeGreaterThan(0);
});

it("a date moved nearer than the reminder's lead leaves no “due soon” set for after it", async () => {
  h.clock.set(at(10, 20, 9));
  const m = await schedule(at(10, 20, 10), "p-earlier");
  h.clock.set(at(10, 20, 12));
  const itemId = await minutesWithItem(meetings, m._id, zActor(), "نصب تابلو", at(10, 30, 14));
  expect((await meetings.getItem(itemId))?.remindAt).toBeDefined();
  expect((await meetings.requestNewDate(itemId, hActor(), at(10, 20, 14))).ok).toBe(true);
  expect((await meetings.answerDateRequest(itemId, zActor(), true)).ok).toBe(true);
  const item = (await meetings.getItem(itemId))!;
  expect(item.dueAt).toBe(at(10, 20, 14));
  expect(item.remindAt).toBeUndefined();
});

it("a low-attendance warning that went out late says how long is left, not “tomorrow”", async () => {
  h.clock.set(at(10, 22, 10));
  const m = await schedule(at(10, 26, 10), "p-attendance");
  // Down from before the day-before check until two hours before the start.
  await downUntil(at(10, 26, 8));
  const [low] = await h.app.services.outbox.find({
    kind: "meeting.low_attendance",
    "data.meetingId": m._id,
  });
  expect(low).toBeDefined();
  const rendered = await h.app.services.renderers.render(low!.kind, low!.data, "fa", h.clock.now());
  expect(rendered?.text.split("\n")[0]).toMatch(
    /^⚠️ جلسه ۱ ساعت و [۰-۹]+ دقیقه دیگر برگزار می‌شود و فقط/,
  );
});
