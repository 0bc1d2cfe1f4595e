import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "./helpers.ts";

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

/** Signs the three steps before the planning deputy's; returns the liaison's paper request. */
async function toTheDeputy(title: string) {
  const p = await submitted(h, title, cast.proposer.id);
  for (const signer of [cast.narmakUrban, cast.districtUrban, cast.liaison]) {
    const req = await signer.waitFor(signRequest(title));
    await signer.press("✅ امضا", { messageId: req.messageId });
    await signer.waitFor(/امضای شما روی طرح .* ثبت شد/);
  }
  const ask = await cast.liaison.waitFor(
    (m) => (m.text ?? "").includes("ثبت کنید") && (m.text ?? "").includes(title),
  );
  return { p, ask };
}

it("the liaison records a deputy's return made on paper: the comment as written, the paper, the record says so", async () => {
  const svc = h.app.services.proposals;
  const { p, ask } = await toTheDeputy("آب‌نمای بوستان گلبرگ");
  await cast.liaison.press("↩️ ثبت برگشت کاغذی", { messageId: ask.messageId });
  await cast.liaison.waitFor(/روی کاغذ برای اصلاح برگردانده است/);
  const comment = "برآورد هزینه با سه استعلام قیمت پیوست شود.";
  await cast.liaison.send(comment);
  await cast.liaison.waitFor(/کاغذی را که این تصمیم روی آن آمده بفرستید/);
  // Text is not the paper.
  await cast.liaison.send("برگشت خورد");
  await cast.liaison.waitFor(/لطفاً عکس یا فایل کاغذی را/);
  expect((await svc.get(p._id))?.state).toBe("in_signature");
  await cast.liaison.sendPhoto();
  await cast.liaison.waitFor(/برگشت کاغذی طرح .* ثبت شد/);

  const after = await svc.get(p._id);
  expect(after?.state).toBe("returned");
  expect(after?.lastReturn).toMatchObject({
    by: `d8:${CHAIN.planning}`,
    recordedBy: `d8:${CHAIN.liaison}`,
    comment,
    step: 3,
  });
  const audit = (await svc.history(p._id)).at(-1)!;
  expect(audit.action).toBe("proposal.returned");
  expect(audit.actor.personId).toBe(`d8:${CHAIN.liaison}`);
  expect(audit.data).toMatchObject({
    via: "paper",
    recordedBy: `d8:${CHAIN.liaison}`,
    onBehalfOf: `d8:${CHAIN.planning}`,
  });
  expect(audit.data?.evidence).toBeTruthy();
  const told = await cast.proposer.waitFor(/آب‌نمای بوستان گلبرگ.*برای اصلاح برگرداند/s);
  expect(told.text).toContain("شهرام عباسی");
  expect(told.text).toContain("روی کاغذ، ثبت توسط نسرین اکبری");
  expect(told.text).toContain(comment);

  // The status names it as a paper record.
  await cast.proposer.pressCallbackData(`p:open:${p._id}`, told.messageId);
  const status = await cast.proposer.waitFor(/📜 سابقه|سابقه:/);
  expect(status.text).toContain("برگشت برای اصلاح روی کاغذ (ثبت توسط رابط)");
});

it("a rejection on paper, and an old or forged press records nothing", async () => {
  const svc = h.app.services.proposals;
  const { p, ask } = await toTheDeputy("سرویس بهداشتی پارک نارمک");
  // Someone other than the liaison presses it: refused.
  const forged = await cast.outsider.pressCallbackData(
    `p:prej:${p._id}:1.3`,
    cast.outsider.last()!.messageId,
  );
  const refused = await cast.outsider.expectCallbackAnswered(forged);
  expect(refused.text).toBeTruthy();
  expect((await svc.get(p._id))?.state).toBe("in_signature");

  await cast.liaison.press("⛔ ثبت رد کاغذی", { messageId: ask.messageId });
  await cast.liaison.waitFor(/روی کاغذ رد کرده است/);
  await cast.liaison.send("زمین متعلق به شهرداری نیست.");
  await cast.liaison.waitFor(/کاغذی را که این تصمیم روی آن آمده بفرستید/);
  await cast.liaison.sendDocument("letter.pdf", Buffer.from("%PDF-1.4 letter"));
  await cast.liaison.waitFor(/رد کاغذی طرح .* ثبت شد/);
  const after = await svc.get(p._id);
  expect(after?.state).toBe("rejected");
  expect(after?.rejection).toMatchObject({
    by: `d8:${CHAIN.planning}`,
    recordedBy: `d8:${CHAIN.liaison}`,
    reason: "زمین متعلق به شهرداری نیست.",
  });
  await cast.proposer.waitFor(/سرویس بهداشتی پارک نارمک.*رد کرد.*روی کاغذ، ثبت توسط نسرین اکبری/s);

  // The same button again: the proposal has moved on, nothing more is recorded.
  const again = await cast.liaison.pressCallbackData(`p:pret:${p._id}:1.3`, ask.messageId);
  const answer = await cast.liaison.expectCallbackAnswered(again);
  expect(answer.text).toContain("دیگر معتبر نیست");
  expect((await svc.get(p._id))?.state).toBe("rejected");
  expect((await svc.history(p._id)).filter((a) => a.action === "proposal.rejected")).toHaveLength(
    1,
  );
});
