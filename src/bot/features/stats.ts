import { Composer, InlineKeyboard, InputFile } from "grammy";
import { createStatsCustomConversation, STATS_CUSTOM } from "../../../conversations/stats.ts";
import type { Lang } from "../../repos/types.ts";
import { STATS_PREFIX } from "../../stats/notifications.ts";
import {
  namedPeriod,
  type Period,
  type PeriodKind,
  parseCompactDate,
  periodOfDays,
  tooLong,
} from "../../stats/period.ts";
import { buildStatsMessage, exportKeyboard } from "../../stats/present.ts";
import { mayUseStats, type StatsService } from "../../stats/service.ts";
import { type ExportKind, exportCsv } from "../../stats/visuals.ts";
import type { BaseContext, BotContext } from "../context.ts";
import type { FeatureModule } from "../feature.ts";
import { leaveFlows } from "../flows.ts";

const PERIODS: Record<string, PeriodKind> = { tm: "this_month", lm: "last_month", ty: "this_year" };
const EXPORTS: Record<string, ExportKind> = { r: "reports", p: "proposals", m: "meetings" };

function t(ctx: BaseContext) {
  return (lang: Lang, key: string, vars?: Record<string, string | number>) =>
    ctx.app.i18n.t(lang, key, vars);
}

function periodKeyboard(ctx: BaseContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("stats-period-this_month"), `${STATS_PREFIX}p:tm`)
    .text(ctx.t("stats-period-last_month"), `${STATS_PREFIX}p:lm`)
    .row()
    .text(ctx.t("stats-period-this_year"), `${STATS_PREFIX}p:ty`)
    .text(ctx.t("stats-period-custom"), `${STATS_PREFIX}p:custom`);
}

async function askPeriod(ctx: BaseContext) {
  if (!mayUseStats(ctx.person)) return ctx.reply(ctx.t("stats-forbidden"));
  return ctx.reply(ctx.t("stats-choose-period"), { reply_markup: periodKeyboard(ctx) });
}

async function sendStats(ctx: BaseContext, stats: StatsService, period: Period) {
  const district = await stats.district(ctx.person!.districtId);
  if (!district) return ctx.reply(ctx.t("stats-forbidden"));
  const msg = await buildStatsMessage(stats, district, period, ctx.lang, t(ctx));
  await ctx.reply(msg.text, { reply_markup: exportKeyboard(msg, ctx.lang, t(ctx)) });
  for (const c of msg.charts)
    await ctx.replyWithPhoto(new InputFile(Buffer.from(c.base64, "base64"), c.filename));
}

/**
 * The presidium's statistics and exports. Every press re-reads the person from the store
 * (the access gate loaded them for this update) and checks the role; data is never trusted.
 */
export function statsComposer(stats: StatsService): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.filter((ctx) => ctx.chat?.type === "private" && Boolean(ctx.person));

  pm.command("stats", async (ctx) => {
    await leaveFlows(ctx);
    await askPeriod(ctx);
  });

  pm.callbackQuery(/^st:/, async (ctx, next) => {
    if (mayUseStats(ctx.person)) return next();
    await ctx.answerCallbackQuery({ text: ctx.t("stats-forbidden"), show_alert: true });
  });

  pm.callbackQuery(/^st:p:(tm|lm|ty)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const district = await stats.district(ctx.person!.districtId);
    const kind = PERIODS[ctx.match[1]!]!;
    await sendStats(ctx, stats, namedPeriod(kind, ctx.app.clock.now(), district?.timeZone));
  });

  pm.callbackQuery(/^st:p:custom$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await leaveFlows(ctx);
    await ctx.conversation.enter(STATS_CUSTOM);
  });

  pm.callbackQuery(/^st:x:([rpm]):(\d{8}):(\d{8})$/, async (ctx) => {
    const first = parseCompactDate(ctx.match[2]!);
    const last = parseCompactDate(ctx.match[3]!);
    const district = await stats.district(ctx.person!.districtId);
    if (!first || !last || !district)
      return ctx.answerCallbackQuery({ text: ctx.t("callback-stale"), show_alert: true });
    let period: ReturnType<typeof periodOfDays>;
    try {
      period = periodOfDays(first, last, district.timeZone);
    } catch {
      return ctx.answerCallbackQuery({ text: ctx.t("callback-stale"), show_alert: true });
    }
    // Our buttons carry only periods the statistics accepted: anything else is forged.
    if (period.to <= period.from || tooLong(period))
      return ctx.answerCallbackQuery({ text: ctx.t("callback-stale"), show_alert: true });
    await ctx.answerCallbackQuery();
    const file = await exportCsv(
      EXPORTS[ctx.match[1]!]!,
      stats,
      district,
      period,
      ctx.lang,
      t(ctx),
    );
    await ctx.replyWithDocument(new InputFile(file.bytes, file.filename), {
      caption: ctx.t("stats-export-caption", { rows: file.rows }),
    });
  });

  // Any other st: data (old or forged) gets an answer and changes nothing.
  pm.callbackQuery(/^st:/, (ctx) => ctx.answerCallbackQuery({ text: ctx.t("callback-stale") }));
  return c;
}

export const statsFeature: FeatureModule = {
  name: "stats",
  menu: (menu) =>
    menu.add({
      key: "stats-menu",
      order: 700,
      visible: (p) => mayUseStats(p),
      run: askPeriod,
    }),
  conversations: (deps) => [
    { id: STATS_CUSTOM, builder: createStatsCustomConversation(deps, deps.services.stats) },
  ],
  composer: (deps) => statsComposer(deps.services.stats),
};
