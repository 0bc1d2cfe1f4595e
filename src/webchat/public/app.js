// The web chat page: wires the DOM to the emulator's control API (same origin). All HTML
// comes from render.js, which escapes whatever the bot sent.
import {
  badgeText,
  callbackNotice,
  chatItems,
  escapeHtml,
  itemHtml,
  mergeChanges,
  noticeHtml,
  replyKeyboardHtml,
  replyKeyboardState,
} from "./render.js";

/** Where "share location" points by default: Narmak, District 8. */
const DEFAULT_LOCATION = { latitude: 35.7448, longitude: 51.4969 };
const POLL_WAIT_S = 25;

/**
 * @typedef {import("./render.js").BotMessage} BotMessage
 * @typedef {import("./render.js").UserMessage} UserMessage
 * @typedef {{ userId: number, name: string, phone: string, roleLabel: Record<string, string>,
 *   neighborhood: { code: string, name: Record<string, string> } | null, roles: string[] }} Persona
 * @typedef {{ platform: string, token: string, title: string, seq: number,
 *   chats: Map<number, Map<number, BotMessage>>, users: Map<number, UserMessage[]>,
 *   unread: Map<number, number> }} BotView
 */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {Record<string, Record<string, string>>} */
  strings: {},
  /** @type {Persona[]} */
  personas: [],
  /** @type {Map<string, BotView>} */
  bots: new Map(),
  lang: localStorage.getItem("webchat.lang") === "en" ? "en" : "fa",
  platform: localStorage.getItem("webchat.platform") ?? "telegram",
  personaId: Number(localStorage.getItem("webchat.persona")) || 0,
  /** The one-time keyboard the person opened again (by the message that set it). */
  reopenedKeyboard: 0,
  /** The keyboard the person put away (by the message that set it). */
  hiddenKeyboard: 0,
};

const t = () => state.strings[state.lang] ?? {};

/** @param {string} path @param {RequestInit} [init] */
async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!body.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.result;
}

const base = (/** @type {BotView} */ bot) => `/_emu/bots/${encodeURIComponent(bot.token)}`;
const currentBot = () => state.bots.get(state.platform) ?? [...state.bots.values()][0];
const currentPersona = () => state.personas.find((p) => p.userId === state.personaId);

/** @param {BotView} bot @param {{ seq: number, messages: BotMessage[], callbackAnswers: any[] }} r @param {boolean} live */
function applyChanges(bot, r, live) {
  const { fresh, touched } = mergeChanges(bot.chats, r.messages);
  bot.seq = Math.max(bot.seq, r.seq);
  const active = bot === currentBot();
  if (live) {
    for (const [chatId, n] of fresh) {
      if (active && chatId === state.personaId) continue;
      bot.unread.set(chatId, (bot.unread.get(chatId) ?? 0) + n);
    }
    for (const answer of r.callbackAnswers) {
      if (active && answer.chatId === state.personaId) showNotice(callbackNotice(answer));
    }
  }
  renderPersonas();
  renderPlatforms();
  if (active && touched.has(state.personaId)) renderChat(false);
}

/** @param {BotView} bot */
async function pollLoop(bot) {
  for (;;) {
    try {
      const r = await api(`${base(bot)}/changes?since=${bot.seq}&wait=${POLL_WAIT_S}`);
      $("banner").hidden = true;
      if (r.seq < bot.seq) {
        // The bot was restarted: its emulator numbers from the start again. Start over too.
        bot.seq = 0;
        bot.chats.clear();
        bot.users.clear();
        bot.unread.clear();
        applyChanges(bot, await api(`${base(bot)}/changes?since=0`), false);
        if (bot === currentBot()) await selectPersona(state.personaId);
        continue;
      }
      applyChanges(bot, r, true);
    } catch {
      const banner = $("banner");
      banner.textContent = t().offline ?? "";
      banner.hidden = false;
      await new Promise((r) => setTimeout(r, 1500));
    }
  }
}

/** @param {BotView} bot @param {number} chatId */
async function loadUserMessages(bot, chatId) {
  bot.users.set(chatId, await api(`${base(bot)}/chats/${chatId}/user-messages`));
}

/** Performs the persona's action in the current bot's chat. @param {Record<string, unknown>} body */
async function send(body) {
  const persona = currentPersona();
  const bot = currentBot();
  if (!persona || !bot) return;
  const [firstName, ...rest] = persona.name.split(" ");
  const user = {
    firstName: firstName || persona.name,
    ...(rest.length > 0 ? { lastName: rest.join(" ") } : {}),
    languageCode: state.lang,
  };
  await api(`${base(bot)}/users/${persona.userId}/send`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, ...body }),
  });
  await loadUserMessages(bot, persona.userId);
  renderChat(true);
}

function renderPlatforms() {
  for (const el of document.querySelectorAll(".platform")) {
    const button = /** @type {HTMLElement} */ (el);
    const bot = state.bots.get(button.dataset.platform ?? "");
    button.classList.toggle("active", button.dataset.platform === state.platform);
    button.setAttribute("aria-selected", String(button.dataset.platform === state.platform));
    button.hidden = !bot;
    const total = bot ? [...bot.unread.values()].reduce((a, b) => a + b, 0) : 0;
    button.dataset.badge = badgeText(total, state.lang);
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The name's first character as people see it (a lone half of an emoji shows as garbage). */
function initialOf(name) {
  for (const { segment } of graphemes.segment(name)) return segment;
  return "";
}

function renderPersonas() {
  const bot = currentBot();
  const lang = state.lang;
  $("personas").innerHTML = state.personas
    .map((p) => {
      const unread = badgeText(bot?.unread.get(p.userId) ?? 0, lang);
      const hood = p.neighborhood ? ` · ${escapeHtml(p.neighborhood.name[lang] ?? "")}` : "";
      return (
        `<li><button type="button" class="persona${p.userId === state.personaId ? " active" : ""}" data-user-id="${p.userId}">` +
        `<span class="avatar" aria-hidden="true">${escapeHtml(initialOf(p.name))}</span>` +
        `<span class="persona-text"><span class="persona-name">${escapeHtml(p.name)}</span>` +
        `<span class="persona-role">${escapeHtml(p.roleLabel[lang] ?? "")}${hood}</span></span>` +
        (unread ? `<span class="badge">${escapeHtml(unread)}</span>` : "") +
        `</button></li>`
      );
    })
    .join("");
}

/** @param {boolean} scroll */
function renderChat(scroll) {
  const bot = currentBot();
  const persona = currentPersona();
  const s = t();
  $("bot-name").textContent = bot?.title ?? "";
  $("chat-sub").textContent = persona
    ? `${s.actingAs ?? ""} ${persona.name} — ${persona.roleLabel[state.lang] ?? ""}`
    : "";
  const box = $("messages");
  if (!bot || !persona) {
    box.innerHTML = "";
    $("keyboard").innerHTML = "";
    return;
  }
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const items = chatItems(
    [...(bot.chats.get(persona.userId)?.values() ?? [])],
    bot.users.get(persona.userId) ?? [],
  );
  box.innerHTML =
    items.length === 0
      ? `<div class="empty">${escapeHtml(s.empty ?? "")}</div>`
      : items.map((item) => itemHtml(item, /** @type {"fa"|"en"} */ (state.lang), s)).join("");

  const kb = replyKeyboardState(items);
  const toggle = $("kb-toggle");
  toggle.hidden = !kb;
  const reopened = kb?.collapsed && state.reopenedKeyboard === kb.messageId;
  const putAway = kb && !kb.collapsed && state.hiddenKeyboard === kb.messageId;
  const shown = kb && (reopened || putAway) ? { ...kb, collapsed: !kb.collapsed } : kb;
  $("keyboard").innerHTML = replyKeyboardHtml(shown);
  toggle.classList.toggle("active", Boolean(shown && !shown.collapsed));
  /** @type {HTMLInputElement} */ ($("input")).placeholder = kb?.placeholder ?? s.placeholder ?? "";
  // Last: the keyboard's height changes how much of the list is visible.
  if (scroll || nearBottom) box.scrollTop = box.scrollHeight;
}

/** @param {{ kind: "toast" | "alert", text: string } | null} notice */
function showNotice(notice) {
  if (!notice) return;
  const holder = document.createElement("div");
  holder.innerHTML = noticeHtml(notice, t());
  const el = /** @type {HTMLElement} */ (holder.firstElementChild);
  $("notices").append(el);
  if (notice.kind === "toast") setTimeout(() => el.remove(), 3500);
}

function applyLanguage() {
  const s = t();
  document.documentElement.lang = state.lang;
  document.documentElement.dir = state.lang === "fa" ? "rtl" : "ltr";
  document.title = s.title ?? "shurayar";
  $("personas-title").textContent = s.personas ?? "";
  $("ui-lang").textContent = s.language ?? "";
  $("attach").setAttribute("aria-label", s.attach ?? "");
  $("attach").title = s.attach ?? "";
  $("send").setAttribute("aria-label", s.send ?? "");
  $("kb-toggle").setAttribute("aria-label", s.keyboard ?? "");
  $("lat-label").textContent = s.latitude ?? "";
  $("lon-label").textContent = s.longitude ?? "";
  $("location-send").textContent = s.sendLocation ?? "";
  $("location-cancel").textContent = s.cancel ?? "";
}

async function selectPersona(/** @type {number} */ userId) {
  state.personaId = userId;
  localStorage.setItem("webchat.persona", String(userId));
  const bot = currentBot();
  if (bot) {
    bot.unread.set(userId, 0);
    await loadUserMessages(bot, userId).catch(() => undefined);
  }
  renderPersonas();
  renderPlatforms();
  renderChat(true);
}

/** Reports a failed action where the person looks, instead of failing silently. @param {unknown} err */
const fail = (err) =>
  showNotice({ kind: "toast", text: String(err instanceof Error ? err.message : err) });

function wire() {
  $("personas").addEventListener("click", (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest("[data-user-id]");
    if (button)
      selectPersona(Number(/** @type {HTMLElement} */ (button).dataset.userId)).catch(fail);
  });
  for (const el of document.querySelectorAll(".platform")) {
    el.addEventListener("click", () => {
      state.platform = /** @type {HTMLElement} */ (el).dataset.platform ?? "telegram";
      localStorage.setItem("webchat.platform", state.platform);
      selectPersona(state.personaId).catch(fail);
    });
  }
  $("ui-lang").addEventListener("click", () => {
    state.lang = state.lang === "fa" ? "en" : "fa";
    localStorage.setItem("webchat.lang", state.lang);
    applyLanguage();
    renderPersonas();
    renderPlatforms();
    renderChat(false);
  });
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($("input"));
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text }).catch(fail);
  });
  $("messages").addEventListener("click", (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest("button.ikb[data-callback]");
    if (!button) return;
    const { messageId, callback } = /** @type {HTMLElement} */ (button).dataset;
    send({ callback: { messageId: Number(messageId), data: callback } }).catch(fail);
  });
  $("keyboard").addEventListener("click", (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest("button.rkb");
    const persona = currentPersona();
    if (!button || !persona) return;
    const { kind, text } = /** @type {HTMLElement} */ (button).dataset;
    state.reopenedKeyboard = 0;
    state.hiddenKeyboard = 0;
    if (kind === "contact") {
      send({
        contact: { phoneNumber: persona.phone, userId: persona.userId, firstName: persona.name },
      }).catch(fail);
    } else if (kind === "location") {
      /** @type {HTMLInputElement} */ ($("lat")).value = String(DEFAULT_LOCATION.latitude);
      /** @type {HTMLInputElement} */ ($("lon")).value = String(DEFAULT_LOCATION.longitude);
      /** @type {HTMLDialogElement} */ ($("location-dialog")).showModal();
    } else {
      send({ text }).catch(fail);
    }
  });
  $("location-dialog").addEventListener("close", () => {
    const dialog = /** @type {HTMLDialogElement} */ ($("location-dialog"));
    if (dialog.returnValue !== "send") return;
    const latitude = Number(/** @type {HTMLInputElement} */ ($("lat")).value);
    const longitude = Number(/** @type {HTMLInputElement} */ ($("lon")).value);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
    send({ location: { latitude, longitude } }).catch(fail);
  });
  $("kb-toggle").addEventListener("click", () => {
    const bot = currentBot();
    const persona = currentPersona();
    if (!bot || !persona) return;
    const kb = replyKeyboardState(
      chatItems(
        [...(bot.chats.get(persona.userId)?.values() ?? [])],
        bot.users.get(persona.userId) ?? [],
      ),
    );
    if (!kb) return;
    // A one-time keyboard closed by answering can be opened again, and any keyboard can be
    // put away, as in messengers.
    if (kb.collapsed) {
      state.reopenedKeyboard = state.reopenedKeyboard === kb.messageId ? 0 : kb.messageId;
    } else {
      state.hiddenKeyboard = state.hiddenKeyboard === kb.messageId ? 0 : kb.messageId;
    }
    renderChat(false);
  });
  $("attach").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", () => {
    const input = /** @type {HTMLInputElement} */ ($("file"));
    const file = input.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const base64 = String(reader.result).split(",")[1] ?? "";
      const caption = /** @type {HTMLInputElement} */ ($("input"));
      const body = {
        photo: base64,
        ...(caption.value.trim() ? { caption: caption.value.trim() } : {}),
      };
      caption.value = "";
      input.value = "";
      send(body).catch(fail);
    };
    reader.readAsDataURL(file);
  });
  $("notices").addEventListener("click", (e) => {
    const ok = /** @type {HTMLElement} */ (e.target).closest(".alert-ok");
    if (ok) ok.closest(".alert")?.remove();
  });
}

async function main() {
  const [strings, config, bots] = await Promise.all([
    fetch("/webchat/strings.json").then((r) => r.json()),
    fetch("/_webchat/config").then((r) => r.json()),
    api("/_emu/bots"),
  ]);
  state.strings = strings;
  state.personas = config.personas;
  for (const b of config.bots) {
    const info = bots.find((/** @type {{ token: string }} */ x) => x.token === b.token);
    state.bots.set(b.platform, {
      platform: b.platform,
      token: b.token,
      title: info ? `${info.firstName} (@${info.username})` : b.platform,
      seq: 0,
      chats: new Map(),
      users: new Map(),
      unread: new Map(),
    });
  }
  if (!state.bots.has(state.platform)) state.platform = config.bots[0]?.platform ?? "telegram";
  if (!currentPersona()) state.personaId = state.personas[0]?.userId ?? 0;
  applyLanguage();
  wire();
  // What happened before the page opened counts as read.
  await Promise.all(
    [...state.bots.values()].map(async (bot) =>
      applyChanges(bot, await api(`${base(bot)}/changes?since=0`), false),
    ),
  );
  await selectPersona(state.personaId);
  for (const bot of state.bots.values()) void pollLoop(bot);
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  document.body.textContent = String(err);
});
