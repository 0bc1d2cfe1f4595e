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

const DAY = 86_400_000;

it("help, profile, lists, a question to the reporter, escalation and statistics read in English", async () => {
  const client = h.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone, { lang: "en" });
  const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });
  const next = await signIn(client, PEOPLE.districtUrbanSecretary.phone, { lang: "en" });
  const presidium = await signIn(client, PEOPLE.presidium.phone, { lang: "en" });

  await reporter.send("❓ Help");
  await reporter.waitFor(/This bot helps Tehran's neighbourhood councillors/);
  await reporter.send("👤 My profile");
  await reporter.waitFor(new RegExp(`👤 ${PEOPLE.councillor.name}`));

  const code = await fileReportInEnglish(reporter);
  const card = await owner.waitFor(/A new report for your action/);
  await owner.press("❓ Ask the reporter", { messageId: card.messageId });
  await owner.waitFor(/Type your question for the reporter/);
  await owner.send("Which lamp posts exactly?");
  const question = await reporter.waitFor(/The owner asks about report/);
  await reporter.press("✍️ Answer", { messageId: question.messageId });
  await reporter.waitFor(/Type your answer/);
  await reporter.send("The three by the bakery");
  await owner.waitFor(/The reporter's answer on/);

  await reporter.send(`/track ${code}`);
  await reporter.waitFor(new RegExp(`Report ${code}`));
  await reporter.send("📋 My reports");
  await reporter.waitFor(/Your reports \(newest first\)/);
  await owner.send("📥 Waiting for me");
  await owner.waitFor(/Waiting for your action \(oldest first\)/);

  // Two working days to acknowledge; five calendar days on, the sweep moves it one rung up.
  h.clock.advance(5 * DAY);
  await h.app.services.scheduler.tick();
  await next.waitFor(/passed and this report came to you/);
  await reporter.waitFor(new RegExp(`The deadline for report ${code} passed`));
  await owner.waitFor(new RegExp(`The deadline of report ${code} passed`));

  await presidium.send("📊 Statistics");
  await presidium.press("This month");
  const stats = await presidium.waitFor(/Report statistics/);
  expect(stats.text).toContain("Reports filed: 1");
  await presidium.press("📥 Export reports (CSV)", { messageId: stats.messageId });
  const csv = await presidium.waitFor((m) => Boolean(m.document));
  expect(csv.caption).toContain("Your export is ready: 1 row.");

  for (const who of [reporter, owner, next, presidium])
    expect({ who: who.id, persian: persianLines(h, who.id) }).toEqual({ who: who.id, persian: [] });
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
