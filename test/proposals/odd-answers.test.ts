import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { type Harness, saidDuring, startHarness } from "../helpers/harness.ts";
import {
  type Cast,
  CHAIN,
  FIELDS_BUT_ATTACHMENTS,
  person,
  signInAll,
  submitted,
} from "./helpers.ts";

/** Answers the proposal form and its decisions must not take as they come. */
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

const during = (user: User, fn: () => Promise<unknown>) =>
  saidDuring(h.client("telegram"), user, fn);

describe("the location step", () => {
  it("asks again for «skip» typed, an address without words and a pin outside Tehran province", async () => {
    const svc = h.app.services.proposals;
    const u = cast.outsider;
    const who = await person(h, CHAIN.outsider);
    const { location, ...rest } = FIELDS_BUT_ATTACHMENTS;
    void location;
    const { draft } = await svc.createDraft(who, "telegram", u.id);
    await svc.saveFields(draft._id, who._id, rest);
    await u.send("🏗 طرح جدید");
    await u.press(/ادامهٔ/);
    await u.waitFor(/محل اجرای طرح/);
    const stored = async () => (await svc.get(draft._id))?.fields.location;

    expect(await during(u, () => u.send("رد شدن"))).toContain(
      "این پرسش پاسخ لازم دارد و نمی‌توان از آن گذشت.",
    );
    expect(await during(u, () => u.send("😀😀😀😀😀"))).toContain("لطفاً با کلمه بنویسید");
    expect(await during(u, () => u.send("۱۲۳۴۵۶"))).toContain("لطفاً با کلمه بنویسید");
    // Paris.
    expect(await during(u, () => u.shareLocation(48.85, 2.35))).toContain(
      "این موقعیت بیرون از استان تهران است.",
    );
    expect(await stored()).toBeUndefined();

    // A pin in Tehran is taken.
    await u.shareLocation(35.73, 51.5);
    await u.waitFor(/مرحلهٔ ۱۰ از ۱۰/);
    expect(await stored()).toEqual({ lat: 35.73, lon: 51.5 });
    await u.send("/cancel");
    await settle();
  });
});

describe("a return comment or a rejection reason", () => {
  const signRequest = (title: string) => (m: { text?: string }) =>
    (m.text ?? "").includes("منتظر امضای شما") && (m.text ?? "").includes(title);

  it("of one emoji, or too short, is asked again; the proposal is returned only with words", async () => {
    const svc = h.app.services.proposals;
    const z = cast.narmakUrban;
    const p = await submitted(h, "طرح برای یادداشت برگشت", cast.proposer.id);
    const req = await z.waitFor(signRequest("طرح برای یادداشت برگشت"));
    await z.press("↩️ برگشت برای اصلاح", { messageId: req.messageId });
    await z.waitFor(/چه چیزی باید اصلاح شود/);
    expect(await during(z, () => z.send("👍"))).toContain("لطفاً با کلمه بنویسید");
    expect(await during(z, () => z.send("نه"))).toContain("دست‌کم ۳ نویسه");
    expect((await svc.get(p._id))?.state).toBe("in_signature");
    await z.send("هزینه دقیق‌تر شود");
    await z.waitFor(/برای اصلاح به پیشنهاددهنده برگشت/);
    expect((await svc.get(p._id))?.lastReturn?.comment).toBe("هزینه دقیق‌تر شود");
  });

  it("recorded from paper by the liaison: one emoji is asked again too", async () => {
    const svc = h.app.services.proposals;
    const title = "طرح برای دلیل رد کاغذی";
    const p = await submitted(h, title, cast.proposer.id);
    for (const signer of [cast.narmakUrban, cast.districtUrban, cast.liaison]) {
      const req = await signer.waitFor(signRequest(title));
      await signer.press("✅ امضا", { messageId: req.messageId });
      await signer.waitFor(/امضای شما روی طرح .* ثبت شد/);
    }
    const ask = await cast.liaison.waitFor(
      (m) => (m.text ?? "").includes("ثبت کنید") && (m.text ?? "").includes(title),
    );
    await cast.liaison.press("⛔ ثبت رد کاغذی", { messageId: ask.messageId });
    await cast.liaison.waitFor(/دلیل او را همان‌طور که نوشته بنویسید/);
    const said = await during(cast.liaison, () => cast.liaison.send("👎"));
    expect(said).toContain("لطفاً با کلمه بنویسید");
    expect(said).not.toMatch(/کاغذی را که این تصمیم روی آن آمده بفرستید/);
    await cast.liaison.send("بودجهٔ امسال تمام شده است");
    await cast.liaison.waitFor(/کاغذی را که این تصمیم روی آن آمده بفرستید/);
    expect((await svc.get(p._id))?.state).toBe("in_signature");
  });
});

describe("the attachments step", () => {
  it("six photos sent at once: five are attached, and the sixth is answered as not attached", async () => {
    const svc = h.app.services.proposals;
    const u = cast.presidium;
    const who = await person(h, CHAIN.presidium);
    const { draft } = await svc.createDraft(who, "telegram", u.id);
    await svc.saveFields(draft._id, who._id, { ...FIELDS_BUT_ATTACHMENTS, title: "شش عکس" });
    await u.send("🏗 طرح جدید");
    await u.press(/ادامهٔ «شش عکس»/);
    await u.waitFor(/حداکثر ۵ مورد/);
    const said = await during(u, async () => {
      for (let i = 0; i < 6; i++) await u.sendPhoto();
    });
    expect(said).toContain("لطفاً طرح را پیش از ارسال");
    expect(said).toContain("این فایل افزوده نشد: طرح ۵ پیوست دارد که بیشترین تعداد است.");
    expect(said).not.toContain("لطفاً یکی از دکمه‌ها را بزنید");
    expect((await svc.get(draft._id))?.fields.attachments).toHaveLength(5);
  });
});

describe("the headquarters form", () => {
  it("has one title row, holding the proposal's title", async () => {
    const p = await submitted(h, "عنوان یکتا برای سند", cast.outsider.id);
    const html = (await h.app.services.proposals.documentHtml(p._id))!;
    const fieldsTable = html.slice(html.indexOf('<table class="fields">'));
    const table = fieldsTable.slice(0, fieldsTable.indexOf("</table>"));
    expect(table.split("<th>عنوان</th>")).toHaveLength(2);
    expect(table.split("عنوان یکتا برای سند")).toHaveLength(2);
  });
});
