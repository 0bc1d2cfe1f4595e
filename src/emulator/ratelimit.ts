/** Telegram-like flood limits, off by default (see Emulator.setRateLimits). */
export interface RateLimits {
  /** Sends per second across all chats (default 30). */
  globalPerSecond?: number;
  /** Sends per second to one private chat (default 1). */
  perPrivateChatPerSecond?: number;
  /** Sends per minute to one group (default 20). */
  perGroupPerMinute?: number;
}

/**
 * Arrival jitter tolerated by the windows, in ms. Two requests paced exactly 1000 ms
 * apart by the sender can arrive a little closer; they must still pass.
 */
export const RATE_TOLERANCE_MS = 50;

/**
 * The exact rule. A send (a send* method other than sendChatAction) arriving at time t on the
 * emulator clock is accepted iff, counting only earlier ACCEPTED sends of the same bot:
 *  - fewer than globalPerSecond sends in the window (t − (1000 − 50), t];
 *  - for a private chat (id > 0): fewer than perPrivateChatPerSecond sends to it in
 *    (t − (1000 − 50), t] — with the default 1: no two sends to one person < 950 ms apart;
 *  - for a group (id < 0): fewer than perGroupPerMinute sends to it in (t − (60000 − 50), t].
 * Otherwise it is answered 429 with retry_after = seconds (rounded up, at least 1) until the
 * oldest send in the violated window leaves it, and has no effect.
 */
export class RateLimiter {
  private global: number[] = [];
  private perChat = new Map<number, number[]>();

  check(limits: RateLimits, chatId: number, now: number): number | undefined {
    const windows: Array<[number[], number, number]> = [
      [this.global, limits.globalPerSecond ?? 30, 1000],
      chatId > 0
        ? [this.chat(chatId), limits.perPrivateChatPerSecond ?? 1, 1000]
        : [this.chat(chatId), limits.perGroupPerMinute ?? 20, 60_000],
    ];
    let retryMs = 0;
    for (const [times, max, windowMs] of windows) {
      const span = windowMs - RATE_TOLERANCE_MS;
      const recent = times.filter((t) => t > now - span);
      if (recent.length >= max) {
        const oldest = recent[recent.length - max]!;
        retryMs = Math.max(retryMs, oldest + span - now);
      }
    }
    return retryMs > 0 ? Math.max(1, Math.ceil(retryMs / 1000)) : undefined;
  }

  record(chatId: number, now: number): void {
    this.global.push(now);
    this.chat(chatId).push(now);
    // Nothing older than a minute matters to any window.
    if (this.global.length > 1000) this.global = this.global.filter((t) => t > now - 60_000);
  }

  private chat(chatId: number): number[] {
    let list = this.perChat.get(chatId);
    if (!list) {
      list = [];
      this.perChat.set(chatId, list);
    }
    if (list.length > 200) list.splice(0, list.length - 100);
    return list;
  }
}
