import { afterAll, beforeAll, expect, it } from "vitest";
import { WAITING_LIST } from "../../src/proposals/service.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { CHAIN, submitted } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a full list of signatures waiting says how many wait in all", async () => {
  const signer = await signIn(h.client("telegram"), CHAIN.narmakUrban);
  for (let i = 0; i < WAITING_LIST; i++) await submitted(h, `طرح آزمایشی ${i}`, 7_200_000 + i);
  await signer.send("✍️ امضاهای در انتظار");
  const exact = await signer.waitFor(/منتظر امضای شماست/);
  expect(signer.inlineButtons(exact).flat()).toHaveLength(WAITING_LIST);
  expect(exact.text).not.toContain("منتظر شماست؛");

  for (let i = WAITING_LIST; i < WAITING_LIST + 2; i++)
    await submitted(h, `طرح آزمایشی ${i}`, 7_200_000 + i);
  await signer.send("✍️ امضاهای در انتظار");
  const longer = await signer.waitFor(/منتظر شماست؛/);
  expect(longer.text).toContain("۳۲ مورد منتظر شماست؛ ۳۰ مورد قدیمی‌تر اینجاست");
  expect(signer.inlineButtons(longer).flat()).toHaveLength(WAITING_LIST);
});

it("the liaison's list counts the proposals waiting for a paper signature too", async () => {
  // A store of its own: here the first signer has never used the bot, so every proposal
  // at that step waits for its signature on paper, which the liaison records.
  const own = await startHarness({ platforms: ["telegram"] });
  try {
    const liaison = await signIn(own.client("telegram"), CHAIN.liaison);
    for (let i = 0; i < WAITING_LIST + 2; i++)
      await submitted(own, `طرح کاغذی ${i}`, 7_300_000 + i);
    await liaison.send("✍️ امضاهای در انتظار");
    const list = await liaison.waitFor(/منتظر شماست؛/);
    expect(list.text).toContain("۳۲ مورد منتظر شماست؛ ۳۰ مورد قدیمی‌تر اینجاست");
  } finally {
    await own.stop();
  }
});
