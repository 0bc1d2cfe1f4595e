import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("the waiting list counts days on Tehran's calendar: filed late last night is a day old after midnight", async () => {
  const owner = await signIn(h.client("telegram"), PEOPLE.narmakUrbanSecretary.phone);
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 10, hour: 23, minute: 30 }));
  await h.app.services.reports.create({
    person,
    platform: "telegram",
    chatId: 7_200_000,
    subject: "urban_services",
    neighborhood: "narmak",
    description: "چراغ کوچهٔ بنفشه از دیشب خاموش است",
    photos: [],
    urgency: "normal",
  });
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 10, hour: 23, minute: 50 }));
  await owner.send("📥 منتظر اقدام من");
  const tonight = await owner.waitFor(/منتظر اقدام شما/);
  expect(
    owner
      .inlineButtons(tonight)
      .flat()
      .map((b) => b.text)
      .join(" "),
  ).toContain("امروز");

  // Fifty minutes later, but the next day.
  h.clock.set(jalaliToUtc({ jy: 1405, jm: 9, jd: 11, hour: 0, minute: 20 }));
  await owner.send("📥 منتظر اقدام من");
  const after = await owner.waitFor((m) => m !== tonight && /منتظر اقدام شما/.test(m.text ?? ""));
  const label = owner
    .inlineButtons(after)
    .flat()
    .map((b) => b.text)
    .join(" ");
  expect(label).toContain("۱ روز");
  expect(label).not.toContain("امروز");
});
