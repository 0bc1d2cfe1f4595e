import { describe, expect, it } from "vitest";
import { BALE_DEFAULT_API_ROOT, ConfigError, loadConfig } from "../../src/config.ts";
import { exited, spawnBot } from "../helpers/harness.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("configuration", () => {
  it("no token at all means local mode with the embedded store in ./data", () => {
    const c = loadConfig({});
    expect(c.localMode).toBe(true);
    expect(c.dataDir).toBe("./data");
    expect(c.mongodbUri).toBeUndefined();
    expect(c.telegram).toBeUndefined();
    expect(c.bale).toBeUndefined();
  });

  it("takes both tokens at once, Bale defaulting to its public API root", () => {
    const c = loadConfig({
      BOT_TOKEN: TOKEN,
      BALE_BOT_TOKEN: TOKEN,
      BOT_API_ROOT: "http://127.0.0.1:9",
    });
    expect(c.localMode).toBe(false);
    expect(c.telegram).toEqual({ token: TOKEN, apiRoot: "http://127.0.0.1:9" });
    expect(c.bale).toEqual({ token: TOKEN, apiRoot: BALE_DEFAULT_API_ROOT });
  });

  it("treats empty values as unset (an empty MONGODB_URI means the embedded store)", () => {
    const c = loadConfig({ MONGODB_URI: "", BOT_TOKEN: " ", DATA_DIR: "" });
    expect(c.mongodbUri).toBeUndefined();
    expect(c.localMode).toBe(true);
    expect(c.dataDir).toBe("./data");
  });

  it.each([
    [{ BOT_TOKEN: "not-a-token" }, /^BOT_TOKEN: .*123456789:ABC/],
    [{ BALE_BOT_TOKEN: "x" }, /^BALE_BOT_TOKEN: /],
    [{ MONGODB_URI: "postgres://x" }, /^MONGODB_URI: .*mongodb:\/\//],
    [{ BALE_API_ROOT: "https://tapi.bale.ai/" }, /^BALE_API_ROOT: .*slash/],
    [{ BOT_API_ROOT: "nope" }, /^BOT_API_ROOT: .*URL/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL: .*one of/],
    [{ WEBHOOK_URL: "https://example.org/hook" }, /WEBHOOK_URL and WEBHOOK_SECRET go together/],
    [{ WEBHOOK_URL: "https://example.org", WEBHOOK_SECRET: "short" }, /^WEBHOOK_SECRET: /],
    [{ WEBHOOK_PORT: "eighty" }, /^WEBHOOK_PORT: /],
    [
      { WEBHOOK_URL: "https://example.org/?a=1", WEBHOOK_SECRET: "a-very-long-secret-value" },
      /^WEBHOOK_URL: .*query/,
    ],
    // Five digits but past the last port: stopped here, not later with a RangeError stack.
    [{ LOCAL_PORT: "65536" }, /^LOCAL_PORT: .*0–65535/],
    [{ WEBHOOK_PORT: "70000" }, /^WEBHOOK_PORT: .*0–65535/],
    [
      { OPEN311_PORT: "99999", OPEN311_API_KEY: "open311-key-0123456789" },
      /^OPEN311_PORT: .*0–65535/,
    ],
  ])("rejects %o naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("takes ports from 0 (any free port) to 65535", () => {
    expect(loadConfig({ LOCAL_PORT: "0" }).localPort).toBe(0);
    expect(loadConfig({ LOCAL_PORT: "65535" }).localPort).toBe(65535);
  });

  it("a port past 65535 stops the process with one line, not a stack trace", async () => {
    const child = spawnBot({ LOCAL_PORT: "65536", BOT_TOKEN: "", BALE_BOT_TOKEN: "" });
    expect(await exited(child)).toBe(2);
    expect(child.output().trim().split("\n")).toEqual([
      "shurayar: configuration error: LOCAL_PORT: must be a port number (0–65535)",
    ]);
  });

  it("webhook mode needs both the URL and the secret", () => {
    const c = loadConfig({
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: "https://bot.example.org",
      WEBHOOK_SECRET: "a-very-long-secret-value",
    });
    expect(c.webhook).toEqual({
      url: "https://bot.example.org",
      secret: "a-very-long-secret-value",
      port: 8443,
    });
  });

  it("a webhook URL ending in a slash is taken without it, a path prefix kept", () => {
    const url = (WEBHOOK_URL: string) =>
      loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL, WEBHOOK_SECRET: "a-very-long-secret-value" })
        .webhook?.url;
    expect(url("https://bot.example.org/")).toBe("https://bot.example.org");
    expect(url("https://bot.example.org/shurayar//")).toBe("https://bot.example.org/shurayar");
    expect(url("https://bot.example.org/shurayar")).toBe("https://bot.example.org/shurayar");
  });

  it("the process stops with one line naming the bad variable", async () => {
    const child = spawnBot({ BOT_TOKEN: "oops", MONGODB_URI: "" });
    const code = await exited(child);
    expect(code).toBe(2);
    const lines = child.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^shurayar: configuration error: BOT_TOKEN: /);
  });
});
