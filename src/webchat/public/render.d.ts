// Types of render.js for the TypeScript tests (the page itself loads render.js as-is).
export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}
export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
  request_contact?: boolean;
  request_location?: boolean;
}
export interface ReplyMarkup {
  inline_keyboard?: Button[][];
  keyboard?: Button[][];
  remove_keyboard?: boolean;
  resize_keyboard?: boolean;
  one_time_keyboard?: boolean;
  input_field_placeholder?: string;
}
export interface BotMessage {
  seq: number;
  messageId: number;
  chatId: number;
  date: number;
  text?: string;
  caption?: string;
  entities?: Entity[];
  replyMarkup?: ReplyMarkup;
  location?: { latitude: number; longitude: number };
  photoUrl?: string;
  document?: { fileName?: string; url: string };
  editedAt?: number;
  deleted: boolean;
}
export interface UserMessage {
  messageId: number;
  chatId: number;
  date: number;
  text?: string;
  caption?: string;
  contact?: { phone_number: string; first_name?: string };
  location?: { latitude: number; longitude: number };
  photoUrl?: string;
  document?: { fileName?: string; url: string };
  editedAt?: number;
}
export interface CallbackAnswer {
  seq: number;
  chatId?: number;
  messageId?: number;
  text?: string;
  showAlert: boolean;
}
export type ChatItem = ({ from: "bot" } & BotMessage) | ({ from: "user" } & UserMessage);
export interface KeyButton {
  kind: "text" | "contact" | "location";
  text: string;
}
export interface KeyboardState {
  messageId: number;
  rows: KeyButton[][];
  resize: boolean;
  oneTime: boolean;
  collapsed: boolean;
  placeholder?: string;
}
export type Strings = Record<string, string>;
export type Lang = "fa" | "en";
export interface Notice {
  kind: "toast" | "alert";
  text: string;
}

export function escapeHtml(value: unknown): string;
export function persianDigits(value: unknown): string;
export function formatTime(unixSeconds: number, lang: Lang): string;
export function formatDateTime(unixSeconds: number, lang: Lang): string;
export function safeUrl(url: unknown): string | undefined;
export function textHtml(text: string, entities: Entity[] | undefined): string;
export function locationHtml(
  loc: { latitude: number; longitude: number },
  lang: Lang,
  t: Strings,
): string;
export function inlineKeyboardHtml(markup: ReplyMarkup | undefined, messageId: number): string;
export function botMessageHtml(m: BotMessage, lang: Lang, t: Strings): string;
export function userMessageHtml(m: UserMessage, lang: Lang, t: Strings): string;
export function chatItems(botMessages: BotMessage[], userMessages: UserMessage[]): ChatItem[];
export function itemHtml(item: ChatItem, lang: Lang, t: Strings): string;
export function replyKeyboardState(items: ChatItem[]): KeyboardState | null;
export function replyKeyboardHtml(state: KeyboardState | null): string;
export function callbackNotice(answer: CallbackAnswer): Notice | null;
export function noticeHtml(notice: Notice, t: Strings): string;
export function badgeText(n: number, lang: Lang): string;
export function mergeChanges(
  chats: Map<number, Map<number, BotMessage>>,
  messages: BotMessage[],
): { fresh: Map<number, number>; touched: Set<number> };
