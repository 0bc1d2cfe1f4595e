import { InlineKeyboard, Keyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import type { DistrictDoc } from "../src/district/schema.ts";
import { joinList } from "../src/domain/digits.ts";
import { inTehranProvince } from "../src/domain/geo.ts";
import { hasWords, sanitizeDisplayText, visibleLength } from "../src/domain/text.ts";
import { explainedText, explainProposal } from "../src/proposals/explain.ts";
import {
  cardData,
  costText,
  firstMissing,
  fittedCard,
  parseCost,
  parseCount,
  parseMonths,
  stepLabel,
} from "../src/proposals/fields.ts";
import { mayPropose, type ProposalService } from "../src/proposals/service.ts";
import {
  type Attachment,
  EDITABLE_STATES,
  FIELDS,
  type FieldName,
  MAX_ATTACHMENTS,
  type ProposalDoc,
  type ProposalFields,
  TEXT_MAX,
  TEXT_MIN,
  TITLE_MAX,
  TITLE_MIN,
} from "../src/proposals/types.ts";
import { cutWhole } from "../src/reports/history.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";
import {
  askText,
  CANCELLED,
  type Cancelled,
  choose,
  isCancelText,
  isTypedLabel,
  pressWhileWaiting,
  waitNext,
  whoIsTalking,
} from "./kit.ts";

export const PROPOSAL_FORM = "proposalForm";

/** The summary's length limit: under the Bot API's 4,096, with some room to spare. */
const SUMMARY_MAX = 4000;

/** The draft as the form sees it. */
type FormView = Pick<
  ProposalDoc,
  "_id" | "proposerId" | "state" | "fields" | "editing" | "beneficiariesWho" | "lastReturn" | "code"
>;

type Asked = { patch: ProposalFields; ctx: ConvContext; echo?: string } | Cancelled;

/**
 * The small-project form, driven by the draft in the store. Each pass asks ONE thing —
 * the field being edited, else the first empty field, else the summary — saves the answer
 * to the draft and rewinds to the top, so the replay log never holds more than one field's
 * exchange: a step costs the same at field 10 as at field 1, and a restart or a later
 * "continue" resumes from the stored draft.
 */
export function createProposalFormConversation(deps: AppDeps, proposals: ProposalService) {
  const tr = (l: Lang, k: string, v?: Record<string, string | number>) => deps.i18n.t(l, k, v);

  return async function proposalForm(
    conversation: Conv,
    ctx: ConvContext,
    proposalId: string,
  ): Promise<void> {
    const top = conversation.checkpoint();
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const who = await whoIsTalking(conversation, deps, userId);
    if (!who) return;
    const { person, district } = who;
    // Only what the form reads goes into the replay log: a returned proposal's earlier
    // versions, signatures and chain would be written back with every answer.
    const p = await conversation.external(async (): Promise<FormView | null> => {
      const d = await proposals.get(proposalId);
      if (!d) return null;
      const { _id, proposerId, state, fields, editing, beneficiariesWho, lastReturn, code } = d;
      return { _id, proposerId, state, fields, editing, beneficiariesWho, lastReturn, code };
    });
    if (!p) return;
    const lang: Lang = deps.langs.get(userId) ?? "fa";
    const menu = (c: ConvContext) => ({ reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    const kept = async (c: ConvContext) => {
      // Left before the first answer: no draft worth keeping.
      const dropped = await conversation.external(() => proposals.dropIfEmpty(p._id, person._id));
      // A field left while editing it: continuing later shows the summary, not that field.
      if (!dropped && p.editing)
        await conversation.external(() => proposals.setEditing(p._id, person._id, null));
      await c.reply(c.t(dropped ? "cancelled" : "proposal-draft-kept"), menu(c));
    };

    if (p.proposerId !== person._id || !EDITABLE_STATES.includes(p.state)) {
      await ctx.reply(ctx.t("proposal-not-editable"), menu(ctx));
      return;
    }
    if (!mayPropose(person)) {
      await ctx.reply(ctx.t("proposal-not-proposer"), menu(ctx));
      return;
    }

    const field = p.editing ?? firstMissing(p.fields);
    if (field) {
      const n = FIELDS.indexOf(field) + 1;
      const progress = p.editing
        ? ""
        : `${ctx.t("proposal-progress", { n, total: FIELDS.length })}\n`;
      // A half-answered "who benefits" is kept when the person leaves at the number.
      const keepWho = async (who: string) => {
        await conversation.external(() => proposals.saveBeneficiariesWho(p._id, person._id, who));
      };
      const r = await askField(conversation, ctx, deps, district, person, field, progress, lang, {
        who: p.editing ? undefined : p.beneficiariesWho,
        keepWho,
        ...(p.editing === "attachments" ? { attached: p.fields.attachments ?? [] } : {}),
      });
      if (r === CANCELLED) return kept(ctx);
      const ok = await conversation.external(() =>
        proposals.saveFields(p._id, person._id, r.patch),
      );
      if (!ok) {
        await r.ctx.reply(r.ctx.t("proposal-not-editable"), menu(r.ctx));
        return;
      }
      await r.ctx.reply(r.echo ?? r.ctx.t("proposal-saved"), {
        reply_markup: { remove_keyboard: true },
      });
      await conversation.rewind(top);
    }

    // The summary: the last check before submitting, or edit a field, or delete the draft.
    // What the replay log keeps of it is the names read from the roster; the card is made
    // again from the draft, which the log holds already.
    const summary = await conversation.external(async () => {
      const chain = await proposals.namedChain(district, p.fields);
      const steps = chain.map((s) => ({
        label: stepLabel(s.step, district, tr)[lang],
        names: joinList(s.names, lang),
      }));
      const returnedBy = p.lastReturn
        ? ((await deps.repos.people.get(p.lastReturn.by))?.name ?? "—")
        : "";
      return { steps, returnedBy };
    });
    const lines = [
      ctx.t(p.state === "returned" ? "proposal-summary-returned-title" : "proposal-summary-title"),
    ];
    if (p.state === "returned" && p.lastReturn)
      lines.push(
        ctx.t("proposal-summary-return-note", {
          by: summary.returnedBy,
          comment: p.lastReturn.comment,
        }),
      );
    const chainText = `${ctx.t("proposal-summary-chain")}\n${summary.steps
      .map((s, i) =>
        ctx.t("proposal-chain-line", {
          n: i + 1,
          step: s.label,
          names: s.names || ctx.t("proposal-chain-nobody"),
        }),
      )
      .join("\n")}`;
    // The cost, the place and the chain stay in view however long the texts are.
    const card = fittedCard(
      cardData(p.fields, district, { code: p.code, proposer: person.name }),
      lang,
      tr,
      Math.max(1000, SUMMARY_MAX - lines.join("\n\n").length - chainText.length - 4),
    );
    lines.push(card.text, chainText);
    const kb = new InlineKeyboard()
      .text(
        ctx.t(p.state === "returned" ? "proposal-btn-resubmit" : "proposal-btn-submit"),
        "c:submit",
      )
      .row()
      .text(ctx.t("proposal-btn-edit-field"), "c:edit");
    if (p.state === "draft") kb.row().text(ctx.t("proposal-btn-delete"), "c:delete");
    // The status view sends the full texts; its press passes the form by.
    if (card.shortened) kb.row().text(ctx.t("proposal-btn-status"), `p:open:${p._id}`);
    const full = (p.fields.attachments?.length ?? 0) >= MAX_ATTACHMENTS;
    const pick = await choose(
      conversation,
      ctx,
      cutWhole(lines.join("\n\n"), SUMMARY_MAX),
      kb,
      (d) => ["c:submit", "c:edit", "c:delete"].includes(d),
      // The rest of an album whose fifth file ended the attachments step: not attached.
      (next) =>
        full && (next.message?.photo || next.message?.document)
          ? next.t("proposal-attachments-full-extra", { max: MAX_ATTACHMENTS })
          : undefined,
    );
    if (pick === CANCELLED) return kept(ctx);
    const cur = pick.ctx;

    if (pick.data === "c:submit") {
      const res = await conversation.external(async () => {
        const r = await proposals.submit(p._id, {
          personId: person._id,
          platform: deps.platform,
          userId,
        });
        if (!r.ok && r.why === "incomplete") return null;
        return explainProposal(r, "proposal-submitted");
      });
      if (res === null) await conversation.rewind(top);
      else
        await cur.reply(
          explainedText((k, v) => cur.t(k, v), lang, res!),
          menu(cur),
        );
      return;
    }

    if (pick.data === "c:edit") {
      const ekb = new InlineKeyboard();
      FIELDS.forEach((f, i) => {
        ekb.text(cur.t(`proposal-field-${f}`), `e:${f}`);
        if (i % 2 === 1) ekb.row();
      });
      ekb.row().text(cur.t("report-btn-back-summary"), "e:back");
      const e = await choose(
        conversation,
        cur,
        cur.t("proposal-ask-edit"),
        ekb,
        (d) => d === "e:back" || FIELDS.some((f) => `e:${f}` === d),
      );
      if (e === CANCELLED) return kept(cur);
      if (e.data === "e:back") await conversation.rewind(top);
      const f = e.data.slice(2) as FieldName;
      await conversation.external(() => proposals.setEditing(p._id, person._id, f));
      await conversation.rewind(top);
    }

    // Delete the draft, after a confirmation.
    const sure = await choose(
      conversation,
      cur,
      cur.t("proposal-ask-delete"),
      new InlineKeyboard()
        .text(cur.t("proposal-btn-delete-yes"), "d:yes")
        .text(cur.t("proposal-btn-delete-no"), "d:no"),
      (d) => d === "d:yes" || d === "d:no",
    );
    if (sure === CANCELLED) return kept(cur);
    if (sure.data === "d:no") await conversation.rewind(top);
    const deleted = await conversation.external(() => proposals.deleteDraft(p._id, person._id));
    await sure.ctx.reply(
      sure.ctx.t(deleted ? "proposal-draft-deleted" : "proposal-not-editable"),
      menu(sure.ctx),
    );
  };
}

const textRule =
  (ctx: ConvContext, min: number, max: number) =>
  async (text: string): Promise<string | null> => {
    const n = visibleLength(text);
    if (n < min) return ctx.t("proposal-text-too-short", { min });
    if (n > max) return ctx.t("proposal-text-too-long", { length: n, max });
    if (!hasWords(text)) return ctx.t("text-no-words");
    return null;
  };

/** Asks one field; returns the patch to save (and an echo of what was understood). */
async function askField(
  conversation: Conv,
  ctx: ConvContext,
  deps: AppDeps,
  district: DistrictDoc,
  person: PersonDoc,
  field: FieldName,
  progress: string,
  lang: Lang,
  saved: {
    /** "Who benefits", answered in an earlier visit that left at the number. */
    who: string | undefined;
    keepWho: (who: string) => Promise<void>;
    /** When editing the attachments: those attached now. */
    attached?: Attachment[];
  },
): Promise<Asked> {
  const ask = (key: string, vars?: Record<string, string | number>) =>
    `${progress}${ctx.t(key, vars)}`;
  const tr = (l: Lang, k: string, v?: Record<string, string | number>) => deps.i18n.t(l, k, v);
  switch (field) {
    case "title": {
      const r = await askText(conversation, ctx, deps, ask("proposal-ask-title"), {
        required: true,
        max: TITLE_MAX,
        validate: textRule(ctx, TITLE_MIN, TITLE_MAX),
      });
      return r === CANCELLED ? r : { patch: { title: r.text! }, ctx: r.ctx };
    }
    case "problem":
    case "description": {
      const r = await askText(conversation, ctx, deps, ask(`proposal-ask-${field}`), {
        required: true,
        max: TEXT_MAX,
        validate: textRule(ctx, TEXT_MIN, TEXT_MAX),
      });
      return r === CANCELLED ? r : { patch: { [field]: r.text! }, ctx: r.ctx };
    }
    case "neighborhood": {
      const hoods = district.areas.flatMap((a) => a.neighborhoods);
      hoods.sort(
        (a, b) => Number(b.code === person.neighborhood) - Number(a.code === person.neighborhood),
      );
      const kb = new InlineKeyboard();
      hoods.forEach((n, i) => {
        kb.text(n.name[lang], `n:${n.code}`);
        if (i % 2 === 1) kb.row();
      });
      const r = await choose(conversation, ctx, ask("proposal-ask-neighborhood"), kb, (d) =>
        hoods.some((n) => `n:${n.code}` === d),
      );
      return r === CANCELLED ? r : { patch: { neighborhood: r.data.slice(2) }, ctx: r.ctx };
    }
    case "subject": {
      const kb = new InlineKeyboard();
      district.subjects.forEach((s, i) => {
        kb.text(s.name[lang], `s:${s.code}`);
        if (i % 2 === 1) kb.row();
      });
      const r = await choose(conversation, ctx, ask("proposal-ask-subject"), kb, (d) =>
        district.subjects.some((s) => `s:${s.code}` === d),
      );
      return r === CANCELLED ? r : { patch: { subject: r.data.slice(2) }, ctx: r.ctx };
    }
    case "location": {
      const kb = new Keyboard()
        .requestLocation(ctx.t("report-btn-send-location"))
        .row()
        .text(ctx.t("button-cancel"))
        .resized();
      await ctx.reply(ask("proposal-ask-location"), { reply_markup: kb });
      for (;;) {
        const next = await waitNext(conversation);
        if (next.callbackQuery) {
          if (await pressWhileWaiting(next)) return CANCELLED;
          continue;
        }
        const loc = next.message?.location;
        const text = next.message?.text;
        if (loc) {
          // A pin far outside the province is a slip of the map, not the project's place.
          if (!inTehranProvince(loc.latitude, loc.longitude)) {
            await next.reply(next.t("proposal-location-outside"));
            continue;
          }
          return { patch: { location: { lat: loc.latitude, lon: loc.longitude } }, ctx: next };
        }
        if (isCancelText(deps, text)) return CANCELLED;
        // The report form's «skip», typed here: the place is required, never an address.
        if (isTypedLabel(deps, "report-btn-skip", text)) {
          await next.reply(
            `${next.t("answer-required")}\n\n${next.t("proposal-location-not-understood")}`,
          );
          continue;
        }
        if (text !== undefined && visibleLength(text) >= 5 && !text.startsWith("/")) {
          // Refused with its length rather than cut: what is kept is what the person wrote.
          const length = visibleLength(text);
          if (length > 300) {
            await next.reply(next.t("answer-too-long", { length, max: 300 }));
            continue;
          }
          if (!hasWords(text)) {
            await next.reply(next.t("text-no-words"));
            continue;
          }
          return { patch: { location: { address: sanitizeDisplayText(text) } }, ctx: next };
        }
        await next.reply(next.t("proposal-location-not-understood"));
      }
    }
    case "beneficiaries": {
      let whoText = saved.who;
      let cur = ctx;
      let countPrompt = ctx.t("proposal-ask-beneficiaries-count");
      if (whoText === undefined) {
        const who = await askText(conversation, ctx, deps, ask("proposal-ask-beneficiaries-who"), {
          required: true,
          max: 300,
          validate: textRule(ctx, 3, 300),
        });
        if (who === CANCELLED) return who;
        whoText = who.text!;
        cur = who.ctx;
        await saved.keepWho(whoText);
      } else
        countPrompt = `${progress}${ctx.t("proposal-beneficiaries-who-kept", { who: whoText })}\n${countPrompt}`;
      const c = cur;
      const count = await askText(conversation, c, deps, countPrompt, {
        required: true,
        validate: async (text) => (parseCount(text) === null ? c.t("proposal-count-bad") : null),
      });
      if (count === CANCELLED) return count;
      return {
        patch: { beneficiaries: { who: whoText, count: parseCount(count.text!)! } },
        ctx: count.ctx,
      };
    }
    case "cost": {
      const r = await askText(conversation, ctx, deps, ask("proposal-ask-cost"), {
        required: true,
        validate: async (text) => (parseCost(text) === null ? ctx.t("proposal-cost-bad") : null),
      });
      if (r === CANCELLED) return r;
      const rials = parseCost(r.text!)!;
      return {
        patch: { costRials: rials },
        ctx: r.ctx,
        echo: r.ctx.t("proposal-cost-saved", { cost: costText(rials, lang, tr) }),
      };
    }
    case "duration": {
      const r = await askText(conversation, ctx, deps, ask("proposal-ask-duration"), {
        required: true,
        validate: async (text) =>
          parseMonths(text) === null ? ctx.t("proposal-duration-bad") : null,
      });
      return r === CANCELLED ? r : { patch: { durationMonths: parseMonths(r.text!)! }, ctx: r.ctx };
    }
    case "attachments": {
      // Editing starts from what is attached: files sent are added, and only the Remove
      // button lets go of the earlier ones.
      const files: Attachment[] = [...(saved.attached ?? [])];
      const kb = () => {
        const k = new Keyboard()
          .text(ctx.t(files.length ? "report-btn-photos-done" : "report-btn-skip"))
          .row();
        if (files.length) k.text(ctx.t("proposal-btn-attachments-clear")).row();
        return k.text(ctx.t("button-cancel")).resized();
      };
      const intro = files.length
        ? ask("proposal-ask-attachments-more", { count: files.length, max: MAX_ATTACHMENTS })
        : ask("proposal-ask-attachments", { max: MAX_ATTACHMENTS });
      await ctx.reply(intro, { reply_markup: kb() });
      for (;;) {
        const next = await waitNext(conversation);
        if (next.callbackQuery) {
          if (await pressWhileWaiting(next)) return CANCELLED;
          continue;
        }
        const m = next.message;
        const text = m?.text;
        const photo = m?.photo?.at(-1);
        const doc = m?.document;
        if ((photo || doc) && files.length >= MAX_ATTACHMENTS) {
          await next.reply(next.t("proposal-attachments-full", { max: MAX_ATTACHMENTS }), {
            reply_markup: kb(),
          });
          continue;
        }
        if (photo || doc) {
          files.push(
            photo
              ? { kind: "photo", platform: deps.platform, fileId: photo.file_id }
              : {
                  kind: "document",
                  platform: deps.platform,
                  fileId: doc!.file_id,
                  ...(doc!.file_name ? { name: cutWhole(doc!.file_name, 120) } : {}),
                },
          );
          // The last one there is room for ends the step; any more sent with it are told
          // at the summary that they were not attached.
          if (files.length >= MAX_ATTACHMENTS) return { patch: { attachments: files }, ctx: next };
          await next.reply(
            next.t("proposal-attachment-received", { count: files.length, max: MAX_ATTACHMENTS }),
            { reply_markup: kb() },
          );
          continue;
        }
        if (isCancelText(deps, text)) return CANCELLED;
        // Typed as well as pressed, as the prompt asks ("تمام", "skip").
        if (
          isTypedLabel(deps, "report-btn-skip", text) ||
          isTypedLabel(deps, "report-btn-photos-done", text)
        )
          return { patch: { attachments: files }, ctx: next };
        if (files.length && isTypedLabel(deps, "proposal-btn-attachments-clear", text)) {
          files.length = 0;
          await next.reply(next.t("proposal-attachments-cleared"), { reply_markup: kb() });
          continue;
        }
        await next.reply(next.t("proposal-attachments-not-file"), { reply_markup: kb() });
      }
    }
  }
}
