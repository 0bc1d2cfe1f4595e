import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

describe("the reporter's confirmation of a resolution", () => {
  it("a button of an earlier resolution does not answer a later one", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "لامپ‌های کوچه هفتم خاموش است",
    });
    const resolve = async (cardId: number, note: string) => {
      await owner.press("✔️ رفع شد", { messageId: cardId });
      await owner.waitFor(/توضیح بنویسید/);
      await owner.send(note);
      return reporter.waitFor(
        new RegExp(`${fa(code)}[\\s\\S]*${note}[\\s\\S]*آیا مشکل واقعاً رفع شده`),
      );
    };
    const card = await owner.waitFor(new RegExp(`گزارش تازه[\\s\\S]*${fa(code)}`));
    const first = await resolve(card.messageId, "بار اول تعمیر شد");
    await reporter.press("❌ نه، رفع نشده", { messageId: first.messageId });
    await reporter.waitFor(/دوباره باز شد/);
    const back = await owner.waitFor(
      new RegExp(`رفع نشده؛ گزارش دوباره باز شد[\\s\\S]*${fa(code)}`),
    );
    const second = await resolve(back.messageId, "بار دوم تعمیر شد");
    for (const m of [first, second])
      for (const b of reporter.inlineButtons(m).flat())
        expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(64);

    // The first message's "fixed", pressed now, would close what the second resolution asks.
    const old = await reporter.press("✅ بله، رفع شد", { messageId: first.messageId });
    const said = await reporter.expectCallbackAnswered(old);
    expect(said.text).toContain("اعلام رفعِ پیشینِ گزارش");
    expect((await reports.get(id))?.state).toBe("resolved");

    await reporter.press("✅ بله، رفع شد", { messageId: second.messageId });
    await reporter.waitFor(/گزارش بسته شد/);
    expect((await reports.get(id))?.state).toBe("closed");
  });

  it("a button sent before buttons named their resolution still answers the one waiting", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "درب پارک محله شکسته است",
    });
    const card = await owner.waitFor(new RegExp(`گزارش تازه[\\s\\S]*${fa(code)}`));
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    await owner.send("تعمیر شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    await reporter.pressCallbackData(`r:fixed:${id}`, ask.messageId);
    await reporter.waitFor(/گزارش بسته شد/);
    expect((await reports.get(id))?.state).toBe("closed");
  });
});
