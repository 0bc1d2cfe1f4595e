import { Keyboard } from "grammy";
import type { PersonDoc } from "../repos/types.ts";
import type { BaseContext } from "./context.ts";

/**
 * The main menu is assembled from what each feature registers, filtered by the person's
 * roles, so no one ever sees a button that leads nowhere for them.
 */
export interface MenuEntry {
  /** Locale key of the button label (also how a press is recognised, in any language). */
  key: string;
  /** Lower comes first. */
  order: number;
  visible(person: PersonDoc): boolean;
  /** Runs with the chat's open form already left (the menu's router leaves it first). */
  run(ctx: BaseContext): Promise<unknown>;
}

export class MenuRegistry {
  readonly entries: MenuEntry[] = [];
  add(entry: MenuEntry): void {
    this.entries.push(entry);
    this.entries.sort((a, b) => a.order - b.order);
  }
  visibleTo(person: PersonDoc): MenuEntry[] {
    return this.entries.filter((e) => e.visible(person));
  }
}

type Translator = { t(key: string, vars?: Record<string, string | number>): string };

export function mainMenuKeyboard(ctx: Translator, menu: MenuRegistry, person: PersonDoc): Keyboard {
  const kb = new Keyboard();
  const entries = menu.visibleTo(person);
  entries.forEach((entry, i) => {
    kb.text(ctx.t(entry.key));
    if (i % 2 === 1 && i < entries.length - 1) kb.row();
  });
  return kb.resized().persistent();
}

type Labels = { t(lang: "fa" | "en", key: string): string };

/** Label (in either language) → entry, built once per menu: asked of every private text. */
const byLabel = new WeakMap<MenuRegistry, { size: number; map: Map<string, MenuEntry> }>();

/** The entry whose label (in either language) a text is, if any. */
export function menuEntryOf(
  menu: MenuRegistry,
  i18n: Labels,
  text: string | undefined,
): MenuEntry | undefined {
  if (text === undefined) return undefined;
  let cached = byLabel.get(menu);
  if (cached?.size !== menu.entries.length) {
    const map = new Map<string, MenuEntry>();
    for (const e of menu.entries)
      for (const l of ["fa", "en"] as const) map.set(i18n.t(l, e.key), e);
    cached = { size: menu.entries.length, map };
    byLabel.set(menu, cached);
  }
  return cached.map.get(text);
}
