import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DistrictDoc } from "../../src/district/schema.ts";
import { toPersianDigits } from "../../src/domain/digits.ts";
import { suggestAgenda } from "../../src/meetings/agenda.ts";
import type { MeetingScope } from "../../src/meetings/types.ts";
import type { ProposalDoc } from "../../src/proposals/types.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "../proposals/helpers.ts";
import { at } from "./helpers.ts";

let h: Harness;
let cast: Cast;
/** Waiting at its first step since Sunday 8 Azar 10:00: reminder point Wednesday 10:00. */
let stalled: ProposalDoc;
/** Submitted on Wednesday 11:00, when it is checked. */
let fresh: ProposalDoc;
let signedThrough: ProposalDoc;
let rejected: ProposalDoc;

const narmakUrban: MeetingScope = {
  kind: "wg",
  level: "neighborhood",
  subject: "urban_services",
  neighborhood: "narmak",
};
const SCOPES: Record<string, MeetingScope> = {
  presidium: { kind: "presidium" },
  narmakUrban,
  districtUrban: { kind: "wg", level: "district", subject: "urban_services" },
  narmakCouncil: { kind: "council", neighborhood: "narmak" },
  narmakEnvironment: { ...narmakUrban, subject: "environment" },
  dardashtUrban: { ...narmakUrban, neighborhood: "dardasht" },
  districtEnvironment: { kind: "wg", level: "district", subject: "environment" },
};

const actor = (role: keyof Cast) => ({
  personId: `d8:${CHAIN[role]}`,
  platform: "telegram" as const,
  userId: cast[role].id,
});

async function decide(id: string, role: keyof Cast, decision: "sign" | "reject", note?: string) {
  const svc = h.app.services.proposals;
  const p = (await svc.get(id))!;
  const r = await svc.decide(id, actor(role), `${p.revision}.${p.step}`, decision, note);
  if (!r.ok) throw new Error(`${decision} by ${role}: ${r.why}`);
}

/** The proposal ids on each scope's suggested agenda, now. */
async function proposalsOnAgendas(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, scope] of Object.entries(SCOPES))
    out[name] = (await suggestAgenda(h.store, "d8", scope, h.clock.now()))
      .filter((a) => a.kind === "proposal")
      .map((a) => a.refId!);
  return out;
}

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
  h.clock.set(at(9, 8, 10)); // Sunday
  stalled = await submitted(h, "پیاده‌روی میدان هفت حوض", cast.proposer.id);
  signedThrough = await submitted(h, "نیمکت‌های بوستان نارمک", cast.proposer.id);
  rejected = await submitted(h, "سایه‌بان ایستگاه اتوبوس", cast.proposer.id);
  for (const role of ["narmakUrban", "districtUrban", "liaison", "planning", "mayor"] as const)
    await decide(signedThrough._id, role, "sign");
  await decide(rejected._id, "narmakUrban", "reject", "خارج از حدود طرح‌های کوچک است.");
  h.clock.set(at(9, 11, 11)); // Wednesday, an hour past the 3-working-day reminder point
  fresh = await submitted(h, "نورپردازی کوچهٔ شهید احمدی", cast.proposer.id);
});
afterAll(async () => {
  await h?.stop();
});

describe("proposals stalled in the signature chain on meeting agendas", () => {
  it("are suggested for the presidium and the groups of their subject and neighbourhood", async () => {
    const svc = h.app.services.proposals;
    expect((await svc.get(signedThrough._id))!.state).toMatch(/approved|sent_to_hq/);
    expect((await svc.get(rejected._id))!.state).toBe("rejected");
    // In the chain too, but its step started only now.
    expect((await svc.get(fresh._id))!.state).toBe("in_signature");
    expect(await proposalsOnAgendas()).toEqual({
      presidium: [stalled._id],
      narmakUrban: [stalled._id],
      districtUrban: [stalled._id],
      narmakCouncil: [stalled._id],
      narmakEnvironment: [],
      dardashtUrban: [],
      districtEnvironment: [],
    });
    // An hour earlier the step was not yet past its reminder point.
    const before = await suggestAgenda(h.store, "d8", { kind: "presidium" }, at(9, 11, 9));
    expect(before.filter((a) => a.kind === "proposal")).toEqual([]);
    const [item] = (await suggestAgenda(h.store, "d8", narmakUrban, h.clock.now())).filter(
      (a) => a.kind === "proposal",
    );
    expect(item).toEqual({
      id: `p-${stalled._id}`,
      kind: "proposal",
      refId: stalled._id,
      title: `🏗 ${stalled.code} — پیاده‌روی میدان هفت حوض`,
    });
  });

  it("shows on the agenda the group's secretary opens, code in Persian digits", async () => {
    const zahra = cast.narmakUrban;
    const secretary = (await h.repos.people.get(`d8:${CHAIN.narmakUrban}`))!;
    const r = await h.app.services.meetings.create({
      person: secretary,
      scope: narmakUrban,
      startAt: at(9, 15, 10),
      durationMin: 60,
      place: "سرای محلهٔ نارمک",
    });
    if (!r.ok) throw new Error("not scheduled");
    const card = await zahra.waitFor((m) =>
      Boolean(m.text?.includes("سرای محلهٔ نارمک") && m.text.includes("تعیین شد")),
    );
    await zahra.press("📋 دستور جلسه", { messageId: card.messageId });
    const view = await zahra.waitFor(/پیاده‌روی میدان هفت حوض/);
    const line = view.text!.split("\n").find((l) => l.includes("پیاده‌روی میدان هفت حوض"))!;
    expect(line).toContain(`🏗 ${toPersianDigits(stalled.code!)}`);
    expect(line).not.toMatch(/[0-9]/);
    expect(view.text).not.toContain("نورپردازی کوچهٔ شهید احمدی");
    expect(view.text).not.toContain("نیمکت‌های بوستان نارمک");
    expect(view.text).not.toContain("سایه‌بان ایستگاه اتوبوس");
  });

  it("counts a reminder at the current step only: a step signed since starts afresh", async () => {
    // The reminder job runs (Wednesday 10:00 has passed) and is recorded on the proposal.
    await h.app.services.scheduler.tick();
    const reminded = (await h.app.services.proposals.get(stalled._id))!;
    expect(reminded.nudges).toContain("reminder:1:0");
    // Reminded at this step, it stays on the agenda even if the district lengthens the wait.
    const districts = h.store.collection<DistrictDoc>("districts");
    await districts.updateOne({ _id: "d8" }, { $set: { "deadlines.signatureReminder": 10 } });
    try {
      expect((await proposalsOnAgendas()).presidium).toEqual([stalled._id]);
    } finally {
      await districts.updateOne({ _id: "d8" }, { $set: { "deadlines.signatureReminder": 3 } });
    }
    // Signed at its first step: the next one has just started and is not stalled.
    await decide(stalled._id, "narmakUrban", "sign");
    expect((await proposalsOnAgendas()).presidium).toEqual([]);
  });
});
