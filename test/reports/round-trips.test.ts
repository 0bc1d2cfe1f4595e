import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport, fillReport } from "./helpers.ts";

/**
 * On a real network every Bot API call is a round trip of its own (100 ms and more from
 * Tehran). Taking the buttons off an answered question is not what a person waits for, so
 * the report form sends it alongside the next message, not in turn with it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => h.emulator.faults.clear());

const SLOW_MS = 1000;

/** A message as the chat shows it now (after edits). */
const current = (user: User, messageId: number) =>
  user.messages().find((m) => m.messageId === messageId);

it("asks the description while the neighbourhood question's buttons are still coming off", async () => {
  const user = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
  await user.send("📝 گزارش مشکل");
  await user.press("خدمات شهری");
  h.emulator.faults.add({
    method: "editMessageReplyMarkup",
    kind: "latency",
    ms: SLOW_MS,
    chatId: user.id,
  });
  const t0 = performance.now();
  await user.press(/^✅ همین محله/);
  await user.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
  // In turn, the question could only leave once the slow edit had come back.
  expect(performance.now() - t0).toBeLessThan(SLOW_MS - 300);
  // The buttons did come off, all the same.
  const asked = user.messages().find((m) => /همین محله/.test(JSON.stringify(m.replyMarkup)));
  expect(asked).toBeDefined();
  await expect.poll(() => user.inlineButtons(current(user, asked!.messageId))).toEqual([]);
});

it("frees the chat for its next message one round trip after the receipt, not two", async () => {
  const user = await signIn(h.client("telegram"), PEOPLE.councillor.phone);
  const summary = await fillReport(user);
  for (const method of ["sendMessage", "editMessageReplyMarkup"])
    h.emulator.faults.add({ method, kind: "latency", ms: SLOW_MS, chatId: user.id });
  await user.press("✅ ثبت گزارش", { messageId: summary.messageId });
  await user.waitFor(/گزارش شما ثبت شد/);
  const t0 = performance.now();
  await user.send("📝 گزارش مشکل");
  await user.waitFor(/موضوع مشکل چیست/);
  // The next question is one slow send away. Had the summary's buttons come off only after
  // the receipt, the chat would still have been busy for another slow edit first.
  const took = performance.now() - t0;
  expect(took).toBeGreaterThanOrEqual(SLOW_MS - 50);
  expect(took).toBeLessThan(2 * SLOW_MS - 300);
  expect(user.inlineButtons(current(user, summary.messageId))).toEqual([]);
});

it("answers an owner's press and says what was done together, not in turn", async () => {
  const client = h.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone);
  const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
  const { code } = await fileReport(h, reporter);
  const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
  h.emulator.faults.add({ method: "sendMessage", kind: "latency", ms: SLOW_MS, chatId: owner.id });
  // An answer to a press names no chat: this one is the only press while the fault is on.
  h.emulator.faults.add({ method: "answerCallbackQuery", kind: "latency", ms: SLOW_MS });
  const t0 = performance.now();
  await owner.press("✅ دریافت شد", { messageId: card.messageId });
  await owner.waitFor(`✅ انجام شد: ${fa(code)}`);
  const took = performance.now() - t0;
  expect(took).toBeGreaterThanOrEqual(SLOW_MS - 50);
  expect(took).toBeLessThan(2 * SLOW_MS - 300);
});

it("turns a page of My reports one round trip after the press, not two", async () => {
  const client = h.client("telegram");
  const me = await signIn(client, PEOPLE.councillor.phone);
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  for (let i = 0; i < 7; i++)
    await h.app.services.reports.create({
      person,
      platform: "telegram",
      chatId: me.id,
      subject: "urban_services",
      neighborhood: "narmak",
      description: `چاله در پیاده‌روی کوچهٔ شمارهٔ ${i}`,
      photos: [],
      urgency: "normal",
    });
  await me.send("📋 گزارش‌های من");
  const list = await me.waitFor(/گزارش‌های شما/);
  await client.idle({ quietMs: 200 });
  h.emulator.faults.add({ method: "editMessageText", kind: "latency", ms: SLOW_MS, chatId: me.id });
  // An answer to a press names no chat: this is the only press while the fault is on.
  h.emulator.faults.add({ method: "answerCallbackQuery", kind: "latency", ms: SLOW_MS });
  const t0 = performance.now();
  await me.press("بعدی ▶️", { messageId: list.messageId });
  await me.waitFor(
    (m) =>
      m.messageId === list.messageId &&
      me
        .inlineButtons(m)
        .flat()
        .some((b) => b.text === "◀️ قبلی"),
  );
  const took = performance.now() - t0;
  expect(took).toBeGreaterThanOrEqual(SLOW_MS - 50);
  expect(took).toBeLessThan(2 * SLOW_MS - 300);
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
