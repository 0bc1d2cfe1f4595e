import type { Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { createI18n, type Translate } from "../bot/i18n.ts";
import type { Lang } from "../repos/types.ts";
import type { Json } from "../store/port.ts";

/** What a notification becomes at send time. */
export interface Rendered {
  text: string;
  /** Inline buttons carry opaque ids only: the feature re-authorises on press. */
  reply_markup?: InlineKeyboardMarkup;
  /** A file_id or URL; `text` becomes the caption. */
  photo?: string;
  /** A file_id or URL; `text` becomes the caption. */
  document?: string;
  /** A document generated at send time (uploaded); `text` becomes the caption. */
  documentFile?: { filename: string; bytes: Uint8Array };
}

export interface RenderContext {
  /** The recipient's language at send time (groups: "fa"). */
  lang: Lang;
  t: Translate;
  /** Send time (the app's clock), for text that depends on it ("in 2 hours"). */
  now: number;
}

/**
 * May be async, e.g. to build a document from the stored item at send time. Null: the
 * message no longer applies (its cause was withdrawn meanwhile) and is not sent.
 */
export type Renderer = (
  data: { [key: string]: Json },
  ctx: RenderContext,
) => Rendered | null | Promise<Rendered | null>;

/** Kind → renderer. Features register their kinds at start-up. */
export class Renderers {
  private readonly map = new Map<string, Renderer>();
  constructor(readonly t: Translate) {}

  register(kind: string, renderer: Renderer): this {
    if (this.map.has(kind)) throw new Error(`renderer for ${kind} is already registered`);
    this.map.set(kind, renderer);
    return this;
  }

  has(kind: string): boolean {
    return this.map.has(kind);
  }

  async render(
    kind: string,
    data: { [key: string]: Json },
    lang: Lang,
    now: number = Date.now(),
  ): Promise<Rendered | null> {
    const r = this.map.get(kind);
    if (!r) throw new Error(`no renderer for notification kind ${kind}`);
    return r(data, { lang, t: this.t, now });
  }
}

/** The Fluent translator over locales/*.ftl, for renderers outside any update. */
export function createTranslate(): Translate {
  const i18n = createI18n<Context>(() => undefined);
  return (lang, key, vars) => i18n.t(lang, key, vars);
}
