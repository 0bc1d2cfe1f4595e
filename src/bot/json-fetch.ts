import http from "node:http";
import https from "node:https";
import { urlToHttpOptions } from "node:url";
import nodeFetch from "node-fetch";

/**
 * The `fetch` grammY calls the Bot API with. Almost every call is a small JSON POST with a
 * small JSON answer: those go straight through node's http(s) client on grammY's keep-alive
 * agent, with the answer read into one buffer — half the CPU per call of node-fetch, which
 * wraps every request and response in Request/Headers/stream objects (measured side by side
 * by `npm run bench`). Anything else (multipart uploads, streamed bodies) goes to node-fetch.
 */
export const jsonFetch = ((input: string | URL, init?: RequestInit & { agent?: http.Agent }) => {
  const body = init?.body;
  if (!init || typeof input !== "string" || typeof body !== "string" || init.method !== "POST")
    return nodeFetch(input as never, init as never);
  return postJson(input, body, init);
}) as unknown as typeof fetch;

function postJson(
  url: string,
  body: string,
  init: RequestInit & { agent?: http.Agent },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(abortError(signal));
    const client = url.startsWith("https:") ? https : http;
    const headers: Record<string, string | number> = {
      ...(init.headers as Record<string, string> | undefined),
      "content-length": Buffer.byteLength(body),
    };
    const req = client.request(
      { ...target(url), method: "POST", headers, agent: init.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", fail);
        res.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          if (!res.complete) return reject(new Error("Bot API answer cut off"));
          resolve(new BufferedResponse(res.statusCode ?? 0, Buffer.concat(chunks)) as never);
        });
      },
    );
    function fail(err: Error) {
      signal?.removeEventListener("abort", onAbort);
      reject(err);
    }
    function onAbort() {
      req.destroy(abortError(signal!));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });
}

/** Host, port and path of each Bot API URL, parsed once (one per method a bot calls). */
const targets = new Map<string, http.RequestOptions>();
function target(url: string): http.RequestOptions {
  let t = targets.get(url);
  if (!t) {
    t = urlToHttpOptions(new URL(url));
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
    private readonly buf: Buffer,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.buf.toString("utf8");
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.buf.toString("utf8"));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.buf).buffer;
  }
  clone(): BufferedResponse {
    return this;
  }
}
