import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "./body.ts";
import type { Emulator } from "./server.ts";
import type { BotState } from "./state.ts";
import type { CallbackAnswer, ChangeEvent, SentMessage } from "./types.ts";

/**
 * The control API for the web chat, under /_emu/ (JSON in, JSON out: `{ok, result}` or
 * `{ok:false, error}`):
 *  GET  /_emu/bots                                   → bots
 *  GET  /_emu/bots/:token/chats                      → chats the bot knows
 *  POST /_emu/bots/:token/users/:id/send             body: { user?: {firstName,…},
 *       text | contact:{phoneNumber,…} | location:{latitude,longitude} |
 *       photo: base64, caption? | callback:{messageId, data} }    → { updateId }
 *  GET  /_emu/bots/:token/chats/:id/messages?since=SEQ&wait=SECONDS
 *       → { seq, messages: [current state of each message changed after SEQ],
 *           callbackAnswers: [toasts after SEQ] }, long-polling up to `wait` s for a change.
 *  GET  /_emu/bots/:token/files/:fileId              → the file's bytes
 *  GET  /_emu/bots/:token/changes?since=SEQ&wait=SECONDS
 *       → the same as …/messages but across ALL chats of the bot (each entry has chatId),
 *         so one long poll per bot serves every chat (e.g. the web chat's unread badges).
 *  GET  /_emu/bots/:token/chats/:id/user-messages    → messages people sent in that chat
 *       (current content; files by control-API URL), ordered by messageId.
 * It is a thin layer over the same BotState/User functions the in-process client uses.
 */
/** Names this machine answers to on loopback: the only hosts the page is served under. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * No Origin (a script, a test), or our own: the page is served from this very host, on
 * loopback. Another site's page whose name was pointed at 127.0.0.1 (DNS rebinding) sends
 * its own name as Host and Origin alike: the loopback check refuses it.
 */
function sameSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const from = new URL(origin);
    return from.host === req.headers.host && LOOPBACK.has(from.hostname);
  } catch {
    return false; // "null" (a sandboxed frame, a file) or garbage
  }
}

export async function handleControl(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent).slice(1);
  try {
    if (req.method === "GET" && parts.length === 1 && parts[0] === "bots") {
      return reply(res, 200, emu.allBots().map(botInfo));
    }
    if (parts[0] !== "bots" || parts[1] === undefined) return fail(res, 404, "not found");
    const bot = emu.findBot(parts[1]);
    if (!bot) return fail(res, 404, "unknown bot");
    const [, , section, id, action] = parts;
    if (req.method === "GET" && section === "chats" && id === undefined) {
      return reply(
        res,
        200,
        [...bot.chats.values()].map((c) => ({ chat: c.chat, blocked: c.blocked })),
      );
    }
    if (req.method === "GET" && section === "files" && id !== undefined) {
      const file = bot.files.get(id);
      if (!file) return fail(res, 404, "unknown file");
      res.writeHead(200, {
        "content-type": file.mimeType ?? "application/octet-stream",
        "content-length": file.bytes.length,
      });
      res.end(file.bytes);
      return;
    }
    if (req.method === "POST" && section === "users" && id !== undefined && action === "send") {
      // Another site open in the same browser may post here too: only a JSON body (which a
      // browser sends cross-site only after a preflight we never approve) from our own page.
      if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
        return fail(res, 415, "a JSON body is required");
      if (!sameSite(req)) return fail(res, 403, "requests from other sites are refused");
      const userId = Number(id);
      if (!Number.isSafeInteger(userId) || userId <= 0) return fail(res, 400, "bad user id");
      const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as SendBody;
      return reply(res, 200, { updateId: await userSend(bot, userId, body) });
    }
    if (req.method === "GET" && section === "changes" && id === undefined) {
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      const wait = Math.min(60, Math.max(0, Number(url.searchParams.get("wait") ?? 0) || 0));
      // A page ahead of this emulator saw an earlier run of it: it hears at once, and starts over.
      if (wait > 0 && since <= bot.seq && !hasChanges(bot, undefined, since))
        await waitForChange(bot, undefined, wait * 1000, res);
      return reply(res, 200, chatChanges(bot, undefined, since));
    }
    if (
      req.method === "GET" &&
      section === "chats" &&
      id !== undefined &&
      action === "user-messages"
    ) {
      return reply(res, 200, userMessagesView(bot, Number(id)));
    }
    if (req.method === "GET" && section === "chats" && id !== undefined && action === "messages") {
      const chatId = Number(id);
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      const wait = Math.min(60, Math.max(0, Number(url.searchParams.get("wait") ?? 0) || 0));
      if (wait > 0 && since <= bot.seq && !hasChanges(bot, chatId, since))
        await waitForChange(bot, chatId, wait * 1000, res);
      return reply(res, 200, chatChanges(bot, chatId, since));
    }
    return fail(res, 404, "not found");
  } catch (err) {
    return fail(res, 400, (err as Error).message);
  }
}

interface SendBody {
  user?: { firstName?: string; lastName?: string; username?: string; languageCode?: string };
  text?: string;
  contact?: { phoneNumber: string; firstName?: string; userId?: number };
  location?: { latitude: number; longitude: number };
  photo?: string;
  caption?: string;
  callback?: { messageId: number; data: string };
}

/** Performs a person's action for the control API; returns the update_id. */
export async function userSend(bot: BotState, userId: number, body: SendBody): Promise<number> {
  const user = bot.user({
    id: userId,
    firstName: body.user?.firstName ?? `User ${userId}`,
    ...(body.user?.lastName ? { lastName: body.user.lastName } : {}),
    ...(body.user?.username ? { username: body.user.username } : {}),
    ...(body.user?.languageCode ? { languageCode: body.user.languageCode } : {}),
  });
  if (typeof body.text === "string") return user.send(body.text);
  if (body.contact) {
    return user.shareContact({
      phoneNumber: String(body.contact.phoneNumber),
      ...(body.contact.userId !== undefined ? { userId: body.contact.userId } : {}),
      ...(body.contact.firstName ? { firstName: body.contact.firstName } : {}),
    });
  }
  if (body.location)
    return user.shareLocation(Number(body.location.latitude), Number(body.location.longitude));
  if (typeof body.photo === "string")
    return user.sendPhoto(body.caption, Buffer.from(body.photo, "base64"));
  if (body.callback)
    return user.pressCallbackData(String(body.callback.data), Number(body.callback.messageId));
  throw new Error("nothing to send: give text, contact, location, photo or callback");
}

function botInfo(bot: BotState): Record<string, unknown> {
  return {
    token: bot.token,
    dialect: bot.dialect,
    id: bot.me.id,
    username: bot.me.username,
    firstName: bot.me.first_name,
  };
}

/** chatId undefined = every chat of the bot. */
const inChat = (chatId: number | undefined, c: number | undefined): boolean =>
  chatId === undefined || c === chatId;

const answersIn = (bot: BotState, chatId: number | undefined, since: number): CallbackAnswer[] =>
  [...bot.callbackAnswers.values()].filter((a) => inChat(chatId, a.chatId) && a.seq > since);

function hasChanges(bot: BotState, chatId: number | undefined, since: number): boolean {
  return (
    bot.log.some((e) => inChat(chatId, e.chatId) && e.seq > since) ||
    answersIn(bot, chatId, since).length > 0
  );
}

function chatChanges(bot: BotState, chatId: number | undefined, since: number) {
  const messages = bot.sent
    .filter((m) => inChat(chatId, m.chatId) && m.seq > since)
    .map((m) => messageView(bot, m));
  const callbackAnswers = answersIn(bot, chatId, since).map((a) => ({
    seq: a.seq,
    queryId: a.queryId,
    chatId: a.chatId,
    messageId: a.messageId,
    text: a.text,
    showAlert: a.showAlert,
  }));
  return { seq: bot.seq, messages, callbackAnswers };
}

/** A message as the web chat shows it (files by control-API URL, so the page needs no token logic). */
function messageView(bot: BotState, m: SentMessage): Record<string, unknown> {
  const fileUrl = (fileId: string) =>
    `/_emu/bots/${encodeURIComponent(bot.token)}/files/${encodeURIComponent(fileId)}`;
  const photo = m.photo?.at(-1);
  return {
    seq: m.seq,
    messageId: m.messageId,
    chatId: m.chatId,
    date: m.date,
    text: m.text,
    caption: m.caption,
    entities: m.entities,
    replyMarkup: m.replyMarkup,
    location: m.location,
    photoUrl: photo ? fileUrl(photo.file_id) : undefined,
    document: m.document
      ? { fileName: m.document.file_name, url: fileUrl(m.document.file_id) }
      : undefined,
    editedAt: m.editedAt,
    deleted: m.deleted ?? false,
  };
}

const fileUrlOf = (bot: BotState, fileId: string): string =>
  `/_emu/bots/${encodeURIComponent(bot.token)}/files/${encodeURIComponent(fileId)}`;

/** What people sent in a chat, as the web chat shows it (the Bot API keeps no such list). */
function userMessagesView(bot: BotState, chatId: number): Record<string, unknown>[] {
  const messages = [...(bot.chats.get(chatId)?.userMessages.values() ?? [])] as Array<
    Record<string, unknown> & {
      message_id: number;
      from?: { id: number };
      photo?: Array<{ file_id: string }>;
      document?: { file_id: string; file_name?: string };
    }
  >;
  return messages
    .sort((a, b) => a.message_id - b.message_id)
    .map((m) => {
      const photo = m.photo?.at(-1);
      return {
        messageId: m.message_id,
        chatId,
        fromId: m.from?.id,
        date: m.date,
        text: m.text,
        caption: m.caption,
        contact: m.contact,
        location: m.location,
        photoUrl: photo ? fileUrlOf(bot, photo.file_id) : undefined,
        document: m.document
          ? { fileName: m.document.file_name, url: fileUrlOf(bot, m.document.file_id) }
          : undefined,
        editedAt: m.edit_date,
      };
    });
}

function waitForChange(
  bot: BotState,
  chatId: number | undefined,
  ms: number,
  res: ServerResponse,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      bot.off("change", onChange);
      bot.off("callbackAnswer", onAnswer);
      res.off("close", done);
      resolve();
    };
    const onChange = (e: ChangeEvent) => {
      if (inChat(chatId, e.chatId)) done();
    };
    const onAnswer = (a: CallbackAnswer) => {
      if (inChat(chatId, a.chatId)) done();
    };
    const timer = setTimeout(done, ms);
    bot.on("change", onChange);
    bot.on("callbackAnswer", onAnswer);
    res.on("close", done);
  });
}

function reply(res: ServerResponse, status: number, result: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify({ ok: true, result });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function fail(res: ServerResponse, status: number, error: string): void {
  if (res.destroyed) return;
  const text = JSON.stringify({ ok: false, error });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
