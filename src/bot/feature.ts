import type { ConversationBuilder } from "@grammyjs/conversations";
import type { Composer, MiddlewareFn } from "grammy";
import { callbackText } from "../reports/history.ts";
import type { AppDeps, BaseContext, BotContext, ConvContext } from "./context.ts";
import type { MenuRegistry } from "./menu.ts";

/**
 * One feature of the bot (reports, proposals, meetings…): its menu entries, its
 * conversations and its handlers. Everything here runs only for signed-in people (after
 * the access gate); callbacks re-check role and state in the store themselves.
 */
export interface FeatureModule {
  name: string;
  menu?(menu: MenuRegistry, deps: AppDeps): void;
  conversations?(
    deps: AppDeps,
  ): { id: string; builder: ConversationBuilder<BotContext, ConvContext> }[];
  /**
   * Forms kept as documents of their own (see conversations/report.ts): installed before
   * the conversations plugin (a chat in a form is in no conversation), so their answers go
   * straight to them; commands and other features' buttons pass on (`passesThrough`).
   */
  forms?(deps: AppDeps): MiddlewareFn<BotContext>[];
  /** Commands and presses of the feature's own buttons: nothing else reaches it. */
  composer?(deps: AppDeps): Composer<BotContext>;
}

export type { BaseContext };

/**
 * Answers a press with `text` (a toast, or an alert) and says it in the chat too, where it
 * stays. Both go out together: on a real network each call is a round trip of its own.
 */
export async function answerAndSay(ctx: BaseContext, text: string, alert = false): Promise<void> {
  await Promise.all([
    ctx.answerCallbackQuery({ text: callbackText(text), show_alert: alert }),
    ctx.reply(text),
  ]);
}

/**
 * Answers a press while `work` (already started) shows what it asked for: the button stops
 * spinning and the page or card arrives one round trip after the press, not two.
 */
export async function answeredWhile(ctx: BaseContext, work: Promise<unknown>): Promise<void> {
  await Promise.all([ctx.answerCallbackQuery(), work]);
}
