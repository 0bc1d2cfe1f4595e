import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "./helpers.ts";

const fromPersian = (x: string) =>
  Number(x.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d))));

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const ROUNDS = 10;

it("after many returns with long comments the status view keeps the newest history and says how much older is left out", async () => {
  const svc = h.app.services.proposals;
  const title = "نیمکت‌های پارک گلبرگ";
  const p = await submitted(h, title, cast.proposer.id);
  const zahra = {
    personId: `d8:${CHAIN.narmakUrban}`,
    platform: "telegram" as const,
    userId: cast.narmakUrban.id,
  };
  const proposer = {
    personId: `d8:${CHAIN.proposer}`,
    platform: "telegram" as const,
    userId: cast.proposer.id,
  };
  for (let round = 1; round <= ROUNDS; round++) {
    h.clock.set(h.clock.now() + 10 * 60_000);
    const cur = (await svc.get(p._id))!;
    const note = `اصلاحیه-${round}${round === ROUNDS ? "-آخرین" : ""}: ${"لطفاً برآورد هزینه را دقیق‌تر کنید. ".repeat(25)}`;
    expect((await svc.decide(p._id, zahra, `${cur.revision}.${cur.step}`, "return", note)).ok).toBe(
      true,
    );
    h.clock.set(h.clock.now() + 10 * 60_000);
    if (round < ROUNDS) expect((await svc.submit(p._id, proposer)).ok).toBe(true);
  }
  await cast.proposer.pressCallbackData(`p:open:${p._id}`, cast.proposer.last()!.messageId);
  const status = await cast.proposer.waitFor(/سابقه:/);
  const text = status.text!;
  expect(text.length).toBeLessThanOrEqual(4000);
  // The return now waiting on the proposer is there, and the state above the history too.
  expect(text).toContain(`اصلاحیه-${ROUNDS}-آخرین`);
  expect(text).toContain("وضعیت: برگشت برای اصلاح");
  // The oldest events gave way, and a line says how many: 20 in all (the submission, 9
  // resubmissions, 10 returns) are the ones shown and the ones left out.
  expect(text).not.toContain("اصلاحیه-1:");
  const hidden = text.match(/… (\S+) رویداد قدیمی‌تر نشان داده نشد/);
  expect(hidden).not.toBeNull();
  const history = text.slice(text.indexOf("📜 سابقه:"));
  const shown = history.split("\n").filter((l) => / — (ارسال|برگشت)/.test(l)).length;
  expect(shown).toBeGreaterThan(2);
  expect(fromPersian(hidden![1]!) + shown).toBe(2 * ROUNDS);
});
