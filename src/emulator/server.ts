import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseParams, readBody } from "./body.ts";
import { handleControl } from "./control.ts";
import { Faults } from "./faults.ts";
import { Params } from "./params.ts";
import type { RateLimits } from "./ratelimit.ts";
import { type BotOptions, BotState, type EmulatorHost } from "./state.ts";
import { ApiError, type ChangeEvent } from "./types.ts";

/**
 * An extra route on the emulator's own server (e.g. the local web chat's page): answers and
 * returns true when the request is its own, returns false to let the next handler try.
 */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is for loopback only. */
  host?: string;
  /** Milliseconds since the epoch; message dates, rate limits and query expiry use it. */
  clock?: () => number;
  /** How long a callback query can be answered (default 60 s of the emulator clock). */
  callbackQueryTtlMs?: number;
}

/**
 * A loopback Bot API server. Events: "change" (ChangeEvent, BotState) on every bot
 * send/edit/delete, and "sent" (SentMessage, BotState) for new messages.
 */
export class Emulator extends EventEmitter implements EmulatorHost {
  readonly faults = new Faults();
  readonly callbackQueryTtlMs: number;
  private readonly bots = new Map<string, BotState>();
  private readonly routes: ExtraRoute[] = [];
  private limits: RateLimits | null = null;
  private readonly clock: () => number;
  private server!: Server;
  private _url = "";

  constructor(opts: EmulatorOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.clock = opts.clock ?? Date.now;
    this.callbackQueryTtlMs = opts.callbackQueryTtlMs ?? 60_000;
  }

  /** e.g. http://127.0.0.1:PORT — pass as grammY's `client.apiRoot`. */
  get url(): string {
    return this._url;
  }

  now(): number {
    return this.clock();
  }

  rateLimits(): RateLimits | null {
    return this.limits;
  }

  /** Turns Telegram-like flood limits on (see RateLimiter for the exact rule) or off (null). */
  setRateLimits(limits: RateLimits | null): void {
    this.limits = limits ? { ...limits } : null;
  }

  fileUrl(token: string, filePath: string): string {
    return `${this._url}/file/bot${token}/${filePath}`;
  }

  addBot(opts: BotOptions): BotState {
    if (this.bots.has(opts.token)) throw new Error(`emulator: bot token already registered`);
    const bot = new BotState(this, opts);
    bot.on("change", (e: ChangeEvent) => {
      this.emit("change", e, bot);
      if (e.kind === "sent") this.emit("sent", e.message, bot);
    });
    this.bots.set(opts.token, bot);
    return bot;
  }

  /** The state and test handles of a bot; throws for an unknown token. */
  bot(token: string): BotState {
    const bot = this.bots.get(token);
    if (!bot) throw new Error(`emulator: no bot with that token (call addBot first)`);
    return bot;
  }

  findBot(token: string): BotState | undefined {
    return this.bots.get(token);
  }

  allBots(): BotState[] {
    return [...this.bots.values()];
  }

  /**
   * Serves extra routes on the same origin as the API (tried only for paths that are not
   * /_emu/, /file/ or a Bot API method), so a page and the control API share one origin.
   * Returns a remove function.
   */
  use(route: ExtraRoute): () => void {
    this.routes.push(route);
    return () => {
      const i = this.routes.indexOf(route);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  /** Calls back on every new bot message; returns an unsubscribe function. */
  onSent(cb: (msg: import("./types.ts").SentMessage, bot: BotState) => void): () => void {
    this.on("sent", cb);
    return () => this.off("sent", cb);
  }

  async listen(port: number, host: string): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          send(res, 500, {
            ok: false,
            error_code: 500,
            description: `Internal Server Error: ${String(err)}`,
          });
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    this._url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${addr.port}`;
  }

  async close(): Promise<void> {
    for (const bot of this.bots.values()) bot.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    if (url.pathname.startsWith("/_emu/")) {
      await handleControl(this, req, res, url);
      return;
    }
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const bot = this.bots.get(decodeURIComponent(file[1]!));
      const record = bot?.fileByPath(decodeURIComponent(file[2]!));
      if (!bot || !record) {
        send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        return;
      }
      res.writeHead(200, {
        "content-type": record.mimeType ?? "application/octet-stream",
        "content-length": record.bytes.length,
      });
      res.end(record.bytes);
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!api) {
      for (const route of this.routes) if (await route(req, res, url)) return;
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const token = decodeURIComponent(api[1]!);
    const method = api[2]!;
    const bot = this.bots.get(token);
    if (!bot) {
      send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const polling = method.toLowerCase() === "getupdates";
    bot.calls[method] = (bot.calls[method] ?? 0) + 1;
    if (!polling) bot.inFlight++;
    bot.touch();
    try {
      await this.handleApi(bot, method, req, res, url);
    } finally {
      if (!polling) bot.inFlight--;
      bot.touch();
    }
  }

  private async handleApi(
    bot: BotState,
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) {
    let parsed: ReturnType<typeof parseParams>;
    try {
      parsed = parseParams(url.searchParams, req.headers["content-type"], await readBody(req));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      bot.recordError(method, err);
      send(res, err.code, errorBody(err));
      return;
    }
    const faults = this.faults.match(bot.token, method, new Params(parsed.params));
    for (const f of faults) {
      if (f.kind === "latency") await new Promise((r) => setTimeout(r, f.ms ?? 100));
    }
    const fault = faults.find((f) => f.kind !== "latency");
    if (fault?.kind === "drop") {
      // No answer at all, and no effect: the connection just dies.
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "429") {
      const retryAfter = fault.retryAfter ?? 1;
      const err = new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
        retry_after: retryAfter,
      });
      bot.recordError(method, err, true);
      send(res, 429, errorBody(err));
      return;
    }
    if (fault?.kind === "5xx") {
      const status = fault.status ?? 500;
      const err = new ApiError(status, status === 502 ? "Bad Gateway" : "Internal Server Error");
      bot.recordError(method, err, true);
      send(res, status, errorBody(err));
      return;
    }
    // Long polls end when the client goes away (grammY aborts them on bot.stop()). Only
    // they wait: an abort controller for every call cost the emulator a sixth of its CPU.
    let abort: AbortController | undefined;
    if (method.toLowerCase() === "getupdates") {
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      abort = controller;
    }
    try {
      const result = await bot.call(method, parsed.params, parsed.files, abort?.signal);
      if (fault?.kind === "drop-after") {
        // The call took effect but the answer is lost: the "sent but not recorded" case.
        req.socket.destroy();
        return;
      }
      if (!res.destroyed) send(res, 200, { ok: true, result });
    } catch (caught) {
      // An emulator bug still answers in the API's format, and is recorded like any error.
      const err =
        caught instanceof ApiError
          ? caught
          : new ApiError(500, `Internal Server Error: ${String(caught)}`);
      bot.recordError(method, err, err.code === 429);
      if (!res.destroyed) send(res, err.code, errorBody(err));
    }
  }
}

export function errorBody(err: ApiError): Record<string, unknown> {
  return {
    ok: false,
    error_code: err.code,
    description: err.description,
    ...(err.parameters ? { parameters: err.parameters } : {}),
  };
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Starts an emulator on loopback (random port by default). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(opts);
  await emulator.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
  return emulator;
}
