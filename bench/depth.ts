import type { SentMessage } from "../src/emulator/types.ts";
import { type Action, type ChatDriver, type Expect, replyKeyboard, text } from "./driver.ts";
import { type BenchLine, fmt, median } from "./lib.ts";

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

/** Walks every chat through one whole form; returns latencies per answered field. */
export async function runDepth(
  drivers: ChatDriver[],
  log: (line: string) => void,
): Promise<BenchLine> {
  const byField = new Map<string, number[]>();
  await Promise.all(
    drivers.map(async (d, chat) => {
      // Leave whatever the chat was in the middle of (the report walk) first.
      await d.step({ text: "/cancel" }, replyKeyboard);
      await d.step({ text: "🏗 طرح جدید" }, text(/عنوان طرح را بنویسید/));
      for (let guard = 0; guard < 30; guard++) {
        const prompt = d.last?.text ?? "";
        if (SUMMARY.test(prompt)) return;
        const p = PROMPTS.find((x) => x.re.test(prompt));
        if (!p) throw new Error(`bench: unknown proposal prompt ${JSON.stringify(prompt)}`);
        const ms = await d.step(p.answer(d.last!, chat), anyPrompt);
        const list = byField.get(p.field) ?? [];
        list.push(ms);
        byField.set(p.field, list);
      }
      throw new Error("bench: the proposal form never reached its summary");
    }),
  );
  const first = byField.get(PROMPTS[0]!.field) ?? [];
  const lastField = PROMPTS.at(-1)!.field;
  const last = byField.get(lastField) ?? [];
  const m1 = median(first);
  const m2 = median(last);
  log(
    `  proposal form, median per field (ms): ${[...byField].map(([f, v]) => `${f} ${fmt(median(v), 0)}`).join(", ")}`,
  );
  return {
    name: `Conversation depth: proposal form, step 1 (title) vs last (${lastField})`,
    measured: `${fmt(m1)} ms vs ${fmt(m2)} ms (median, ${drivers.length} chats)`,
    ratio: m2 / m1,
    goal: "≤ 1.3",
    pass: m2 / m1 <= 1.3,
    figures: {
      chats: drivers.length,
      firstMs: m1,
      lastMs: m2,
      ...Object.fromEntries([...byField].map(([f, v]) => [`median_${f}`, median(v)])),
    },
  };
}
