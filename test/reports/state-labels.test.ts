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

const YOURS = "رفع‌شده (در انتظار تأیید شما)";
const REPORTERS = "رفع‌شده (در انتظار تأیید گزارش‌دهنده)";

describe("a resolved report's state", () => {
  it("waits for 'your' confirmation only where the reporter reads it", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const supporter = await signIn(client, PEOPLE.narmakSecretary.phone);
    const admin = await signIn(client, PEOPLE.admin.phone, { lang: "en" });
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "شیر آب آتش‌نشانی کوچه پنجم شکسته است",
    });
    const backer = (await h.repos.people.get(`d8:${PEOPLE.narmakSecretary.phone}`))!;
    expect(
      await reports.support(id, backer, {
        personId: backer._id,
        platform: "telegram",
        userId: supporter.id,
      }),
    ).toBe("ok");

    const card = await owner.waitFor(new RegExp(`گزارش تازه[\\s\\S]*${fa(code)}`));
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    await owner.send("تعمیر شد");
    // The owner's own receipt: it waits for the reporter, not for the owner.
    const done = await owner.waitFor(/انجام شد/);
    expect(done.text).toContain(REPORTERS);
    expect(done.text).not.toContain(YOURS);

    await supporter.send(`/track ${code}`);
    const seen = await supporter.waitFor(/📜 سابقه:/);
    expect(seen.text).toContain(`وضعیت: ${REPORTERS}`);

    await admin.send(`/track ${code}`);
    const en = await admin.waitFor(/📜 History:/);
    expect(en.text).toContain("Resolved (awaiting the reporter's confirmation)");

    await reporter.send(`/track ${code}`);
    const own = await reporter.waitFor(/📜 سابقه:/);
    expect(own.text).toContain(`وضعیت: ${YOURS}`);
    await reporter.send("📋 گزارش‌های من");
    const mine = await reporter.waitFor((m) =>
      reporter
        .inlineButtons(m)
        .flat()
        .some((b) => b.text.includes(fa(code))),
    );
    const line = reporter
      .inlineButtons(mine)
      .flat()
      .find((b) => b.text.includes(fa(code)));
    expect(line?.text).toContain(YOURS);
  });
});
