import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, fillForm, HQ_CHAT, proposalsOf, signInAll } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

describe("a proposal signed in the bot by every signer", () => {
  it("form → chain of five signatures → approved → headquarters gets the summary and the form", async () => {
    const client = h.client("telegram");
    const hq = client.group({ id: HQ_CHAT, title: "ستاد شورایاری‌ها" });
    client.state.knowChat(hq.chat);

    const summary = await fillForm(cast.proposer);
    expect(summary.text).toContain("نورپردازی کوچهٔ شهید احمدی");
    expect(summary.text).toContain("۲۵۰٬۰۰۰٬۰۰۰ ریال");
    expect(summary.text).toContain("۲۵٬۰۰۰٬۰۰۰ تومان");
    expect(summary.text).toContain("حدود ۵۰۰ نفر");
    expect(summary.text).toContain("۶ ماه");
    expect(summary.text).toContain("زهرا کریمی");
    await cast.proposer.press("✅ ارسال برای امضا");
    const done = await cast.proposer.waitFor(/برای امضا ارسال شد/);
    expect(done.text).toMatch(/طرح ۸-۱۴۰۵-/);

    const [p] = await proposalsOf(h, CHAIN.proposer);
    expect(p?.state).toBe("in_signature");
    expect(p?.chain.map((s) => s.step)).toEqual([
      "neighborhood_wg_secretary",
      "district_wg_secretary",
      "liaison",
      "deputy:planning",
      "mayor",
    ]);

    const order = [cast.narmakUrban, cast.districtUrban, cast.liaison, cast.planning, cast.mayor];
    for (const [i, signer] of order.entries()) {
      const req = await signer.waitFor(/منتظر امضای شما/);
      expect(req.text).toContain("نورپردازی کوچهٔ شهید احمدی");
      await signer.press("✅ امضا", { messageId: req.messageId });
      await signer.waitFor(/امضای شما روی طرح .* ثبت شد/);
      if (i < order.length - 1) await cast.proposer.waitFor(/امضا کرد/);
    }
    await cast.proposer.waitFor(/برای ستاد شورایاری‌ها فرستاده شد/);
    const fresh = await h.app.services.proposals.get(p!._id);
    expect(fresh?.state).toBe("sent_to_hq");
    expect(fresh?.signatures.map((s) => s.via)).toEqual(["bot", "bot", "bot", "bot", "bot"]);

    const text = await hq.waitFor(/طرح کوچک‌مقیاس تصویب‌شده/);
    expect(text.text).toContain("نورپردازی کوچهٔ شهید احمدی");
    const docMsg = await hq.waitFor((m) => Boolean(m.document));
    expect(docMsg.document?.file_name).toMatch(/^proposal-8-1405-\d+\.html$/);
    const bytes = client.state.files.get(docMsg.document!.file_id)!.bytes.toString("utf8");
    expect(bytes).toContain('<html dir="rtl" lang="fa">');
    expect(bytes).toContain("@font-face");
    expect(bytes).toContain("@page { size: A4");
    // The fields…
    for (const s of [
      "نورپردازی کوچهٔ شهید احمدی",
      "نارمک",
      "خدمات شهری",
      "کوچه شب‌ها کاملاً تاریک است",
      "نصب ده چراغ خورشیدی",
      "کوچهٔ شهید احمدی",
      "ساکنان کوچه و رهگذران",
      "۲۵۰٬۰۰۰٬۰۰۰ ریال",
      "۶ ماه",
      "estimate.pdf",
    ])
      expect(bytes, s).toContain(s);
    // …and the signature table: who, role, when (Jalali), how.
    const table = bytes.slice(bytes.indexOf('<table class="signatures">'));
    for (const s of [
      "زهرا کریمی",
      "سارا قاسمی",
      "نسرین اکبری",
      "شهرام عباسی",
      "دفتر شهردار منطقه",
      "دبیر کارگروه محله",
      "معاونت برنامه‌ریزی و توسعه",
      "شهردار منطقه",
      "آذر ۱۴۰۵",
      "در ربات",
    ])
      expect(table, s).toContain(s);

    // Regenerable: the same stored proposal gives the same document.
    expect(await h.app.services.proposals.documentHtml(p!._id)).toBe(bytes);

    // The history is visible to the proposer and the chain.
    await cast.proposer.send("🗂 طرح‌های من");
    await cast.proposer.press(/نورپردازی/);
    const status = await cast.proposer.waitFor(/سابقه/);
    expect(status.text).toContain("ارسال به ستاد شورایاری‌ها");
    expect(status.text).toContain("امضا در ربات");
    expect(client.state.unansweredCallbacks()).toEqual([]);
  });
});
