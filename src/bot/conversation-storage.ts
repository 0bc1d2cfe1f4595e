import type {
  ConversationData,
  ConversationState,
  ConversationStorage,
  VersionedState,
} from "@grammyjs/conversations";
import type { Store } from "../store/port.ts";
import type { BotContext } from "./context.ts";

/**
 * Bump when a conversation's steps change: stored replays of the old shape are then
 * discarded instead of being replayed against new code.
 */
export const CONVERSATIONS_VERSION = 6;

interface ConversationDoc {
  _id: string;
  /** Stored as a JSON string: replay logs hold raw updates whose keys a database may not accept. */
  data: string;
  updatedAt: number;
}

/** Conversation state lives in the store, keyed by platform and chat, so a restart loses nothing. */
export function conversationStorage(
  store: Store,
  platform: string,
  now: () => number,
): ConversationStorage<BotContext, ConversationData> {
  const col = store.collection<ConversationDoc>("conversations");
  return {
    type: "key",
    version: CONVERSATIONS_VERSION,
    prefix: `${platform}:`,
    getStorageKey: (ctx) => ctx.chatId?.toString(),
    adapter: {
      async read(key) {
        const doc = await col.findOne({ _id: key });
        return doc ? (JSON.parse(doc.data) as VersionedState<ConversationData>) : undefined;
      },
      async write(key, state) {
        // The whole document is known: replaced without reading the stored one.
        await col.replaceOne(
          { _id: key },
          { data: JSON.stringify(withSentTrimmed(state)), updatedAt: now() },
          { upsert: true },
        );
      },
      async delete(key) {
        await col.deleteOne({ _id: key });
      },
    },
  };
}

/** Bot API methods whose result is the message sent or edited (an array for an album). */
const MESSAGE_RESULTS: ReadonlySet<string> = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendLocation",
  "sendMediaGroup",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
]);

/** What a conversation keeps of a message the bot sent: forms read its id, nothing else. */
function sentStub(m: unknown): unknown {
  if (typeof m !== "object" || m === null || !("message_id" in m) || !("chat" in m)) return m;
  const { message_id, date, chat } = m as {
    message_id: number;
    date: number;
    chat: { id: number; type: string };
  };
  return { message_id, date, chat: { id: chat.id, type: chat.type } };
}

/**
 * The replay log keeps the result of every Bot API call a conversation made, so a replay
 * does not call again — for a message sent, the whole message echoed back: its text and
 * keyboard, most of the log at a summary. Only the message's id is ever read (a press is
 * matched to the question it answers), so the rest is left out of what is stored. A copy:
 * the state in hand is the plugin's.
 */
export function withSentTrimmed(
  state: VersionedState<ConversationData>,
): VersionedState<ConversationData> {
  const out: ConversationData = {};
  for (const [id, list] of Object.entries(state.state)) {
    out[id] = list.map((c): ConversationState => {
      const { send, receive } = c.replay;
      return {
        ...c,
        replay: {
          send,
          receive: receive.map((r) => {
            const v = r.returnValue as { ok?: boolean; res?: { ok?: boolean; result?: unknown } };
            if (
              !MESSAGE_RESULTS.has(send[r.send]?.payload ?? "") ||
              v?.ok !== true ||
              v.res?.ok !== true
            )
              return r;
            const result = Array.isArray(v.res.result)
              ? v.res.result.map(sentStub)
              : sentStub(v.res.result);
            return { ...r, returnValue: { ...v, res: { ...v.res, result } } };
          }),
        },
      };
    });
  }
  return { ...state, state: out };
}
