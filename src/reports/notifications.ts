import { InlineKeyboard } from "grammy";
import { formatCoordinates, localizeDigits } from "../domain/digits.ts";
import { canApply, isReportState, type OwnerAction } from "../domain/reports.ts";
import { formatDateTime } from "../domain/time.ts";
import type { Renderers } from "../notify/renderers.ts";
import type { Lang } from "../repos/types.ts";
import type { Json } from "../store/port.ts";
import { CARD_LIMIT, cutWhole } from "./history.ts";
import { NOTE } from "./service.ts";

type Data = { [key: string]: Json };
type T = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;

const s = (d: Data, k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");

/**
 * A state's label. `mine`: the reader filed the report, so a resolved one waits for them
 * (to anyone else it waits for the reporter).
 */
export function stateLabel(state: string, lang: Lang, t: T, mine = false): string {
  return t(lang, `report-state-${state}${mine && state === "resolved" ? "-mine" : ""}`);
}

/**
 * The report's card: the same lines wherever a report is shown. Within `budget` (UTF-16
 * units, as the Bot API counts them) the person's own long texts give way — the description
 * first, then a typed address — so the card is always sent, never refused as too long.
 */
export function cardText(d: Data, lang: Lang, t: T, budget = Number.POSITIVE_INFINITY): string {
  let text = renderCard(d, lang, t);
  for (const key of ["description", "location"]) {
    if (text.length <= budget) return text;
    const own = s(d, key);
    const room = Math.max(0, own.length - (text.length - budget));
    d = { ...d, [key]: cutWhole(own, room) };
    text = renderCard(d, lang, t);
  }
  return text.length <= budget ? text : cutWhole(text, budget);
}

function renderCard(d: Data, lang: Lang, t: T): string {
  const lines = [
    t(lang, "report-card-title", { code: localizeDigits(s(d, "code"), lang) }),
    t(lang, "report-card-subject", { subject: s(d, lang === "fa" ? "subjectFa" : "subjectEn") }),
    t(lang, "report-card-hood", { hood: s(d, lang === "fa" ? "hoodFa" : "hoodEn") }),
    t(lang, "report-card-state", { state: stateLabel(s(d, "state"), lang, t, d.mine === 1) }),
  ];
  if (s(d, "urgency") === "urgent") lines.push(t(lang, "report-card-urgent"));
  if (s(d, "reporter")) lines.push(t(lang, "report-card-reporter", { name: s(d, "reporter") }));
  if (typeof d.createdAt === "number")
    lines.push(t(lang, "report-card-date", { date: formatDateTime(d.createdAt, lang) }));
  const where =
    s(d, "location") ||
    (typeof d.lat === "number" && typeof d.lon === "number"
      ? formatCoordinates(d.lat, d.lon, lang)
      : "");
  if (where) lines.push(t(lang, "report-card-location", { location: where }));
  if (typeof d.photos === "number" && d.photos > 0)
    lines.push(t(lang, "report-card-photos", { count: d.photos }));
  if (typeof d.supporters === "number" && d.supporters > 0)
    lines.push(t(lang, "report-card-supporters", { count: d.supporters }));
  lines.push("", s(d, "description"));
  return lines.join("\n");
}

/**
 * Owner actions; callback data carries only the action and the report's opaque id.
 * "No agreement" is left out where it could not move the report (`noagree` 0 in the data).
 */
export function ownerKeyboard(reportId: string, lang: Lang, t: T, d: Data = {}): InlineKeyboard {
  // Only what the report's state allows (a resolved or closed one offers none: each press
  // would only say it was handled). Data without a state (older queued messages): all.
  const state = s(d, "state");
  const offered = (a: OwnerAction) =>
    !state || !isReportState(state) || canApply(a, state) ? [a] : [];
  const rows: OwnerAction[][] = [
    [...offered("ack"), ...offered("refer")],
    [...offered("resolve"), ...offered("reject")],
    [...(d.noagree !== 0 ? offered("noagree") : []), ...offered("ask")],
  ];
  const kb = new InlineKeyboard();
  for (const row of rows.filter((r) => r.length)) {
    for (const a of row) kb.text(t(lang, `report-btn-${a}`), `r:${a}:${reportId}`);
    kb.row();
  }
  return kb.text(t(lang, "report-btn-history"), `r:view:${reportId}`);
}

function stepName(step: string, lang: Lang, t: T): string {
  const key = step.startsWith("deputy:") ? "report-step-deputy" : `report-step-${step}`;
  return t(lang, key);
}

/**
 * The rung a report left. "No agreement" notices queued before they carried it came from
 * the working-group secretary, as their text then said.
 */
function fromName(d: Data, lang: Lang, t: T): string {
  const noagree = s(d, "event") === "noagree" || s(d, "reason") === "noagree";
  const from = s(d, "fromStep") || (noagree ? "neighborhood_wg_secretary" : s(d, "step"));
  return stepName(from, lang, t);
}

/** Text of a state change for the reporter. */
export function eventText(d: Data, lang: Lang, t: T): string {
  const code = localizeDigits(s(d, "code"), lang);
  const event = s(d, "event");
  const vars: Record<string, string> = {
    code,
    note: s(d, "note"),
    deputy: (lang === "en" && s(d, "deputyEn")) || s(d, "deputy") || s(d, "unit"),
    step: stepName(s(d, "step"), lang, t),
    from: fromName(d, lang, t),
    duplicate: localizeDigits(s(d, "duplicateOf"), lang),
    // Only rejections and reopenings carry a reason worth a word.
    reason:
      (event === "reject" || event === "reopened") && s(d, "reason")
        ? t(lang, `report-reason-${s(d, "reason")}`)
        : "",
  };
  const main = t(lang, `report-event-${event}`, vars);
  return vars.note && event !== "resolve" ? `${main}\n${t(lang, "report-event-note", vars)}` : main;
}

export function registerReportRenderers(renderers: Renderers): void {
  renderers.register(NOTE.assigned, (d, { lang, t }) => {
    const reason = s(d, "reason");
    const header = t(lang, `report-assigned-${reason || "new"}`, {
      step: stepName(s(d, "step"), lang, t),
      from: fromName(d, lang, t),
      note: s(d, "note"),
    });
    return {
      text: `${header}\n\n${cardText(d, lang, t, CARD_LIMIT - header.length - 2)}`,
      reply_markup: ownerKeyboard(s(d, "reportId"), lang, t, d),
    };
  });
  renderers.register(NOTE.moved, (d, { lang, t }) => ({
    text: t(lang, "report-moved", {
      code: localizeDigits(s(d, "code"), lang),
      step: stepName(s(d, "step"), lang, t),
    }),
    reply_markup: ownerKeyboard(s(d, "reportId"), lang, t, d),
  }));
  renderers.register(NOTE.update, (d, { lang, t }) => {
    const text = eventText(d, lang, t);
    if (s(d, "event") !== "resolve") return { text };
    // The resolution's number ties the buttons to it; data queued before had none.
    const n = typeof d.resolutionNo === "number" ? `:${d.resolutionNo}` : "";
    const id = `${s(d, "reportId")}${n}`;
    return {
      text,
      reply_markup: new InlineKeyboard()
        .text(t(lang, "report-btn-fixed"), `r:fixed:${id}`)
        .text(t(lang, "report-btn-notfixed"), `r:notfixed:${id}`),
    };
  });
  // A supporter hears the same news as the reporter, without the reporter's own buttons.
  renderers.register(NOTE.supporter, (d, { lang, t }) => {
    const code = localizeDigits(s(d, "code"), lang);
    const note = s(d, "note");
    const news =
      s(d, "event") === "resolve"
        ? [
            t(lang, "report-supporter-resolve", { code }),
            ...(note ? [t(lang, "report-event-note", { note })] : []),
          ].join("\n")
        : eventText(d, lang, t);
    return {
      text: `${t(lang, "report-supporter-update")}\n${news}`,
      reply_markup: new InlineKeyboard().text(
        t(lang, "report-btn-history"),
        `r:view:${s(d, "reportId")}`,
      ),
    };
  });
  renderers.register(NOTE.question, (d, { lang, t }) => ({
    text: t(lang, "report-question", {
      code: localizeDigits(s(d, "code"), lang),
      question: s(d, "question"),
    }),
    reply_markup: new InlineKeyboard().text(
      t(lang, "report-btn-answer"),
      `r:answer:${s(d, "reportId")}:${s(d, "questionId")}`,
    ),
  }));
  renderers.register(NOTE.answer, (d, { lang, t }) => ({
    text: t(lang, "report-answer", {
      code: localizeDigits(s(d, "code"), lang),
      question: s(d, "question"),
      answer: s(d, "answer"),
    }),
    reply_markup: ownerKeyboard(s(d, "reportId"), lang, t, d),
  }));
}
