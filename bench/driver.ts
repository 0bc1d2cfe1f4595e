import { performance } from "node:perf_hooks";
import type { BotState } from "../src/emulator/state.ts";
import type { ChangeEvent, SentMessage, TgUser } from "../src/emulator/types.ts";

export type Expect = (msg: SentMessage, e: ChangeEvent) => boolean;

/** Whether a message's inline keyboard has a button whose data starts so. */
export const hasButton = (m: SentMessage, dataPrefix: string) =>
  (m.replyMarkup?.inline_keyboard ?? [])
    .flat()
    .some((b) => typeof b.callback_data === "string" && b.callback_data.startsWith(dataPrefix));

/** A new message (not an edit) whose inline keyboard has a button whose data starts so. */
export const button =
  (dataPrefix: string): Expect =>
  (m, e) =>
    e.kind === "sent" && hasButton(m, dataPrefix);

/** A new message, or an edited one (a question turned into the next), with such a button. */
export const shown =
  (dataPrefix: string): Expect =>
  (m, e) =>
    (e.kind === "sent" || e.kind === "edited") && hasButton(m, dataPrefix);

/** A new message whose text matches. */
export const text =
  (re: RegExp): Expect =>
  (m, e) =>
    e.kind === "sent" && re.test(m.text ?? m.caption ?? "");

/** A new message carrying a reply keyboard (e.g. the main menu). */
export const replyKeyboard: Expect = (m, e) =>
  e.kind === "sent" && Boolean(m.replyMarkup && "keyboard" in m.replyMarkup);

/**
 * Update queued → the awaited reply, timed on the emulator's own events: the "update" event
 * stamps when an update entered the bot's queue, the "change" event when the reply landed.
 */
export class LatencyProbe {
  private readonly queuedAt = new Map<number, number>();
  private readonly onUpdate = (u: { update_id: number }) => {
    this.queuedAt.set(u.update_id, performance.now());
  };
  constructor(readonly bot: BotState) {
    bot.on("update", this.onUpdate);
  }
  queued(updateId: number): number {
    const t = this.queuedAt.get(updateId);
    this.queuedAt.delete(updateId);
    if (t === undefined) throw new Error(`bench: update ${updateId} was never queued`);
    return t;
  }
  close(): void {
    this.bot.off("update", this.onUpdate);
  }
}

/**
 * One "change" listener per bot, handing each event to the step waiting in its chat: a
 * listener per waiting chat made every message the bot sent cost the harness one call per
 * chat (200 per message), more than the emulator's own work.
 */
const waiting = new WeakMap<BotState, Map<number, (e: ChangeEvent) => void>>();
function waitersOf(bot: BotState): Map<number, (e: ChangeEvent) => void> {
  let chats = waiting.get(bot);
  if (!chats) {
    const byChat = new Map<number, (e: ChangeEvent) => void>();
    bot.on("change", (e: ChangeEvent) => byChat.get(e.chatId)?.(e));
    waiting.set(bot, byChat);
    chats = byChat;
  }
  return chats;
}

export type Action =
  | { text: string }
  | { press: string }
  | { contact: string }
  /** Press the button with this label on the last awaited message. */
  | { pressLabel: string };

/**
 * One person's private chat, driven step by step: each step acts (one update) and waits
 * for the reply that lets a person go on; its latency is recorded.
 */
export class ChatDriver {
  readonly info: TgUser;
  last: SentMessage | undefined;
  constructor(
    readonly bot: BotState,
    readonly probe: LatencyProbe,
    id: number,
    readonly timeoutMs = 60_000,
  ) {
    this.info = { id, is_bot: false, first_name: `Bench ${id}` };
  }

  private act(a: Action): number {
    const chat = { id: this.info.id, type: "private" as const, first_name: this.info.first_name };
    if ("text" in a) return this.bot.userMessage(this.info, chat, { text: a.text }).updateId;
    if ("contact" in a)
      return this.bot.userMessage(this.info, chat, {
        contact: {
          phone_number: a.contact,
          first_name: this.info.first_name,
          user_id: this.info.id,
        },
      }).updateId;
    if (!this.last) throw new Error(`bench: chat ${this.info.id} has no message to press on`);
    let data: string;
    if ("press" in a) data = a.press;
    else {
      const b = (this.last.replyMarkup?.inline_keyboard ?? [])
        .flat()
        .find((x) => x.text === a.pressLabel);
      if (typeof b?.callback_data !== "string")
        throw new Error(`bench: no button ${a.pressLabel} in chat ${this.info.id}`);
      data = b.callback_data;
    }
    return this.bot.callbackQuery(this.info, this.info.id, this.last.messageId, data).updateId;
  }

  /** Acts and waits; returns the latency in ms (update queued → awaited reply). */
  step(a: Action, expect: Expect): Promise<number> {
    const chatId = this.info.id;
    return new Promise((resolve, reject) => {
      let updateId = -1;
      const onChange = (e: ChangeEvent) => {
        if (!expect(e.message, e)) return;
        const at = performance.now();
        cleanup();
        this.last = this.bot.findMessage(chatId, e.messageId) ?? e.message;
        resolve(at - this.probe.queued(updateId));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.bot
          .messagesIn(chatId)
          .slice(-3)
          .map((m) => JSON.stringify(m.text ?? ""));
        reject(
          new Error(
            `bench: chat ${chatId} got no expected reply to ${JSON.stringify(a)} in ${this.timeoutMs} ms; last: ${seen.join(" | ")}`,
          ),
        );
      }, this.timeoutMs);
      const waiters = waitersOf(this.bot);
      const cleanup = () => {
        clearTimeout(timer);
        if (waiters.get(chatId) === onChange) waiters.delete(chatId);
      };
      if (waiters.has(chatId)) throw new Error(`bench: chat ${chatId} is already waiting`);
      waiters.set(chatId, onChange);
      try {
        updateId = this.act(a);
      } catch (err) {
        cleanup();
        reject(err);
      }
    });
  }
}
