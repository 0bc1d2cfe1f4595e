import { PROPOSAL_FORM } from "../../conversations/proposal.ts";
import { dropReportForm, hasReportForm } from "../../conversations/report.ts";
import type { BotContext } from "./context.ts";

/**
 * Leaves whatever this chat is in the middle of — a conversation, or the report form (kept
 * as a document of its own) — before another flow starts or on /cancel. True if there was one.
 * A proposal form left before its first answer leaves no untitled draft, nor a field marked
 * for editing; `keepDraft` is the draft about to be opened, kept even when still empty.
 */
export async function leaveFlows(ctx: BotContext, keepDraft?: string): Promise<boolean> {
  const active = Object.keys(ctx.conversation.active()).length > 0;
  const proposalForm = ctx.conversation.active(PROPOSAL_FORM) > 0;
  await ctx.conversation.exitAll();
  if (proposalForm && ctx.person && ctx.chat)
    await ctx.app.services.proposals.formLeft(
      ctx.person._id,
      ctx.app.platform,
      ctx.chat.id,
      keepDraft,
    );
  const dropped = await dropReportForm(ctx);
  return active || dropped;
}

/**
 * leaveFlows for a command or menu button that goes elsewhere: a signed-in person whose
 * form was open is told it was closed (sign-in itself is left without a word).
 */
export async function leaveFlowsSaying(ctx: BotContext, keepDraft?: string): Promise<boolean> {
  const left = await leaveFlows(ctx, keepDraft);
  if (left && ctx.person) await ctx.reply(ctx.t("form-left-for-menu"));
  return left;
}

/**
 * Whether this chat is in the middle of a form (a conversation, or the report form); one
 * conversation may be left out (`except`), as one about to be replaced anyway.
 */
export async function inFlow(ctx: BotContext, except?: string): Promise<boolean> {
  const open = Object.keys(ctx.conversation.active()).some((name) => name !== except);
  return open || (await hasReportForm(ctx));
}
