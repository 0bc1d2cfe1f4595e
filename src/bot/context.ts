import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { I18n, I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Repos } from "../repos/index.ts";
import type { IdentityDoc, Lang, PersonDoc, Platform } from "../repos/types.ts";
import type { Services } from "../services.ts";
import type { MenuRegistry } from "./menu.ts";

/** Everything a feature needs, created once per bot instance. */
export interface AppDeps {
  repos: Repos;
  clock: Clock;
  log: Logger;
  platform: Platform;
  // biome-ignore lint/suspicious/noExplicitAny: one translator serves outer and conversation contexts
  i18n: I18n<any>;
  /** The latest known language per user of this platform, for contexts that skip the outer middleware. */
  langs: Map<number, Lang>;
  menu: MenuRegistry;
  services: Services;
}

interface AppFlavor {
  app: AppDeps;
  identity: IdentityDoc | null;
  /** The roster person behind this account, when matched and active. */
  person: PersonDoc | null;
  /** Set when the account is linked to someone the roster has switched off. */
  inactivePerson: PersonDoc | null;
  lang: Lang;
  /**
   * A conversation to enter once the update reaches the conversations' own middleware.
   * Commands that interrupt conversations run before those (so they can leave them), and a
   * conversation can only be entered downstream of where it is installed.
   */
  launch?: string;
}

export type BaseContext = Context & I18nFlavor & AppFlavor & MenuFlavor;
export type BotContext = ConversationFlavor<BaseContext>;
/** Set when a private text is a main-menu label: the person chose to go elsewhere. */
interface MenuFlavor {
  menuLabel?: boolean;
}

/** Context objects inside conversations: translation only; data comes via `external`. */
export type ConvContext = Context & I18nFlavor & MenuFlavor;
export type Conv = Conversation<BotContext, ConvContext>;
