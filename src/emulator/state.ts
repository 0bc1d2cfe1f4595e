import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { UploadedFile } from "./body.ts";
import { Group, type GroupOptions, User, type UserOptions } from "./client.ts";
import { parseEntities } from "./entities.ts";
import { canonicalJson, Params, validateReplyMarkup } from "./params.ts";
import { RateLimiter, type RateLimits } from "./ratelimit.ts";
import {
  ApiError,
  badRequest,
  type CallbackAnswer,
  type CallbackQueryRecord,
  type ChangeEvent,
  type Dialect,
  type ErrorRecord,
  type FileRecord,
  type Json,
  type MessageEntity,
  type ReplyMarkup,
  type SentMessage,
  type TgChat,
  type TgUser,
  type Update,
} from "./types.ts";

export interface BotOptions {
  token: string;
  dialect: Dialect;
  id?: number;
  username?: string;
  firstName?: string;
  /**
   * The first update_id handed out (default 1). A real server never numbers a bot's updates
   * from the start again; a bot that keeps processed ids (dedupe) needs the same here.
   */
  firstUpdateId?: number;
}

/** What a bot's state needs from the emulator around it. */
export interface EmulatorHost {
  now(): number;
  rateLimits(): RateLimits | null;
  callbackQueryTtlMs: number;
  fileUrl(token: string, filePath: string): string;
}

export interface ChatState {
  chat: TgChat;
  /** Set by User.block(): sends to this private chat answer 403. */
  blocked: boolean;
  nextMessageId: number;
  /** Messages people sent in this chat, by message_id (for edited_message and deletes). */
  userMessages: Map<number, Json>;
}

export interface WebhookState {
  url: string;
  secretToken?: string;
  lastErrorDate?: number;
  lastErrorMessage?: string;
  maxConnections: number;
}

export interface BotCommand {
  command: string;
  description: string;
}

/** Content of a message a person sends (see User and the control API). */
export type UserContent =
  | { text: string }
  | {
      contact: {
        phone_number: string | number;
        first_name: string;
        last_name?: string;
        user_id?: number;
      };
    }
  | { location: { latitude: number; longitude: number } }
  | { photo: { bytes: Buffer; caption?: string; mediaGroupId?: string } }
  | { document: { bytes: Buffer; fileName: string; mimeType?: string; caption?: string } }
  | { sticker: true }
  | { voice: { bytes: Buffer; caption?: string } };

const SEND_METHODS = new Set(["sendmessage", "sendphoto", "senddocument", "sendlocation"]);
/** A lone UTF-16 surrogate (half an emoji): not UTF-8, so the Bot API refuses the string. */
const HALF_CHARACTER = /\p{Cs}/u;
const DEFAULT_UPDATE_TYPES_OFF = new Set([
  "chat_member",
  "message_reaction",
  "message_reaction_count",
]);

const randomToken = (bytes: number): string => randomBytes(bytes).toString("base64url");

/**
 * Everything one bot has on the emulator: its update queue, chats, messages, files and the
 * record of what it did. Both the HTTP Bot API and the test client act through these methods.
 *
 * Events: "change" (ChangeEvent) on every send/edit/delete, "callbackAnswer" (CallbackAnswer),
 * "update" (Update) when a person produces one, "activity" on any request or queue change.
 */
export class BotState extends EventEmitter {
  readonly token: string;
  readonly dialect: Dialect;
  readonly me: TgUser & { can_join_groups: boolean };

  /** Every message the bot sent, in order; edits and deletes update the entries in place. */
  readonly sent: SentMessage[] = [];
  /** The same messages by chat, each chat's by message_id: looked up on every edit and press. */
  private readonly sentByChat = new Map<number, Map<number, SentMessage>>();
  /** Every send/edit/delete in order, with a snapshot of the message after the change. */
  readonly log: ChangeEvent[] = [];
  /** Answers to callback queries, by query id. */
  readonly callbackAnswers = new Map<string, CallbackAnswer>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  /** Every 4xx/5xx the emulator answered this bot. */
  readonly errors: ErrorRecord[] = [];
  /** Number of requests per method name (as the bot spelled it). */
  readonly calls: Record<string, number> = {};
  /** Commands set by setMyCommands, by `canonical scope JSON|language_code`. */
  readonly commands = new Map<string, BotCommand[]>();
  readonly chats = new Map<number, ChatState>();
  readonly files = new Map<string, FileRecord>();
  rateLimitViolations = 0;
  webhook: WebhookState | null = null;
  /** Updates not yet confirmed (polling) or not yet delivered (webhook), oldest first. */
  readonly pending: Update[] = [];
  /** Last value of the change sequence (see SentMessage.seq). */
  seq = 0;
  /** Requests other than getUpdates being handled right now (maintained by the server). */
  inFlight = 0;
  /** performance.now() of the last request start/end or queue change. */
  lastActivityAt = performance.now();

  private nextUpdateId = 1;
  private allowedUpdates: string[] | null = null;
  private poll: { wake: (err?: ApiError) => void } | null = null;
  private delivering = false;
  private closed = false;
  private readonly limiter = new RateLimiter();
  private readonly filesByPath = new Map<string, FileRecord>();
  private fileCounter = 0;
  private readonly users = new Map<number, User>();
  private readonly groups = new Map<number, Group>();

  constructor(
    readonly host: EmulatorHost,
    opts: BotOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.token = opts.token;
    this.dialect = opts.dialect;
    if (opts.firstUpdateId !== undefined) this.nextUpdateId = opts.firstUpdateId;
    const id = opts.id ?? Number(opts.token.split(":")[0]);
    this.me = {
      id: Number.isSafeInteger(id) && id > 0 ? id : 1000 + Math.floor(Math.random() * 1e6),
      is_bot: true,
      first_name: opts.firstName ?? "Test Bot",
      username: opts.username ?? `test_${opts.dialect}_bot`,
      can_join_groups: true,
    };
  }

  // ---------------------------------------------------------------- test-side handles

  /** A person who talks to this bot (same object for the same id). */
  user(opts: UserOptions): User {
    let u = this.users.get(opts.id);
    if (!u) {
      u = new User(this, opts);
      this.users.set(opts.id, u);
    }
    return u;
  }

  /** A group chat (Bale has no supergroups: a "supergroup" becomes a "group" there). */
  group(opts: GroupOptions): Group {
    let g = this.groups.get(opts.id);
    if (!g) {
      g = new Group(this, opts);
      this.groups.set(opts.id, g);
    }
    return g;
  }

  /** Callback queries the bot has not answered (Bale shows a spinner for these forever). */
  unansweredCallbacks(): CallbackQueryRecord[] {
    return [...this.callbackQueries.values()].filter((q) => !q.answered);
  }

  /** Current (non-deleted) bot messages in a chat, in order. */
  messagesIn(chatId: number): SentMessage[] {
    return [...(this.sentByChat.get(chatId)?.values() ?? [])].filter((m) => !m.deleted);
  }

  findMessage(chatId: number, messageId: number): SentMessage | undefined {
    return this.sentByChat.get(chatId)?.get(messageId);
  }

  /** True while updates wait to be confirmed/delivered or a bot request is being handled. */
  busy(): boolean {
    return this.pending.length > 0 || this.delivering || this.inFlight > 0;
  }

  /**
   * Resolves once the bot has settled: every update was confirmed (polling: getUpdates was
   * called with an offset past it, which grammY does only after handling the batch; webhook:
   * the bot answered the delivery), no bot request is in flight, and no request started or
   * ended for `quietMs` (real time). The quiet period covers fire-and-forget calls and the
   * runner, which confirms updates before handling them. Rejects after `timeoutMs`.
   */
  idle(opts: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const quietMs = opts.quietMs ?? 50;
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        clearTimeout(timer);
        clearTimeout(deadline);
        this.off("activity", check);
      };
      const deadline = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `emulator: bot ${this.me.username} not idle after ${timeoutMs} ms ` +
              `(${this.pending.length} updates unconfirmed, ${this.inFlight} requests in flight, ` +
              `webhook ${this.webhook ? "on" : "off"})`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        clearTimeout(timer);
        if (this.busy()) return;
        const wait = quietMs - (performance.now() - this.lastActivityAt);
        timer = setTimeout(
          () => {
            if (!this.busy() && performance.now() - this.lastActivityAt >= quietMs - 1) {
              cleanup();
              resolve();
            } else check();
          },
          Math.max(0, wait),
        );
      };
      this.on("activity", check);
      check();
    });
  }

  touch(): void {
    this.lastActivityAt = performance.now();
    this.emit("activity");
  }

  // ---------------------------------------------------------------- updates from people

  /** Every update ever queued, so a test can hand one out again. */
  private readonly history = new Map<number, Update>();

  /**
   * Hands out an already delivered update again, with the same update_id — what a Bot API
   * server does when a bot restarts before confirming it.
   */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`emulator: no update ${updateId} to redeliver`);
    this.pending.push(update);
    this.pending.sort((a, b) => a.update_id - b.update_id);
    this.emit("update", update);
    this.touch();
    if (this.webhook) void this.deliver();
    else this.poll?.wake();
  }

  /** Queues (or delivers by webhook) an update; returns its update_id. */
  pushUpdate(body: Json): number {
    const type = Object.keys(body)[0] ?? "";
    const allowed = this.allowedUpdates;
    const update: Update = { update_id: this.nextUpdateId++, ...body };
    const wanted =
      allowed && allowed.length > 0 ? allowed.includes(type) : !DEFAULT_UPDATE_TYPES_OFF.has(type);
    if (!wanted) return update.update_id;
    this.history.set(update.update_id, update);
    this.pending.push(update);
    this.emit("update", update);
    this.touch();
    if (this.webhook) void this.deliver();
    else this.poll?.wake();
    return update.update_id;
  }

  /** Registers a chat as known to the bot (a person of it has sent an update). */
  knowChat(chat: TgChat): ChatState {
    let state = this.chats.get(chat.id);
    const normalized: TgChat =
      this.dialect === "bale" && chat.type === "supergroup" ? { ...chat, type: "group" } : chat;
    if (!state) {
      state = { chat: normalized, blocked: false, nextMessageId: 1, userMessages: new Map() };
      this.chats.set(chat.id, state);
    } else {
      state.chat = { ...state.chat, ...normalized };
    }
    return state;
  }

  /** A person sends a message in a chat (private: chat.id = from.id). Returns the update_id. */
  userMessage(
    from: TgUser,
    chat: TgChat,
    content: UserContent,
    extra: Json = {},
  ): { updateId: number; messageId: number } {
    const state = this.knowChat(chat);
    const messageId = state.nextMessageId++;
    const message: Json = {
      message_id: messageId,
      from,
      chat: state.chat,
      date: this.unixNow(),
      ...extra,
    };
    if ("text" in content) {
      message.text = content.text;
      const entities = commandEntities(content.text);
      if (entities.length > 0) message.entities = entities;
    } else if ("contact" in content) {
      message.contact = content.contact;
    } else if ("location" in content) {
      message.location = content.location;
    } else if ("photo" in content) {
      const f = this.storeFile(content.photo.bytes, "photos", "jpg", "image/jpeg");
      message.photo = [
        {
          file_id: f.fileId,
          file_unique_id: f.fileUniqueId,
          width: 320,
          height: 240,
          file_size: f.bytes.length,
        },
      ];
      if (content.photo.caption !== undefined) message.caption = content.photo.caption;
      // One of an album: the messengers send each photo as a message of its own.
      if (content.photo.mediaGroupId !== undefined)
        message.media_group_id = content.photo.mediaGroupId;
    } else if ("document" in content) {
      const d = content.document;
      const ext = d.fileName.includes(".") ? d.fileName.split(".").pop()! : "dat";
      const f = this.storeFile(
        d.bytes,
        "documents",
        ext,
        d.mimeType ?? "application/octet-stream",
        d.fileName,
      );
      message.document = {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        file_name: d.fileName,
        mime_type: f.mimeType,
        file_size: f.bytes.length,
      };
      if (d.caption !== undefined) message.caption = d.caption;
    } else if ("sticker" in content) {
      const f = this.storeFile(Buffer.from("RIFF\0\0\0\0WEBP"), "stickers", "webp", "image/webp");
      message.sticker = {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: "👍",
        file_size: f.bytes.length,
      };
    } else if ("voice" in content) {
      const f = this.storeFile(content.voice.bytes, "voice", "oga", "audio/ogg");
      message.voice = {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        duration: 2,
        mime_type: "audio/ogg",
        file_size: f.bytes.length,
      };
      if (content.voice.caption !== undefined) message.caption = content.voice.caption;
    }
    state.userMessages.set(messageId, message);
    return { updateId: this.pushUpdate({ message }), messageId };
  }

  /** A person edits a message they sent earlier (edited_message update). */
  userEdit(from: TgUser, chatId: number, messageId: number, text: string): number {
    const state = this.chats.get(chatId);
    const original = state?.userMessages.get(messageId);
    if (!state || !original)
      throw new Error(`emulator: no message ${messageId} from a person in chat ${chatId}`);
    const edited: Json = { ...original, from, text, edit_date: this.unixNow() };
    const entities = commandEntities(text);
    if (entities.length > 0) edited.entities = entities;
    else delete edited.entities;
    state.userMessages.set(messageId, edited);
    return this.pushUpdate({ edited_message: edited });
  }

  /** A person presses an inline button (or forges callback data). Returns the update_id. */
  callbackQuery(
    from: TgUser,
    chatId: number,
    messageId: number,
    data: string,
  ): { updateId: number; queryId: string } {
    const msg = this.findMessage(chatId, messageId);
    if (!msg || msg.deleted)
      throw new Error(`emulator: no bot message ${messageId} in chat ${chatId}`);
    const state = this.chats.get(chatId);
    if (state) this.knowChat(state.chat);
    const queryId = `${BigInt(this.me.id) * 1000n + BigInt(this.callbackQueries.size + 1)}${Math.floor(Math.random() * 0x10000)}`;
    const updateId = this.nextUpdateId;
    this.callbackQueries.set(queryId, {
      id: queryId,
      updateId,
      from,
      chatId,
      messageId,
      data,
      createdAt: this.host.now(),
      answered: false,
    });
    this.pushUpdate({
      callback_query: {
        id: queryId,
        from,
        message: this.messageJson(msg),
        chat_instance: String(chatId),
        data,
      },
    });
    return { updateId, queryId };
  }

  /** A person blocks (or unblocks) the bot: sends to them then answer 403. */
  setBlocked(user: TgUser, blocked: boolean): number {
    const state = this.knowChat({ id: user.id, type: "private", first_name: user.first_name });
    state.blocked = blocked;
    const date = this.unixNow();
    const member = (status: string) => ({ user: this.me, status });
    return this.pushUpdate({
      my_chat_member: {
        chat: state.chat,
        from: user,
        date,
        old_chat_member: member(blocked ? "member" : "kicked"),
        new_chat_member: member(blocked ? "kicked" : "member"),
      },
    });
  }

  /** Someone adds the bot to a group or removes it (my_chat_member update). */
  membership(chat: TgChat, by: TgUser, added: boolean): number {
    const state = this.knowChat(chat);
    // A bot that was removed from a group gets 403 when it writes there, like a blocked bot.
    state.blocked = !added;
    const member = (status: string) => ({ user: this.me, status });
    return this.pushUpdate({
      my_chat_member: {
        chat: state.chat,
        from: by,
        date: this.unixNow(),
        old_chat_member: member(added ? "left" : "member"),
        new_chat_member: member(added ? "member" : "left"),
      },
    });
  }

  storeFile(
    bytes: Buffer,
    folder: string,
    ext: string,
    mimeType?: string,
    fileName?: string,
  ): FileRecord {
    const n = this.fileCounter++;
    const file: FileRecord = {
      fileId: `${folder.slice(0, 2).toUpperCase()}${randomToken(24)}`,
      fileUniqueId: `AQ${randomToken(9)}`,
      filePath: `${folder}/file_${n}.${ext}`,
      bytes,
      ...(mimeType ? { mimeType } : {}),
      ...(fileName ? { fileName } : {}),
    };
    this.files.set(file.fileId, file);
    this.filesByPath.set(file.filePath, file);
    return file;
  }

  fileByPath(path: string): FileRecord | undefined {
    return this.filesByPath.get(path);
  }

  unixNow(): number {
    return Math.floor(this.host.now() / 1000);
  }

  // ---------------------------------------------------------------- the Bot API

  /** Handles one Bot API call. Throws ApiError for API errors. */
  async call(
    method: string,
    raw: Record<string, unknown>,
    files: Map<string, UploadedFile>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const p = new Params(raw);
    switch (method.toLowerCase()) {
      case "getme":
        return { ...this.me, can_read_all_group_messages: false, supports_inline_queries: false };
      case "logout":
      case "close":
        return true;
      case "getupdates":
        return this.getUpdates(p, signal);
      case "setwebhook":
        return this.setWebhook(p);
      case "deletewebhook":
        this.webhook = null;
        if (p.bool("drop_pending_updates")) this.pending.splice(0);
        this.touch();
        return true;
      case "getwebhookinfo":
        return {
          url: this.webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: this.pending.length,
          ...(this.webhook?.lastErrorDate ? { last_error_date: this.webhook.lastErrorDate } : {}),
          ...(this.webhook?.lastErrorMessage
            ? { last_error_message: this.webhook.lastErrorMessage }
            : {}),
          ...(this.webhook ? { max_connections: this.webhook.maxConnections } : {}),
        };
      case "setmycommands":
        return this.setMyCommands(p);
      case "getmycommands":
        this.noBale();
        return this.commands.get(commandsKey(p)) ?? [];
      case "deletemycommands":
        this.noBale();
        this.commands.delete(commandsKey(p));
        return true;
      case "getchat":
        return this.chatFor(p, false).chat;
      case "sendmessage":
        return this.sendMessage(method, p);
      case "sendphoto":
        return this.sendMedia(method, p, files, "photo");
      case "senddocument":
        return this.sendMedia(method, p, files, "document");
      case "sendlocation":
        return this.sendLocation(method, p);
      case "sendchataction":
        this.chatFor(p, true);
        if (!p.has("action")) throw badRequest("wrong parameter action in request");
        return true;
      case "editmessagetext":
        return this.editMessage(method, p, "text");
      case "editmessagecaption":
        return this.editMessage(method, p, "caption");
      case "editmessagereplymarkup":
        return this.editMessage(method, p, "markup");
      case "deletemessage":
        return this.deleteMessage(p);
      case "answercallbackquery":
        return this.answerCallbackQuery(p);
      case "getfile":
        return this.getFile(p);
      default:
        throw new ApiError(404, "Not Found");
    }
  }

  private noBale(): void {
    // Bale's API has no command menu methods; it answers like any unknown method.
    if (this.dialect === "bale") throw new ApiError(404, "Not Found");
  }

  private async getUpdates(p: Params, signal?: AbortSignal): Promise<Update[]> {
    if (this.webhook) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = p.int("offset");
    const limit = Math.min(100, Math.max(1, p.int("limit") ?? 100));
    const timeout = Math.min(50, Math.max(0, p.num("timeout") ?? 0));
    const allowed = p.json("allowed_updates");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.map(String);
    if (offset !== undefined && offset > 0) {
      // Telegram semantics: an offset confirms every update with a lower id.
      let n = 0;
      while (n < this.pending.length && this.pending[n]!.update_id < offset) n++;
      this.pending.splice(0, n);
    } else if (offset !== undefined && offset < 0) {
      this.pending.splice(0, Math.max(0, this.pending.length + offset));
    }
    this.touch();
    // A newer poll ends an older one, like Telegram's "terminated by other getUpdates request".
    this.poll?.wake(
      new ApiError(
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      ),
    );
    if (this.pending.length === 0 && timeout > 0 && !this.closed) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: ApiError) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          if (this.poll === me) this.poll = null;
          if (err) reject(err);
          else resolve();
        };
        const onAbort = () => done();
        const me = { wake: done };
        this.poll = me;
        const timer = setTimeout(() => done(), timeout * 1000);
        signal?.addEventListener("abort", onAbort);
      });
    }
    return this.pending.slice(0, limit);
  }

  private setWebhook(p: Params): true {
    const url = p.str("url") ?? "";
    if (url === "") {
      this.webhook = null;
      return true;
    }
    if (!/^https?:\/\//i.test(url))
      throw badRequest("bad webhook: HTTPS url must be provided for webhook");
    const secret = p.str("secret_token");
    if (
      secret !== undefined &&
      this.dialect === "telegram" &&
      !/^[A-Za-z0-9_-]{1,256}$/.test(secret)
    ) {
      throw badRequest("secret token contains unallowed characters");
    }
    if (p.bool("drop_pending_updates")) this.pending.splice(0);
    const allowed = p.json("allowed_updates");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.map(String);
    this.webhook = {
      url,
      maxConnections: p.int("max_connections") ?? 40,
      // Bale has no secret_token: it is accepted and ignored, and no header is sent.
      ...(secret && this.dialect === "telegram" ? { secretToken: secret } : {}),
    };
    this.poll?.wake(new ApiError(409, "Conflict: terminated by setWebhook request"));
    void this.deliver();
    return true;
  }

  /** Posts pending updates to the webhook one at a time, retrying failures after a pause. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (!this.closed && this.webhook && this.pending.length > 0) {
        const hook = this.webhook;
        const update = this.pending[0]!;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (hook.secretToken) headers["x-telegram-bot-api-secret-token"] = hook.secretToken;
        let failure: string | undefined;
        try {
          const res = await fetch(hook.url, {
            method: "POST",
            headers,
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(60_000),
          });
          const body = await res.text();
          if (res.ok) {
            if (this.pending[0] === update) this.pending.shift();
            await this.webhookReply(body);
          } else failure = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
        } catch (err) {
          failure = `Connection failed: ${(err as Error).message}`;
        }
        if (failure) {
          hook.lastErrorDate = this.unixNow();
          hook.lastErrorMessage = failure;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      this.delivering = false;
      this.touch();
    }
  }

  /** A webhook response may carry one API call (grammY's webhook reply); perform it. */
  private async webhookReply(body: string): Promise<void> {
    if (!body.trim().startsWith("{")) return;
    try {
      const payload = JSON.parse(body) as Record<string, unknown>;
      if (typeof payload.method !== "string") return;
      await this.call(payload.method, payload, new Map());
    } catch (err) {
      if (err instanceof ApiError) this.recordError("webhookReply", err);
    }
  }

  recordError(method: string, err: ApiError, injected = false): void {
    this.errors.push({
      method,
      errorCode: err.code,
      description: err.description,
      at: this.host.now(),
      ...(injected ? { injected } : {}),
    });
  }

  private setMyCommands(p: Params): true {
    this.noBale();
    const commands = p.json("commands");
    if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
    if (commands.length > 100) throw badRequest("too many commands specified");
    const list: BotCommand[] = commands.map((c: unknown) => {
      const cmd = c as Partial<BotCommand> | null;
      if (!cmd || typeof cmd.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(cmd.command)) {
        throw badRequest("BOT_COMMAND_INVALID");
      }
      if (
        typeof cmd.description !== "string" ||
        cmd.description.length < 1 ||
        cmd.description.length > 256
      ) {
        throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      return { command: cmd.command, description: cmd.description };
    });
    this.commands.set(commandsKey(p), list);
    return true;
  }

  /** Resolves chat_id to a known chat; `send` also refuses chats that blocked the bot. */
  private chatFor(p: Params, send: boolean): ChatState {
    const raw = p.str("chat_id");
    if (raw === undefined || raw === "") throw badRequest("chat_id is empty");
    let state: ChatState | undefined;
    if (raw.startsWith("@")) {
      const name = raw.slice(1).toLowerCase();
      state = [...this.chats.values()].find((c) => c.chat.username?.toLowerCase() === name);
    } else {
      const id = Number(raw);
      state = Number.isInteger(id) ? this.chats.get(id) : undefined;
    }
    if (!state) throw badRequest("chat not found");
    if (send && state.blocked) {
      throw new ApiError(
        403,
        state.chat.type === "private"
          ? "Forbidden: bot was blocked by the user"
          : "Forbidden: bot was kicked from the group chat",
      );
    }
    return state;
  }

  private parseText(
    p: Params,
    field: "text" | "caption",
    max: number,
  ): { text: string; entities: MessageEntity[] } {
    const raw = p.str(field) ?? "";
    const parseMode = p.str(field === "text" ? "parse_mode" : "parse_mode");
    const parsed = parseEntities(raw, parseMode);
    const given = p.json(field === "text" ? "entities" : "caption_entities");
    const entities =
      !parseMode && Array.isArray(given) ? (given as MessageEntity[]) : parsed.entities;
    if (field === "text" && parsed.text.trim() === "") throw badRequest("message text is empty");
    if (HALF_CHARACTER.test(raw)) throw badRequest("strings must be encoded in UTF-8");
    // Telegram counts UTF-16 code units of the text after entity parsing.
    if (parsed.text.length > max) {
      throw badRequest(field === "text" ? "message is too long" : "message caption is too long");
    }
    return { text: parsed.text, entities };
  }

  private markup(p: Params): ReplyMarkup | undefined {
    const value = p.json("reply_markup");
    if (typeof value === "symbol")
      throw badRequest("can't parse reply keyboard markup JSON object");
    return validateReplyMarkup(value);
  }

  private checkRate(method: string, chatId: number): void {
    const limits = this.host.rateLimits();
    if (!limits || !SEND_METHODS.has(method.toLowerCase())) return;
    const now = this.host.now();
    const retryAfter = this.limiter.check(limits, chatId, now);
    if (retryAfter !== undefined) {
      this.rateLimitViolations++;
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
        retry_after: retryAfter,
      });
    }
    this.limiter.record(chatId, now);
  }

  private newMessage(
    method: string,
    state: ChatState,
    p: Params,
    content: Partial<SentMessage>,
  ): Json {
    this.checkRate(method, state.chat.id);
    const replyTo =
      p.int("reply_to_message_id") ??
      (p.json("reply_parameters") as { message_id?: number } | undefined)?.message_id;
    const msg: SentMessage = {
      seq: 0,
      messageId: state.nextMessageId++,
      chatId: state.chat.id,
      method,
      date: this.unixNow(),
      edits: [],
      ...(p.str("parse_mode") ? { parseMode: p.str("parse_mode")! } : {}),
      ...(typeof replyTo === "number" ? { replyToMessageId: replyTo } : {}),
      ...content,
    };
    this.sent.push(msg);
    let inChat = this.sentByChat.get(msg.chatId);
    if (!inChat) {
      inChat = new Map();
      this.sentByChat.set(msg.chatId, inChat);
    }
    inChat.set(msg.messageId, msg);
    this.changed("sent", msg);
    return this.messageJson(msg);
  }

  private changed(kind: ChangeEvent["kind"], msg: SentMessage): void {
    msg.seq = ++this.seq;
    const event: ChangeEvent = {
      seq: msg.seq,
      kind,
      chatId: msg.chatId,
      messageId: msg.messageId,
      message: structuredClone(msg),
    };
    this.log.push(event);
    this.emit("change", event);
  }

  private sendMessage(method: string, p: Params): Json {
    const state = this.chatFor(p, true);
    const { text, entities } = this.parseText(p, "text", 4096);
    const replyMarkup = this.markup(p);
    return this.newMessage(method, state, p, {
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
    });
  }

  private sendLocation(method: string, p: Params): Json {
    const state = this.chatFor(p, true);
    const latitude = p.num("latitude");
    const longitude = p.num("longitude");
    if (latitude === undefined || Math.abs(latitude) > 90) throw badRequest("wrong latitude");
    if (longitude === undefined || Math.abs(longitude) > 180) throw badRequest("wrong longitude");
    const replyMarkup = this.markup(p);
    return this.newMessage(method, state, p, {
      location: { latitude, longitude },
      ...(replyMarkup ? { replyMarkup } : {}),
    });
  }

  private sendMedia(
    method: string,
    p: Params,
    files: Map<string, UploadedFile>,
    kind: "photo" | "document",
  ): Json {
    const state = this.chatFor(p, true);
    const caption = p.has("caption") ? this.parseText(p, "caption", 1024) : undefined;
    const replyMarkup = this.markup(p);
    const file = this.resolveInputFile(p, files, kind);
    const content: Partial<SentMessage> = {
      ...(caption ? { caption: caption.text } : {}),
      ...(caption && caption.entities.length > 0 ? { entities: caption.entities } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
    };
    if (kind === "photo") {
      content.photo = [
        {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          width: 320,
          height: 240,
          file_size: file.bytes.length,
        },
      ];
    } else {
      content.document = {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_size: file.bytes.length,
        ...(file.fileName ? { file_name: file.fileName } : {}),
        ...(file.mimeType ? { mime_type: file.mimeType } : {}),
      };
    }
    return this.newMessage(method, state, p, content);
  }

  /** An InputFile: an existing file_id, an uploaded part (attach://name or the field itself). */
  private resolveInputFile(
    p: Params,
    files: Map<string, UploadedFile>,
    kind: "photo" | "document",
  ): FileRecord {
    const value = p.str(kind);
    let upload = files.get(kind);
    if (value?.startsWith("attach://")) upload = files.get(value.slice("attach://".length));
    if (upload) {
      const name = upload.filename || `${kind}.dat`;
      const ext = name.includes(".") ? name.split(".").pop()! : kind === "photo" ? "jpg" : "dat";
      return kind === "photo"
        ? this.storeFile(upload.data, "photos", ext, "image/jpeg")
        : this.storeFile(
            upload.data,
            "documents",
            ext,
            upload.contentType ?? "application/octet-stream",
            name,
          );
    }
    if (value === undefined || value === "") throw badRequest(`there is no ${kind} in the request`);
    const existing = this.files.get(value);
    if (existing) return existing;
    throw badRequest("wrong file identifier/HTTP URL specified");
  }

  private editTarget(p: Params, what: string): SentMessage {
    if (p.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
    const state = this.chatFor(p, false);
    const messageId = p.int("message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const msg = this.findMessage(state.chat.id, messageId);
    if (!msg || msg.deleted) {
      if (state.userMessages.has(messageId)) throw badRequest("message can't be edited");
      throw badRequest(`message to ${what} not found`);
    }
    return msg;
  }

  private editMessage(
    method: string,
    p: Params,
    field: "text" | "caption" | "markup",
  ): Json | true {
    const msg = this.editTarget(p, "edit");
    const replyMarkup = this.markup(p);
    if (replyMarkup && !replyMarkup.inline_keyboard) throw badRequest("inline keyboard expected");
    let text = msg.text;
    let caption = msg.caption;
    let entities = msg.entities;
    if (field === "text") {
      if (msg.text === undefined) throw badRequest("there is no text in the message to edit");
      const parsed = this.parseText(p, "text", 4096);
      text = parsed.text;
      entities = parsed.entities.length > 0 ? parsed.entities : undefined;
    } else if (field === "caption") {
      if (msg.text !== undefined || msg.location)
        throw badRequest("there is no caption in the message to edit");
      const parsed = this.parseText(p, "caption", 1024);
      caption = parsed.text;
      entities = parsed.entities.length > 0 ? parsed.entities : undefined;
    }
    // Editing without reply_markup removes the inline keyboard, as on Telegram.
    const oldInline = msg.replyMarkup?.inline_keyboard ? msg.replyMarkup : undefined;
    const unchanged =
      text === msg.text &&
      caption === msg.caption &&
      canonicalJson(entities ?? []) === canonicalJson(msg.entities ?? []) &&
      canonicalJson(replyMarkup ?? null) === canonicalJson(oldInline ?? null);
    if (unchanged) {
      throw badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    msg.edits.push({
      at: this.host.now(),
      method,
      ...(msg.text !== undefined ? { text: msg.text } : {}),
      ...(msg.caption !== undefined ? { caption: msg.caption } : {}),
      ...(msg.entities ? { entities: msg.entities } : {}),
      ...(msg.replyMarkup ? { replyMarkup: msg.replyMarkup } : {}),
    });
    if (text !== undefined) msg.text = text;
    if (caption !== undefined) msg.caption = caption;
    if (entities) msg.entities = entities;
    else delete msg.entities;
    if (replyMarkup) msg.replyMarkup = replyMarkup;
    else if (oldInline) delete msg.replyMarkup;
    if (field !== "markup") {
      const mode = p.str("parse_mode");
      if (mode) msg.parseMode = mode;
      else delete msg.parseMode;
    }
    msg.editedAt = this.unixNow();
    this.changed("edited", msg);
    // Bale answers editMessageText with a stub; bots must not rely on the returned message.
    if (this.dialect === "bale" && field === "text") return true;
    return this.messageJson(msg);
  }

  private deleteMessage(p: Params): true {
    const state = this.chatFor(p, false);
    const messageId = p.int("message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const msg = this.findMessage(state.chat.id, messageId);
    if (msg && !msg.deleted) {
      msg.deleted = true;
      msg.deletedAt = this.unixNow();
      this.changed("deleted", msg);
      return true;
    }
    if (state.userMessages.delete(messageId)) return true;
    throw badRequest("message to delete not found");
  }

  private answerCallbackQuery(p: Params): true {
    const id = p.str("callback_query_id") ?? "";
    const query = this.callbackQueries.get(id);
    const tooOld = query && this.host.now() - query.createdAt > this.host.callbackQueryTtlMs;
    if (!query || query.answered || tooOld) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = p.str("text");
    // 0–200 UTF-16 units, as in messages; half an emoji is not UTF-8 and is refused too.
    if (text !== undefined && HALF_CHARACTER.test(text))
      throw badRequest("Text must be encoded in UTF-8");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    query.answered = true;
    const answer: CallbackAnswer = {
      queryId: id,
      showAlert: p.bool("show_alert"),
      answeredAt: this.host.now(),
      seq: ++this.seq,
      ...(text !== undefined ? { text } : {}),
      ...(p.str("url") ? { url: p.str("url")! } : {}),
      ...(query.chatId !== undefined ? { chatId: query.chatId } : {}),
      ...(query.messageId !== undefined ? { messageId: query.messageId } : {}),
    };
    this.callbackAnswers.set(id, answer);
    this.emit("callbackAnswer", answer);
    return true;
  }

  private getFile(p: Params): Json {
    const file = this.files.get(p.str("file_id") ?? "");
    if (!file) throw badRequest("invalid file_id");
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    };
  }

  /** The Message object the Bot API returns for a bot message. */
  messageJson(msg: SentMessage): Json {
    const chat = this.chats.get(msg.chatId)?.chat ?? { id: msg.chatId, type: "private" };
    const out: Json = { message_id: msg.messageId, from: this.me, chat, date: msg.date };
    if (msg.editedAt !== undefined) out.edit_date = msg.editedAt;
    if (msg.text !== undefined) {
      out.text = msg.text;
      if (msg.entities) out.entities = msg.entities;
    }
    if (msg.caption !== undefined) {
      out.caption = msg.caption;
      if (msg.entities) out.caption_entities = msg.entities;
    }
    if (msg.photo) out.photo = msg.photo;
    if (msg.document) out.document = msg.document;
    if (msg.location) out.location = msg.location;
    // Only inline keyboards are part of a Message object.
    if (msg.replyMarkup?.inline_keyboard) out.reply_markup = msg.replyMarkup;
    return out;
  }

  close(): void {
    this.closed = true;
    this.poll?.wake();
  }
}

function commandsKey(p: Params): string {
  const scope = p.json("scope");
  const normalized = scope && typeof scope === "object" ? scope : { type: "default" };
  return `${canonicalJson(normalized)}|${p.str("language_code") ?? ""}`;
}

/** A bot_command entity when the text starts with "/" (the command runs to the first space). */
export function commandEntities(text: string): MessageEntity[] {
  const m = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: "bot_command", offset: 0, length: m[0].length }] : [];
}
