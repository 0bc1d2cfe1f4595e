import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingDoc } from "../../src/meetings/types.ts";
import type { Platform } from "../../src/repos/types.ts";
import {
  type Harness,
  PEOPLE,
  saidDuring,
  signIn,
  startHarness,
  TEST_START,
} from "../helpers/harness.ts";
import { HOSSEIN, ZAHRA } from "../meetings/helpers.ts";
import { FIELDS_BUT_ATTACHMENTS } from "../proposals/helpers.ts";
import { fa, fileReport } from "../reports/helpers.ts";

/**
 * Odd but ordinary moves in the middle of a flow: a changed mind, /menu, a label typed
 * instead of pressed, a form left at once. On both messengers.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const during = (platform: Platform, user: User, fn: () => Promise<unknown>) =>
  saidDuring(h.client(platform), user, fn, 150);

/** A meeting of Zahra's group at `startAt`, and its invitation as Hossein got it. */
async function meetingOf(platform: Platform, startAt: number) {
  const client = h.client(platform);
  const zahra = await signIn(client, ZAHRA);
  const hossein = await signIn(client, HOSSEIN);
  const r = await h.app.services.meetings.create({
    person: (await h.repos.people.get(`d8:${ZAHRA}`))!,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt,
    place: "سرای محله نارمک",
  });
  if (!r.ok) throw new Error(r.why);
  const meeting = r.meeting;
  const invite = await hossein.waitFor(
    (m) =>
      /جلسهٔ تازه‌ای تعیین شد/.test(m.text ?? "") &&
      JSON.stringify(m.replyMarkup).includes(meeting._id),
  );
  return { meeting, invite, zahra, hossein };
}

/** A meeting `days` ahead whose invitation Hossein has answered “can't attend”. */
async function declined(platform: Platform, days: number) {
  const m = await meetingOf(platform, TEST_START + days * 86_400_000);
  await m.hossein.press("❌ نمی‌توانم بیایم", { messageId: m.invite.messageId });
  await m.hossein.waitFor(/دلیلش را بنویسید/);
  return m;
}

const rsvpOf = async (id: string) =>
  (await h.store.collection<MeetingDoc>("meetings").findOne({ _id: id }))!.rsvp[`d8:${HOSSEIN}`];

describe.each<Platform>(["telegram", "bale"])("on %s", (platform) => {
  it("“can't attend”, then “attending”: the reason question is closed, and a text after it changes nothing", async () => {
    const { meeting, invite, hossein } = await declined(platform, 5);
    await hossein.press("✅ شرکت می‌کنم", { messageId: invite.messageId });
    await hossein.waitFor(/حضور شما ثبت شد/);
    const said = await during(platform, hossein, () => hossein.send("باشه، می‌آیم"));
    expect(said).not.toContain("دلیل شما ثبت شد");
    expect(await rsvpOf(meeting._id)).toMatchObject({ answer: "yes" });
    expect((await rsvpOf(meeting._id))?.reason).toBeUndefined();
  });

  it("“can't attend” pressed in the middle of a report records the answer and leaves the report as it was", async () => {
    const { meeting, invite, hossein } = await meetingOf(platform, TEST_START + 7 * 86_400_000);
    await hossein.send("📝 گزارش مشکل");
    await hossein.press("خدمات شهری");
    await hossein.press(/همین محله/);
    await hossein.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    await hossein.send("چاله‌ای بزرگ در خیابان گلبرگ جلوی مدرسه که خطرناک است");
    await hossein.waitFor(/محل دقیق را مشخص کنید/);
    const said = await during(platform, hossein, () =>
      hossein.press("❌ نمی‌توانم بیایم", { messageId: invite.messageId }),
    );
    expect(said).toContain("چون فرمی نیمه‌کاره دارید دلیلی پرسیده نمی‌شود");
    expect(said).not.toContain("دلیلش را بنویسید");
    expect(await rsvpOf(meeting._id)).toMatchObject({ answer: "no" });
    // The form is where it was: the next answer is the location's.
    expect(await during(platform, hossein, () => hossein.send("⏭ رد شدن"))).toMatch(/عکس/);
    await hossein.send("/cancel");
    await hossein.waitFor(/لغو شد/);
  });

  it("a reason typed after the answer changed elsewhere is not kept, and the answer stays", async () => {
    const { meeting, hossein } = await declined(platform, 6);
    // Meanwhile the answer became "attending" some other way (the other messenger).
    const r = await h.app.services.meetings.rsvp(
      meeting._id,
      {
        personId: `d8:${HOSSEIN}`,
        platform: platform === "telegram" ? "bale" : "telegram",
        userId: 1,
      },
      "yes",
    );
    expect(r.ok).toBe(true);
    await hossein.send("کار اداری دارم");
    await hossein.waitFor(/این دلیل ثبت نشد/);
    expect(await rsvpOf(meeting._id)).toMatchObject({ answer: "yes" });
  });

  it("/menu in the middle of a form closes it, so the next text is not taken as an answer", async () => {
    const phone = platform === "telegram" ? PEOPLE.narmakSecretary.phone : "989121000005";
    const u = await signIn(h.client(platform), phone);
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    const menu = await during(platform, u, () => u.send("/menu"));
    expect(menu).toContain("فرم نیمه‌کاره بسته شد.");
    expect(menu).toMatch(/منوی اصلی/);
    const next = await during(platform, u, () => u.send("سلام، گزارش‌هایم کجاست؟"));
    expect(next).not.toMatch(/ذخیره شد|مرحلهٔ ۲ از ۱۰/);
    const drafts = await h.app.services.proposals.col.find({ proposerId: `d8:${phone}` });
    expect(drafts.map((d) => d.fields.title)).not.toContain("سلام، گزارش‌هایم کجاست؟");

    // The report form too.
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/همین محله/);
    await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    expect(await during(platform, u, () => u.send("/menu"))).toContain("فرم نیمه‌کاره بسته شد.");
    expect(await during(platform, u, () => u.send("سلام"))).not.toMatch(/شرح خیلی کوتاه/);
  });

  it("/help in the middle of a form says the form still waits, and the next answer goes on", async () => {
    const phone = platform === "telegram" ? "989121000006" : "989121000007";
    const u = await signIn(h.client(platform), phone);
    const OPEN = "فرمی که شروع کرده‌اید هنوز باز است";
    expect(await during(platform, u, () => u.send("/help"))).not.toContain(OPEN);
    // The report form (a document of its own) and the proposal form (a conversation).
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/همین محله/);
    await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    expect(await during(platform, u, () => u.send("/help"))).toContain(OPEN);
    const next = await during(platform, u, () =>
      u.send("چراغ‌های خیابان گلبرگ غربی از سه شب پیش خاموش است"),
    );
    expect(next).toMatch(/محل دقیق را مشخص کنید/);
    await u.send("/cancel");
    await u.waitFor(/لغو شد/);
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    expect(await during(platform, u, () => u.send("/help"))).toContain(OPEN);
    await u.send("/cancel");
    await u.waitFor(/لغو شد/);
    expect(await during(platform, u, () => u.send("/help"))).not.toContain(OPEN);
  });

  it("attachments: “تمام” and “skip” typed, as the question says, end the step", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    const svc = h.app.services.proposals;
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    for (const [typed, tag] of [
      ["تمام", "done"],
      ["skip", "skip"],
    ] as const) {
      const { draft } = await svc.createDraft(person, platform, u.id, `att-${platform}-${tag}`);
      await svc.saveFields(draft._id, person._id, {
        ...FIELDS_BUT_ATTACHMENTS,
        title: `نورپردازی کوچه ${tag}`,
      });
      await u.pressCallbackData(`p:cont:${draft._id}`, u.last()!.messageId);
      await u.waitFor(/حداکثر ۵ مورد/);
      if (tag === "done") {
        await u.sendPhoto();
        await u.waitFor(/پیوست ۱ از ۵/);
      }
      await u.send(typed);
      await u.waitFor(/لطفاً طرح را پیش از ارسال/);
      expect((await svc.get(draft._id))?.fields.attachments).toHaveLength(tag === "done" ? 1 : 0);
      await u.send("/cancel");
      await u.waitFor(/منوی اصلی/);
    }
  });

  it("the minutes' attendance step: “انصراف” typed cancels, and an old message's button says it is old", async () => {
    const { meeting, zahra } = await meetingOf(platform, TEST_START + 3_600_000);
    h.clock.set(meeting.startAt + 60_000);
    try {
      await zahra.pressCallbackData(`m:min:${meeting._id}`, zahra.last()!.messageId);
      const ask = await zahra.waitFor(/چه کسانی حاضر بودند/);
      // A button of an older message, pressed now.
      const old = await zahra.pressCallbackData("mt:0", ask.messageId - 1);
      expect((await zahra.expectCallbackAnswered(old)).text).toBe("این دکمه دیگر معتبر نیست.");
      expect(await during(platform, zahra, () => zahra.send("انصراف"))).toMatch(/لغو شد/);
      expect((await h.app.services.meetings.get(meeting._id))?.state).toBe("scheduled");
    } finally {
      h.clock.set(TEST_START);
    }
  });

  it("“New proposal” left at once leaves no untitled draft behind", async () => {
    const phone = platform === "telegram" ? "989121000011" : "989121000012";
    const u = await signIn(h.client(platform), phone);
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    expect(await during(platform, u, () => u.send("✖️ انصراف"))).toContain("لغو شد.");
    expect(await h.app.services.proposals.col.find({ proposerId: `d8:${phone}` })).toEqual([]);
    // One answer given: the draft is kept, and said so.
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    await u.send("نورپردازی کوچهٔ شهید احمدی");
    await u.waitFor(/مرحلهٔ ۲ از ۱۰/);
    expect(await during(platform, u, () => u.send("✖️ انصراف"))).toContain("پیش‌نویس طرح ذخیره شد");
    expect(await h.app.services.proposals.col.find({ proposerId: `d8:${phone}` })).toHaveLength(1);
  });

  it("“skip” typed where a note is required is asked again, not kept as the note", async () => {
    const client = h.client(platform);
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code, id } = await fileReport(h, reporter);
    const card = await owner.waitFor(new RegExp(`گزارش تازه برای اقدام شما[\\s\\S]*${fa(code)}`));
    await owner.press("✔️ رفع شد", { messageId: card.messageId });
    await owner.waitFor(/توضیح بنویسید/);
    expect(await during(platform, owner, () => owner.send("⏭ رد شدن"))).toContain(
      "این پرسش پاسخ لازم دارد و نمی‌توان از آن گذشت.",
    );
    expect((await h.app.services.reports.get(id))?.state).not.toBe("resolved");
    await owner.send("لامپ‌ها تعویض شد");
    await reporter.waitFor(/لامپ‌ها تعویض شد/);
    const history = await h.app.services.reports.history(id);
    expect(history.find((a) => a.action === "report.resolve")?.note).toBe("لامپ‌ها تعویض شد");
  });

  it("blocking and unblocking the bot mid-form is no answer: nothing is sent, the form still waits", async () => {
    const client = h.client(platform);
    const phone = platform === "telegram" ? "989121000013" : "989121000014";
    const u = await signIn(client, phone);
    const errors = client.state.errors.length;
    // The report form, at its description.
    await u.send("📝 گزارش مشکل");
    await u.press("خدمات شهری");
    await u.press(/همین محله/);
    await u.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
    expect(await during(platform, u, () => u.block())).toBe("");
    expect(await during(platform, u, () => u.unblock())).toBe("");
    await u.send("چراغ‌های کوچهٔ گلبرگ سه شب است خاموش است");
    await u.waitFor(/محل دقیق را مشخص کنید/);
    await u.send("/cancel");
    await u.waitFor(/منوی اصلی/);
    // A conversation (the proposal form), at its title.
    await u.send("🏗 طرح جدید");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    expect(await during(platform, u, () => u.block())).toBe("");
    expect(await during(platform, u, () => u.unblock())).toBe("");
    await u.send("نورپردازی کوچهٔ گلبرگ");
    await u.waitFor(/مرحلهٔ ۲ از ۱۰/);
    // Nothing was written to the chat while it was blocked.
    expect(client.state.errors.slice(errors).filter((e) => e.errorCode === 403)).toEqual([]);
    await u.send("/cancel");
  });

  it("/start and /language in the middle of a form say it was closed", async () => {
    const u = await signIn(h.client(platform), PEOPLE.councillor.phone);
    for (const command of ["/start", "/language"]) {
      await u.send("📝 گزارش مشکل");
      await u.waitFor(/موضوع مشکل چیست/);
      expect(await during(platform, u, () => u.send(command))).toContain("فرم نیمه‌کاره بسته شد.");
    }
    await u.press("فارسی");
    await u.waitFor(/زبان ربات فارسی شد/);
  });

  it("a Gregorian date typed for a custom period is named as one, not read as a Jalali year", async () => {
    const u = await signIn(h.client(platform), PEOPLE.presidium.phone);
    await u.send("/stats");
    await u.press("بازهٔ دلخواه");
    await u.waitFor("تاریخ شروع بازه");
    expect(await during(platform, u, () => u.send("2025-11-01"))).toContain(
      "این تاریخ میلادی است؛ لطفاً تاریخ شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۰۸.",
    );
    await u.send("/cancel");
    await u.waitFor(/منوی اصلی/);
  });

  it("someone switched off who changes language is told their access is off, not asked to sign in", async () => {
    const phone = platform === "telegram" ? "989121000015" : "989121000018";
    const u = await signIn(h.client(platform), phone);
    await h.repos.people.col.updateOne(
      { _id: `d8:${phone}` },
      { $set: { active: false, updatedAt: h.clock.now() } },
    );
    for (const b of h.app.bots) b.deps.repos.people.invalidate();
    h.repos.people.invalidate();
    await u.send("/language");
    await u.waitFor(/زبان خود را انتخاب کنید/);
    const said = await during(platform, u, () => u.press("English"));
    expect(said).toContain("Your access to the bot has been switched off");
    expect(said).not.toMatch(/share|Share my number/i);
  });
});
