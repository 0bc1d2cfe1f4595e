import type { Clock } from "../clock.ts";
import { calendarOf } from "../district/calendar.ts";
import { hasRole } from "../district/roles.ts";
import type { DistrictDoc } from "../district/schema.ts";
import { OPEN_STATES } from "../domain/reports.ts";
import { jalaliToUtc, toJalali } from "../domain/time.ts";
import { addWorkingDays } from "../domain/workdays.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "../notify/outbox.ts";
import type { Recipient } from "../notify/types.ts";
import { REPORTS, type ReportDoc } from "../reports/types.ts";
import type { Repos } from "../repos/index.ts";
import type { AuditDoc, PersonDoc } from "../repos/types.ts";
import { isDuplicateKeyError, type Json, type Store } from "../store/port.ts";
import {
  type ActionItemRow,
  type Digest,
  digest,
  type MeetingRow,
  type ProposalRow,
  type ReportStats,
  reportStats,
} from "./compute.ts";
import type { Period } from "./period.ts";

/** The collections other features own; read loosely (shapes may grow), never written. */
export const FOREIGN = {
  proposals: "proposals",
  meetings: "meetings",
  actionItems: "action_items",
} as const;

/** Where each week's digest is recorded once it has been queued. */
export const DIGESTS = "stats_digests";

/** Outbox kind of the weekly digest. */
export const SNOTE = { digest: "stats.digest" } as const;

/** A digest not sent within this long after its time is skipped (e.g. the bot was down). */
export const DIGEST_GRACE_MS = 12 * 3_600_000;
/** The window the digest's "slowest rungs" are measured over. */
export const RUNG_WINDOW_MS = 30 * 86_400_000;

export interface DigestDoc {
  _id: string;
  districtId: string;
  /** Jalali date of the week's Saturday, "1405-09-14". */
  week: string;
  at: number;
  figures: Digest;
  /** Set once the messages are in the outbox. */
  queued?: boolean;
  recipients?: number;
}

type Loose = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Who may see the district's statistics and exports. */
export function mayUseStats(person: PersonDoc | null | undefined): person is PersonDoc {
  return Boolean(
    person?.active &&
      (hasRole(person.roles, "presidium") ||
        hasRole(person.roles, "liaison") ||
        hasRole(person.roles, "admin")),
  );
}

/**
 * Statistics, exports and the weekly digest. Read-only over reports, proposals and
 * meetings; its only writes are the digest record and the digest's outbox messages.
 */
export class StatsService {
  constructor(
    private readonly store: Store,
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly outbox: Outbox,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.store
      .collection<ReportDoc>(REPORTS)
      .createIndex({ keys: { districtId: 1, createdAt: 1 }, name: "stats-created" });
  }

  district(id: string): Promise<DistrictDoc | null> {
    return this.repos.districts.get(id);
  }

  // ---------------------------------------------------------------- loading

  reportsFiled(districtId: string, from: number, to: number): Promise<ReportDoc[]> {
    return this.store
      .collection<ReportDoc>(REPORTS)
      .find({ districtId, createdAt: { $gte: from, $lt: to } }, { sort: { createdAt: 1, seq: 1 } });
  }

  async auditOf(ids: string[]): Promise<AuditDoc[]> {
    const out: AuditDoc[] = [];
    const col = this.store.collection<AuditDoc>("audit");
    for (let i = 0; i < ids.length; i += 500)
      out.push(...(await col.find({ itemType: "report", itemId: { $in: ids.slice(i, i + 500) } })));
    return out;
  }

  async proposals(districtId: string): Promise<Loose[]> {
    return this.store.collection<Loose & { _id: string }>(FOREIGN.proposals).find({ districtId });
  }

  async meetings(districtId: string): Promise<Loose[]> {
    return this.store.collection<Loose & { _id: string }>(FOREIGN.meetings).find({ districtId });
  }

  async actionItems(districtId: string): Promise<Loose[]> {
    return this.store.collection<Loose & { _id: string }>(FOREIGN.actionItems).find({ districtId });
  }

  // ---------------------------------------------------------------- statistics

  async reportStats(district: DistrictDoc, period: Period): Promise<ReportStats> {
    const reports = await this.reportsFiled(district._id, period.from, period.to);
    const audit = await this.auditOf(reports.map((r) => r._id));
    const cal = calendarOf(district);
    const days = (period.to - period.from) / 86_400_000;
    const tz = district.timeZone;
    return reportStats({
      reports,
      audit,
      deputies: district.deputies,
      resolveDeadline: (t) => addWorkingDays(t, district.deadlines.reportResolve, cal),
      now: this.clock.now(),
      bucket: days <= 62 ? (t) => dayKey(t, tz) : (t) => monthKey(t, tz),
    });
  }

  // ---------------------------------------------------------------- the weekly digest

  async digestFigures(district: DistrictDoc, from: number, to: number): Promise<Digest> {
    const now = this.clock.now();
    const col = this.store.collection<ReportDoc>(REPORTS);
    const [filed, open, rungReports] = await Promise.all([
      this.reportsFiled(district._id, from, to),
      col.find({ districtId: district._id, state: { $in: [...OPEN_STATES] } }),
      this.reportsFiled(district._id, to - RUNG_WINDOW_MS, to),
    ]);
    const resolvedIds = (
      await this.store
        .collection<AuditDoc>("audit")
        .find({ itemType: "report", action: "report.resolve", at: { $gte: from, $lt: to } })
    ).map((a) => a.itemId);
    const byId = new Map<string, ReportDoc>();
    for (const r of [...filed, ...open, ...rungReports]) byId.set(r._id, r);
    const missing = resolvedIds.filter((id) => !byId.has(id));
    if (missing.length)
      for (const r of await col.find({ _id: { $in: missing }, districtId: district._id }))
        byId.set(r._id, r);
    const reports = [...byId.values()];
    const audit = await this.auditOf(reports.map((r) => r._id));
    const proposals: ProposalRow[] = (await this.proposals(district._id)).map((p) => {
      const chain = Array.isArray(p.chain) ? (p.chain as Loose[]) : [];
      const step = num(p.step);
      const fields = (p.fields ?? {}) as Loose;
      const stepName = step !== undefined ? str(chain[step]?.step) : undefined;
      const stepSince = num(p.stepSince);
      return {
        _id: String(p._id),
        state: str(p.state) ?? "unknown",
        ...(str(p.code) ? { code: str(p.code) } : {}),
        ...(str(fields.title) ? { title: str(fields.title) } : {}),
        ...(stepName ? { stepName } : {}),
        ...(stepSince !== undefined ? { stepSince } : {}),
      };
    });
    const meetings: MeetingRow[] = (await this.meetings(district._id)).map((m) => ({
      _id: String(m._id),
      state: str(m.state) ?? "unknown",
      startAt: num(m.startAt) ?? 0,
      durationMin: num(m.durationMin) ?? 0,
      hasMinutes: Boolean(m.minutes),
      scope: str((m.scope as Loose | undefined)?.kind) ?? "unknown",
    }));
    const actionItems: ActionItemRow[] = (await this.actionItems(district._id)).map((a) => ({
      state: str(a.state) ?? "unknown",
      dueAt: num(a.dueAt) ?? Number.POSITIVE_INFINITY,
    }));
    return digest({
      from,
      to,
      now,
      reports,
      audit,
      rungReports,
      proposals,
      meetings,
      actionItems,
    });
  }

  /** The presidium and the liaison of a district: every reachable private chat of theirs. */
  async digestRecipients(districtId: string): Promise<Recipient[]> {
    const people = [
      ...(await this.repos.people.withRole(districtId, "presidium")),
      ...(await this.repos.people.withRole(districtId, "liaison")),
    ];
    const ids = [...new Set(people.map((p) => p._id))];
    if (!ids.length) return [];
    const identities = await this.repos.identities.col.find({
      personId: { $in: ids },
      unreachableAt: { $exists: false },
    });
    return identities.map((i) => ({
      platform: i.platform,
      chatId: i.chatId,
      personId: i.personId!,
    }));
  }

  /**
   * Sends each district's digest when its weekly time has come: once per district and
   * Jalali week (the record's id is the key; outbox ids derive from it, so a crash between
   * the two only re-queues the same messages, which the outbox ignores).
   */
  async digestSweep(): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    for (const district of await this.repos.districts.all()) {
      // Last week's slot too: a late-week time (Friday 23:00) is still within its grace
      // after midnight, when `now` already falls in the next week.
      const slot = [digestSlot(district, now), digestSlot(district, now - 7 * 86_400_000)].find(
        (x) => now >= x.at && now < x.at + DIGEST_GRACE_MS,
      );
      if (!slot) continue;
      const id = `digest:${district._id}:${slot.week}`;
      const col = this.store.collection<DigestDoc>(DIGESTS);
      const done = await col.findOne({ _id: id });
      if (done?.queued) continue;
      const figures =
        done?.figures ?? (await this.digestFigures(district, slot.at - 7 * 86_400_000, slot.at));
      if (!done) {
        try {
          await col.insertOne({
            _id: id,
            districtId: district._id,
            week: slot.week,
            at: slot.at,
            figures,
          });
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      const recipients = await this.digestRecipients(district._id);
      await this.outbox.enqueue(
        recipients.map((r) => ({
          _id: `${id}:${r.platform}:${r.chatId}`,
          recipient: r,
          kind: SNOTE.digest,
          data: { digestId: id, districtId: district._id } as { [k: string]: Json },
          districtId: district._id,
          priority: "normal" as const,
        })),
      );
      await col.updateOne({ _id: id }, { $set: { recipients: recipients.length, queued: true } });
      this.log.info(
        { district: district._id, week: slot.week, n: recipients.length },
        "digest queued",
      );
      sent++;
    }
    return sent;
  }

  getDigest(id: string): Promise<DigestDoc | null> {
    return this.store.collection<DigestDoc>(DIGESTS).findOne({ _id: id });
  }
}

/** "1405-09-14" of an instant's Jalali day. */
export function dayKey(t: number, tz: string): string {
  const j = toJalali(t, tz);
  return `${j.jy}-${String(j.jm).padStart(2, "0")}-${String(j.jd).padStart(2, "0")}`;
}

export function monthKey(t: number, tz: string): string {
  const j = toJalali(t, tz);
  return `${j.jy}-${String(j.jm).padStart(2, "0")}`;
}

/**
 * The digest time of the Iranian week (Saturday first) containing `now`: its weekday
 * (0 = Saturday) and hour from the district's settings, Tehran time. `week` names the
 * week by its Saturday.
 */
export function digestSlot(district: DistrictDoc, now: number): { at: number; week: string } {
  const tz = district.timeZone;
  const j = toJalali(now, tz);
  const noon = jalaliToUtc({ jy: j.jy, jm: j.jm, jd: j.jd, hour: 12 }, tz);
  // Walk back to the week's Saturday at noon (whole days; noon keeps clear of any DST edge).
  const saturdayNoon = noon - j.weekday * 86_400_000;
  const dayNoon = saturdayNoon + (district.digest.weekday ?? 0) * 86_400_000;
  const d = toJalali(dayNoon, tz);
  const at = jalaliToUtc({ jy: d.jy, jm: d.jm, jd: d.jd, hour: district.digest.hour ?? 8 }, tz);
  return { at, week: dayKey(saturdayNoon, tz) };
}
