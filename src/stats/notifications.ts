import { InlineKeyboard } from "grammy";
import type { Renderers } from "../notify/renderers.ts";
import { digestText } from "./format.ts";
import { SNOTE, type StatsService } from "./service.ts";

/** Callback prefix of every stats button (menu, results, digest); `st:` not `s:`, which conversations use for subjects. */
export const STATS_PREFIX = "st:";

/** The digest is rendered at send time from the week's stored figures, in the reader's language. */
export function registerStatsRenderers(renderers: Renderers, stats: StatsService): void {
  renderers.register(SNOTE.digest, async (d, { lang, t }) => {
    const doc = await stats.getDigest(String(d.digestId));
    const district = doc ? await stats.district(doc.districtId) : null;
    if (!doc || !district) throw new Error(`digest ${String(d.digestId)} is missing`);
    return {
      text: digestText(doc.figures, district, lang, t, doc.at),
      reply_markup: new InlineKeyboard()
        .text(t(lang, "stats-period-this_month"), `${STATS_PREFIX}p:tm`)
        .text(t(lang, "stats-period-last_month"), `${STATS_PREFIX}p:lm`),
    };
  });
}
