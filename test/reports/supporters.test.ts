import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport, fillReport } from "./helpers.ts";

const DAY = 86_400_000;
const NEWS = "👍 خبری از گزارشی که از آن حمایت کرده‌اید:";
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/** Lets every queued notification reach its chat. */
async function settle() {
  await h.app.dispatcher.drain({ timeoutMs: 5000 });
  await h.client("telegram").idle({ quietMs: 200 });
}

/** Supports an open report the way a councillor does: from the similar-reports hint. */
async function support(user: User, code: string, description: string) {
  const summary = await fillReport(user, { description });
  await user.press(`👍 حمایت از ${fa(code)}`, { messageId: summary.messageId });
  await user.waitFor(new RegExp(`حمایت شما روی گزارش ${fa(code)} ثبت شد`));
}

/** What reached a person about a report since `from` messages: texts naming its code. */
function about(user: User, code: string, from: number): string[] {
  return user
    .messages()
    .slice(from)
    .map((m) => m.text ?? "")
    .filter((t) => t.includes(fa(code)));
}

describe("supporters hear how the report goes", () => {
  it("acknowledged, referred, resolved, reopened, moved up and closed: each once, and once only for an owner who supports it", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const level1 = await signIn(client, PEOPLE.districtUrbanSecretary.phone);
    const supporter = await signIn(client, "989121000004");
    const text = "درخت کهنسال کوچه یاس روی سیم برق افتاده است";
    const { code, id } = await fileReport(h, reporter, { description: text });
    const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    await support(supporter, code, "درخت کهنسال کوچه یاس روی سیم برق افتاده");
    // The owner supports it too: an owner and a supporter.
    await support(owner, code, "درخت کهنسال کوچه یاس روی سیم برق افتاده و خطرناک است");
    expect((await h.app.services.reports.get(id))?.supporters).toEqual([
      "d8:989121000004",
      `d8:${PEOPLE.narmakUrbanSecretary.phone}`,
    ]);
    await settle();

    // Acknowledged: the supporter hears it; the owner who pressed it does not.
    let s = supporter.messages().length;
    let o = owner.messages().length;
    await owner.press("✅ دریافت شد", { messageId: card.messageId });
    await settle();
    expect(about(supporter, code, s)).toEqual([`${NEWS}\nگزارش ${fa(code)} توسط مسئول دریافت شد.`]);
    expect(about(owner, code, o).filter((t) => t.startsWith(NEWS))).toEqual([]);

    s = supporter.messages().length;
    await owner.press("↪️ ارجاع به شهرداری", { messageId: card.messageId });
    await owner.press("معاونت خدمات شهری و محیط زیست");
    await owner.waitFor(/یادداشت کوتاهی بنویسید/);
    await owner.send("⏭ رد شدن");
    await owner.waitFor(/انجام شد/);
    await settle();
    expect(about(supporter, code, s)).toEqual([
      `${NEWS}\nگزارش ${fa(code)} به شهرداری ارجاع شد: معاونت خدمات شهری و محیط زیست`,
    ]);

    // Resolved: the news with the owner's note, without the reporter's confirm buttons.
    s = supporter.messages().length;
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    await owner.send("شاخه‌ها بریده شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    await settle();
    expect(about(supporter, code, s)).toEqual([
      `${NEWS}\nمسئول اعلام کرد مشکل گزارش ${fa(code)} رفع شده است. اگر گزارش‌دهنده رفع آن را تأیید کند، گزارش بسته می‌شود.\nیادداشت: شاخه‌ها بریده شد`,
    ]);
    const resolvedNews = supporter.messages().at(-1)!;
    expect(
      supporter
        .inlineButtons(resolvedNews)
        .flat()
        .map((b) => b.text),
    ).toEqual(["📜 سابقه"]);

    // Reopened by the reporter: the owner-supporter gets the owner's message only.
    s = supporter.messages().length;
    o = owner.messages().length;
    await reporter.press("❌ نه، رفع نشده", { messageId: ask.messageId });
    await reporter.waitFor(/دوباره باز شد/);
    await settle();
    expect(about(supporter, code, s)).toEqual([
      `${NEWS}\nگزارش ${fa(code)} دوباره باز شد و به مسئول برگشت.`,
    ]);
    const reopened = about(owner, code, o);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatch(/^🔁 گزارش‌دهنده اعلام کرد مشکل رفع نشده/);

    // Moved up when the deadline passes: the owner it left hears "it left you" only.
    s = supporter.messages().length;
    o = owner.messages().length;
    h.clock.advance(2 * DAY + 60_000);
    await h.app.services.scheduler.tick();
    await settle();
    expect((await h.app.services.reports.get(id))?.level).toBe(1);
    expect(about(supporter, code, s)).toEqual([
      `${NEWS}\nمهلت رسیدگی به گزارش ${fa(code)} گذشت و به دبیر کارگروه منطقه ارجاع شد.`,
    ]);
    expect(about(owner, code, o)).toEqual([
      `⏰ مهلت گزارش ${fa(code)} گذشت و به دبیر کارگروه منطقه ارجاع شد. همچنان می‌توانید روی آن اقدام کنید.`,
    ]);

    // Resolved at the next rung and confirmed: closed. The earlier owner, no longer an
    // owner but still a supporter, now hears it as a supporter, once per step.
    const card1 = await level1.waitFor(new RegExp(`مهلت رسیدگی[\\s\\S]*${fa(code)}`));
    s = supporter.messages().length;
    o = owner.messages().length;
    await level1.press("✔️ رفع شد", { messageId: card1.messageId });
    await level1.waitFor(/توضیح بنویسید/);
    await level1.send("درخت برداشته شد");
    const ask2 = await reporter.waitFor(
      (m) => (m.text ?? "").includes("درخت برداشته شد") && m.messageId !== ask.messageId,
    );
    await reporter.press("✅ بله، رفع شد", { messageId: ask2.messageId });
    await reporter.waitFor(/گزارش بسته شد/);
    await settle();
    const closed = `${NEWS}\nگزارش ${fa(code)} بسته شد. از همراهی شما سپاسگزاریم.`;
    expect(about(supporter, code, s)).toHaveLength(2);
    expect(about(supporter, code, s)[1]).toBe(closed);
    expect(about(owner, code, o)).toHaveLength(2);
    expect(about(owner, code, o)[1]).toBe(closed);
    expect((await h.app.services.reports.get(id))?.state).toBe("closed");
  });

  it("a rejection reaches the supporter with its reason", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const supporter = await signIn(client, "989121000004");
    const { code } = await fileReport(h, reporter, {
      description: "دیوارنویسی روی دیوار مدرسه خیابان هفتم زیاد شده است",
    });
    await support(supporter, code, "دیوارنویسی روی دیوار مدرسه خیابان هفتم زیاد شده");
    const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    await settle();
    const s = supporter.messages().length;
    await owner.press("⛔ رد", { messageId: card.messageId });
    await owner.press("خارج از حوزه است");
    await owner.waitFor(/یادداشت کوتاهی/);
    await owner.send("⏭ رد شدن");
    await reporter.waitFor(new RegExp(`گزارش ${fa(code)} رد شد`));
    await settle();
    const news = about(supporter, code, s);
    expect(news).toHaveLength(1);
    expect(news[0]?.startsWith(`${NEWS}\nگزارش ${fa(code)} رد شد: خارج از حوزهٔ شورایاری`)).toBe(
      true,
    );
  });
});
