import { formatDateTime } from "../domain/time.ts";
import type { Lang } from "../repos/types.ts";
import type { T } from "./notifications.ts";
import type { MeetingResult } from "./service.ts";

/**
 * Why a meeting action was refused, as plain JSON: conversations carry it out of
 * `conversation.external()`, so it must survive a replay.
 */
export interface Refusal {
  why: string;
  /** For "stale": the meeting's state now, and its last change when known. */
  state?: string;
  by?: string;
  at?: number;
}

export function refusalOf(r: MeetingResult & { ok: false }): Refusal {
  if (r.why !== "stale") return { why: r.why };
  return {
    why: "stale",
    state: r.meeting.state,
    ...(r.lastBy ? { by: r.lastBy } : {}),
    ...(r.last ? { at: r.last.at } : {}),
  };
}

/** The refusal in the person's words; who changed the meeting and when, if known. */
export function refusalText(f: Refusal, lang: Lang, t: T): string {
  if (f.why !== "stale") return t(lang, `meeting-result-${f.why}`);
  const state = t(lang, `meeting-state-${f.state ?? "scheduled"}`);
  if (f.by && f.at !== undefined)
    return t(lang, "meeting-result-stale", { state, by: f.by, at: formatDateTime(f.at, lang) });
  return t(lang, "meeting-result-stale-unknown", { state });
}
