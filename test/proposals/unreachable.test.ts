import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "./helpers.ts";

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
});
afterAll(async () => {
  await h?.stop();
});

const DAY = 24 * 60 * 60_000;

it("a signer who blocked the bot: once the request bounces, the liaison may record the step on paper", async () => {
  const svc = h.app.services.proposals;
  await cast.narmakUrban.block();
  const title = "گلکاری میدان هفت حوض";
  const p = await submitted(h, title, cast.proposer.id);
  // The request to the step's only signer comes back 403 (after the step started).
  const outbox = h.store.collection<{ _id: string; state: string; kind: string }>("outbox");
  const bounced = async () =>
    (await outbox.find({ kind: "proposal.sign_request" }))
      .filter((d) => d._id.includes(p._id))
      .map((d) => d.state)
      .sort();
  for (let i = 0; i < 50 && !(await bounced()).includes("unreachable"); i++)
    await new Promise((r) => setTimeout(r, 100));
  // Bounced, and kept for the signer until they are back.
  expect(await bounced()).toEqual(["held", "unreachable"]);
  expect((await svc.get(p._id))?.paperOk).toBe(false);

  // The liaison presses "record a paper signature" for the step: asked for the signed form.
  const press = await cast.liaison.pressCallbackData(
    `p:paper:${p._id}:1.0`,
    cast.liaison.last()!.messageId,
  );
  await cast.liaison.expectCallbackAnswered(press);
  await cast.liaison.waitFor(/فرم کاغذیِ امضاشده را بفرستید/);
  await cast.liaison.sendPhoto();
  await cast.liaison.waitFor(/امضای کاغذی روی طرح .* ثبت شد/);
  const signed = (await svc.get(p._id))!;
  expect(signed.step).toBe(1);
  expect(signed.signatures.map((s) => [s.signerId, s.by, s.via])).toEqual([
    [`d8:${CHAIN.narmakUrban}`, `d8:${CHAIN.liaison}`, "paper"],
  ]);
});

it("a step whose signer blocks the bot after it started: its reminder goes to the liaison with the paper buttons", async () => {
  const svc = h.app.services.proposals;
  const title = "بازسازی زمین بازی کودکان";
  const p = await submitted(h, title, cast.proposer.id);
  // Step 1 (Zahra, known unreachable since the first scenario) is recorded on paper; step 2
  // starts with Sara, who could still be reached then, and blocks the bot.
  await cast.districtUrban.block();
  const liaisonActor = {
    personId: `d8:${CHAIN.liaison}`,
    platform: "telegram" as const,
    userId: cast.liaison.id,
  };
  const evidence = { kind: "photo" as const, platform: "telegram" as const, fileId: "form" };
  expect((await svc.recordPaper(p._id, liaisonActor, "1.0", evidence)).ok).toBe(true);
  expect((await svc.get(p._id))?.paperOk).toBe(false);
  const outbox = h.store.collection<{ _id: string; state: string; recipient: { chatId: number } }>(
    "outbox",
  );
  for (let i = 0; i < 50; i++) {
    const docs = await outbox.find({ kind: "proposal.sign_request" });
    if (
      docs.some(
        (d) =>
          d._id.includes(p._id) &&
          d.recipient.chatId === cast.districtUrban.id &&
          d.state === "unreachable",
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // Past the reminder deadline (3 working days): the reminder job runs.
  h.clock.set(h.clock.now() + 6 * DAY);
  await h.app.services.scheduler.tick();
  const reminder = await cast.liaison.waitFor(
    (m) => (m.text ?? "").includes("یادآوری") && (m.text ?? "").includes(title),
  );
  expect(JSON.stringify(reminder.replyMarkup)).toContain(`p:paper:${p._id}:1.1`);
  // And it is on the liaison's list of what waits.
  const liaison = (await h.repos.people.get(`d8:${CHAIN.liaison}`))!;
  expect((await svc.waitingFor(liaison)).map((x) => x._id)).toContain(p._id);
});
