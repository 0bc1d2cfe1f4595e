import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import type { SentMessage } from "../../src/emulator/types.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

/** The roster's names: Persian data, rightly shown as they are in any language. */
const rosterNames = readFileSync(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8")
  .split("\n")
  .slice(1)
  .map((line) => line.split(",")[0]!.trim())
  .filter(Boolean);

/** What a message shows: its text and every button's label. */
function shown(m: SentMessage): string {
  const inline = (m.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.text);
  const reply =
    m.replyMarkup && "keyboard" in m.replyMarkup
      ? (m.replyMarkup.keyboard as { text: string }[][]).flat().map((b) => b.text)
      : [];
  return [m.text ?? m.caption ?? "", ...inline, ...reply].join("\n");
}

/**
 * Lines with Persian letters in everything the bot showed this chat — each message as sent
 * and after every edit (a question that turned into the next one included) — once the
 * roster's names and the bilingual labels are taken out: the language picker, which asks in
 * both languages, and the language switch, kept in both so a wrong pick can be undone.
 */
function persianLines(chatId: number): string[] {
  const events = h.client("telegram").state.log.filter((e) => e.chatId === chatId);
  const picker = events[0]?.messageId;
  const bilingual = [h.app.bots[0]!.deps.i18n.t("en", "menu-language")];
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === "deleted" || e.messageId === picker) continue;
    let text = shown(e.message);
    for (const data of [...rosterNames, ...bilingual]) text = text.replaceAll(data, "");
    for (const line of text.split("\n")) if (/[\u0600-\u06FF]/.test(line)) out.push(line);
  }
  return out;
}

it("the whole report path in English: no Persian but people's names reaches either person", async () => {
  const client = h.client("telegram");
  const reporter = await signIn(client, PEOPLE.councillor.phone, { lang: "en" });
  const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });

  await reporter.send("📝 Report a problem");
  await reporter.press("Urban services");
  await reporter.press(/^✅ This one/);
  await reporter.waitFor(/Describe the problem/);
  await reporter.send("The street lights of Golbarg West have been out for three nights");
  await reporter.waitFor(/Where exactly/);
  await reporter.send("⏭ Skip");
  await reporter.waitFor(/photos/);
  await reporter.send("⏭ Skip");
  await reporter.press("Normal");
  await reporter.waitFor(/Please check your report/);
  await reporter.press("✅ File the report");
  const filed = await reporter.waitFor(/Your report is filed/);
  const code = /Tracking code: (\S+)/.exec(filed.text ?? "")?.[1] ?? "";
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
  expect(persianLines(reporter.id)).toEqual([]);
  expect(persianLines(owner.id)).toEqual([]);
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
