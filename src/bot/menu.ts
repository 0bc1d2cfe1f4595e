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
