import { Bot } from "grammy";
import { type Emulator, startEmulator } from "../../src/emulator/index.ts";

export const TG_TOKEN = "1111:telegram-test-token";
export const BALE_TOKEN = "2222:bale-test-token";

/** A started emulator with one Telegram and one Bale bot. */
export async function emulatorWithBots(opts: { clock?: () => number } = {}): Promise<Emulator> {
  const emu = await startEmulator(opts.clock ? { clock: opts.clock } : {});
  emu.addBot({ token: TG_TOKEN, dialect: "telegram", username: "shura_tg_bot" });
  emu.addBot({ token: BALE_TOKEN, dialect: "bale", username: "shura_bale_bot" });
  return emu;
}

/** A grammY bot pointed at the emulator; not started. */
export function grammyBot(emu: Emulator, token: string): Bot {
  return new Bot(token, { client: { apiRoot: emu.url } });
}

/** Starts long polling and returns a stop function; handler errors are collected, not thrown. */
export function run(bot: Bot): { stop: () => Promise<void>; errors: unknown[] } {
  const errors: unknown[] = [];
  bot.catch((err) => {
    errors.push(err.error);
  });
  const running = bot.start({ timeout: 10 }).catch((err: unknown) => {
    errors.push(err);
  });
  return {
    errors,
    stop: async () => {
      await bot.stop();
      await running;
    },
  };
}

/** A raw Bot API call (for what grammY would not send, e.g. a wrong token). */
export async function rawCall(
  emu: Emulator,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
