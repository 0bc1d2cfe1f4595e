import { badRequest, type InlineButton, type ReplyMarkup } from "./types.ts";

/** Typed access to request parameters, which may be JSON values or form strings. */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== "";
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  num(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isFinite(n)) throw badRequest(`invalid ${name} specified`);
    return n;
  }

  int(name: string): number | undefined {
    const n = this.num(name);
    if (n !== undefined && !Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === "true" || v === "1" || v === 1;
  }

  /** A parameter that is JSON-serialized when it arrives in a form (e.g. reply_markup). */
  json(name: string): unknown {
    const v = this.raw[name];
    if (typeof v !== "string") return v ?? undefined;
    try {
      return JSON.parse(v);
    } catch {
      return Symbol.for("invalid-json");
    }
  }
}

const utf8Length = (s: string): number => Buffer.byteLength(s, "utf8");
const MARKUP_ERROR = "can't parse reply keyboard markup JSON object";

/** Validates reply_markup like the real API and returns it normalized, or throws 400. */
export function validateReplyMarkup(value: unknown): ReplyMarkup | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest(MARKUP_ERROR);
  const m = value as Record<string, unknown>;
  if ("inline_keyboard" in m) {
    const rows = m.inline_keyboard;
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
      throw badRequest(
        `field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`,
      );
    }
    // Telegram refuses a keyboard of more than 100 buttons.
    if ((rows as unknown[][]).reduce((n, row) => n + row.length, 0) > 100)
      throw badRequest("reply markup is too long");
    const inline_keyboard = (rows as unknown[][]).map((row) => row.map(validateInlineButton));
    return { inline_keyboard };
  }
  if ("keyboard" in m) {
    const rows = m.keyboard;
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
      throw badRequest(`field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays`);
    }
    const keyboard = (rows as unknown[][]).map((row) =>
      row.map((b) => {
        const button = typeof b === "string" ? { text: b } : b;
        if (
          !button ||
          typeof button !== "object" ||
          typeof (button as { text?: unknown }).text !== "string"
        ) {
          throw badRequest("can't parse keyboard button: Text must be non-empty");
        }
        if ((button as { text: string }).text === "") {
          throw badRequest("can't parse keyboard button: Text must be non-empty");
        }
        return button as { text: string };
      }),
    );
    return { ...m, keyboard };
  }
  if (m.remove_keyboard === true) return { ...m, remove_keyboard: true };
  if (m.force_reply === true) return { ...m, force_reply: true };
  throw badRequest(MARKUP_ERROR);
}

const INLINE_ACTIONS = [
  "callback_data",
  "url",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

function validateInlineButton(b: unknown): InlineButton {
  if (!b || typeof b !== "object" || Array.isArray(b)) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  const button = b as Record<string, unknown>;
  if (typeof button.text !== "string") {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  if (button.text === "")
    throw badRequest("can't parse inline keyboard button: Text must be non-empty");
  if (!INLINE_ACTIONS.some((k) => button[k] !== undefined)) {
    throw badRequest("text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    // The limit is 1–64 bytes of UTF-8, not characters: Persian text uses 2 bytes a letter.
    if (typeof data !== "string" || utf8Length(data) < 1 || utf8Length(data) > 64) {
      throw badRequest("BUTTON_DATA_INVALID");
    }
  }
  if (button.url !== undefined) {
    if (typeof button.url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(button.url)) {
      throw badRequest("BUTTON_URL_INVALID");
    }
  }
  return button as InlineButton;
}

/** JSON with sorted keys, so two equal objects compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}
