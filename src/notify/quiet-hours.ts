import { TEHRAN_TZ, zonedParts, zonedTimeToUtc } from "../domain/time.ts";

export interface QuietHours {
  /** "HH:MM" local time the window opens. */
  start: string;
  /** "HH:MM" local time it closes; earlier than start means it wraps midnight. */
  end: string;
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({
  start: "22:00",
  end: "07:00",
  timeZone: TEHRAN_TZ,
});

/** A district's quiet hours (the defaults where its file names none). */
export function districtQuietHours(
  d: { quietHours?: { start: string; end: string }; timeZone?: string } | null | undefined,
): QuietHours {
  if (!d) return DEFAULT_QUIET_HOURS;
  return {
    start: d.quietHours?.start ?? DEFAULT_QUIET_HOURS.start,
    end: d.quietHours?.end ?? DEFAULT_QUIET_HOURS.end,
    timeZone: d.timeZone ?? DEFAULT_QUIET_HOURS.timeZone,
  };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * If `ts` falls inside the quiet window, the instant the window ends; else null.
 * start == end means no quiet hours at all.
 */
export function quietHoursEnd(ts: number, q: QuietHours): number | null {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return null;
  const p = zonedParts(ts, q.timeZone);
  const m = p.hour * 60 + p.minute;
  const wraps = start > end;
  const inside = wraps ? m >= start || m < end : m >= start && m < end;
  if (!inside) return null;
  // In the evening part of a wrapping window the end is tomorrow's morning.
  const dayOffset = wraps && m >= start ? 1 : 0;
  return zonedTimeToUtc(
    {
      year: p.year,
      month: p.month,
      day: p.day + dayOffset,
      hour: Math.floor(end / 60),
      minute: end % 60,
    },
    q.timeZone,
  );
}
