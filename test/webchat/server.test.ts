import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_TOKENS } from "../../src/app.ts";
import { PERSONA_ID_BASE } from "../../src/webchat/index.ts";
import { type LocalWebChat, startLocalWebChat } from "./local.ts";

let local: LocalWebChat;
beforeAll(async () => {
  local = await startLocalWebChat();
});
afterAll(async () => {
  await local?.stop();
});

const get = (path: string) => fetch(new URL(path, local.url));
// The control API's JSON is loose by design; the assertions below pin what matters.
// biome-ignore lint/suspicious/noExplicitAny: loose JSON answers in a test
type Loose = any;
const control = (path: string, init?: RequestInit): Promise<Loose> =>
  fetch(new URL(`/_emu/bots/${encodeURIComponent(LOCAL_TOKENS.telegram)}${path}`, local.url), init)
    .then((r) => r.json() as Promise<{ ok: boolean; result: Loose }>)
    .then((b) => {
      if (!b.ok) throw new Error(JSON.stringify(b));
      return b.result;
    });
const send = (userId: number, body: Record<string, unknown>) =>
  control(`/users/${userId}/send`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the page's files on the emulator's origin", () => {
  it("serves the page, its modules and the Persian font, and nothing from elsewhere", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('dir="rtl"');
    expect(html).not.toMatch(/https?:\/\//);

    const render = await get("/webchat/render.js");
    expect(render.headers.get("content-type")).toMatch(/javascript/);
    expect(await render.text()).toContain("export function escapeHtml");

    const css = await (await get("/webchat/style.css")).text();
    expect(css).toContain('url("/webchat/vazirmatn.woff2")');
    const font = await get("/webchat/vazirmatn.woff2");
    expect(font.headers.get("content-type")).toBe("font/woff2");
    expect(
      Buffer.from(await font.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("wOF2");
  });

  it("serves only the public folder's own files", async () => {
    for (const path of [
      "/webchat/..%2Findex.ts",
      "/webchat/../index.ts",
      "/webchat/%2e%2e/index.ts",
      "/webchat/nope.js",
      "/webchat/.hidden.js",
      // A broken percent-encoding is no such file either, not a server error.
      "/webchat/%E0%A4%A.js",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    // The Bot API and the control API are untouched by the extra routes.
    const me: Loose = await (await get(`/bot${LOCAL_TOKENS.bale}/getMe`)).json();
    expect(me.result.username).toBe("shurayar_bale_bot");
  });
});

describe("personas", () => {
  it("cover every role of a report's path, with stable ids and labels in both languages", async () => {
    const config: Loose = await (await get("/_webchat/config")).json();
    expect(config.bots.map((b: { platform: string }) => b.platform)).toEqual(["telegram", "bale"]);
    const byPhone = new Map(local.personas.map((p) => [p.phone, p]));
    const maryam = byPhone.get("989121000001");
    expect(maryam).toMatchObject({
      userId: PERSONA_ID_BASE + 1,
      name: "مریم احمدی",
      roleLabel: { fa: "شورایار", en: expect.any(String) },
      neighborhood: { code: "narmak", name: { fa: "نارمک", en: "Narmak" } },
    });
    expect(byPhone.get("989121000002")?.roleLabel.fa).toBe("دبیر شورایاری محله");
    expect(byPhone.get("989121000003")?.roleLabel.fa).toBe("دبیر کارگروه خدمات شهری محله");
    expect(byPhone.get("989121000009")?.roleLabel.fa).toBe("دبیر کارگروه خدمات شهری منطقه");
    expect(byPhone.get("989121000016")?.roleLabel.fa).toBe("عضو هیات رئیسه");
    expect(byPhone.get("989121000017")?.roleLabel.fa).toBe("رابط شورایاری منطقه");
    expect(byPhone.get("989121000020")).toMatchObject({ roleLabel: { fa: "شهردار منطقه" } });
    expect(byPhone.get("989121000017")?.neighborhood).toBeNull();
    const ids = local.personas.map((p) => p.userId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(config.personas).toEqual(local.personas);
  });
});

describe("control API extensions", () => {
  it("long-polls changes across all chats and lists what people sent", async () => {
    const [a, b] = [PERSONA_ID_BASE + 901, PERSONA_ID_BASE + 902];
    const start = await control("/changes?since=0");
    // One long poll for every chat: it wakes on the bot's answer to either person.
    const waiting = control(`/changes?since=${start.seq}&wait=10`);
    await send(a, { text: "/start", user: { firstName: "A" } });
    const woke = await waiting;
    expect(woke.messages.length).toBeGreaterThan(0);
    expect(woke.messages.every((m: { chatId: number }) => m.chatId === a)).toBe(true);

    await send(b, { text: "/start", user: { firstName: "B" } });
    await local.app.emulator!.bot(LOCAL_TOKENS.telegram).idle();
    const all = await control(`/changes?since=${start.seq}`);
    expect(new Set(all.messages.map((m: { chatId: number }) => m.chatId))).toEqual(new Set([a, b]));
    expect(all.seq).toBeGreaterThan(woke.seq - 1);

    // Press the language button: the callback answer carries its chat.
    const choose = all.messages.find(
      (m: { chatId: number; replyMarkup?: { inline_keyboard?: unknown } }) =>
        m.chatId === a && m.replyMarkup?.inline_keyboard,
    );
    const data = choose.replyMarkup.inline_keyboard[0][0].callback_data;
    await send(a, { callback: { messageId: choose.messageId, data } });
    await local.app.emulator!.bot(LOCAL_TOKENS.telegram).idle();
    const after = await control(`/changes?since=${all.seq}`);
    expect(after.callbackAnswers.map((x: { chatId: number }) => x.chatId)).toEqual([a]);

    await send(a, { contact: { phoneNumber: "989359999999", userId: a } });
    const mine = await control(`/chats/${a}/user-messages`);
    expect(
      mine.map(
        (m: { text?: string; contact?: { phone_number: string } }) =>
          m.text ?? m.contact?.phone_number,
      ),
    ).toEqual(["/start", "989359999999"]);
    // User and bot messages share the chat's message ids, so the page can order them.
    const botIds = all.messages
      .filter((m: { chatId: number }) => m.chatId === a)
      .map((m: { messageId: number }) => m.messageId);
    expect(mine[0].messageId).toBeLessThan(Math.min(...botIds));
    expect(await control(`/chats/${PERSONA_ID_BASE + 999}/user-messages`)).toEqual([]);
  });
});

describe("the control API and other sites", () => {
  it("acts only on a JSON body from the page's own origin: another site open in the browser cannot post as a persona", async () => {
    const userId = PERSONA_ID_BASE + 1;
    const post = (headers: Record<string, string>) =>
      fetch(
        new URL(
          `/_emu/bots/${encodeURIComponent(LOCAL_TOKENS.telegram)}/users/${userId}/send`,
          local.url,
        ),
        {
          method: "POST",
          headers,
          body: JSON.stringify({ text: "/start" }),
        },
      );
    // A "simple" cross-site request (no preflight): text/plain.
    expect(
      (await post({ "content-type": "text/plain", origin: "https://elsewhere.example" })).status,
    ).toBe(415);
    // JSON from another origin (a browser asks first, but refused here all the same).
    expect(
      (await post({ "content-type": "application/json", origin: "https://elsewhere.example" }))
        .status,
    ).toBe(403);
    expect((await post({ "content-type": "application/json", origin: "null" })).status).toBe(403);
    // Another site whose name was pointed at this machine (DNS rebinding): its Host and
    // Origin agree, but it is not loopback.
    const port = new URL(local.url).port;
    // (fetch would not send a Host of our choosing: a plain HTTP request does.)
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          hostname: "127.0.0.1",
          port,
          method: "POST",
          path: `/_emu/bots/${encodeURIComponent(LOCAL_TOKENS.telegram)}/users/${userId}/send`,
          headers: {
            "content-type": "application/json",
            origin: `http://evil.example:${port}`,
            host: `evil.example:${port}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ text: "/start" }));
    });
    expect(rebound).toBe(403);
    const sent: Loose = await (
      await fetch(
        new URL(
          `/_emu/bots/${encodeURIComponent(LOCAL_TOKENS.telegram)}/chats/${userId}/user-messages`,
          local.url,
        ),
      )
    ).json();
    expect(sent.result).toEqual([]);
    // The page's own request goes through.
    const own = await post({
      "content-type": "application/json",
      origin: local.url.replace(/\/$/, ""),
    });
    expect(own.status).toBe(200);
  });
});
