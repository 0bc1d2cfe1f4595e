import { InlineKeyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { calendarOf } from "../src/district/calendar.ts";
import type { DistrictDoc } from "../src/district/schema.ts";
import { localizeDigits } from "../src/domain/digits.ts";
import { parseReminderOffsets } from "../src/domain/offsets.ts";
import { type MonthlyRule, nextOccurrences } from "../src/domain/recurrence.ts";
import {
  formatDateTime,
  IRANIAN_WEEKDAYS,
  type JalaliDate,
  jalaliToUtc,
  toJalali,
} from "../src/domain/time.ts";
import { isHoliday, isWorkday } from "../src/domain/workdays.ts";
import { calendarKeyboard, parseCalendarData, parseClock } from "../src/meetings/calendar-kb.ts";
import { meetingCard, spanText } from "../src/meetings/notifications.ts";
import { type Refusal, refusalOf, refusalText } from "../src/meetings/results.ts";
import {
  type Actor,
  type MeetingResult,
  type MeetingService,
  schedulableScopes,
} from "../src/meetings/service.ts";
import type { MeetingScope } from "../src/meetings/types.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";
import {
  askText,
  CANCELLED,
  type Cancelled,
  choose,
  dateProblemText,
  idFromUpdate,
  isCancelText,
  typedJalaliDate,
  waitNext,
  whoIsTalking,
  withCancel,
} from "./kit.ts";

export const MEETING_NEW = "meetingNew";
export const MEETING_MOVE = "meetingMove";
export const MEETING_REASON = "meetingReason";
export const MEETING_CANCEL = "meetingCancel";
export const MEETING_AGENDA_ADD = "meetingAgendaAdd";
export const MEETING_ITEM_DONE = "meetingItemDone";
export const MEETING_ITEM_DATE = "meetingItemDate";

/**
 * The start every meeting conversation shares: who is talking (an active roster person of
 * an imported district), their language, and how to end with the main menu.
 */
export async function begin(conversation: Conv, ctx: ConvContext, deps: AppDeps) {
  const userId = ctx.from?.id;
  if (userId === undefined) return null;
  const who = await whoIsTalking(conversation, deps, userId);
  if (!who) return null;
  const { person, district } = who;
  const finish = (c: ConvContext, text: string) =>
    c.reply(text, { reply_markup: mainMenuKeyboard(c, deps.menu, person) });
  return { userId, person, district, lang: deps.langs.get(userId) ?? "fa", finish };
}

export function isOffDay(district: DistrictDoc, d: JalaliDate): boolean {
  return !isWorkday(jalaliToUtc({ ...d, hour: 12 }, district.timeZone), calendarOf(district));
}

/** Friday / holiday warning for a date, or "" when it is an ordinary working day. */
export function dayWarning(ctx: ConvContext, district: DistrictDoc, d: JalaliDate): string {
  const ts = jalaliToUtc({ ...d, hour: 12 }, district.timeZone);
  const j = toJalali(ts, district.timeZone);
  if (j.weekday === 6) return ctx.t("meeting-warn-friday");
  // A listed holiday, Thursday included; an ordinary Thursday is only a short day.
  if (isHoliday(ts, calendarOf(district))) return ctx.t("meeting-warn-holiday");
  return "";
}

/** How far ahead a date may be picked, in years. */
const MAX_YEARS_AHEAD = 2;

/**
 * A date from the Jalali calendar keyboard (month view, previous/next month) or typed
 * ("۱۴۰۵/۰۹/۱۵" in any digits). Past dates, and dates more than two years ahead, are
 * refused politely.
 */
export async function pickDate(
  conversation: Conv,
  ctx: ConvContext,
  deps: AppDeps,
  district: DistrictDoc,
  lang: Lang,
  prompt: string,
): Promise<{ date: JalaliDate; ctx: ConvContext } | Cancelled> {
  // The app's clock, not the conversation's Date.now(): the rest of the app (deadlines,
  // reminders, tests' controllable clock) must agree on what "today" is. `external` keeps
  // the value fixed when the conversation replays. Read again for every answer: a calendar
  // opened before midnight and pressed after it would otherwise take yesterday as today.
  const readToday = async (): Promise<JalaliDate> => {
    const tj = toJalali(await conversation.external(() => deps.clock.now()), district.timeZone);
    return { jy: tj.jy, jm: tj.jm, jd: tj.jd };
  };
  let today = await readToday();
  const labels = { prev: ctx.t("btn-prev"), next: ctx.t("btn-next") };
  const kb = (jy: number, jm: number) =>
    withCancel(
      calendarKeyboard(jy, jm, lang, today, (d) => isOffDay(district, d), labels),
      ctx,
    );
  let prompt1 = await ctx.reply(prompt, { reply_markup: kb(today.jy, today.jm) });
  const isPast = (d: JalaliDate) => dayKey(d) < dayKey(today);
  // Two years ahead at most: a date beyond is a slip of the year (۳۱۷۷ for ۱۴۰۷), and an
  // item due then would never come due nor escalate.
  const isTooFar = (d: JalaliDate) =>
    dayKey(d) > dayKey({ ...today, jy: today.jy + MAX_YEARS_AHEAD });
  for (;;) {
    const next = await waitNext(conversation);
    const data = next.callbackQuery?.data;
    if (data !== undefined) {
      await next.answerCallbackQuery();
      if (data === "x:cancel") return CANCELLED;
      if (data === "mc:x") continue;
      const parsed = parseCalendarData(data);
      if (!parsed || next.callbackQuery?.message?.message_id !== prompt1.message_id) {
        await next.reply(next.t("report-press-a-button"));
        continue;
      }
      today = await readToday();
      if (parsed.kind === "month") {
        await next
          .editMessageReplyMarkup({ reply_markup: kb(parsed.jy, parsed.jm) })
          .catch(() => undefined);
        continue;
      }
      if (isPast(parsed.date)) {
        // A day that was still open when the calendar was shown: said, and a calendar of
        // today's month offered in its place, so the press is never silently lost.
        await next.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
        prompt1 = await next.reply(`${next.t("meeting-date-past")}\n\n${prompt}`, {
          reply_markup: kb(today.jy, today.jm),
        });
        continue;
      }
      if (isTooFar(parsed.date)) {
        await next.reply(next.t("meeting-date-too-far", { years: MAX_YEARS_AHEAD }));
        continue;
      }
      await next.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
      return { date: parsed.date, ctx: next };
    }
    const text = next.message?.text?.trim();
    if (isCancelText(deps, text)) return CANCELLED;
    const typed = text ? typedJalaliDate(text) : null;
    if (!typed) {
      await next.reply(
        (text && dateProblemText(next, text, lang)) ?? next.t("meeting-date-not-understood"),
      );
      continue;
    }
    today = await readToday();
    if (isPast(typed)) {
      await next.reply(next.t("meeting-date-past"));
      continue;
    }
    if (isTooFar(typed)) {
      await next.reply(next.t("meeting-date-too-far", { years: MAX_YEARS_AHEAD }));
      continue;
    }
    return { date: typed, ctx: next };
  }
}

const dayKey = (d: JalaliDate) => d.jy * 10000 + d.jm * 100 + d.jd;

/**
 * The start time. On a given day (today, typically) a time already past is refused here
 * and asked again, by Tehran's clock at the moment of the answer, rather than at the end.
 * Should the whole day pass meanwhile (picked just before midnight), no time could do:
 * `dayPast` tells the caller to ask the date again.
 */
async function askClock(
  conversation: Conv,
  ctx: ConvContext,
  deps: AppDeps,
  day?: { date: JalaliDate; district: DistrictDoc },
) {
  let dayPast = false;
  const r = await askText(conversation, ctx, deps, ctx.t("meeting-ask-time"), {
    required: true,
    max: 10,
    validate: async (t) => {
      const c = parseClock(t);
      if (!c) return ctx.t("meeting-time-not-understood");
      if (!day) return null;
      const now = await conversation.external(() => deps.clock.now());
      const tj = toJalali(now, day.district.timeZone);
      dayPast = dayKey(day.date) < dayKey(tj);
      if (dayPast) return null;
      const at = jalaliToUtc({ ...day.date, ...c }, day.district.timeZone);
      return at > now ? null : ctx.t("meeting-time-past");
    },
  });
  if (r === CANCELLED) return CANCELLED;
  return { ...parseClock(r.text!)!, ctx: r.ctx, dayPast };
}

/**
 * A meeting's date, then its start time; the day's Friday/holiday warning in between.
 * A day that passes while its time is being typed is said and the date asked again.
 */
async function pickDateAndClock(
  conversation: Conv,
  ctx: ConvContext,
  deps: AppDeps,
  district: DistrictDoc,
  lang: Lang,
  prompt: string,
): Promise<{ date: JalaliDate; hour: number; minute: number; ctx: ConvContext } | Cancelled> {
  let current = ctx;
  for (;;) {
    const d = await pickDate(conversation, current, deps, district, lang, prompt);
    if (d === CANCELLED) return CANCELLED;
    const warn = dayWarning(d.ctx, district, d.date);
    if (warn) await d.ctx.reply(warn);
    const clock = await askClock(conversation, d.ctx, deps, { date: d.date, district });
    if (clock === CANCELLED) return CANCELLED;
    current = clock.ctx;
    if (!clock.dayPast)
      return { date: d.date, hour: clock.hour, minute: clock.minute, ctx: current };
    await current.reply(current.t("meeting-date-past"));
  }
}

function scopeLabel(ctx: ConvContext, district: DistrictDoc, s: MeetingScope, lang: Lang) {
  const subject =
    s.kind === "wg" ? (district.subjects.find((x) => x.code === s.subject)?.name[lang] ?? "") : "";
  const hoodCode =
    s.kind === "council"
      ? s.neighborhood
      : s.kind === "wg" && s.level === "neighborhood"
        ? s.neighborhood
        : "";
  const hood = hoodCode
    ? (district.areas.flatMap((a) => a.neighborhoods).find((n) => n.code === hoodCode)?.name[
        lang
      ] ?? "")
    : "";
  const kind = s.kind === "wg" ? `wg-${s.level}` : s.kind;
  return ctx.t(`meeting-title-${kind}`, { subject, hood });
}

/** "ok", or why not as plain JSON (it leaves `conversation.external`). */
export const outcome = (r: MeetingResult): "ok" | Refusal => (r.ok ? "ok" : refusalOf(r));

/** The translator for texts composed outside a context (by language). */
export const tr =
  (deps: AppDeps) =>
  (lang: Lang, key: string, vars?: Record<string, string | number>): string =>
    deps.i18n.t(lang, key, vars);

const actorOf = (person: PersonDoc, deps: AppDeps, userId: number): Actor => ({
  personId: person._id,
  platform: deps.platform,
  userId,
});

/**
 * Scheduling: scope (when the person runs several) → once or monthly → date (calendar or
 * typed) or the monthly rule → time → place or link → notes → summary with Friday/holiday
 * warnings → save. Cancel works at every step.
 */
export function createMeetingNewConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingNew(conversation: Conv, ctx: ConvContext): Promise<void> {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { person, district, lang, finish } = me;
    const scopes = schedulableScopes(person, district);
    if (!scopes.length) {
      await finish(ctx, ctx.t("meeting-not-secretary"));
      return;
    }
    let current = ctx;
    let scope = scopes[0]!;
    if (scopes.length > 1) {
      const kb = new InlineKeyboard();
      for (const [i, s] of scopes.entries())
        kb.text(scopeLabel(ctx, district, s, lang), `ms:${i}`).row();
      const r = await choose(
        conversation,
        current,
        ctx.t("meeting-ask-scope"),
        kb,
        (d) => /^ms:\d+$/.test(d) && Number(d.slice(3)) < scopes.length,
      );
      if (r === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      scope = scopes[Number(r.data.slice(3))]!;
      current = r.ctx;
    }
    const rep = await choose(
      conversation,
      current,
      current.t("meeting-ask-repeat", { title: scopeLabel(ctx, district, scope, lang) }),
      new InlineKeyboard()
        .text(current.t("meeting-btn-once"), "mr:once")
        .row()
        .text(current.t("meeting-btn-monthly-nth"), "mr:nth")
        .row()
        .text(current.t("meeting-btn-monthly-day"), "mr:day"),
      (d) => ["mr:once", "mr:nth", "mr:day"].includes(d),
    );
    if (rep === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    current = rep.ctx;

    let date: JalaliDate | undefined;
    let rule: MonthlyRule | undefined;
    let clock: { hour: number; minute: number } | undefined;
    if (rep.data === "mr:once") {
      const d = await pickDateAndClock(
        conversation,
        current,
        deps,
        district,
        lang,
        current.t("meeting-ask-date"),
      );
      if (d === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      date = d.date;
      current = d.ctx;
      clock = { hour: d.hour, minute: d.minute };
    } else if (rep.data === "mr:nth") {
      const nk = new InlineKeyboard();
      for (const n of [1, 2, 3, 4]) nk.text(current.t(`meeting-nth-${n}`), `mn:${n}`);
      nk.row().text(current.t("meeting-nth-last"), "mn:-1");
      const nr = await choose(conversation, current, current.t("meeting-ask-nth"), nk, (d) =>
        /^mn:(-1|[1-4])$/.test(d),
      );
      if (nr === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      current = nr.ctx;
      const wk = new InlineKeyboard();
      IRANIAN_WEEKDAYS[lang].forEach((w, i) => {
        wk.text(w, `mw:${i}`);
        if (i % 3 === 2) wk.row();
      });
      const wr = await choose(conversation, current, current.t("meeting-ask-weekday"), wk, (d) =>
        /^mw:[0-6]$/.test(d),
      );
      if (wr === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      current = wr.ctx;
      rule = {
        type: "nth_weekday",
        n: Number(nr.data.slice(3)) as 1 | 2 | 3 | 4 | -1,
        weekday: Number(wr.data.slice(3)),
      };
      if (rule.weekday === 6) await current.reply(current.t("meeting-warn-friday"));
    } else {
      const r = await askText(conversation, current, deps, current.t("meeting-ask-day"), {
        required: true,
        max: 5,
        validate: async (t) => {
          const n = Number(localizeDigits(t, "en"));
          return Number.isInteger(n) && n >= 1 && n <= 31 ? null : ctx.t("meeting-day-invalid");
        },
      });
      if (r === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      current = r.ctx;
      rule = { type: "day_of_month", day: Number(localizeDigits(r.text!, "en")) };
    }
    // A series' time: a single meeting's came with its date.
    if (!clock) {
      const c = await askClock(conversation, current, deps);
      if (c === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      current = c.ctx;
      clock = c;
    }
    const where = await askText(conversation, current, deps, current.t("meeting-ask-place"), {
      required: true,
      max: 300,
    });
    if (where === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    current = where.ctx;
    const isLink = /^(https?:\/\/|www\.)/i.test(where.text!);
    const notes = await askText(conversation, current, deps, current.t("meeting-ask-notes"), {
      required: false,
      max: 500,
    });
    if (notes === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    current = notes.ctx;

    // Reminders: the district's defaults, or the secretary's own for this meeting/series.
    const offsetsText = (c: ConvContext, list: number[]) =>
      list.map((o) => spanText(o, lang, tr(deps))).join(c.t("meeting-list-sep"));
    const rem = await choose(
      conversation,
      current,
      current.t("meeting-ask-reminders", {
        list: offsetsText(current, district.meetings.reminderOffsetsMinutes),
      }),
      new InlineKeyboard()
        .text(current.t("meeting-btn-reminders-default"), "mr:def")
        .row()
        .text(current.t("meeting-btn-reminders-custom"), "mr:own"),
      (d) => d === "mr:def" || d === "mr:own",
    );
    if (rem === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    current = rem.ctx;
    let reminderOffsets: number[] | undefined;
    if (rem.data === "mr:own") {
      const typed = await askText(
        conversation,
        current,
        deps,
        current.t("meeting-ask-reminders-custom"),
        {
          required: true,
          max: 200,
          validate: async (text) =>
            parseReminderOffsets(text) ? null : current.t("meeting-reminders-bad"),
        },
      );
      if (typed === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      reminderOffsets = parseReminderOffsets(typed.text!)!;
      current = typed.ctx;
    }

    const now = await conversation.external(() => deps.clock.now());
    const base: {
      scope: MeetingScope;
      place?: string;
      link?: string;
      notes?: string;
      reminderOffsets?: number[];
    } = {
      scope,
      ...(reminderOffsets ? { reminderOffsets } : {}),
      ...(isLink ? { link: where.text! } : { place: where.text! }),
      ...(notes.text ? { notes: notes.text } : {}),
    };
    let summary: string;
    let startAt = 0;
    if (date) {
      startAt = jalaliToUtc({ ...date, hour: clock.hour, minute: clock.minute }, district.timeZone);
      if (startAt <= now) {
        await finish(current, current.t("meeting-date-past"));
        return;
      }
      summary = meetingCard(
        {
          scopeKind: scope.kind === "wg" ? `wg-${scope.level}` : scope.kind,
          subjectFa: scopeSubject(district, scope, "fa"),
          subjectEn: scopeSubject(district, scope, "en"),
          hoodFa: scopeHood(district, scope, "fa"),
          hoodEn: scopeHood(district, scope, "en"),
          startAt,
          durationMin: 90,
          place: base.place ?? "",
          link: base.link ?? "",
          notes: base.notes ?? "",
          secretary: person.name,
        },
        lang,
        (l, k, v) => deps.i18n.t(l, k, v),
      );
      const warn = dayWarning(current, district, date);
      if (warn) summary += `\n${warn}`;
    } else {
      const tj = toJalali(now, district.timeZone);
      const occ = nextOccurrences(rule!, { jy: tj.jy, jm: tj.jm, jd: tj.jd }, 4)
        .map((d) => ({
          d,
          at: jalaliToUtc({ ...d, hour: clock.hour, minute: clock.minute }, district.timeZone),
        }))
        .filter((o) => o.at > now)
        .slice(0, 3);
      const lines = occ.map((o) => {
        const warn = dayWarning(current, district, o.d);
        return `• ${formatDateTime(o.at, lang)}${warn ? ` — ${warn}` : ""}`;
      });
      summary = [
        current.t("meeting-series-summary", { title: scopeLabel(ctx, district, scope, lang) }),
        ...lines,
        base.place ? current.t("meeting-card-place", { place: base.place }) : "",
        base.link ? current.t("meeting-card-link", { link: base.link }) : "",
      ]
        .filter(Boolean)
        .join("\n");
    }
    summary += `\n${current.t("meeting-card-reminders", {
      list: offsetsText(current, reminderOffsets ?? district.meetings.reminderOffsetsMinutes),
    })}`;
    const ok = await choose(
      conversation,
      current,
      `${summary}\n\n${current.t("meeting-confirm")}`,
      new InlineKeyboard().text(current.t("meeting-btn-save"), "mf:ok"),
      (d) => d === "mf:ok",
    );
    if (ok === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    current = ok.ctx;
    const id = idFromUpdate(deps, current, "mtg");
    const result = await conversation.external(async () => {
      if (date) {
        const r = await meetings.create({ person, startAt, ...base }, id);
        return r.ok ? { ok: true, count: 1 } : { ok: false, refusal: refusalOf(r) };
      }
      const r = await meetings.createSeries(
        { person, rule: rule!, hour: clock.hour, minute: clock.minute, ...base },
        id,
      );
      return r.ok ? { ok: true, count: r.meetings.length } : { ok: false, refusal: { why: r.why } };
    });
    if (!result.ok)
      return void (await finish(current, refusalText(result.refusal!, lang, tr(deps))));
    await finish(
      current,
      date
        ? current.t("meeting-saved")
        : current.t("meeting-series-saved", { count: result.count ?? 0 }),
    );
  };
}

function scopeSubject(district: DistrictDoc, s: MeetingScope, lang: Lang): string {
  return s.kind === "wg"
    ? (district.subjects.find((x) => x.code === s.subject)?.name[lang] ?? s.subject)
    : "";
}
function scopeHood(district: DistrictDoc, s: MeetingScope, lang: Lang): string {
  const code =
    s.kind === "council"
      ? s.neighborhood
      : s.kind === "wg" && s.level === "neighborhood"
        ? s.neighborhood
        : "";
  return code
    ? (district.areas.flatMap((a) => a.neighborhoods).find((n) => n.code === code)?.name[lang] ??
        code)
    : "";
}

/** Moving one meeting (one occurrence of a series): date → time → confirm. */
export function createMeetingMoveConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingMove(conversation: Conv, ctx: ConvContext, meetingId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, district, lang, finish } = me;
    const when = await pickDateAndClock(
      conversation,
      ctx,
      deps,
      district,
      lang,
      ctx.t("meeting-ask-new-date"),
    );
    if (when === CANCELLED) return void (await finish(ctx, ctx.t("cancelled")));
    const startAt = jalaliToUtc(
      { ...when.date, hour: when.hour, minute: when.minute },
      district.timeZone,
    );
    const ok = await choose(
      conversation,
      when.ctx,
      when.ctx.t("meeting-confirm-move", { when: formatDateTime(startAt, lang) }),
      new InlineKeyboard().text(when.ctx.t("meeting-btn-save"), "mf:ok"),
      (x) => x === "mf:ok",
    );
    if (ok === CANCELLED) return void (await finish(when.ctx, ctx.t("cancelled")));
    const r = await conversation.external(async () =>
      outcome(await meetings.move(meetingId, actorOf(person, deps, userId), startAt)),
    );
    await finish(
      ok.ctx,
      r === "ok" ? ok.ctx.t("meeting-moved-done") : refusalText(r, lang, tr(deps)),
    );
  };
}

/** Cancelling one meeting: optional reason → confirm. */
export function createMeetingCancelConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingCancel(conversation: Conv, ctx: ConvContext, meetingId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, lang, finish } = me;
    const reason = await askText(conversation, ctx, deps, ctx.t("meeting-ask-cancel-reason"), {
      required: false,
      max: 300,
    });
    if (reason === CANCELLED) return void (await finish(ctx, ctx.t("cancelled")));
    const ok = await choose(
      conversation,
      reason.ctx,
      reason.ctx.t("meeting-confirm-cancel"),
      new InlineKeyboard().text(reason.ctx.t("meeting-btn-confirm-cancel"), "mf:ok"),
      (x) => x === "mf:ok",
    );
    if (ok === CANCELLED) return void (await finish(reason.ctx, ctx.t("cancelled")));
    const r = await conversation.external(async () =>
      outcome(await meetings.cancel(meetingId, actorOf(person, deps, userId), reason.text)),
    );
    await finish(
      ok.ctx,
      r === "ok" ? ok.ctx.t("meeting-cancelled-done") : refusalText(r, lang, tr(deps)),
    );
  };
}

/** After "Can't attend" was recorded: an optional reason. */
export function createMeetingReasonConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingReason(conversation: Conv, ctx: ConvContext, meetingId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, lang, finish } = me;
    const reason = await askText(conversation, ctx, deps, ctx.t("meeting-ask-reason"), {
      required: false,
      max: 300,
    });
    if (reason === CANCELLED || !reason.text)
      return void (await finish(
        reason === CANCELLED ? ctx : reason.ctx,
        ctx.t("meeting-rsvp-no-saved"),
      ));
    const r = await conversation.external(async () => {
      const res = await meetings.rsvp(meetingId, actorOf(person, deps, userId), "no", reason.text, {
        reasonFor: true,
      });
      return res.ok && res.unchanged ? "dropped" : outcome(res);
    });
    await finish(
      reason.ctx,
      r === "ok"
        ? reason.ctx.t("meeting-rsvp-reason-saved")
        : r === "dropped"
          ? reason.ctx.t("meeting-rsvp-reason-dropped")
          : refusalText(r, lang, tr(deps)),
    );
  };
}

/** The secretary adds an agenda item of their own. */
export function createMeetingAgendaAddConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingAgendaAdd(conversation: Conv, ctx: ConvContext, meetingId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, lang, finish } = me;
    const r = await askText(conversation, ctx, deps, ctx.t("meeting-ask-agenda-item"), {
      required: true,
      max: 200,
    });
    if (r === CANCELLED) return void (await finish(ctx, ctx.t("cancelled")));
    const id = `c-${r.ctx.update.update_id}`;
    const res = await conversation.external(async () =>
      outcome(
        await meetings.editAgenda(meetingId, actorOf(person, deps, userId), {
          op: "add",
          item: { id, kind: "custom", title: r.text! },
        }),
      ),
    );
    await finish(
      r.ctx,
      res === "ok" ? r.ctx.t("meeting-agenda-added") : refusalText(res, lang, tr(deps)),
    );
  };
}

/** The owner marks an action item done, with a note. */
export function createMeetingItemDoneConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingItemDone(conversation: Conv, ctx: ConvContext, itemId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, finish } = me;
    const r = await askText(conversation, ctx, deps, ctx.t("meeting-ask-done-note"), {
      required: true,
      max: 500,
    });
    if (r === CANCELLED) return void (await finish(ctx, ctx.t("cancelled")));
    const res = await conversation.external(async () => {
      const out = await meetings.markDone(itemId, actorOf(person, deps, userId), r.text!);
      return out.ok ? "ok" : out.why;
    });
    await finish(r.ctx, r.ctx.t(res === "ok" ? "meeting-item-done-saved" : `meeting-item-${res}`));
  };
}

/** The owner asks the meeting's secretary for a new due date. */
export function createMeetingItemDateConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingItemDate(conversation: Conv, ctx: ConvContext, itemId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, district, lang, finish } = me;
    // Due at 14:00 of the day picked, as in the minutes: a day whose 14:00 has passed is
    // said with that rule and asked again now, before the reason is typed, not refused after.
    let current = ctx;
    let dueAt: number;
    for (;;) {
      const d = await pickDate(
        conversation,
        current,
        deps,
        district,
        lang,
        current.t("meeting-ask-new-due"),
      );
      if (d === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
      current = d.ctx;
      dueAt = jalaliToUtc({ ...d.date, hour: 14 }, district.timeZone);
      const now = await conversation.external(() => deps.clock.now());
      if (dueAt > now) break;
      await current.reply(current.t("meeting-due-past"));
    }
    const reason = await askText(
      conversation,
      current,
      deps,
      current.t("meeting-ask-date-reason"),
      { required: false, max: 300 },
    );
    if (reason === CANCELLED) return void (await finish(current, ctx.t("cancelled")));
    const res = await conversation.external(async () => {
      const out = await meetings.requestNewDate(
        itemId,
        actorOf(person, deps, userId),
        dueAt,
        reason.text,
      );
      return out.ok ? "ok" : out.why;
    });
    await finish(
      reason.ctx,
      reason.ctx.t(res === "ok" ? "meeting-item-date-sent" : `meeting-item-${res}`),
    );
  };
}
