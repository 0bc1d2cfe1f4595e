/** Shared types of the Bot API emulator. Telegram JSON objects are kept loose on purpose. */

export type Dialect = "telegram" | "bale";

export type Json = Record<string, unknown>;

/** A Bot API error the emulator answers with (HTTP status = error_code). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  user?: TgUser;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [k: string]: unknown;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  keyboard?: Array<Array<{ text: string; [k: string]: unknown }>>;
  remove_keyboard?: true;
  force_reply?: true;
  [k: string]: unknown;
}

export interface FileRecord {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  bytes: Buffer;
  fileName?: string;
  mimeType?: string;
}

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

export interface DocumentInfo {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

/** One earlier version of a bot message, kept when it is edited. */
export interface MessageVersion {
  at: number;
  method: string;
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  replyMarkup?: ReplyMarkup;
}

/** A message the bot sent, with its current content and its edit history. */
export interface SentMessage {
  /** Change sequence number: bumped on send, every edit and delete (see BotState.seq). */
  seq: number;
  messageId: number;
  chatId: number;
  method: string;
  text?: string;
  caption?: string;
  replyMarkup?: ReplyMarkup;
  parseMode?: string;
  entities?: MessageEntity[];
  photo?: PhotoSize[];
  document?: DocumentInfo;
  location?: { latitude: number; longitude: number };
  replyToMessageId?: number;
  /** Unix seconds (emulator clock). */
  date: number;
  editedAt?: number;
  deleted?: boolean;
  deletedAt?: number;
  /** Previous versions, oldest first. */
  edits: MessageVersion[];
}

/** One entry of a bot's change log: what happened to a message, in order. */
export interface ChangeEvent {
  seq: number;
  kind: "sent" | "edited" | "deleted";
  chatId: number;
  messageId: number;
  /** A snapshot of the message right after the change. */
  message: SentMessage;
}

export interface CallbackAnswer {
  queryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
  answeredAt: number;
  seq: number;
  chatId?: number;
  messageId?: number;
}

export interface CallbackQueryRecord {
  id: string;
  updateId: number;
  from: TgUser;
  chatId?: number;
  messageId?: number;
  data?: string;
  createdAt: number;
  answered: boolean;
}

export interface ErrorRecord {
  method: string;
  errorCode: number;
  description: string;
  at: number;
  /** true when the error came from fault injection or the rate limiter, not validation. */
  injected?: boolean;
}

export interface Update {
  update_id: number;
  [k: string]: unknown;
}
