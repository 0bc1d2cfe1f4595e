import { rm } from "node:fs/promises";
import { Api } from "grammy";
import { type Emulator, startEmulator } from "../../src/emulator/index.ts";
import { ensureOutboxIndexes } from "../../src/notify/outbox.ts";
import { createTranslate, Renderers } from "../../src/notify/renderers.ts";
import type { Notification } from "../../src/notify/types.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import { tempDir } from "../helpers/harness.ts";

export const TOKEN = "123456:notify-test-token";

let translate: ReturnType<typeof createTranslate> | undefined;

/** The renderer set the tests use: "plain" prints data.text; "lang" prints the language name. */
export function testRenderers(): Renderers {
  translate ??= createTranslate();
  return new Renderers(translate)
    .register("plain", (data) => ({ text: String(data.text) }))
    .register("lang", (_data, { lang, t }) => ({ text: `${lang}|${t(lang, "language-name")}` }));
}

export interface Env {
  emu: Emulator;
  store: EmbeddedStore;
  dir: string;
  api: Api;
  close(): Promise<void>;
}

export async function setup(): Promise<Env> {
  const emu = await startEmulator();
  emu.addBot({ token: TOKEN, dialect: "telegram" });
  const dir = await tempDir("shurayar-notify-");
  const store = await openEmbeddedStore(dir);
  await ensureOutboxIndexes(store);
  const api = new Api(TOKEN, { apiRoot: emu.url });
  return {
    emu,
    store,
    dir,
    api,
    async close() {
      await store.close().catch(() => {});
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Makes the emulator know private chats 1..n (offset) and returns their ids. */
export function knowChats(emu: Emulator, ids: number[]): void {
  const bot = emu.bot(TOKEN);
  for (const id of ids) bot.knowChat({ id, type: "private", first_name: `u${id}` });
}

export function plain(
  id: string,
  chatId: number,
  text: string,
  extra: Partial<Notification> = {},
): Notification {
  return {
    _id: id,
    recipient: { platform: "telegram", chatId },
    kind: "plain",
    data: { text },
    ...extra,
  };
}

/** How many times each text reached the emulator. */
export function deliveries(emu: Emulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of emu.bot(TOKEN).sent)
    counts.set(m.text ?? "", (counts.get(m.text ?? "") ?? 0) + 1);
  return counts;
}
