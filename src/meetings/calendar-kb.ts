import { InlineKeyboard } from "grammy";
import { localizeDigits, toLatinDigits } from "../domain/digits.ts";
import { addJalaliMonths, jalaliWeekday, monthLength } from "../domain/recurrence.ts";
import { isRealJalaliDate, JALALI_MONTHS, type JalaliDate } from "../domain/time.ts";
import type { Lang } from "../repos/types.ts";

/** One-letter Iranian weekday heads, Saturday first. Calendar data, like month names. */
const HEADS: Record<Lang, string[]> = {
  fa: ["ش", "ی", "د", "س", "چ", "پ", "ج"],
  en: ["Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"],
};

/**
 * A Jalali month as an inline keyboard: title, weekday heads (Saturday first), the days
 * (past days and blanks are inert), then previous/next month. Callback data: `mc:d:Y-M-D`
 * picks a day, `mc:m:Y-M` shows another month, `mc:x` does nothing.
 * `isOff` marks Fridays and holidays with a dot so they stand out before being picked.
 */
export function calendarKeyboard(
  jy: number,
  jm: number,
  lang: Lang,
  today: JalaliDate,
  isOff: (d: JalaliDate) => boolean,
  labels: { prev: string; next: string },
): InlineKeyboard {
  const kb = new InlineKeyboard();
  kb.text(`${JALALI_MONTHS[lang][jm - 1]} ${localizeDigits(String(jy), lang)}`, "mc:x").row();
  for (const h of HEADS[lang]) kb.text(h, "mc:x");
  kb.row();
  const first = jalaliWeekday({ jy, jm, jd: 1 });
  const len = monthLength(jy, jm);
  let col = 0;
  for (let i = 0; i < first; i++, col++) kb.text(" ", "mc:x");
  for (let jd = 1; jd <= len; jd++) {
    const d = { jy, jm, jd };
    const past = jy * 10000 + jm * 100 + jd < today.jy * 10000 + today.jm * 100 + today.jd;
    const label = localizeDigits(String(jd), lang);
    if (past) kb.text("·", "mc:x");
    else kb.text(isOff(d) ? `${label}*` : label, `mc:d:${jy}-${jm}-${jd}`);
    col++;
    if (col % 7 === 0 && jd < len) kb.row();
  }
  while (col % 7 !== 0) {
    kb.text(" ", "mc:x");
    col++;
  }
  const prev = addJalaliMonths(jy, jm, -1);
  const next = addJalaliMonths(jy, jm, 1);
  kb.row();
  // No way back before the current month: there is nothing to pick there.
  if (prev.jy * 12 + prev.jm >= today.jy * 12 + today.jm)
    kb.text(labels.prev, `mc:m:${prev.jy}-${prev.jm}`);
  kb.text(labels.next, `mc:m:${next.jy}-${next.jm}`);
  return kb;
}

export function parseCalendarData(
  data: string,
): { kind: "day"; date: JalaliDate } | { kind: "month"; jy: number; jm: number } | null {
  let m = /^mc:d:(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(data);
  if (m) {
    // Data is never trusted: a day the calendar does not have (30 Esfand of a common year,
    // 31 Mehr) is not a press of our keyboard.
    const date = { jy: Number(m[1]), jm: Number(m[2]), jd: Number(m[3]) };
    return isRealJalaliDate(date.jy, date.jm, date.jd) ? { kind: "day", date } : null;
  }
  m = /^mc:m:(\d{4})-(\d{1,2})$/.exec(data);
  if (m) {
    const jm = Number(m[2]);
    if (jm < 1 || jm > 12) return null;
    return { kind: "month", jy: Number(m[1]), jm };
  }
  return null;
}

/** "17", "17:30", "۱۷:۳۰", "5.30" → minutes after midnight; null if not a time. */
export function parseClock(input: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2})(?:\s*[:.٫]\s*(\d{2}))?$/.exec(toLatinDigits(input).trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}
