import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/**
 * The owner presses "history" on a report card: the press is answered at once, then the card
 * is sent — and that send fails (a 429 asking to wait a minute is handed back, not waited on).
 */
async function historyPressThatFails(owner: User, label: string, cardPattern: RegExp) {
  const card = await owner.waitFor(cardPattern);
  h.emulator.faults.add({
    method: "sendMessage",
    kind: "429",
    retryAfter: 60,
    times: 1,
    chatId: owner.id,
  });
  const press = await owner.press(label, { messageId: card.messageId });
  const answer = await owner.expectCallbackAnswered(press);
  return answer;
}

describe("a button whose work fails after the press was answered", () => {
  it("tells the person in the chat, in Persian", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code } = await fileReport(h, reporter, {
      description: "تیر چراغ برق کوچه یاس کج شده و در حال افتادن است",
    });
    const answer = await historyPressThatFails(owner, "📜 سابقه", new RegExp(`گزارش ${fa(code)}`));
    // The press itself got its quiet answer before the failure: no alert could follow it.
    expect(answer.text ?? "").toBe("");
    const told = await owner.waitFor(/مشکلی پیش آمد و درخواست شما انجام نشد/);
    expect(told.replyMarkup?.inline_keyboard).toBeUndefined();
    expect(client.state.unansweredCallbacks()).toEqual([]);
  });

  it("tells the person in the chat, in English", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });
    const { code } = await fileReport(h, reporter, {
      description: "جوی آب خیابان گلستان پر از زباله شده است",
    });
    await historyPressThatFails(owner, "📜 History", new RegExp(`Report ${code}`));
    await owner.waitFor("Sorry, something went wrong and your request was not completed.");
    expect(owner.messages().some((m) => /مشکلی پیش آمد/.test(m.text ?? ""))).toBe(false);
  });
});
