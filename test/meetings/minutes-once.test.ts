import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService, MinutesInput } from "../../src/meetings/service.ts";
import type { ReportDoc } from "../../src/reports/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { at, HOSSEIN, openReport, setAgenda, signInGroup } from "./helpers.ts";

let h: Harness;
let meetings: MeetingService;
let zahra: User;
let hossein: User;
let secretary: PersonDoc;

/** An open report of Narmak's urban services, owned by its group's secretary. */
const report = (id: string): ReportDoc => openReport(h.clock.now(), id);

const actor = () => ({ personId: secretary._id, platform: "telegram" as const, userId: zahra.id });

/** A meeting whose agenda is exactly these reports, started half an hour ago. */
async function meetingOn(reportIds: string[], startAt: number): Promise<string> {
  h.clock.set(startAt - 3_600_000);
  const reports = h.store.collection<ReportDoc>("reports");
  for (const id of reportIds) await reports.insertOne(report(id));
  const r = await meetings.create({
    person: secretary,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    durationMin: 60,
    place: "سرای محله",
  });
  if (!r.ok) throw new Error("not scheduled");
  const id = r.meeting._id;
  await setAgenda(
    meetings,
    id,
    actor(),
    reportIds.map((refId) => ({
      id: `r-${refId}`,
      kind: "report",
      refId,
      title: `گزارش ${refId}`,
    })),
  );
  h.clock.set(startAt + 30 * 60_000);
  return id;
}

const minutesEntries = async (id: string) =>
  (await meetings.history(id)).filter((a) => a.action === "meeting.minutes");

const owner = () => ({ type: "person" as const, personId: `d8:${HOSSEIN}` });

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  meetings = h.app.services.meetings;
  ({ zahra, hossein, secretary } = await signInGroup(h));
});
afterAll(async () => {
  await h?.stop();
});

describe("saving the minutes twice at once", () => {
  it("one save wins whole: only its action items exist and only its decisions move reports", async () => {
    const due = at(9, 30, 14);
    // Both orders, so each of the two inputs wins once.
    for (const [n, first] of [
      [1, "a"],
      [2, "b"],
    ] as const) {
      const repA = `race${n}a`;
      const repB = `race${n}b`;
      const id = await meetingOn([repA, repB], at(9, 14 + n, 10));
      const a: MinutesInput = {
        attended: [],
        decisions: [{ agendaItemId: `r-${repA}`, decision: "رفع شد", reportAction: "resolve" }],
        actionItems: [{ text: "اقدام الف", owner: owner(), dueAt: due }],
      };
      const b: MinutesInput = {
        attended: [],
        decisions: [{ agendaItemId: `r-${repB}`, decision: "واحد فنی", reportAction: "refer" }],
        actionItems: [
          { text: "اقدام ب ۱", owner: owner(), dueAt: due },
          { text: "اقدام ب ۲", owner: owner(), dueAt: due },
        ],
      };
      const inputs = first === "a" ? [a, b] : [b, a];
      const results = await Promise.all(inputs.map((x) => meetings.recordMinutes(id, actor(), x)));
      expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
      const loser = results.find((r) => !r.ok)!;
      expect(loser).toMatchObject({ ok: false, why: "stale" });

      const m = (await meetings.get(id))!;
      expect(m.state).toBe("held");
      expect(m.minutesFollowUp).toBeUndefined();
      const won = m.minutes!.decisions[0]!.agendaItemId === `r-${repA}` ? a : b;
      expect(m.minutes!.decisions).toEqual([{ ...won.decisions[0], reportResult: "ok" }]);
      // Exactly the stored minutes' action items, with the winner's texts.
      const items = await meetings.items.find({ meetingId: id }, { sort: { _id: 1 } });
      expect(items.map((i) => i._id)).toEqual(m.minutes!.actionItemIds);
      expect(items.map((i) => i.text)).toEqual(won.actionItems.map((x) => x.text));
      // The winner's report moved once; the loser's was not touched.
      const reports = h.app.services.reports;
      const [moved, untouched] = won === a ? [repA, repB] : [repB, repA];
      expect((await reports.get(moved))?.state).toBe(won === a ? "resolved" : "referred");
      expect((await reports.history(moved)).map((x) => x.action)).toEqual([
        won === a ? "report.resolve" : "report.refer",
      ]);
      expect((await reports.get(untouched))?.state).toBe("acknowledged");
      expect(await reports.history(untouched)).toEqual([]);
      expect(await minutesEntries(id)).toHaveLength(1);
      // Owners are told of the stored items only, once each.
      const assigned = await h.app.services.outbox.find({
        kind: "meeting.action_assigned",
        "data.meetingId": id,
      });
      expect(assigned.map((x) => x.data.itemId).sort()).toEqual(m.minutes!.actionItemIds);
    }
  });
});

describe("a save that dies before its follow-up is done", () => {
  const input = (repId: string): MinutesInput => ({
    attended: [`d8:${HOSSEIN}`],
    decisions: [{ agendaItemId: `r-${repId}`, decision: "رفع شد", reportAction: "resolve" }],
    actionItems: [
      { text: "پیگیری اول", owner: owner(), dueAt: at(10, 10, 14) },
      { text: "پیگیری دوم", owner: owner(), dueAt: at(10, 10, 14) },
    ],
  });

  /** Everything a finished save leaves, exactly once. */
  async function expectFinishedOnce(id: string, repId: string) {
    const m = (await meetings.get(id))!;
    expect(m.state).toBe("held");
    expect(m.minutesFollowUp).toBeUndefined();
    expect(m.minutes!.actionItemIds).toEqual([`${id}:ai1`, `${id}:ai2`]);
    expect(m.minutes!.decisions[0]!.reportResult).toBe("ok");
    const items = await meetings.items.find({ meetingId: id }, { sort: { _id: 1 } });
    expect(items.map((i) => i.text)).toEqual(["پیگیری اول", "پیگیری دوم"]);
    const reports = h.app.services.reports;
    expect((await reports.get(repId))?.state).toBe("resolved");
    expect((await reports.history(repId)).map((x) => x.action)).toEqual(["report.resolve"]);
    expect(await minutesEntries(id)).toHaveLength(1);
    const outbox = h.app.services.outbox;
    expect(await outbox.count({ kind: "meeting.action_assigned", "data.meetingId": id })).toBe(2);
    expect(
      await outbox.count({
        kind: "meeting.minutes",
        "data.meetingId": id,
        "recipient.chatId": hossein.id,
      }),
    ).toBe(1);
  }

  it("while storing the action items: the sweep finishes it, and again changes nothing", async () => {
    const repId = "crash1";
    const id = await meetingOn([repId], at(10, 2, 10));
    const insert = meetings.items.insertOne.bind(meetings.items);
    let calls = 0;
    const spy = vi.spyOn(meetings.items, "insertOne").mockImplementation(async (doc) => {
      if (++calls === 2) throw new Error("process killed");
      return insert(doc);
    });
    try {
      await expect(meetings.recordMinutes(id, actor(), input(repId))).rejects.toThrow(
        "process killed",
      );
    } finally {
      spy.mockRestore();
    }
    await h.app.services.scheduler.tick();
    await expectFinishedOnce(id, repId);
    await h.app.services.scheduler.tick();
    await meetings.sweep();
    await expectFinishedOnce(id, repId);
    // A save after it is stale, as any save of minutes already recorded.
    expect(await meetings.recordMinutes(id, actor(), input(repId))).toMatchObject({
      ok: false,
      why: "stale",
    });
    await expectFinishedOnce(id, repId);
  });

  it("right after moving a report: the repair sees the move made, not a stale one", async () => {
    const repId = "crash2";
    const id = await meetingOn([repId], at(10, 3, 10));
    const reports = h.app.services.reports;
    const act = reports.act.bind(reports);
    const spy = vi.spyOn(reports, "act").mockImplementation(async (...args) => {
      await act(...args);
      throw new Error("process killed");
    });
    try {
      await expect(meetings.recordMinutes(id, actor(), input(repId))).rejects.toThrow(
        "process killed",
      );
    } finally {
      spy.mockRestore();
    }
    expect((await reports.get(repId))?.state).toBe("resolved");
    // The report's own flush not done either: its audit entry still waits in the report.
    const audit = h.store.collection<{ _id: string; itemId: string }>("audit");
    const entry = (await audit.find({ itemId: repId }))[0]!;
    await audit.deleteOne({ _id: entry._id });
    await h.store.collection<ReportDoc>("reports").updateOne(
      { _id: repId },
      {
        $set: {
          _effects: [{ _id: entry._id.slice("audit:".length), type: "audit", doc: entry }],
          _pending: h.clock.now(),
        } as never,
      },
    );
    // The meetings' sweep alone (no effect recovery first): the move is found in the report.
    await meetings.sweep();
    expect((await meetings.get(id))!.minutes?.decisions[0]?.reportResult).toBe("ok");
    await h.app.services.scheduler.tick();
    await expectFinishedOnce(id, repId);
  });
});
