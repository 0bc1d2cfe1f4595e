import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, signInAll, submitted } from "./helpers.ts";

/**
 * Signing is what the officials on the chain do most. On a real network each Bot API call
 * is a round trip of its own: the request's buttons come off while the answer goes out.
 */
let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => h.emulator.faults.clear());

const SLOW_MS = 1000;

it("a signature is answered one round trip after the press, with the buttons gone", async () => {
  const title = "سایه‌بان ایستگاه اتوبوس";
  await submitted(h, title, cast.proposer.id);
  const signer = cast.narmakUrban;
  const request = await signer.waitFor(
    (m) => (m.text ?? "").includes("منتظر امضای شما") && (m.text ?? "").includes(title),
  );
  for (const method of ["sendMessage", "editMessageReplyMarkup"])
    h.emulator.faults.add({ method, kind: "latency", ms: SLOW_MS, chatId: signer.id });
  // An answer to a press names no chat: this is the only press while the fault is on.
  h.emulator.faults.add({ method: "answerCallbackQuery", kind: "latency", ms: SLOW_MS });
  const t0 = performance.now();
  await signer.press("✅ امضا", { messageId: request.messageId });
  await signer.waitFor(/امضای شما روی طرح .* ثبت شد/);
  const took = performance.now() - t0;
  expect(took).toBeGreaterThanOrEqual(SLOW_MS - 50);
  // In turn, the buttons' removal and then the answer: two slow calls.
  expect(took).toBeLessThan(2 * SLOW_MS - 300);
  await expect
    .poll(() =>
      signer.inlineButtons(signer.messages().find((m) => m.messageId === request.messageId)),
    )
    .toEqual([]);
});
