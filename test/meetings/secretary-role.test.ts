import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingDoc } from "../../src/meetings/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { at, HOSSEIN, minutesWithItem, signInGroup, ZAHRA, zahrasMeeting } from "./helpers.ts";

/**
 * A meeting is run by whoever holds its group's secretary role now: roles change hands with
 * a roster import, and the secretary of record then is told so, not obeyed. And every press
 * is re-checked against the meeting as it is now.
 */
let h: Harness;
let zahra: User;
let hossein: User;
let peopleCsv: string;
let districtJson: string;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  ({ zahra, hossein } = await signInGroup(h));
  districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
});
afterAll(async () => {
  await h?.stop();
});
afterEach(async () => {
  await roster(peopleCsv);
});

/** The roster as given; the bots' roster caches dropped, as an import through the bot does. */
async function roster(csv: string) {
  await importDistrict(h.repos, { districtJson, peopleCsv: csv }, h.clock.now());
  for (const b of h.app.bots) b.deps.repos.people.invalidate();
}

/** Narmak's urban-services secretary role moved from Zahra to Hossein. */
function swapped(): string {
  const lines = peopleCsv.split("\n");
  const swap = (phone: string, from: string, to: string) => {
    const i = lines.findIndex((l) => l.includes(phone.slice(2)));
    expect(lines[i]).toContain(from);
    lines[i] = lines[i]!.replace(from, to);
  };
  swap(ZAHRA, "wg_secretary:urban_services", "wg_member:urban_services");
  swap(HOSSEIN, "wg_member:urban_services", "wg_secretary:urban_services");
  return lines.join("\n");
}

async function newMeeting(startAt: number): Promise<MeetingDoc> {
  const meeting = await zahrasMeeting(h, startAt, "سرای محله نارمک");
  await h.client("telegram").idle();
  return meeting;
}

const anchor = (u: User) => u.last()!.messageId;

it("the secretary of record whose role passed on is told so, and the meeting stays as it is", async () => {
  const m = await newMeeting(at(9, 20, 17));
  await roster(swapped());
  const outbox = await h.store.collection("outbox").countDocuments({});
  for (const data of [`m:cx:${m._id}`, `m:mv:${m._id}`, `m:age:${m._id}`, `m:aadd:${m._id}`]) {
    const press = await zahra.pressCallbackData(data, anchor(zahra));
    const answer = await zahra.expectCallbackAnswered(press);
    expect(answer.text).toBe(
      "شما دیگر دبیر این گروه نیستید؛ این جلسه را دبیر کنونی آن اداره می‌کند.",
    );
  }
  await h.client("telegram").idle();
  const after = await h.app.services.meetings.get(m._id);
  expect(after?.state).toBe("scheduled");
  expect(after?._rev).toBe(m._rev);
  expect(await h.store.collection("outbox").countDocuments({})).toBe(outbox);
  // The one who holds the role now runs it, and the meeting's card names them.
  const shown = await hossein.pressCallbackData(`m:o:${m._id}`, anchor(hossein));
  await hossein.expectCallbackAnswered(shown);
  const card = await hossein.waitFor(/دبیر جلسه:/);
  expect(card.text).toContain("👤 دبیر جلسه: حسین موسوی");
  expect(card.text).not.toContain("زهرا کریمی");
  await hossein.pressCallbackData(`m:cx:${m._id}`, anchor(hossein));
  await hossein.waitFor(/دلیل لغو/);
  await hossein.send("/cancel");
});

it("a second tap on the same answer records nothing more, and says it is recorded", async () => {
  const m = await newMeeting(at(9, 22, 17));
  const [first, second] = await Promise.all([
    hossein.pressCallbackData(`m:y:${m._id}`, anchor(hossein)),
    hossein.pressCallbackData(`m:y:${m._id}`, anchor(hossein)),
  ]);
  const answers = [
    (await hossein.expectCallbackAnswered(first)).text,
    (await hossein.expectCallbackAnswered(second)).text,
  ];
  expect(answers).toContain("حضور شما پیش‌تر ثبت شده است.");
  const history = await h.store
    .collection<{ _id: string; action: string; itemId: string }>("audit")
    .find({ itemId: m._id, action: "meeting.rsvp_yes" });
  expect(history).toHaveLength(1);
  expect((await h.app.services.meetings.get(m._id))?._rev).toBe((m._rev ?? 0) + 1);
});

it("agenda buttons of a cancelled meeting say so at once, before anything is asked", async () => {
  const m = await newMeeting(at(9, 23, 17));
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  await h.app.services.meetings.cancel(m._id, {
    personId: secretary._id,
    platform: "telegram",
    userId: zahra.id,
  });
  await h.client("telegram").idle();
  const before = zahra.messages().length;
  for (const data of [`m:aadd:${m._id}`, `m:age:${m._id}`]) {
    const press = await zahra.pressCallbackData(data, anchor(zahra));
    const answer = await zahra.expectCallbackAnswered(press);
    expect(answer.text).toMatch(/این جلسه اکنون «لغو/);
    expect(answer.showAlert).toBe(true);
  }
  await h.client("telegram").idle({ quietMs: 200 });
  expect(zahra.messages().slice(before)).toEqual([]);
});

it("an item's owner pressing the secretary's answer to their own date request is told who answers it", async () => {
  const m = await newMeeting(at(9, 10, 17));
  const meetings = h.app.services.meetings;
  h.clock.set(at(9, 10, 19));
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  const itemId = await minutesWithItem(
    meetings,
    m._id,
    { personId: secretary._id, platform: "telegram", userId: zahra.id },
    "تماس با پیمانکار روشنایی",
    at(9, 20, 12),
  );
  const item = (await meetings.getItem(itemId))!;
  const asked = at(9, 27, 12);
  const req = await meetings.requestNewDate(
    item._id,
    { personId: `d8:${HOSSEIN}`, platform: "telegram", userId: hossein.id },
    asked,
    "پیمانکار تا آخر ماه وقت ندارد",
  );
  expect(req.ok).toBe(true);
  const press = await hossein.pressCallbackData(
    `m:aiok:${item._id}:${asked.toString(36)}`,
    anchor(hossein),
  );
  const answer = await hossein.expectCallbackAnswered(press);
  expect(answer.text).toBe("فقط دبیر جلسه می‌تواند به درخواست تغییر مهلت پاسخ دهد.");
  expect((await meetings.getItem(item._id))?.dueAt).toBe(at(9, 20, 12));
});

it("what the secretary must see to goes to whoever holds the role now", async () => {
  const m = await newMeeting(at(9, 24, 17));
  await roster(swapped());
  // Well past the day the minutes were due, and none recorded.
  h.clock.set(at(10, 5, 10));
  await h.app.services.meetings.sweep();
  const nags = await h.app.services.outbox.find({
    kind: "meeting.minutes_nag",
    "data.meetingId": m._id,
  });
  expect(nags.map((n) => n.recipient)).toEqual([
    { platform: "telegram", chatId: hossein.id, personId: `d8:${HOSSEIN}` },
  ]);
  expect((await h.app.services.meetings.get(m._id))?.minutesStage).toBe(1);
});

it("a new secretary the invitation never reached finds the meeting, and hears of its reminders", async () => {
  h.clock.set(at(9, 12, 10));
  const m = await newMeeting(at(9, 26, 17));
  // Narmak's urban-services group passes to Maryam, a councillor outside the group: not
  // among the meeting's participants.
  const lines = peopleCsv.split("\n");
  const z = lines.findIndex((l) => l.includes(ZAHRA.slice(2)));
  lines[z] = lines[z]!.replace("wg_secretary:urban_services", "wg_member:urban_services");
  const mr = lines.findIndex((l) => l.includes(PEOPLE.councillor.phone.slice(2)));
  lines[mr] = `${lines[mr]};wg_secretary:urban_services`;
  await roster(lines.join("\n"));
  expect(m.participants).not.toContain(`d8:${PEOPLE.councillor.phone}`);
  const maryam = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
  await maryam.send("📅 جلسه‌ها");
  const list = await maryam.waitFor(/جلسه‌های پیش رو/);
  expect(JSON.stringify(maryam.inlineButtons(list))).toContain(`m:o:${m._id}`);
  // The one-day reminder reaches her as well as the participants.
  h.clock.set(at(9, 25, 17, 1));
  await h.app.services.scheduler.tick();
  await h.app.dispatcher.drain();
  const reminders = await h.app.services.outbox.find({
    kind: "meeting.reminder",
    "data.meetingId": m._id,
  });
  expect(reminders.map((n) => n.recipient.personId)).toContain(`d8:${PEOPLE.councillor.phone}`);
  await maryam.waitFor(/یادآوری: جلسه/);
});

it("someone who sees a meeting without being asked to it gets no attendance buttons on its card", async () => {
  h.clock.set(at(9, 12, 10));
  const m = await newMeeting(at(9, 27, 17));
  const presidium = await signIn(h.client("telegram"), PEOPLE.presidium.phone);
  expect(m.participants).not.toContain(`d8:${PEOPLE.presidium.phone}`);
  await presidium.pressCallbackData(`m:o:${m._id}`, presidium.last()!.messageId);
  const card = await presidium.waitFor(/دبیر جلسه:/);
  const data = presidium
    .inlineButtons(card)
    .flat()
    .map((b) => b.callback_data);
  expect(data).toEqual([`m:ics:${m._id}`, `m:ag:${m._id}`]);
  // Hossein, invited, still answers from it.
  await hossein.pressCallbackData(`m:o:${m._id}`, anchor(hossein));
  const his = await hossein.waitFor(
    (x) => /دبیر جلسه:/.test(x.text ?? "") && JSON.stringify(x.replyMarkup).includes(m._id),
  );
  expect(
    hossein
      .inlineButtons(his)
      .flat()
      .map((b) => b.callback_data),
  ).toContain(`m:y:${m._id}`);
});

it("an old menu button whose role a re-import took says so, with the menu as it is now", async () => {
  await roster(swapped());
  const before = zahra.messages().length;
  await zahra.send("📥 منتظر اقدام من");
  const said = await zahra.waitFor(/دیگر در منوی شما نیست/);
  const labels = JSON.stringify(said.replyMarkup);
  expect(labels).not.toContain("منتظر اقدام من");
  expect(labels).toContain("📅 جلسه‌ها");
  await h.client("telegram").idle({ quietMs: 150 });
  expect(
    zahra
      .messages()
      .slice(before)
      .map((m) => m.text ?? ""),
  ).not.toContainEqual(expect.stringMatching(/متوجه نشدم/));
});
