import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportForms } from "../../conversations/report.ts";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport, fillReport } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/** The person's form as stored once the bot is done with what they sent. */
async function form(u: User) {
  await h.client().idle();
  return reportForms(h.store).findOne({ _id: `telegram:${u.id}` });
}
const count = () => h.app.services.reports.col.countDocuments({});
/** What the bot sent this person from the `from`-th message on. */
const since = (u: User, from: number) =>
  u
    .messages()
    .slice(from)
    .map((m) => m.text ?? "");
/** No lone half of a surrogate pair: an emoji cut in two. */
const whole = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

async function toDescription(u: User) {
  await u.send("📝 گزارش مشکل");
  await u.press("خدمات شهری");
  await u.press(/^✅ همین محله/);
  await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
}

async function toLocation(u: User, description = "شیر آب پارک محله چکه می‌کند و آب هدر می‌رود") {
  await toDescription(u);
  await u.send(description);
  await u.waitFor(/محل دقیق را مشخص کنید/);
}

describe("lengths counted as Telegram counts them", () => {
  it("a description of 2,000 characters as seen but more as Telegram counts (emoji) is refused with its length", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    await toDescription(u);
    const from = u.messages().length;
    await u.send(`${"🚧".repeat(1985)} خیابان خراب`);
    const reply = await u.nextReply();
    expect(reply.text).toMatch(/شرح خیلی طولانی است \(۳[۰-۹٬]+ نویسه\)/);
    expect((await form(u))?.step).toBe("description");
    expect((await form(u))?.draft.description).toBeUndefined();
    // Shorter, it is taken as usual.
    await u.send(`${"🚧".repeat(900)} خیابان خراب`);
    await u.waitFor(/محل دقیق را مشخص کنید/);
    expect(since(u, from).filter((t) => /شرح خیلی طولانی/.test(t))).toHaveLength(1);
  });

  it("a draft kept from before holding 2,000 emoji and an address still gets its summary, within one message", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    await toLocation(u);
    await u.send("نارمک، خیابان گلبرگ غربی، نبش کوچه دوازدهم، روبه‌روی مدرسه، کنار ایستگاه اتوبوس");
    await u.waitFor(/حداکثر ۵ عکس/);
    await u.send("⏭ رد شدن");
    await u.waitFor(/فوریت مشکل/);
    const long = `${"🚧".repeat(1985)} خیابان خراب`;
    expect((await form(u))?.step).toBe("urgency");
    await reportForms(h.store).updateOne(
      { _id: `telegram:${u.id}` },
      { $set: { "draft.description": long } },
    );
    await u.press("🚨 فوری");
    const summary = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    const text = summary.text ?? "";
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("🚨 فوری");
    expect(text).toContain("نبش کوچه دوازدهم");
    expect(text).toMatch(/🚧…$/);
    expect(whole(text)).toBe(true);
  });

  it("a report already filed with 2,000 emoji reaches its owner: the card quotes as much as fits", async () => {
    const client = h.client();
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    const report = await h.app.services.reports.create({
      person,
      platform: "telegram",
      chatId: 1,
      subject: "urban_services",
      neighborhood: "narmak",
      description: "🚧".repeat(2000),
      location: { address: "نارمک، خیابان گلبرگ غربی، نبش کوچه دوازدهم، روبه‌روی مدرسه" },
      photos: [],
      urgency: "urgent",
    });
    await h.app.dispatcher.drain({ timeoutMs: 5000 });
    const card = await owner.waitFor(
      new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(report.code)}`),
    );
    const text = card.text ?? "";
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("نبش کوچه دوازدهم");
    expect(text).toMatch(/🚧…$/);
    expect(whole(text)).toBe(true);
    expect(
      owner
        .inlineButtons(card)
        .flat()
        .map((b) => b.text),
    ).toContain("✅ دریافت شد");
  });
});

describe("similar reports offered at the summary", () => {
  it("never the person's own: another person's similar report is still offered", async () => {
    const client = h.client();
    const mine = await signIn(client, "989121000002");
    const other = await signIn(client, "989121000004");
    const desc = "آسفالت کوچه شقایق پس از حفاری گاز ترمیم نشده و چاله بزرگی مانده است";
    const own = await fileReport(h, mine, { description: desc });
    const theirs = await fileReport(h, other, { description: desc });
    const summary = await fillReport(mine, { description: desc });
    const labels = mine
      .inlineButtons(summary)
      .flat()
      .map((b) => b.text);
    expect(labels).not.toContain(`👍 حمایت از ${fa(own.code)}`);
    expect(labels).toContain(`👍 حمایت از ${fa(theirs.code)}`);
    // Nor can a forged or left-over press support one's own report.
    const me = (await h.repos.people.get(own.report.reporterId))!;
    const result = await h.app.services.reports.support(own.id, me, {
      personId: own.report.reporterId,
      platform: "telegram",
      userId: mine.id,
    });
    expect(result).toBe("own");
  });

  it("a report one already supports is not offered again; supported meanwhile, the press keeps the draft and files", async () => {
    const client = h.client();
    const reporter = await signIn(client, "989121000003");
    const supporter = await signIn(client, "989121000001");
    const desc = "جوی آب خیابان لاله مسدود شده و آب در پیاده‌رو جمع می‌شود";
    const { code, id } = await fileReport(h, reporter, { description: desc });
    const button = `👍 حمایت از ${fa(code)}`;
    const labels = (m: { replyMarkup?: unknown }) => JSON.stringify(m.replyMarkup ?? {});
    // Offered while not yet supported; supported meanwhile (say, from the person's other
    // device), the press is refused politely and the draft goes on.
    let summary = await fillReport(supporter, { description: desc });
    expect(labels(summary)).toContain(button);
    const person = (await h.repos.people.get("d8:989121000001"))!;
    expect(
      await h.app.services.reports.support(id, person, {
        personId: person._id,
        platform: "telegram",
        userId: supporter.id,
      }),
    ).toBe("ok");
    await supporter.press(button, { messageId: summary.messageId });
    await supporter.waitFor(new RegExp(`قبلاً از گزارش ${fa(code)} حمایت کرده‌اید`));
    const again = await supporter.waitFor(
      (m) => /لطفاً گزارش را بررسی کنید/.test(m.text ?? "") && m.messageId > summary.messageId,
    );
    expect(labels(again)).not.toContain(button);
    expect((await form(supporter))?.step).toBe("summary");
    const n0 = await count();
    await supporter.press("✅ ثبت گزارش", { messageId: again.messageId });
    await supporter.waitFor(/گزارش شما ثبت شد/);
    expect(await count()).toBe(n0 + 1);
    // A later report on the same problem no longer offers it either.
    summary = await fillReport(supporter, { description: `${desc} و بوی بد می‌دهد` });
    expect(labels(summary)).not.toContain(button);
    await supporter.send("/cancel");
  });
});

describe("edits of messages already sent", () => {
  it("a corrected description is not taken as the address, nor answered", async () => {
    const client = h.client();
    const u = await signIn(client, PEOPLE.councillor.phone);
    await toDescription(u);
    await u.send("چراغ خیابان گلبرگ خاموش است");
    const descId = u.lastSentMessageId()!;
    await u.waitFor(/محل دقیق/);
    const from = u.messages().length;
    await u.sendEditedMessage(descId, "چراغ‌های خیابان گلبرگ غربی از سه شب پیش خاموش است");
    await client.idle();
    expect(since(u, from)).toEqual([]);
    const f = await form(u);
    expect(f?.step).toBe("location");
    expect(f?.draft.location).toBeUndefined();
    // The form still takes the real answer.
    await u.send("⏭ رد شدن");
    await u.waitFor(/حداکثر ۵ عکس/);
  });

  it("a live location moving sends nothing and changes nothing", async () => {
    const client = h.client();
    const u = await signIn(client, PEOPLE.councillor.phone);
    await toLocation(u);
    await u.shareLocation(35.73, 51.5);
    const pin = u.lastSentMessageId()!;
    await u.waitFor(/حداکثر ۵ عکس/);
    const from = u.messages().length;
    const now = Math.floor(Date.now() / 1000);
    for (let i = 1; i <= 3; i++)
      client.state.pushUpdate({
        edited_message: {
          message_id: pin,
          from: u.info,
          chat: u.chat,
          date: now,
          edit_date: now + i,
          location: { latitude: 35.73 + i / 10000, longitude: 51.5, live_period: 900 },
        },
      });
    await client.idle();
    expect(since(u, from)).toEqual([]);
    const f = await form(u);
    expect(f?.step).toBe("photos");
    expect(f?.draft.location).toEqual({ lat: 35.73, lon: 51.5 });
  });
});

describe("photos", () => {
  it("an album of ten: the first five kept, said once, no 'press a button'", async () => {
    const client = h.client();
    const u = await signIn(client, PEOPLE.councillor.phone);
    await toLocation(u, "نیمکت‌های پارک محله شکسته و خطرناک شده‌اند");
    await u.send("⏭ رد شدن");
    await u.waitFor(/حداکثر ۵ عکس/);
    const from = u.messages().length;
    for (let i = 0; i < 10; i++) await u.sendPhoto();
    await client.idle();
    const replies = since(u, from);
    expect(replies.filter((t) => /لطفاً یکی از دکمه‌ها/.test(t))).toEqual([]);
    expect(replies.filter((t) => /فقط ۵ عکس نخست نگه داشته شد/.test(t))).toHaveLength(1);
    expect((await form(u))?.draft.photos).toHaveLength(5);
    await u.press("عادی");
    const summary = await u.waitFor(/لطفاً گزارش را بررسی کنید/);
    expect(summary.text).toContain("عکس: ۵");
  });
});

describe("the edit menu", () => {
  it("has a way back to the summary, which then files as it was", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    const n0 = await count();
    const summary = await fillReport(u, { description: "لامپ تیر برق کوچه سوم نارمک سوخته است" });
    await u.press("✏️ ویرایش", { messageId: summary.messageId });
    await u.waitFor(/کدام بخش را ویرایش/);
    await u.press("↩️ بازگشت به خلاصه");
    const back = await u.waitFor(/لطفاً گزارش را بررسی کنید[\s\S]*لامپ تیر برق کوچه سوم/);
    expect((await form(u))?.step).toBe("summary");
    await u.press("✅ ثبت گزارش", { messageId: back.messageId });
    await u.waitFor(/گزارش شما ثبت شد/);
    expect(await count()).toBe(n0 + 1);
  });
});

describe("editing the photos from the summary", () => {
  it("adds to the photos sent; «Done» keeps them, «Skip» removes them all", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    const summary = await fillReport(u, {
      description: "جدول کنار پیاده‌روی خیابان گلبرگ شکسته است",
      photos: 2,
    });
    expect(summary.text).toContain("عکس: ۲");
    await u.press("✏️ ویرایش", { messageId: summary.messageId });
    await u.waitFor(/کدام بخش را ویرایش/);
    await u.press("عکس‌ها");
    await u.waitFor(/اکنون ۲ عکس دارد/);
    await u.sendPhoto();
    await u.waitFor(/عکس ۳ از ۵/);
    await u.send("✅ تمام");
    const again = await u.waitFor(
      (m) => /لطفاً گزارش را بررسی کنید/.test(m.text ?? "") && /عکس: ۳/.test(m.text ?? ""),
    );
    expect((await form(u))?.draft.photos).toHaveLength(3);

    await u.press("✏️ ویرایش", { messageId: again.messageId });
    await u.waitFor(/کدام بخش را ویرایش/);
    await u.press("عکس‌ها");
    await u.waitFor(/اکنون ۳ عکس دارد/);
    await u.send("⏭ رد شدن");
    await u.waitFor(
      (m) => /لطفاً گزارش را بررسی کنید/.test(m.text ?? "") && !/عکس: [۱-۵]/.test(m.text ?? ""),
    );
    expect((await form(u))?.draft.photos).toEqual([]);
    await u.send("/cancel");
  });
});

describe("the location step", () => {
  it("the plain word «انصراف» cancels, as the button does", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    await toLocation(u);
    await u.send("انصراف");
    await u.waitFor(/ثبت گزارش لغو شد/);
    expect(await form(u)).toBeNull();
  });

  it("«رد شدن» and “skip” typed by hand skip, and are never kept as the address", async () => {
    for (const word of ["رد شدن", "Skip"]) {
      const u = await signIn(h.client(), PEOPLE.councillor.phone);
      await toLocation(u);
      await u.send(word);
      await u.waitFor(/حداکثر ۵ عکس/);
      const f = await form(u);
      expect(f?.step).toBe("photos");
      expect(f?.draft.location).toBeUndefined();
    }
  });

  it("an address over 300 characters is refused with its length, not cut; one of 300 is kept whole", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    await toLocation(u);
    const long = `نارمک، ${"خیابان گلبرگ غربی، ".repeat(30)}پلاک ۱۲۰`;
    await u.send(long);
    const reply = await u.nextReply();
    expect(reply.text).toContain(`نشانی خیلی طولانی است (${fa(String(long.length))} نویسه)`);
    expect(reply.text).toContain("۳۰۰");
    expect((await form(u))?.step).toBe("location");
    const fits = `نارمک، ${"گلبرگ غربی، ".repeat(26)}`.slice(0, 300);
    await u.send(fits);
    await u.waitFor(/حداکثر ۵ عکس/);
    expect((await form(u))?.draft.location).toEqual({ address: fits.trim() });
  });

  it("a pin far outside Tehran is asked again politely; one in Tehran is taken", async () => {
    const u = await signIn(h.client(), PEOPLE.councillor.phone);
    await toLocation(u);
    await u.shareLocation(0, 0);
    const reply = await u.nextReply();
    expect(reply.text).toMatch(/بیرون از استان تهران/);
    expect((await form(u))?.step).toBe("location");
    expect((await form(u))?.draft.location).toBeUndefined();
    await u.shareLocation(35.7448, 51.4969);
    await u.waitFor(/حداکثر ۵ عکس/);
    expect((await form(u))?.draft.location).toEqual({ lat: 35.7448, lon: 51.4969 });
  });
});

describe("old buttons while the form waits for typed text", () => {
  it("✖️ of a form closed earlier is answered as no longer valid, and this form waits on", async () => {
    const client = h.client();
    const u = await signIn(client, PEOPLE.councillor.phone);
    const summary = await fillReport(u, { description: "پله‌های پل عابر خیابان اصلی شکسته است" });
    await u.send("/cancel");
    await u.waitFor(/لغو شد/);
    await toDescription(u);
    const press = await u.press("✖️ انصراف", { messageId: summary.messageId });
    expect((await u.expectCallbackAnswered(press)).text).toBe("این دکمه دیگر معتبر نیست.");
    await client.idle();
    expect((await form(u))?.step).toBe("description");
  });

  it("any other old button is answered as no longer valid, and the form waits on", async () => {
    const client = h.client();
    const u = await signIn(client, PEOPLE.councillor.phone);
    const summary = await fillReport(u, { description: "درخت خشک شده کوچه نهم خطر سقوط دارد" });
    await u.send("/cancel");
    await u.waitFor(/لغو شد/);
    await toDescription(u);
    const n0 = await count();
    const press = await u.press("✅ ثبت گزارش", { messageId: summary.messageId });
    const answer = await u.expectCallbackAnswered(press);
    expect(answer.text).toBe("این دکمه دیگر معتبر نیست.");
    await client.idle();
    expect((await form(u))?.step).toBe("description");
    expect(await count()).toBe(n0);
  });
});
