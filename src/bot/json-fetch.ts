import type http from "node:http";
import nodeFetch from "node-fetch";
import { Agent } from "undici";

/**
 * The `fetch` the Bot API is called with. Almost every call is a small JSON POST with a
 * small JSON answer: those go through undici's keep-alive pool, with the answer read whole
 * — about two thirds of the CPU per call of Node's own http client and a third of
 * node-fetch's, which wraps every request and response in Request/Headers/stream objects
 * (measured side by side). Anything else (multipart uploads, streamed bodies) goes to
 * node-fetch.
 */
export const jsonFetch = ((input: string | URL, init?: RequestInit & { agent?: http.Agent }) => {
  const body = init?.body;
  if (!init || typeof input !== "string" || typeof body !== "string" || init.method !== "POST")
    return nodeFetch(input as never, init as never);
  return postJson(input, body, init.headers as Record<string, string> | undefined, init.signal);
}) as unknown as typeof fetch;

/** Keep-alive connections to the Bot API server, shared by every bot in the process. */
const pool = new Agent({ keepAliveTimeout: 30_000 });

/** Posts a JSON text; resolves with the whole answer, rejects on a network error or abort. */
async function postJson(
  url: string,
  body: string,
  headers?: Record<string, string>,
  signal?: AbortSignal | null,
): Promise<Response> {
  if (signal?.aborted) throw abortError(signal);
  const { origin, path } = target(url);
  try {
    const res = await pool.request({
      origin,
      path,
      method: "POST",
      // undici sets content-length and keeps connections alive itself (and refuses a
      // `connection` header); only the content type is passed on.
      headers: { "content-type": headers?.["content-type"] ?? "application/json" },
      body,
      signal: signal ?? undefined,
    });
    return new BufferedResponse(res.statusCode, await res.body.text()) as never;
  } catch (err) {
    throw signal?.aborted ? abortError(signal) : err;
  }
}

/** Origin and path of each Bot API URL, parsed once (one per method a bot calls). */
const targets = new Map<string, { origin: string; path: string }>();
function target(url: string): { origin: string; path: string } {
  let t = targets.get(url);
  if (!t) {
    const u = new URL(url);
    t = { origin: u.origin, path: u.pathname + u.search };
    if (targets.size >= 1000) targets.clear();
    targets.set(url, t);
  }
  return t;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("The operation was aborted");
  err.name = "AbortError";
  return err;
}

/** What grammY and the retries read of an answer: its status and its body, once or more. */
class BufferedResponse {
  constructor(
    readonly status: number,
    private readonly body: string,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body).buffer;
  }
  clone(): BufferedResponse {
    return this;
  }
}
