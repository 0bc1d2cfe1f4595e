import { type Context, type InlineKeyboard, Keyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import type { DistrictDoc } from "../src/district/schema.ts";
import { localizeDigits } from "../src/domain/digits.ts";
import { normalizeText, sanitizeDisplayText, visibleLength } from "../src/domain/text.ts";
import {
  JALALI_MONTHS,
  type JalaliDate,
  missingJalaliDay,
  parseJalaliDate,
  typedGregorianYear,
} from "../src/domain/time.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";

export interface Who {
  person: PersonDoc;
  district: DistrictDoc;
}

/**
 * The active roster person behind this chat and their district, read once through
 * `external`. The replay log, written back on every step, keeps the person and only the
 * district's id: the district (several KB of names and ladders) comes back from the
 * districts cache when the conversation is replayed.
 */
export async function whoIsTalking(
  conversation: Conv,
  deps: AppDeps,
  userId: number,
): Promise<Who | null> {
  return conversation.external({
    task: async (): Promise<Who | null> => {
      const identity = await deps.repos.identities.get(deps.platform, userId);
      const person = identity?.personId ? await deps.repos.people.get(identity.personId) : null;
      const district = person ? await deps.repos.districts.get(person.districtId) : null;
      return person?.active && district ? { person, district } : null;
    },
    beforeStore: (who) => (who ? { person: who.person, districtId: who.district._id } : null),
    afterLoad: async (stored: { person: PersonDoc; districtId: string } | null) => {
      if (!stored) return null;
      const district = await deps.repos.districts.get(stored.districtId);
      return district ? { person: stored.person, district } : null;
    },
  });
}

/** A typed Jalali date, unless its year reads as Gregorian (see dateProblemText). */
export function typedJalaliDate(text: string): JalaliDate | null {
  return typedGregorianYear(text) ? null : parseJalaliDate(text);
}

/**
 * For a typed date that is nearly one, what to say instead of "not understood": a day past
 * its month's end (30 Esfand in a common year) gets how many days that month has that
 * year; a Gregorian date, that a Jalali one is asked for. Null otherwise.
 */
export function dateProblemText(ctx: ConvContext, text: string, lang: Lang): string | null {
  if (typedGregorianYear(text)) return ctx.t("date-gregorian");
  const d = missingJalaliDay(text);
  if (!d) return null;
  const n = (x: number) => localizeDigits(String(x), lang);
  return ctx.t("date-no-such-day", {
    month: JALALI_MONTHS[lang][d.jm - 1]!,
    year: n(d.jy),
    days: n(d.days),
    day: n(d.jd),
  });
}

/** What a step returns when the person cancels (button, typed label; /cancel is global). */
export const CANCELLED = Symbol("cancelled");
export type Cancelled = typeof CANCELLED;

/** Cancel: its button, or its word typed by hand («انصراف», "cancel"), in either language. */
export function isCancelText(deps: AppDeps, text: string | undefined): boolean {
  return isTypedLabel(deps, "button-cancel", text);
}

/** A button's label without its emoji («✖️ انصراف» → «انصراف», "⏭ Skip" → "skip"). */
const bareLabel = (label: string) => normalizeText(label.replace(/[^\p{L}\p{N}\s]/gu, ""));

/** The text is this label, or its words typed by hand. */
function matchesLabel(label: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (text === label) return true;
  const typed = normalizeText(text);
  return typed !== "" && bareLabel(label) === typed;
}

/** The button's label, or its words typed by hand, in either language. */
export function isTypedLabel(deps: AppDeps, key: string, text: string | undefined): boolean {
  return (["fa", "en"] as const).some((l) => matchesLabel(deps.i18n.t(l, key), text));
}

/**
 * A text's length against a limit: characters as people see them, or UTF-16 units as
 * Telegram counts a message, whichever is more — 2,000 emoji are 4,000 units, and every
 * message that quotes the text must still fit.
 */
export function sentLength(text: string): number {
  return Math.max(visibleLength(text), text.trim().length);
}

/** Adds the Cancel row every inline step offers. */
export function withCancel(kb: InlineKeyboard, ctx: ConvContext): InlineKeyboard {
  // A copy: a question asked again must not gain a Cancel row each time.
  return kb.clone().row().text(ctx.t("button-cancel"), "x:cancel");
}

export function cancelKeyboard(ctx: ConvContext, extra: string[] = []): Keyboard {
  const kb = new Keyboard();
  for (const label of extra) kb.text(label).row();
  return kb.text(ctx.t("button-cancel")).resized();
}

/** What kind of non-text message this is, for a precise re-ask. */
export function messageKind(ctx: ConvContext): string {
  const m = ctx.message;
  if (!m) return "other";
  if (m.sticker) return "sticker";
  if (m.voice || m.audio || m.video_note) return "voice";
  if (m.photo) return "photo";
  if (m.document || m.video || m.animation) return "document";
  return "other";
}

/**
 * Updates that are not a form's business even while one waits: buttons of notifications
 * (`r:…`, `p:…`, `m:…`, `st:…`), the language buttons (`lang:…`) and commands pass on to
 * the bot's other handlers, and the form keeps waiting where it was — unless what passes
 * is a main-menu button, whose handler leaves the form first.
 */
export function passesThrough(ctx: Context): boolean {
  const data = ctx.callbackQuery?.data;
  const text = ctx.message?.text;
  return Boolean(
    data?.startsWith("r:") ||
      data?.startsWith("p:") ||
      data?.startsWith("m:") ||
      data?.startsWith("st:") ||
      data?.startsWith("lang:") ||
      (text?.startsWith("/") && ctx.message?.entities?.[0]?.type === "bot_command") ||
      // A main-menu button: the menu leaves the form and does what was pressed.
      (ctx as ConvContext).menuLabel === true,
  );
}

/** The next update for a conversation; see `passesThrough` for those it lets by. */
export async function waitNext(conversation: Conv): Promise<ConvContext> {
  const next = await conversation.wait();
  if (passesThrough(next)) await conversation.skip({ next: true });
  return next;
}

/**
 * Shows a choice as inline buttons and waits for a press whose data `accept` takes.
 * Text, stickers and presses of old buttons get a polite re-ask (or what `otherwise` says
 * of a message, when it has something more to the point); Cancel ends the flow.
 */
export async function choose(
  conversation: Conv,
  ctx: ConvContext,
  text: string,
  keyboard: InlineKeyboard,
  accept: (data: string) => boolean,
  otherwise?: (next: ConvContext) => string | undefined,
): Promise<{ data: string; ctx: ConvContext } | Cancelled> {
  let prompt = await ctx.reply(text, { reply_markup: withCancel(keyboard, ctx) });
  for (;;) {
    const next = await waitNext(conversation);
    const data = next.callbackQuery?.data;
    if (data !== undefined) {
      await next.answerCallbackQuery();
      if (data === "x:cancel") return CANCELLED;
      if (next.callbackQuery?.message?.message_id === prompt.message_id && accept(data)) {
        // Bale may answer edits with a stub: the result is never used.
        await next.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
        return { data, ctx: next };
      }
      // A button of an earlier message: the question is asked again with its buttons, so
      // someone whose copy went missing can always go on.
      await next.reply(next.t("report-press-a-button"));
      prompt = await next.reply(text, { reply_markup: withCancel(keyboard, next) });
      continue;
    }
    // Cancel typed: its label, or its bare word in the person's language.
    if (matchesLabel(next.t("button-cancel"), next.message?.text)) return CANCELLED;
    await next.reply(otherwise?.(next) ?? next.t("report-press-a-button"));
  }
}

/**
 * A button pressed while a step waits for something typed or sent. Cancel (on any of the
 * flow's messages) ends the flow, as the typed Cancel does — true; any other button belongs
 * to an earlier message and is answered as no longer valid, so no press goes unanswered.
 */
export async function pressWhileWaiting(next: ConvContext): Promise<boolean> {
  if (next.callbackQuery?.data === "x:cancel") {
    await next.answerCallbackQuery();
    return true;
  }
  await next.answerCallbackQuery({ text: next.t("callback-stale") });
  return false;
}

/**
 * Asks for a line of text. Optional answers offer a Skip button (→ undefined); required
 * ones insist politely. Non-text gets the question again; Cancel ends the flow. A text
 * longer than `max` (default 1,000; see `sentLength`) is refused with its length, never
 * cut: what is kept is what the person wrote. With `validate` the caller checks the text
 * (length included) and gets it whole.
 */
export async function askText(
  conversation: Conv,
  ctx: ConvContext,
  deps: AppDeps,
  prompt: string,
  opts: { required: boolean; max?: number; validate?: (text: string) => Promise<string | null> },
): Promise<{ text: string | undefined; ctx: ConvContext } | Cancelled> {
  const extra = opts.required ? [] : [ctx.t("report-btn-skip")];
  const keyboard = () => ({ reply_markup: cancelKeyboard(ctx, extra) });
  await ctx.reply(prompt, keyboard());
  for (;;) {
    const next = await waitNext(conversation);
    if (next.callbackQuery) {
      if (await pressWhileWaiting(next)) return CANCELLED;
      continue;
    }
    // Direction overrides would scramble every message that quotes the answer.
    const raw = next.message?.text;
    const text = raw === undefined ? undefined : sanitizeDisplayText(raw);
    if (isCancelText(deps, text)) return CANCELLED;
    if (isTypedLabel(deps, "report-btn-skip", text)) {
      if (!opts.required) return { text: undefined, ctx: next };
      // "Skip" typed where an answer is needed: not an answer to keep.
      await next.reply(`${next.t("answer-required")}\n\n${prompt}`, keyboard());
      continue;
    }
    if (!text) {
      await next.reply(`${next.t("answer-type-text")}\n\n${prompt}`, keyboard());
      continue;
    }
    const problem = opts.validate
      ? await opts.validate(text)
      : tooLong(next, text, opts.max ?? 1000);
    if (problem) {
      await next.reply(problem);
      continue;
    }
    return { text, ctx: next };
  }
}

function tooLong(ctx: ConvContext, text: string, max: number): string | null {
  // As Telegram counts too: a text within the limit must reach whoever it is sent to.
  const length = sentLength(text);
  return length > max ? ctx.t("answer-too-long", { length, max }) : null;
}

/**
 * A document id derived from the update that asked for it. An id made inside `external`
 * is only remembered once the conversation's state is saved; a crash after the write but
 * before the save would replay with a fresh id and write twice. The update's id is the
 * same on every replay and redelivery, so the write stays idempotent.
 */
export function idFromUpdate(deps: AppDeps, ctx: ConvContext, prefix: string): string {
  return `${prefix}-${deps.platform === "telegram" ? "t" : "b"}${ctx.from?.id ?? 0}-${ctx.update.update_id}`;
}
