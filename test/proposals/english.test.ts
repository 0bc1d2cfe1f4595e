import { afterAll, beforeAll, expect, it } from "vitest";
import { persianLines } from "../helpers/english.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { CHAIN } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a proposal in English, form to the second signature: nothing Persian but people's names", async () => {
  const client = h.client("telegram");
  const proposer = await signIn(client, CHAIN.proposer, { lang: "en" });
  const first = await signIn(client, CHAIN.narmakUrban, { lang: "en" });
  const second = await signIn(client, CHAIN.districtUrban, { lang: "en" });

  await proposer.send("🏗 New proposal");
  await proposer.waitFor(/proposal's title/);
  await proposer.send("Lighting for Shahid Ahmadi alley");
  await proposer.press("Narmak");
  await proposer.press("Urban services");
  await proposer.waitFor(/Which problem does this project solve/);
  await proposer.send("The alley is completely dark at night and unsafe for residents.");
  await proposer.waitFor(/Describe the project/);
  await proposer.send("Ten solar lamps on metal posts along the alley walls.");
  await proposer.waitFor(/Where will it be done/);
  await proposer.shareLocation(35.7448, 51.4969);
  await proposer.waitFor(/Who benefits/);
  await proposer.send("Residents of the alley and passers-by");
  await proposer.waitFor(/Roughly how many people/);
  await proposer.send("about 500");
  await proposer.waitFor(/estimated cost in rials/);
  await proposer.send("250 million");
  await proposer.waitFor(/How many months/);
  await proposer.send("6 months");
  await proposer.waitFor(/send up to/);
  await proposer.sendDocument("estimate.pdf", Buffer.from("%PDF-1.4 estimate"));
  await proposer.waitFor(/Attachment 1 of 5 received/);
  await proposer.send("✅ Done");
  const summary = await proposer.waitFor(/Please check the proposal once more/);
  expect(summary.text).toContain("250,000,000");
  expect(summary.text).toContain("📍 35.74480, 51.49690");
  await proposer.press("✅ Send for signatures", { messageId: summary.messageId });
  const sent = await proposer.waitFor(/was sent for signatures/);
  const code = /Proposal (\S+) was sent/.exec(sent.text ?? "")?.[1] ?? "";
  expect(code).toMatch(/^8-1405-\d{5}$/);

  const card = await first.waitFor(/is waiting for your signature/);
  await first.press("✅ Sign", { messageId: card.messageId });
  await proposer.waitFor(/was signed by/);
  await second.waitFor(/is waiting for your signature/);

  for (const who of [proposer, first, second]) expect(persianLines(h, who.id)).toEqual([]);
  expect(client.state.unansweredCallbacks()).toEqual([]);
});
