import type { BotState } from "./state.ts";
import type {
  CallbackAnswer,
  ChangeEvent,
  InlineButton,
  SentMessage,
  TgChat,
  TgUser,
} from "./types.ts";

export interface UserOptions {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export interface GroupOptions {
  /** Negative, like real group ids. */
  id: number;
  title: string;
  type?: "group" | "supergroup";
}

export type MessageMatcher = string | RegExp | ((msg: SentMessage) => boolean);

/** A tiny 1×1 PNG: real image bytes so getFile + download give something sensible. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const OGG_STUB = Buffer.from("OggS\0\x02\0\0\0\0\0\0\0\0", "binary");

function matches(m: MessageMatcher, msg: SentMessage): boolean {
  if (typeof m === "function") return m(msg);
  const text = msg.text ?? msg.caption ?? "";
  return typeof m === "string" ? text.includes(m) : m.test(text);
}

function describe(msg: SentMessage): string {
  return JSON.stringify(
    msg.text ?? msg.caption ?? (msg.location ? "[location]" : msg.photo ? "[photo]" : "[document]"),
  );
}

/**
 * Waits for the first change event in a chat after `cursor` that satisfies `accept`,
 * looking first at what already happened (the bot's change log), then at new events,
 * so a reply that arrived before the wait started is never missed.
 */
function waitForChange(
  bot: BotState,
  chatId: number,
  cursor: number,
  accept: (e: ChangeEvent) => boolean,
  timeoutMs: number,
  what: string,
): Promise<ChangeEvent> {
  for (const e of bot.log) {
    if (e.seq > cursor && e.chatId === chatId && accept(e)) return Promise.resolve(e);
  }
  return new Promise((resolve, reject) => {
    const onChange = (e: ChangeEvent) => {
      if (e.chatId !== chatId || e.seq <= cursor || !accept(e)) return;
      clearTimeout(timer);
      bot.off("change", onChange);
      resolve(e);
    };
    const timer = setTimeout(() => {
      bot.off("change", onChange);
      const seen = bot.log
        .filter((e) => e.seq > cursor && e.chatId === chatId)
        .map((e) => `${e.kind} #${e.messageId} ${describe(e.message)}`);
      reject(
        new Error(
          `emulator: timed out after ${timeoutMs} ms waiting for ${what} in chat ${chatId}; ` +
            `since the last action the chat got: ${seen.length > 0 ? seen.join("; ") : "nothing"}`,
        ),
      );
    }, timeoutMs);
    bot.on("change", onChange);
  });
}

function inlineButtonsOf(msg: SentMessage | undefined): InlineButton[][] {
  return msg?.replyMarkup?.inline_keyboard ?? [];
}

/**
 * A person talking to a bot. Actions return the update_id they produced. Each user keeps a
 * cursor: the bot's change sequence at their last action. `waitFor` looks at everything the
 * bot did in this chat after the cursor (already happened or still to come); `nextReply`
 * consumes new messages one by one.
 */
export class User {
  readonly info: TgUser;
  /** Change sequence at the last action (or last nextReply). */
  cursor: number;

  constructor(
    readonly bot: BotState,
    opts: UserOptions,
  ) {
    this.info = {
      id: opts.id,
      is_bot: false,
      first_name: opts.firstName,
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.languageCode ? { language_code: opts.languageCode } : {}),
    };
    this.cursor = bot.seq;
  }

  get id(): number {
    return this.info.id;
  }

  /** The private chat with the bot. */
  get chat(): TgChat {
    return {
      id: this.info.id,
      type: "private",
      first_name: this.info.first_name,
      ...(this.info.last_name ? { last_name: this.info.last_name } : {}),
      ...(this.info.username ? { username: this.info.username } : {}),
    };
  }

  private act(): void {
    this.cursor = this.bot.seq;
  }

  async send(text: string): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, { text }).updateId;
  }

  async shareContact(opts: {
    /** A number as Bale's client libraries type it; a string as Telegram sends it. */
    phoneNumber: string | number;
    userId?: number;
    firstName?: string;
    lastName?: string;
  }): Promise<number> {
    this.act();
    const contact = {
      phone_number: opts.phoneNumber,
      first_name: opts.firstName ?? this.info.first_name,
      user_id: opts.userId ?? this.info.id,
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
    };
    return this.bot.userMessage(this.info, this.chat, { contact }).updateId;
  }

  async shareLocation(latitude: number, longitude: number): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, { location: { latitude, longitude } })
      .updateId;
  }

  async sendPhoto(
    caption?: string,
    bytes: Buffer = PNG_1X1,
    opts: { mediaGroupId?: string } = {},
  ): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, {
      photo: {
        bytes,
        ...(caption !== undefined ? { caption } : {}),
        ...(opts.mediaGroupId !== undefined ? { mediaGroupId: opts.mediaGroupId } : {}),
      },
    }).updateId;
  }

  async sendDocument(
    fileName: string,
    bytes: Buffer = Buffer.from("document"),
    caption?: string,
    /** As the sending app labels the file (a picture sent "as a file": "image/jpeg"). */
    mimeType?: string,
  ): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, {
      document: {
        bytes,
        fileName,
        ...(caption !== undefined ? { caption } : {}),
        ...(mimeType !== undefined ? { mimeType } : {}),
      },
    }).updateId;
  }

  async sendSticker(): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, { sticker: true }).updateId;
  }

  async sendVoice(caption?: string): Promise<number> {
    this.act();
    return this.bot.userMessage(this.info, this.chat, {
      voice: { bytes: OGG_STUB, ...(caption !== undefined ? { caption } : {}) },
    }).updateId;
  }

  /** Edits a message this user sent earlier (by its message_id); an edited_message update. */
  async sendEditedMessage(messageId: number, text: string): Promise<number> {
    this.act();
    return this.bot.userEdit(this.info, this.chat.id, messageId, text);
  }

  /** The message_id of the last message this user sent in their private chat. */
  lastSentMessageId(): number | undefined {
    const ids = [...(this.bot.chats.get(this.id)?.userMessages.keys() ?? [])];
    return ids.length > 0 ? Math.max(...ids) : undefined;
  }

  /** Forwards a message written by `fromUser` into the chat with the bot. */
  async forward(text: string, fromUser: User | TgUser): Promise<number> {
    this.act();
    const origin = fromUser instanceof User ? fromUser.info : fromUser;
    const date = this.bot.unixNow();
    return this.bot.userMessage(
      this.info,
      this.chat,
      { text },
      {
        forward_origin: { type: "user", sender_user: origin, date },
        forward_from: origin,
        forward_date: date,
      },
    ).updateId;
  }

  /**
   * Presses an inline button by its label on the latest message in this chat that has one
   * (or on `messageId`). Throws, listing the buttons on offer, when there is no such button.
   */
  async press(
    label: string | RegExp,
    opts: { messageId?: number; timeoutMs?: number } = {},
  ): Promise<number> {
    const matches = (b: InlineButton) =>
      typeof label === "string" ? b.text === label : label.test(b.text);
    if (opts.messageId === undefined) {
      // The button usually comes with the bot's answer to the last action: wait for it,
      // so a test never races the bot. Older messages remain the fallback.
      await waitForChange(
        this.bot,
        this.id,
        this.cursor,
        (e) => inlineButtonsOf(this.bot.findMessage(this.id, e.messageId)).flat().some(matches),
        opts.timeoutMs ?? 2000,
        `a button ${String(label)}`,
      ).catch(() => undefined);
    }
    const candidates = this.bot
      .messagesIn(this.id)
      .filter((m) => opts.messageId === undefined || m.messageId === opts.messageId)
      .reverse();
    for (const msg of candidates) {
      const button = inlineButtonsOf(msg)
        .flat()
        .find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
      if (!button) continue;
      if (button.callback_data === undefined) {
        throw new Error(
          `emulator: button ${JSON.stringify(button.text)} has no callback_data (it is a ${Object.keys(button).join("/")} button)`,
        );
      }
      return this.pressCallbackData(button.callback_data, msg.messageId);
    }
    const offered = candidates
      .filter((m) => inlineButtonsOf(m).length > 0)
      .map(
        (m) =>
          `#${m.messageId}: ${inlineButtonsOf(m)
            .flat()
            .map((b) => JSON.stringify(b.text))
            .join(", ")}`,
      );
    throw new Error(
      `emulator: no inline button ${String(label)} for user ${this.id}` +
        (opts.messageId !== undefined ? ` on message ${opts.messageId}` : "") +
        `; buttons on offer: ${offered.length > 0 ? offered.join(" | ") : "none"}`,
    );
  }

  /** Sends a callback query with arbitrary (possibly forged) data for a bot message. */
  async pressCallbackData(data: string, messageId: number): Promise<number> {
    this.act();
    return this.bot.callbackQuery(this.info, this.id, messageId, data).updateId;
  }

  async block(): Promise<number> {
    this.act();
    return this.bot.setBlocked(this.info, true);
  }

  async unblock(): Promise<number> {
    this.act();
    return this.bot.setBlocked(this.info, false);
  }

  async sendInGroup(group: Group, text: string): Promise<number> {
    this.act();
    group.cursor = this.bot.seq;
    return this.bot.userMessage(this.info, group.chat, { text }).updateId;
  }

  // ---------------------------------------------------------------- reading

  /** Messages the bot sent to this user: current content after edits, deleted ones left out. */
  messages(): SentMessage[] {
    return this.bot.messagesIn(this.id);
  }

  last(): SentMessage | undefined {
    return this.messages().at(-1);
  }

  /**
   * The first message (new or edited) in this chat after the cursor that matches. A string
   * matches as a substring of the text or caption. Resolves with the message as it was at that
   * moment.
   */
  async waitFor(match: MessageMatcher, opts: { timeoutMs?: number } = {}): Promise<SentMessage> {
    const e = await waitForChange(
      this.bot,
      this.id,
      this.cursor,
      (ev) => ev.kind !== "deleted" && matches(match, ev.message),
      opts.timeoutMs ?? 5000,
      `a message matching ${String(match)}`,
    );
    return e.message;
  }

  /** The next new message after the cursor; moves the cursor past it. */
  async nextReply(opts: { timeoutMs?: number } = {}): Promise<SentMessage> {
    const e = await waitForChange(
      this.bot,
      this.id,
      this.cursor,
      (ev) => ev.kind === "sent",
      opts.timeoutMs ?? 5000,
      "a reply",
    );
    this.cursor = e.seq;
    return e.message;
  }

  /**
   * The reply keyboard the user currently sees, as rows of labels: from the latest message
   * carrying a keyboard or a ReplyKeyboardRemove (then undefined).
   */
  replyKeyboard(): string[][] | undefined {
    const msg = this.messagesIncludingDeleted()
      .reverse()
      .find((m) => m.replyMarkup?.keyboard || m.replyMarkup?.remove_keyboard);
    return msg?.replyMarkup?.keyboard?.map((row) => row.map((b) => b.text));
  }

  /** Inline buttons of a message (default: the latest message with inline buttons). */
  inlineButtons(msg?: SentMessage): InlineButton[][] {
    const target =
      msg ??
      this.messages()
        .reverse()
        .find((m) => inlineButtonsOf(m).length > 0);
    return inlineButtonsOf(target);
  }

  /** Resolves with the answer to the callback query of `updateId`; rejects after a timeout. */
  async expectCallbackAnswered(
    updateId: number,
    opts: { timeoutMs?: number } = {},
  ): Promise<CallbackAnswer> {
    const query = [...this.bot.callbackQueries.values()].find((q) => q.updateId === updateId);
    if (!query) throw new Error(`emulator: update ${updateId} is not a callback query`);
    const existing = this.bot.callbackAnswers.get(query.id);
    if (existing) return existing;
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const onAnswer = (a: CallbackAnswer) => {
        if (a.queryId !== query.id) return;
        clearTimeout(timer);
        this.bot.off("callbackAnswer", onAnswer);
        resolve(a);
      };
      const timer = setTimeout(() => {
        this.bot.off("callbackAnswer", onAnswer);
        reject(
          new Error(
            `emulator: callback query of update ${updateId} (data ${JSON.stringify(query.data)}) was not answered within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.bot.on("callbackAnswer", onAnswer);
    });
  }

  private messagesIncludingDeleted(): SentMessage[] {
    return this.bot.sent.filter((m) => m.chatId === this.id);
  }
}

/** A group chat the bot is in. */
export class Group {
  readonly chat: TgChat;
  cursor: number;

  constructor(
    readonly bot: BotState,
    opts: GroupOptions,
  ) {
    if (opts.id >= 0) throw new Error("emulator: group ids are negative");
    // Bale has no supergroups: a group asked for as one is an ordinary group there.
    const type = bot.dialect === "bale" ? "group" : (opts.type ?? "group");
    this.chat = { id: opts.id, type, title: opts.title };
    this.cursor = bot.seq;
  }

  get id(): number {
    return this.chat.id;
  }

  messages(): SentMessage[] {
    return this.bot.messagesIn(this.id);
  }

  last(): SentMessage | undefined {
    return this.messages().at(-1);
  }

  async waitFor(match: MessageMatcher, opts: { timeoutMs?: number } = {}): Promise<SentMessage> {
    const e = await waitForChange(
      this.bot,
      this.id,
      this.cursor,
      (ev) => ev.kind !== "deleted" && matches(match, ev.message),
      opts.timeoutMs ?? 5000,
      `a message matching ${String(match)}`,
    );
    return e.message;
  }

  /** `by` adds the bot to this group (my_chat_member update). */
  async addBot(by: User): Promise<number> {
    this.cursor = this.bot.seq;
    return this.bot.membership(this.chat, by.info, true);
  }

  /** `by` removes the bot from this group. */
  async removeBot(by: User): Promise<number> {
    this.cursor = this.bot.seq;
    return this.bot.membership(this.chat, by.info, false);
  }
}

/** Test-side handle on one bot of an emulator: same as `emulator.bot(token)`. */
export class EmulatorClient {
  readonly state: BotState;
  constructor(emulator: { bot(token: string): BotState }, token: string) {
    this.state = emulator.bot(token);
  }
  user(opts: UserOptions): User {
    return this.state.user(opts);
  }
  group(opts: GroupOptions): Group {
    return this.state.group(opts);
  }
  idle(opts?: { quietMs?: number; timeoutMs?: number }): Promise<void> {
    return this.state.idle(opts);
  }
}
