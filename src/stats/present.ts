/** Statistics for a period as messages: shared by the menu flow and the custom-period conversation. */
import { InlineKeyboard } from "grammy";
import type { DistrictDoc } from "../district/schema.ts";
import type { Lang } from "../repos/types.ts";
import { statsText, type T } from "./format.ts";
import { STATS_PREFIX } from "./notifications.ts";
import { compactDate, type Period } from "./period.ts";
import type { StatsService } from "./service.ts";
import { statsCharts } from "./visuals.ts";

/** JSON-safe (it crosses `conversation.external`): charts as base64. */
export interface StatsMessage {
  text: string;
  charts: { filename: string; base64: string }[];
  from: string;
  to: string;
}

export async function buildStatsMessage(
  stats: StatsService,
  district: DistrictDoc,
  period: Period,
  lang: Lang,
  t: T,
): Promise<StatsMessage> {
  const s = await stats.reportStats(district, period);
  return {
    text: statsText(s, district, period, lang, t),
    charts: statsCharts(s, district, period, lang, t).map((c) => ({
      filename: c.filename,
      base64: Buffer.from(c.bytes).toString("base64"),
    })),
    from: compactDate(period.first),
    to: compactDate(period.last),
  };
}

/** Export buttons for the period; the dates travel in the data and are re-checked on press. */
export function exportKeyboard(m: { from: string; to: string }, lang: Lang, t: T): InlineKeyboard {
  const span = `${m.from}:${m.to}`;
  return new InlineKeyboard()
    .text(t(lang, "stats-export-reports"), `${STATS_PREFIX}x:r:${span}`)
    .row()
    .text(t(lang, "stats-export-proposals"), `${STATS_PREFIX}x:p:${span}`)
    .row()
    .text(t(lang, "stats-export-meetings"), `${STATS_PREFIX}x:m:${span}`);
}
