import type { Bot } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Logger } from "../log.ts";
import type { Lang, Platform } from "../repos/types.ts";

/**
 * Telegram and Bale differences, in one place (DESIGN §4). The bot sends plain text
 * without parse_mode on both platforms, so user text can never break a message's markup.
 */
export interface PlatformTraits {
  /** Telegram checks a secret header on webhook calls; Bale sends none, so the path is secret. */
  webhookSecretHeader: boolean;
  /** Bale may answer editMessageText with a stub: never rely on the returned message. */
  editReturnsMessage: boolean;
  /** Bale may not implement setMyCommands. */
  commandsApi: "yes" | "best-effort";
  /** Bale has no supergroups or forum topics. */
  supergroups: boolean;
}

export const PLATFORMS: Record<Platform, PlatformTraits> = {
  telegram: {
    webhookSecretHeader: true,
    editReturnsMessage: true,
    commandsApi: "yes",
    supergroups: true,
  },
  bale: {
    webhookSecretHeader: false,
    editReturnsMessage: false,
    commandsApi: "best-effort",
    supergroups: false,
  },
};

export const BOT_COMMANDS = ["start", "menu", "track", "help", "cancel", "language"] as const;

/**
 * Registers the command list per language for private chats; a failure (Bale) is logged,
 * never fatal.
 */
export async function registerCommands(
  bot: Bot,
  platform: Platform,
  t: (lang: Lang, key: string) => string,
  log: Logger,
): Promise<void> {
  const list = (lang: Lang): BotCommand[] =>
    BOT_COMMANDS.map((command) => ({ command, description: t(lang, `cmd-${command}`) }));
  // Private chats only: in a group every one of them answers "private chat only".
  const scope = { type: "all_private_chats" } as const;
  try {
    await bot.api.setMyCommands(list("fa"), { scope });
    await bot.api.setMyCommands(list("en"), { scope, language_code: "en" });
    // The lists earlier versions set for every chat would stay shown in groups.
    await bot.api.deleteMyCommands();
    await bot.api.deleteMyCommands({ language_code: "en" });
  } catch (err) {
    // Expected where the method may be missing (Bale): nothing for an operator to act on.
    const level = PLATFORMS[platform].commandsApi === "best-effort" ? "debug" : "warn";
    log[level]({ err: (err as Error).message }, "setMyCommands failed; continuing");
  }
}
