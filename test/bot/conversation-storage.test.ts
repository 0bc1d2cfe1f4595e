import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { describe, expect, it } from "vitest";
import { withSentTrimmed } from "../../src/bot/conversation-storage.ts";

const sent = (id: number, text: string) => ({
  message_id: id,
  from: { id: 1, is_bot: true, first_name: "Bot" },
  chat: { id: 42, type: "private", first_name: "Maryam" },
  date: 1_800_000_000,
  text,
  reply_markup: { inline_keyboard: [[{ text: "✅", callback_data: "c:submit" }]] },
});
const stub = (id: number) => ({
  message_id: id,
  date: 1_800_000_000,
  chat: { id: 42, type: "private" },
});
const update = { update_id: 7, message: { message_id: 3, text: "عنوان طرح", chat: { id: 42 } } };

function stateOf(send: string[], returns: unknown[]): VersionedState<ConversationData> {
  return {
    version: [0, 6],
    state: {
      proposalForm: [
        {
          args: "[]",
          interrupts: [send.length - 1],
          replay: {
            send: send.map((payload) => ({ payload })),
            receive: returns.map((returnValue, i) => ({ send: i, returnValue })),
          },
        },
      ],
    },
  } as unknown as VersionedState<ConversationData>;
}

describe("what a conversation's replay log keeps of the messages the bot sent", () => {
  it("keeps a sent or edited message's id, chat and date, and each of an album's", () => {
    const state = stateOf(
      ["sendMessage", "editMessageText", "sendMediaGroup"],
      [
        { ok: true, res: { ok: true, result: sent(10, "خلاصهٔ طرح …") } },
        { ok: true, res: { ok: true, result: sent(11, "ویرایش") } },
        { ok: true, res: { ok: true, result: [sent(12, ""), sent(13, "")] } },
      ],
    );
    const receive = withSentTrimmed(state).state.proposalForm![0]!.replay.receive;
    expect(receive.map((r) => r.returnValue)).toEqual([
      { ok: true, res: { ok: true, result: stub(10) } },
      { ok: true, res: { ok: true, result: stub(11) } },
      { ok: true, res: { ok: true, result: [stub(12), stub(13)] } },
    ]);
  });

  it("leaves updates, externals, failed calls, bare `true` results and the state in hand alone", () => {
    const external = { ok: true, ret: { fields: { title: "عنوان" }, text: "kept" } };
    const failed = { ok: false, err: { message: "Bad Request", error: "{}" } };
    const state = stateOf(
      ["wait", "external", "sendMessage", "editMessageReplyMarkup", "sendMessage"],
      [
        update,
        external,
        failed,
        { ok: true, res: { ok: true, result: true } },
        { ok: true, res: { ok: true, result: sent(5, "متن") } },
      ],
    );
    const before = JSON.stringify(state);
    const receive = withSentTrimmed(state).state.proposalForm![0]!.replay.receive;
    expect(receive.slice(0, 4).map((r) => r.returnValue)).toEqual([
      update,
      external,
      failed,
      { ok: true, res: { ok: true, result: true } },
    ]);
    expect(receive[4]!.returnValue).toEqual({ ok: true, res: { ok: true, result: stub(5) } });
    // The plugin's own object is not changed under it.
    expect(JSON.stringify(state)).toBe(before);
  });
});
