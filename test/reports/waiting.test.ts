import { afterAll, beforeAll, expect, it } from "vitest";
import { WAITING_LIST } from "../../src/reports/service.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/** Files `n` reports from the councillor in Narmak (urban services: Zahra's to act on). */
async function file(n: number, from: number) {
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  for (let i = from; i < from + n; i++) {
    await h.app.services.reports.create({
      person,
      platform: "telegram",
      chatId: 7_100_000,
      subject: "urban_services",
      neighborhood: "narmak",
      description: `مورد آزمایشی ${i}: ${"چراغ جدول آسفالت درخت نیمکت".split(" ")[i % 5]} خراب است`,
      photos: [],
      urgency: "normal",
    });
    h.clock.advance(60_000);
  }
}

it("a full list says how many wait in all, so a backlog is never hidden", async () => {
  const owner = await signIn(h.client("telegram"), PEOPLE.narmakUrbanSecretary.phone);
  await file(WAITING_LIST, 0);
  await owner.send("📥 منتظر اقدام من");
  const exact = await owner.waitFor(/منتظر اقدام شما/);
  expect(owner.inlineButtons(exact).flat()).toHaveLength(WAITING_LIST);
  // Exactly a list's worth: nothing more to tell.
  expect(exact.text).not.toContain("منتظر شماست");

  await file(2, WAITING_LIST);
  await owner.send("📥 منتظر اقدام من");
  const longer = await owner.waitFor(/منتظر شماست/);
  expect(longer.text).toContain("۳۲ مورد منتظر شماست؛ ۳۰ مورد قدیمی‌تر اینجاست");
  expect(owner.inlineButtons(longer).flat()).toHaveLength(WAITING_LIST);
});
