import { InlineKeyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { localizeDigits } from "../src/domain/digits.ts";
import { formatJalaliDate, jalaliToUtc } from "../src/domain/time.ts";
import { refusalOf, refusalText } from "../src/meetings/results.ts";
import type { MeetingService, MinutesInput } from "../src/meetings/service.ts";
import type { ActionOwner, AgendaItem, MinutesItemDecision } from "../src/meetings/types.ts";
import { askText, CANCELLED, choose, isCancelText, waitNext, withCancel } from "./kit.ts";
import { begin, dayWarning, pickDate, tr } from "./meeting.ts";

export const MEETING_MINUTES = "meetingMinutes";

/** Agenda items that get a decision each (longer agendas: the rest share one note). */
const MAX_DECISIONS = 12;
const MAX_ACTIONS = 10;

/**
 * Minutes: who attended (prefilled from the answers) → a decision per agenda item (and,
 * for a report, whether to refer or resolve it) → action items (what, owner from the
 * participants or a municipal deputy, due date) → summary → save. Nothing is stored
 * before the final confirmation; saving re-checks the meeting's state.
 */
export function createMeetingMinutesConversation(deps: AppDeps, meetings: MeetingService) {
  return async function meetingMinutes(conversation: Conv, ctx: ConvContext, meetingId: string) {
    const me = await begin(conversation, ctx, deps);
    if (!me) return;
    const { userId, person, district, lang, finish } = me;
    const info = await conversation.external(async () => {
      const m = await meetings.agendaOf(meetingId);
      if (!m) return null;
      const people = await Promise.all(m.participants.map((id) => deps.repos.people.get(id)));
      return {
        ok: m.state === "scheduled" && (await meetings.isSecretary(person, m)),
        started: deps.clock.now() >= m.startAt,
        agenda: m.agenda,
        participants: m.participants.map((id, i) => ({ id, name: people[i]?.name ?? "—" })),
        yes: m.participants.filter((p) => m.rsvp[p]?.answer === "yes"),
      };
    });
    if (!info?.ok) return void (await finish(ctx, ctx.t("meeting-result-forbidden")));
    if (!info.started) return void (await finish(ctx, ctx.t("meeting-minutes-too-early")));
    const agenda = info.agenda as AgendaItem[];
    const cancelled = (c: ConvContext) => finish(c, c.t("cancelled"));

    // 1. Attendance: toggles, prefilled from RSVPs.
    const attended = new Set<string>(info.yes);
    const attKb = () => {
      const kb = new InlineKeyboard();
      info.participants.forEach((p, i) => {
        kb.text(`${attended.has(p.id) ? "✅" : "⬜"} ${p.name}`, `mt:${i}`);
        if (i % 2 === 1) kb.row();
      });
      return withCancel(kb.row().text(ctx.t("meeting-btn-next-step"), "mt:done"), ctx);
    };
    const attMsg = await ctx.reply(ctx.t("meeting-ask-attendance"), { reply_markup: attKb() });
    let current = ctx;
    for (;;) {
      const next = await waitNext(conversation);
      current = next;
      const data = next.callbackQuery?.data;
      if (data === undefined) {
        if (isCancelText(deps, next.message?.text)) return cancelled(next);
        await next.reply(next.t("report-press-a-button"));
        continue;
      }
      if (data === "x:cancel") {
        await next.answerCallbackQuery();
        return cancelled(next);
      }
      // A button of an older message: said so, rather than a press that does nothing.
      if (next.callbackQuery?.message?.message_id !== attMsg.message_id) {
        await next.answerCallbackQuery({ text: next.t("callback-stale") });
        continue;
      }
      await next.answerCallbackQuery();
      if (data === "mt:done") break;
      const p = /^mt:(\d+)$/.exec(data) ? info.participants[Number(data.slice(3))] : undefined;
      if (!p) continue;
      if (attended.has(p.id)) attended.delete(p.id);
      else attended.add(p.id);
      await next.editMessageReplyMarkup({ reply_markup: attKb() }).catch(() => undefined);
    }

    // 2. Decisions per agenda item.
    const decisions: MinutesItemDecision[] = [];
    for (const [i, item] of agenda.slice(0, MAX_DECISIONS).entries()) {
      const r = await askText(
        conversation,
        current,
        deps,
        current.t("meeting-ask-decision", {
          n: i + 1,
          total: Math.min(agenda.length, MAX_DECISIONS),
          title: localizeDigits(item.title, lang),
        }),
        { required: false, max: 500 },
      );
      if (r === CANCELLED) return cancelled(current);
      current = r.ctx;
      const d: MinutesItemDecision = {
        agendaItemId: item.id,
        ...(r.text ? { decision: r.text } : {}),
      };
      if (item.kind === "report") {
        const a = await choose(
          conversation,
          current,
          current.t("meeting-ask-report-action"),
          new InlineKeyboard()
            .text(current.t("meeting-btn-report-refer"), "mx:refer")
            .text(current.t("meeting-btn-report-resolve"), "mx:resolve")
            .row()
            .text(current.t("meeting-btn-report-none"), "mx:none"),
          (x) => ["mx:refer", "mx:resolve", "mx:none"].includes(x),
        );
        if (a === CANCELLED) return cancelled(current);
        current = a.ctx;
        if (a.data !== "mx:none") d.reportAction = a.data.slice(3) as "refer" | "resolve";
      }
      decisions.push(d);
    }
    // The items past the twelfth share one note: asked one by one, a long agenda would be a
    // long walk; left out, they would vanish from the minutes without a word.
    let notes: string | undefined;
    const rest = agenda.slice(MAX_DECISIONS);
    if (rest.length) {
      const r = await askText(
        conversation,
        current,
        deps,
        current.t("meeting-ask-notes-rest", {
          count: rest.length,
          titles: rest.map((x) => `• ${localizeDigits(x.title, lang)}`).join("\n"),
        }),
        { required: false, max: 1000 },
      );
      if (r === CANCELLED) return cancelled(current);
      current = r.ctx;
      notes = r.text;
    }

    // 3. Action items.
    const actions: MinutesInput["actionItems"] = [];
    while (actions.length < MAX_ACTIONS) {
      const more = await choose(
        conversation,
        current,
        current.t("meeting-ask-actions", { count: actions.length }),
        new InlineKeyboard()
          .text(current.t("meeting-btn-add-action"), "mi:add")
          .row()
          .text(current.t("meeting-btn-next-step"), "mi:done"),
        (x) => x === "mi:add" || x === "mi:done",
      );
      if (more === CANCELLED) return cancelled(current);
      current = more.ctx;
      if (more.data === "mi:done") break;
      const what = await askText(
        conversation,
        current,
        deps,
        current.t("meeting-ask-action-text"),
        {
          required: true,
          max: 300,
        },
      );
      if (what === CANCELLED) return cancelled(current);
      current = what.ctx;
      const ok = new InlineKeyboard();
      info.participants.forEach((p, i) => {
        ok.text(p.name, `mo:${i}`);
        if (i % 2 === 1) ok.row();
      });
      ok.row();
      for (const dep of district.deputies)
        ok.text(
          current.t("meeting-owner-deputy", { deputy: dep.name[lang] }),
          `md:${dep.code}`,
        ).row();
      const owner = await choose(
        conversation,
        current,
        current.t("meeting-ask-owner"),
        ok,
        (x) =>
          (/^mo:\d+$/.test(x) && Number(x.slice(3)) < info.participants.length) ||
          district.deputies.some((dep) => `md:${dep.code}` === x),
      );
      if (owner === CANCELLED) return cancelled(current);
      current = owner.ctx;
      const o: ActionOwner = owner.data.startsWith("mo:")
        ? { type: "person", personId: info.participants[Number(owner.data.slice(3))]!.id }
        : { type: "deputy", code: owner.data.slice(3) };
      // Due at 14:00 of the day picked: a day whose 14:00 has passed (today, late) would
      // make the item overdue, and escalated, at once.
      let dueAt: number;
      for (;;) {
        const due = await pickDate(
          conversation,
          current,
          deps,
          district,
          lang,
          current.t("meeting-ask-due"),
        );
        if (due === CANCELLED) return cancelled(current);
        current = due.ctx;
        dueAt = jalaliToUtc({ ...due.date, hour: 14 }, district.timeZone);
        const now = await conversation.external(() => deps.clock.now());
        if (dueAt <= now) {
          await current.reply(current.t("meeting-due-past"));
          continue;
        }
        // As for a meeting's date: a Friday or a holiday is allowed, but said.
        const warn = dayWarning(current, district, due.date);
        if (warn) await current.reply(warn);
        break;
      }
      actions.push({ text: what.text!, owner: o, dueAt });
    }

    // 4. Summary and save.
    const lines = [
      current.t("meeting-minutes-summary"),
      current.t("meeting-minutes-attended", {
        count: attended.size,
        names:
          info.participants
            .filter((p) => attended.has(p.id))
            .map((p) => p.name)
            .join(lang === "fa" ? "، " : ", ") || "—",
      }),
      ...decisions.map(
        (d, i) =>
          `${localizeDigits(String(i + 1), lang)}. ${d.decision ?? "—"}${d.reportAction ? ` (${current.t(`meeting-btn-report-${d.reportAction}`)})` : ""}`,
      ),
      ...(notes ? [current.t("meeting-card-notes", { notes })] : []),
      ...actions.map(
        (a) =>
          `• ${a.text} — ${
            a.owner.type === "person"
              ? (info.participants.find((p) => p.id === (a.owner as { personId: string }).personId)
                  ?.name ?? "")
              : current.t("meeting-owner-deputy", {
                  deputy:
                    district.deputies.find((d) => d.code === (a.owner as { code: string }).code)
                      ?.name[lang] ?? "",
                })
          } — ${formatJalaliDate(a.dueAt, lang)}`,
      ),
    ];
    // The whole summary, over several messages when long: nothing is saved unseen.
    const pages = packLines(lines, 3900);
    for (const page of pages.slice(0, -1)) await current.reply(page);
    const ok = await choose(
      conversation,
      current,
      pages.at(-1)!,
      new InlineKeyboard().text(current.t("meeting-btn-save"), "mf:ok"),
      (x) => x === "mf:ok",
    );
    if (ok === CANCELLED) return cancelled(current);
    const res = await conversation.external(async () => {
      const out = await meetings.recordMinutes(
        meetingId,
        { personId: person._id, platform: deps.platform, userId },
        { attended: [...attended], decisions, actionItems: actions, ...(notes ? { notes } : {}) },
      );
      if (!out.ok) return { ok: false, refusal: refusalOf(out), failed: 0 };
      const failed = (out.meeting.minutes?.decisions ?? []).filter(
        (d) => d.reportResult && d.reportResult !== "ok",
      ).length;
      return { ok: true, failed };
    });
    if (!res.ok) return void (await finish(ok.ctx, refusalText(res.refusal!, lang, tr(deps))));
    await finish(
      ok.ctx,
      res.failed
        ? `${ok.ctx.t("meeting-minutes-saved")}\n${ok.ctx.t("meeting-minutes-report-failed", { count: res.failed })}`
        : ok.ctx.t("meeting-minutes-saved"),
    );
  };
}

/** Lines packed into messages of at most `max` characters, breaking between lines. */
function packLines(lines: string[], max: number): string[] {
  const pages: string[] = [];
  let page = "";
  for (const line of lines) {
    const next = page ? `${page}\n${line}` : line;
    if (page && next.length > max) {
      pages.push(page);
      page = line;
    } else page = next;
  }
  pages.push(page.slice(0, max));
  return pages;
}
