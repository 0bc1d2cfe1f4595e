import { readFile, rm } from "node:fs/promises";
import { type AppHandle, SAMPLE_DISTRICT_DIR, startApp } from "../../src/app.ts";
import type { Clock } from "../../src/clock.ts";
import type { Config } from "../../src/config.ts";
import { importDistrict } from "../../src/district/import.ts";
import type { DistrictDoc } from "../../src/district/schema.ts";
import { EmulatorClient, type User } from "../../src/emulator/client.ts";
import { type Emulator, startEmulator } from "../../src/emulator/server.ts";
import type { BotState } from "../../src/emulator/state.ts";
import type { SentMessage } from "../../src/emulator/types.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import type { OutboxDoc } from "../../src/notify/types.ts";
import type { ReportDoc } from "../../src/reports/types.ts";
import { createRepos, type Repos } from "../../src/repos/index.ts";
import type { AuditDoc, Platform } from "../../src/repos/types.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store } from "../../src/store/port.ts";
import { businessClock, TOKENS, tempDir } from "../helpers/harness.ts";

/** FAULTS=full runs every scenario at the size the issue asks for; otherwise a short version. */
export const FULL = process.env.FAULTS === "full";
export const size = <T>(short: T, full: T): T => (FULL ? full : short);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Generated roster people: councillors of Narmak with phones 0913000NNNN. */
export const generatedPhone = (i: number) => `98913${String(i).padStart(7, "0")}`;
export const generatedPersonId = (i: number) => `d8:${generatedPhone(i)}`;
/** Telegram user ids of generated people (far from the harness's own ids). */
export const generatedUserId = (i: number) => 7_000_000 + i;

/** The urban-services secretary of Narmak: level 0 of every scripted report. */
export const SECRETARY = { personId: "d8:989121000003", userId: 6_999_001 };

/**
 * A store directory with the sample district plus `count` generated councillors, each
 * already linked to a Telegram account (onboarding has its own tests; these scenarios are
 * about what comes after). The Narmak urban-services secretary is linked too, so the
 * routing notifications have somewhere to go.
 */
export async function prepareStoreDir(
  count: number,
  platform: Platform = "telegram",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await tempDir("shurayar-faults-");
  const store = await openEmbeddedStore(dir);
  try {
    await seedRoster(store, count, platform);
    // The bot in a child process runs on the real clock: without quiet hours every routing
    // notification is due at once, so the scenario checks their delivery at any hour.
    await store
      .collection<DistrictDoc>("districts")
      .updateMany({}, { $set: { quietHours: { start: "00:00", end: "00:00" } } });
  } finally {
    await store.close();
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function seedRoster(store: Store, count: number, platform: Platform = "telegram") {
  const repos = await createRepos(store);
  const [districtJson, sample] = await Promise.all([
    readFile(`${SAMPLE_DISTRICT_DIR}/district.json`, "utf8"),
    readFile(`${SAMPLE_DISTRICT_DIR}/people.csv`, "utf8"),
  ]);
  const extra = Array.from(
    { length: count },
    (_, i) => `شورایار آزمایشی ${i},0${generatedPhone(i).slice(2)},narmak,councillor`,
  );
  const peopleCsv = `${sample.trimEnd()}\n${extra.join("\n")}\n`;
  const report = await importDistrict(repos, { districtJson, peopleCsv }, Date.now());
  if (report.people.errors.length > 0)
    throw new Error(`roster import: ${JSON.stringify(report.people.errors)}`);
  const now = Date.now();
  for (let i = 0; i < count; i++)
    await link(repos, platform, generatedUserId(i), generatedPersonId(i), now);
  await link(repos, platform, SECRETARY.userId, SECRETARY.personId, now);
  return repos;
}

async function link(
  repos: Repos,
  platform: Platform,
  userId: number,
  personId: string,
  now: number,
) {
  await repos.identities.link(platform, userId, personId, now);
  await repos.identities.setLang(platform, userId, "fa", now);
}

// ------------------------------------------------------------------ scripted people

const T = {
  menu: "📝 گزارش مشکل",
  subject: "موضوع مشکل چیست؟",
  hood: "مشکل در کدام محله است؟",
  description: "مشکل را در یک پیام متنی شرح دهید",
  location: "محل دقیق را مشخص کنید",
  photos: "اگر عکسی از مشکل دارید",
  urgency: "فوریت مشکل؟",
  summary: "لطفاً گزارش را بررسی کنید",
  filed: "گزارش شما ثبت شد",
  pressButton: "لطفاً یکی از دکمه‌ها را بزنید",
  unknown: "متوجه نشدم",
};
const PROMPTS = [T.subject, T.hood, T.description, T.location, T.photos, T.urgency, T.summary];
/** The bot's "something went wrong / try again" answers. */
const isTrouble = (t: string) => t.includes("موقتاً") || t.includes("مشکلی پیش آمد");

const WORDS = [
  "چراغ",
  "خیابان",
  "جوی",
  "آسفالت",
  "درخت",
  "پیاده‌رو",
  "زباله",
  "نیمکت",
  "پارک",
  "کوچه",
  "پل",
  "تابلو",
  "آب",
  "فاضلاب",
  "گودال",
  "دیوار",
];

/** A description unlike every other one (no duplicate hints between scripted people). */
export function uniqueDescription(i: number): string {
  const words: string[] = [];
  let n = i * 7919 + 13;
  for (let k = 0; k < 8; k++) {
    words.push(WORDS[n % WORDS.length]!);
    n = Math.floor(n / 3) + k * 31 + i;
  }
  return `گزارش شمارهٔ ${i}: ${words.join(" ")} — مورد ${i * 37}`;
}

export interface ScriptOptions {
  /** How long a person waits for an answer before repeating their last input. */
  patienceMs: number;
  /** Give up (and fail) after this long. */
  deadlineMs: number;
  description: string;
  /** Time a person takes to read and answer each message (random up to this). */
  thinkMs?: number;
}

export interface ScriptResult {
  code: string;
  repeats: number;
}

/**
 * A person filing a report the way people do: they read the bot's latest message, answer
 * what it asks, and when nothing comes back within their patience they send their last
 * input again. Returns the tracking code the bot gave them.
 */
export async function fileReportLikeAPerson(user: User, o: ScriptOptions): Promise<ScriptResult> {
  const bot = user.bot;
  const start = Date.now();
  const startSeq = bot.seq;
  let repeats = 0;
  let last: (() => Promise<number>) | undefined;
  let began = false;
  const act = async (fn: () => Promise<number>) => {
    last = fn;
    await fn();
  };
  let acted = true;
  for (;;) {
    if (Date.now() - start > o.deadlineMs)
      throw new Error(
        `person ${user.id} did not finish in ${o.deadlineMs} ms; chat: ${transcript(bot, user.id)}`,
      );
    if (acted || !began) {
      if (!began) {
        began = true;
        await act(() => user.send(T.menu));
      }
      acted = false;
    }
    const reply = await waitNewMessage(bot, user, o.patienceMs);
    if (!reply) {
      // Nothing came: the bot was probably down. Say it again.
      if (last) {
        repeats++;
        await last();
      }
      continue;
    }
    // Let a burst of replies land (and the person read them), then answer the latest one.
    await sleep(30 + Math.random() * (o.thinkMs ?? 0));
    const mine = bot.messagesIn(user.id).filter((m) => m.seq > startSeq);
    // Told it was filed: done (even if a repeated input has since started something else).
    const filed = mine.find((m) => m.text?.includes(T.filed));
    if (filed) {
      const code = /کد پیگیری: (\S+)/.exec(filed.text ?? "")?.[1] ?? "";
      return { code: toLatin(code), repeats };
    }
    if (/^✅ ثبت شد/.test(mine.at(-1)?.text ?? "")) continue; // the urgency question follows
    // The latest message that asks something; re-asks ("press a button", "only photos")
    // send the person back to the question before them.
    const target = [...mine].reverse().find((m) => {
      const t = m.text ?? "";
      return PROMPTS.some((p) => t.includes(p)) || t.includes(T.unknown) || isTrouble(t);
    });
    const t = target?.text ?? "";
    const press = (label: string | RegExp) => {
      const id = target!.messageId;
      return act(() => user.press(label, { messageId: id }).catch(() => user.send(T.menu)));
    };
    if (t.includes(T.subject)) await press("خدمات شهری");
    else if (t.includes(T.hood)) await press(/^✅ همین محله/);
    else if (t.includes(T.urgency)) await press("عادی");
    else if (t.includes(T.summary)) await press("✅ ثبت گزارش");
    else if (t.includes(T.description)) await act(() => user.send(o.description));
    else if (t.includes(T.location) || t.includes(T.photos)) await act(() => user.send("⏭ رد شدن"));
    else if (/^✅ ثبت شد/.test(t))
      continue; // the urgency question follows
    else if (isTrouble(t)) {
      if (last) await last();
    } else await act(() => user.send(T.menu));
    acted = true;
  }
}

/** The proposal form's questions, as a person reads them. */
const P = {
  menu: "🏗 طرح جدید",
  hasDrafts: "پیش‌نویس ناتمام دارید",
  title: "عنوان طرح را بنویسید",
  hood: "طرح برای کدام محله است",
  subject: "موضوع طرح کدام است",
  problem: "چه مشکلی را حل می‌کند",
  description: "شرح طرح:",
  location: "محل اجرای طرح",
  beneficiaries: "چه کسانی از این طرح بهره",
  count: "تقریباً چند نفر",
  cost: "هزینهٔ تخمینی طرح",
  duration: "مدت اجرای طرح چند ماه",
  attachments: "اگر عکس یا فایلی",
  summary: "لطفاً طرح را پیش از ارسال",
  submitted: "برای امضا ارسال شد",
};
const P_PROMPTS = Object.values(P).filter((x) => x !== P.menu && x !== P.submitted);

/**
 * A person fills in the small-project form and submits it, answering whatever the bot asks
 * last (a restart may bring them back to a saved draft, which they continue) and saying it
 * again when no answer comes. Returns the proposal's code.
 */
export async function fileProposalLikeAPerson(
  user: User,
  o: ScriptOptions & { title: string },
): Promise<ScriptResult> {
  const bot = user.bot;
  const start = Date.now();
  const startSeq = bot.seq;
  let repeats = 0;
  let last: (() => Promise<number>) | undefined;
  const act = async (fn: () => Promise<number>) => {
    last = fn;
    await fn();
  };
  await act(() => user.send(P.menu));
  for (;;) {
    if (Date.now() - start > o.deadlineMs)
      throw new Error(
        `person ${user.id} did not submit in ${o.deadlineMs} ms; chat: ${transcript(bot, user.id)}`,
      );
    const reply = await waitNewMessage(bot, user, o.patienceMs);
    if (!reply) {
      if (last) {
        repeats++;
        await last();
      }
      continue;
    }
    await sleep(30 + Math.random() * (o.thinkMs ?? 0));
    const mine = bot.messagesIn(user.id).filter((m) => m.seq > startSeq);
    const submitted = mine.find((m) => m.text?.includes(P.submitted));
    if (submitted) {
      const code = /طرح (\S+) برای امضا/.exec(submitted.text ?? "")?.[1] ?? "";
      return { code: toLatin(code), repeats };
    }
    const target = [...mine].reverse().find((m) => {
      const t = m.text ?? "";
      return P_PROMPTS.some((p) => t.includes(p)) || isTrouble(t);
    });
    const t = target?.text ?? "";
    const press = (label: string | RegExp) => {
      const id = target!.messageId;
      return act(() => user.press(label, { messageId: id }).catch(() => user.send(P.menu)));
    };
    // The summary repeats the fields' labels, so it is recognised first.
    if (t.includes(P.summary)) await press("✅ ارسال برای امضا");
    else if (t.includes(P.hasDrafts)) await press(/^✏️ ادامهٔ/);
    else if (t.includes(P.title)) await act(() => user.send(o.title));
    else if (t.includes(P.hood)) await press("نارمک");
    else if (t.includes(P.subject)) await press("خدمات شهری");
    else if (t.includes(P.problem)) await act(() => user.send("کوچه در شب تاریک و ناامن است"));
    else if (t.includes(P.description)) await act(() => user.send(o.description));
    else if (t.includes(P.location)) await act(() => user.send("نارمک، خیابان گلبرگ"));
    else if (t.includes(P.beneficiaries)) await act(() => user.send("ساکنان کوچه"));
    else if (t.includes(P.count)) await act(() => user.send("۵۰۰"));
    else if (t.includes(P.cost)) await act(() => user.send("۲۵۰ میلیون"));
    else if (t.includes(P.duration)) await act(() => user.send("۶"));
    else if (t.includes(P.attachments)) await act(() => user.send("⏭ رد شدن"));
    else if (isTrouble(t)) {
      if (last) await last();
    } else await act(() => user.send(P.menu));
  }
}

function toLatin(s: string): string {
  return s.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
}

/** Waits for a message the bot sent (or edited) in this chat after the user's last action. */
async function waitNewMessage(bot: BotState, user: User, ms: number): Promise<boolean> {
  const cursor = user.cursor;
  // A new message, or a question turned into the next one (an edit that brings buttons);
  // an edit that only takes buttons away is no answer.
  const has = () =>
    bot.log.some(
      (e) =>
        e.seq > cursor &&
        e.chatId === user.id &&
        (e.kind === "sent" ||
          (e.kind === "edited" && (e.message.replyMarkup?.inline_keyboard?.length ?? 0) > 0)),
    );
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (has()) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(1, until - Date.now()));
      function done() {
        clearTimeout(timer);
        bot.off("change", done);
        resolve();
      }
      bot.on("change", done);
    });
  }
  return has();
}

function _latestWithContent(bot: BotState, chatId: number): SentMessage | undefined {
  return bot.messagesIn(chatId).at(-1);
}

function _latestWithButtons(bot: BotState, chatId: number): SentMessage | undefined {
  return bot
    .messagesIn(chatId)
    .reverse()
    .find((m) => (m.replyMarkup?.inline_keyboard?.length ?? 0) > 0);
}

export function transcript(bot: BotState, chatId: number, lastN = 12): string {
  return bot
    .messagesIn(chatId)
    .slice(-lastN)
    .map((m) => JSON.stringify((m.text ?? m.caption ?? "").slice(0, 60)))
    .join(" | ");
}

// ------------------------------------------------------------------ invariants

export interface InvariantInput {
  store: Store;
  bot: BotState;
  /** Person id → the description they filed (each must exist exactly once). */
  filed: Map<string, string>;
  /** Person id → the code they were told. */
  codes?: Map<string, string>;
  /** Person id → the title of the proposal they submitted (each exactly once, in signature). */
  proposals?: Map<string, string>;
}

export interface InvariantReport {
  reports: number;
  notificationsSent: number;
  /** Not yet due (quiet hours): held, not lost. */
  held: number;
  /** Notifications the emulator received more than once, with their outbox record. */
  duplicates: {
    id: string;
    chatId: number;
    copies: number;
    attempts: OutboxDoc["attemptsLog"];
    /** When each copy reached the chat (emulator clock, unix seconds), first to last. */
    sentAt: number[];
  }[];
}

/**
 * The invariants every scenario ends with, failing loudly:
 * - every report a person confirmed exists exactly once, with exactly one `report.submitted`;
 * - no audit entry was written twice for the same transition of an item;
 * - every notification that became due is `sent`, and the emulator has it.
 * Notifications received twice are counted and returned (a crash between a send and its
 * record is the only allowed cause; callers decide whether any are acceptable).
 */
export async function checkInvariants(
  i: InvariantInput & { now?: number },
): Promise<InvariantReport> {
  const problems: string[] = [];
  const reports = await i.store.collection<ReportDoc>("reports").find({});
  const audit = await i.store.collection<AuditDoc>("audit").find({ itemType: "report" });
  for (const [personId, description] of i.filed) {
    const mine = reports.filter((r) => r.reporterId === personId && r.description === description);
    if (mine.length !== 1)
      problems.push(`${personId}: ${mine.length} reports for one confirmed filing`);
    const code = i.codes?.get(personId);
    if (code !== undefined && mine[0] && mine[0].code !== code)
      problems.push(`${personId}: was told code ${code}, stored ${mine[0].code}`);
  }
  for (const r of reports) {
    const submitted = audit.filter((a) => a.itemId === r._id && a.action === "report.submitted");
    if (submitted.length !== 1)
      problems.push(`report ${r.code}: ${submitted.length} report.submitted audit entries`);
    if ((r._effects?.length ?? 0) > 0) problems.push(`report ${r.code}: effects left unflushed`);
  }
  if (i.proposals?.size) {
    const stored = await i.store
      .collection<{ _id: string; proposerId: string; state: string; fields: { title?: string } }>(
        "proposals",
      )
      .find({});
    const pAudit = await i.store.collection<AuditDoc>("audit").find({ itemType: "proposal" });
    for (const [personId, title] of i.proposals) {
      const mine = stored.filter((p) => p.proposerId === personId && p.fields.title === title);
      if (mine.length !== 1)
        problems.push(`${personId}: ${mine.length} proposals for one submission`);
      else if (mine[0]!.state !== "in_signature")
        problems.push(`${personId}: proposal is ${mine[0]!.state}, not in signature`);
      else {
        const n = pAudit.filter(
          (a) => a.itemId === mine[0]!._id && a.action === "proposal.submitted",
        ).length;
        if (n !== 1) problems.push(`${personId}: ${n} proposal.submitted audit entries`);
      }
    }
  }
  // One transition per press: in these scenarios no item takes the same step twice.
  const steps = new Map<string, number>();
  for (const a of audit) {
    const key = `${a.itemId}|${a.action}|${a.from ?? ""}|${a.to ?? ""}`;
    steps.set(key, (steps.get(key) ?? 0) + 1);
  }
  for (const [key, n] of steps) if (n > 1) problems.push(`audit step recorded ${n} times: ${key}`);

  const outbox = await i.store.collection<OutboxDoc>("outbox").find({});
  const now = i.now ?? Date.now();
  const duplicates: InvariantReport["duplicates"] = [];
  let sent = 0;
  let held = 0;
  for (const doc of outbox) {
    if (doc.state === "cancelled") continue;
    if (doc.state !== "sent") {
      if (doc.state === "pending" && doc.notBefore > now) held++;
      else if (doc.notBefore <= now)
        problems.push(`notification ${doc._id} due but ${doc.state} (${doc.lastError ?? ""})`);
      continue;
    }
    sent++;
    const msg =
      doc.messageId !== undefined
        ? i.bot.findMessage(doc.recipient.chatId, doc.messageId)
        : undefined;
    if (!msg) {
      problems.push(`notification ${doc._id} recorded sent but the emulator never got it`);
      continue;
    }
    const same = i.bot.sent.filter(
      (m) => m.chatId === msg.chatId && m.text === msg.text && m.caption === msg.caption,
    );
    if (same.length > 1)
      duplicates.push({
        id: doc._id,
        chatId: msg.chatId,
        copies: same.length,
        attempts: doc.attemptsLog,
        sentAt: same.map((m) => m.date).sort((a, b) => a - b),
      });
  }
  if (problems.length > 0)
    throw new Error(
      `fault-suite invariants broken (${problems.length}):\n  ${problems.slice(0, 40).join("\n  ")}`,
    );
  return { reports: reports.length, notificationsSent: sent, held, duplicates };
}

/** Waits until nothing is due in the outbox (the dispatcher caught up) or the time runs out. */
export async function outboxDrained(
  store: Store,
  clock: Clock,
  timeoutMs: number,
  /** Also wait for messages in retry backoff (notBefore ahead): right when nothing is held by quiet hours. */
  includeBackoff = false,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const col = store.collection<OutboxDoc>("outbox");
  for (;;) {
    const now = clock.now();
    const left = await col.countDocuments(
      includeBackoff
        ? { state: { $in: ["pending", "sending"] } }
        : { $or: [{ state: "pending", notBefore: { $lte: now } }, { state: "sending" }] },
    );
    if (left === 0) return;
    if (Date.now() > until) return;
    await sleep(200);
  }
}

// ------------------------------------------------------------------ the app in this process

export interface InProcess {
  emulator: Emulator;
  client: EmulatorClient;
  store: EmbeddedStore;
  app: AppHandle;
  clock: Clock;
  stop(): Promise<void>;
}

/** The real app in this process (embedded store, emulator, runner), with a generated roster. */
export async function startInProcess(opts: { people: number }): Promise<InProcess> {
  const emulator = await startEmulator();
  emulator.addBot({ token: TOKENS.telegram, dialect: "telegram" });
  const dir = await tempDir("shurayar-faults-");
  const store = await openEmbeddedStore(dir);
  await seedRoster(store, opts.people);
  const clock = businessClock();
  const config: Config = {
    localMode: false,
    dataDir: dir,
    localPort: 0,
    logLevel: "silent",
    telegram: { token: TOKENS.telegram, apiRoot: emulator.url },
  };
  const log = process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : silentLogger;
  const app = await startApp(config, { log, store, clock, manualScheduler: true });
  return {
    emulator,
    client: new EmulatorClient(emulator, TOKENS.telegram),
    store,
    app,
    clock,
    async stop() {
      await app.stop();
      await store.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `count` scripted people through the report flow at once; returns who filed what. */
export async function crowdFilesReports(
  client: EmulatorClient,
  count: number,
  o: { patienceMs: number; deadlineMs: number; thinkMs?: number; spreadMs?: number },
) {
  const filed = new Map<string, string>();
  const codes = new Map<string, string>();
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep(Math.random() * (o.spreadMs ?? 0));
      const user = client.user({ id: generatedUserId(i), firstName: `P${i}` });
      const description = uniqueDescription(i);
      const r = await fileReportLikeAPerson(user, { ...o, description });
      filed.set(generatedPersonId(i), description);
      codes.set(generatedPersonId(i), r.code);
      return r;
    }),
  );
  return { filed, codes, repeats: results.reduce((s, r) => s + r.repeats, 0) };
}

/**
 * Waits until a chat holds `count` different bot messages, or nothing new arrived there for
 * `stallMs`. Different texts: a notification received twice (a crash between its send and
 * its record) must not stand in for one still on its way.
 */
export async function deliveredTo(
  client: EmulatorClient,
  chatId: number,
  count: number,
  stallMs: number,
): Promise<number> {
  let seen = -1;
  let since = Date.now();
  for (;;) {
    const n = new Set(client.state.messagesIn(chatId).map((m) => m.text ?? m.caption ?? "")).size;
    if (n >= count) return n;
    if (n !== seen) {
      seen = n;
      since = Date.now();
    } else if (Date.now() - since > stallMs) return n;
    await sleep(200);
  }
}
