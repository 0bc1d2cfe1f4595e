import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { registerCommands } from "../../src/platform/index.ts";
import type { Platform } from "../../src/repos/types.ts";
import { freshUserId, type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

const PLATFORMS: Platform[] = ["telegram", "bale"];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe.each(PLATFORMS)("onboarding on %s", (platform) => {
  it("language → share contact → matched → a menu that fits the roles", async () => {
    const client = h.client(platform);
    const user = client.user({ id: freshUserId(), firstName: "Maryam" });
    await user.send("/start");
    const choose = await user.waitFor(/زبان خود را انتخاب کنید/);
    expect(
      user
        .inlineButtons(choose)
        .flat()
        .map((b) => b.text),
    ).toEqual(["فارسی", "English"]);
    await user.press("فارسی");
    const intro = await user.waitFor(/شماره/);
    expect(intro.replyMarkup?.keyboard?.[0]?.[0]).toMatchObject({ request_contact: true });
    await user.shareContact({ phoneNumber: PEOPLE.councillor.phone });
    await user.waitFor(/مریم احمدی گرامی، خوش آمدید/);
    await user.waitFor(/منوی اصلی/);
    // The menu is exactly what the registry shows a councillor — and nothing for owners.
    const deps = h.app.bots[0]!.deps;
    const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
    const expected = deps.menu.visibleTo(person).map((e) => deps.i18n.t("fa", e.key));
    expect(user.replyKeyboard()?.flat()).toEqual(expected);
    expect(expected).toEqual(
      expect.arrayContaining(["📝 گزارش مشکل", "👤 مشخصات من", "❓ راهنما"]),
    );
    expect(expected).not.toContain("📥 منتظر اقدام من");

    const identity = await h.repos.identities.get(platform, user.id);
    expect(identity?.personId).toBe(`d8:${PEOPLE.councillor.phone}`);
    expect(identity?.lang).toBe("fa");

    await user.send("👤 مشخصات من");
    const profile = await user.waitFor(/مریم احمدی/);
    expect(profile.text).toContain("۰۹۱۲۱۰۰۰۰۰۱");
    expect(profile.text).toContain("نارمک");
    expect(profile.text).toContain("شورایار");
    expect(client.state.unansweredCallbacks()).toEqual([]);
  });

  it("works in English too, with the contact number given with a plus", async () => {
    const user = h.client(platform).user({ id: freshUserId(), firstName: "Ali" });
    await user.send("/start");
    await user.press("English");
    await user.waitFor(/Share my number/);
    await user.shareContact({ phoneNumber: `+${PEOPLE.narmakSecretary.phone}` });
    await user.waitFor(/Welcome, علی رضایی!/);
    await user.send("/help");
    const help = await user.waitFor(/As a secretary/);
    expect(help.text).toContain("As a councillor");
    expect(help.text).not.toContain("As a presidium member");
  });
});

describe("a contact whose number is an integer", () => {
  it("signs in on Bale, whose client libraries type the number so", async () => {
    const user = h.client("bale").user({ id: freshUserId(), firstName: "Maryam" });
    await user.send("/start");
    await user.press("فارسی");
    await user.waitFor(/شماره/);
    await user.shareContact({ phoneNumber: Number(PEOPLE.councillor.phone) });
    await user.waitFor(/مریم احمدی/);
    const identity = await h.repos.identities.get("bale", user.id);
    expect(identity?.personId).toBe(`d8:${PEOPLE.councillor.phone}`);
  });
});

describe.each(PLATFORMS)("coming back on %s", (platform) => {
  it("/start from someone signed in greets them by name with their menu, in their language", async () => {
    const client = h.client(platform);
    const maryam = await signIn(client, PEOPLE.councillor.phone);
    await maryam.send("/start");
    const back = await maryam.waitFor(/خوش برگشتید/);
    expect(back.text).toBe("مریم احمدی گرامی، خوش برگشتید.");
    expect(back.replyMarkup?.keyboard?.flat().map((b) => b.text)).toContain("📝 گزارش مشکل");
    const ali = await signIn(client, PEOPLE.presidium.phone, { lang: "en" });
    await ali.send("/start");
    const welcome = await ali.waitFor(/Welcome back/);
    expect(welcome.text).toMatch(/^Welcome back, \S/);
    await client.idle({ quietMs: 100 });
    expect(maryam.messages().some((m) => /مشکلی پیش آمد/.test(m.text ?? ""))).toBe(false);
    expect(ali.messages().some((m) => /went wrong/.test(m.text ?? ""))).toBe(false);
  });
});

describe.each(PLATFORMS)("refusals on %s", (platform) => {
  it("a number not on the roster: told whom to contact, nothing stored but an audit line", async () => {
    const user = h.client(platform).user({ id: freshUserId(), firstName: "Stranger" });
    await user.send("/start");
    await user.press("فارسی");
    await user.waitFor(/شماره/);
    await user.shareContact({ phoneNumber: "989359999999" });
    const refusal = await user.waitFor(/در فهرست شورایاران منطقه ثبت نشده/);
    expect(refusal.text).toContain(PEOPLE.liaison.name);
    expect(refusal.text).not.toContain("0912");
    const identity = await h.repos.identities.get(platform, user.id);
    expect(identity?.personId ?? null).toBeNull();
    const audit = await h.repos.audit.history("access", `${platform}:${user.id}`);
    expect(audit.map((a) => a.action)).toEqual(["access.refused"]);
    expect(audit[0]?.note).toBe("not_on_roster: …9999");
  });

  it("someone else's contact is refused", async () => {
    const user = h.client(platform).user({ id: freshUserId(), firstName: "Sneaky" });
    await user.send("/start");
    await user.press("فارسی");
    await user.waitFor(/شماره/);
    await user.shareContact({ phoneNumber: PEOPLE.presidium.phone, userId: 42 });
    await user.waitFor(/این شماره متعلق به خود شما نیست/);
    expect((await h.repos.identities.get(platform, user.id))?.personId ?? null).toBeNull();
    // Still waiting for the right contact: the person's own number goes through.
    await user.shareContact({ phoneNumber: PEOPLE.councillor.phone });
    await user.waitFor(/خوش آمدید/);
  });

  it("typing the number instead of pressing the button gets a clear re-ask", async () => {
    const user = h.client(platform).user({ id: freshUserId(), firstName: "Typist" });
    await user.send("/start");
    await user.press("فارسی");
    await user.waitFor(/شماره/);
    await user.send("09121000001");
    await user.waitFor(/شماره را تایپ نکنید/);
    await user.sendSticker();
    await user.waitFor(/شماره را تایپ نکنید/);
    expect((await h.repos.identities.get(platform, user.id))?.personId ?? null).toBeNull();
  });

  it("a group chat trying private-only commands is pointed to the private chat", async () => {
    const client = h.client(platform);
    const user = client.user({ id: freshUserId(), firstName: "Grouper" });
    const group = client.group({ id: -4000 - freshUserId(), title: "کارگروه" });
    for (const cmd of ["/start", "/menu", "/language"]) {
      await user.sendInGroup(group, cmd);
      await group.waitFor((m) => (m.text ?? "").includes("فقط در گفت‌وگوی خصوصی"));
    }
    expect((await h.repos.identities.get(platform, user.id))?.personId ?? null).toBeNull();
  });

  it("a member typing /track or /stats in a group is pointed to the private chat", async () => {
    const client = h.client(platform);
    const user = await signIn(client, PEOPLE.presidium.phone);
    const group = client.group({ id: -4000 - freshUserId(), title: "هیات رئیسه" });
    for (const cmd of ["/track 8-1405-00001", "/stats"]) {
      await user.sendInGroup(group, cmd);
      await group.waitFor((m) => (m.text ?? "").includes("فقط در گفت‌وگوی خصوصی"));
    }
    await client.idle({ quietMs: 200 });
    expect(group.messages()).toHaveLength(2);
  });
});

describe("one person, two messengers", () => {
  it("a person signed in on both platforms is two identities of one person", async () => {
    const id = freshUserId();
    await signIn(h.client("telegram"), PEOPLE.liaison.phone, { userId: id });
    await signIn(h.client("bale"), PEOPLE.liaison.phone, { userId: id });
    const identities = await h.repos.identities.forPerson(`d8:${PEOPLE.liaison.phone}`);
    expect(identities.map((i) => i._id).sort()).toEqual([`bale:${id}`, `telegram:${id}`]);
  });
});

describe("inactive people", () => {
  it("someone switched off who presses a button on an old card is told their access was deactivated", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    // Narmak's environment working-group secretary (حسین موسوی).
    const hossein = "989121000004";
    const owner = await signIn(client, hossein);
    const { code, id } = await fileReport(h, reporter, {
      subject: "محیط زیست",
      description: "درخت کهنسال کوچه لاله روی سیم برق افتاده است",
    });
    const card = await owner.waitFor(new RegExp(`گزارش ${fa(code)}`));
    const _id = `d8:${hossein}`;
    await h.repos.people.col.updateOne({ _id }, { $set: { active: false } });
    try {
      const press = await owner.press("✅ دریافت شد", { messageId: card.messageId });
      const answer = await owner.expectCallbackAnswered(press);
      expect(answer.text).toMatch(/دسترسی شما به ربات غیرفعال شده است/);
      expect(answer.text).not.toMatch(/start/);
      expect(answer.showAlert).toBe(true);
      expect((await h.app.services.reports.get(id))?.state).toBe("submitted");
    } finally {
      await h.repos.people.col.updateOne({ _id }, { $set: { active: true } });
    }
  });

  it("a refusal alert longer than a button's answer is cut between whole characters", async () => {
    const client = h.client("telegram");
    // Dardasht's urban-services working-group secretary, in no other test here.
    const phone = "989121000006";
    const user = await signIn(client, phone);
    const last = user.messages().at(-1)!;
    const liaison = `d8:${PEOPLE.liaison.phone}`;
    // Where the liaison's name starts in the alert decides where the 200th unit falls: a
    // letter in front when needed puts it in the middle of a tree (two UTF-16 units).
    const { i18n } = h.app.bots[0]!.deps;
    const at = i18n.t("fa", "refuse-inactive", { liaison: "X" }).indexOf("X");
    const name = `${at % 2 === 0 ? "ن" : ""}${"🌳".repeat(120)}`;
    await h.repos.people.col.updateOne({ _id: liaison }, { $set: { name } });
    await h.repos.people.col.updateOne({ _id: `d8:${phone}` }, { $set: { active: false } });
    try {
      // Any press: the access gate answers it before any feature sees it.
      const press = await user.pressCallbackData("p:list:1", last.messageId);
      const answer = await user.expectCallbackAnswered(press);
      expect(answer.showAlert).toBe(true);
      expect(answer.text).toMatch(/^دسترسی شما به ربات غیرفعال شده است/);
      expect(answer.text!.length).toBeLessThanOrEqual(200);
      expect(answer.text).toMatch(/🌳…$/);
      expect(answer.text).not.toMatch(/\p{Cs}/u);
    } finally {
      await h.repos.people.col.updateOne({ _id: liaison }, { $set: { name: PEOPLE.liaison.name } });
      await h.repos.people.col.updateOne({ _id: `d8:${phone}` }, { $set: { active: true } });
    }
  });

  it("someone removed from the roster is refused on their next message and at sign-in", async () => {
    const client = h.client("telegram");
    const user = await signIn(client, PEOPLE.admin.phone);
    await h.repos.people.col.updateOne(
      { _id: `d8:${PEOPLE.admin.phone}` },
      { $set: { active: false } },
    );
    await user.send("👤 مشخصات من");
    const refusal = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
    expect(refusal.text).toContain(PEOPLE.liaison.name);
    // Help tells them the same, not "press /start and share your number".
    await user.send("/help");
    const help = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
    expect(help.text).toContain(PEOPLE.liaison.name);
    expect(help.text).not.toMatch(/start/);
    await user.send("/start");
    await user.waitFor(/شماره/);
    await user.shareContact({ phoneNumber: PEOPLE.admin.phone });
    await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
    await h.repos.people.col.updateOne(
      { _id: `d8:${PEOPLE.admin.phone}` },
      { $set: { active: true } },
    );
  });

  it("/cancel from someone switched off names the liaison, at sign-in or not", async () => {
    const user = await signIn(h.client("telegram"), PEOPLE.admin.phone);
    const id = `d8:${PEOPLE.admin.phone}`;
    await h.repos.people.col.updateOne({ _id: id }, { $set: { active: false } });
    try {
      await user.send("/cancel");
      const refusal = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
      expect(refusal.text).toContain(PEOPLE.liaison.name);
      // With the sign-in form open (/start), too; the contact button goes away.
      await user.send("/start");
      await user.waitFor(/شماره/);
      await user.send("/cancel");
      const again = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
      expect(again.replyMarkup).toMatchObject({ remove_keyboard: true });
      expect(user.messages().some((m) => /کاری در جریان نبود/.test(m.text ?? ""))).toBe(false);
    } finally {
      await h.repos.people.col.updateOne({ _id: id }, { $set: { active: true } });
    }
  });
});

describe("a stranger", () => {
  it("reaches nothing but /start, /language and /help", async () => {
    const client = h.client("telegram");
    const user = client.user({ id: freshUserId(), firstName: "Nobody" });
    const labels = h.app.bots[0]!.deps.menu.entries.flatMap((e) => [
      h.app.bots[0]!.deps.i18n.t("fa", e.key),
      h.app.bots[0]!.deps.i18n.t("en", e.key),
    ]);
    const commands = ["/menu", "/cancel", "/track 8-1405-00001", "/profile", "/anything"];
    for (const input of [...labels, ...commands, "hello"]) {
      await user.send(input);
      const reply = await user.nextReply();
      expect(reply.text, input).toMatch(
        /برای استفاده از ربات ابتدا باید هویت خود را تأیید کنید|کاری در جریان نبود/,
      );
    }
    // A forged or forwarded button is answered with the same refusal and does nothing.
    await user.send("/language");
    const kb = await user.waitFor(/زبان خود را/);
    const forged = await user.pressCallbackData("r:ack:0123456789", kb.messageId);
    const answer = await user.expectCallbackAnswered(forged);
    expect(answer.text).toMatch(/هویت خود را تأیید کنید/);
    expect(answer.showAlert).toBe(true);
    await user.send("/help");
    await user.waitFor(/\/start را بزنید و شمارهٔ خود را بفرستید/);
    expect(await h.repos.identities.get("telegram", user.id)).toBeNull();
    expect(await h.repos.audit.history("access", `telegram:${user.id}`)).toEqual([]);
  });
});

describe("commands", () => {
  it("/cancel leaves the sign-in conversation, /menu and /help work once signed in", async () => {
    const client = h.client("telegram");
    const user = client.user({ id: freshUserId(), firstName: "Quitter" });
    await user.send("/start");
    await user.press("English");
    await user.waitFor(/Share my number/);
    await user.send("/cancel");
    await user.waitFor(/Sign-in cancelled/);
    // The contact is no longer awaited: it is not consumed by a conversation.
    await user.shareContact({ phoneNumber: PEOPLE.councillor.phone });
    await user.waitFor(/Please confirm who you are first/);
    const signed = await signIn(client, PEOPLE.presidium.phone, { lang: "en" });
    await signed.send("/menu");
    await signed.waitFor(/Main menu/);
    await signed.send("/cancel");
    await signed.waitFor(/There was nothing to cancel/);
    await signed.send("/language");
    await signed.press("فارسی");
    await signed.waitFor(/زبان ربات فارسی شد/);
    expect((await h.repos.identities.get("telegram", signed.id))?.lang).toBe("fa");
  });

  it("registers the command list per language on Telegram and carries on without it on Bale", async () => {
    const tg = JSON.stringify([...h.client("telegram").state.commands.entries()]);
    expect(tg).toContain("منوی اصلی");
    expect(tg).toContain("Main menu");
    // For private chats only: in groups the commands would only answer "private chat only".
    const scopes = [...h.client("telegram").state.commands.keys()].sort();
    expect(scopes).toEqual(['{"type":"all_private_chats"}|', '{"type":"all_private_chats"}|en']);
    // Bale refused setMyCommands, yet its bot answered every test above.
    expect(h.client("bale").state.errors.some((e) => e.method === "setMyCommands")).toBe(true);
  });

  it("drops the list an earlier version showed in every chat", async () => {
    const { state } = h.client("telegram");
    const stale = [{ command: "start", description: "old" }];
    state.commands.set('{"type":"default"}|', stale);
    state.commands.set('{"type":"default"}|en', stale);
    const { bot, deps } = h.app.bots.find((b) => b.deps.platform === "telegram")!;
    await registerCommands(
      bot as never,
      "telegram",
      (lang, key) => deps.i18n.t(lang, key),
      silentLogger,
    );
    expect([...state.commands.keys()].filter((k) => k.includes('"default"'))).toEqual([]);
  });
});

describe("duplicate delivery", () => {
  it("an update delivered twice (same update_id) is processed once", async () => {
    const client = h.client("telegram");
    const user = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const updateId = await user.send("👤 مشخصات من");
    await user.waitFor(/زهرا کریمی/);
    await client.idle();
    client.state.redeliver(updateId);
    await client.idle({ quietMs: 200 });
    const profiles = user.messages().filter((m) => m.text?.startsWith("👤 زهرا کریمی"));
    expect(profiles).toHaveLength(1);
    // The contact share that signed the person in, delivered again, links nothing twice.
    const contactUpdate = updateId - 1;
    client.state.redeliver(contactUpdate);
    await client.idle({ quietMs: 200 });
    const links = (
      await h.repos.audit.history("person", `d8:${PEOPLE.narmakUrbanSecretary.phone}`)
    ).filter((a) => a.action === "identity.linked");
    expect(links).toHaveLength(1);
    expect(user.messages().filter((m) => m.text?.includes("گرامی، خوش آمدید"))).toHaveLength(1);
  });
});

describe("a channel the bot administers", () => {
  it("gets nothing from the bot, whatever is posted there", async () => {
    const client = h.client("telegram");
    const chat = { id: -100_777_001, type: "channel", title: "کانال محله" };
    client.state.knowChat(chat as never);
    const post = (message_id: number, text: string) =>
      client.state.pushUpdate({
        channel_post: {
          message_id,
          chat,
          date: client.state.unixNow(),
          text,
          ...(text.startsWith("/")
            ? { entities: [{ type: "bot_command", offset: 0, length: text.length }] }
            : {}),
        },
      });
    for (const [i, t] of ["/start", "/help", "/menu", "/stats", "/cancel", "سلام"].entries())
      post(i + 1, t);
    await client.idle({ quietMs: 300 });
    expect(client.state.messagesIn(chat.id).map((m) => m.text)).toEqual([]);
  });
});

describe("someone who blocked the bot", () => {
  it("is told things again once they are back, and the block itself changes nothing", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    await owner.block();
    await fileReport(h, reporter, { description: "چاله‌ای بزرگ در خیابان اصلی نارمک" });
    const identity = () => h.repos.identities.get("telegram", owner.id);
    for (let i = 0; i < 50 && !(await identity())?.unreachableAt; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await identity())?.unreachableAt).toBeTypeOf("number");
    // Blocking again (a second "kicked") is no sign of being back.
    await owner.block();
    await client.idle({ quietMs: 100 });
    expect((await identity())?.unreachableAt).toBeTypeOf("number");

    await owner.unblock();
    await client.idle({ quietMs: 100 });
    expect((await identity())?.unreachableAt).toBeUndefined();
    const audit = await h.repos.audit.history("identity", `telegram:${owner.id}`);
    expect(audit.map((a) => a.action)).toEqual(["reachable"]);
    const second = await fileReport(h, reporter, { description: "تیر برق کج شده در کوچهٔ یاس" });
    await owner.waitFor(new RegExp(`گزارش ${fa(second.code)}`));
  });

  it("is back by writing, even when the unblock never reached the bot", async () => {
    const client = h.client("telegram");
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    await h.repos.identities.markUnreachable("telegram", owner.id, h.clock.now());
    await owner.send("👤 مشخصات من");
    await owner.waitFor(/زهرا کریمی/);
    expect((await h.repos.identities.get("telegram", owner.id))?.unreachableAt).toBeUndefined();
  });
});
