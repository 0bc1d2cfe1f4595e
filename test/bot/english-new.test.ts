import { afterAll, beforeAll, expect, it } from "vitest";
import { persianLines } from "../helpers/english.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { CHAIN } from "../proposals/helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("in English: a menu button leaving a form, a proposal returned on paper, a monthly series ended — nothing Persian but names", async () => {
  const client = h.client("telegram");
  const councillor = await signIn(client, PEOPLE.councillor.phone, { lang: "en" });
  // A main-menu button while the report form waits.
  await councillor.send("📝 Report a problem");
  await councillor.waitFor(/subject/i);
  await councillor.send("📋 My reports");
  await councillor.waitFor(/The form you were filling in is closed/);

  // The liaison records a deputy's return made on paper; the proposer reads it in English.
  const liaison = await signIn(client, CHAIN.liaison, { lang: "en" });
  const svc = h.app.services.proposals;
  // The proposer's own words in English, so that only names stay Persian on the cards.
  const proposer = (await h.repos.people.get(`d8:${CHAIN.proposer}`))!;
  const { draft } = await svc.createDraft(proposer, "telegram", councillor.id);
  await svc.saveFields(draft._id, proposer._id, {
    title: "Benches for the Narmak park",
    neighborhood: "narmak",
    subject: "urban_services",
    problem: "The old benches are broken and unsafe.",
    description: "Ten new steel benches along the main path.",
    location: { address: "Narmak, Haft Hoz square" },
    beneficiaries: { who: "Park visitors", count: 1000 },
    costRials: 1_200_000_000,
    durationMonths: 3,
    attachments: [],
  });
  const sent = await svc.submit(draft._id, {
    personId: proposer._id,
    platform: "telegram",
    userId: councillor.id,
  });
  if (!sent.ok) throw new Error(`submit: ${sent.why}`);
  const p = sent.proposal;
  for (const phone of [CHAIN.narmakUrban, CHAIN.districtUrban, CHAIN.liaison]) {
    const cur = (await svc.get(p._id))!;
    const r = await svc.decide(
      p._id,
      { personId: `d8:${phone}`, platform: "telegram", userId: 1 },
      `${cur.revision}.${cur.step}`,
      "sign",
    );
    expect(r.ok).toBe(true);
  }
  // The paper request of the deputy's step (ticket 1.3; the first step's came too, its
  // signer having no chat with the bot).
  const ask = await liaison.waitFor((m) =>
    JSON.stringify(m.replyMarkup ?? {}).includes(`p:pret:${p._id}:1.3`),
  );
  expect(ask.text).toContain("is at the Deputy for Planning");
  await liaison.press("↩️ Record a return on paper", { messageId: ask.messageId });
  await liaison.waitFor(/returned the proposal for revision on paper/);
  await liaison.send("Add three price quotes, please.");
  await liaison.waitFor(/photo or scan/);
  await liaison.sendPhoto();
  await liaison.waitFor(/The return on paper of proposal/);
  await councillor.waitFor(/was returned for revision by .* \(on paper, recorded by/);

  // A secretary ends a monthly series.
  const secretary = await signIn(client, PEOPLE.narmakUrbanSecretary.phone, { lang: "en" });
  const person = (await h.repos.people.get(`d8:${PEOPLE.narmakUrbanSecretary.phone}`))!;
  const r = await h.app.services.meetings.createSeries({
    person,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    rule: { type: "day_of_month", day: 15 },
    hour: 17,
    minute: 0,
    place: "Community hall",
  });
  if (!r.ok) throw new Error("no series");
  await secretary.pressCallbackData(`m:o:${r.meetings[0]!._id}`, secretary.last()!.messageId);
  const card = await secretary.waitFor((m) =>
    JSON.stringify(m.replyMarkup ?? {}).includes("m:sx:"),
  );
  await secretary.press("⏹ End the monthly series", { messageId: card.messageId });
  const confirm = await secretary.waitFor(/End this meeting's monthly series/);
  expect(confirm.text).toMatch(/The next \d+ \(.*, .*\) will be cancelled/);
  await secretary.press("⏹ Yes, end the series", { messageId: confirm.messageId });
  await secretary.waitFor(/The monthly series has ended/);

  await client.idle({ quietMs: 300 });
  for (const who of [councillor, liaison, secretary])
    expect({ who: who.id, persian: persianLines(h, who.id) }).toEqual({ who: who.id, persian: [] });
});
