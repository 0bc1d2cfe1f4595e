import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import { HELD_MAX_AGE_MS } from "../../src/notify/held.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "../reports/helpers.ts";

const DAY = 86_400_000;
const OWNER = `d8:${PEOPLE.narmakUrbanSecretary.phone}`;
const INTRO = /📬 در مدتی که ربات نمی‌توانست به شما پیام بدهد/;

let h: Harness;
let reporter: User;
let liaison: User;
/** Zahra, the level-0 owner of Narmak's urban-services reports, once she has signed in. */
let owner: User;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  const client = h.client("telegram");
  reporter = await signIn(client, PEOPLE.councillor.phone);
  liaison = await signIn(client, PEOPLE.liaison.phone);
});
afterAll(async () => {
  await h?.stop();
});

/** The texts a user got, from the `from`-th message on. */
const texts = (u: User, from = 0) =>
  u
    .messages()
    .slice(from)
    .map((m) => m.text ?? "");
/** The report cards the owner got, by code, in the order they came. */
const assignedCodes = (u: User, from = 0) =>
  texts(u, from)
    .filter((t) => t.includes("گزارش تازه برای اقدام شما"))
    .map((t) => /📝 گزارش (\S+)/.exec(t)?.[1]);
/** The liaison's notices about the owner (Zahra). */
const noticesAboutOwner = () =>
  texts(liaison).filter((t) => t.startsWith("📵") && t.includes(PEOPLE.narmakUrbanSecretary.name));

/** The owner's chat (signed in by the first scenario, or here when run alone). */
async function ownerChat(): Promise<User> {
  owner ??= await signIn(h.client("telegram"), PEOPLE.narmakUrbanSecretary.phone);
  return owner;
}

async function settle() {
  await h.app.dispatcher.drain({ timeoutMs: 15_000 });
  await h.client("telegram").idle({ quietMs: 200 });
}

describe("an owner who never signed in", () => {
  it("gets what was assigned meanwhile on first sign-in, once, in order; the liaison is told once a day", async () => {
    const a = await fileReport(h, reporter, { description: "چاله‌ای بزرگ در خیابان اصلی نارمک" });
    h.clock.advance(60_000);
    const b = await fileReport(h, reporter, { description: "تیر برق کج شده در کوچهٔ یاس" });
    await settle();
    // One notice for the two reports of the day, naming the person, the number and the report.
    const first = await liaison.waitFor(/📵 زهرا کریمی/);
    expect(first.text).toContain("۰۹۱۲۱۰۰۰۰۰۳");
    expect(first.text).toContain("هنوز وارد ربات نشده است");
    expect(first.text).toContain(fa(a.code));
    expect(noticesAboutOwner()).toHaveLength(1);

    // The next day: a new report is a new notice.
    h.clock.advance(DAY);
    const c = await fileReport(h, reporter, { description: "آب‌گرفتگی جوی خیابان گلبرگ" });
    await liaison.waitFor(new RegExp(`📵 زهرا کریمی[\\s\\S]*${fa(c.code)}`));
    await settle();
    expect(noticesAboutOwner()).toHaveLength(2);

    // First sign-in: the welcome, then one heading and the three reports, oldest first.
    owner = await signIn(h.client("telegram"), PEOPLE.narmakUrbanSecretary.phone);
    await owner.waitFor(new RegExp(`📝 گزارش ${fa(c.code)}`));
    await settle();
    expect(texts(owner).filter((t) => INTRO.test(t))).toHaveLength(1);
    expect(texts(owner).find((t) => INTRO.test(t))).toContain("۳ پیام");
    expect(assignedCodes(owner)).toEqual([a.code, b.code, c.code].map(fa));
    const intro = texts(owner).findIndex((t) => INTRO.test(t));
    const welcome = texts(owner).findIndex((t) => t.includes("خوش آمدید"));
    expect(welcome).toBeLessThan(intro);
    // With the buttons to act on them.
    const card = owner.messages().find((m) => (m.text ?? "").includes(fa(a.code)))!;
    expect(JSON.stringify(card.replyMarkup)).toContain(`r:ack:${a.id}`);

    // Nothing more on a sweep or a restart.
    await h.app.services.scheduler.tick();
    await h.restart();
    await h.app.services.scheduler.tick();
    expect(await h.app.services.held.release(OWNER)).toBe(0);
    await settle();
    expect(assignedCodes(owner)).toHaveLength(3);
    expect(texts(owner).filter((t) => INTRO.test(t))).toHaveLength(1);
  });
});

describe("an owner who blocked the bot", () => {
  it("gets what was assigned meanwhile once back, exactly once; the liaison is told", async () => {
    await ownerChat();
    const from = owner.messages().length;
    await owner.block();
    h.clock.advance(DAY);
    // The first one bounces (that is how the bot learns of the block); the second is kept
    // at once.
    const d = await fileReport(h, reporter, { description: "درخت افتاده در پارک نارمک" });
    const identity = () => h.repos.identities.get("telegram", owner.id);
    for (let i = 0; i < 50 && !(await identity())?.unreachableAt; i++)
      await new Promise((r) => setTimeout(r, 50));
    h.clock.advance(60_000);
    const e = await fileReport(h, reporter, { description: "سطل زباله شکسته در میدان" });
    await settle();
    const notice = await liaison.waitFor(/📵 زهرا کریمی[\s\S]*ربات را مسدود کرده است/);
    expect(notice.text).toContain(fa(d.code));
    expect(noticesAboutOwner()).toHaveLength(3);
    expect(assignedCodes(owner, from)).toEqual([]);

    // Back: a message (or the unblock) brings both, after one heading.
    await owner.unblock();
    await owner.waitFor(new RegExp(`📝 گزارش ${fa(e.code)}`));
    await owner.send("سلام");
    await settle();
    expect(assignedCodes(owner, from)).toEqual([d.code, e.code].map(fa));
    expect(texts(owner, from).filter((t) => INTRO.test(t))).toHaveLength(1);
    expect(await h.app.services.held.release(OWNER)).toBe(0);
    await h.app.services.scheduler.tick();
    await settle();
    expect(assignedCodes(owner, from)).toHaveLength(2);
  });

  it("two releases at once, or a restart after one, deliver each notice once", async () => {
    await ownerChat();
    const from = owner.messages().length;
    // Known unreachable (as after a bounce): the report is kept for them.
    await h.repos.identities.markUnreachable("telegram", owner.id, h.clock.now());
    const f = await fileReport(h, reporter, { description: "نیمکت شکسته در بوستان" });
    const held = await h.app.services.outbox.find({ state: "held", "recipient.personId": OWNER });
    await settle();
    expect(held.map((x) => x._id)).toEqual([`rep:${f.id}:assigned:0:held:${OWNER}`]);
    // Back (without the bot's update handling): two releases race, then a restart and a sweep.
    await h.repos.identities.markReachable(
      (await h.repos.identities.get("telegram", owner.id))!,
      1,
    );
    const svc = h.app.services.held;
    const counts = await Promise.all([svc.release(OWNER), svc.release(OWNER)]);
    expect(counts.reduce((x, y) => x + y)).toBeGreaterThanOrEqual(1);
    await h.restart();
    await h.app.services.scheduler.tick();
    await settle();
    expect(assignedCodes(owner, from)).toEqual([fa(f.code)]);
    expect(texts(owner, from).filter((t) => INTRO.test(t))).toHaveLength(1);
  });

  it("a notice kept longer than a month is dropped, not delivered", async () => {
    await ownerChat();
    await h.repos.identities.markUnreachable("telegram", owner.id, h.clock.now());
    const g = await fileReport(h, reporter, { description: "دیوار ترک‌خورده مدرسه" });
    h.clock.advance(HELD_MAX_AGE_MS + DAY);
    const before = assignedCodes(owner).length;
    await owner.send("سلام");
    await settle();
    expect(assignedCodes(owner)).toHaveLength(before);
    expect(
      (await h.app.services.outbox.find({ _id: `rep:${g.id}:assigned:0:held:${OWNER}` }))[0],
    ).toMatchObject({ state: "dropped" });
  });
});
