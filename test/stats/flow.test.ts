import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/stats/chart.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { decodePng } from "./png.ts";
import { act, seedReport } from "./seed.ts";

const HOUR = 3_600_000;
let h: Harness;
const codes: string[] = [];

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  // Three reports this month: one acknowledged after 2 h and resolved after a day, one
  // in Majidieh untouched, one on the environment.
  const r1 = await seedReport(h);
  h.clock.advance(2 * HOUR);
  await act(h, r1._id, "ack", PEOPLE.narmakUrbanSecretary.phone);
  h.clock.advance(22 * HOUR);
  await act(h, r1._id, "resolve", PEOPLE.narmakUrbanSecretary.phone);
  const r2 = await seedReport(h, {
    phone: "989121000008",
    description: "زباله‌ها در کوچهٔ سوم مجیدیه جمع نشده",
  });
  const r3 = await seedReport(h, {
    subject: "environment",
    description: "درختان بلوار نارمک آبیاری نمی‌شوند",
  });
  codes.push(r1.code, r2.code, r3.code);
});
afterAll(async () => {
  await h?.stop();
});

const MENU = "📊 آمار و گزارش‌گیری";

function fileBytes(id: string): Buffer {
  const f = h.client().state.files.get(id);
  if (!f) throw new Error(`no file ${id}`);
  return f.bytes;
}

async function photosAfter(user: User, n: number) {
  const photos: Buffer[] = [];
  while (photos.length < n) {
    const m = await user.nextReply();
    if (m.photo) photos.push(fileBytes(m.photo.at(-1)!.file_id));
  }
  return photos;
}

describe("statistics in the chat", () => {
  let presidium: User;
  let statsMessageId = 0;

  it("a presidium member picks this month and gets figures, medians and two charts", async () => {
    presidium = await signIn(h.client(), PEOPLE.presidium.phone);
    expect(presidium.replyKeyboard()?.flat()).toContain(MENU);
    await presidium.send(MENU);
    await presidium.waitFor("آمار کدام دوره را می‌خواهید؟");
    await presidium.press("ماه جاری");
    const stats = await presidium.waitFor(/آمار گزارش‌های منطقه ۸ تهران/);
    statsMessageId = stats.messageId;
    const text = stats.text ?? "";
    expect(text).toContain("از ۱ آذر ۱۴۰۵ تا ۳۰ آذر ۱۴۰۵");
    expect(text).toContain("تعداد گزارش‌های ثبت‌شده: ۳");
    expect(text).toMatch(/• نارمک: ۲/);
    expect(text).toMatch(/• مجیدیه: ۱/);
    expect(text).toMatch(/• خدمات شهری: ۲/);
    expect(text).toMatch(/• محیط زیست: ۱/);
    expect(text).toMatch(/• رفع‌شده \(در انتظار تأیید گزارش‌دهنده\): ۱/);
    expect(text).toContain("میانهٔ زمان تا نخستین پاسخ: ۰ روز و ۲ ساعت (از ۱ گزارش)");
    expect(text).toContain("میانهٔ زمان تا رفع مشکل: ۱ روز و ۰ ساعت (از ۱ گزارش)");
    expect(text).toContain("کارگروه خدمات شهری (محله): ۱۰۰٪ (۱ از ۱)");
    const charts = await photosAfter(presidium, 2);
    for (const png of charts) {
      const img = decodePng(png);
      expect([img.width, img.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    }
  });

  it("exports the period's reports as CSV with a BOM that opens back with the same rows", async () => {
    await presidium.press("📥 خروجی گزارش‌ها (CSV)", { messageId: statsMessageId });
    const msg = await presidium.waitFor((m) => Boolean(m.document));
    expect(msg.document?.file_name).toBe("reports-1405-09.csv");
    expect(msg.caption).toContain("۳ ردیف");
    const bytes = fileBytes(msg.document!.file_id);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]?.[0]).toBe("کد پیگیری");
    expect(rows.slice(1).map((r) => r[0])).toEqual(codes);
    // Filing times a spreadsheet sorts in time order: r1, then r2 and r3 a day later.
    const filed = rows.slice(1).map((r) => r[1]!);
    for (const f of filed) expect(f).toMatch(/^1405\/09\/\d\d \d\d:\d\d$/);
    expect([...filed].sort()).toEqual(filed);
    expect(filed[0]! < filed[1]!).toBe(true);
    expect(rows[1]?.[2]).toBe("نارمک");
    expect(rows[2]?.[9]).toBe("زباله‌ها در کوچهٔ سوم مجیدیه جمع نشده");
    // No phone numbers in the export.
    expect(bytes.toString("utf8")).not.toMatch(/9891210000/);
  });

  it("exports proposals and meetings (empty periods give a header only)", async () => {
    for (const [label, header] of [
      ["📥 خروجی طرح‌ها (CSV)", "کد"],
      ["📥 خروجی جلسه‌ها (CSV)", "زمان"],
    ] as const) {
      await presidium.press(label, { messageId: statsMessageId });
      const msg = await presidium.waitFor((m) => Boolean(m.document));
      const rows = parse(fileBytes(msg.document!.file_id), { bom: true }) as string[][];
      expect(rows[0]?.[0]).toBe(header);
    }
  });

  it("a custom period takes two typed dates in any digits, re-asking on nonsense", async () => {
    await presidium.send("/stats");
    await presidium.press("بازهٔ دلخواه");
    await presidium.waitFor("تاریخ شروع بازه");
    await presidium.send("دیروز");
    await presidium.waitFor("این تاریخ معتبر نیست");
    await presidium.send("1404/12/30"); // 1404 is a common year
    await presidium.waitFor("اسفند سال ۱۴۰۴ فقط ۲۹ روز است");
    await presidium.send("۱۴۰۵/۰۹/۰۱");
    await presidium.waitFor("تاریخ پایان بازه");
    await presidium.send("1405/08/01");
    await presidium.waitFor("تاریخ پایان باید همان روز یا بعد");
    await presidium.send("1405-9-8");
    const text = (await presidium.waitFor(/آمار گزارش‌های/)).text ?? "";
    expect(text).toContain("از ۱ آذر ۱۴۰۵ تا ۸ آذر ۱۴۰۵");
    // r1 was filed on the 8th; the others a day later.
    expect(text).toContain("تعداد گزارش‌های ثبت‌شده: ۱");
    await photosAfter(presidium, 2);
    await presidium.waitFor("آمار آماده شد");
    expect(presidium.replyKeyboard()?.flat()).toContain(MENU);
  });

  it("Cancel leaves the custom period", async () => {
    await presidium.send("/stats");
    await presidium.press("بازهٔ دلخواه");
    await presidium.waitFor("تاریخ شروع بازه");
    await presidium.send("✖️ انصراف");
    await presidium.waitFor((m) => Boolean(m.replyMarkup && "keyboard" in m.replyMarkup));
    expect(presidium.replyKeyboard()?.flat()).toContain(MENU);
  });

  it("the liaison and an admin see the entry too", async () => {
    for (const phone of [PEOPLE.liaison.phone, PEOPLE.admin.phone]) {
      const u = await signIn(h.client(), phone);
      expect(u.replyKeyboard()?.flat()).toContain(MENU);
    }
  });
});

describe("a councillor without the role", () => {
  it("has no entry, and the command and forged buttons are refused", async () => {
    const c = await signIn(h.client(), PEOPLE.narmakUrbanSecretary.phone);
    expect(c.replyKeyboard()?.flat()).not.toContain(MENU);
    await c.send("/stats");
    await c.waitFor("فقط برای هیات رئیسه، رابط منطقه و مدیران");
    const anchor = c.last()!.messageId;
    for (const data of [
      "st:p:tm",
      "st:p:custom",
      "st:x:r:14050901:14050930",
      "st:x:p:14050901:14050930",
    ]) {
      const before = c.messages().length;
      const u = await c.pressCallbackData(data, anchor);
      const answer = await c.expectCallbackAnswered(u);
      expect(answer.showAlert).toBe(true);
      expect(answer.text).toContain("فقط برای هیات رئیسه");
      await h.client().idle({ quietMs: 50 });
      expect(
        c
          .messages()
          .slice(before)
          .filter((m) => m.photo || m.document || /آمار گزارش/.test(m.text ?? "")),
      ).toEqual([]);
    }
    // The menu label typed by hand is just unknown input for them.
    await c.send(MENU);
    await c.waitFor((m) => !/آمار گزارش/.test(m.text ?? ""));
  });
});
