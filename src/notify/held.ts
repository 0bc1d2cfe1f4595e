/**
 * Notices for owners who cannot be reached (they blocked the bot, or never signed in).
 * Such a notice is kept in the outbox addressed to the person (a HeldDoc) and delivered to
 * their chats once they can be reached: on sign-in, when they are back after a block, or
 * by the sweep behind both. The district's liaison (else the presidium) is told who could
 * not be reached about what, once per person and day, so they can phone them.
 */
import type { Clock } from "../clock.ts";
import { localizeDigits } from "../domain/digits.ts";
import { OPEN_STATES, type ReportState } from "../domain/reports.ts";
import { toJalali } from "../domain/time.ts";
import type { Logger } from "../log.ts";
import { ACTION_ITEMS } from "../meetings/types.ts";
import { cutWhole } from "../reports/history.ts";
import { REPORTS } from "../reports/types.ts";
import type { Repos } from "../repos/index.ts";
import type { Json, Store } from "../store/port.ts";
import { type EffectInput, holdEffect, notifyEach, notifyEffect } from "./effects.ts";
import { insertOutboxDoc, OUTBOX, outboxChanged } from "./outbox.ts";
import type { Renderers } from "./renderers.ts";
import {
  type HeldDoc,
  type Notification,
  type OutboxDoc,
  type OwnedItem,
  type Priority,
  toOutboxDoc,
} from "./types.ts";

export const HNOTE = {
  /** The heading before what came while the person could not be reached. */
  intro: "held.intro",
  /** To the liaison: an owner could not be reached about an item. */
  unreachable: "owner.unreachable",
} as const;

/**
 * How long a notice waits for its person. The outbox itself keeps no retention; a month
 * covers a holiday or a late sign-in, and what is older has long been escalated anyway.
 */
export const HELD_MAX_AGE_MS = 30 * 24 * 3600_000;

/** Action items are free text: the liaison's notice names one in a line. */
const LABEL_MAX = 80;

export interface OwnerNoticeSpec {
  owners: string[];
  kind: string;
  data: { [k: string]: Json };
  districtId: string;
  /** Idempotency key of the cause, as for `notifyEach`. */
  key: string;
  priority?: Priority;
  item: OwnedItem;
  /** False where the liaison already hears of the owners another way (a paper request). */
  tellLiaison?: boolean;
}

/** A notice kept in the outbox for a person who has no reachable chat now (see HeldDoc). */
function keptFor(
  _id: string,
  personId: string,
  n: Pick<HeldDoc, "kind" | "data" | "priority" | "createdAt"> & {
    districtId?: string | undefined;
    ownerOf?: OwnedItem | undefined;
  },
): HeldDoc {
  const doc: HeldDoc = {
    _id,
    recipient: { personId },
    kind: n.kind,
    data: n.data,
    priority: n.priority,
    state: "held",
    createdAt: n.createdAt,
  };
  if (n.districtId !== undefined) doc.districtId = n.districtId;
  if (n.ownerOf !== undefined) doc.ownerOf = n.ownerOf;
  return doc;
}

/**
 * The effects of telling owners about an item: the notice to each reachable chat, a held
 * notice for each owner with none, and the liaison's notice about each of those.
 */
export async function ownerNotices(
  repos: Repos,
  now: number,
  spec: OwnerNoticeSpec,
): Promise<EffectInput[]> {
  const item = { ...spec.item, label: cutWhole(spec.item.label, LABEL_MAX) };
  const { chats, unreached } = await repos.identities.reachOf(spec.owners);
  const priority = spec.priority ?? "normal";
  const effects = notifyEach(chats, {
    kind: spec.kind,
    data: spec.data,
    districtId: spec.districtId,
    key: spec.key,
    priority,
    ownerOf: item,
  });
  for (const u of unreached) {
    effects.push(
      holdEffect(
        keptFor(`${spec.key}:held:${u.personId}`, u.personId, {
          kind: spec.kind,
          data: spec.data,
          priority,
          districtId: spec.districtId,
          ownerOf: item,
          createdAt: now,
        }),
      ),
    );
    if (spec.tellLiaison !== false) {
      const told = await unreachableNotices(repos, now, u, item, spec.districtId);
      for (const n of told.send) effects.push(notifyEffect(n));
      for (const h of told.keep) effects.push(holdEffect(h));
    }
  }
  return effects;
}

/** The liaison's notices about someone out of reach: to send now, or to keep for them. */
interface LiaisonNotices {
  send: Notification[];
  keep: HeldDoc[];
}

/**
 * The liaison's notices already worked out, by person and day, per store: each item that
 * finds someone unreachable would otherwise look up the person and the liaisons' (maybe
 * the presidium's) chats again, only for the notice's id to be found taken — a filing
 * took twice as long. Only a hint: a notice is skipped while the store holds it (a change
 * that failed after working it out left nothing), and "nobody to tell" holds a minute.
 */
const worked = new WeakMap<Store, Map<string, { id?: string; at: number }>>();
const NOBODY_TO_TELL_MS = 60_000;

/**
 * The liaison's notice that `who` could not be reached about `item`, one per person, day
 * (Tehran) and chat: the ids say so. Liaisons on the roster who cannot be reached yet
 * (a rollout: the liaison has not signed in) get it kept for them, as an owner's notice
 * is; the presidium is told only where the district has no liaison at all.
 */
async function unreachableNotices(
  repos: Repos,
  now: number,
  who: { personId: string; blocked: boolean },
  item: OwnedItem,
  districtId: string,
): Promise<LiaisonNotices> {
  const day = toJalali(now);
  const key = `owner-unreachable:${who.personId}:${day.jy}-${day.jm}-${day.jd}`;
  let memo = worked.get(repos.store);
  if (!memo) {
    memo = new Map();
    worked.set(repos.store, memo);
  }
  const seen = memo.get(key);
  if (seen) {
    const done =
      seen.id === undefined
        ? now - seen.at < NOBODY_TO_TELL_MS
        : (await repos.store
            .collection(OUTBOX)
            .findOne({ _id: seen.id }, { projection: { _id: 1 } })) !== null;
    if (done) return { send: [], keep: [] };
  }
  const notices = await workOutUnreachableNotices(repos, now, key, who, item, districtId);
  const first = notices.send[0] ?? notices.keep[0];
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, { ...(first ? { id: first._id } : {}), at: now });
  return notices;
}

async function workOutUnreachableNotices(
  repos: Repos,
  now: number,
  key: string,
  who: { personId: string; blocked: boolean },
  item: OwnedItem,
  districtId: string,
): Promise<LiaisonNotices> {
  const person = await repos.people.get(who.personId);
  if (!person) return { send: [], keep: [] };
  const others = async (role: string) =>
    (await repos.people.withRole(districtId, role))
      .map((p) => p._id)
      .filter((id) => id !== who.personId);
  const data = {
    personId: person._id,
    name: person.name,
    phone: person.phone,
    blocked: who.blocked ? "yes" : "no",
    item: item.type,
    label: item.label,
  };
  const liaisons = await others("liaison");
  const to = await repos.identities.recipientsOf(
    liaisons.length ? liaisons : await others("presidium"),
  );
  if (!to.length && liaisons.length)
    return {
      send: [],
      keep: liaisons.map((id) =>
        keptFor(`${key}:held:${id}`, id, {
          kind: HNOTE.unreachable,
          data,
          priority: "normal",
          districtId,
          createdAt: now,
        }),
      ),
    };
  return {
    send: to.map((r) => ({
      _id: `${key}:${r.platform}:${r.chatId}`,
      recipient: r,
      kind: HNOTE.unreachable,
      data,
      districtId,
    })),
    keep: [],
  };
}

/** A roster phone (98XXXXXXXXXX) as people dial it. */
function dialable(phone: string): string {
  return phone.startsWith("98") ? `0${phone.slice(2)}` : phone;
}

export function registerHeldRenderers(renderers: Renderers, repos: Repos): void {
  renderers.register(HNOTE.intro, (d, { lang, t }) => ({
    text: t(lang, "held-intro", { count: typeof d.count === "number" ? d.count : 1 }),
  }));
  renderers.register(HNOTE.unreachable, async (d, { lang, t }) => {
    const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");
    // Quiet hours or a busy queue may hold the notice while the person signs in or comes
    // back: the liaison would then phone someone who is on the bot already.
    const personId = s("personId");
    if (personId && (await repos.identities.recipientsOf([personId])).length) return null;
    return {
      text: t(lang, "owner-unreachable", {
        name: s("name"),
        phone: localizeDigits(dialable(s("phone")), lang),
        blocked: s("blocked") || "no",
        item: s("item") || "report",
        label: localizeDigits(s("label"), lang),
      }),
    };
  });
}

/** Keeps, releases and sweeps held notices. */
export class HeldNotices {
  constructor(
    private readonly store: Store,
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly renderers: Renderers,
  ) {}

  private get col() {
    return this.store.collection<HeldDoc>(OUTBOX);
  }

  /**
   * An owner's notice bounced (403): kept for the person unless they were reached on
   * another chat, and the liaison is told. Runs once per bounced message (the dispatcher
   * calls it only for the claim that recorded the bounce); the ids make a repeat harmless.
   */
  async onBounce(doc: OutboxDoc): Promise<void> {
    const personId = doc.recipient.personId;
    if (!doc.ownerOf || !personId || doc.state !== "unreachable") return;
    const { chats, unreached } = await this.repos.identities.reachOf([personId]);
    const who = unreached[0];
    if (chats.length || !who) return; // told elsewhere, or switched off
    await insertOutboxDoc(
      this.store,
      keptFor(`held:${doc._id}`, personId, {
        ...doc,
        // Its place among what the person is given later is when it was first written.
        createdAt: doc.createdAt,
      }),
    );
    const now = this.clock.now();
    const notices = doc.districtId
      ? await unreachableNotices(this.repos, now, who, doc.ownerOf, doc.districtId)
      : { send: [], keep: [] };
    let added = false;
    let urgent = false;
    for (const n of notices.send) {
      const out = toOutboxDoc(n, now);
      if (!(await insertOutboxDoc(this.store, out))) continue;
      added = true;
      urgent ||= out.priority === "urgent";
    }
    for (const h of notices.keep) await insertOutboxDoc(this.store, h);
    if (added) outboxChanged(this.store, urgent);
  }

  /**
   * Delivers what was kept for the person, if they can be reached now: each notice still
   * relevant is copied to every reachable chat (ids derived from the held one, so a second
   * release at the same time or after a crash adds nothing), in the order they came, after
   * one heading; then they are marked released. Returns how many were released.
   */
  async release(personId: string): Promise<number> {
    const chats = await this.repos.identities.recipientsOf([personId]);
    if (!chats.length) return 0;
    const held = await this.col.find(
      { state: "held", "recipient.personId": personId },
      { sort: { createdAt: 1, _id: 1 } },
    );
    if (!held.length) return 0;
    const now = this.clock.now();
    const drop: HeldDoc[] = [];
    const fresh: HeldDoc[] = [];
    for (const h of held) {
      if (h.createdAt < now - HELD_MAX_AGE_MS) drop.push(h);
      else if (await this.stillApplies(h, now)) fresh.push(h);
      else drop.push(h);
    }
    if (drop.length) {
      await this.col.updateMany(
        { _id: { $in: drop.map((h) => h._id) }, state: "held" },
        { $set: { state: "dropped", updatedAt: now } },
      );
      this.log.info(
        { personId, n: drop.length },
        "held notices too old or no longer relevant: dropped",
      );
    }
    if (!fresh.length) return 0;
    const first = fresh[0]!;
    // One priority for the heading and all it announces: the person has just come (back) to
    // the bot, and a heading at night counting notices quiet hours then held till morning
    // looked as if some were lost.
    const priority: Priority = fresh.some((h) => h.priority === "urgent") ? "urgent" : "normal";
    for (const c of chats) {
      // The heading goes first: it is older than all it announces.
      const intro = toOutboxDoc(
        {
          _id: `held-intro:${first._id}:${c.platform}:${c.chatId}`,
          recipient: c,
          kind: HNOTE.intro,
          data: { count: fresh.length },
          priority,
          ...(first.districtId !== undefined ? { districtId: first.districtId } : {}),
        },
        now,
      );
      intro.createdAt = first.createdAt - 1;
      await insertOutboxDoc(this.store, intro);
      for (const h of fresh) {
        const copy = toOutboxDoc(
          {
            _id: `${h._id}:${c.platform}:${c.chatId}`,
            recipient: c,
            kind: h.kind,
            data: h.data,
            priority,
            ...(h.districtId !== undefined ? { districtId: h.districtId } : {}),
            ...(h.ownerOf ? { ownerOf: h.ownerOf } : {}),
          },
          now,
        );
        // The dispatcher sends one chat's messages by creation time: the order they came in.
        copy.createdAt = h.createdAt;
        await insertOutboxDoc(this.store, copy);
      }
    }
    await this.col.updateMany(
      { _id: { $in: fresh.map((h) => h._id) }, state: "held" },
      { $set: { state: "released", updatedAt: now } },
    );
    outboxChanged(this.store, priority === "urgent");
    this.log.info({ personId, n: fresh.length }, "held notices released");
    return fresh.length;
  }

  /**
   * Whether the notice still applies: a report or an action item still open and still the
   * person's (a held card for one escalated past them, or done, would send them to work
   * that is no longer theirs); otherwise whether its renderer would still send it (a
   * signature already given: not).
   */
  private async stillApplies(h: HeldDoc, now: number): Promise<boolean> {
    const personId = h.recipient.personId;
    // A liaison's notice about someone out of reach, who can be reached now: old news.
    if (h.kind === HNOTE.unreachable && typeof h.data.personId === "string")
      return !(await this.repos.identities.recipientsOf([h.data.personId])).length;
    if (h.ownerOf?.type === "report" && typeof h.data.reportId === "string") {
      const r = await this.store
        .collection<{ _id: string; state: ReportState; owners: string[] }>(REPORTS)
        .findOne({ _id: h.data.reportId }, { projection: { state: 1, owners: 1 } });
      return !!r && OPEN_STATES.includes(r.state) && r.owners.includes(personId);
    }
    if (h.ownerOf?.type === "action" && typeof h.data.itemId === "string") {
      const it = await this.store
        .collection<{ _id: string; state: string; ownerIds: string[] }>(ACTION_ITEMS)
        .findOne({ _id: h.data.itemId }, { projection: { state: 1, ownerIds: 1 } });
      // No owner on the roster: it went to the meeting's secretary, who stays it.
      return (
        !!it && it.state === "open" && (it.ownerIds.length === 0 || it.ownerIds.includes(personId))
      );
    }
    try {
      return (await this.renderers.render(h.kind, h.data, "fa", now)) !== null;
    } catch {
      return true; // the dispatcher records the failure where it can be seen
    }
  }

  /**
   * The safety net behind the direct releases (a crash between a sign-in and its release,
   * a notice kept just as its person came back): releases what waits for anyone reachable
   * now, and drops what waited too long.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const expired = await this.col.updateMany(
      { state: "held", createdAt: { $lt: now - HELD_MAX_AGE_MS } },
      { $set: { state: "dropped", updatedAt: now } },
    );
    if (expired.modifiedCount > 0)
      this.log.info({ n: expired.modifiedCount }, "held notices too old to deliver: dropped");
    const waiting = await this.col.find(
      { state: "held" },
      { sort: { createdAt: 1 }, limit: 2000, projection: { recipient: 1 } },
    );
    const people = [...new Set(waiting.map((h) => h.recipient.personId))];
    const reachable = new Set(
      (await this.repos.identities.recipientsOf(people)).map((r) => r.personId),
    );
    let released = 0;
    for (const p of reachable) released += await this.release(p);
    return released;
  }
}
