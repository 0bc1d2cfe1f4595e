import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { hasWords, visibleLength } from "../src/domain/text.ts";
import { explainedText, explainProposal } from "../src/proposals/explain.ts";
import type { ProposalService } from "../src/proposals/service.ts";
import type { SignatureRecord } from "../src/proposals/types.ts";
import { cutWhole } from "../src/reports/history.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";
import {
  askText,
  CANCELLED,
  cancelKeyboard,
  isCancelText,
  pressWhileWaiting,
  sentLength,
  waitNext,
} from "./kit.ts";

export const PROPOSAL_DECIDE = "proposalDecide";
export const PROPOSAL_PAPER = "proposalPaper";

/** A return comment or a rejection reason tells the proposer what to change: a few words. */
const NOTE_MIN = 3;
const NOTE_MAX = 1000;
const noteRule =
  (ctx: ConvContext) =>
  async (text: string): Promise<string | null> => {
    // A validator checks the length too (askText leaves it to it), as Telegram counts.
    const length = sentLength(text);
    if (length > NOTE_MAX) return ctx.t("answer-too-long", { length, max: NOTE_MAX });
    if (!hasWords(text)) return ctx.t("text-no-words");
    if (visibleLength(text) < NOTE_MIN) return ctx.t("proposal-text-too-short", { min: NOTE_MIN });
    return null;
  };

async function whoIs(conversation: Conv, deps: AppDeps, userId: number) {
  return (await conversation.external(async () => {
    const identity = await deps.repos.identities.get(deps.platform, userId);
    const person = identity?.personId ? await deps.repos.people.get(identity.personId) : null;
    return person?.active ? person : null;
  })) as PersonDoc | null;
}

/**
 * Return for revision (comment required) or reject (reason required). The decision is
 * re-checked against the store when it is applied, not when the conversation began.
 */
export function createProposalDecideConversation(deps: AppDeps, proposals: ProposalService) {
  return async function proposalDecide(
    conversation: Conv,
    ctx: ConvContext,
    proposalId: string,
    ticket: string,
    decision: "return" | "reject",
  ): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const person = await whoIs(conversation, deps, userId);
    if (!person) return;
    const lang: Lang = deps.langs.get(userId) ?? "fa";
    const menu = (c: ConvContext) => ({ reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    const r = await askText(
      conversation,
      ctx,
      deps,
      ctx.t(decision === "return" ? "proposal-ask-return-comment" : "proposal-ask-reject-reason"),
      { required: true, validate: noteRule(ctx) },
    );
    if (r === CANCELLED) {
      await ctx.reply(ctx.t("cancelled"), menu(ctx));
      return;
    }
    const res = await conversation.external(async () =>
      explainProposal(
        await proposals.decide(
          proposalId,
          { personId: person._id, platform: deps.platform, userId },
          ticket,
          decision,
          r.text,
        ),
        decision === "return" ? "proposal-done-return" : "proposal-done-reject",
        decision === "return" ? "comment" : "reason",
      ),
    );
    await r.ctx.reply(
      explainedText((k, v) => r.ctx.t(k, v), lang, res),
      menu(r.ctx),
    );
  };
}

/**
 * The liaison records an official's decision made on paper: a signature (a photo or scan of
 * the signed form), or a return or rejection (the comment or reason as written, then the
 * paper it is on).
 */
export function createProposalPaperConversation(deps: AppDeps, proposals: ProposalService) {
  return async function proposalPaper(
    conversation: Conv,
    ctx: ConvContext,
    proposalId: string,
    ticket: string,
    // Absent in forms entered before returns and rejections could be recorded.
    decision: "sign" | "return" | "reject" = "sign",
  ): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const person = await whoIs(conversation, deps, userId);
    if (!person) return;
    const lang: Lang = deps.langs.get(userId) ?? "fa";
    const menu = (c: ConvContext) => ({ reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    let current = ctx;
    let note = "";
    if (decision !== "sign") {
      const r = await askText(
        conversation,
        ctx,
        deps,
        ctx.t(
          decision === "return"
            ? "proposal-ask-paper-return-comment"
            : "proposal-ask-paper-reject-reason",
        ),
        { required: true, validate: noteRule(ctx) },
      );
      if (r === CANCELLED) {
        await ctx.reply(ctx.t("cancelled"), menu(ctx));
        return;
      }
      note = r.text!;
      current = r.ctx;
    }
    const sign = decision === "sign";
    await current.reply(current.t(sign ? "proposal-ask-paper" : "proposal-ask-paper-decision"), {
      reply_markup: cancelKeyboard(current),
    });
    let evidence: NonNullable<SignatureRecord["evidence"]> | undefined;
    while (!evidence) {
      const next = await waitNext(conversation);
      current = next;
      if (next.callbackQuery && !(await pressWhileWaiting(next))) continue;
      const m = next.message;
      if (next.callbackQuery || isCancelText(deps, m?.text)) {
        await next.reply(next.t("cancelled"), menu(next));
        return;
      }
      const photo = m?.photo?.at(-1);
      if (photo) evidence = { kind: "photo", platform: deps.platform, fileId: photo.file_id };
      else if (m?.document)
        evidence = {
          kind: "document",
          platform: deps.platform,
          fileId: m.document.file_id,
          ...(m.document.file_name ? { name: cutWhole(m.document.file_name, 120) } : {}),
        };
      else
        await next.reply(
          next.t(sign ? "proposal-paper-not-file" : "proposal-paper-decision-not-file"),
        );
    }
    const res = await conversation.external(async () =>
      explainProposal(
        await proposals.recordPaper(
          proposalId,
          { personId: person._id, platform: deps.platform, userId },
          ticket,
          evidence!,
          sign ? undefined : { kind: decision, note },
        ),
        sign
          ? "proposal-done-paper"
          : decision === "return"
            ? "proposal-done-paper-return"
            : "proposal-done-paper-reject",
        "paper",
      ),
    );
    await current.reply(
      explainedText((k, v) => current.t(k, v), lang, res),
      menu(current),
    );
  };
}
