import type { Params } from "./params.ts";

export type FaultKind = "429" | "5xx" | "drop" | "drop-after" | "latency";

export interface FaultSpec {
  /** Only requests of this bot; all bots when omitted. */
  token?: string;
  /**
   * Method name (case-insensitive) or "*". "*" (the default) matches every method except
   * getUpdates, so a blanket fault hits the bot's own calls without stalling its polling;
   * name "getUpdates" explicitly to fault polling.
   */
  method?: string;
  kind: FaultKind;
  /** 429: seconds in retry_after (default 1). */
  retryAfter?: number;
  /** 5xx: HTTP status (default 500). */
  status?: number;
  /** latency: delay in ms before the call is handled normally (default 100). */
  ms?: number;
  /** How many requests this fault hits before it is used up (default: unlimited). */
  times?: number;
  /** Chance in [0,1] that a matching request is hit (default 1). */
  probability?: number;
  /** Only requests whose chat_id equals this. */
  chatId?: number | string;
}

export interface Fault extends FaultSpec {
  readonly id: number;
  /** How many requests this fault has hit so far. */
  hits: number;
}

/** The set of active faults. Faults are checked in the order they were added. */
export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, hits: 0 };
    this.list.push(fault);
    return fault;
  }

  remove(fault: Fault | number): void {
    const id = typeof fault === "number" ? fault : fault.id;
    this.list = this.list.filter((f) => f.id !== id);
  }

  clear(): void {
    this.list = [];
  }

  get active(): readonly Fault[] {
    return this.list;
  }

  /**
   * The faults that hit this request: every matching latency fault plus at most one other
   * (the first matching). Each fault that hits uses up one of its `times`.
   */
  match(token: string, method: string, params: Params): Fault[] {
    const hit: Fault[] = [];
    let terminal = false;
    const m = method.toLowerCase();
    for (const f of this.list) {
      if (f.token !== undefined && f.token !== token) continue;
      const fm = (f.method ?? "*").toLowerCase();
      if (fm === "*" ? m === "getupdates" : fm !== m) continue;
      if (f.chatId !== undefined && String(params.raw.chat_id) !== String(f.chatId)) continue;
      if (f.times !== undefined && f.hits >= f.times) continue;
      if (f.kind !== "latency" && terminal) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.hits++;
      hit.push(f);
      if (f.kind !== "latency") terminal = true;
    }
    this.list = this.list.filter((f) => f.times === undefined || f.hits < f.times);
    return hit;
  }
}
