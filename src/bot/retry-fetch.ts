import { jsonFetch } from "./json-fetch.ts";

/**
 * Retries Bot API requests that failed on the way (dropped connection, 5xx, 429 with
 * retry_after) at the HTTP level, under grammY's Api.
 *
 * Why here and not as an API transformer (@grammyjs/auto-retry): conversations call the
 * Bot API through an Api of their own that records every call for replay. A transformer
 * sits above that recorder, so each failed attempt was recorded and, on every later
 * replay, the backoff pauses were slept again and the failures thrown again — one 5xx early
 * in a form slowed every later step, and inside a form without the transformer a single
 * failure ended the conversation. Retried below the recorder, a conversation only ever sees
 * the final outcome.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 8: about 20 s of backoff in all). */
  maxAttempts?: number;
  /** First backoff for 5xx and network errors; doubles each time (default 300 ms). */
  baseDelayMs?: number;
  /** A 429 asking to wait longer than this is handed back to the caller (default 30 s). */
  maxRetryAfterMs?: number;
}

/** Backoff between attempts never exceeds this. */
const MAX_BACKOFF_MS = 5000;

/** The base is `jsonFetch` (see there for why not node-fetch or Node's own fetch). */
export function retryingFetch(
  opts: RetryOptions = {},
  base: typeof fetch = jsonFetch,
): typeof fetch {
  const max = opts.maxAttempts ?? 8;
  const baseDelay = opts.baseDelayMs ?? 300;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000;
  return async (input, init) => {
    // A streamed (multipart) body can be read once only: such requests are not retried.
    const replayable = init?.body === undefined || typeof init.body === "string";
    for (let attempt = 1; ; attempt++) {
      const last = !replayable || attempt >= max;
      let res: Response;
      try {
        res = await base(input, init);
      } catch (err) {
        if (last || init?.signal?.aborted) throw err;
        await pause(Math.min(baseDelay * 2 ** (attempt - 1), MAX_BACKOFF_MS), init?.signal);
        continue;
      }
      if (last || (res.status !== 429 && res.status < 500)) return res;
      let waitMs = Math.min(baseDelay * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      if (res.status === 429) {
        const body = (await res
          .clone()
          .json()
          .catch(() => null)) as { parameters?: { retry_after?: number } } | null;
        const retryAfter = body?.parameters?.retry_after;
        if (typeof retryAfter === "number") {
          if (retryAfter * 1000 > maxRetryAfter) return res;
          waitMs = retryAfter * 1000;
        }
      }
      // Read the unused body to the end so the keep-alive connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      await pause(waitMs, init?.signal);
    }
  };
}

function pause(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
