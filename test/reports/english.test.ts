import { afterAll, beforeAll, expect, it } from "vitest";
import { fileReportInEnglish, persianLines } from "../helpers/english.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("the whole report path in English: no Persian but people's names reaches either person", async () => {
  const client = h.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone, { lang: "en" });
  const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });

  const code = await fileReportInEnglish(reporter);
  expect(code).toMatch(/^8-1405-\d{5}$/);

  const card = await owner.waitFor(/A new report for your action/);
  expect(card.text).toContain("Urban services");
  await owner.press("✅ Acknowledge", { messageId: card.messageId });
  await reporter.waitFor(`Report ${code} was acknowledged by its owner.`);
  await owner.press("↪️ Refer to municipality", { messageId: card.messageId });
  await owner.press("Deputy for Urban Services and Environment");
  await owner.waitFor(/Write a short note/);
  await owner.send("Agreed with the lighting contractor");
  await reporter.waitFor(/referred to the municipality: Deputy for Urban Services/);
  await owner.press("✔️ Resolved", { messageId: card.messageId });
  await owner.waitFor(/explanation/);
  await owner.send("The lamps were replaced");
  const resolved = await reporter.waitFor(/Is it really fixed/);
  await reporter.press("✅ Yes, it's fixed", { messageId: resolved.messageId });
  await reporter.waitFor(/closed/);

  const report = await h.app.services.reports.byCode("d8", code);
  expect(report?.state).toBe("closed");
  expect(persianLines(h, reporter.id)).toEqual([]);
  expect(persianLines(h, owner.id)).toEqual([]);
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
