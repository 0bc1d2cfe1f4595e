import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { MAX_AGENDA } from "../../src/meetings/service.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { at, openReport, signInGroup, ZAHRA, zahrasMeeting } from "./helpers.ts";

/**
 * An agenda holds at most MAX_AGENDA items however it is built — the one-day reminder
 * included — so its edit view (two buttons an item) stays within a keyboard's 100 buttons;
 * a full agenda says so before a title is asked.
 */
let h: Harness;
let zahra: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  ({ zahra } = await signInGroup(h));
});
afterAll(async () => {
  await h?.stop();
});

it("the agenda the one-day reminder builds is cut to its limit, and a full one refuses a new item at once", async () => {
  h.clock.set(at(9, 8, 10));
  // Thirty overdue reports and twenty stalled proposals of the group's subject and
  // neighbourhood: fifty suggestions.
  const reports = h.store.collection("reports");
  for (let i = 0; i < 30; i++)
    await reports.insertOne(
      openReport(h.clock.now() - 1000, `full${String(i).padStart(5, "0")}`, { breaches: 1 }),
    );
  const proposals = h.store.collection<Record<string, unknown> & { _id: string }>("proposals");
  for (let i = 0; i < 20; i++)
    await proposals.insertOne({
      _id: `stalled${i}`,
      districtId: "d8",
      code: `8-1405-9${String(i).padStart(4, "0")}`,
      state: "in_signature",
      stepSince: at(8, 1, 10),
      revision: 1,
      step: 0,
      nudges: [],
      fields: { title: `طرح ${i}`, subject: "urban_services", neighborhood: "narmak" },
      _rev: 0,
      _effects: [],
    });
  const meetings = h.app.services.meetings;
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  const meeting = await zahrasMeeting(h, at(9, 20, 17), "سرای محله");
  await h.app.dispatcher.drain();
  h.clock.set(at(9, 19, 17, 1));
  await h.app.services.scheduler.tick();
  await h.app.dispatcher.drain();
  const m = (await meetings.get(meeting._id))!;
  expect(m.agendaBuilt).toBe(true);
  expect(m.agenda).toHaveLength(MAX_AGENDA);
  await h.client("telegram").idle();

  await zahra.pressCallbackData(`m:age:${m._id}`, zahra.last()!.messageId);
  const view = await zahra.waitFor(/دستور جلسه پر است/);
  const buttons = zahra.inlineButtons(view).flat();
  expect(buttons).toHaveLength(2 * MAX_AGENDA - 1);
  expect(buttons.map((b) => b.text)).not.toContain("➕ افزودن بند");

  // An add button of an earlier view: refused before the title is asked.
  const before = zahra.messages().length;
  const press = await zahra.pressCallbackData(`m:aadd:${m._id}`, view.messageId);
  const answer = await zahra.expectCallbackAnswered(press);
  expect(answer.text).toBe(
    "دستور جلسه پر است (۴۰ بند)؛ برای افزودن بند تازه، نخست بندی را حذف کنید.",
  );
  await h.client("telegram").idle({ quietMs: 150 });
  expect(zahra.messages().slice(before)).toEqual([]);
  // Sync on a full agenda adds nothing.
  expect(
    (
      await meetings.editAgenda(
        m._id,
        { personId: secretary._id, platform: "telegram", userId: zahra.id },
        { op: "sync" },
      )
    ).ok,
  ).toBe(true);
  expect((await meetings.get(m._id))!.agenda).toHaveLength(MAX_AGENDA);
});
