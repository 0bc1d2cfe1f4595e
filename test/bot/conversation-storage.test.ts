import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSentTrimmed } from "../../src/bot/conversation-storage.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, fillForm, proposalsOf, signInAll } from "../proposals/helpers.ts";

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

describe("the proposal form's stored state at its summary", () => {
  let h: Harness;
  let cast: Cast;
  beforeAll(async () => {
    h = await startHarness({ platforms: ["telegram"] });
    cast = await signInAll(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("holds the draft once and not the summary's text, and the summary's buttons still work after a restart", async () => {
    const summary = await fillForm(cast.proposer);
    const problem = "کوچه شب‌ها کاملاً تاریک است و عبور و مرور ساکنان ناامن شده است.";
    expect(summary.text).toContain(problem);
    // The state is written once the update is done, just after the summary went out.
    const sentId = `"message_id":${summary.messageId},`;
    let data = "";
    for (let i = 0; i < 100 && !data.includes(sentId); i++) {
      await new Promise((r) => setTimeout(r, 20));
      const doc = await h.app.store
        .collection<{ _id: string; data: string }>("conversations")
        .findOne({ _id: `telegram:${cast.proposer.id}` });
      data = doc?.data ?? "";
    }
    expect(data).toContain(sentId);
    // The draft's texts once (the proposal read at the top of the form), the summary's
    // title and chain lines not at all: the message the bot sent is kept as its id.
    expect(data.split(problem).length - 1).toBe(1);
    expect(data).not.toContain("لطفاً طرح را پیش از ارسال");
    // Before: the summary's own text, its card and the sent message made it about 4.9 KB.
    expect(Buffer.byteLength(data)).toBeLessThan(3_000);

    // Replayed from the stored log after a restart, a press is still matched to the
    // summary by the message's id: the right button submits.
    await h.restart();
    await cast.proposer.press("✅ ارسال برای امضا", { messageId: summary.messageId });
    await cast.proposer.waitFor(/برای امضا ارسال شد/);
    const [p] = await proposalsOf(h, "989121000001");
    expect(p?.state).toBe("in_signature");
  });
});
