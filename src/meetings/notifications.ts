import { InlineKeyboard } from "grammy";
import { localizeDigits } from "../domain/digits.ts";
import { offsetParts } from "../domain/offsets.ts";
import { formatDateTime, formatJalaliDate, JALALI_MONTHS } from "../domain/time.ts";
import type { RenderContext, Renderer, Renderers } from "../notify/renderers.ts";
import { cutWhole } from "../reports/history.ts";
import type { Lang } from "../repos/types.ts";
import type { Json } from "../store/port.ts";
import { MNOTE, reminderCurrent, TIME_BOUND_NOTES } from "./service.ts";
import type { ActionItemDoc, MeetingDoc } from "./types.ts";

type Data = { [key: string]: Json };
export type T = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;

const s = (d: Data, k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");
const n = (d: Data, k: string) => (typeof d[k] === "number" ? (d[k] as number) : 0);

/** "Urban services working group of Narmak", "Presidium with the district mayor"… */
export function meetingTitle(d: Data, lang: Lang, t: T): string {
  const fa = lang === "fa";
  return t(lang, `meeting-title-${s(d, "scopeKind") || "council"}`, {
    subject: s(d, fa ? "subjectFa" : "subjectEn"),
    hood: s(d, fa ? "hoodFa" : "hoodEn"),
  });
}

/** The meeting's card: the same lines wherever a meeting is shown. */
export function meetingCard(d: Data, lang: Lang, t: T): string {
  const lines = [
    t(lang, "meeting-card-title", { title: meetingTitle(d, lang, t) }),
    t(lang, "meeting-card-when", {
      when: formatDateTime(n(d, "startAt"), lang),
      minutes: n(d, "durationMin"),
    }),
  ];
  if (s(d, "place")) lines.push(t(lang, "meeting-card-place", { place: s(d, "place") }));
  if (s(d, "link")) lines.push(t(lang, "meeting-card-link", { link: s(d, "link") }));
  if (s(d, "notes")) lines.push(t(lang, "meeting-card-notes", { notes: s(d, "notes") }));
  if (s(d, "secretary")) lines.push(t(lang, "meeting-card-secretary", { name: s(d, "secretary") }));
  return lines.join("\n");
}

/** A reminder's length, leaving room under the Bot API's 4,096 for the group chat's hint. */
const REMINDER_MAX = 3700;

/** Attending / Can't attend / calendar / agenda: opaque ids only. */
export function rsvpKeyboard(meetingId: string, lang: Lang, t: T): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(lang, "meeting-btn-yes"), `m:y:${meetingId}`)
    .text(t(lang, "meeting-btn-no"), `m:n:${meetingId}`)
    .row()
    .text(t(lang, "meeting-btn-ics"), `m:ics:${meetingId}`)
    .text(t(lang, "meeting-btn-agenda"), `m:ag:${meetingId}`);
}

export function itemKeyboard(itemId: string, lang: Lang, t: T): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(lang, "meeting-btn-item-done"), `m:aid:${itemId}`)
    .text(t(lang, "meeting-btn-item-date"), `m:aidt:${itemId}`);
}

/** "2 days and 3 hours": whole days, hours and minutes, leaving out the zero parts. */
export function spanText(minutes: number, lang: Lang, t: T): string {
  const p = offsetParts(minutes);
  return [
    p.days ? t(lang, "meeting-offset-days", { n: p.days }) : "",
    p.hours ? t(lang, "meeting-offset-hours", { n: p.hours }) : "",
    p.minutes ? t(lang, "meeting-offset-minutes", { n: p.minutes }) : "",
  ]
    .filter(Boolean)
    .join(t(lang, "meeting-span-and"));
}

/** "in 2 days and 3 hours". */
export function offsetText(minutes: number, lang: Lang, t: T): string {
  return t(lang, "meeting-in", { span: spanText(minutes, lang, t) });
}

/**
 * The time left before a start, as a reminder states it when it is sent: to the hour a day
 * or more ahead ("in 2 days and 23 hours"), else to the minute.
 */
export function timeLeftText(ms: number, lang: Lang, t: T): string {
  let minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes >= 1440) minutes = Math.round(minutes / 60) * 60;
  return offsetText(minutes, lang, t);
}

/**
 * The agenda as numbered lines. With `max` (characters), as many items as fit, then a line
 * saying how many more there are and where the whole agenda is: a long agenda must not
 * keep the message that carries it (the one-day reminder) from being sent at all.
 */
export function agendaLines(titles: string[], lang: Lang, t: T, max = Infinity): string {
  if (!titles.length) return t(lang, "meeting-agenda-empty");
  const lines = [t(lang, "meeting-agenda-title")];
  let length = lines[0]!.length;
  for (const [i, x] of titles.entries()) {
    const line = `${localizeDigits(String(i + 1), lang)}. ${localizeDigits(x, lang)}`;
    const more = t(lang, "meeting-agenda-more", { count: titles.length - i });
    const last = i === titles.length - 1;
    // Room is kept for the "more" line unless this is the last item.
    if (length + 1 + line.length + (last ? 0 : 1 + more.length) > max) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += 1 + line.length;
  }
  return lines.join("\n");
}

function ownerText(d: Data, lang: Lang, t: T): string {
  const dep = s(d, lang === "fa" ? "deputyFa" : "deputyEn");
  return dep ? t(lang, "meeting-owner-deputy", { deputy: dep }) : s(d, "ownerName");
}

export function itemText(d: Data, lang: Lang, t: T): string {
  return t(lang, "meeting-item-line", {
    text: s(d, "text"),
    owner: ownerText(d, lang, t),
    due: formatJalaliDate(n(d, "dueAt"), lang),
  });
}

const strings = (v: Json | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export function registerMeetingRenderers(
  renderers: Renderers,
  meetings: {
    get(id: string): Promise<MeetingDoc | null>;
    getItem(id: string): Promise<ActionItemDoc | null>;
  },
): void {
  const id = (d: Data) => s(d, "meetingId");
  /**
   * The meeting as it is now, or null when a message about it no longer applies: it was
   * cancelled, held or moved after the message was written. Checked at send time, so a
   * message already claimed by the sender when that happened is dropped too.
   */
  const current = async (d: Data): Promise<MeetingDoc | null> => {
    const m = await meetings.get(id(d));
    if (m?.state !== "scheduled") return null;
    if (typeof d.timeVersion === "number" && d.timeVersion !== m.timeVersion) return null;
    return m;
  };
  const register = (kind: string, r: Renderer) =>
    renderers.register(kind, async (d, ctx) =>
      (TIME_BOUND_NOTES as readonly string[]).includes(kind) && !(await current(d))
        ? null
        : r(d, ctx),
    );
  // An invitation to answer for a meeting that has begun meanwhile (held by quiet hours or
  // downtime) asks for nothing anyone can give.
  register(MNOTE.scheduled, async (d, { lang, t, now }) => {
    const m = await current(d);
    if (m && now >= m.startAt) return null;
    return {
      text: `${t(lang, "meeting-scheduled-head")}\n\n${meetingCard(d, lang, t)}`,
      reply_markup: rsvpKeyboard(id(d), lang, t),
    };
  });
  // The time left is the real one when the reminder goes out (it may have waited for quiet
  // hours or downtime to end), and a reminder overtaken by a later one is not sent at all.
  const reminderText = async (d: Data, { lang, t, now }: RenderContext) => {
    const m = await current(d);
    if (!m || !reminderCurrent(m, n(d, "offset"), now)) return null;
    const parts = [
      t(lang, "meeting-reminder-head", { left: timeLeftText(m.startAt - now, lang, t) }),
      "",
      meetingCard(d, lang, t),
    ];
    // Within a message with room for the group chat's hint (the Bot API takes 4,096).
    const room = REMINDER_MAX - parts.join("\n").length - 2;
    if (d.withAgenda === true) parts.push("", agendaLines(strings(d.agenda), lang, t, room));
    return parts.join("\n");
  };
  register(MNOTE.reminder, async (d, ctx) => {
    const text = await reminderText(d, ctx);
    return text === null ? null : { text, reply_markup: rsvpKeyboard(id(d), ctx.lang, ctx.t) };
  });
  // In a group chat answers are personal: the post points to the private chat instead.
  register(MNOTE.groupReminder, async (d, ctx) => {
    const text = await reminderText(d, ctx);
    return text === null ? null : { text: `${text}\n\n${ctx.t(ctx.lang, "meeting-group-hint")}` };
  });
  register(MNOTE.moved, (d, { lang, t }) => ({
    text: `${t(lang, "meeting-moved-head", {
      old: formatDateTime(n(d, "oldStartAt"), lang),
      new: formatDateTime(n(d, "startAt"), lang),
    })}\n\n${meetingCard(d, lang, t)}`,
    reply_markup: rsvpKeyboard(id(d), lang, t),
  }));
  register(MNOTE.cancelled, (d, { lang, t }) => {
    const head = t(lang, "meeting-cancelled-head");
    const reason = s(d, "reason")
      ? `\n${t(lang, "meeting-reason", { reason: s(d, "reason") })}`
      : "";
    return { text: `${head}${reason}\n\n${meetingCard(d, lang, t)}` };
  });
  // The time left as it is when the warning goes out: a day ahead as a rule, less when it
  // waited for quiet hours or downtime to end; none once the meeting has begun.
  register(MNOTE.lowAttendance, async (d, { lang, t, now }) => {
    const m = await current(d);
    if (!m || now >= m.startAt) return null;
    return {
      text: `${t(lang, "meeting-low-attendance", {
        left: timeLeftText(m.startAt - now, lang, t),
        yes: n(d, "yes"),
        no: n(d, "no"),
        total: n(d, "total"),
      })}\n\n${meetingCard(d, lang, t)}`,
      reply_markup: new InlineKeyboard().text(t(lang, "meeting-btn-attendance"), `m:att:${id(d)}`),
    };
  });
  register(MNOTE.seriesNag, (d, { lang, t }) => ({
    text: t(lang, "meeting-series-nag", {
      title: meetingTitle(d, lang, t),
      month: `${JALALI_MONTHS[lang][n(d, "jm") - 1] ?? ""} ${localizeDigits(String(n(d, "jy")), lang)}`,
    }),
    reply_markup: new InlineKeyboard().text(t(lang, "meeting-btn-schedule"), "m:new"),
  }));
  register(MNOTE.minutesNag, (d, { lang, t }) => {
    const secretary = s(d, "stage") === "secretary";
    return {
      text: `${
        secretary
          ? t(lang, "meeting-minutes-nag-secretary")
          : // The district's own count (those queued before it was carried: the default, 5).
            t(lang, "meeting-minutes-nag-presidium", { days: n(d, "days") || 5 })
      }\n\n${meetingCard(d, lang, t)}`,
      // The secretary records the minutes; the presidium opens the meeting to follow it up.
      reply_markup: secretary
        ? new InlineKeyboard().text(t(lang, "meeting-btn-minutes"), `m:min:${id(d)}`)
        : new InlineKeyboard().text(t(lang, "meeting-btn-open"), `m:o:${id(d)}`),
    };
  });
  register(MNOTE.minutes, (d, { lang, t }) => {
    // Long minutes come in parts (see minutesParts); older ones, whole, have none.
    const part = n(d, "part") || 1;
    const parts = n(d, "parts") || 1;
    const head =
      parts > 1
        ? t(lang, "meeting-minutes-head-part", { part, parts })
        : t(lang, "meeting-minutes-head");
    const lines = [head, ""];
    if (part === 1) {
      const attended = strings(d.attended);
      lines.push(
        meetingCard(d, lang, t),
        "",
        t(lang, "meeting-minutes-attended", {
          count: attended.length,
          names: attended.join(lang === "fa" ? "، " : ", ") || "—",
        }),
      );
    } else lines.push(meetingTitle(d, lang, t));
    const decisions = Array.isArray(d.decisions) ? (d.decisions as Data[]) : [];
    const from = n(d, "decisionsFrom");
    if (decisions.length) {
      lines.push("", t(lang, "meeting-minutes-decisions"));
      for (const [i, x] of decisions.entries())
        lines.push(
          `${localizeDigits(String(from + i + 1), lang)}. ${localizeDigits(s(x, "title"), lang)}: ${s(x, "decision") || "—"}`,
        );
    }
    const actions = Array.isArray(d.actions) ? (d.actions as Data[]) : [];
    if (actions.length) {
      lines.push("", t(lang, "meeting-minutes-actions"));
      for (const a of actions) lines.push(`• ${itemText(a, lang, t)}`);
    }
    if (s(d, "notes")) lines.push("", t(lang, "meeting-card-notes", { notes: s(d, "notes") }));
    // A guard only: the parts are sized to fit.
    return { text: cutWhole(lines.join("\n"), 4000) };
  });
  register(MNOTE.actionAssigned, (d, { lang, t }) => ({
    text: `${t(lang, "meeting-action-assigned")}\n${itemText(d, lang, t)}`,
    reply_markup: itemKeyboard(s(d, "itemId"), lang, t),
  }));
  // Checked at send time: done meanwhile, given another date, or past its due time while
  // the reminder waited (quiet hours) — there is nothing "soon" left to say.
  register(MNOTE.actionDue, async (d, { lang, t, now }) => {
    const it = await meetings.getItem(s(d, "itemId"));
    if (it?.state !== "open" || it.dueAt !== n(d, "dueAt") || it.dueAt <= now) return null;
    return {
      text: `${t(lang, "meeting-action-due")}\n${itemText(d, lang, t)}`,
      reply_markup: itemKeyboard(s(d, "itemId"), lang, t),
    };
  });
  register(MNOTE.actionOverdue, (d, { lang, t }) => {
    const toOwner = d.toOwner === true;
    const key = toOwner
      ? "meeting-action-overdue-owner"
      : n(d, "level") >= 2
        ? "meeting-action-overdue-presidium"
        : "meeting-action-overdue-secretary";
    return {
      text: `${t(lang, key)}\n${itemText(d, lang, t)}`,
      // The owner acts on the item; the secretary and the presidium open its meeting.
      reply_markup: toOwner
        ? itemKeyboard(s(d, "itemId"), lang, t)
        : new InlineKeyboard().text(t(lang, "meeting-btn-open"), `m:o:${s(d, "meetingId")}`),
    };
  });
  register(MNOTE.actionDone, (d, { lang, t }) => ({
    text: `${t(lang, "meeting-action-done-note", { by: s(d, "by"), note: s(d, "note") })}\n${itemText(d, lang, t)}`,
  }));
  register(MNOTE.dateRequest, (d, { lang, t }) => ({
    text: `${t(lang, "meeting-date-request", {
      by: s(d, "by"),
      date: formatJalaliDate(n(d, "newDueAt"), lang),
      reason: s(d, "reason") || "—",
    })}\n${itemText(d, lang, t)}`,
    reply_markup: new InlineKeyboard()
      // The date asked for rides along: a later request must not be answered by this button.
      .text(
        t(lang, "meeting-btn-date-ok"),
        `m:aiok:${s(d, "itemId")}:${n(d, "newDueAt").toString(36)}`,
      )
      .text(
        t(lang, "meeting-btn-date-no"),
        `m:aino:${s(d, "itemId")}:${n(d, "newDueAt").toString(36)}`,
      ),
  }));
  register(MNOTE.dateAnswer, (d, { lang, t }) => ({
    text: `${t(lang, d.approved === true ? "meeting-date-approved" : "meeting-date-refused", {
      date: formatJalaliDate(n(d, "newDueAt"), lang),
    })}\n${itemText(d, lang, t)}`,
    ...(d.approved === true ? {} : { reply_markup: itemKeyboard(s(d, "itemId"), lang, t) }),
  }));
}
