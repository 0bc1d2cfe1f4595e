import { localizeDigits } from "../domain/digits.ts";
import { formatDateTime } from "../domain/time.ts";
import type { AuditDoc, Lang } from "../repos/types.ts";

type T = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;

/** Telegram takes 4,096 UTF-16 units a message; the card stays clear of it (Bale too). */
export const CARD_LIMIT = 4000;

/** Entries whose note is what a person typed (a referral note, a question, an answer…). */
const TYPED_NOTES = new Set([
  "report.refer",
  "report.resolve",
  "report.reject",
  "report.noagree",
  "report.ask",
  "report.answered",
]);

const str = (v: unknown) => (typeof v === "string" ? v : "");

function stepName(step: string, lang: Lang, t: T): string {
  return t(lang, step.startsWith("deputy:") ? "report-step-deputy" : `report-step-${step}`);
}

/** Which deadline passed: recorded in the data, or (older entries) at the head of the note. */
function deadlineOf(h: AuditDoc): string {
  const kind = str(h.data?.deadline) || /^(ack|resolve) deadline/.exec(h.note ?? "")?.[1] || "";
  return kind || "none";
}

/** A rejection's reason (and original), or the deputy or unit a referral went to. */
function decisionOf(h: AuditDoc, lang: Lang, t: T): string {
  if (h.action === "report.reject" && str(h.data?.reason))
    return t(lang, "history-note-reject", {
      reason: t(lang, `report-reason-${str(h.data?.reason)}`),
      duplicate: str(h.data?.duplicateOf) ? localizeDigits(str(h.data?.duplicateOf), lang) : "none",
    });
  if (h.action === "report.refer") {
    const to = (lang === "en" && str(h.data?.deputyEn)) || str(h.data?.deputy) || str(h.data?.unit);
    if (to) return t(lang, "history-note-refer", { to });
  }
  return "";
}

/**
 * What a history line says after its action: people's own words as they wrote them, the
 * system's reasons in the reader's language, and never an internal note.
 */
function noteOf(h: AuditDoc, lang: Lang, t: T): string {
  // Why it was rejected and where it was referred come from the data, before the typed note.
  const what = decisionOf(h, lang, t);
  if (what && h.note) return t(lang, "history-note-with-note", { what, note: h.note });
  if (what) return what;
  if (TYPED_NOTES.has(h.action)) return h.note ?? "";
  if (h.action === "report.escalated" && str(h.data?.fromStep) && str(h.data?.toStep))
    return t(lang, "history-note-escalated", {
      deadline: deadlineOf(h),
      from: stepName(str(h.data?.fromStep), lang, t),
      to: stepName(str(h.data?.toStep), lang, t),
    });
  if (h.action === "report.breach" && str(h.data?.toStep))
    return t(lang, "history-note-breach", {
      deadline: deadlineOf(h),
      to: stepName(str(h.data?.toStep), lang, t),
    });
  if (h.action === "report.reassigned" && str(h.data?.toStep)) {
    const from = str(h.data?.fromStep) || str(h.data?.toStep);
    return t(lang, "history-note-reassigned", {
      same: from === str(h.data?.toStep) ? "yes" : "no",
      from: stepName(from, lang, t),
      to: stepName(str(h.data?.toStep), lang, t),
    });
  }
  return "";
}

/** One line per audit entry, oldest first. */
export function historyLines(
  history: AuditDoc[],
  names: Map<string, string>,
  lang: Lang,
  t: T,
): string[] {
  return history.map((h) =>
    t(lang, "history-line", {
      when: formatDateTime(h.at, lang),
      action: t(lang, `history-action-${h.action.replace(".", "-")}`),
      by: h.actor.personId ? (names.get(h.actor.personId) ?? "none") : t(lang, "history-by-system"),
      note: noteOf(h, lang, t) || "none",
    }),
  );
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** At most `max` UTF-16 units, cut between characters as people see them (never mid-emoji). */
export function cutWhole(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/**
 * A button press's answer (notification or alert): the Bot API takes 0–200 characters,
 * counted in UTF-16 units as in messages, and refuses half an emoji.
 */
export const CALLBACK_TEXT_MAX = 200;
export const callbackText = (text: string): string => cutWhole(text, CALLBACK_TEXT_MAX);

/**
 * The card with as much of its history as fits in one message: whole lines, the newest
 * kept; when older ones are left out a line says how many.
 */
export function cardWithHistory(
  card: string,
  lines: string[],
  lang: Lang,
  t: T,
  limit = CARD_LIMIT,
): string {
  const head = `${card}\n\n${t(lang, "history-title")}`;
  const all = [head, ...lines].join("\n");
  if (all.length <= limit) return all;
  const older = (count: number) => t(lang, "history-older-hidden", { count });
  // Room for the "left out" line whatever the count (it is never longer than for all).
  let room = limit - head.length - 1 - older(lines.length).length;
  const kept: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const cost = lines[i]!.length + 1;
    if (cost > room) break;
    kept.unshift(lines[i]!);
    room -= cost;
  }
  // A card that alone fills the message (not possible within today's limits on a report's
  // fields) is cut between characters rather than refused.
  return cutWhole([head, older(lines.length - kept.length), ...kept].join("\n"), limit);
}
