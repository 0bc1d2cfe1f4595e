// Pure rendering for the web chat: data in, HTML strings or plain data out, no DOM. Bot text
// is untrusted, so every piece of it goes through escapeHtml before it reaches the page; the
// unit tests in test/webchat run these functions in Node.

/**
 * @typedef {{ type: string, offset: number, length: number, url?: string, language?: string }} Entity
 * @typedef {{ text: string, callback_data?: string, url?: string, request_contact?: boolean,
 *   request_location?: boolean }} Button
 * @typedef {{ inline_keyboard?: Button[][], keyboard?: Button[][], remove_keyboard?: boolean,
 *   resize_keyboard?: boolean, one_time_keyboard?: boolean, input_field_placeholder?: string }} ReplyMarkup
 * @typedef {{ seq: number, messageId: number, chatId: number, date: number, text?: string,
 *   caption?: string, entities?: Entity[], replyMarkup?: ReplyMarkup,
 *   location?: { latitude: number, longitude: number }, photoUrl?: string,
 *   document?: { fileName?: string, url: string }, editedAt?: number, deleted: boolean }} BotMessage
 * @typedef {{ messageId: number, chatId: number, date: number, text?: string, caption?: string,
 *   contact?: { phone_number: string, first_name?: string },
 *   location?: { latitude: number, longitude: number }, photoUrl?: string,
 *   document?: { fileName?: string, url: string }, editedAt?: number }} UserMessage
 * @typedef {{ seq: number, chatId?: number, messageId?: number, text?: string,
 *   showAlert: boolean }} CallbackAnswer
 * @typedef {({ from: "bot" } & BotMessage) | ({ from: "user" } & UserMessage)} ChatItem
 * @typedef {{ kind: "text" | "contact" | "location", text: string }} KeyButton
 * @typedef {{ messageId: number, rows: KeyButton[][], resize: boolean, oneTime: boolean,
 *   collapsed: boolean, placeholder?: string }} KeyboardState
 * @typedef {Record<string, string>} Strings
 * @typedef {"fa" | "en"} Lang
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
});

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Western digits → Persian digits (for numbers the page itself formats). */
export function persianDigits(value) {
  return String(value).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
}

/** A message time (unix seconds) as HH:MM in Tehran time; Persian digits for Persian. */
export function formatTime(unixSeconds, lang) {
  const text = new Intl.DateTimeFormat(lang === "fa" ? "fa-IR" : "en-GB", {
    timeZone: "Asia/Tehran",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(unixSeconds * 1000));
  // Some ICU builds give fa-IR Latin digits; the page promises Persian ones.
  return lang === "fa" ? persianDigits(text) : text;
}

/** The full date and time in Tehran (Jalali calendar for Persian), for a tooltip. */
export function formatDateTime(unixSeconds, lang) {
  const text = new Intl.DateTimeFormat(lang === "fa" ? "fa-IR" : "en-GB", {
    timeZone: "Asia/Tehran",
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
  }).format(new Date(unixSeconds * 1000));
  return lang === "fa" ? persianDigits(text) : text;
}

/** Only links that open a web page (no javascript:, data: …) become clickable. */
export function safeUrl(url) {
  return /^https?:\/\//i.test(String(url ?? "")) ? String(url) : undefined;
}

/** @param {Entity} e @param {string} text */
function openTag(e, text) {
  switch (e.type) {
    case "bold":
      return ["<b>", "</b>"];
    case "italic":
      return ["<i>", "</i>"];
    case "underline":
      return ["<u>", "</u>"];
    case "strikethrough":
      return ["<s>", "</s>"];
    case "spoiler":
      return ['<span class="spoiler">', "</span>"];
    case "code":
      return ['<code dir="ltr">', "</code>"];
    case "pre":
      return ['<pre dir="ltr">', "</pre>"];
    case "blockquote":
    case "expandable_blockquote":
      return ["<blockquote>", "</blockquote>"];
    case "text_link":
    case "url": {
      const href = safeUrl(
        e.type === "url" ? text.slice(e.offset, e.offset + e.length) : (e.url ?? ""),
      );
      if (!href) return ["", ""];
      return [`<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">`, "</a>"];
    }
    default:
      return ["", ""];
  }
}

/**
 * Message text with its entities (bold, code, links…) as HTML. Offsets are UTF-16 code
 * units, as in the Bot API and in JS strings. Line breaks stay "\n" (CSS pre-wrap shows them).
 * @param {string} text @param {Entity[] | undefined} entities
 */
export function textHtml(text, entities) {
  const list = (entities ?? []).filter(
    (e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length,
  );
  if (list.length === 0) return escapeHtml(text);
  const cuts = new Set([0, text.length]);
  for (const e of list) {
    cuts.add(e.offset);
    cuts.add(e.offset + e.length);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Outer entities first, so overlapping ranges nest the same way in every segment.
  const ordered = [...list].sort((a, b) => a.offset - b.offset || b.length - a.length);
  let html = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const from = /** @type {number} */ (points[i]);
    const to = /** @type {number} */ (points[i + 1]);
    const tags = ordered
      .filter((e) => e.offset <= from && e.offset + e.length >= to)
      .map((e) => openTag(e, text));
    html +=
      tags.map((t) => t[0]).join("") +
      escapeHtml(text.slice(from, to)) +
      tags
        .map((t) => t[1])
        .reverse()
        .join("");
  }
  return html;
}

/**
 * A map pin as a card: five decimals, in the page's digits (Persian digits, decimal
 * separator and comma for Persian, as the bot writes pins).
 * @param {{ latitude: number, longitude: number }} loc @param {Lang} lang @param {Strings} t
 */
export function locationHtml(loc, lang, t) {
  const en = `${Number(loc.latitude).toFixed(5)}, ${Number(loc.longitude).toFixed(5)}`;
  const coords = lang === "fa" ? persianDigits(en.replaceAll(".", "٫").replace(", ", "، ")) : en;
  return (
    `<div class="location"><span class="location-icon" aria-hidden="true">📍</span>` +
    `<span class="location-title">${escapeHtml(t.location ?? "")}</span>` +
    `<span class="coords" dir="ltr">${escapeHtml(coords)}</span></div>`
  );
}

/** @param {{ url: string, fileName?: string }} doc @param {Strings} t */
function documentHtml(doc, t) {
  const name = doc.fileName || t.document || "file";
  return (
    `<a class="document" href="${escapeHtml(doc.url)}" download="${escapeHtml(name)}">` +
    `<span class="document-icon" aria-hidden="true">📄</span>` +
    `<span class="document-name" dir="auto">${escapeHtml(name)}</span></a>`
  );
}

/** @param {string} url */
function photoHtml(url) {
  return (
    `<a class="photo-link" href="${escapeHtml(url)}" target="_blank" rel="noopener">` +
    `<img class="photo" src="${escapeHtml(url)}" alt="" loading="lazy"></a>`
  );
}

/** @param {number} date @param {number | undefined} editedAt @param {Lang} lang @param {Strings} t */
function metaHtml(date, editedAt, lang, t) {
  const edited =
    editedAt !== undefined ? `<span class="edited">${escapeHtml(t.edited ?? "")}</span> ` : "";
  return (
    `<div class="meta">${edited}<time datetime="${new Date(date * 1000).toISOString()}" ` +
    `title="${escapeHtml(formatDateTime(date, lang))}">${escapeHtml(formatTime(date, lang))}</time></div>`
  );
}

/**
 * Inline buttons under a bot message: callback buttons carry what the page must send back;
 * URL buttons are plain links (web pages only).
 * @param {ReplyMarkup | undefined} markup @param {number} messageId
 */
export function inlineKeyboardHtml(markup, messageId) {
  const rows = markup?.inline_keyboard;
  if (!rows || rows.length === 0) return "";
  const html = rows
    .map((row) => {
      const buttons = row
        .map((b) => {
          const label = `<span dir="auto">${escapeHtml(b.text)}</span>`;
          const href = safeUrl(b.url);
          if (href) {
            return `<a class="ikb ikb-url" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
          }
          if (typeof b.callback_data === "string") {
            return `<button type="button" class="ikb" data-message-id="${messageId}" data-callback="${escapeHtml(b.callback_data)}">${label}</button>`;
          }
          return `<button type="button" class="ikb" disabled>${label}</button>`;
        })
        .join("");
      return `<div class="ikb-row">${buttons}</div>`;
    })
    .join("");
  return `<div class="inline-keyboard">${html}</div>`;
}

/** A message the bot sent, as a bubble (empty string for a deleted one). @param {BotMessage} m @param {Lang} lang @param {Strings} t */
export function botMessageHtml(m, lang, t) {
  if (m.deleted) return "";
  let body = "";
  if (m.photoUrl) body += photoHtml(m.photoUrl);
  if (m.document) body += documentHtml(m.document, t);
  if (m.location) body += locationHtml(m.location, lang, t);
  const text = m.text ?? m.caption;
  if (text !== undefined && text !== "")
    body += `<div class="text" dir="auto">${textHtml(text, m.entities)}</div>`;
  return (
    `<div class="msg msg-bot" data-message-id="${m.messageId}">` +
    `<div class="bubble">${body}${metaHtml(m.date, m.editedAt, lang, t)}</div>` +
    `${inlineKeyboardHtml(m.replyMarkup, m.messageId)}</div>`
  );
}

/** A message the person sent, as a bubble. @param {UserMessage} m @param {Lang} lang @param {Strings} t */
export function userMessageHtml(m, lang, t) {
  let body = "";
  if (m.photoUrl) body += photoHtml(m.photoUrl);
  if (m.document) body += documentHtml(m.document, t);
  if (m.location) body += locationHtml(m.location, lang, t);
  if (m.contact) {
    body +=
      `<div class="contact"><span class="contact-icon" aria-hidden="true">👤</span>` +
      `<span dir="auto">${escapeHtml(m.contact.first_name ?? "")}</span> ` +
      `<span class="phone" dir="ltr">+${escapeHtml(String(m.contact.phone_number).replace(/^\+/, ""))}</span></div>`;
  }
  const text = m.text ?? m.caption;
  if (text !== undefined && text !== "")
    body += `<div class="text" dir="auto">${escapeHtml(text)}</div>`;
  return (
    `<div class="msg msg-user" data-message-id="${m.messageId}">` +
    `<div class="bubble">${body}${metaHtml(m.date, m.editedAt, lang, t)}</div></div>`
  );
}

/**
 * Bot and user messages of one chat in the order they were sent (both share the chat's
 * message_id counter); deleted bot messages are left out.
 * @param {BotMessage[]} botMessages @param {UserMessage[]} userMessages @returns {ChatItem[]}
 */
export function chatItems(botMessages, userMessages) {
  /** @type {ChatItem[]} */
  const items = [
    ...botMessages
      .filter((m) => !m.deleted)
      .map((m) => ({ ...m, from: /** @type {const} */ ("bot") })),
    ...userMessages.map((m) => ({ ...m, from: /** @type {const} */ ("user") })),
  ];
  return items.sort((a, b) => a.messageId - b.messageId);
}

/** @param {ChatItem} item @param {Lang} lang @param {Strings} t */
export function itemHtml(item, lang, t) {
  return item.from === "bot" ? botMessageHtml(item, lang, t) : userMessageHtml(item, lang, t);
}

/**
 * The reply keyboard under the input, as a messenger shows it: the latest bot message that
 * set one (or removed it) decides. A one-time keyboard is collapsed once the person has
 * sent something after it (they can open it again). Null when there is none.
 * @param {ChatItem[]} items @returns {KeyboardState | null}
 */
export function replyKeyboardState(items) {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = /** @type {ChatItem} */ (items[i]);
    if (item.from !== "bot" || !item.replyMarkup) continue;
    const markup = item.replyMarkup;
    if (markup.remove_keyboard) return null;
    if (!markup.keyboard) continue;
    const answered = items.some((x) => x.from === "user" && x.messageId > item.messageId);
    return {
      messageId: item.messageId,
      rows: markup.keyboard.map((row) =>
        row.map((b) => {
          const button = typeof b === "string" ? { text: b } : b;
          /** @type {KeyButton["kind"]} */
          const kind = button.request_contact
            ? "contact"
            : button.request_location
              ? "location"
              : "text";
          return { kind, text: String(button.text) };
        }),
      ),
      resize: markup.resize_keyboard === true,
      oneTime: markup.one_time_keyboard === true,
      collapsed: markup.one_time_keyboard === true && answered,
      ...(markup.input_field_placeholder ? { placeholder: markup.input_field_placeholder } : {}),
    };
  }
  return null;
}

/** @param {KeyboardState | null} state */
export function replyKeyboardHtml(state) {
  if (!state || state.collapsed) return "";
  const rows = state.rows
    .map(
      (row) =>
        `<div class="rkb-row">${row
          .map(
            (b) =>
              `<button type="button" class="rkb rkb-${b.kind}" data-kind="${b.kind}" data-text="${escapeHtml(b.text)}"><span dir="auto">${escapeHtml(b.text)}</span></button>`,
          )
          .join("")}</div>`,
    )
    .join("");
  return `<div class="reply-keyboard${state.resize ? " resize" : ""}">${rows}</div>`;
}

/**
 * What to show for a callback answer: a toast for text, a modal-ish box for show_alert,
 * nothing for a silent answer.
 * @param {CallbackAnswer} answer @returns {{ kind: "toast" | "alert", text: string } | null}
 */
export function callbackNotice(answer) {
  if (!answer.text) return null;
  return { kind: answer.showAlert ? "alert" : "toast", text: answer.text };
}

/** @param {{ kind: "toast" | "alert", text: string }} notice @param {Strings} t */
export function noticeHtml(notice, t) {
  if (notice.kind === "alert") {
    return (
      `<div class="alert" role="alertdialog"><div class="alert-text" dir="auto">${escapeHtml(notice.text)}</div>` +
      `<button type="button" class="alert-ok">${escapeHtml(t.ok ?? "OK")}</button></div>`
    );
  }
  return `<div class="toast" role="status" dir="auto">${escapeHtml(notice.text)}</div>`;
}

/** Unread count on the persona switcher ("" for none, "99+" past 99). @param {number} n @param {Lang} lang */
export function badgeText(n, lang) {
  if (n <= 0) return "";
  const text = n > 99 ? "99+" : String(n);
  return lang === "fa" ? persianDigits(text) : text;
}

/**
 * Folds one /changes answer into the page's per-chat message maps (chatId → messageId →
 * message). Returns, per chat, how many messages are new (for unread badges) and which
 * chats changed at all (to re-render).
 * @param {Map<number, Map<number, BotMessage>>} chats @param {BotMessage[]} messages
 * @returns {{ fresh: Map<number, number>, touched: Set<number> }}
 */
export function mergeChanges(chats, messages) {
  const fresh = new Map();
  const touched = new Set();
  for (const m of messages) {
    let chat = chats.get(m.chatId);
    if (!chat) {
      chat = new Map();
      chats.set(m.chatId, chat);
    }
    const known = chat.get(m.messageId);
    if (!known && !m.deleted) fresh.set(m.chatId, (fresh.get(m.chatId) ?? 0) + 1);
    if (!known || known.seq <= m.seq) chat.set(m.messageId, m);
    touched.add(m.chatId);
  }
  return { fresh, touched };
}
