import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, fillForm, signInAll, submitted } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const signRequest = (title: string) => (m: { text?: string }) =>
  (m.text ?? "").includes("منتظر امضای شما") && (m.text ?? "").includes(title);

describe("return for revision and resubmission", () => {
  it("the proposer edits the cost and resubmits; the chain restarts and each signer sees what changed", async () => {
    await fillForm(cast.proposer, { title: "بازسازی پارک محله", cost: "۲۵۰ میلیون" });
    await cast.proposer.press("✅ ارسال برای امضا");
    await cast.proposer.waitFor(/برای امضا ارسال شد/);

    const first = await cast.narmakUrban.waitFor(signRequest("بازسازی پارک محله"));
    await cast.narmakUrban.press("✅ امضا", { messageId: first.messageId });
    const second = await cast.districtUrban.waitFor(signRequest("بازسازی پارک محله"));
    await cast.districtUrban.press("↩️ برگشت برای اصلاح", { messageId: second.messageId });
    await cast.districtUrban.waitFor(/چه چیزی باید اصلاح شود/);
    await cast.districtUrban.send("هزینه زیاد است؛ با ۲۰۰ میلیون برآورد کنید.");
    await cast.districtUrban.waitFor(/برای اصلاح به پیشنهاددهنده برگشت/);

    const back = await cast.proposer.waitFor(/برای اصلاح برگرداند/);
    expect(back.text).toContain("هزینه زیاد است");
    await cast.proposer.press("✏️ اصلاح و ارسال دوباره", { messageId: back.messageId });
    const summary = await cast.proposer.waitFor(/طرح برای اصلاح برگشته است/);
    expect(summary.text).toContain("هزینه زیاد است");
    await cast.proposer.press("✏️ ویرایش یک بخش", { messageId: summary.messageId });
    await cast.proposer.press("هزینهٔ تخمینی");
    await cast.proposer.waitFor(/هزینهٔ تخمینی طرح به ریال/);
    await cast.proposer.send("200,000,000");
    await cast.proposer.waitFor(/۲۰۰٬۰۰۰٬۰۰۰ ریال/);
    await cast.proposer.press("✅ ارسال دوباره برای امضا");
    await cast.proposer.waitFor(/برای امضا ارسال شد/);

    // The first signer signed round 1: the new request shows the change.
    const again = await cast.narmakUrban.waitFor(
      (m) =>
        (m.text ?? "").includes("دوباره ارسال شده") && (m.text ?? "").includes("بازسازی پارک محله"),
    );
    expect(again.text).toContain("تغییرات از آخرین باری که طرح را دیدید");
    expect(again.text).toMatch(/هزینهٔ تخمینی: «۲۵۰٬۰۰۰٬۰۰۰ ریال.*» ← «۲۰۰٬۰۰۰٬۰۰۰ ریال/);
    expect(again.text).not.toContain("• عنوان");
    // The old round's button (its markup was cleared on signing; pressed again anyway)
    // changes nothing.
    const p0 = (
      await h.app.services.proposals.col.find({ "fields.title": "بازسازی پارک محله" })
    )[0]!;
    const oldPress = await cast.narmakUrban.pressCallbackData(
      `p:sign:${p0._id}:1.0`,
      first.messageId,
    );
    const oldAnswer = await cast.narmakUrban.expectCallbackAnswered(oldPress);
    expect(oldAnswer.text).toMatch(/دیگر معتبر نیست/);
    await cast.narmakUrban.press("✅ امضا", { messageId: again.messageId });
    const diff2 = await cast.districtUrban.waitFor(
      (m) =>
        (m.text ?? "").includes("دوباره ارسال شده") && (m.text ?? "").includes("بازسازی پارک محله"),
    );
    expect(diff2.text).toContain("۲۰۰٬۰۰۰٬۰۰۰ ریال");
    expect(diff2.text).toContain("تغییرات از آخرین باری");

    const p = (
      await h.app.services.proposals.col.find({ "fields.title": "بازسازی پارک محله" })
    )[0]!;
    expect(p.revision).toBe(2);
    expect(p.step).toBe(1);
    expect(p.signatures.map((s) => [s.revision, s.step])).toEqual([[2, 0]]);
    const actions = (await h.app.services.proposals.history(p._id)).map((a) => a.action);
    expect(actions).toEqual([
      "proposal.submitted",
      "proposal.signed",
      "proposal.returned",
      "proposal.resubmitted",
      "proposal.signed",
    ]);
  });
});

describe("rejection", () => {
  it("a signer rejects with a reason; the proposer is told; nothing more can be signed", async () => {
    const p = await submitted(h, "آسفالت کوچهٔ یاس", cast.proposer.id);
    const req = await cast.narmakUrban.waitFor(signRequest("آسفالت کوچهٔ یاس"));
    await cast.narmakUrban.press("⛔ رد", { messageId: req.messageId });
    await cast.narmakUrban.waitFor(/دلیل رد طرح/);
    // An empty-looking answer is not a reason: a sticker gets a re-ask.
    await cast.narmakUrban.sendSticker();
    await cast.narmakUrban.waitFor(/الزامی|متن/);
    await cast.narmakUrban.send("این کار در حوزهٔ شهرداری ناحیه است، نه طرح کوچک‌مقیاس.");
    await cast.narmakUrban.waitFor(/رد شد و به پیشنهاددهنده اطلاع داده شد/);
    const told = await cast.proposer.waitFor(/آسفالت کوچهٔ یاس.*رد کرد/s);
    expect(told.text).toContain("حوزهٔ شهرداری ناحیه");
    const after = await h.app.services.proposals.get(p._id);
    expect(after?.state).toBe("rejected");
    expect(after?.rejection?.reason).toContain("حوزهٔ شهرداری ناحیه");
    const late = await cast.narmakUrban.press("✅ امضا", { messageId: req.messageId });
    expect((await cast.narmakUrban.expectCallbackAnswered(late)).text).toMatch(/ردشده/);
    expect((await h.app.services.proposals.get(p._id))?.signatures).toEqual([]);
  });
});

describe("re-authorisation", () => {
  it("a non-signer pressing Sign (forged data) is refused and nothing changes", async () => {
    const p = await submitted(h, "نیمکت برای ایستگاه اتوبوس", cast.proposer.id);
    await cast.narmakUrban.waitFor(signRequest("نیمکت برای ایستگاه اتوبوس"));
    await cast.outsider.send("/menu");
    const menu = await cast.outsider.waitFor(/منوی اصلی/);
    for (const who of [cast.outsider, cast.districtUrban, cast.proposer]) {
      const press = await who.pressCallbackData(`p:sign:${p._id}:1.0`, menu.messageId);
      const answer = await who.expectCallbackAnswered(press);
      expect(answer.text).toMatch(/اجازهٔ این کار را ندارید/);
      expect(answer.showAlert).toBe(true);
    }
    const after = await h.app.services.proposals.get(p._id);
    expect(after?.step).toBe(0);
    expect(after?.signatures).toEqual([]);
    expect(after?._rev).toBe(p._rev);
  });

  it("a double press signs once; the second press is explained", async () => {
    const p = await submitted(h, "گلکاری میدان", cast.proposer.id);
    const req = await cast.narmakUrban.waitFor(signRequest("گلکاری میدان"));
    const data = `p:sign:${p._id}:1.0`;
    const a = await cast.narmakUrban.pressCallbackData(data, req.messageId);
    const b = await cast.narmakUrban.pressCallbackData(data, req.messageId);
    expect((await cast.narmakUrban.expectCallbackAnswered(a)).text).toMatch(/امضای شما روی طرح/);
    const second = await cast.narmakUrban.expectCallbackAnswered(b);
    expect(second.text).toMatch(/دیگر معتبر نیست.*امضا در ربات.*زهرا کریمی/s);
    const after = await h.app.services.proposals.get(p._id);
    expect(after?.signatures).toHaveLength(1);
    expect(after?.step).toBe(1);
    const signed = (await h.app.services.proposals.history(p._id)).filter(
      (x) => x.action === "proposal.signed",
    );
    expect(signed).toHaveLength(1);
  });
});

describe("a paper signature recorded by the liaison", () => {
  it("the deputy doesn't use the bot: the liaison records it with a scan; the record says so", async () => {
    const svc = h.app.services.proposals;
    const p = await submitted(h, "سایه‌بان ورودی مدرسه", cast.proposer.id);
    for (const signer of [cast.narmakUrban, cast.districtUrban, cast.liaison]) {
      const req = await signer.waitFor(signRequest("سایه‌بان ورودی مدرسه"));
      await signer.press("✅ امضا", { messageId: req.messageId });
      await signer.waitFor(/امضای شما روی طرح .* ثبت شد/);
    }
    expect((await svc.get(p._id))?.step).toBe(3);
    const ask = await cast.liaison.waitFor(
      (m) => (m.text ?? "").includes("ثبت کنید") && (m.text ?? "").includes("سایه‌بان ورودی مدرسه"),
    );
    expect(ask.text).toContain("شهرام عباسی");
    await cast.liaison.press("🖋 ثبت امضای کاغذی", { messageId: ask.messageId });
    await cast.liaison.waitFor(/عکس یا اسکن/);
    await cast.liaison.send("امضا شد");
    await cast.liaison.waitFor(/لطفاً عکس یا فایل فرم امضاشده/);
    await cast.liaison.sendDocument("signed-form.pdf", Buffer.from("%PDF-1.4 signed"));
    await cast.liaison.waitFor(/امضای کاغذی روی طرح .* ثبت شد/);

    const after = await svc.get(p._id);
    expect(after?.step).toBe(4);
    const paper = after!.signatures.at(-1)!;
    expect(paper).toMatchObject({
      via: "paper",
      signerId: `d8:${CHAIN.planning}`,
      by: `d8:${CHAIN.liaison}`,
      evidence: { kind: "document", name: "signed-form.pdf" },
    });
    const audit = (await svc.history(p._id)).at(-1)!;
    expect(audit.action).toBe("proposal.signed_on_paper");
    expect(audit.data).toMatchObject({
      recordedBy: `d8:${CHAIN.liaison}`,
      onBehalfOf: `d8:${CHAIN.planning}`,
    });
    const told = await cast.proposer.waitFor(/شهرام عباسی.*امضای کاغذی، ثبت توسط نسرین اکبری/s);
    expect(told.text).toContain("شهردار منطقه");
    // The liaison cannot record a paper signature for a step that isn't an official's.
    const mine = await svc.check(p._id, `d8:${CHAIN.liaison}`, "1.2", "paper");
    expect(mine.ok).toBe(false);
    // The document says it was on paper and who recorded it.
    const html = (await svc.documentHtml(p._id))!;
    expect(html).toContain("روی فرم کاغذی (ثبت توسط نسرین اکبری)");
    expect(html).toContain("امضا نشده");
  });
});
