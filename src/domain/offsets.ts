import { toLatinDigits } from "./digits.ts";
import { normalizeText } from "./text.ts";

/** At most this many reminders per meeting, each at most this far ahead (minutes). */
export const MAX_REMINDERS = 5;
export const MAX_OFFSET_MIN = 30 * 24 * 60;

const UNITS: [RegExp, number][] = [
  [/^(روز|day|days|d)$/, 24 * 60],
  [/^(ساعت|hour|hours|h)$/, 60],
  [/^(دقیقه|minute|minutes|min|m)$/, 1],
];

/**
 * Reminder offsets typed by a secretary, e.g. "۷ روز، ۱ روز، ۳ ساعت" or "2 days, 90 min":
 * minutes before the start, largest first, without duplicates. Null when anything is off.
 */
export function parseReminderOffsets(input: string): number[] | null {
  const parts = toLatinDigits(normalizeText(input))
    .split(/\s*(?:[,،;؛]|\sو\s|\sand\s)\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > MAX_REMINDERS) return null;
  const out = new Set<number>();
  for (const part of parts) {
    const m = /^(\d{1,4})\s*([^\d\s]+)$/.exec(part);
    if (!m) return null;
    const unit = UNITS.find(([re]) => re.test(m[2]!));
    if (!unit) return null;
    const minutes = Number(m[1]) * unit[1];
    if (minutes <= 0 || minutes > MAX_OFFSET_MIN) return null;
    out.add(minutes);
  }
  return [...out].sort((a, b) => b - a);
}

/** Splits an offset into whole days, hours and minutes for display. */
export function offsetParts(minutes: number): { days: number; hours: number; minutes: number } {
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}
