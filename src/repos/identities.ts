import type { Collection, Store } from "../store/port.ts";
import type { IdentityDoc, Lang, PersonDoc, Platform } from "./types.ts";

export function identityId(platform: Platform, userId: number): string {
  return `${platform}:${userId}`;
}

export class IdentitiesRepo {
  readonly col: Collection<IdentityDoc>;
  private readonly people: Collection<PersonDoc>;
  constructor(store: Store) {
    this.col = store.collection<IdentityDoc>("identities");
    this.people = store.collection<PersonDoc>("people");
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { personId: 1 } });
  }

  get(platform: Platform, userId: number): Promise<IdentityDoc | null> {
    return this.col.findOne({ _id: identityId(platform, userId) });
  }

  /** Remembers a language choice, creating the identity record if needed. */
  async setLang(platform: Platform, userId: number, lang: Lang, now: number): Promise<void> {
    await this.col.updateOne(
      { _id: identityId(platform, userId) },
      {
        $set: { lang, updatedAt: now },
        $setOnInsert: { platform, userId, chatId: userId, personId: null, createdAt: now },
      },
      { upsert: true },
    );
  }

  /** Links a messenger account to a roster person. Idempotent. */
  async link(
    platform: Platform,
    userId: number,
    personId: string,
    now: number,
  ): Promise<IdentityDoc | null> {
    return this.col.findOneAndUpdate(
      { _id: identityId(platform, userId) },
      {
        $set: { personId, updatedAt: now },
        $unset: { unreachableAt: "" },
        $setOnInsert: { platform, userId, chatId: userId, lang: null, createdAt: now },
      },
      { upsert: true },
    );
  }

  /**
   * Every reachable private chat of these people (a person may use Telegram and Bale).
   * People the roster has switched off are left out: they are told nothing any more.
   */
  async recipientsOf(
    personIds: string[],
  ): Promise<{ platform: Platform; chatId: number; personId: string }[]> {
    return (await this.reachOf(personIds)).chats;
  }

  /**
   * `recipientsOf`, plus the active people among `personIds` who have no reachable chat:
   * `blocked` when every account they signed in with blocked the bot, else they never
   * signed in. People the roster has switched off are in neither list.
   */
  async reachOf(personIds: string[]): Promise<{
    chats: { platform: Platform; chatId: number; personId: string }[];
    unreached: { personId: string; blocked: boolean }[];
  }> {
    if (!personIds.length) return { chats: [], unreached: [] };
    const active = await this.people.find(
      { _id: { $in: [...new Set(personIds)] }, active: true },
      { projection: { _id: 1 } },
    );
    if (!active.length) return { chats: [], unreached: [] };
    const ids = await this.col.find({ personId: { $in: active.map((p) => p._id) } });
    const chats = ids
      .filter((i) => i.unreachableAt === undefined)
      .map((i) => ({ platform: i.platform, chatId: i.chatId, personId: i.personId! }));
    const reached = new Set(chats.map((c) => c.personId));
    const known = new Set(ids.map((i) => i.personId));
    const unreached = active
      .filter((p) => !reached.has(p._id))
      .map((p) => ({ personId: p._id, blocked: known.has(p._id) }));
    return { chats, unreached };
  }

  forPerson(personId: string): Promise<IdentityDoc[]> {
    return this.col.find({ personId });
  }

  /**
   * The person is back in their private chat (an unblock, or anything they send): they are
   * told things again. Guarded on the mark read, so two updates at once clear it once.
   */
  async markReachable(identity: IdentityDoc, now: number): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: identity._id, unreachableAt: identity.unreachableAt },
      { $unset: { unreachableAt: "" }, $set: { updatedAt: now } },
    );
    return res.modifiedCount === 1;
  }

  async markUnreachable(platform: Platform, chatId: number, now: number): Promise<void> {
    await this.col.updateOne(
      { platform, chatId, unreachableAt: { $exists: false } },
      { $set: { unreachableAt: now, updatedAt: now } },
    );
  }
}
