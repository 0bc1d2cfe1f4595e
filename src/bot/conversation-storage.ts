import type {
  ConversationData,
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
          { data: JSON.stringify(state), updatedAt: now() },
          { upsert: true },
        );
      },
      async delete(key) {
        await col.deleteOne({ _id: key });
      },
    },
  };
}
