import { Composer, InlineKeyboard } from "grammy";
import { createProposalFormConversation, PROPOSAL_FORM } from "../../../conversations/proposal.ts";
import {
  createProposalDecideConversation,
  createProposalPaperConversation,
  PROPOSAL_DECIDE,
  PROPOSAL_PAPER,
} from "../../../conversations/proposal-action.ts";
import { hasRole } from "../../district/roles.ts";
import { joinList, localizeDigits } from "../../domain/digits.ts";
import { formatDateTime } from "../../domain/time.ts";
import { explainedText, explainProposal } from "../../proposals/explain.ts";
import { fittedCard, stepLabel } from "../../proposals/fields.ts";
import { paperKeyboard, signKeyboard } from "../../proposals/notifications.ts";
import {
  mayPropose,
  maySign,
  type ProposalService,
  WAITING_LIST,
} from "../../proposals/service.ts";
import { EDITABLE_STATES, type ProposalDoc } from "../../proposals/types.ts";
import { cardWithHistory, cutWhole } from "../../reports/history.ts";
import type { Lang } from "../../repos/types.ts";
import type { ListKey } from "../../store/keyed.ts";
import type { ListAt } from "../../store/port.ts";
import type { BaseContext, BotContext } from "../context.ts";
import { answerAndSay, answeredWhile, type FeatureModule } from "../feature.ts";
import { leaveFlowsSaying } from "../flows.ts";
import { daysSince, keyedPages, showButtonList, showKeyedList } from "../lists.ts";
import type { MenuRegistry } from "../menu.ts";

const PAGE = 5;
/** Under the Bot API's 4,096 characters, with some room to spare. */
const STATUS_MAX = 4000;
/** Room kept for the history under the card (the card's long texts give way to it). */
const HISTORY_ROOM = 1800;
/** One history line at most, so that one long comment cannot push out the newer events. */
const HISTORY_LINE_MAX = 400;
/**
 * Entries whose note is what a person wrote (a return comment, a rejection reason); any
 * other note is the system's (older entries kept delivery errors there) and is not shown.
 */
const TYPED_NOTES = new Set(["proposal.returned", "proposal.rejected"]);
const ID = "[\\w-]{1,40}";
const TICKET = "\\d{1,4}\\.\\d{1,3}";

const tr = (ctx: BaseContext) => (l: Lang, k: string, v?: Record<string, string | number>) =>
  ctx.app.i18n.t(l, k, v);

/** A title short enough for a button, cut between whole characters (never half an emoji). */
const titleOf = (ctx: BaseContext, p: ProposalDoc) =>
  cutWhole(p.fields.title ?? ctx.t("proposal-untitled"), 40);

export function registerProposalMenu(menu: MenuRegistry, proposals: ProposalService): void {
  menu.add({
    key: "menu-proposal-new",
    order: 200,
    visible: mayPropose,
    run: async (ctx) => {
      // No form is open in this chat now: untitled drafts left here earlier go, so they
      // never push real ones off the list.
      await proposals.dropEmptyDrafts(ctx.person!._id, ctx.app.platform, ctx.chat!.id);
      const { rows, total } = await proposals.drafts(ctx.person!._id);
      if (!rows.length) return startNew(ctx as BotContext, proposals);
      const kb = new InlineKeyboard();
      for (const d of rows)
        kb.text(
          ctx.t("proposal-btn-continue-draft", { title: titleOf(ctx, d) }),
          `p:cont:${d._id}`,
        ).row();
      kb.text(ctx.t("proposal-btn-new-draft"), "p:new");
      const more = total - rows.length;
      const text = more
        ? `${ctx.t("proposal-has-drafts")}\n${ctx.t("proposal-drafts-more", { count: more })}`
        : ctx.t("proposal-has-drafts");
      return ctx.reply(text, { reply_markup: kb });
    },
  });
  menu.add({
    key: "menu-proposal-mine",
    order: 210,
    visible: (p) => hasRole(p.roles, "councillor"),
    run: (ctx) => showMine(ctx, proposals, { from: "top" }, false),
  });
  menu.add({
    key: "menu-proposal-waiting",
    order: 220,
    visible: maySign,
    run: (ctx) => showWaiting(ctx, proposals),
  });
}

async function startNew(ctx: BotContext, proposals: ProposalService, id?: string) {
  const { draft, created } = await proposals.createDraft(
    ctx.person!,
    ctx.app.platform,
    ctx.chat!.id,
    id,
  );
  // A second press of the same "New proposal" while its form is open: that form goes on.
  if (!created && ctx.conversation.active(PROPOSAL_FORM) > 0) return;
  if (!created && draft.state !== "draft") return ctx.reply(ctx.t("proposal-not-editable"));
  // A half-written report is closed, and said so, as the main menu does.
  await leaveFlowsSaying(ctx, draft._id);
  if (created) await ctx.reply(ctx.t("proposal-intro"));
  await ctx.conversation.enter(PROPOSAL_FORM, draft._id);
}

/** "My proposals" pages continue from the creation time and id of an item shown. */
const MINE_PAGES = keyedPages("p:l");

async function showMine(
  ctx: BaseContext,
  proposals: ProposalService,
  at: ListAt<ListKey>,
  edit: boolean,
) {
  return showKeyedList(ctx, {
    fetch: (from, limit) => proposals.mine(ctx.person!._id, from, limit),
    at,
    size: PAGE,
    title: ctx.t("proposal-mine-title"),
    empty: ctx.t("proposal-mine-empty"),
    label: (p) =>
      ctx.t("proposal-mine-item", {
        title: titleOf(ctx, p),
        state: ctx.t(`proposal-state-${p.state}`),
      }),
    open: (p) => `p:open:${p._id}`,
    keyOf: (p): ListKey => [p.createdAt, p._id],
    nextData: MINE_PAGES.next,
    prevData: MINE_PAGES.prev,
    edit,
  });
}

async function showWaiting(ctx: BaseContext, proposals: ProposalService) {
  const rows = await proposals.waitingFor(ctx.person!);
  return showButtonList(ctx, {
    rows,
    // Only a list cut at WAITING_LIST may hide more.
    total: rows.length < WAITING_LIST ? rows.length : await proposals.countWaiting(ctx.person!),
    title: ctx.t("proposal-waiting-title"),
    empty: ctx.t("proposal-waiting-empty"),
    label: (p) =>
      ctx.t("proposal-waiting-item", {
        code: localizeDigits(p.code ?? "", ctx.lang),
        title: titleOf(ctx, p),
        days: daysSince(ctx, p.stepSince),
      }),
    open: (p) => `p:open:${p._id}`,
  });
}

/** Where it stands (the chain, step by step) and the full history; actions for who may act. */
async function showStatus(ctx: BaseContext, proposals: ProposalService, p: ProposalDoc) {
  const person = ctx.person!;
  const lang = ctx.lang;
  const t = tr(ctx);
  const district = await proposals.district(p.districtId);
  const name = async (id: string | null | undefined) =>
    id ? ((await ctx.app.repos.people.get(id))?.name ?? "—") : "—";
  const card = await proposals.card(p);
  const parts = [ctx.t("proposal-status-state", { state: ctx.t(`proposal-state-${p.state}`) })];
  if (p.chain.length) {
    const lines: string[] = [];
    for (const [i, step] of p.chain.entries()) {
      const label = stepLabel(step.step, district, t)[lang];
      const sig = p.signatures.find((s) => s.step === i && s.revision === p.revision);
      const names = joinList(await Promise.all(step.signers.map((id) => name(id))), lang);
      if (sig)
        lines.push(
          ctx.t(sig.via === "bot" ? "proposal-chain-signed" : "proposal-chain-signed-paper", {
            n: i + 1,
            step: label,
            name: sig.signerId ? await name(sig.signerId) : label,
            when: formatDateTime(sig.at, lang),
            liaison: await name(sig.by),
          }),
        );
      else if (p.state === "in_signature" && i === p.step)
        lines.push(
          ctx.t("proposal-chain-current", {
            n: i + 1,
            step: label,
            names: names || ctx.t("proposal-chain-nobody"),
            since: formatDateTime(p.stepSince, lang),
          }),
        );
      else
        lines.push(
          ctx.t("proposal-chain-line", {
            n: i + 1,
            step: label,
            names: names || ctx.t("proposal-chain-nobody"),
          }),
        );
    }
    parts.push(`${ctx.t("proposal-summary-chain")}\n${lines.join("\n")}`);
  }
  const history = await proposals.history(p._id);
  const historyLines: string[] = [];
  for (const h of history)
    historyLines.push(
      // A long comment is cut in its line, so the newest events always have room; it is
      // whole in the message that told of it.
      cutWhole(
        ctx.t("history-line", {
          when: formatDateTime(h.at, lang),
          action: ctx.t(
            `proposal-history-${h.action.replace("proposal.", "")}${h.data?.via === "paper" ? "_on_paper" : ""}`,
          ),
          by: h.actor.personId ? await name(h.actor.personId) : ctx.t("history-by-system"),
          note: (TYPED_NOTES.has(h.action) && h.note) || "none",
        }),
        HISTORY_LINE_MAX,
      ),
    );
  let kb: InlineKeyboard | undefined;
  const ticket = `${p.revision}.${p.step}`;
  if (await proposals.canSign(person, p)) kb = signKeyboard(p._id, ticket, lang, t);
  else if (await proposals.canRecordPaper(person, p)) kb = paperKeyboard(p._id, ticket, lang, t);
  else if (p.proposerId === person._id && EDITABLE_STATES.includes(p.state)) {
    kb = new InlineKeyboard().text(ctx.t("proposal-btn-continue"), `p:cont:${p._id}`);
    if (p.state === "draft") kb.row().text(ctx.t("proposal-btn-delete"), `p:del:${p._id}`);
  }
  // The card first; its long texts give way so that the state, the chain and the newest
  // history fit (older history is left out, with a line saying how much), and then come
  // whole in messages of their own.
  const rest = parts.join("\n\n");
  const historyRoom = Math.min(HISTORY_ROOM, historyLines.join("\n").length + 200);
  const fitted = fittedCard(
    card,
    lang,
    t,
    Math.max(1000, STATUS_MAX - rest.length - historyRoom - 2),
  );
  const head = `${fitted.text}\n\n${rest}`;
  const text = historyLines.length
    ? cardWithHistory(head, historyLines, lang, t, STATUS_MAX)
    : cutWhole(head, STATUS_MAX);
  await ctx.reply(text, kb ? { reply_markup: kb } : {});
  if (!fitted.shortened) return;
  for (const field of ["problem", "description"] as const) {
    const text = p.fields[field];
    if (text)
      await ctx.reply(cutWhole(`${ctx.t(`proposal-field-${field}`)}:\n${text}`, STATUS_MAX));
  }
}

export function proposalFeatures(proposals: ProposalService): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.filter((ctx) => ctx.chat?.type === "private" && Boolean(ctx.person));
  const actor = (ctx: BaseContext) => ({
    personId: ctx.person!._id,
    platform: ctx.app.platform,
    userId: ctx.from!.id,
  });
  const explainFail = (ctx: BaseContext, r: Parameters<typeof explainProposal>[0]) =>
    answerAndSay(
      ctx,
      explainedText((k, v) => ctx.t(k, v), ctx.lang, explainProposal(r, "")),
      true,
    );

  pm.callbackQuery("p:new", async (ctx) => {
    // The button is only offered to councillors, but a press is never taken on trust.
    if (!mayPropose(ctx.person!)) return answerAndSay(ctx, ctx.t("proposal-not-proposer"), true);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    // One draft per drafts list: its id comes from the message the button is on.
    const message = ctx.callbackQuery.message?.message_id;
    const id =
      message === undefined
        ? undefined
        : `pn-${ctx.app.platform === "telegram" ? "t" : "b"}${ctx.chat!.id}-${message}`;
    await startNew(ctx, proposals, id);
  });

  pm.callbackQuery(new RegExp(`^p:(?:cont|edit):(${ID})$`), async (ctx) => {
    const p = await proposals.get(ctx.match[1]!);
    if (!p || p.proposerId !== ctx.person!._id || !EDITABLE_STATES.includes(p.state))
      return answerAndSay(ctx, ctx.t("proposal-not-editable"), true);
    await ctx.answerCallbackQuery();
    await leaveFlowsSaying(ctx, p._id);
    await ctx.conversation.enter(PROPOSAL_FORM, p._id);
  });

  pm.callbackQuery(new RegExp(`^p:del:(${ID})$`), async (ctx) => {
    const p = await proposals.get(ctx.match[1]!);
    if (!p || p.proposerId !== ctx.person!._id || p.state !== "draft")
      return answerAndSay(ctx, ctx.t("proposal-not-editable"), true);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("proposal-ask-delete"), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t("proposal-btn-delete-yes"), `p:delok:${p._id}`)
        .text(ctx.t("proposal-btn-delete-no"), `p:open:${p._id}`),
    });
  });

  pm.callbackQuery(new RegExp(`^p:delok:(${ID})$`), async (ctx) => {
    const ok = await proposals.deleteDraft(ctx.match[1]!, ctx.person!._id);
    await Promise.all([
      ctx.editMessageReplyMarkup().catch(() => undefined),
      answerAndSay(ctx, ctx.t(ok ? "proposal-draft-deleted" : "proposal-not-editable"), !ok),
    ]);
  });

  pm.callbackQuery(MINE_PAGES.pattern, async (ctx) => {
    await answeredWhile(ctx, showMine(ctx, proposals, MINE_PAGES.at(ctx.match), true));
  });

  // Page buttons sent before pages were keyed carry a page number: that page as it is now
  // (or the last one that has items).
  pm.callbackQuery(/^p:list:(\d{1,4})$/, async (ctx) => {
    const at = { from: "offset", skip: Number(ctx.match[1]) * PAGE } as const;
    await answeredWhile(ctx, showMine(ctx, proposals, at, true));
  });

  pm.callbackQuery(new RegExp(`^p:open:(${ID})$`), async (ctx) => {
    const p = await proposals.get(ctx.match[1]!);
    if (!p || !proposals.canSee(ctx.person!, p))
      return answerAndSay(ctx, ctx.t("proposal-not-found"), true);
    await answeredWhile(ctx, showStatus(ctx, proposals, p));
  });

  // Signing: re-authorised in the store; the ticket names the revision and step the button
  // was made for, so an old button never signs a newer round.
  pm.callbackQuery(new RegExp(`^p:sign:(${ID}):(${TICKET})$`), async (ctx) => {
    const r = await proposals.decide(ctx.match[1]!, actor(ctx), ctx.match[2]!, "sign");
    if (!r.ok) return explainFail(ctx, r);
    // The request's buttons come off while the answer goes out (one round trip, not two).
    await Promise.all([
      ctx.editMessageReplyMarkup().catch(() => undefined),
      answerAndSay(
        ctx,
        explainedText((k, v) => ctx.t(k, v), ctx.lang, explainProposal(r, "proposal-done-sign")),
      ),
    ]);
  });

  pm.callbackQuery(new RegExp(`^p:(ret|rej):(${ID}):(${TICKET})$`), async (ctx) => {
    const [, kind, id, ticket] = ctx.match;
    const r = await proposals.check(id!, ctx.person!._id, ticket!, "sign");
    if (!r.ok) return explainFail(ctx, r);
    await ctx.answerCallbackQuery();
    await leaveFlowsSaying(ctx);
    await ctx.conversation.enter(PROPOSAL_DECIDE, id, ticket, kind === "ret" ? "return" : "reject");
  });

  // The liaison records an official's signature, return or rejection made on paper.
  const paperDecisions = { paper: "sign", pret: "return", prej: "reject" } as const;
  pm.callbackQuery(new RegExp(`^p:(paper|pret|prej):(${ID}):(${TICKET})$`), async (ctx) => {
    const r = await proposals.check(ctx.match[2]!, ctx.person!._id, ctx.match[3]!, "paper");
    if (!r.ok) return explainFail(ctx, r);
    await ctx.answerCallbackQuery();
    await leaveFlowsSaying(ctx);
    const decision = paperDecisions[ctx.match[1] as keyof typeof paperDecisions];
    await ctx.conversation.enter(PROPOSAL_PAPER, ctx.match[2], ctx.match[3], decision);
  });

  return c;
}

export const proposalsFeature: FeatureModule = {
  name: "proposals",
  menu: (menu, deps) => registerProposalMenu(menu, deps.services.proposals),
  conversations: (deps) => [
    { id: PROPOSAL_FORM, builder: createProposalFormConversation(deps, deps.services.proposals) },
    {
      id: PROPOSAL_DECIDE,
      builder: createProposalDecideConversation(deps, deps.services.proposals),
    },
    { id: PROPOSAL_PAPER, builder: createProposalPaperConversation(deps, deps.services.proposals) },
  ],
  composer: (deps) => proposalFeatures(deps.services.proposals),
};
