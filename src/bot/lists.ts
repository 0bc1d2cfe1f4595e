import { GrammyError, InlineKeyboard } from "grammy";
import { TEHRAN_TZ, zonedParts } from "../domain/time.ts";
import type { ListKey } from "../store/keyed.ts";
import type { ListAt } from "../store/port.ts";
import type { BaseContext } from "./context.ts";

/** The edit asked for is what the message already shows (a second tap on the same button). */
const notModified = (err: unknown) =>
  err instanceof GrammyError && /message is not modified/i.test(err.description);

/**
 * Page buttons of a keyed list: `PREFIXn:KEY` (next) and `PREFIXp:KEY` (previous), the key
 * being the time in base 36 and the tie-breaker — an id as it is, a number in base 36
 * after "#". Within the Bot API's 64 bytes for ids of up to 40 characters.
 */
export const keyedPages = (prefix: string) => {
  const data = (dir: "n" | "p", [t, k]: ListKey) =>
    `${prefix}${dir}:${t.toString(36)}:${typeof k === "number" ? `#${k.toString(36)}` : k}`;
  return {
    pattern: new RegExp(`^${prefix}([np]):([0-9a-z]{1,11}):(#[0-9a-z]{1,11}|[\\w-]{1,40})$`),
    next: (key: ListKey) => data("n", key),
    prev: (key: ListKey) => data("p", key),
    /** Where a pressed button's page starts (from the pattern's match). */
    at: (m: ArrayLike<string | undefined>): ListAt<ListKey> => {
      const tie = m[3]!;
      const key: ListKey = [
        Number.parseInt(m[2]!, 36),
        tie.startsWith("#") ? Number.parseInt(tie.slice(1), 36) : tie,
      ];
      return m[1] === "n" ? { from: "after", key } : { from: "before", key };
    },
  };
};

/**
 * A page of items as buttons, newest first; its Previous/Next buttons carry the sort key of
 * the item they continue from, so an item added or removed while someone pages moves no
 * other item across pages: nothing is shown twice or skipped. `fetch` returns up to `limit`
 * items next to `at`, in list order (for "before" and "bottom", the ones closest to it).
 * A key is only a position: `fetch` reads the person's own items from the store. Pages after
 * the first edit the list in place (Bale may answer edits with a stub; the result is unused).
 */
export async function showKeyedList<T, K>(
  ctx: BaseContext,
  o: {
    fetch: (at: ListAt<K>, limit: number) => Promise<T[]>;
    at: ListAt<K>;
    size: number;
    title: string;
    empty: string;
    label: (row: T) => string;
    open: (row: T) => string;
    keyOf: (row: T) => K;
    nextData: (key: K) => string;
    prevData: (key: K) => string;
    edit: boolean;
  },
): Promise<unknown> {
  let at = o.at;
  let rows = await o.fetch(at, o.size + 1);
  if (!rows.length && (at.from === "after" || at.from === "offset")) {
    // An old "next" pressed after the list shrank: the last page that still has items.
    at = { from: "bottom" };
    rows = await o.fetch(at, o.size + 1);
  } else if (at.from === "before" && rows.length <= o.size) {
    // "Previous" reaching the top: the first page as the menu shows it, full.
    at = { from: "top" };
    rows = await o.fetch(at, o.size + 1);
  }
  if (!rows.length) return o.edit ? edit(ctx, o.empty) : ctx.reply(o.empty);
  const up = at.from === "before" || at.from === "bottom";
  const more = rows.length > o.size;
  rows = up ? rows.slice(-o.size) : rows.slice(0, o.size);
  const first = o.keyOf(rows[0]!);
  const last = o.keyOf(rows[rows.length - 1]!);
  // The side the page was not read from is looked at with one item.
  const hasPrev = up
    ? more
    : at.from !== "top" && (await o.fetch({ from: "before", key: first }, 1)).length > 0;
  const hasNext = up
    ? at.from !== "bottom" && (await o.fetch({ from: "after", key: last }, 1)).length > 0
    : more;
  const kb = new InlineKeyboard();
  for (const row of rows) kb.text(o.label(row), o.open(row)).row();
  if (hasPrev) kb.text(ctx.t("btn-prev"), o.prevData(first));
  if (hasNext) kb.text(ctx.t("btn-next"), o.nextData(last));
  if (o.edit) return edit(ctx, o.title, kb);
  return ctx.reply(o.title, { reply_markup: kb });
}

/**
 * The list's message edited in place; sent anew only when it cannot be edited (too old,
 * gone). "Not modified" means it already shows this, so nothing more is posted.
 */
function edit(ctx: BaseContext, text: string, kb?: InlineKeyboard): Promise<unknown> {
  return ctx
    .editMessageText(text, kb ? { reply_markup: kb } : {})
    .catch((err: unknown) =>
      notModified(err) ? undefined : ctx.reply(text, kb ? { reply_markup: kb } : {}),
    );
}

/**
 * Every item as a button, one per row, under a title; `empty` when there is none. A list cut
 * short (`total` above the rows shown) says how many there are in all, so a backlog is not
 * hidden.
 */
export function showButtonList<T>(
  ctx: BaseContext,
  o: {
    rows: T[];
    title: string;
    empty: string;
    label: (row: T) => string;
    open: (row: T) => string;
    total?: number;
  },
): Promise<unknown> {
  if (!o.rows.length) return ctx.reply(o.empty);
  const kb = new InlineKeyboard();
  for (const row of o.rows) kb.text(o.label(row), o.open(row)).row();
  const title =
    o.total !== undefined && o.total > o.rows.length
      ? `${o.title}\n${ctx.t("waiting-more", { shown: o.rows.length, total: o.total })}`
      : o.title;
  return ctx.reply(title, { reply_markup: kb });
}

/**
 * Calendar days in Tehran from `since` to now, for "waiting N days": something sent at
 * 23:00 yesterday has waited a day, not "today".
 */
export function daysSince(ctx: BaseContext, since: number): number {
  const day = (ts: number) => {
    const p = zonedParts(ts, TEHRAN_TZ);
    return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
  };
  return Math.max(0, day(ctx.app.clock.now()) - day(since));
}
