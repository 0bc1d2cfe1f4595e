import { afterAll, beforeAll, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
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

const signRequest = (title: string) => (m: { text?: string }) =>
  (m.text ?? "").includes("منتظر امضای شما") && (m.text ?? "").includes(title);
const at = (jd: number, hour: number, minute = 0) =>
  jalaliToUtc({ jy: 1405, jm: 9, jd, hour, minute });

it("a sign request held by quiet hours is not sent once its step was signed; the next step's is", async () => {
  const svc = h.app.services.proposals;
  const title = "آبنمای میدان نارمک";
  const p = await submitted(h, title, cast.proposer.id);
  await cast.narmakUrban.waitFor(signRequest(title));
  const actor = (who: "narmakUrban" | "districtUrban") => ({
    personId: `d8:${CHAIN[who]}`,
    platform: "telegram" as const,
    userId: cast[who].id,
  });

  // 23:00 in Tehran: the first signature; the district secretary's request waits for 07:00.
  h.clock.set(at(8, 23));
  expect((await svc.decide(p._id, actor("narmakUrban"), "1.0", "sign")).ok).toBe(true);
  await h.client("telegram").idle({ quietMs: 300 });
  expect(cast.districtUrban.messages().some(signRequest(title))).toBe(false);
  // 23:30: she signs from the list of signatures waiting, before her request was sent.
  h.clock.set(at(8, 23, 30));
  expect((await svc.decide(p._id, actor("districtUrban"), "1.1", "sign")).ok).toBe(true);

  h.clock.set(at(9, 7, 1));
  h.app.dispatcher.wake();
  // The liaison's request (step 3, still current) goes out in the morning…
  await cast.liaison.waitFor(signRequest(title));
  await h.client("telegram").idle({ quietMs: 300 });
  // …the district secretary's, for the step she already signed, does not.
  expect(cast.districtUrban.messages().filter(signRequest(title))).toEqual([]);
  const held = await h.store
    .collection<{ _id: string; state: string; kind: string }>("outbox")
    .find({ kind: "proposal.sign_request", "recipient.chatId": cast.districtUrban.id });
  expect(held.filter((o) => o._id.includes(p._id)).map((o) => o.state)).toEqual(["cancelled"]);
});
