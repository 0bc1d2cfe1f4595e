import { InputFile } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { customPeriod } from "../src/stats/period.ts";
import { buildStatsMessage, exportKeyboard, type StatsMessage } from "../src/stats/present.ts";
import { mayUseStats, type StatsService } from "../src/stats/service.ts";
import { askText, CANCELLED, dateProblemText, typedJalaliDate } from "./kit.ts";

export const STATS_CUSTOM = "stats-custom";

/**
 * A custom period: two typed Jalali dates (any digits), then the statistics. The role is
 * re-checked in the store before anything is computed.
 */
export function createStatsCustomConversation(deps: AppDeps, stats: StatsService) {
  return async (conversation: Conv, ctx: ConvContext) => {
    const userId = ctx.from!.id;
    const lang = () => deps.langs.get(userId) ?? "fa";
    const t = deps.i18n.t.bind(deps.i18n) as (
      l: "fa" | "en",
      k: string,
      v?: Record<string, string | number>,
    ) => string;
    const who = await conversation.external(async () => {
      const identity = await deps.repos.identities.get(deps.platform, userId);
      const person = identity?.personId ? await deps.repos.people.get(identity.personId) : null;
      return mayUseStats(person) ? person : null;
    });
    if (!who) {
      await ctx.reply(ctx.t("stats-forbidden"));
      return;
    }
    const person = who;
    // Back to the main menu (the reply keyboard was replaced by the Cancel keyboard).
    const done = (c: ConvContext, key: string) =>
      c.reply(c.t(key), { reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    const validDate = async (text: string) =>
      typedJalaliDate(text)
        ? null
        : (dateProblemText(ctx, text, deps.langs.get(userId) ?? "fa") ?? ctx.t("stats-bad-date"));
    const from = await askText(conversation, ctx, deps, ctx.t("stats-ask-from"), {
      required: true,
      max: 40,
      validate: validDate,
    });
    if (from === CANCELLED) return done(ctx, "cancelled");
    let toCtx = from.ctx;
    let result: ReturnType<typeof customPeriod>;
    for (;;) {
      const to = await askText(conversation, toCtx, deps, toCtx.t("stats-ask-to"), {
        required: true,
        max: 40,
        validate: validDate,
      });
      if (to === CANCELLED) return done(toCtx, "cancelled");
      result = customPeriod(from.text!, to.text!);
      toCtx = to.ctx;
      if (result.ok) break;
      const why = result.why === "order" ? "order" : result.why === "too_long" ? "long" : "date";
      await toCtx.reply(toCtx.t(`stats-bad-${why}`));
    }
    const period = result.period;
    // The role again, now: it may have been taken away while the dates were typed.
    const msg: StatsMessage | null = await conversation.external(async () => {
      const now = await deps.repos.people.get(person._id);
      if (!mayUseStats(now)) return null;
      const district = await stats.district(person.districtId);
      return district ? buildStatsMessage(stats, district, period, lang(), t) : null;
    });
    if (!msg) return done(toCtx, "stats-forbidden");
    await toCtx.reply(msg.text, {
      reply_markup: exportKeyboard(msg, lang(), t),
    });
    for (const c of msg.charts)
      await toCtx.replyWithPhoto(new InputFile(Buffer.from(c.base64, "base64"), c.filename));
    await done(toCtx, "stats-done");
  };
}
