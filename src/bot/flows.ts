import { dropReportForm, hasReportForm } from "../../conversations/report.ts";
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

/**
 * leaveFlows for a command or menu button that goes elsewhere: a signed-in person whose
 * form was open is told it was closed (sign-in itself is left without a word).
 */
export async function leaveFlowsSaying(ctx: BotContext): Promise<boolean> {
  const left = await leaveFlows(ctx);
  if (left && ctx.person) await ctx.reply(ctx.t("form-left-for-menu"));
  return left;
}

/** Whether this chat is in the middle of a form (a conversation, or the report form). */
export async function inFlow(ctx: BotContext): Promise<boolean> {
  return Object.keys(ctx.conversation.active()).length > 0 || (await hasReportForm(ctx));
}
