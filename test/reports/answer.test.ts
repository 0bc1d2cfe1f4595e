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

describe("the reporter's answer to an owner's question", () => {
  it("is refused, and not sent, once the report is rejected", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const reports = h.app.services.reports;
    const actor = {
      personId: `d8:${PEOPLE.narmakUrbanSecretary.phone}`,
      platform: "telegram" as const,
      userId: owner.id,
    };
    const { code, id } = await fileReport(h, reporter, {
      description: "دیوار مدرسه کوچه دوم ترک برداشته است",
    });
    expect((await reports.act(id, "ask", actor, { question: "کدام دیوار؟" })).ok).toBe(true);
    const question = await reporter.waitFor(new RegExp(`پرسش مسئول[\\s\\S]*${fa(code)}`));
    // The reporter starts answering; the owner rejects the report meanwhile.
    await reporter.press("✍️ پاسخ", { messageId: question.messageId });
    await reporter.waitFor(/پاسخ خود را بنویسید/);
    expect((await reports.act(id, "reject", actor, { reason: "out_of_scope" })).ok).toBe(true);
    await reporter.send("دیوار شمالی");
    const said = await reporter.waitFor(new RegExp(`گزارش ${fa(code)} دیگر باز نیست`));
    expect(said.text).not.toMatch(/ارسال شد/);
    const report = await reports.get(id);
    expect(report?.questions[0]?.answer).toBeUndefined();
    expect((await reports.history(id)).map((a) => a.action)).not.toContain("report.answered");

    // The question's button, pressed again, says so at once.
    const press = await reporter.press("✍️ پاسخ", { messageId: question.messageId });
    const alert = await reporter.expectCallbackAnswered(press);
    expect(alert.text).toContain("دیگر باز نیست");
  });
});
