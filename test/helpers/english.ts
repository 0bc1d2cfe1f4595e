import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import type { User } from "../../src/emulator/client.ts";
import type { SentMessage } from "../../src/emulator/types.ts";
import type { Harness } from "./harness.ts";

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
 * Lines with Persian letters in everything the bot showed a chat — each message as sent and
 * after every edit (a question that turned into the next one included) — once the roster's
 * names and the bilingual labels are taken out: the language picker, which asks in both
 * languages, and the language switch, kept in both so a wrong pick can be undone. For
 * people who chose English, this must come out empty.
 */
export function persianLines(h: Harness, chatId: number): string[] {
  const events = h.client().state.log.filter((e) => e.chatId === chatId);
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

/** Files a report through the English form (urban services, own neighbourhood); its code. */
export async function fileReportInEnglish(
  user: User,
  description = "The street lights of Golbarg West have been out for three nights",
): Promise<string> {
  await user.send("📝 Report a problem");
  await user.press("Urban services");
  await user.press(/^✅ This one/);
  await user.waitFor(/Describe the problem/);
  await user.send(description);
  await user.waitFor(/Where exactly/);
  await user.send("⏭ Skip");
  await user.waitFor(/photos/);
  await user.send("⏭ Skip");
  await user.press("Normal");
  await user.waitFor(/Please check your report/);
  await user.press("✅ File the report");
  const filed = await user.waitFor(/Your report is filed/);
  return /Tracking code: (\S+)/.exec(filed.text ?? "")?.[1] ?? "";
}
