import { Api } from "grammy";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LOCAL_TOKENS } from "../../src/app.ts";
import { type LocalWebChat, startLocalWebChat } from "./local.ts";

let w: LocalWebChat;
beforeAll(async () => {
  w = await startLocalWebChat();
});
afterAll(async () => {
  await w?.stop();
});

it("local mode: the sample district's headquarters chat exists and takes the bot's messages", async () => {
  const [district] = await w.app.repos.districts.all();
  const hq = district?.headquarters;
  expect(hq).toBeDefined();
  if (!hq) return;
  const api = new Api(LOCAL_TOKENS[hq.platform], { apiRoot: w.app.emulator!.url });
  const sent = await api.sendMessage(hq.chatId, "📨");
  expect(sent.chat).toMatchObject({ id: hq.chatId, title: district.name.fa });
});
