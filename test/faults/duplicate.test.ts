import { afterEach, describe, expect, it } from "vitest";
import type { Update } from "../../src/emulator/types.ts";
import type { AuditDoc } from "../../src/repos/types.ts";
import {
  checkInvariants,
  crowdFilesReports,
  deliveredTo,
  FULL,
  type InProcess,
  outboxDrained,
  SECRETARY,
  size,
  sleep,
  startInProcess,
} from "./helpers.ts";

let env: InProcess | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const PEOPLE = size(8, 60);

describe("duplicate delivery: the Bot API hands out every update twice", () => {
  it(
    `${PEOPLE} people file reports and the secretary acknowledges each; every update arrives twice`,
    async () => {
      env = await startInProcess({ people: PEOPLE });
      const { client, store, clock } = env;
      const bot = client.state;
      // Every update once more: half at once (same batch), half a moment later (after the
      // first copy was handled and confirmed, as after a server-side retry).
      const twice = new Set<number>();
      bot.on("update", (u: Update) => {
        if (twice.has(u.update_id)) return;
        twice.add(u.update_id);
        if (u.update_id % 2 === 0) bot.redeliver(u.update_id);
        else setTimeout(() => bot.redeliver(u.update_id), 100 + Math.random() * 700);
      });
      const secretary = client.user({ id: SECRETARY.userId, firstName: "Secretary" });
      await secretary.send("/help");
      await secretary.waitFor(/\/help/, { timeoutMs: 10_000 });

      const crowd = await crowdFilesReports(client, PEOPLE, {
        patienceMs: 5000,
        deadlineMs: size(60_000, 300_000),
        thinkMs: 100,
        spreadMs: size(300, 3000),
      });
      await deliveredTo(client, SECRETARY.userId, PEOPLE + 1, 10_000);

      // The secretary presses "acknowledge" on every notification (each press arrives twice).
      const cards = secretary
        .messages()
        .filter((m) =>
          m.replyMarkup?.inline_keyboard?.flat().some((b) => b.callback_data?.startsWith("r:ack:")),
        );
      expect(cards.length).toBe(PEOPLE);
      for (const card of cards) {
        const ack = card
          .replyMarkup!.inline_keyboard!.flat()
          .find((b) => b.callback_data?.startsWith("r:ack:"))!;
        await secretary.pressCallbackData(ack.callback_data!, card.messageId);
        await sleep(50);
      }
      await sleep(1500);
      await outboxDrained(store, clock, size(30_000, 120_000));
      await client.idle({ quietMs: 500, timeoutMs: 60_000 });

      expect(twice.size).toBeGreaterThan(PEOPLE * 8);
      const report = await checkInvariants({ store, bot, ...crowd, now: clock.now() });
      expect(report.reports).toBe(PEOPLE);
      const acks = await store
        .collection<AuditDoc>("audit")
        .find({ itemType: "report", action: "report.ack" });
      // One transition per press, although every press arrived twice.
      expect(acks.length).toBe(PEOPLE);
      expect(new Set(acks.map((a) => a.itemId)).size).toBe(PEOPLE);
      expect(bot.unansweredCallbacks()).toEqual([]);
      // A duplicate is skipped without a word: no second reply to any person's input.
      expect(report.duplicates).toEqual([]);
      console.log(
        `duplicate delivery: ${twice.size} updates each delivered twice, ${acks.length} acknowledgements`,
      );
    },
    FULL ? 600_000 : 60_000,
  );
});
