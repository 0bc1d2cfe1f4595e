import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

let h: Harness;
let districtJson: string;
let peopleCsv: string;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
});
afterAll(async () => {
  await h?.stop();
});
// Each scenario changes the roster; the next one starts from the sample again.
afterEach(async () => {
  await reimport(peopleCsv);
  await h.app.services.scheduler.tick();
});

const HOSSEIN = "989121000004";
const ZAHRA_ROW =
  "زهرا کریمی,+989121000003,narmak,councillor;wg_secretary:urban_services;wg_member:environment";
const HOSSEIN_ROW =
  "حسین موسوی,00989121000004,narmak,councillor;wg_secretary:environment;wg_member:urban_services";

/** What an operator's district:import does, with this process's roster caches told. */
async function reimport(csv: string) {
  const r = await importDistrict(h.repos, { districtJson, peopleCsv: csv }, h.clock.now());
  for (const b of h.app.bots) b.deps.repos.people.invalidate();
  return r;
}

describe("the roster moves a role while a report waits", () => {
  it("the former secretary is refused on the old card; the new one can act at once, is handed the report and sees it waiting", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const zahra = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const hossein = await signIn(client, HOSSEIN);
    const { code, id } = await fileReport(h, reporter, {
      description: "آسفالت کوچه بهار کاملاً تخریب شده است",
    });
    const card = await zahra.waitFor(new RegExp(`گزارش ${fa(code)}`));

    // Narmak's urban-services working group passes from Zahra to Hossein.
    const r = await reimport(
      peopleCsv
        .replace(ZAHRA_ROW, "زهرا کریمی,+989121000003,narmak,councillor;wg_member:environment")
        .replace(
          HOSSEIN_ROW,
          HOSSEIN_ROW.replace("wg_member:urban_services", "wg_secretary:urban_services"),
        ),
    );
    expect(r.people.updated).toBe(2);

    const press = await zahra.press("✅ دریافت شد", { messageId: card.messageId });
    const refused = await zahra.expectCallbackAnswered(press);
    expect(refused.text).toMatch(/شما دیگر دبیر کارگروه محله این گزارش نیستید/);
    expect(refused.showAlert).toBe(true);
    expect((await h.app.services.reports.get(id))?.state).toBe("submitted");

    // Before any handover, the roster already lets Hossein act: his card has the buttons.
    await hossein.send(`/track ${code}`);
    const tracked = await hossein.waitFor(new RegExp(`گزارش ${fa(code)}`));
    expect(
      hossein
        .inlineButtons(tracked)
        .flat()
        .map((b) => b.text),
    ).toContain("✅ دریافت شد");

    // The next sweep hands the report over: recorded, and Hossein is told.
    await h.app.services.scheduler.tick();
    const handed = await h.app.services.reports.get(id);
    expect(handed?.owners).toEqual([`d8:${HOSSEIN}`]);
    const history = await h.app.services.reports.history(id);
    expect(history.at(-1)).toMatchObject({
      action: "report.reassigned",
      actor: { system: "roster" },
      data: { fromOwners: [`d8:${PEOPLE.narmakUrbanSecretary.phone}`], owners: [`d8:${HOSSEIN}`] },
    });
    const told = await hossein.waitFor(/با به‌روزشدن فهرست اعضا، این گزارش اکنون با شماست/);
    expect(told.text).toContain(fa(code));
    // The handover reads as words on the card's history, naming the step it stays at.
    await hossein.send(`/track ${code}`);
    const card2 = await hossein.waitFor(/📜 سابقه:/);
    expect(card2.text).not.toContain("{");
    expect(card2.text?.split("\n").at(-1)).toMatch(
      /سپرده به مسئول تازه \(به‌روزشدن فهرست اعضا\) \(سامانه\): همچنان نزد دبیر کارگروه محله، با کسی که اکنون این نقش را دارد$/,
    );
    // Once: another sweep on the same roster changes nothing.
    await h.app.services.scheduler.tick();
    expect((await h.app.services.reports.history(id)).length).toBe(history.length);

    await hossein.send("📥 منتظر اقدام من");
    const waiting = await hossein.waitFor(/منتظر اقدام شما/);
    expect(
      hossein
        .inlineButtons(waiting)
        .flat()
        .map((b) => b.text)
        .join("\n"),
    ).toContain(fa(code));
    const former = (await h.repos.people.get(`d8:${PEOPLE.narmakUrbanSecretary.phone}`))!;
    expect(await h.app.services.reports.countWaiting(former)).toBe(0);

    await hossein.press("✅ دریافت شد", { messageId: told.messageId });
    await reporter.waitFor(new RegExp(`گزارش ${fa(code)} توسط مسئول دریافت شد`));
    expect((await h.app.services.reports.get(id))?.state).toBe("acknowledged");
  });
});

describe("an owner the roster switches off", () => {
  it("is told nothing more, and a reopened report goes to whoever holds the step now", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const zahra = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const ali = await signIn(client, PEOPLE.narmakSecretary.phone);
    const { code, id } = await fileReport(h, reporter, {
      description: "جدول کنار خیابان دهقان شکسته و خطرناک است",
    });
    const card = await zahra.waitFor(new RegExp(`گزارش ${fa(code)}`));
    await zahra.press("✔️ رفع شد", { messageId: card.messageId });
    await zahra.waitFor(/توضیح بنویسید/);
    await zahra.send("تعمیر شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    // Her own press is fully answered (the receipt, her card's buttons) before she leaves:
    // what comes after the mark below must be the bot's doing about the reopened report.
    await client.idle({ quietMs: 300 });

    // Zahra leaves the council: her row is gone from people.csv.
    const r = await reimport(
      peopleCsv
        .split("\n")
        .filter((l) => l !== ZAHRA_ROW)
        .join("\n"),
    );
    expect(r.people.deactivated).toBe(1);
    const mark = client.state.seq;
    const outboxFor = (chatId: number) =>
      h.store
        .collection<{ _id: string; recipient: { chatId: number } }>("outbox")
        .countDocuments({ "recipient.chatId": chatId });
    const before = await outboxFor(zahra.id);
    await reporter.press("❌ نه، رفع نشده", { messageId: ask.messageId });
    await reporter.waitFor(/دوباره باز شد/);

    // Narmak has no urban-services secretary now: the neighbourhood secretary holds the step.
    const reopened = await ali.waitFor(/گزارش‌دهنده اعلام کرد مشکل رفع نشده/);
    expect(reopened.text).toContain(fa(code));
    const report = await h.app.services.reports.get(id);
    expect(report).toMatchObject({
      state: "reopened",
      owners: [`d8:${PEOPLE.narmakSecretary.phone}`],
    });
    const last = (await h.app.services.reports.history(id)).at(-1);
    expect(last).toMatchObject({ action: "report.reopened", data: { owners: report?.owners } });
    // Nothing was even queued for her.
    expect(await outboxFor(zahra.id)).toBe(before);
    await client.idle({ quietMs: 300 });
    expect(client.state.log.filter((e) => e.chatId === zahra.id && e.seq > mark)).toEqual([]);
  });

  it("hears nothing of a report closed after they left: nothing is even queued for them", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const zahra = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const { code } = await fileReport(h, reporter, {
      description: "چاله بزرگ جلوی مدرسه خیابان گلبرگ",
    });
    const card = await zahra.waitFor(new RegExp(`گزارش ${fa(code)}`));
    await zahra.press("✔️ رفع شد", { messageId: card.messageId });
    await zahra.waitFor(/توضیح بنویسید/);
    await zahra.send("پر شد");
    const ask = await reporter.waitFor(new RegExp(`${fa(code)}[\\s\\S]*آیا مشکل واقعاً رفع شده`));
    await reimport(
      peopleCsv
        .split("\n")
        .filter((l) => l !== ZAHRA_ROW)
        .join("\n"),
    );
    const outbox = h.store.collection<{ _id: string; recipient: { chatId: number } }>("outbox");
    const before = await outbox.countDocuments({ "recipient.chatId": zahra.id });
    await reporter.press("✅ بله، رفع شد", { messageId: ask.messageId });
    await reporter.waitFor(/بسته شد/);
    await client.idle({ quietMs: 200 });
    expect(await outbox.countDocuments({ "recipient.chatId": zahra.id })).toBe(before);
  });

  it("a message queued for them before they were switched off is not sent", async () => {
    const client = h.client("telegram");
    const zahra = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const ali = await signIn(client, PEOPLE.narmakSecretary.phone);
    await reimport(
      peopleCsv
        .split("\n")
        .filter((l) => l !== ZAHRA_ROW)
        .join("\n"),
    );
    const mark = client.state.seq;
    // As a transition made before the import would have left them in the outbox.
    const queued = (personId: string, chatId: number) => ({
      _id: `test:queued:${chatId}`,
      recipient: { platform: "telegram" as const, chatId, personId },
      kind: "report.moved",
      data: { code: "8-1405-00999", step: "presidium", reportId: "r-queued" },
    });
    await h.app.services.outbox.enqueue([
      queued(`d8:${PEOPLE.narmakUrbanSecretary.phone}`, zahra.id),
      queued(`d8:${PEOPLE.narmakSecretary.phone}`, ali.id),
    ]);
    await ali.waitFor(/۸-۱۴۰۵-۰۰۹۹۹/);
    await client.idle({ quietMs: 300 });
    expect(client.state.log.filter((e) => e.chatId === zahra.id && e.seq > mark)).toEqual([]);
    const doc = await h.store
      .collection<{ _id: string; state: string }>("outbox")
      .findOne({ _id: `test:queued:${zahra.id}` });
    expect(doc?.state).toBe("cancelled");
  });
});
