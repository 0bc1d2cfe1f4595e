import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

const DAY = 86_400_000;
const NOAGREE = "⚠️ عدم توافق ← هیات رئیسه";
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const tick = () => h.app.services.scheduler.tick();
const labels = (u: User, m: Parameters<User["inlineButtons"]>[0]) =>
  u
    .inlineButtons(m)
    .flat()
    .map((b) => b.text);

/**
 * Lets every queued notification reach its chat (the liaison's gets a notice a day about
 * each owner who never signed in, one message a second).
 */
async function settle() {
  await h.app.dispatcher.drain({ timeoutMs: 15_000 });
  await h.client("telegram").idle({ quietMs: 200 });
}

describe("no agreement at the presidium and above", () => {
  it("is neither offered nor applied where it cannot move the report, and nobody hears it moved", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const level0 = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const presidium = await signIn(client, PEOPLE.presidium.phone);
    const liaison = await signIn(client, PEOPLE.liaison.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "پل عابر پیاده بلوار اصلی پله برقی خراب دارد",
    });
    // Below the presidium the secretary has it: offered there.
    const first = await level0.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    expect(labels(level0, first)).toContain(NOAGREE);

    const upTo = async (level: number) => {
      for (let i = 0; i < 30 && (await reports.get(id))!.level < level; i++) {
        h.clock.advance(DAY);
        await tick();
      }
    };
    const noAgreeSaid = () =>
      reporter.messages().filter((m) => (m.text ?? "").includes("به توافق نرسید"));

    // At the presidium: a presidium member's card has no "no agreement" button, and an old
    // or forged press is refused before any note is asked for.
    await upTo(2);
    const atPresidium = await presidium.waitFor(
      new RegExp(`به شما \\(هیات رئیسه\\) ارجاع شد[\\s\\S]*${fa(code)}`),
    );
    expect(labels(presidium, atPresidium)).not.toContain(NOAGREE);
    expect(labels(presidium, atPresidium)).toContain("✅ دریافت شد");
    const before = await reports.get(id);
    const press1 = await presidium.pressCallbackData(`r:noagree:${id}`, atPresidium.messageId);
    const refused1 = await presidium.expectCallbackAnswered(press1);
    expect(refused1.text).toContain(`گزارش ${fa(code)} اکنون نزد هیات رئیسه است`);
    await presidium.waitFor(/پس جابه‌جا نشد و چیزی تغییر نکرد/);
    await settle();
    expect(presidium.messages().some((m) => /توضیح بنویسید/.test(m.text ?? ""))).toBe(false);
    expect(await reports.get(id)).toMatchObject({
      level: 2,
      step: "presidium",
      _rev: before?._rev,
      agenda: ["presidium"],
    });

    // At the top rung, the liaison: the same, and the presidium is not sent anything.
    await upTo(3);
    const atLiaison = await liaison.waitFor(new RegExp(`گزارش ${fa(code)}`));
    expect(labels(liaison, atLiaison)).not.toContain(NOAGREE);
    await settle();
    const presidiumSeen = presidium.messages().length;
    const reporterSeen = reporter.messages().length;
    const top = await reports.get(id);
    const press2 = await liaison.pressCallbackData(`r:noagree:${id}`, atLiaison.messageId);
    expect((await liaison.expectCallbackAnswered(press2)).text).toContain(
      `گزارش ${fa(code)} اکنون نزد رابط منطقه است`,
    );
    await settle();
    expect(await reports.get(id)).toMatchObject({
      level: 3,
      step: "liaison",
      _rev: top?._rev,
      owners: top?.owners,
    });
    expect(presidium.messages()).toHaveLength(presidiumSeen);
    expect(reporter.messages()).toHaveLength(reporterSeen);
    expect(noAgreeSaid()).toEqual([]);
    expect((await reports.history(id)).map((a) => a.action)).not.toContain("report.noagree");

    // The card shown on request leaves it out too, for the liaison and for the first owner.
    await liaison.send(`/track ${code}`);
    const card = await liaison.waitFor(new RegExp(`📝 گزارش ${fa(code)}[\\s\\S]*سابقه`));
    expect(labels(liaison, card)).toContain("✔️ رفع شد");
    expect(labels(liaison, card)).not.toContain(NOAGREE);
    await level0.send(`/track ${code}`);
    const old = await level0.waitFor(new RegExp(`📝 گزارش ${fa(code)}[\\s\\S]*سابقه`));
    expect(labels(level0, old)).not.toContain(NOAGREE);
  });

  it("a press that began below the presidium but lands after the report moved up is refused", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const level0 = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "چاله‌های خیابان گلبرگ شرقی پر نشده است",
    });
    const card = await level0.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    await level0.press(NOAGREE, { messageId: card.messageId });
    await level0.waitFor(/توضیح بنویسید/);
    // While the note is being written, deadlines pass and it reaches the presidium.
    for (let i = 0; i < 30 && (await reports.get(id))!.level < 2; i++) {
      h.clock.advance(DAY);
      await tick();
    }
    const before = await reports.get(id);
    await level0.send("شهرداری ناحیه پاسخ نمی‌دهد");
    await level0.waitFor(new RegExp(`گزارش ${fa(code)} اکنون نزد هیات رئیسه است`));
    await settle();
    expect((await reports.get(id))?._rev).toBe(before?._rev);
    expect(reporter.messages().filter((m) => (m.text ?? "").includes("به توافق نرسید"))).toEqual(
      [],
    );
  });
});
