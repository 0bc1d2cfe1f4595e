import { Composer } from "grammy";
import { ReportForm } from "../../../conversations/report.ts";
import {
  createReportActionConversation,
  createReportAnswerConversation,
  REPORT_ACTION,
  REPORT_ANSWER,
} from "../../../conversations/report-action.ts";
import { hasRole } from "../../district/roles.ts";
import { localizeDigits } from "../../domain/digits.ts";
import { canApply, isOpen, OWNER_ACTIONS, type OwnerAction } from "../../domain/reports.ts";
import { formatTrackingCode, parseTrackingCode } from "../../domain/tracking.ts";
import { explainResult, resultText } from "../../reports/explain.ts";
import { cardWithHistory, historyLines } from "../../reports/history.ts";
import { cardText, ownerKeyboard, stateLabel } from "../../reports/notifications.ts";
import { type ActResult, type ReportService, WAITING_LIST } from "../../reports/service.ts";
import type { ReportDoc } from "../../reports/types.ts";
import type { PersonDoc } from "../../repos/types.ts";
import type { ListKey } from "../../store/keyed.ts";
import type { ListAt } from "../../store/port.ts";
import type { AppDeps, BaseContext, BotContext } from "../context.ts";
import { answerAndSay, answeredWhile, type FeatureModule } from "../feature.ts";
import { leaveFlowsSaying } from "../flows.ts";
import { daysSince, keyedPages, showButtonList, showKeyedList } from "../lists.ts";
import type { MenuRegistry } from "../menu.ts";

const PAGE = 5;

/** People who can own a report at some rung, and so have an inbox. */
export function mayOwnReports(p: PersonDoc): boolean {
  return [
    "wg_secretary",
    "neighborhood_secretary",
    "district_wg_secretary",
    "presidium",
    "liaison",
  ].some((k) => hasRole(p.roles, k as never));
}

export function registerReportMenu(menu: MenuRegistry, reports: ReportService): void {
  menu.add({
    key: "menu-report",
    order: 100,
    visible: (p) => hasRole(p.roles, "councillor"),
    run: (ctx) => reportForm(ctx.app).start(ctx as BotContext),
  });
  menu.add({
    key: "menu-my-reports",
    order: 110,
    visible: (p) => hasRole(p.roles, "councillor"),
    run: (ctx) => showMine(ctx, reports, { from: "top" }, false),
  });
  menu.add({
    key: "menu-waiting",
    order: 120,
    visible: mayOwnReports,
    run: (ctx) => showWaiting(ctx, reports),
  });
}

/** "My reports" pages continue from the creation time and number of a report shown. */
const MINE_PAGES = keyedPages("rl:");

async function showMine(
  ctx: BaseContext,
  reports: ReportService,
  at: ListAt<ListKey>,
  edit: boolean,
) {
  return showKeyedList(ctx, {
    fetch: (from, limit) => reports.mine(ctx.person!._id, from, limit),
    at,
    size: PAGE,
    title: ctx.t("my-reports-title"),
    empty: ctx.t("my-reports-empty"),
    label: (r) =>
      ctx.t("my-reports-item", {
        code: localizeDigits(r.code, ctx.lang),
        // Their own reports: a resolved one waits for their confirmation.
        state: stateLabel(r.state, ctx.lang, (_l, k, v) => ctx.t(k, v), true),
      }),
    open: (r) => `ro:${r._id}`,
    keyOf: (r): ListKey => [r.createdAt, r.seq],
    nextData: MINE_PAGES.next,
    prevData: MINE_PAGES.prev,
    edit,
  });
}

async function showWaiting(ctx: BaseContext, reports: ReportService) {
  const rows = await reports.waitingFor(ctx.person!);
  return showButtonList(ctx, {
    rows,
    // Only a full list may be the head of a longer one.
    total: rows.length < WAITING_LIST ? rows.length : await reports.countWaiting(ctx.person!),
    title: ctx.t("waiting-title"),
    empty: ctx.t("waiting-empty"),
    label: (r) =>
      ctx.t("waiting-item", {
        code: localizeDigits(r.code, ctx.lang),
        state: ctx.t(`report-state-${r.state}`),
        days: daysSince(ctx, r.stateSince),
      }),
    open: (r) => `ro:${r._id}`,
  });
}

/** The card with its history from the audit trail; owners also get the action buttons. */
async function showCard(ctx: BaseContext, reports: ReportService, report: ReportDoc) {
  const person = ctx.person!;
  const t = (lang: "fa" | "en", key: string, vars?: Record<string, string | number>) =>
    ctx.app.i18n.t(lang, key, vars);
  const history = await reports.history(report._id);
  const names = new Map<string, string>();
  for (const h of history) {
    const id = h.actor.personId;
    if (id && !names.has(id)) names.set(id, (await ctx.app.repos.people.get(id))?.name ?? "—");
  }
  const card = await reports.card(report);
  const text = cardWithHistory(
    // The reporter reads a resolved report as waiting for their own confirmation.
    cardText(report.reporterId === person._id ? { ...card, mine: 1 } : card, ctx.lang, t),
    historyLines(history, names, ctx.lang, t),
    ctx.lang,
    t,
  );
  // The owner's buttons only while the report waits for them (none on a closed one).
  const canAct = isOpen(report.state) && (await reports.canAct(person, report));
  return ctx.reply(
    text,
    canAct ? { reply_markup: ownerKeyboard(report._id, ctx.lang, t, card) } : {},
  );
}

async function loadVisible(
  ctx: BaseContext,
  reports: ReportService,
  id: string,
): Promise<ReportDoc | null> {
  const report = await reports.get(id);
  if (!report || !(await reports.canSee(ctx.person!, report))) return null;
  return report;
}

export function reportFeatures(reports: ReportService): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.filter((ctx) => ctx.chat?.type === "private" && Boolean(ctx.person));
  const actor = (ctx: BaseContext) => ({
    personId: ctx.person!._id,
    platform: ctx.app.platform,
    userId: ctx.from!.id,
  });

  pm.command("track", async (ctx) => {
    const parsed = parseTrackingCode(ctx.match ?? "");
    if (!parsed) return ctx.reply(ctx.t("track-usage"));
    const report = await reports.byCode(ctx.person!.districtId, formatTrackingCode(parsed, "en"));
    if (!report || !(await reports.canSee(ctx.person!, report)))
      return ctx.reply(ctx.t("report-not-found"));
    return showCard(ctx, reports, report);
  });

  pm.callbackQuery(MINE_PAGES.pattern, async (ctx) => {
    await answeredWhile(ctx, showMine(ctx, reports, MINE_PAGES.at(ctx.match), true));
  });

  // Page buttons sent before pages were keyed carry a page number: that page as it is now
  // (or the last one that has items).
  pm.callbackQuery(/^rl:(\d{1,4})$/, async (ctx) => {
    const at = { from: "offset", skip: Number(ctx.match[1]) * PAGE } as const;
    await answeredWhile(ctx, showMine(ctx, reports, at, true));
  });

  pm.callbackQuery(/^(?:ro|r:view):([\w-]{1,40})$/, async (ctx) => {
    const report = await loadVisible(ctx, reports, ctx.match[1]!);
    if (!report)
      return ctx.answerCallbackQuery({ text: ctx.t("report-not-found"), show_alert: true });
    await answeredWhile(ctx, showCard(ctx, reports, report));
  });

  // Owner actions. The data names an action and an opaque id; the role and the report's
  // state are re-checked in the store on every press.
  pm.callbackQuery(/^r:(\w+):([\w-]{1,40})$/, async (ctx, next) => {
    const action = ctx.match[1] as OwnerAction;
    if (!OWNER_ACTIONS.includes(action)) return next();
    const id = ctx.match[2]!;
    if (action === "ack") {
      const r = await reports.act(id, "ack", actor(ctx));
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(r)),
        !r.ok,
      );
    }
    const report = await reports.get(id);
    if (!report) return answerAndSay(ctx, ctx.t("report-not-found"), true);
    const access = await reports.access(ctx.person!, report);
    if (access !== "yes") {
      const refused: ActResult =
        access === "role_gone"
          ? { ok: false, why: "forbidden", roleGone: true, report }
          : { ok: false, why: "forbidden" };
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(refused)),
        true,
      );
    }
    if (!canApply(action, report.state)) {
      const r = await reports.stale(report);
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(r)),
        true,
      );
    }
    // Said before asking for a note it could not use (the service refuses it again).
    if (action === "noagree" && !(await reports.noAgreeRoute(report)))
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(reports.noAgreeRefused(report))),
        true,
      );
    await ctx.answerCallbackQuery();
    // A draft left open is told closed, as when a menu button leaves it.
    await leaveFlowsSaying(ctx);
    await ctx.conversation.enter(REPORT_ACTION, id, action);
  });

  // The reporter's side: confirm a resolution, answer a question.
  pm.callbackQuery(/^r:(fixed|notfixed):([\w-]{1,40})(?::(\d{1,6}))?$/, async (ctx) => {
    const n = ctx.match[3] ? Number(ctx.match[3]) : undefined;
    const r = await reports.confirm(ctx.match[2]!, actor(ctx), ctx.match[1] === "fixed", n);
    const ok =
      ctx.match[1] === "fixed" ? "report-thanks-confirm-fixed" : "report-thanks-confirm-notfixed";
    return answerAndSay(
      ctx,
      resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(r, ok)),
      !r.ok,
    );
  });

  pm.callbackQuery(/^r:answer:([\w-]{1,40}):(\w{1,16})$/, async (ctx) => {
    const report = await reports.get(ctx.match[1]!);
    if (!report || report.reporterId !== ctx.person!._id)
      return answerAndSay(ctx, ctx.t("report-forbidden"), true);
    const q = report.questions.find((x) => x.id === ctx.match[2]);
    if (q && q.answer === undefined && !isOpen(report.state))
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, {
          key: "report-answer-not-open",
          vars: { code: report.code, state: report.state },
        }),
        true,
      );
    if (!q || q.answer !== undefined) {
      const r = await reports.stale(report);
      return answerAndSay(
        ctx,
        resultText((k, v) => ctx.t(k, v), ctx.lang, explainResult(r)),
        true,
      );
    }
    await ctx.answerCallbackQuery();
    // A draft left open is told closed, as when a menu button leaves it.
    await leaveFlowsSaying(ctx);
    await ctx.conversation.enter(REPORT_ANSWER, report._id, q.id);
  });

  return c;
}

/** One report form per bot instance (its deps: platform, store, translator). */
const forms = new WeakMap<AppDeps, ReportForm>();
function reportForm(deps: AppDeps): ReportForm {
  const known = forms.get(deps);
  if (known) return known;
  const f = new ReportForm(deps, deps.services.reports);
  forms.set(deps, f);
  return f;
}

export const reportsFeature: FeatureModule = {
  name: "reports",
  menu: (menu, deps) => registerReportMenu(menu, deps.services.reports),
  forms: (deps) => [reportForm(deps).middleware()],
  conversations: (deps) => [
    { id: REPORT_ACTION, builder: createReportActionConversation(deps, deps.services.reports) },
    { id: REPORT_ANSWER, builder: createReportAnswerConversation(deps, deps.services.reports) },
  ],
  composer: (deps) => reportFeatures(deps.services.reports),
};
