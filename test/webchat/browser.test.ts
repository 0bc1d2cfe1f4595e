import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_ID_BASE } from "../../src/webchat/index.ts";
import { type LocalWebChat, startLocalWebChat } from "./local.ts";

// A real browser against real local mode: the page, the emulator and the bot, all on loopback.
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = "test-output";
const COUNCILLOR = PERSONA_ID_BASE + 1; // مریم احمدی, 09121000001
const SECRETARY = PERSONA_ID_BASE + 2; // علی رضایی, neighbourhood secretary
const WG_SECRETARY = PERSONA_ID_BASE + 3; // زهرا کریمی, Narmak's urban-services working-group secretary

let local: LocalWebChat;
let browser: BrowserContext;
let page: Page;
let profileDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    // Never skip quietly: CI installs the browser, and a machine without it must say how.
    throw new Error(
      `${CHROMIUM} is missing: the web chat's browser test needs Debian's Chromium. ` +
        "Install it as root with: apt-get update && apt-get install -y chromium",
    );
  }
  local = await startLocalWebChat();
  profileDir = await mkdtemp(join(tmpdir(), "shurayar-chromium-"));
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1100, height: 800 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  // Anything leaving loopback would be a bug: the page is offline-only.
  await page.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

const messages = () => page.locator("#messages");
const persona = (userId: number) => page.locator(`.persona[data-user-id="${userId}"]`);

describe("the web chat in a real browser", () => {
  it("signs a councillor in: /start → Persian → share contact → welcome and menu", async () => {
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(local.url);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");

    await persona(COUNCILLOR).click();
    await expect.poll(() => page.locator("#chat-sub").textContent()).toContain("مریم احمدی");
    await page.fill("#input", "/start");
    await page.click("#send");
    await messages().locator(".msg-user", { hasText: "/start" }).waitFor();
    await messages().locator("button.ikb", { hasText: "فارسی" }).click();

    const contact = page.locator("#keyboard button.rkb-contact");
    await contact.waitFor();
    await contact.click();
    await messages().locator(".msg-user .phone", { hasText: "+989121000001" }).waitFor();
    await messages().locator(".msg-bot", { hasText: "مریم احمدی گرامی، خوش آمدید" }).waitFor();
    await messages().locator(".msg-bot", { hasText: "منوی اصلی" }).waitFor();
    // Exactly the councillor's menu from the registry, in order.
    const deps = local.app.bots[0]!.deps;
    const person = (await local.app.repos.people.get("d8:989121000001"))!;
    const menu = deps.menu.visibleTo(person).map((e) => deps.i18n.t("fa", e.key));
    expect(menu).toContain("📝 گزارش مشکل");
    await expect.poll(() => page.locator("#keyboard button.rkb").allTextContents()).toEqual(menu);
    // Times are Tehran time in Persian digits.
    expect(await messages().locator("time").first().textContent()).toMatch(/^[۰-۹]{2}:[۰-۹]{2}$/);

    // A reply-keyboard button sends its text; the bot's answer renders.
    await page.locator("#keyboard button.rkb", { hasText: "👤 مشخصات من" }).click();
    await messages().locator(".msg-bot", { hasText: "۰۹۱۲۱۰۰۰۰۰۱" }).waitFor();

    // Another persona has its own, empty chat; coming back shows the councillor's again.
    await persona(SECRETARY).click();
    await expect.poll(() => page.locator("#chat-sub").textContent()).toContain("علی رضایی");
    expect(await messages().locator(".msg").count()).toBe(0);
    // The secretary starts too, while the councillor's chat gets a message in the background.
    await page.fill("#input", "/start");
    await page.click("#send");
    await messages().locator("button.ikb", { hasText: "فارسی" }).waitFor();
    await local.app.emulator
      ?.bot("1000001:LOCAL-telegram-shurayar")
      .user({ id: COUNCILLOR, firstName: "مریم" })
      .send("/help");
    await expect.poll(() => persona(COUNCILLOR).locator(".badge").textContent()).toBe("۱");
    await persona(COUNCILLOR).click();
    await messages().locator(".msg-user", { hasText: "/help" }).waitFor();
    await messages().locator(".msg-bot", { hasText: "به‌عنوان شورایار" }).waitFor();
    await expect.poll(() => persona(COUNCILLOR).locator(".badge").count()).toBe(0);

    // The Bale bot is a separate chat with the same persona.
    await page.click('.platform[data-platform="bale"]');
    await expect.poll(() => page.locator("#bot-name").textContent()).toContain("shurayar_bale_bot");
    expect(await messages().locator(".msg").count()).toBe(0);
    await page.click('.platform[data-platform="telegram"]');
    await messages().locator(".msg-bot", { hasText: "به‌عنوان شورایار" }).waitFor();

    // A photo from the file input reaches the bot as a photo and shows through the file endpoint.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    await page.setInputFiles("#file", { name: "pothole.png", mimeType: "image/png", buffer: png });
    const img = messages().locator(".msg-user img.photo");
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "webchat-signed-in.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("a councillor files a report with the buttons; the working-group secretary acknowledges it", async () => {
    const send = async (text: string) => {
      await page.fill("#input", text);
      await page.click("#send");
    };
    const inline = (label: string) => messages().locator("button.ikb", { hasText: label }).last();
    const reply = (label: string) => page.locator("#keyboard button.rkb", { hasText: label });

    // The secretary signs in first, so the report's notification can reach her.
    await persona(WG_SECRETARY).click();
    await expect.poll(() => page.locator("#chat-sub").textContent()).toContain("زهرا کریمی");
    await send("/start");
    await inline("فارسی").click();
    await page.locator("#keyboard button.rkb-contact").click();
    await messages().locator(".msg-bot", { hasText: "زهرا کریمی گرامی، خوش آمدید" }).waitFor();

    await persona(COUNCILLOR).click();
    await reply("📝 گزارش مشکل").click();
    await inline("خدمات شهری").click();
    await inline("همین محله").click();
    await messages().locator(".msg-bot", { hasText: "شرح دهید" }).waitFor();
    await send("چراغ‌های کوچه یاس از دو شب پیش خاموش است");
    await reply("رد شدن").click();
    await messages().locator(".msg-bot", { hasText: "حداکثر ۵ عکس" }).waitFor();
    await reply("رد شدن").click();
    await inline("عادی").click();
    await messages().locator(".msg-bot", { hasText: "لطفاً گزارش را بررسی کنید" }).waitFor();
    await inline("ثبت گزارش").click();
    const filed = messages().locator(".msg-bot", { hasText: "گزارش شما ثبت شد" });
    await filed.waitFor();
    const code = /کد پیگیری: (\S+)/.exec((await filed.textContent()) ?? "")?.[1];
    expect(code).toMatch(/^[۰-۹]+-[۰-۹]{4}-[۰-۹]{5}$/);

    // The secretary's chat gets the report with an unread badge; she acknowledges it.
    await expect.poll(() => persona(WG_SECRETARY).locator(".badge").count()).toBe(1);
    await persona(WG_SECRETARY).click();
    await messages()
      .locator(".msg-bot", { hasText: `گزارش ${code}` })
      .waitFor();
    await inline("دریافت شد").click();
    await page.locator(".toast", { hasText: "انجام شد" }).waitFor();

    // Back as the councillor: the state change is there.
    await persona(COUNCILLOR).click();
    await messages()
      .locator(".msg-bot", { hasText: `گزارش ${code} توسط مسئول دریافت شد` })
      .waitFor();
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(SCREENSHOTS, "webchat-report-acknowledged.png"),
      fullPage: true,
    });
  });

  it("a page left open while local mode restarts starts over and shows the new run's answers", async () => {
    const port = Number(new URL(local.url).port);
    await local.app.stop();
    // `npm start` again on the same data and port; the page stays open meanwhile.
    local = await startLocalWebChat({ dataDir: local.dataDir, port });
    // The new run's emulator holds no messages yet: the page drops the old run's.
    await expect.poll(() => messages().locator(".msg").count(), { timeout: 15_000 }).toBe(0);
    await persona(COUNCILLOR).click();
    await page.fill("#input", "/help");
    await page.click("#send");
    // Answered at once: the update ids go on from the last run, nothing is taken as done.
    await messages().locator(".msg-bot", { hasText: "به‌عنوان شورایار" }).waitFor();
  });
});
