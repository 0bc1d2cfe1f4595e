import { dropReportForm } from "../../conversations/report.ts";
import type { BotContext } from "./context.ts";

/**
 * Leaves whatever this chat is in the middle of — a conversation, or the report form (kept
 * as a document of its own) — before another flow starts or on /cancel. True if there was one.
 */
export async function leaveFlows(ctx: BotContext): Promise<boolean> {
  const active = Object.keys(ctx.conversation.active()).length > 0;
  await ctx.conversation.exitAll();
  const dropped = await dropReportForm(ctx);
  return active || dropped;
}
