import * as v from "valibot";

/**
 * Environment configuration (DESIGN §8), validated once at start. A bad value stops the
 * process with one line naming the variable and what is expected.
 */

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const token = (name: string) =>
  v.pipe(
    v.unknown(),
    v.transform(emptyToUndefined),
    v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^\d+:[\w-]{10,}$/,
          `${name} must look like 123456789:ABC... (the token BotFather or Bale's bot father gave you)`,
        ),
      ),
    ),
  );

const url = (name: string) =>
  v.pipe(
    v.unknown(),
    v.transform(emptyToUndefined),
    v.optional(v.pipe(v.string(), v.url(`${name} must be a full URL such as https://example.org`))),
  );

const apiRoot = (name: string) =>
  v.pipe(
    url(name),
    v.check(
      (value) => value === undefined || !value.endsWith("/"),
      `${name} must not end with a slash (e.g. https://tapi.bale.ai)`,
    ),
  );

/**
 * The public base URL the bot's paths are appended to: a trailing slash is dropped (it
 * made `…//telegram`, a path the server never matched); a query or fragment would end up
 * in front of the path, so it is refused.
 */
const baseUrl = (name: string) =>
  v.pipe(
    url(name),
    v.check(
      (value) => value === undefined || !/[?#]/.test(value),
      `${name} must be a base URL without ?query or #fragment (e.g. https://bot.example.org)`,
    ),
    v.transform((value) => value?.replace(/\/+$/, "")),
  );

const portNumber = (name: string, hint = "") =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,5}$/, `${name} must be a port number (0–65535)${hint}`),
    v.transform(Number),
    // Five digits reach 99999: without this, 65536 and above failed later with a stack.
    v.maxValue(65535, `${name} must be a port number (0–65535)${hint}`),
  );

/** A port number; unset or empty takes the default. */
const port = (name: string, fallback: string) =>
  v.pipe(v.unknown(), v.transform(emptyToUndefined), v.optional(portNumber(name), fallback));

/** A port number that may stay unset (the feature is then off). */
const optionalPort = (name: string, hint: string) =>
  v.pipe(v.unknown(), v.transform(emptyToUndefined), v.optional(portNumber(name, hint)));

/** A shared secret: 16–256 URL-safe characters. */
const secret = (name: string) =>
  v.pipe(
    v.unknown(),
    v.transform(emptyToUndefined),
    v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^[A-Za-z0-9_-]{16,256}$/,
          `${name} must be 16–256 characters of A–Z, a–z, 0–9, _ or -`,
        ),
      ),
    ),
  );

const EnvSchema = v.pipe(
  v.object({
    BOT_TOKEN: token("BOT_TOKEN"),
    BALE_BOT_TOKEN: token("BALE_BOT_TOKEN"),
    BOT_API_ROOT: apiRoot("BOT_API_ROOT"),
    BALE_API_ROOT: apiRoot("BALE_API_ROOT"),
    MONGODB_URI: v.pipe(
      v.unknown(),
      v.transform(emptyToUndefined),
      v.optional(
        v.pipe(
          v.string(),
          v.regex(
            /^mongodb(\+srv)?:\/\//,
            "MONGODB_URI must start with mongodb:// or mongodb+srv:// (leave it empty for the embedded store)",
          ),
        ),
      ),
    ),
    DATA_DIR: v.pipe(v.unknown(), v.transform(emptyToUndefined), v.optional(v.string(), "./data")),
    WEBHOOK_URL: baseUrl("WEBHOOK_URL"),
    WEBHOOK_SECRET: secret("WEBHOOK_SECRET"),
    WEBHOOK_PORT: port("WEBHOOK_PORT", "8443"),
    LOCAL_PORT: port("LOCAL_PORT", "8080"),
    OPEN311_PORT: optionalPort(
      "OPEN311_PORT",
      " (leave it empty to keep the Open311 endpoint off)",
    ),
    OPEN311_API_KEY: secret("OPEN311_API_KEY"),
    LOG_LEVEL: v.pipe(
      v.unknown(),
      v.transform(emptyToUndefined),
      v.optional(
        v.picklist(
          ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
          "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
        ),
        "info",
      ),
    ),
  }),
  v.check(
    (env) => (env.WEBHOOK_URL === undefined) === (env.WEBHOOK_SECRET === undefined),
    "WEBHOOK_URL and WEBHOOK_SECRET go together: set both for webhook mode, or neither for long polling",
  ),
  v.check(
    (env) => env.OPEN311_PORT === undefined || env.OPEN311_API_KEY !== undefined,
    "OPEN311_API_KEY: must be set when OPEN311_PORT is (the Open311 endpoint always needs a key)",
  ),
);

export type Config = {
  telegram?: { token: string; apiRoot?: string };
  bale?: { token: string; apiRoot: string };
  /** No token at all: run the built-in emulator and its web chat on loopback. */
  localMode: boolean;
  mongodbUri?: string;
  dataDir: string;
  webhook?: { url: string; secret: string; port: number };
  localPort: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** The read-only Open311 endpoint; off unless OPEN311_PORT is set. */
  open311?: { port: number; apiKey: string };
};

export const BALE_DEFAULT_API_ROOT = "https://tapi.bale.ai";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses the environment; throws ConfigError with a one-line message on the first problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.pipe[0].entries).map((key) => [key, env[key]]),
  );
  const result = v.safeParse(EnvSchema, picked);
  if (!result.success) {
    const issue = result.issues[0];
    const key = v.getDotPath(issue);
    const message = issue.message;
    if (!key) throw new ConfigError(message);
    // Messages name their variable ("X must …"); the line always reads "X: must …".
    const detail = message.startsWith(`${key} `) ? message.slice(key.length + 1) : message;
    throw new ConfigError(`${key}: ${detail}`);
  }
  const e = result.output;
  const config: Config = {
    localMode: e.BOT_TOKEN === undefined && e.BALE_BOT_TOKEN === undefined,
    dataDir: e.DATA_DIR,
    localPort: e.LOCAL_PORT,
    logLevel: e.LOG_LEVEL,
  };
  if (e.BOT_TOKEN) config.telegram = { token: e.BOT_TOKEN, apiRoot: e.BOT_API_ROOT };
  if (e.BALE_BOT_TOKEN)
    config.bale = { token: e.BALE_BOT_TOKEN, apiRoot: e.BALE_API_ROOT ?? BALE_DEFAULT_API_ROOT };
  if (e.MONGODB_URI) config.mongodbUri = e.MONGODB_URI;
  if (e.WEBHOOK_URL && e.WEBHOOK_SECRET)
    config.webhook = { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.WEBHOOK_PORT };
  if (e.OPEN311_PORT !== undefined && e.OPEN311_API_KEY)
    config.open311 = { port: e.OPEN311_PORT, apiKey: e.OPEN311_API_KEY };
  return config;
}
