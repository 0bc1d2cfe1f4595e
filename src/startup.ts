import type { UserFromGetMe } from "grammy/types";
import { jsonFetch } from "./bot/json-fetch.ts";

/**
 * A start-up problem the operator has to fix (a refused token, a port in use, an
 * unreachable Bot API): the process prints its one-line message and exits with `exitCode`
 * — 2 for a setting to change (as configuration errors), 3 for a service that is
 * unavailable (as the store).
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
  }
}

/** The environment variables an operator sets for one platform's bot. */
export interface BotVars {
  token: string;
  apiRoot: string;
}

export interface GetMeOptions {
  /** Attempts in all (default 4: about 3.5 s of pauses for an address that refuses). */
  attempts?: number;
  /** First pause between attempts; doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** The whole effort gives up after this long, however slow each attempt (default 20 s). */
  deadlineMs?: number;
}

/**
 * Asks the Bot API who the bot is, a few times over a few seconds, then gives up with a
 * StartupError naming the variable to fix. grammY's own `bot.init()` retries a network
 * error for ever, without a word: a wrong BOT_API_ROOT looked like a bot that just hangs.
 * At start nothing waits on the bot yet, so failing within seconds, loudly, beats
 * retrying in silence (a process manager can restart it).
 */
export async function fetchBotInfo(
  token: string,
  apiRoot: string,
  vars: BotVars,
  opts: GetMeOptions = {},
): Promise<UserFromGetMe> {
  const attempts = opts.attempts ?? 4;
  const baseDelay = opts.baseDelayMs ?? 500;
  const deadline = Date.now() + (opts.deadlineMs ?? 20_000);
  const unreachable = (reason: string) =>
    new StartupError(
      `cannot reach the Bot API at ${apiRoot}: ${reason} — check ${vars.apiRoot} and the network`,
      3,
    );
  let reason = "no answer";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const pause = Math.min(baseDelay * 2 ** (attempt - 2), deadline - Date.now());
      if (pause < 0) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    let answer: { ok?: boolean; result?: UserFromGetMe; error_code?: number; description?: string };
    try {
      const res = await jsonFetch(`${apiRoot}/bot${token}/getMe`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        signal: AbortSignal.timeout(left),
      });
      const text = await res.text();
      try {
        answer = JSON.parse(text);
      } catch {
        // Not a Bot API server at all (a web page, a proxy's error page): no point retrying.
        throw unreachable(`it answered ${res.status} with something that is not the Bot API`);
      }
    } catch (err) {
      if (err instanceof StartupError) throw err;
      reason = networkReason(err, left);
      continue;
    }
    if (answer.ok && answer.result) return answer.result;
    const code = answer.error_code ?? 0;
    const said = `${code}${answer.description ? `: ${answer.description}` : ""}`;
    if (code === 401 || code === 403)
      throw new StartupError(
        `the Bot API refused ${vars.token} (${said}) — check ${vars.token}`,
        2,
      );
    if (code === 404)
      throw new StartupError(
        `the Bot API at ${apiRoot} does not know this bot (${said}) — check ${vars.token} and ${vars.apiRoot}`,
        2,
      );
    if (code !== 429 && code < 500)
      throw new StartupError(
        `the Bot API at ${apiRoot} refused getMe (${said}) — check ${vars.token} and ${vars.apiRoot}`,
        2,
      );
    reason = said; // 429 or 5xx: the server is there but busy; worth another try
  }
  throw unreachable(reason);
}

/** The cause of a failed request in a few words ("connect ECONNREFUSED 127.0.0.1:1"). */
function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const e = err as { message?: string; code?: string; cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? e.code ?? String(err);
}

/**
 * Turns a server's `listen` failure into a StartupError naming the variable that set the
 * port; anything else is handed back unchanged.
 */
export function listenError(err: unknown, variable: string, port: number): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === "EADDRINUSE")
    return new StartupError(
      `${variable} ${port} is already in use; set ${variable} to a free port`,
      2,
    );
  if (code === "EACCES")
    return new StartupError(
      `${variable} ${port} needs privileges this process lacks; set ${variable} to a port above 1023`,
      2,
    );
  return err;
}
