import { afterAll, beforeAll, expect, it } from "vitest";
import type { SentMessage } from "../../src/emulator/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const labels = (user: { inlineButtons(m: SentMessage): { text: string }[][] }, m: SentMessage) =>
  user
    .inlineButtons(m)
    .flat()
    .map((b) => b.text);

/** `n` drafts of this person, one a minute, straight through the service. */
async function drafts(phone: string, userId: number, n: number, tag: string) {
  const svc = h.app.services.proposals;
  const person = (await h.repos.people.get(`d8:${phone}`))!;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    h.clock.advance(60_000);
    const { draft } = await svc.createDraft(person, "telegram", userId, `${tag}-${i}`);
    await svc.saveFields(draft._id, person._id, { title: `پیش‌نویس ${tag} ${i}` });
    ids.push(draft._id);
  }
  return { ids, personId: person._id };
}

it("two quick taps on the same page button edit the list in place and post no second copy", async () => {
  const client = h.client("telegram");
  const me = await signIn(client, PEOPLE.councillor.phone);
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  for (let i = 0; i < 7; i++) {
    await h.app.services.reports.create({
      person,
      platform: "telegram",
      chatId: me.id,
      subject: "urban_services",
      neighborhood: "narmak",
      description: `چاله در پیاده‌رو شمارهٔ ${i}`,
      photos: [],
      urgency: "normal",
    });
    h.clock.advance(60_000);
  }
  await me.send("📋 گزارش‌های من");
  const list = await me.waitFor(/گزارش‌های شما/);
  const next = me
    .inlineButtons(list)
    .flat()
    .find((b) => b.text === "بعدی ▶️")!;
  await client.idle({ quietMs: 200 });
  const before = me.messages().length;
  // The same (old) button twice, as on a slow connection: the second edit changes nothing.
  const first = await me.pressCallbackData(next.callback_data!, list.messageId);
  const second = await me.pressCallbackData(next.callback_data!, list.messageId);
  await me.expectCallbackAnswered(first);
  await me.expectCallbackAnswered(second);
  await client.idle({ quietMs: 300 });
  expect(me.messages().slice(before)).toEqual([]);
  const shown = me.messages().find((m) => m.messageId === list.messageId)!;
  expect(shown.editedAt).toBeTruthy();
  expect(labels(me, shown)).toContain("◀️ قبلی");
  expect(client.state.unansweredCallbacks()).toEqual([]);
});

it("an old Next pressed after the list shrank shows the last page that has items, in place", async () => {
  const client = h.client("telegram");
  const phone = "989121000007";
  const me = await signIn(client, phone);
  const { ids, personId } = await drafts(phone, me.id, 6, "x");
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  expect(labels(me, list)).toContain("بعدی ▶️");
  await client.idle({ quietMs: 200 });
  const before = me.messages().length;
  expect(await h.app.services.proposals.deleteDraft(ids[0]!, personId)).toBe(true);
  await me.expectCallbackAnswered(await me.press("بعدی ▶️", { messageId: list.messageId }));
  await client.idle({ quietMs: 300 });
  expect(me.messages().slice(before)).toEqual([]);
  const shown = me.messages().find((m) => m.messageId === list.messageId)!;
  expect(shown.text).toMatch(/طرح‌های شما/);
  const buttons = labels(me, shown);
  // The five left, all on the first page: no "previous" into nothing, no "next".
  for (let i = 1; i < 6; i++) expect(buttons.some((b) => b.includes(`پیش‌نویس x ${i}`))).toBe(true);
  expect(buttons).not.toContain("◀️ قبلی");
  expect(buttons).not.toContain("بعدی ▶️");
});

it("an old Next pressed after every item is gone says the list is empty, in place", async () => {
  const client = h.client("telegram");
  const phone = PEOPLE.narmakSecretary.phone;
  const me = await signIn(client, phone);
  const { ids, personId } = await drafts(phone, me.id, 6, "y");
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  await client.idle({ quietMs: 200 });
  const before = me.messages().length;
  for (const id of ids) expect(await h.app.services.proposals.deleteDraft(id, personId)).toBe(true);
  await me.expectCallbackAnswered(await me.press("بعدی ▶️", { messageId: list.messageId }));
  await client.idle({ quietMs: 300 });
  expect(me.messages().slice(before)).toEqual([]);
  const shown = me.messages().find((m) => m.messageId === list.messageId)!;
  expect(shown.text).toBe("هنوز طرحی ندارید. با «🏗 طرح جدید» شروع کنید.");
  expect(labels(me, shown)).toEqual([]);
});

it("a report filed while My reports is open moves none across its pages: each shows once, back and forth", async () => {
  const client = h.client("telegram");
  const phone = "989121000008";
  const me = await signIn(client, phone);
  const person = (await h.repos.people.get(`d8:${phone}`))!;
  const file = (i: number) =>
    h.app.services.reports.create({
      person,
      platform: "telegram",
      chatId: me.id,
      subject: "urban_services",
      neighborhood: person.neighborhood ?? "narmak",
      description: `شکستگی جدول خیابان، مورد ${i}`,
      photos: [],
      urgency: "normal",
    });
  const filed = [];
  for (let i = 0; i < 7; i++) {
    filed.push(await file(i));
    h.clock.advance(60_000);
  }
  await me.send("📋 گزارش‌های من");
  const list = await me.waitFor(/گزارش‌های شما/);
  const shown = () =>
    me
      .inlineButtons(me.messages().find((m) => m.messageId === list.messageId)!)
      .flat()
      .filter((b) => b.callback_data?.startsWith("ro:"))
      .map((b) => b.callback_data!.slice(3));
  const newestFirst = filed.map((r) => r._id).reverse();
  expect(shown()).toEqual(newestFirst.slice(0, 5));
  await client.idle({ quietMs: 200 });
  // One more filed (from another device) while the first page is on screen.
  const late = await file(7);
  await me.expectCallbackAnswered(await me.press("بعدی ▶️", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  expect(shown()).toEqual(newestFirst.slice(5));
  await me.expectCallbackAnswered(await me.press("◀️ قبلی", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  // Back: the page seen before, as it was; the new one waits one page further up.
  expect(shown()).toEqual(newestFirst.slice(0, 5));
  await me.expectCallbackAnswered(await me.press("◀️ قبلی", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  // The top, full, as the menu shows it now.
  expect(shown()).toEqual([late._id, ...newestFirst.slice(0, 4)]);
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
