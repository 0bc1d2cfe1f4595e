/** Per-bot send limits (Telegram's published ones by default; Bale publishes none). */
export interface SendLimits {
  /** Messages per second across all chats (Telegram: 30). */
  globalPerSecond: number;
  /** Messages per second to one private chat (Telegram: 1). */
  perPrivateChatPerSecond: number;
  /** Messages per minute to one group (chatId < 0) (Telegram: 20). */
  perGroupPerMinute: number;
}

export const DEFAULT_LIMITS: Readonly<SendLimits> = Object.freeze({
  globalPerSecond: 30,
  perPrivateChatPerSecond: 1,
  perGroupPerMinute: 20,
});

/**
 * Paces one bot's sends with GCRA ("virtual scheduling"): each send moves a theoretical
 * next-send time forward by one interval, so sends are spread evenly instead of bursting at
 * the start of each second. Evenly spread sends stay inside any sliding window the server
 * uses even when requests arrive with a few ms of jitter. The global limit tolerates a small
 * burst (`burstMs`) so a timer that fires a little late catches up instead of losing
 * throughput; per-chat limits tolerate none. Times are monotonic ms (performance.now()),
 * because rate limits are physical time even when the business clock is a test's clock.
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

  /**
   * Margins absorb the time between booking a slot and the request reaching the server
   * (claim, render, HTTP), which varies under CPU load: 2% on the global rate (still ≥ 95%
   * of the limit), 15% on private-chat intervals and 5% on groups (a chat is paced in
   * seconds, not throughput, so the wider margin costs nothing a person would notice).
   */
  constructor(
    limits: SendLimits,
    private readonly burstMs = 5,
  ) {
    this.globalInterval = (1000 / limits.globalPerSecond) * 1.02;
    this.privateMin = 1000 / limits.perPrivateChatPerSecond;
    this.groupMin = 60_000 / limits.perGroupPerMinute;
    this.privateInterval = this.privateMin * 1.15;
    this.groupInterval = this.groupMin * 1.05;
  }

  /** Ms until anything may be sent by this bot (global limit or a 429 pause). */
  globalWait(now: number): number {
    return Math.max(0, this.globalTat - this.burstMs - now, this.pausedUntil - now);
  }

  /** Ms until this chat may get its next message (ignoring the global limit). */
  chatWait(chatId: number, now: number): number {
    return Math.max(0, (this.chatTat.get(chatId) ?? 0) - now);
  }

  /** Books a send at `now`; call only when both waits are 0. */
  take(chatId: number, now: number): void {
    this.globalTat = Math.max(this.globalTat, now) + this.globalInterval;
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
