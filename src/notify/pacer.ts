/** Per-bot send limits (Telegram's published ones by default; Bale publishes none). */
export interface SendLimits {
  /** Messages per second across all chats (Telegram: 30). */
  globalPerSecond: number;
  /** Messages per second to one private chat (Telegram: 1). */
  perPrivateChatPerSecond: number;
  /** Messages per minute to one group (chatId < 0) (Telegram: 20). */
  perGroupPerMinute: number;
}

/** The span the global limit counts over (Telegram: per second). */
const WINDOW_MS = 1000;

export const DEFAULT_LIMITS: Readonly<SendLimits> = Object.freeze({
  globalPerSecond: 30,
  perPrivateChatPerSecond: 1,
  perGroupPerMinute: 20,
});

/**
 * Paces one bot's sends with GCRA ("virtual scheduling"): each send moves a theoretical
 * next-send time forward by one interval, so sends are spread evenly instead of bursting at
 * the start of each second. The global limit tolerates a burst (`burstMs`), so sends held
 * back by a busy moment (a store read, garbage collection, a late timer) catch up instead of
 * losing throughput — the rule below keeps any catch-up inside the limit; per-chat limits
 * tolerate none. Times are monotonic ms (performance.now()), because rate limits are
 * physical time even when the business clock is a test's clock.
 *
 * Sends leave evenly spaced but need not arrive so: requests held up on their way (new
 * connections, a busy server) arrive together with the ones after them. The server counts
 * arrivals, each somewhere between its request and its answer; so a send also waits until
 * the sends answered within the last second, those still unanswered and itself are no
 * more than the global limit. Then no second-long window can hold more arrivals than the
 * limit, however they bunch. On a slow network this costs throughput (each send holds its
 * place for a second past its answer), never a 429.
 */
export class Pacer {
  private readonly globalInterval: number;
  private readonly privateInterval: number;
  private readonly groupInterval: number;
  private readonly privateMin: number;
  private readonly groupMin: number;
  private globalTat = 0;
  private readonly chatTat = new Map<number, number>();
  private pausedUntil = 0;
  private lastPrune = 0;
  private readonly globalMax: number;
  /** Global sends booked and not yet answered. */
  private unanswered = 0;
  /** When recent sends were answered, oldest first (the last second's). */
  private answered: number[] = [];

  /**
   * Margins absorb the time between booking a slot and the request reaching the server
   * (claim, render, HTTP), which varies under CPU load: 2% on the global rate (still ≥ 95%
   * of the limit), 15% on private-chat intervals and 5% on groups (a chat is paced in
   * seconds, not throughput, so the wider margin costs nothing a person would notice).
   */
  constructor(
    limits: SendLimits,
    private readonly burstMs = 100,
  ) {
    this.globalInterval = (1000 / limits.globalPerSecond) * 1.02;
    this.globalMax = Math.max(1, Math.floor(limits.globalPerSecond));
    this.privateMin = 1000 / limits.perPrivateChatPerSecond;
    this.groupMin = 60_000 / limits.perGroupPerMinute;
    this.privateInterval = this.privateMin * 1.15;
    this.groupInterval = this.groupMin * 1.05;
  }

  /**
   * Ms until anything may be sent by this bot (global limit or a 429 pause); Infinity when
   * it waits for an answer (`sent` comes first).
   */
  globalWait(now: number): number {
    return Math.max(
      0,
      this.globalTat - this.burstMs - now,
      this.pausedUntil - now,
      this.windowWait(now),
    );
  }

  /** See the class comment: answered in the last second + unanswered + 1 ≤ the limit. */
  private windowWait(now: number): number {
    const a = this.answered;
    let drop = 0;
    while (drop < a.length && a[drop]! <= now - WINDOW_MS) drop++;
    if (drop > 0) this.answered = a.slice(drop);
    const over = this.answered.length + this.unanswered + 1 - this.globalMax;
    if (over <= 0) return 0;
    if (over > this.answered.length) return Infinity;
    return this.answered[over - 1]! + WINDOW_MS - now;
  }

  /** Ms until this chat may get its next message (ignoring the global limit). */
  chatWait(chatId: number, now: number): number {
    return Math.max(0, (this.chatTat.get(chatId) ?? 0) - now);
  }

  /** Books a send at `now`; call only when both waits are 0. */
  take(chatId: number, now: number): void {
    this.globalTat = Math.max(this.globalTat, now) + this.globalInterval;
    this.unanswered++;
    const interval = chatId < 0 ? this.groupInterval : this.privateInterval;
    this.chatTat.set(chatId, Math.max(this.chatTat.get(chatId) ?? 0, now) + interval);
    if (now - this.lastPrune > 60_000) this.prune(now);
  }

  /**
   * A send to this chat came back: the next one waits a whole interval from now. The server
   * counts by arrival, which is no later than the answer; a request held up on its way (a
   * busy event loop, a slow network) would otherwise arrive less than an interval before
   * the next — or after it.
   */
  sent(chatId: number, now: number): void {
    this.unanswered = Math.max(0, this.unanswered - 1);
    this.answered.push(now);
    const interval = chatId < 0 ? this.groupMin : this.privateMin;
    this.chatTat.set(chatId, Math.max(this.chatTat.get(chatId) ?? 0, now + interval));
  }

  /** A 429: Telegram stops the whole bot for retry_after seconds, so we do too. */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Pushes one chat's next send back (a 429 that named a per-chat limit). */
  delayChat(chatId: number, untilMs: number): void {
    this.chatTat.set(chatId, Math.max(this.chatTat.get(chatId) ?? 0, untilMs));
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [chat, tat] of this.chatTat) if (tat < now) this.chatTat.delete(chat);
  }
}
