/**
 * A loopback Telegram/Bale Bot API emulator for tests, the benchmark, the fault suite and
 * the local web chat.
 *
 *   const emu = await startEmulator();
 *   emu.addBot({ token, dialect: "telegram" });
 *   const bot = new Bot(token, { client: { apiRoot: emu.url } });
 *   const ali = emu.bot(token).user({ id: 1, firstName: "Ali" });
 *   await ali.send("/start");
 *   await ali.waitFor(/welcome/);
 *   await emu.bot(token).idle();
 *   await emu.close();
 */
export { parseMultipart, parseParams, type RequestParams, type UploadedFile } from "./body.ts";
export {
  EmulatorClient,
  Group,
  type GroupOptions,
  type MessageMatcher,
  User,
  type UserOptions,
} from "./client.ts";
export { handleControl, userSend } from "./control.ts";
export {
  type Parsed,
  parseEntities,
  parseHtml,
  parseMarkdown,
  parseMarkdownV2,
} from "./entities.ts";
export { type Fault, type FaultKind, type FaultSpec, Faults } from "./faults.ts";
export { canonicalJson, Params, validateReplyMarkup } from "./params.ts";
export { RATE_TOLERANCE_MS, RateLimiter, type RateLimits } from "./ratelimit.ts";
export { Emulator, type EmulatorOptions, type ExtraRoute, startEmulator } from "./server.ts";
export {
  type BotCommand,
  type BotOptions,
  BotState,
  type ChatState,
  commandEntities,
  type EmulatorHost,
  type UserContent,
  type WebhookState,
} from "./state.ts";
export * from "./types.ts";
