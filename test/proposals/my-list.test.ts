import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { CHAIN, person } from "./helpers.ts";

/** Half a surrogate pair (half an emoji) is not text a button can carry. */
const broken = (texts: string[]) => texts.filter((t) => /\p{Cs}/u.test(t));

let h: Harness;
let me: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  me = await signIn(h.client("telegram"), CHAIN.proposer);
});
afterAll(async () => {
  await h?.stop();
});

it("every proposal appears once across the pages of My proposals, even when one is updated between pages", async () => {
  const svc = h.app.services.proposals;
  const proposer = await person(h, CHAIN.proposer);
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    h.clock.advance(60_000);
    const { draft } = await svc.createDraft(proposer, "telegram", me.id, `page-${i}`);
    await svc.saveFields(draft._id, proposer._id, { title: `طرح شمارهٔ ${i}` });
    ids.push(draft._id);
  }
  const client = h.client("telegram");
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  const seen: string[] = [];
  const collect = () => {
    const msg = me.messages().find((m) => m.messageId === list.messageId)!;
    for (const b of me.inlineButtons(msg).flat())
      if (b.callback_data?.startsWith("p:open:")) seen.push(b.callback_data.slice(7));
  };
  collect();
  // The oldest, on the last page, is edited (a signature or a reminder would do the same)
  // while the first page is on screen.
  h.clock.advance(60_000);
  await svc.saveFields(ids[0]!, proposer._id, { title: "طرح شمارهٔ ۰، ویرایش‌شده" });
  for (let guard = 0; guard < 5; guard++) {
    const msg = me.messages().find((m) => m.messageId === list.messageId)!;
    if (
      !me
        .inlineButtons(msg)
        .flat()
        .some((b) => b.text === "بعدی ▶️")
    )
      break;
    await me.expectCallbackAnswered(await me.press("بعدی ▶️", { messageId: list.messageId }));
    await client.idle({ quietMs: 200 });
    collect();
  }
  expect(seen.toSorted()).toEqual(ids.toSorted());
});

/** The proposals a list message shows, by id. */
const shownIn = (messageId: number) =>
  me
    .inlineButtons(me.messages().find((m) => m.messageId === messageId)!)
    .flat()
    .filter((b) => b.callback_data?.startsWith("p:open:"))
    .map((b) => b.callback_data!.slice(7));

/** Every proposal of this person, in the list's order (newest first). */
const everyOne = async (personId: string) =>
  (
    await h.app.services.proposals.col.find(
      { proposerId: personId },
      { sort: { createdAt: -1, _id: -1 } },
    )
  ).map((p) => p._id);

it("a proposal created while the first page is on screen moves nothing across pages: Next shows the rest, once each", async () => {
  const svc = h.app.services.proposals;
  const proposer = await person(h, CHAIN.proposer);
  const client = h.client("telegram");
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  const all = await everyOne(proposer._id);
  expect(all.length).toBeGreaterThan(5);
  const first = shownIn(list.messageId);
  expect(first).toEqual(all.slice(0, 5));
  await client.idle({ quietMs: 200 });
  // A new proposal, started in another chat while this page is read.
  h.clock.advance(60_000);
  const { draft } = await svc.createDraft(proposer, "telegram", me.id, "meanwhile");
  await me.expectCallbackAnswered(await me.press("بعدی ▶️", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  expect(shownIn(list.messageId)).toEqual(all.slice(5, 10));
  // Back up: the page that was shown, then the top with the new one first.
  await me.expectCallbackAnswered(await me.press("◀️ قبلی", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  expect(shownIn(list.messageId)).toEqual(first);
  await me.expectCallbackAnswered(await me.press("◀️ قبلی", { messageId: list.messageId }));
  await client.idle({ quietMs: 200 });
  expect(shownIn(list.messageId)).toEqual([draft._id, ...all.slice(0, 4)]);
  const buttons = me
    .inlineButtons(me.messages().find((m) => m.messageId === list.messageId)!)
    .flat()
    .map((b) => b.text);
  expect(buttons).not.toContain("◀️ قبلی");
  expect(buttons).toContain("بعدی ▶️");
  expect(await svc.deleteDraft(draft._id, proposer._id)).toBe(true);
});

it("a page button from before pages were keyed opens that page as it is now", async () => {
  const proposer = await person(h, CHAIN.proposer);
  const client = h.client("telegram");
  const all = await everyOne(proposer._id);
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  await client.idle({ quietMs: 200 });
  await me.expectCallbackAnswered(await me.pressCallbackData("p:list:1", list.messageId));
  await client.idle({ quietMs: 200 });
  expect(shownIn(list.messageId)).toEqual(all.slice(5, 10));
  // A page past the end: the last page that has items, never an empty list.
  await me.expectCallbackAnswered(await me.pressCallbackData("p:list:40", list.messageId));
  await client.idle({ quietMs: 200 });
  expect(shownIn(list.messageId)).toEqual(all.slice(-5));
});

it("a title with an emoji where a button cuts it is cut between whole characters", async () => {
  const svc = h.app.services.proposals;
  const proposer = await person(h, CHAIN.proposer);
  h.clock.advance(60_000);
  const { draft } = await svc.createDraft(proposer, "telegram", me.id, "emoji");
  // The tree's two UTF-16 units straddle the 40th.
  await svc.saveFields(draft._id, proposer._id, { title: `${"ب".repeat(39)}🌳 درختکاری` });
  await me.send("🗂 طرح‌های من");
  const list = await me.waitFor(/طرح‌های شما/);
  const listed = me
    .inlineButtons(list)
    .flat()
    .map((b) => b.text);
  const item = listed.find((t) => t.includes("ببب"));
  expect(item).toBeDefined();
  expect(broken(listed)).toEqual([]);
  expect(item).toContain(`${"ب".repeat(39)}…`);
  // The same title on the "continue draft" button of "New proposal".
  await me.send("🏗 طرح جدید");
  const drafts = await me.waitFor((m) =>
    me
      .inlineButtons(m)
      .flat()
      .some((b) => b.text.includes("ببب")),
  );
  const offered = me
    .inlineButtons(drafts)
    .flat()
    .map((b) => b.text);
  expect(broken(offered)).toEqual([]);
  expect(h.client("telegram").state.unansweredCallbacks()).toEqual([]);
});
