import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProposalFields } from "../../src/proposals/types.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, person, proposalsOf, signInAll } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const settle = () => h.client("telegram").idle({ quietMs: 300 });

/** A complete draft of `phone`'s, straight through the service; `over` replaces fields. */
async function completeDraft(phone: string, userId: number, over: ProposalFields = {}) {
  const svc = h.app.services.proposals;
  const who = await person(h, phone);
  const { draft } = await svc.createDraft(who, "telegram", userId);
  await svc.saveFields(draft._id, who._id, {
    title: "بازسازی پیاده‌روی میدان هفت حوض",
    neighborhood: "narmak",
    subject: "urban_services",
    problem: "پیاده‌روی خیابان شکسته و برای سالمندان خطرناک است.",
    description: "بازسازی ۲۰۰ متر پیاده‌رو با موزاییک و رمپ برای ویلچر.",
    location: { address: "نارمک، میدان هفت حوض" },
    beneficiaries: { who: "عابران و کسبه", count: 1000 },
    costRials: 1_200_000_000,
    durationMonths: 3,
    attachments: [
      { kind: "photo", platform: "telegram", fileId: "PHOTO-1" },
      { kind: "document", platform: "telegram", fileId: "DOC-1", name: "plan.pdf" },
    ],
    ...over,
  });
  return draft;
}

describe("who may propose", () => {
  it("a forged 'New proposal' press by someone who is not a councillor is refused and starts nothing", async () => {
    const liaison = cast.liaison;
    // The liaison's menu offers no "New proposal"…
    expect(JSON.stringify(liaison.last()?.replyMarkup ?? {})).not.toContain("طرح جدید");
    // …and a press of the drafts list's button, forged, is answered and does nothing.
    const press = await liaison.pressCallbackData("p:new", liaison.last()!.messageId);
    const answer = await liaison.expectCallbackAnswered(press);
    expect(answer.text).toContain("فقط از شورایاران برمی‌آید");
    await settle();
    expect(await proposalsOf(h, CHAIN.liaison)).toEqual([]);
    expect(liaison.messages().some((m) => /مرحلهٔ ۱ از ۱۰/.test(m.text ?? ""))).toBe(false);
  });

  it("the service itself neither starts nor submits a proposal for someone who is not a councillor", async () => {
    const svc = h.app.services.proposals;
    const liaison = await person(h, CHAIN.liaison);
    await expect(svc.createDraft(liaison, "telegram", cast.liaison.id)).rejects.toThrow(
      /councillor/,
    );
    // A draft left by someone whose councillor role was taken away since.
    const d = await completeDraft(CHAIN.outsider, cast.outsider.id, { title: "طرح نقش‌گرفته" });
    const outsider = await person(h, CHAIN.outsider);
    await h.repos.people.col.updateOne(
      { _id: outsider._id },
      { $set: { roles: outsider.roles.filter((r) => !r.startsWith("councillor")) } },
    );
    try {
      const r = await svc.submit(d._id, {
        personId: outsider._id,
        platform: "telegram",
        userId: cast.outsider.id,
      });
      expect(r).toEqual({ ok: false, why: "not_proposer" });
      expect((await svc.get(d._id))?.state).toBe("draft");
    } finally {
      await h.repos.people.col.updateOne(
        { _id: outsider._id },
        { $set: { roles: outsider.roles } },
      );
    }
  });

  it("a double press of 'New proposal' starts one draft, not two", async () => {
    const u = cast.narmakUrban;
    await completeDraft(CHAIN.narmakUrban, u.id, { title: "پیش‌نویس پیشین" });
    await u.send("🏗 طرح جدید");
    const list = await u.waitFor(/پیش‌نویس ناتمام دارید/);
    const a = await u.pressCallbackData("p:new", list.messageId);
    const b = await u.pressCallbackData("p:new", list.messageId);
    await u.expectCallbackAnswered(a);
    await u.expectCallbackAnswered(b);
    await settle();
    const fresh = (await proposalsOf(h, CHAIN.narmakUrban)).filter((d) => !d.fields.title);
    expect(fresh).toHaveLength(1);
    // One form, asked once.
    expect(u.messages().filter((m) => /مرحلهٔ ۱ از ۱۰/.test(m.text ?? ""))).toHaveLength(1);
    // Left before its first answer, the draft goes.
    await u.send("✖️ انصراف");
    await u.waitFor(/لغو شد/);
    await settle();
    expect((await proposalsOf(h, CHAIN.narmakUrban)).filter((d) => !d.fields.title)).toEqual([]);
  });
});

describe("odd answers in the form", () => {
  it("an earlier message's button pressed while the form waits for text is answered and does nothing", async () => {
    const u = cast.proposer;
    const first = await completeDraft(CHAIN.proposer, u.id, { title: "طرح نخست با دکمهٔ کهنه" });
    await u.pressCallbackData(`p:cont:${first._id}`, u.last()!.messageId);
    const summary = await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    // Leaves with the typed Cancel: the summary keeps its Submit button.
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
    await u.send("🏗 طرح جدید");
    await u.press("➕ طرح تازه");
    await u.waitFor(/مرحلهٔ ۱ از ۱۰/);
    const press = await u.pressCallbackData("c:submit", summary.messageId);
    const answer = await u.expectCallbackAnswered(press);
    expect(answer.text).toBe("این دکمه دیگر معتبر نیست.");
    await settle();
    expect((await h.app.services.proposals.get(first._id))?.state).toBe("draft");
    // The form still waits for the title.
    await u.send("نیمکت‌های پارک محله");
    await u.waitFor(/محله/);
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
  });

  it("a title or description of emoji, marks or numbers alone is asked again; the draft keeps the words", async () => {
    const u = cast.districtUrban;
    const d = await completeDraft(CHAIN.districtUrban, u.id);
    const who = (await person(h, CHAIN.districtUrban))._id;
    for (const [field, question] of [
      ["title", /عنوان طرح/],
      ["description", /شرح طرح/],
    ] as const) {
      await h.app.services.proposals.setEditing(d._id, who, field);
      await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
      await u.waitFor(question);
      await u.send("🌳🌳🌳🌳🌳 ✨✨ ۱۴۰۵");
      const again = await u.nextReply();
      expect(again.text).toContain("لطفاً با کلمه بنویسید");
      await u.send("✖️ انصراف");
      await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
    }
    const kept = (await h.app.services.proposals.get(d._id))!.fields;
    expect(kept.title).toBe("بازسازی پیاده‌روی میدان هفت حوض");
    expect(kept.description).toBe("بازسازی ۲۰۰ متر پیاده‌رو با موزاییک و رمپ برای ویلچر.");
  });

  it("a photo where the cost is asked gets the cost question again", async () => {
    const u = cast.districtUrban;
    const d = await completeDraft(CHAIN.districtUrban, u.id);
    await h.app.services.proposals.setEditing(
      d._id,
      (await person(h, CHAIN.districtUrban))._id,
      "cost",
    );
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    await u.waitFor(/هزینهٔ تخمینی طرح به ریال/);
    await u.sendPhoto();
    const again = await u.nextReply();
    expect(again.text).toContain("لطفاً پاسخ را به صورت متن بنویسید.");
    expect(again.text).toContain("هزینهٔ تخمینی طرح به ریال");
    expect(again.text).not.toContain("توضیح بنویسید");
    await u.send("۹۰۰ میلیون");
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    expect((await h.app.services.proposals.get(d._id))?.fields.costRials).toBe(900_000_000);
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
  });

  it("'who benefits' is kept when the person leaves at 'how many', and the form goes on from the number", async () => {
    const u = cast.presidium;
    const d = await completeDraft(CHAIN.presidium, u.id);
    await h.app.services.proposals.col.updateOne(
      { _id: d._id },
      {
        $unset: {
          "fields.beneficiaries": "",
          "fields.costRials": "",
          "fields.durationMonths": "",
          "fields.attachments": "",
        },
      },
    );
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    await u.waitFor(/مرحلهٔ ۷ از ۱۰/);
    await u.send("دانش‌آموزان مدرسهٔ محله و خانواده‌هایشان");
    await u.waitFor(/تقریباً چند نفر/);
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    const next = await u.waitFor(/مرحلهٔ ۷ از ۱۰/);
    expect(next.text).toContain("بهره‌برداران (ذخیره‌شده): دانش‌آموزان مدرسهٔ محله و خانواده‌هایشان");
    expect(next.text).toContain("تقریباً چند نفر");
    await u.send("۳۰۰");
    await u.waitFor(/هزینهٔ تخمینی طرح به ریال/);
    const stored = await h.app.services.proposals.get(d._id);
    expect(stored?.fields.beneficiaries).toEqual({
      who: "دانش‌آموزان مدرسهٔ محله و خانواده‌هایشان",
      count: 300,
    });
    expect(stored?.beneficiariesWho).toBeUndefined();
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
  });

  it("a long description with paragraph breaks is stored whole; one over the limit is refused, not cut", async () => {
    const u = cast.narmakUrban;
    const d = await completeDraft(CHAIN.narmakUrban, u.id);
    const who = await person(h, CHAIN.narmakUrban);
    await h.app.services.proposals.setEditing(d._id, who._id, "description");
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    await u.waitFor(/شرح طرح:/);
    await u.send(`${"ج".repeat(2100)} پایان`);
    const refused = await u.waitFor(/خیلی طولانی است/);
    expect(refused.text).toContain("(۲٬۱۰۶ نویسه)");
    expect((await h.app.services.proposals.get(d._id))?.fields.description).toBe(
      "بازسازی ۲۰۰ متر پیاده‌رو با موزاییک و رمپ برای ویلچر.",
    );
    const para = `${"ب".repeat(47)}؛`;
    const text = `${Array.from({ length: 40 }, () => para).join("\n\n")} پایان`;
    // 1,965 characters as the form counts them (line breaks as one space), 2,004 as sent.
    expect(text.length).toBe(2004);
    await u.send(text);
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    expect((await h.app.services.proposals.get(d._id))?.fields.description).toBe(text);
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
  });

  it("a return comment over 1,000 characters is refused with its length; nothing reaches the proposer until it fits", async () => {
    const d = await completeDraft(CHAIN.proposer, cast.proposer.id, { title: "طرح برای نظر بلند" });
    const svc = h.app.services.proposals;
    const r = await svc.submit(d._id, {
      personId: (await person(h, CHAIN.proposer))._id,
      platform: "telegram",
      userId: cast.proposer.id,
    });
    expect(r.ok).toBe(true);
    const req = await cast.narmakUrban.waitFor(
      (m) => /منتظر امضای شما/.test(m.text ?? "") && /طرح برای نظر بلند/.test(m.text ?? ""),
    );
    await cast.narmakUrban.press("↩️ برگشت برای اصلاح", { messageId: req.messageId });
    await cast.narmakUrban.waitFor(/چه چیزی باید اصلاح شود/);
    const long = `${"لطفاً برآورد هزینه را دقیق‌تر کنید. ".repeat(40)}پایان نظر`;
    await cast.narmakUrban.send(long);
    const refused = await cast.narmakUrban.waitFor(/خیلی طولانی است/);
    expect(refused.text).toMatch(/\([۰-۹٬]+ نویسه\)/);
    expect(refused.text).toContain("۱٬۰۰۰");
    expect((await svc.get(d._id))?.state).toBe("in_signature");
    const short = "لطفاً برآورد هزینه را با سه استعلام دقیق‌تر کنید.";
    await cast.narmakUrban.send(short);
    await cast.narmakUrban.waitFor(/برای اصلاح به پیشنهاددهنده برگشت/);
    expect((await svc.get(d._id))?.lastReturn?.comment).toBe(short);
  });
});

it("a return comment typed after the step was decided elsewhere is answered as typed text, not as a button", async () => {
  const d = await completeDraft(CHAIN.proposer, cast.proposer.id, { title: "طرح با نظر دیررس" });
  const svc = h.app.services.proposals;
  expect(
    (
      await svc.submit(d._id, {
        personId: (await person(h, CHAIN.proposer))._id,
        platform: "telegram",
        userId: cast.proposer.id,
      })
    ).ok,
  ).toBe(true);
  const req = await cast.narmakUrban.waitFor(
    (m) => /منتظر امضای شما/.test(m.text ?? "") && /طرح با نظر دیررس/.test(m.text ?? ""),
  );
  await cast.narmakUrban.press("↩️ برگشت برای اصلاح", { messageId: req.messageId });
  await cast.narmakUrban.waitFor(/چه چیزی باید اصلاح شود/);
  // Signed from another device while the comment is being written.
  const p = (await svc.get(d._id))!;
  const signer = await person(h, CHAIN.narmakUrban);
  const signed = await svc.decide(
    d._id,
    { personId: signer._id, platform: "telegram", userId: cast.narmakUrban.id },
    `${p.revision}.${p.step}`,
    "sign",
  );
  expect(signed.ok).toBe(true);
  await cast.narmakUrban.send("برآورد هزینه را دقیق‌تر کنید.");
  const late = await cast.narmakUrban.waitFor(/ثبت نشد/);
  expect(late.text).toMatch(/^نظری که نوشتید ثبت نشد: طرح .+ دیگر منتظر آن نیست/);
  expect(late.text).toContain("از نو از شما خواسته می‌شود");
  expect(late.text).not.toMatch(/دکمه/);
  expect((await svc.get(d._id))?.lastReturn).toBeUndefined();
});

describe("editing the attachments", () => {
  it("adds to those attached; Remove lets go of them and starts over", async () => {
    const u = cast.outsider;
    const d = await completeDraft(CHAIN.outsider, u.id, { title: "طرح با پیوست‌های پیشین" });
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    const summary = await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    await u.press("✏️ ویرایش یک بخش", { messageId: summary.messageId });
    await u.press("پیوست‌ها");
    const ask = await u.waitFor(/اکنون ۲ پیوست دارد/);
    expect(JSON.stringify(ask.replyMarkup)).toContain("🗑 حذف پیوست‌های فعلی");
    await u.sendDocument("estimate.pdf", Buffer.from("%PDF-1.4 estimate"));
    await u.waitFor(/پیوست ۳ از ۵/);
    await u.send("✅ تمام");
    const again = await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    let stored = (await h.app.services.proposals.get(d._id))?.fields.attachments ?? [];
    expect(stored.map((a) => a.fileId).slice(0, 2)).toEqual(["PHOTO-1", "DOC-1"]);
    expect(stored).toHaveLength(3);

    await u.press("✏️ ویرایش یک بخش", { messageId: again.messageId });
    await u.press("پیوست‌ها");
    await u.waitFor(/اکنون ۳ پیوست دارد/);
    await u.send("🗑 حذف پیوست‌های فعلی");
    await u.waitFor(/پیوست‌های پیشین کنار گذاشته شد/);
    await u.sendPhoto();
    await u.waitFor(/پیوست ۱ از ۵/);
    await u.send("✅ تمام");
    await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    stored = (await h.app.services.proposals.get(d._id))?.fields.attachments ?? [];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.kind).toBe("photo");
    await u.send("✖️ انصراف");
    await u.waitFor(/پیش‌نویس طرح ذخیره شد/);
  });
});

describe("the longest texts the form accepts", () => {
  // About 2,000 characters each: problem and description together fill a message.
  const long = (word: string) => `${word} `.repeat(Math.floor(2000 / (word.length + 1))).trim();
  const longFields = { problem: long("مشکل"), description: long("شرحِ") };

  it("the summary, the signer's request and the status keep the cost, the duration and the chain; the status sends the full texts", async () => {
    const u = cast.proposer;
    const d = await completeDraft(CHAIN.proposer, u.id, {
      title: "طرح با متن‌های بلند",
      ...longFields,
    });
    await u.pressCallbackData(`p:cont:${d._id}`, u.last()!.messageId);
    const summary = await u.waitFor(/لطفاً طرح را پیش از ارسال/);
    for (const part of ["۱٬۲۰۰٬۰۰۰٬۰۰۰ ریال", "مدت اجرا", "زنجیرهٔ امضا", "کوتاه شده‌اند"])
      expect(summary.text).toContain(part);
    expect(summary.text!.length).toBeLessThanOrEqual(4096);
    expect(JSON.stringify(summary.replyMarkup)).toContain(`p:open:${d._id}`);

    // The status (pressed from the summary, the form waiting meanwhile) sends both texts whole.
    await u.press("📜 وضعیت و سابقه", { messageId: summary.messageId });
    const problem = await u.waitFor((m) => (m.text ?? "").startsWith("مشکلی که حل می‌کند:\n"));
    expect(problem.text).toBe(`مشکلی که حل می‌کند:\n${longFields.problem}`);
    const description = await u.waitFor((m) => (m.text ?? "").startsWith("شرح طرح:\n"));
    expect(description.text).toBe(`شرح طرح:\n${longFields.description}`);

    await u.press("✅ ارسال برای امضا", { messageId: summary.messageId });
    await u.waitFor(/برای امضا ارسال شد/);
    const req = await cast.narmakUrban.waitFor(
      (m) => /منتظر امضای شما/.test(m.text ?? "") && /طرح با متن‌های بلند/.test(m.text ?? ""),
    );
    for (const part of ["۱٬۲۰۰٬۰۰۰٬۰۰۰ ریال", "مدت اجرا", "کوتاه شده‌اند"])
      expect(req.text).toContain(part);
    expect(req.text!.length).toBeLessThanOrEqual(4096);
  });
});
