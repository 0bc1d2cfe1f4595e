import { performance } from "node:perf_hooks";
import type { SentMessage } from "../src/emulator/types.ts";
import { type Action, type ChatDriver, type Expect, replyKeyboard, text } from "./driver.ts";
import { type BenchLine, clearOfMinuteTick, fmt, median } from "./lib.ts";

/**
 * The proposal form (issue 6), walked field by field. Each prompt is recognised by its
 * Persian text, and answered; the form's first step is the answer to its first question
 * (title), its last step the answer to its last (attachments → the summary).
 */
const PROMPTS: { field: string; re: RegExp; answer: (m: SentMessage, chat: number) => Action }[] = [
  {
    field: "title",
    re: /عنوان طرح را بنویسید/,
    answer: (_m, c) => ({ text: `نورپردازی کوچهٔ ${c}` }),
  },
  {
    field: "neighborhood",
    re: /طرح برای کدام محله است/,
    answer: (m) => ({ press: firstData(m, "n:") }),
  },
  { field: "subject", re: /موضوع طرح کدام است/, answer: () => ({ press: "s:urban_services" }) },
  {
    field: "problem",
    re: /چه مشکلی را حل می‌کند/,
    answer: () => ({ text: "کوچه در شب تاریک است و رفت‌وآمد ساکنان ناامن شده است" }),
  },
  {
    field: "description",
    re: /شرح طرح:/,
    answer: () => ({ text: "نصب ده پایهٔ چراغ خورشیدی در طول کوچه با نگهداری یک‌ساله" }),
  },
  {
    field: "location",
    re: /محل اجرای طرح/,
    answer: () => ({ text: "نارمک، خیابان گلبرگ، کوچهٔ سوم" }),
  },
  {
    field: "beneficiaries",
    re: /چه کسانی از این طرح بهره/,
    answer: () => ({ text: "ساکنان کوچه و دانش‌آموزان مدرسهٔ محله" }),
  },
  { field: "beneficiaries-count", re: /تقریباً چند نفر/, answer: () => ({ text: "۵۰۰" }) },
  { field: "cost", re: /هزینهٔ تخمینی طرح/, answer: () => ({ text: "۲۵۰ میلیون" }) },
  { field: "duration", re: /مدت اجرای طرح چند ماه/, answer: () => ({ text: "۶" }) },
  { field: "attachments", re: /اگر عکس یا فایلی/, answer: () => ({ text: "⏭ رد شدن" }) },
];
const SUMMARY = /لطفاً طرح را پیش از ارسال/;

function firstData(m: SentMessage, prefix: string): string {
  const b = (m.replyMarkup?.inline_keyboard ?? [])
    .flat()
    .find((x) => typeof x.callback_data === "string" && x.callback_data.startsWith(prefix));
  if (!b?.callback_data) throw new Error(`bench: no ${prefix} button on the proposal prompt`);
  return b.callback_data;
}

const anyPrompt: Expect = (m, e) =>
  e.kind === "sent" && [...PROMPTS.map((p) => p.re), SUMMARY].some((re) => re.test(m.text ?? ""));

/**
 * After a question, long enough for the bot to finish what the answers set going, the
 * store's copy of its write-ahead log in the rest that follows a burst included (it comes
 * 50–150 ms after the last write): half the time it fell outside a shorter window.
 */
const AFTER_MS = 400;

/** Waits `ms` (the bot finishing what a step set going before the next is timed). */
const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Walks every chat through the whole form `forms` times, all chats answering the same
 * question together and the next only once every answer is in: what one answer costs the
 * bot (its CPU time, `cpuMs` of its process), apart from queueing. The ratio is the median of
 * the walks' ratios, so a burst of load from elsewhere on the machine spoils one walk, not
 * the comparison. The latencies are logged beside.
 *
 * A timed answer waits for the bot to go quiet before and after it. On a virtual machine
 * whose kernel reports no stolen time, one answer window's CPU time moves by a fifth to a
 * third for the same work, each window apart from the next (the store's calls and garbage
 * collection, timed inside the bot, explained little of it), so only more walks narrow the
 * median: of five it moved 1.0–1.8 between runs of unchanged code, of nine 1.26–1.58. So
 * only the two answers compared are timed in most walks, the answers between them sent at
 * once, which leaves time for nineteen walks; the first `fullWalks` time every answer, for
 * the line showing that the steps between stay level.
 */
export async function runDepth(
  drivers: ChatDriver[],
  cpuMs: () => number,
  log: (line: string) => void,
  forms = 19,
  /** Walks before those measured (JIT, caches: the form's code runs cold the first time). */
  warmUp = 1,
  fullWalks = 3,
): Promise<BenchLine> {
  const firstField = PROMPTS[0]!.field;
  const lastField = PROMPTS.at(-1)!.field;
  const started = performance.now();
  const latency = new Map<string, number[]>();
  /** Per walk, the CPU per answer of each field timed. */
  const walks: Map<string, number>[] = [];
  for (let f = 0; f < warmUp + forms; f++) {
    const measured = f >= warmUp;
    const full = measured && f < warmUp + fullWalks;
    const cpu = new Map<string, number>();
    if (measured) walks.push(cpu);
    await Promise.all(
      drivers.map(async (d) => {
        // Leave whatever the chat was in the middle of (the report walk, the last form).
        await d.step({ text: "/cancel" }, replyKeyboard);
        // With drafts kept from an earlier walk, the bot asks first: a fresh one.
        await d.step({ text: "🏗 طرح جدید" }, text(/عنوان طرح را بنویسید|پیش‌نویس ناتمام دارید/));
        if (!PROMPTS[0]!.re.test(d.last?.text ?? ""))
          await d.step({ press: "p:new" }, text(PROMPTS[0]!.re));
      }),
    );
    /** Whether the last answers sent were timed (and so waited for the bot to go quiet). */
    let settled = false;
    for (let guard = 0; guard < 30; guard++) {
      const prompts = drivers.map((d) => d.last?.text ?? "");
      if (prompts.every((t) => SUMMARY.test(t))) break;
      const p = PROMPTS.find((x) => x.re.test(prompts[0]!));
      if (!p || !prompts.every((t) => p.re.test(t)))
        throw new Error(`bench: the chats are not at one proposal prompt (${prompts[0]})`);
      const answer = () =>
        Promise.all(drivers.map((d, chat) => d.step(p.answer(d.last!, chat), anyPrompt)));
      if (!full && p.field !== firstField && p.field !== lastField) {
        await answer();
        settled = false;
        continue;
      }
      // What the answers before set going (their after-work, the store's log copy) ends first.
      await quiet(settled ? 150 : AFTER_MS + 150);
      await clearOfMinuteTick();
      const c0 = cpuMs();
      const ms = await answer();
      await quiet(AFTER_MS);
      settled = true;
      cpu.set(p.field, (cpuMs() - c0) / drivers.length);
      if (measured) latency.set(p.field, [...(latency.get(p.field) ?? []), ...ms]);
    }
    if (!drivers.every((d) => SUMMARY.test(d.last?.text ?? "")))
      throw new Error("bench: the proposal form never reached its summary");
  }
  const ratios = walks.map((w) => ({
    first: w.get(firstField) ?? Number.NaN,
    last: w.get(lastField) ?? Number.NaN,
  }));
  const mid = [...ratios].sort((a, b) => a.last / a.first - b.last / b.first)[
    Math.floor((ratios.length - 1) / 2)
  ]!;
  const c1 = mid.first;
  const c2 = mid.last;
  // Each field over the walks that timed it: the two compared in all, the rest in the full ones.
  const byField = [...walks[0]!.keys()].map(
    (f) => [f, median(walks.flatMap((w) => w.get(f) ?? []))] as const,
  );
  log(
    `  proposal form, shurayar's CPU per answer by field, all chats answering together (ms; ${firstField} and ${lastField}: median of ${forms} walks, the rest of ${Math.min(fullWalks, forms)}): ${byField.map(([f, v]) => `${f} ${fmt(v, 2)}`).join(", ")}; last/first by walk ${ratios.map((r) => fmt(r.last / r.first, 2)).join(", ")}`,
  );
  log(
    `  proposal form, median latency per field, timed answers (ms): ${[...latency].map(([f, v]) => `${f} ${fmt(median(v), 0)}`).join(", ")}; ${warmUp + forms} walks in ${fmt((performance.now() - started) / 1000, 0)} s`,
  );
  return {
    name: `Conversation depth: proposal form, step 1 (${firstField}) vs last (${lastField})`,
    measured: `${fmt(c1, 2)} ms vs ${fmt(c2, 2)} ms of CPU an answer (${drivers.length} chats, median of ${forms} walks)`,
    ratio: c2 / c1,
    goal: "≤ 1.3",
    pass: c2 / c1 <= 1.3,
    figures: {
      chats: drivers.length,
      forms,
      firstCpuMs: c1,
      lastCpuMs: c2,
      ...Object.fromEntries(byField.map(([f, v]) => [`cpuMs_${f}`, v])),
      ...Object.fromEntries([...latency].map(([f, v]) => [`medianMs_${f}`, median(v)])),
    },
  };
}
