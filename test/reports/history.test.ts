import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditDoc } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

const DAY = 86_400_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const tick = () => h.app.services.scheduler.tick();
const latin = (text: string) => text.split("\n").filter((l) => /[A-Za-z]{2,}/.test(l));
const historyOf = (text: string) => text.slice(text.indexOf("📜")).split("\n").slice(1);
const fromFa = (s: string) => Number(s.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d))));

describe("a report's history on its card", () => {
  it("says why the system moved it in the reader's language and keeps people's own words", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const level1 = await signIn(client, PEOPLE.districtUrbanSecretary.phone);
    const admin = await signIn(client, PEOPLE.admin.phone, { lang: "en" });
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "چراغ راهنمایی تقاطع اصلی خاموش مانده است",
    });
    h.clock.advance(2 * DAY + 60_000);
    await tick();
    const card = await level1.waitFor(new RegExp(`مهلت رسیدگی[\\s\\S]*${fa(code)}`));
    await level1.press("✔️ رفع شد", { messageId: card.messageId });
    await level1.waitFor(/توضیح بنویسید/);
    await level1.send("درست شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    await reporter.press("❌ نه، رفع نشده", { messageId: ask.messageId });
    await reporter.waitFor(/دوباره باز شد/);
    // Up to the top rung, and one more deadline passes there.
    for (let i = 0; i < 30 && (await reports.get(id))!.breaches < 5; i++) {
      h.clock.advance(DAY);
      await tick();
    }
    expect(await reports.get(id)).toMatchObject({ level: 3, step: "liaison" });
    expect((await reports.history(id)).map((a) => a.action)).toEqual([
      "report.submitted",
      "report.escalated",
      "report.resolve",
      "report.reopened",
      "report.escalated",
      "report.escalated",
      "report.breach",
    ]);

    await reporter.send(`/track ${code}`);
    const shown = await reporter.waitFor(/📜 سابقه:/);
    expect(latin(shown.text ?? "")).toEqual([]);
    const lines = historyOf(shown.text ?? "");
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(
      /ارجاع به سطح بالاتر \(گذشت مهلت\) \(سامانه\): مهلت دریافت؛ از «دبیر کارگروه محله» به «دبیر کارگروه منطقه»$/,
    );
    expect(lines[2]).toMatch(/اعلام رفع \(سارا قاسمی\): درست شد$/);
    expect(lines[3]).toMatch(/بازگشایی \(رفع نشده\) \(مریم احمدی\)$/);
    expect(lines[6]).toMatch(/گذشت مهلت در بالاترین سطح \(سامانه\): مهلت دریافت، نزد رابط منطقه$/);

    await admin.send(`/track ${code}`);
    const en = await admin.waitFor(/📜 History:/);
    const enLines = historyOf(en.text ?? "");
    expect(enLines[1]).toMatch(
      /moved up \(deadline passed\) \(system\): acknowledgement deadline; from the neighbourhood working-group secretary to the district working-group secretary$/,
    );
    expect(enLines[2]).toMatch(/: درست شد$/);
    expect(enLines[3]).toMatch(/reopened \(not fixed\) \(مریم احمدی\)$/);
    expect(enLines[6]).toMatch(
      /deadline passed at the top level \(system\): acknowledgement deadline, with the district liaison$/,
    );
  });

  it("says why a report was rejected, which report it duplicates and where it was referred", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const admin = await signIn(client, PEOPLE.admin.phone, { lang: "en" });
    const reports = h.app.services.reports;
    const actor = {
      personId: `d8:${PEOPLE.narmakUrbanSecretary.phone}`,
      platform: "telegram" as const,
      userId: owner.id,
    };
    const original = await fileReport(h, reporter, {
      description: "نیمکت‌های پارک بهار شکسته و خطرناک است",
    });
    const copy = await fileReport(h, reporter, {
      description: "صندلی‌های پارک بهار شکسته‌اند و کودکان آسیب می‌بینند",
    });
    const other = await fileReport(h, reporter, {
      description: "قیمت نان در نانوایی سر کوچه بالا رفته است",
    });
    const unit = await fileReport(h, reporter, {
      description: "فاضلاب کوچه نهم پس زده و بوی بد می‌دهد",
    });
    const ok = async (p: ReturnType<typeof reports.act>) => expect((await p).ok).toBe(true);
    await ok(
      reports.act(original.id, "refer", actor, {
        deputy: "معاونت خدمات شهری و محیط زیست",
        deputyEn: "Deputy for Urban Services and Environment",
        note: "پیگیری شود",
      }),
    );
    await ok(
      reports.act(copy.id, "reject", actor, {
        reason: "duplicate",
        duplicateOf: original.code,
        note: "همان نیمکت‌ها",
      }),
    );
    await ok(reports.act(other.id, "reject", actor, { reason: "out_of_scope" }));
    await ok(reports.act(unit.id, "refer", actor, { unit: "آبفای منطقه" }));

    const faTitle = /📜 سابقه:/;
    const enTitle = /📜 History:/;
    const lastLine = async (user: typeof reporter, code: string, title: RegExp) => {
      await user.send(`/track ${code}`);
      const shownCode = title === enTitle ? code : fa(code);
      const shown = await user.waitFor(new RegExp(`${shownCode}[\\s\\S]*${title.source}`));
      return historyOf(shown.text ?? "").at(-1) ?? "";
    };
    expect(await lastLine(reporter, original.code, faTitle)).toMatch(
      /: به معاونت خدمات شهری و محیط زیست؛ یادداشت: پیگیری شود$/,
    );
    expect(await lastLine(reporter, copy.code, faTitle)).toMatch(
      new RegExp(`: تکراری، گزارش اصلی: ${fa(original.code)}؛ یادداشت: همان نیمکت‌ها$`),
    );
    expect(await lastLine(reporter, other.code, faTitle)).toMatch(/\): خارج از حوزهٔ شورایاری$/);
    expect(await lastLine(reporter, unit.code, faTitle)).toMatch(/\): به آبفای منطقه$/);
    expect(await lastLine(admin, original.code, enTitle)).toMatch(
      /: to Deputy for Urban Services and Environment; note: پیگیری شود$/,
    );
    expect(await lastLine(admin, copy.code, enTitle)).toMatch(
      new RegExp(`: duplicate, original report: ${original.code}; note: همان نیمکت‌ها$`),
    );
    expect(await lastLine(admin, other.code, enTitle)).toMatch(/\): outside the councils' remit$/);
  });

  it("entries kept from before read the same, their internal notes left out", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const { code, id, report } = await fileReport(h, reporter, {
      description: "سطل‌های زباله خیابان ششم سرریز شده است",
    });
    // As the previous version wrote them: the reasons as English notes.
    const audit = h.store.collection<AuditDoc>("audit");
    const at = report.createdAt;
    await audit.insertOne({
      _id: `old:${id}:1`,
      itemType: "report",
      itemId: id,
      at: at + 1,
      actor: { system: "escalation" },
      action: "report.escalated",
      from: "submitted",
      to: "submitted",
      note: "resolve deadline passed",
      data: { fromStep: "neighborhood_wg_secretary", toStep: "district_wg_secretary", level: 1 },
    });
    await audit.insertOne({
      _id: `old:${id}:2`,
      itemType: "report",
      itemId: id,
      at: at + 2,
      actor: { personId: report.reporterId, platform: "telegram", userId: reporter.id },
      action: "report.reopened",
      from: "resolved",
      to: "reopened",
      note: "breach: not fixed",
    });
    await reporter.send(`/track ${code}`);
    const shown = await reporter.waitFor(/📜 سابقه:/);
    expect(latin(shown.text ?? "")).toEqual([]);
    const lines = historyOf(shown.text ?? "");
    expect(lines[1]).toMatch(
      /\(سامانه\): مهلت رسیدگی؛ از «دبیر کارگروه محله» به «دبیر کارگروه منطقه»$/,
    );
    expect(lines[2]).toMatch(/بازگشایی \(رفع نشده\) \(مریم احمدی\)$/);
  });

  it("a long history leaves out its oldest lines, whole, and says how many", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const reports = h.app.services.reports;
    const { code, id } = await fileReport(h, reporter, {
      description: "آب‌نمای پارک محله نشتی دارد و آب هدر می‌رود",
    });
    const ownerActor = {
      personId: `d8:${PEOPLE.narmakUrbanSecretary.phone}`,
      platform: "telegram" as const,
      userId: owner.id,
    };
    const reporterActor = {
      personId: `d8:${PEOPLE.councillor.phone}`,
      platform: "telegram" as const,
      userId: reporter.id,
    };
    // Questions and answers full of emoji, long enough to overflow one message.
    for (let i = 1; i <= 8; i++) {
      h.clock.advance(60_000);
      const asked = await reports.act(id, "ask", ownerActor, {
        question: `پرسش ${i}: ${"🚧 لوله کجا ترکیده است؟ ".repeat(12)}پایان ${i}`,
      });
      if (!asked.ok) throw new Error("ask failed");
      const q = asked.report.questions.at(-1)!;
      const answered = await reports.answer(
        id,
        q.id,
        reporterActor,
        `پاسخ ${i}: ${"💧 کنار نیمکت سوم ".repeat(12)}پایان ${i}`,
      );
      expect(answered.ok).toBe(true);
      h.clock.advance(60_000);
    }
    const entries = (await reports.history(id)).length;
    expect(entries).toBe(17);

    await reporter.send(`/track ${code}`);
    const shown = await reporter.waitFor(/📜 سابقه:/);
    const text = shown.text ?? "";
    expect(text.length).toBeLessThanOrEqual(4000);
    // No emoji cut in half.
    expect(text).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    const lines = historyOf(text);
    const hidden = /^… ([۰-۹]+) رویداد قدیمی‌تر نشان داده نشد تا کارت در یک پیام جا شود\.$/.exec(
      lines[0]!,
    );
    expect(hidden).not.toBeNull();
    const kept = lines.slice(1);
    expect(fromFa(hidden![1]!) + kept.length).toBe(entries);
    expect(kept.length).toBeGreaterThan(0);
    // The newest entry is there, whole; every line kept is a whole entry.
    expect(kept.at(-1)).toMatch(/پاسخ گزارش‌دهنده \(مریم احمدی\): پاسخ 8: .*پایان 8$/u);
    for (const line of kept) expect(line).toMatch(/پایان \d$/);
  });
});
