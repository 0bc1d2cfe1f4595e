import type http from "node:http";
import nodeFetch from "node-fetch";
import { Agent, type Dispatcher } from "undici";

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

/**
 * Posts a JSON text; resolves with the whole answer, rejects on a network error or abort.
 * Dispatched with a handler that collects the answer's bytes: undici's `request` would wrap
 * each answer in a readable stream first, a fifth of the CPU of a call (measured).
 */
function postJson(
  url: string,
  body: string,
  headers?: Record<string, string>,
  signal?: AbortSignal | null,
): Promise<Response> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const { origin, path } = target(url);
  return new Promise((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    const onAbort = () => controller?.abort(abortError(signal!));
    signal?.addEventListener("abort", onAbort, { once: true });
    const settled = () => signal?.removeEventListener("abort", onAbort);
    pool.dispatch(
      {
        origin,
        path,
        method: "POST",
        // undici sets content-length and keeps connections alive itself (and refuses a
        // `connection` header); only the content type is passed on.
        headers: { "content-type": headers?.["content-type"] ?? "application/json" },
        body,
      },
      {
        onRequestStart(c) {
          controller = c;
          if (signal?.aborted) c.abort(abortError(signal));
        },
        onResponseStart(_c, statusCode) {
          status = statusCode;
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settled();
          const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString();
          resolve(new BufferedResponse(status, text) as never);
        },
        onResponseError(_c, err) {
          settled();
          reject(signal?.aborted ? abortError(signal) : err);
        },
      },
    );
  });
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
