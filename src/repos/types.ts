/** Stored shapes shared by repositories. Instants are epoch milliseconds. */

export type Platform = "telegram" | "bale";
export type Lang = "fa" | "en";

export interface PersonDoc {
  /** `${districtId}:${phone}` — stable across imports. */
  _id: string;
  districtId: string;
  name: string;
  /** Canonical 98XXXXXXXXXX. */
  phone: string;
  neighborhood: string | null;
  roles: string[];
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityDoc {
  /** `${platform}:${userId}` — never the bare id: Telegram and Bale ids overlap. */
  _id: string;
  platform: Platform;
  userId: number;
  /** The private chat with the person (same as userId on both platforms). */
  chatId: number;
  personId: string | null;
  lang: Lang | null;
  /** Set when a send got 403: the person blocked the bot. */
  unreachableAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface Actor {
  platform?: Platform;
  userId?: number;
  personId?: string;
  /** "system" for the scheduler and importers. */
  system?: string;
}

export interface AuditDoc {
  _id: string;
  itemType: string;
  itemId: string;
  at: number;
  actor: Actor;
  action: string;
  from?: string;
  to?: string;
  note?: string;
  data?: Record<string, unknown>;
}
