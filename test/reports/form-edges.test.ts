import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportForms } from "../../conversations/report.ts";
import type { User } from "../../src/emulator/client.ts";
import type { Platform } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fillReport } from "./helpers.ts";

/**
 * The report form against old buttons, double taps, changed minds and odd answers, on both
 * messengers: a draft is never lost to a button of another message, nor filed twice.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe.each<Platform>(["telegram", "bale"])("on %s", (platform) => {
  /** The person's form once the chat has gone quiet. */
  async function formOf(u: User) {
    await h.client(platform).idle({ quietMs: 150 });
    return reportForms(h.store).findOne({ _id: `${platform}:${u.id}` });
  }

  it("a Cancel left on a form closed earlier is old: the draft open now stays, photos and all", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const old = await fillReport(u, { description: "پل عابر پیاده خیابان اصلی آسیب دیده است" });
    await u.send("/cancel");
    await fillReport(u, { description: "چراغ راهنمایی تقاطع نارمک خراب است", photos: 2 });
    const press = await u.press("✖️ انصراف", { messageId: old.messageId });
    expect((await u.expectCallbackAnswered(press)).text).toBe("این دکمه دیگر معتبر نیست.");
    const form = await formOf(u);
    expect(form?.step).toBe("summary");
    expect(form?.draft.photos).toHaveLength(2);
  });
});
