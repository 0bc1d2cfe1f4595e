import { InlineKeyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import type { OwnerAction } from "../src/domain/reports.ts";
import { formatTrackingCode, parseTrackingCode } from "../src/domain/tracking.ts";
import { explainResult, resultText } from "../src/reports/explain.ts";
import type { ActInput, ReportService } from "../src/reports/service.ts";
import type { PersonDoc } from "../src/repos/types.ts";
import { askText, CANCELLED, choose } from "./kit.ts";

export const REPORT_ACTION = "reportAction";
export const REPORT_ANSWER = "reportAnswer";

/**
 * An owner's action that needs words: refer (deputy or unit, note), resolve (note), reject
 * (reason, original's code for a duplicate, note), no agreement (note), ask (question).
 * The decision is re-checked against the store when it is applied, not when it began.
 */
export function createReportActionConversation(deps: AppDeps, reports: ReportService) {
  return async function reportAction(
    conversation: Conv,
    ctx: ConvContext,
    reportId: string,
    action: OwnerAction,
  ): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const info = await conversation.external(async () => {
      const identity = await deps.repos.identities.get(deps.platform, userId);
      const person = identity?.personId ? await deps.repos.people.get(identity.personId) : null;
      const report = await reports.get(reportId);
      const district = person ? await deps.repos.districts.get(person.districtId) : null;
      if (!person || !report || !district) return null;
      return {
        person,
        code: report.code,
        districtId: district._id,
        deputies: district.deputies.map((d) => ({ code: d.code, fa: d.name.fa, en: d.name.en })),
      };
    });
    if (!info) return;
    const lang = deps.langs.get(userId) ?? "fa";
    const person = info.person as PersonDoc;
    const done = async (c: ConvContext, text: string) => {
      await c.reply(text, { reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    };
    const cancelled = (c: ConvContext) => done(c, c.t("cancelled"));
    const input: ActInput = {};
    let current = ctx;

    if (action === "refer") {
      const kb = new InlineKeyboard();
      for (const d of info.deputies) kb.text(d[lang], `a:dep:${d.code}`).row();
      kb.text(ctx.t("report-btn-other-unit"), "a:other");
      const r = await choose(
        conversation,
        current,
        ctx.t("report-ask-deputy"),
        kb,
        (d) => d === "a:other" || info.deputies.some((x) => `a:dep:${x.code}` === d),
      );
      if (r === CANCELLED) return cancelled(current);
      current = r.ctx;
      if (r.data === "a:other") {
        const unit = await askText(conversation, current, deps, current.t("report-ask-unit"), {
          required: true,
          max: 200,
        });
        if (unit === CANCELLED) return cancelled(current);
        input.unit = unit.text;
        current = unit.ctx;
      } else {
        const dep = info.deputies.find((x) => `a:dep:${x.code}` === r.data)!;
        // Both names: the reporter and supporters read it in their own language.
        input.deputy = dep.fa;
        input.deputyEn = dep.en;
        input.deputyCode = dep.code;
      }
    }

    if (action === "reject") {
      const r = await choose(
        conversation,
        current,
        current.t("report-ask-reject-reason"),
        new InlineKeyboard()
          .text(current.t("report-btn-reason-duplicate"), "a:duplicate")
          .row()
          .text(current.t("report-btn-reason-out_of_scope"), "a:out_of_scope"),
        (d) => d === "a:duplicate" || d === "a:out_of_scope",
      );
      if (r === CANCELLED) return cancelled(current);
      current = r.ctx;
      input.reason = r.data === "a:duplicate" ? "duplicate" : "out_of_scope";
      if (input.reason === "duplicate") {
        const code = await askText(
          conversation,
          current,
          deps,
          current.t("report-ask-duplicate-code"),
          {
            required: true,
            validate: async (text) => {
              const parsed = parseTrackingCode(text);
              const canonical = parsed ? formatTrackingCode(parsed, "en") : null;
              const original = await conversation.external(async () =>
                canonical && canonical !== info.code
                  ? ((await reports.byCode(info.districtId, canonical))?.state ?? null)
                  : null,
              );
              if (!original) return current.t("report-duplicate-code-bad");
              // A rejected report is no original: two reports could each be closed as the
              // other's duplicate, and the problem lost.
              if (original === "rejected") return current.t("report-duplicate-code-rejected");
              return null;
            },
          },
        );
        if (code === CANCELLED) return cancelled(current);
        const parsed = parseTrackingCode(code.text!)!;
        input.duplicateOf = formatTrackingCode(parsed, "en");
        current = code.ctx;
      }
    }

    const needsNote = action === "resolve" || action === "noagree";
    if (action === "ask") {
      const q = await askText(conversation, current, deps, current.t("report-ask-question"), {
        required: true,
      });
      if (q === CANCELLED) return cancelled(current);
      input.question = q.text;
      current = q.ctx;
    } else {
      const note = await askText(
        conversation,
        current,
        deps,
        current.t(needsNote ? "report-ask-note-required" : "report-ask-note"),
        { required: needsNote },
      );
      if (note === CANCELLED) return cancelled(current);
      if (note.text) input.note = note.text;
      current = note.ctx;
    }

    const result = await conversation.external(async () => {
      const r = await reports.act(
        reportId,
        action,
        { personId: person._id, platform: deps.platform, userId },
        input,
      );
      return explainResult(r);
    });
    await done(
      current,
      resultText((k, v) => current.t(k, v), lang, result, info.code),
    );
  };
}

/** The reporter answers an owner's question. */
export function createReportAnswerConversation(deps: AppDeps, reports: ReportService) {
  return async function reportAnswer(
    conversation: Conv,
    ctx: ConvContext,
    reportId: string,
    questionId: string,
  ): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const person = (await conversation.external(async () => {
      const identity = await deps.repos.identities.get(deps.platform, userId);
      return identity?.personId ? deps.repos.people.get(identity.personId) : null;
    })) as PersonDoc | null;
    if (!person) return;
    const a = await askText(conversation, ctx, deps, ctx.t("report-ask-answer"), {
      required: true,
    });
    const menu = (c: ConvContext) => ({ reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    if (a === CANCELLED) return void (await ctx.reply(ctx.t("cancelled"), menu(ctx)));
    const result = await conversation.external(async () =>
      explainResult(
        await reports.answer(
          reportId,
          questionId,
          { personId: person._id, platform: deps.platform, userId },
          a.text!,
        ),
        "report-thanks-answer",
      ),
    );
    const lang = deps.langs.get(userId) ?? "fa";
    await a.ctx.reply(
      resultText((k, v) => a.ctx.t(k, v), lang, result),
      menu(a.ctx),
    );
  };
}
