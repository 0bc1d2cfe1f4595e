import { Composer, InlineKeyboard, InputFile } from "grammy";
import {
  createMeetingAgendaAddConversation,
  createMeetingCancelConversation,
  createMeetingItemDateConversation,
  createMeetingItemDoneConversation,
  createMeetingMoveConversation,
  createMeetingNewConversation,
  createMeetingReasonConversation,
  MEETING_AGENDA_ADD,
  MEETING_CANCEL,
  MEETING_ITEM_DATE,
  MEETING_ITEM_DONE,
  MEETING_MOVE,
  MEETING_NEW,
  MEETING_REASON,
} from "../../../conversations/meeting.ts";
import {
  createMeetingMinutesConversation,
  MEETING_MINUTES,
} from "../../../conversations/meeting-minutes.ts";
import { localizeDigits } from "../../domain/digits.ts";
import { formatDateTime, formatJalaliDate } from "../../domain/time.ts";
import { meetingIcs } from "../../meetings/ics.ts";
import {
  agendaLines,
  itemText,
  meetingCard,
  meetingTitle,
  rsvpKeyboard,
} from "../../meetings/notifications.ts";
import { refusalOf, refusalText } from "../../meetings/results.ts";
import {
  agendaStamp,
  MAX_AGENDA,
  type MeetingResult,
  type MeetingService,
  schedulableScopes,
} from "../../meetings/service.ts";
import type { MeetingDoc } from "../../meetings/types.ts";
import { CARD_LIMIT, callbackText, cutWhole } from "../../reports/history.ts";
import type { BaseContext, BotContext } from "../context.ts";
import { answeredWhile, type FeatureModule } from "../feature.ts";
import { inFlow, leaveFlows } from "../flows.ts";

const ID = "([\\w:-]{1,60})";

type Ctx = BaseContext & { callbackQuery?: unknown };

function t3(ctx: BaseContext) {
  return (lang: "fa" | "en", key: string, vars?: Record<string, string | number>) =>
    ctx.app.i18n.t(lang, key, vars);
}

/** Why an action didn't apply, in the person's words. */
export function meetingResultText(ctx: BaseContext, r: MeetingResult): string {
  if (r.ok) return "";
  return refusalText(refusalOf(r), ctx.lang, t3(ctx));
}

/** Action items sent at once, one message each. */
const ITEMS_SHOWN = 10;

async function showList(ctx: BaseContext, meetings: MeetingService) {
  const person = ctx.person!;
  const district = await meetings.district(person.districtId);
  const rows = await meetings.upcomingFor(person);
  const items = await meetings.countOpenItemsFor(person);
  const kb = new InlineKeyboard();
  for (const m of rows) {
    const card = await meetings.card(m);
    // Cut between whole characters: half an emoji is not valid text for a button.
    kb.text(
      cutWhole(
        `${formatDateTime(m.startAt, ctx.lang)} — ${meetingTitle(card, ctx.lang, t3(ctx))}`,
        60,
      ),
      `m:o:${m._id}`,
    ).row();
  }
  if (items) kb.text(ctx.t("meeting-btn-my-items", { count: items }), "m:items").row();
  if (schedulableScopes(person, district).length) kb.text(ctx.t("meeting-btn-schedule"), "m:new");
  const later = rows.length ? (await meetings.countUpcomingFor(person)) - rows.length : 0;
  const text = !rows.length
    ? ctx.t("meeting-list-empty")
    : later > 0
      ? `${ctx.t("meeting-list-title")}\n${ctx.t("meeting-list-more", { count: later })}`
      : ctx.t("meeting-list-title");
  return ctx.reply(text, { reply_markup: kb });
}

async function showCard(ctx: BaseContext, meetings: MeetingService, m: MeetingDoc) {
  const person = ctx.person!;
  const card = await meetings.card(m);
  const mine = m.rsvp[person._id];
  const lines = [meetingCard(card, ctx.lang, t3(ctx))];
  lines.push(ctx.t(`meeting-state-line`, { state: ctx.t(`meeting-state-${m.state}`) }));
  const invited = m.participants.includes(person._id);
  if (invited)
    lines.push(
      ctx.t("meeting-my-answer", {
        answer: ctx.t(mine ? `meeting-answer-${mine.answer}` : "meeting-answer-none"),
      }),
    );
  // Attendance buttons only for those who can answer (someone following an escalation sees
  // the meeting, but is not asked to come): the calendar file and the agenda for everyone.
  const kb =
    m.state !== "scheduled"
      ? new InlineKeyboard()
      : invited
        ? rsvpKeyboard(m._id, ctx.lang, t3(ctx))
        : new InlineKeyboard()
            .text(ctx.t("meeting-btn-ics"), `m:ics:${m._id}`)
            .text(ctx.t("meeting-btn-agenda"), `m:ag:${m._id}`);
  if (m.state === "scheduled" && (await meetings.isSecretary(person, m))) {
    kb.row()
      .text(ctx.t("meeting-btn-attendance"), `m:att:${m._id}`)
      .text(ctx.t("meeting-btn-edit-agenda"), `m:age:${m._id}`)
      .row()
      .text(ctx.t("meeting-btn-move"), `m:mv:${m._id}`)
      .text(ctx.t("meeting-btn-cancel-meeting"), `m:cx:${m._id}`);
    if (ctx.app.clock.now() >= m.startAt)
      kb.row().text(ctx.t("meeting-btn-minutes"), `m:min:${m._id}`);
    if (await meetings.seriesActive(m))
      kb.row().text(ctx.t("meeting-btn-stop-series"), `m:sx:${m._id}`);
  }
  return ctx.reply(lines.join("\n"), { reply_markup: kb });
}

async function showAgenda(ctx: BaseContext, meetings: MeetingService, id: string, edit: boolean) {
  const m = await meetings.agendaOf(id);
  if (!m) return ctx.reply(ctx.t("meeting-result-not_found"));
  const text = `${meetingTitle(await meetings.card(m), ctx.lang, t3(ctx))}\n\n${agendaLines(
    m.agenda.map((a) => a.title),
    ctx.lang,
    t3(ctx),
  )}`;
  if (!edit) return ctx.reply(cutWhole(text, CARD_LIMIT));
  const kb = new InlineKeyboard();
  const stamp = agendaStamp(m.agenda);
  // Every item (at most MAX_AGENDA, so at most 2 × 40 buttons).
  m.agenda.forEach((_, i) => {
    const n = localizeDigits(String(i + 1), ctx.lang);
    if (i > 0) kb.text(`⬆️ ${n}`, `m:aup:${m._id}:${stamp}:${i}`);
    kb.text(`🗑 ${n}`, `m:arm:${m._id}:${stamp}:${i}`).row();
  });
  // A full agenda offers no way to add: an item must go first (and the edit view says so).
  if (m.agenda.length < MAX_AGENDA)
    kb.text(ctx.t("meeting-btn-agenda-add"), `m:aadd:${m._id}`).text(
      ctx.t("meeting-btn-agenda-sync"),
      `m:async:${m._id}`,
    );
  const full = m.agenda.length >= MAX_AGENDA ? `\n\n${ctx.t("meeting-result-agenda_full")}` : "";
  return ctx.reply(`${cutWhole(text, CARD_LIMIT - full.length)}${full}`, { reply_markup: kb });
}

async function showAttendance(ctx: BaseContext, meetings: MeetingService, m: MeetingDoc) {
  const lines: string[] = [];
  let yes = 0;
  let no = 0;
  for (const id of m.participants) {
    const p = await ctx.app.repos.people.get(id);
    const a = m.rsvp[id];
    if (a?.answer === "yes") yes++;
    if (a?.answer === "no") no++;
    const mark = a?.answer === "yes" ? "✅" : a?.answer === "no" ? "❌" : "⏳";
    lines.push(`${mark} ${p?.name ?? "—"}${a?.reason ? ` — ${a.reason}` : ""}`);
  }
  const head = ctx.t("meeting-attendance-head", {
    yes,
    no,
    pending: m.participants.length - yes - no,
    total: m.participants.length,
  });
  return ctx.reply(
    cutWhole(
      `${meetingTitle(await meetings.card(m), ctx.lang, t3(ctx))}\n${head}\n\n${lines.join("\n")}`,
      CARD_LIMIT,
    ),
  );
}

export function meetingFeatures(meetings: MeetingService): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.filter((ctx) => ctx.chat?.type === "private" && Boolean(ctx.person));
  const actor = (ctx: BaseContext) => ({
    personId: ctx.person!._id,
    platform: ctx.app.platform,
    userId: ctx.from!.id,
  });
  const alert = (ctx: BotContext, text: string) =>
    ctx.answerCallbackQuery({ text: callbackText(text), show_alert: true });
  /** The meeting if this person may see it; otherwise answers the press and returns null. */
  const visible = async (ctx: BotContext, id: string) => {
    const m = await meetings.get(id);
    if (!m || !(await meetings.canSee(ctx.person!, m))) {
      await alert(ctx, ctx.t(m ? "meeting-not-participant" : "meeting-result-not_found"));
      return null;
    }
    return m;
  };
  const secretaryOnly = async (ctx: BotContext, id: string) => {
    const m = await meetings.get(id);
    if (!m) {
      await alert(ctx, ctx.t("meeting-result-not_found"));
      return null;
    }
    if (!(await meetings.isSecretary(ctx.person!, m))) {
      // Its secretary of record whose role has passed on is told so, not just refused.
      const gone = m.secretaryId === ctx.person!._id;
      await alert(ctx, ctx.t(gone ? "meeting-result-role-gone" : "meeting-result-forbidden"));
      return null;
    }
    return m;
  };
  /** The meeting if this person runs it and it is still to be held (its agenda can change). */
  const scheduledOnly = async (ctx: BotContext, id: string) => {
    const m = await secretaryOnly(ctx, id);
    if (m && m.state !== "scheduled") {
      await alert(ctx, meetingResultText(ctx, await meetings.stale(m)));
      return null;
    }
    return m;
  };
  const enter = async (ctx: BotContext, conv: string, ...args: string[]) => {
    await ctx.answerCallbackQuery();
    await leaveFlows(ctx);
    await ctx.conversation.enter(conv, ...args);
  };

  pm.callbackQuery("m:new", async (ctx) => {
    const district = await meetings.district(ctx.person!.districtId);
    if (!schedulableScopes(ctx.person!, district).length)
      return alert(ctx, ctx.t("meeting-not-secretary"));
    await enter(ctx, MEETING_NEW);
  });
  pm.callbackQuery("m:items", async (ctx) => {
    await ctx.answerCallbackQuery();
    const items = await meetings.openItemsFor(ctx.person!, ITEMS_SHOWN);
    if (!items.length) return ctx.reply(ctx.t("meeting-items-empty"));
    for (const it of items) {
      const d = await meetings.itemCard(it);
      await ctx.reply(itemText(d, ctx.lang, t3(ctx)), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t("meeting-btn-item-done"), `m:aid:${it._id}`)
          .text(ctx.t("meeting-btn-item-date"), `m:aidt:${it._id}`),
      });
    }
    // Each item is a message of its own: the soonest ones, and how many more wait.
    const rest = (await meetings.countOpenItemsFor(ctx.person!)) - items.length;
    if (rest > 0) await ctx.reply(ctx.t("meeting-items-more", { count: rest }));
  });
  pm.callbackQuery(new RegExp(`^m:o:${ID}$`), async (ctx) => {
    const m = await visible(ctx, ctx.match[1]!);
    if (!m) return;
    await answeredWhile(ctx, showCard(ctx, meetings, m));
  });

  // RSVP: the participant list and the state are re-checked in the store on every press.
  pm.callbackQuery(new RegExp(`^m:(y|n):${ID}$`), async (ctx) => {
    const answer = ctx.match[1] === "y" ? "yes" : "no";
    const r = await meetings.rsvp(ctx.match[2]!, actor(ctx), answer);
    if (!r.ok && r.why === "forbidden") return alert(ctx, ctx.t("meeting-not-participant"));
    if (!r.ok) return alert(ctx, meetingResultText(ctx, r));
    // The same answer again (a second tap): said so, and no second reason asked.
    if (r.unchanged)
      return ctx.answerCallbackQuery({ text: ctx.t(`meeting-rsvp-already-${answer}`) });
    if (answer === "yes") {
      // A "why not?" still open from an earlier "can't attend" is closed: what comes next
      // is no reason for an answer that has changed.
      if (ctx.conversation.active(MEETING_REASON) > 0) await ctx.conversation.exit(MEETING_REASON);
      await ctx.answerCallbackQuery({ text: ctx.t("meeting-rsvp-yes-saved") });
      return ctx.reply(ctx.t("meeting-rsvp-yes-saved"));
    }
    await ctx.answerCallbackQuery({ text: ctx.t("meeting-rsvp-no-saved") });
    // A form in progress (a report, a proposal, minutes) is not given up for an optional
    // reason: the answer is recorded, said so, and the form goes on where it was.
    if (await inFlow(ctx, MEETING_REASON))
      return ctx.reply(ctx.t("meeting-rsvp-no-saved-form-open"));
    await leaveFlows(ctx);
    await ctx.conversation.enter(MEETING_REASON, r.meeting._id);
  });

  pm.callbackQuery(new RegExp(`^m:ics:${ID}$`), async (ctx) => {
    const m = await visible(ctx, ctx.match[1]!);
    if (!m) return;
    await ctx.answerCallbackQuery();
    const card = await meetings.card(m);
    const bytes = meetingIcs(
      {
        uid: m._id,
        title: meetingTitle(card, ctx.lang, t3(ctx)),
        startAt: m.startAt,
        durationMin: m.durationMin,
        ...(m.place ? { location: m.place } : {}),
        ...(m.link ? { url: m.link, location: m.link } : {}),
        ...(m.notes ? { description: m.notes } : {}),
        cancelled: m.state === "cancelled",
      },
      m.timeVersion,
    );
    await ctx.replyWithDocument(new InputFile(bytes, "meeting.ics"), {
      caption: ctx.t("meeting-ics-caption"),
    });
  });

  pm.callbackQuery(new RegExp(`^m:ag:${ID}$`), async (ctx) => {
    const m = await visible(ctx, ctx.match[1]!);
    if (!m) return;
    const secretary = await meetings.isSecretary(ctx.person!, m);
    await answeredWhile(ctx, showAgenda(ctx, meetings, m._id, secretary));
  });
  pm.callbackQuery(new RegExp(`^m:age:${ID}$`), async (ctx) => {
    const m = await scheduledOnly(ctx, ctx.match[1]!);
    if (!m) return;
    await answeredWhile(ctx, showAgenda(ctx, meetings, m._id, true));
  });
  pm.callbackQuery(/^m:(aup|arm):([\w:-]{1,60}):([0-9a-z]{1,8}):(\d+)$/, async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[2]!);
    if (!m) return;
    const item = m.agenda[Number(ctx.match[4])];
    // A keyboard made for another order of the agenda points at other items: show the
    // current one. (An answer or a reminder since changes the meeting, not its agenda.)
    if (agendaStamp(m.agenda) !== ctx.match[3] || !item) {
      await ctx.answerCallbackQuery({ text: ctx.t("meeting-agenda-changed") });
      return showAgenda(ctx, meetings, m._id, true);
    }
    const r = await meetings.editAgenda(m._id, actor(ctx), {
      op: ctx.match[1] === "aup" ? "up" : "remove",
      itemId: item.id,
    });
    if (!r.ok) return alert(ctx, meetingResultText(ctx, r));
    await ctx.answerCallbackQuery({ text: ctx.t("meeting-agenda-updated") });
    await showAgenda(ctx, meetings, m._id, true);
  });
  pm.callbackQuery(new RegExp(`^m:async:${ID}$`), async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[1]!);
    if (!m) return;
    const r = await meetings.editAgenda(m._id, actor(ctx), { op: "sync" });
    if (!r.ok) return alert(ctx, meetingResultText(ctx, r));
    await ctx.answerCallbackQuery({ text: ctx.t("meeting-agenda-updated") });
    await showAgenda(ctx, meetings, m._id, true);
  });
  pm.callbackQuery(new RegExp(`^m:aadd:${ID}$`), async (ctx) => {
    const m = await scheduledOnly(ctx, ctx.match[1]!);
    if (!m) return;
    // Refused before the title is asked, not after it was typed.
    if (m.agenda.length >= MAX_AGENDA) return alert(ctx, ctx.t("meeting-result-agenda_full"));
    await enter(ctx, MEETING_AGENDA_ADD, m._id);
  });

  pm.callbackQuery(new RegExp(`^m:att:${ID}$`), async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[1]!);
    if (!m) return;
    await answeredWhile(ctx, showAttendance(ctx, meetings, m));
  });
  pm.callbackQuery(new RegExp(`^m:(mv|cx|min):${ID}$`), async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[2]!);
    if (!m) return;
    if (m.state !== "scheduled") return alert(ctx, meetingResultText(ctx, await meetings.stale(m)));
    const kind = ctx.match[1];
    if (kind === "min" && ctx.app.clock.now() < m.startAt)
      return alert(ctx, ctx.t("meeting-minutes-too-early"));
    await enter(
      ctx,
      kind === "mv" ? MEETING_MOVE : kind === "cx" ? MEETING_CANCEL : MEETING_MINUTES,
      m._id,
    );
  });

  // Ending a monthly series: asked first, with what it will cancel; re-checked on the answer.
  pm.callbackQuery(new RegExp(`^m:sx:${ID}$`), async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[1]!);
    if (!m) return;
    if (!(await meetings.seriesActive(m))) return alert(ctx, ctx.t("meeting-series-not-active"));
    await ctx.answerCallbackQuery();
    const later = await meetings.laterInSeries(m);
    await ctx.reply(
      ctx.t("meeting-ask-stop-series", {
        count: later.length,
        dates: later
          .map((x) => formatDateTime(x.startAt, ctx.lang))
          .join(ctx.lang === "fa" ? "، " : ", "),
      }),
      {
        reply_markup: new InlineKeyboard()
          .text(ctx.t("meeting-btn-stop-series-yes"), `m:sxok:${m._id}`)
          .text(ctx.t("meeting-btn-stop-series-no"), "m:sxno"),
      },
    );
  });
  pm.callbackQuery("m:sxno", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("meeting-series-kept"));
  });
  pm.callbackQuery(new RegExp(`^m:sxok:${ID}$`), async (ctx) => {
    const m = await secretaryOnly(ctx, ctx.match[1]!);
    if (!m) return;
    const r = await meetings.stopSeries(m._id, actor(ctx));
    if (!r.ok) return alert(ctx, ctx.t(`meeting-result-${r.why}`));
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("meeting-series-stopped", { count: r.cancelled }));
  });

  // Action items: the owner (or the meeting's secretary) acts; re-checked in the service.
  pm.callbackQuery(new RegExp(`^m:(aid|aidt):${ID}$`), async (ctx) => {
    const it = await meetings.getItem(ctx.match[2]!);
    if (!it) return alert(ctx, ctx.t("meeting-item-not_found"));
    const mayAct =
      ctx.match[1] === "aid"
        ? await meetings.canActOnItem(ctx.person!, it)
        : it.ownerIds.includes(ctx.person!._id);
    if (!mayAct) return alert(ctx, ctx.t("meeting-item-forbidden"));
    if (it.state !== "open") return alert(ctx, ctx.t("meeting-item-stale"));
    await enter(ctx, ctx.match[1] === "aid" ? MEETING_ITEM_DONE : MEETING_ITEM_DATE, it._id);
  });
  // The item id, then (on buttons made since) the date asked for, in base 36.
  pm.callbackQuery(/^m:(aiok|aino):([\w:-]{1,60}?)(?::([0-9a-z]{6,10}))?$/, async (ctx) => {
    const approve = ctx.match[1] === "aiok";
    const asked = ctx.match[3] === undefined ? undefined : Number.parseInt(ctx.match[3], 36);
    const r = await meetings.answerDateRequest(ctx.match[2]!, actor(ctx), approve, asked);
    if (!r.ok && r.why === "forbidden")
      return alert(ctx, ctx.t("meeting-item-date-secretary-only"));
    if (!r.ok) return alert(ctx, ctx.t(`meeting-item-${r.why}`));
    const text = ctx.t(
      approve ? "meeting-date-approved-secretary" : "meeting-date-refused-secretary",
      {
        date: formatJalaliDate(r.item.dueAt, ctx.lang),
      },
    );
    await ctx.answerCallbackQuery({ text: callbackText(text) });
    await ctx.reply(text);
  });

  return c;
}

export const meetingsFeature: FeatureModule = {
  name: "meetings",
  menu: (menu, deps) =>
    menu.add({
      key: "menu-meetings",
      order: 300,
      // Everyone on the roster takes part in some meeting; a bare admin account does not.
      visible: (p) => p.roles.some((r) => r !== "admin"),
      run: (ctx) => showList(ctx as Ctx, deps.services.meetings),
    }),
  conversations: (deps) => {
    const m = deps.services.meetings;
    return [
      { id: MEETING_NEW, builder: createMeetingNewConversation(deps, m) },
      { id: MEETING_MOVE, builder: createMeetingMoveConversation(deps, m) },
      { id: MEETING_CANCEL, builder: createMeetingCancelConversation(deps, m) },
      { id: MEETING_REASON, builder: createMeetingReasonConversation(deps, m) },
      { id: MEETING_AGENDA_ADD, builder: createMeetingAgendaAddConversation(deps, m) },
      { id: MEETING_ITEM_DONE, builder: createMeetingItemDoneConversation(deps, m) },
      { id: MEETING_ITEM_DATE, builder: createMeetingItemDateConversation(deps, m) },
      { id: MEETING_MINUTES, builder: createMeetingMinutesConversation(deps, m) },
    ];
  },
  composer: (deps) => meetingFeatures(deps.services.meetings),
};
