import { InlineKeyboard } from "grammy";
import { joinList, localizeDigits } from "../domain/digits.ts";
import { formatDateTime } from "../domain/time.ts";
import type { Rendered, Renderers } from "../notify/renderers.ts";
import { cutWhole } from "../reports/history.ts";
import type { Lang } from "../repos/types.ts";
import { type Data, diffText, fittedCard, type Translate, ticketOf } from "./fields.ts";
import { PNOTE, type ProposalService } from "./service.ts";

const s = (d: Data, k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");
const obj = (d: Data, k: string): Data =>
  d[k] && typeof d[k] === "object" && !Array.isArray(d[k]) ? (d[k] as Data) : {};
const list = (d: Data, k: string): string[] =>
  Array.isArray(d[k]) ? (d[k] as unknown[]).filter((x): x is string => typeof x === "string") : [];

/** Telegram's message limit, with room for the header lines. */
const MAX_TEXT = 4000;
const clip = (text: string) => cutWhole(text, MAX_TEXT);

/**
 * `before`, the card, `after`: the card's long texts are shortened so that the message fits
 * and the figures, the place and the signatures are always there to read before signing.
 */
function withCard(before: string, d: Data, after: string, lang: Lang, t: Translate): string {
  const sep = before ? 2 : 0;
  const budget = Math.max(1000, MAX_TEXT - before.length - sep - after.length);
  const card = fittedCard(obj(d, "card"), lang, t, budget).text;
  return clip(`${before}${before ? "\n\n" : ""}${card}${after}`);
}

/** Who holds the step: a list written in the reader's way (older messages kept a string). */
const holdersOf = (d: Data, lang: Lang) =>
  Array.isArray(d.holders) ? joinList(list(d, "holders"), lang) : s(d, "holders");

const codeOf = (d: Data, lang: Lang) => localizeDigits(s(obj(d, "card"), "code"), lang);
const stepOf = (d: Data, lang: Lang, prefix = "step") =>
  s(d, `${prefix}${lang === "fa" ? "Fa" : "En"}`);

/** Sign / Return / Reject for the current signer; data carries the id and the step's ticket. */
export function signKeyboard(id: string, ticket: string, lang: Lang, t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(lang, "proposal-btn-sign"), `p:sign:${id}:${ticket}`)
    .row()
    .text(t(lang, "proposal-btn-return"), `p:ret:${id}:${ticket}`)
    .text(t(lang, "proposal-btn-reject"), `p:rej:${id}:${ticket}`)
    .row()
    .text(t(lang, "proposal-btn-status"), `p:open:${id}`);
}

export function paperKeyboard(
  id: string,
  ticket: string,
  lang: Lang,
  t: Translate,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(lang, "proposal-btn-paper"), `p:paper:${id}:${ticket}`)
    .row()
    .text(t(lang, "proposal-btn-paper-return"), `p:pret:${id}:${ticket}`)
    .text(t(lang, "proposal-btn-paper-reject"), `p:prej:${id}:${ticket}`)
    .row()
    .text(t(lang, "proposal-btn-status"), `p:open:${id}`);
}

const statusKeyboard = (id: string, lang: Lang, t: Translate) =>
  new InlineKeyboard().text(t(lang, "proposal-btn-status"), `p:open:${id}`);

function signedSoFar(d: Data, lang: Lang, t: Translate): string {
  const names = list(d, "signatures");
  return names.length
    ? `\n${t(lang, "proposal-signed-so-far", { names: joinList(names, lang) })}`
    : "";
}

/** The signer's message: what is asked, what changed since their last look, the form. */
export function signRequestText(d: Data, lang: Lang, t: Translate): string {
  const code = codeOf(d, lang);
  const step = stepOf(d, lang);
  const revision = typeof d.revision === "number" ? d.revision : 1;
  let header: string;
  if (d.reminder === true)
    header = t(lang, "proposal-sign-reminder", {
      code,
      step,
      since: typeof d.since === "number" ? formatDateTime(d.since, lang) : "",
    });
  else if (revision > 1) header = t(lang, "proposal-sign-request-again", { code, step, revision });
  else header = t(lang, "proposal-sign-request", { code, step });
  const parts = [header];
  if (Array.isArray(d.changed))
    parts.push(diffText(obj(d, "before"), obj(d, "card"), list(d, "changed"), lang, t));
  return withCard(parts.join("\n\n"), d, signedSoFar(d, lang, t), lang, t);
}

/** The proposer's message about a step of their proposal. */
export function updateText(d: Data, lang: Lang, t: Translate): string {
  const event = s(d, "event");
  const card = obj(d, "card");
  const vars = {
    code: codeOf(d, lang),
    title: s(card, "title"),
    step: stepOf(d, lang, "signed"),
    next: stepOf(d, lang, "next"),
    signer: s(d, "signer") || "—",
    recordedBy: s(d, "recordedBy") || "none",
    note: s(d, "note"),
  };
  return t(lang, `proposal-event-${event}`, vars);
}

export function registerProposalRenderers(renderers: Renderers, service: ProposalService): void {
  /**
   * Whether a request about one step still applies when it is sent: it may have waited for
   * quiet hours or a restart while the step was signed, returned or rejected. Read at send
   * time, so a message already claimed by the sender is dropped too.
   */
  const stillAtStep = async (d: Data): Promise<boolean> => {
    const p = await service.get(s(d, "proposalId"));
    return p?.state === "in_signature" && ticketOf(p) === s(d, "ticket");
  };
  renderers.register(PNOTE.signRequest, async (d, { lang, t }) =>
    (await stillAtStep(d))
      ? {
          text: signRequestText(d, lang, t),
          reply_markup: signKeyboard(s(d, "proposalId"), s(d, "ticket"), lang, t),
        }
      : null,
  );
  renderers.register(PNOTE.paperRequest, async (d, { lang, t }) => {
    if (!(await stillAtStep(d))) return null;
    const vars = {
      code: codeOf(d, lang),
      step: stepOf(d, lang),
      holders: holdersOf(d, lang) || t(lang, "proposal-none"),
      since: typeof d.since === "number" ? formatDateTime(d.since, lang) : "",
    };
    const header = t(
      lang,
      d.reminder === true ? "proposal-paper-reminder" : "proposal-paper-request",
      vars,
    );
    return {
      text: withCard(header, d, signedSoFar(d, lang, t), lang, t),
      reply_markup: paperKeyboard(s(d, "proposalId"), s(d, "ticket"), lang, t),
    };
  });
  renderers.register(PNOTE.update, (d, { lang, t }) => {
    const id = s(d, "proposalId");
    const text = updateText(d, lang, t);
    if (s(d, "event") === "returned")
      return {
        text,
        reply_markup: new InlineKeyboard()
          .text(t(lang, "proposal-btn-edit-resubmit"), `p:edit:${id}`)
          .row()
          .text(t(lang, "proposal-btn-status"), `p:open:${id}`),
      };
    return { text, reply_markup: statusKeyboard(id, lang, t) };
  });
  // An alert held (quiet hours, a restart) while the step was signed or returned is dropped.
  renderers.register(PNOTE.alert, async (d, { lang, t }) => {
    if (!(await stillAtStep(d))) return null;
    const card = obj(d, "card");
    return {
      text: clip(
        t(lang, "proposal-alert", {
          code: codeOf(d, lang),
          title: s(card, "title"),
          step: stepOf(d, lang),
          holders: holdersOf(d, lang) || t(lang, "proposal-none"),
          since: typeof d.since === "number" ? formatDateTime(d.since, lang) : "",
        }),
      ),
      reply_markup: statusKeyboard(s(d, "proposalId"), lang, t),
    };
  });
  renderers.register(PNOTE.hqFailed, (d, { lang, t }) => ({
    text: t(lang, "proposal-hq-failed", {
      code: codeOf(d, lang),
      title: s(obj(d, "card"), "title"),
    }),
    reply_markup: statusKeyboard(s(d, "proposalId"), lang, t),
  }));
  renderers.register(PNOTE.hq, (d, { lang, t }) => ({
    text: withCard(
      t(lang, "proposal-hq-summary", { code: codeOf(d, lang) }),
      d,
      signedSoFar(d, lang, t),
      lang,
      t,
    ),
  }));
  // The form is rebuilt from the stored proposal at send time: always the current record.
  renderers.register(PNOTE.hqForm, async (d, { lang, t }): Promise<Rendered> => {
    const html = await service.documentHtml(s(d, "proposalId"));
    if (html === null) throw new Error(`proposal ${s(d, "proposalId")} not found`);
    return {
      text: t(lang, "proposal-hq-form-caption", { code: localizeDigits(s(d, "code"), lang) }),
      documentFile: {
        filename: `proposal-${s(d, "code") || s(d, "proposalId")}.html`,
        bytes: new TextEncoder().encode(html),
      },
    };
  });
}
