import type { Clock } from "../clock.ts";
import { calendarOf } from "../district/calendar.ts";
import { referredDeputy } from "../district/deputies.ts";
import type { DistrictDoc } from "../district/schema.ts";
import { findNeighborhood } from "../district/schema.ts";
import {
  canApply,
  DUPLICATE_RADIUS_M,
  DUPLICATE_SIMILARITY,
  deadlineKind,
  distanceMeters,
  isOpen,
  noAgreeLevel,
  OPEN_STATES,
  OWNER_TRANSITIONS,
  type OwnerAction,
  ownerQueries,
  type ReportState,
} from "../domain/reports.ts";
import { normalizeText, similarityToNormalized } from "../domain/text.ts";
import { toJalali } from "../domain/time.ts";
import { formatTrackingCode } from "../domain/tracking.ts";
import { addWorkingDays } from "../domain/workdays.ts";
import type { Logger } from "../log.ts";
import {
  auditEffect,
  type EffectInput,
  flushEffects,
  insertWithEffects,
  notifyEach,
  transition,
} from "../notify/effects.ts";
import { ownerNotices } from "../notify/held.ts";
import type { Recipient } from "../notify/types.ts";
import type { Repos } from "../repos/index.ts";
import { afterRosterChange } from "../repos/roster-scan.ts";
import type { AuditDoc, PersonDoc, Platform } from "../repos/types.ts";
import { newId } from "../store/ids.ts";
import { findKeyed, type ListKey } from "../store/keyed.ts";
import {
  type Filter,
  isDuplicateKeyError,
  type ListAt,
  type Store,
  type Update,
} from "../store/port.ts";
import { type ActorInfo, REPORTS, type ReportDoc, type ReportLocation } from "./types.ts";

export interface NewReport {
  person: PersonDoc;
  platform: Platform;
  chatId: number;
  subject: string;
  neighborhood: string;
  description: string;
  location?: ReportLocation;
  photos: { platform: Platform; fileId: string }[];
  urgency: "normal" | "urgent";
}

export interface ActInput {
  note?: string;
  /** The deputy referred to, by name in Persian and in English (each reader gets theirs). */
  deputy?: string;
  deputyEn?: string;
  /** The deputy's code in district.deputies (the figures count the referral for it). */
  deputyCode?: string;
  unit?: string;
  reason?: "duplicate" | "out_of_scope";
  duplicateOf?: string;
  question?: string;
  /**
   * Names the transition (its effects' ids), for a caller that may repeat the step after a
   * crash (the minutes' follow-up): `actedAs` then tells whether it happened.
   */
  transitionId?: string;
}

export type ActResult =
  | { ok: true; report: ReportDoc }
  | { ok: false; why: "not_found" | "forbidden" | "invalid" }
  /** An owner of record who no longer holds the role of the report's step (the roster moved it). */
  | { ok: false; why: "forbidden"; roleGone: true; report: ReportDoc }
  /** "No agreement" where it cannot move the report: at the presidium or above it. */
  | { ok: false; why: "invalid"; unavailable: "noagree"; report: ReportDoc }
  /** An answer to a question of a report no longer open (rejected, resolved, closed). */
  | { ok: false; why: "invalid"; notOpen: true; report: ReportDoc }
  /** A duplicate rejection whose original is gone, rejected, or the report itself. */
  | {
      ok: false;
      why: "invalid";
      original: "missing" | "rejected";
      report: ReportDoc;
      duplicateOf: string;
    }
  | {
      ok: false;
      why: "stale";
      report: ReportDoc;
      last?: AuditDoc;
      lastBy?: string;
      /** A confirmation button of an earlier resolution, pressed while a later one waits. */
      superseded?: true;
    };

/** Kinds of outbox notifications the report feature sends (renderers in notifications.ts). */
/** How far back duplicate hints look. */
export const DUPLICATE_WINDOW_MS = 90 * 86_400_000;
/** How many of the most recent open reports (same neighbourhood and subject) are compared. */
export const DUPLICATE_CANDIDATES = 50;
/** Reports in one "waiting for me" list: a message of buttons stays readable. */
export const WAITING_LIST = 30;
/**
 * How long a duplicate rejection's claim on its original holds off the reverse rejection:
 * far longer than one rejection takes, short enough that one left by a crash soon lapses.
 */
export const DUPLICATE_CLAIM_MS = 60_000;

export const NOTE = {
  assigned: "report.assigned",
  moved: "report.moved",
  update: "report.update",
  supporter: "report.supporter",
  question: "report.question",
  answer: "report.answer",
} as const;

/** Whether a route names the report's own rung and the same people. */
function sameOwners(
  route: { level: number; owners: string[] },
  report: { level: number; owners: string[] },
): boolean {
  return (
    route.level === report.level &&
    route.owners.length === report.owners.length &&
    route.owners.every((o) => report.owners.includes(o))
  );
}

/**
 * Reports: filing, routing up the ladder, owner actions, the reporter's side, escalation.
 * Every state change is one guarded transition carrying its audit entry, notifications and
 * nothing else, so double presses, races between owners and crashes act exactly once.
 */
export class ReportService {
  readonly col;
  constructor(
    private readonly store: Store,
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.col = store.collection<ReportDoc>(REPORTS);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { districtId: 1, code: 1 }, unique: true, name: "code" });
    await this.col.createIndex({ keys: { reporterId: 1, createdAt: -1 } });
    await this.col.createIndex({ keys: { owners: 1, state: 1 } });
    await this.col.createIndex({ keys: { deadlineAt: 1 }, name: "deadline" });
    // The duplicate look-up of every summary: answered from this index alone on the embedded
    // store (it keeps what the look-up reads), without reading and parsing fifty reports.
    // Replaces "similar", its keys without the texts (MongoDB refuses the same keys twice).
    await this.col.dropIndex("similar");
    await this.col.createIndex({
      keys: { districtId: 1, neighborhood: 1, subject: 1, createdAt: -1, state: 1 },
      include: ["code", "normText", "location"],
      name: "similar_texts",
    });
    await this.col.dropIndex("districtId_1_neighborhood_1_subject_1_state_1_createdAt_-1");
  }

  // ------------------------------------------------------------------ helpers

  private district(id: string): Promise<DistrictDoc> {
    return this.repos.districts.mustGet(id);
  }

  /** Who owns a report from ladder `level` on; rungs with nobody on the roster are skipped. */
  async ownersFrom(
    district: DistrictDoc,
    report: { subject: string; neighborhood: string },
    level: number,
    memo?: Map<string, string[]>,
  ): Promise<{ level: number; step: string; owners: string[] } | null> {
    const ladder = district.ladders.report;
    for (let l = level; l < ladder.length; l++) {
      const step = ladder[l]!;
      const owners = await this.holders(district, report, step, memo);
      if (owners.length) return { level: l, step, owners };
    }
    return null;
  }

  /**
   * Who holds one rung for this report on today's roster (active people only). `memo`
   * keeps answers by rung, subject and neighbourhood across many reports of one scan.
   */
  private async holders(
    district: DistrictDoc,
    report: { subject: string; neighborhood: string },
    step: string,
    memo?: Map<string, string[]>,
  ): Promise<string[]> {
    const key = `${step}|${report.subject}|${report.neighborhood}`;
    const known = memo?.get(key);
    if (known) return known;
    const found = await this.lookUpHolders(district, report, step);
    memo?.set(key, found);
    return found;
  }

  private async lookUpHolders(
    district: DistrictDoc,
    report: { subject: string; neighborhood: string },
    step: string,
  ): Promise<string[]> {
    for (const q of ownerQueries(step, report)) {
      const people = await this.repos.people.withRole(
        district._id,
        q.roles,
        q.neighborhood ? { neighborhood: q.neighborhood } : {},
      );
      if (people.length) return people.map((p) => p._id);
    }
    return [];
  }

  /** Every reachable private chat of these people (a person may use Telegram and Bale). */
  recipients(personIds: string[]): Promise<Recipient[]> {
    return this.repos.identities.recipientsOf(personIds);
  }

  private deadline(district: DistrictDoc, state: ReportState, from: number) {
    const kind = deadlineKind(state);
    if (!kind) return { $unset: { deadlineAt: "", deadlineKind: "" } };
    const days =
      kind === "ack" ? district.deadlines.reportAcknowledge : district.deadlines.reportResolve;
    return {
      $set: { deadlineAt: addWorkingDays(from, days, calendarOf(district)), deadlineKind: kind },
    };
  }

  /** Names and labels a notification needs, in both languages, so it renders at send time. */
  async card(report: ReportDoc): Promise<Record<string, string | number>> {
    const district = await this.district(report.districtId);
    const subject = district.subjects.find((s) => s.code === report.subject);
    const hood = findNeighborhood(district, report.neighborhood);
    const reporter = await this.repos.people.get(report.reporterId);
    const loc = report.location;
    return {
      reportId: report._id,
      code: report.code,
      subjectFa: subject?.name.fa ?? report.subject,
      subjectEn: subject?.name.en ?? report.subject,
      hoodFa: hood?.name.fa ?? report.neighborhood,
      hoodEn: hood?.name.en ?? report.neighborhood,
      description: report.description,
      urgency: report.urgency,
      state: report.state,
      step: report.step,
      reporter: reporter?.name ?? "—",
      supporters: report.supporters.length,
      photos: report.photos.length,
      // Whether the owners' keyboard offers "no agreement" (only below the presidium).
      noagree: noAgreeLevel(district.ladders.report, report.level) === null ? 0 : 1,
      // A typed address as typed; a pin as numbers, written in the reader's digits.
      location: loc && "address" in loc ? loc.address : "",
      ...(loc && "lat" in loc ? { lat: loc.lat, lon: loc.lon } : {}),
      createdAt: report.createdAt,
    };
  }

  private notifyAll(
    recipients: Recipient[],
    kind: string,
    data: Record<string, string | number>,
    report: { districtId: string; urgency: string },
    key: string,
  ): EffectInput[] {
    return notifyEach(recipients, {
      kind,
      data,
      districtId: report.districtId,
      key,
      priority: report.urgency === "urgent" ? "urgent" : "normal",
    });
  }

  /**
   * The report came to `owners`: each is told on every chat they can be reached on; for
   * one who can't be reached now the notice is kept until they can, and the liaison is told.
   */
  private ownerNotes(
    owners: string[],
    data: Record<string, string | number>,
    report: { districtId: string; urgency: string; code: string },
    key: string,
    tellLiaison = true,
  ): Promise<EffectInput[]> {
    return ownerNotices(this.repos, this.clock.now(), {
      owners,
      kind: NOTE.assigned,
      data,
      districtId: report.districtId,
      key,
      priority: report.urgency === "urgent" ? "urgent" : "normal",
      item: { type: "report", label: report.code },
      tellLiaison,
    });
  }

  /**
   * The news the reporter gets, for the report's supporters (they were promised it). Those
   * already told by another message of the same event, or who caused it, are left out, so
   * nobody hears of one event twice.
   */
  private async supporterNotes(
    report: ReportDoc,
    data: Record<string, string | number>,
    key: string,
    told: Iterable<string>,
  ): Promise<EffectInput[]> {
    const skip = new Set([report.reporterId, ...told]);
    const ids = report.supporters.filter((p) => !skip.has(p));
    if (!ids.length) return [];
    return this.notifyAll(
      await this.recipients(ids),
      NOTE.supporter,
      data,
      report,
      `${key}:supporters`,
    );
  }

  // ------------------------------------------------------------------ filing

  async findDuplicates(input: {
    districtId: string;
    neighborhood: string;
    subject: string;
    description: string;
    location?: ReportLocation;
    /**
     * The person filing: their own reports, and those they already support, are no hint
     * (there is nothing more for them to do with those).
     */
    reporterId?: string;
  }): Promise<Pick<ReportDoc, "_id" | "code" | "normText" | "location">[]> {
    // Recent ones only: a hint about a report filed long ago helps little, and the window
    // keeps the look-up to a handful of documents however many reports a district keeps.
    const open = await this.col.find(
      {
        districtId: input.districtId,
        neighborhood: input.neighborhood,
        subject: input.subject,
        state: { $in: [...OPEN_STATES] },
        createdAt: { $gte: this.clock.now() - DUPLICATE_WINDOW_MS },
      },
      // The most recent ones: a person filing now most likely saw the same thing as those who
      // filed lately, and the summary must not slow down as a district's backlog grows.
      {
        sort: { createdAt: -1 },
        limit: DUPLICATE_CANDIDATES,
        projection: { code: 1, normText: 1, location: 1 },
      },
    );
    const similar = similarityToNormalized(normalizeText(input.description));
    const here = input.location && "lat" in input.location ? input.location : undefined;
    const hints = open.filter((r) => {
      if (similar(r.normText) >= DUPLICATE_SIMILARITY) return true;
      const there = r.location && "lat" in r.location ? r.location : undefined;
      return Boolean(here && there && distanceMeters(here, there) <= DUPLICATE_RADIUS_M);
    });
    if (!input.reporterId || !hints.length) return hints.slice(0, 3);
    // The reporter is left out here, among the few similar ones, rather than in the look-up
    // above: that one stays answered from the index alone, and most summaries have no hint.
    const own = new Set(
      (
        await this.col.find(
          {
            _id: { $in: hints.map((r) => r._id) },
            $or: [{ reporterId: input.reporterId }, { supporters: input.reporterId }],
          },
          { projection: { _id: 1 } },
        )
      ).map((r) => r._id),
    );
    return hints.filter((r) => !own.has(r._id)).slice(0, 3);
  }

  /** Next tracking-code sequence for a district and Jalali year; atomic across instances. */
  private async nextSeq(districtId: string, jy: number): Promise<number> {
    const counter = await this.store
      .collection<{ _id: string; seq: number }>("counters")
      .findOneAndUpdate(
        { _id: `report:${districtId}:${jy}` },
        { $inc: { seq: 1 } },
        { upsert: true },
      );
    return counter!.seq;
  }

  /** Files a report, routes it to its first rung and tells the owners; idempotent per `id`. */
  async create(input: NewReport, id: string = newId(this.clock.now())): Promise<ReportDoc> {
    const existing = await this.col.findOne({ _id: id });
    if (existing) return this.route(existing, input);
    const now = this.clock.now();
    const district = await this.district(input.person.districtId);
    const jy = toJalali(now, district.timeZone).jy;
    const seq = await this.nextSeq(district._id, jy);
    const code = formatTrackingCode({ district: district.number, jy, seq }, "en");
    const route = (await this.ownersFrom(district, input, 0)) ?? {
      level: district.ladders.report.length - 1,
      step: district.ladders.report.at(-1)!,
      owners: [],
    };
    const dl = this.deadline(district, "submitted", now).$set!;
    const report: ReportDoc = {
      _id: id,
      districtId: district._id,
      code,
      jy,
      seq,
      reporterId: input.person._id,
      reporter: { platform: input.platform, chatId: input.chatId },
      subject: input.subject,
      neighborhood: input.neighborhood,
      description: input.description,
      normText: normalizeText(input.description),
      ...(input.location ? { location: input.location } : {}),
      photos: input.photos,
      urgency: input.urgency,
      state: "submitted",
      stateSince: now,
      level: route.level,
      step: route.step,
      owners: route.owners,
      pastOwners: [],
      deadlineAt: dl.deadlineAt as number,
      deadlineKind: "ack",
      breaches: 0,
      supporters: [],
      questions: [],
      agenda: route.step === "presidium" ? ["presidium"] : [],
      createdAt: now,
      updatedAt: now,
      _rev: 0,
      _effects: [],
    };
    // Stored routed, with its audit entry and the owners' notifications (the code's unique
    // index makes a collision impossible; the same id again is the same submission).
    try {
      return await insertWithEffects(
        this.store,
        REPORTS,
        report,
        await this.routeEffects(report, input),
        now,
      );
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const raced = await this.col.findOne({ _id: id });
      if (!raced) throw err;
      return this.route(raced, input);
    }
  }

  /**
   * The same submission again, for a report already stored. One stored unrouted by an
   * earlier version (`_rev` still 0) is routed now — audit entry and notifications, once;
   * one stored routed whose effects a crash left inside is flushed now; any other is
   * returned as it is.
   */
  private async route(report: ReportDoc, input: NewReport): Promise<ReportDoc> {
    if ((report._rev ?? 0) > 0) {
      // Stored by a process that died before flushing its effects: flushed now, not later.
      if (report._effects?.length) await flushEffects(this.store, REPORTS, report);
      return report;
    }
    const now = this.clock.now();
    const routed = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: { _id: report._id, _rev: 0 },
      update: { $set: { updatedAt: now } },
      now,
      effects: await this.routeEffects(report, input),
    });
    return routed ?? (await this.col.findOne({ _id: report._id })) ?? report;
  }

  /** A new report's audit entry and its first owners' notifications. */
  private async routeEffects(report: ReportDoc, input: NewReport): Promise<EffectInput[]> {
    const card = await this.card(report);
    return [
      auditEffect({
        itemType: "report",
        itemId: report._id,
        actor: { personId: input.person._id, platform: input.platform, userId: input.chatId },
        action: "report.submitted",
        to: "submitted",
        data: { code: report.code, step: report.step, owners: report.owners },
      }),
      ...(await this.ownerNotes(
        report.owners,
        { ...card, reason: "new" },
        report,
        `rep:${report._id}:assigned:0`,
      )),
    ];
  }

  async support(
    reportId: string,
    person: PersonDoc,
    actor: ActorInfo,
  ): Promise<"ok" | "already" | "own" | "closed"> {
    const now = this.clock.now();
    const done = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: {
        _id: reportId,
        districtId: person.districtId,
        state: { $in: [...OPEN_STATES] },
        supporters: { $ne: person._id },
        reporterId: { $ne: person._id },
      },
      update: { $addToSet: { supporters: person._id }, $set: { updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "report",
          itemId: reportId,
          actor,
          action: "report.supported",
        }),
      ],
    });
    if (done) return "ok";
    const r = await this.col.findOne({ _id: reportId });
    if (!r || !isOpen(r.state)) return "closed";
    return r.reporterId === person._id ? "own" : "already";
  }

  // ------------------------------------------------------------------ who may see / act

  async isPrivileged(person: PersonDoc, report: ReportDoc): Promise<boolean> {
    return (
      person.districtId === report.districtId &&
      person.roles.some((r) => r === "presidium" || r === "liaison" || r === "admin")
    );
  }

  async canAct(person: PersonDoc, report: ReportDoc): Promise<boolean> {
    return (await this.access(person, report)) === "yes";
  }

  /**
   * Whether this person may act on the report. The roster decides, not the owners saved on
   * the report: whoever holds the step's role now may act (a re-import may have given it
   * to them), and an owner of record who no longer holds it may not ("role_gone"). Owners
   * of lower rungs keep acting after an escalation while they still hold those rungs.
   */
  async access(person: PersonDoc, report: ReportDoc): Promise<"yes" | "no" | "role_gone"> {
    if (person.districtId !== report.districtId || !person.active) return "no";
    if (await this.isPrivileged(person, report)) return "yes";
    const district = await this.district(report.districtId);
    if ((await this.holders(district, report, report.step)).includes(person._id)) return "yes";
    if (!report.owners.includes(person._id) && !report.pastOwners.includes(person._id)) return "no";
    const below = district.ladders.report.slice(0, report.level);
    for (const step of below)
      if ((await this.holders(district, report, step)).includes(person._id)) return "yes";
    return "role_gone";
  }

  async canSee(person: PersonDoc, report: ReportDoc): Promise<boolean> {
    return (
      report.reporterId === person._id ||
      report.supporters.includes(person._id) ||
      (await this.canAct(person, report))
    );
  }

  /**
   * Where "no agreement" would send the report now: the presidium rung and its people, or
   * null where it cannot (already at the presidium or above it, or nobody on the presidium).
   */
  async noAgreeRoute(
    report: ReportDoc,
  ): Promise<{ level: number; step: string; owners: string[] } | null> {
    const district = await this.district(report.districtId);
    const level = noAgreeLevel(district.ladders.report, report.level);
    if (level === null) return null;
    const route = await this.ownersFrom(district, report, level);
    return route?.step === "presidium" ? route : null;
  }

  /** The refusal of a "no agreement" that could not move the report. */
  noAgreeRefused(report: ReportDoc): ActResult {
    return { ok: false, why: "invalid", unavailable: "noagree", report };
  }

  // ------------------------------------------------------------------ owner actions

  /** Explains a stale press: the last thing that happened to the report, by whom, when. */
  async stale(report: ReportDoc, superseded = false): Promise<ActResult> {
    const history = await this.repos.audit.history("report", report._id);
    const last = history.at(-1);
    const by = last?.actor.personId
      ? (await this.repos.people.get(last.actor.personId))?.name
      : undefined;
    return {
      ok: false,
      why: "stale",
      report,
      last,
      lastBy: by,
      ...(superseded ? { superseded: true as const } : {}),
    };
  }

  /**
   * An owner (or presidium, liaison, admin) acts on a report. Re-checks role and state in
   * the store; the transition is guarded on the state and revision seen here, so of two
   * presses only one applies.
   */
  async act(
    reportId: string,
    action: OwnerAction,
    actor: ActorInfo,
    input: ActInput = {},
  ): Promise<ActResult> {
    const report = await this.col.findOne({ _id: reportId });
    if (!report) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    const access = person ? await this.access(person, report) : "no";
    if (access === "role_gone") return { ok: false, why: "forbidden", roleGone: true, report };
    if (!person || access !== "yes") return { ok: false, why: "forbidden" };
    if (!canApply(action, report.state)) return this.stale(report);
    if (action === "reject" && !input.reason) return { ok: false, why: "invalid" };
    if (action === "ask" && !input.question) return { ok: false, why: "invalid" };
    // Refused before anything is written: no audit entry, and nobody told it moved.
    const noagree = action === "noagree" ? await this.noAgreeRoute(report) : null;
    if (action === "noagree" && !noagree) return this.noAgreeRefused(report);
    // The original is checked again here, not only when its code was typed: it may have
    // been rejected since (perhaps as this report's own duplicate).
    const original =
      action === "reject" && input.reason === "duplicate"
        ? await this.claimOriginal(report, input.duplicateOf ?? "")
        : null;
    if (original && !original.ok) return original.refused;

    const now = this.clock.now();
    const district = await this.district(report.districtId);
    const target = OWNER_TRANSITIONS[action].to;
    const to: ReportState = target === "same" ? report.state : target;
    const set: Record<string, unknown> = { updatedAt: now };
    const unset: Record<string, ""> = {};
    const push: Record<string, unknown> = {};
    const effects: EffectInput[] = [];
    const key = `rep:${reportId}:${report._rev ?? 0}:${action}`;
    const card = await this.card(report);
    let ownersToTell: string[] = [];
    let assignedReason = "";

    if (to !== report.state) {
      set.state = to;
      set.stateSince = now;
      const dl = this.deadline(district, to, now);
      Object.assign(set, dl.$set ?? {});
      Object.assign(unset, dl.$unset ?? {});
    }
    // Which deputy a referral went to, by code: names may be edited in a later import.
    const deputyCode = action === "refer" ? referredDeputy(district.deputies, input) : undefined;
    if (action === "refer")
      set.referral = {
        deputy: input.deputy,
        ...(input.deputyEn ? { deputyEn: input.deputyEn } : {}),
        unit: input.unit,
        note: input.note,
      };
    if (action === "resolve") set.resolution = input.note ?? "";
    if (action === "reject")
      set.rejection = { reason: input.reason, duplicateOf: input.duplicateOf, note: input.note };
    if (action === "ask")
      push.questions = { id: newId(now).slice(-8), at: now, by: person._id, text: input.question };
    if (noagree) {
      // Straight to the presidium with the secretary's note (the article's rule).
      Object.assign(set, {
        level: noagree.level,
        step: noagree.step,
        owners: noagree.owners,
        pastOwners: [...new Set([...report.pastOwners, ...report.owners])],
      });
      if (!report.agenda.includes("presidium")) push.agenda = "presidium";
      Object.assign(set, this.deadline(district, report.state, now).$set ?? {});
      ownersToTell = noagree.owners;
      assignedReason = "noagree";
    }

    effects.push(
      auditEffect({
        itemType: "report",
        itemId: reportId,
        actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
        action: `report.${action}`,
        from: report.state,
        to,
        note: input.note ?? input.question,
        data: {
          ...(input.deputy ? { deputy: input.deputy } : {}),
          ...(input.deputyEn ? { deputyEn: input.deputyEn } : {}),
          ...(deputyCode ? { deputyCode } : {}),
          ...(input.unit ? { unit: input.unit } : {}),
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.duplicateOf ? { duplicateOf: input.duplicateOf } : {}),
          ...(set.step ? { step: set.step as string } : {}),
        },
      }),
    );
    const reporter = [
      {
        platform: report.reporter.platform,
        chatId: report.reporter.chatId,
        personId: report.reporterId,
      },
    ];
    const eventData = {
      ...card,
      state: to,
      event: action,
      note: input.note ?? "",
      deputy: input.deputy ?? "",
      deputyEn: input.deputyEn ?? "",
      unit: input.unit ?? "",
      reason: input.reason ?? "",
      duplicateOf: input.duplicateOf ?? "",
      question: input.question ?? "",
      questionId: action === "ask" ? (push.questions as { id: string }).id : "",
      // Which resolution the reporter's confirm buttons answer (see `confirm`).
      ...(action === "resolve" ? { resolutionNo: (report.resolutions ?? 0) + 1 } : {}),
      step: (set.step as string | undefined) ?? report.step,
      // Who could not agree with the municipality, named in "no agreement" notices.
      fromStep: report.step,
    };
    effects.push(
      ...this.notifyAll(
        reporter,
        action === "ask" ? NOTE.question : NOTE.update,
        eventData,
        report,
        `${key}:reporter`,
      ),
    );
    if (ownersToTell.length)
      effects.push(
        ...(await this.ownerNotes(
          ownersToTell,
          // Now at the presidium: "no agreement" cannot move it further.
          { ...eventData, reason: assignedReason, noagree: 0 },
          report,
          `${key}:assigned`,
        )),
      );
    // A question is for the reporter alone; every other step is news for supporters too.
    if (action !== "ask")
      effects.push(
        ...(await this.supporterNotes(report, eventData, key, [actor.personId, ...ownersToTell])),
      );

    const update: Update = { $set: set };
    if (Object.keys(unset).length) update.$unset = unset;
    if (Object.keys(push).length) update.$push = push;
    if (action === "resolve") update.$inc = { resolutions: 1 };
    const after = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: {
        _id: reportId,
        state: report.state,
        _rev: report._rev ?? 0,
        // Not while the original is being rejected as this report's duplicate: of two such
        // rejections racing, neither then applies (each claimed its original first).
        ...(original?.ok ? this.unclaimedBy(original.id, now) : {}),
      },
      update,
      now,
      effects,
      ...(input.transitionId ? { transitionId: input.transitionId } : {}),
    });
    if (original?.ok) await this.releaseClaim(original.id, reportId);
    if (!after) {
      const fresh = await this.col.findOne({ _id: reportId });
      if (!fresh) return { ok: false, why: "not_found" };
      // Lost to the reverse rejection (the original claimed this one) rather than to a press.
      if (
        original?.ok &&
        fresh.state === report.state &&
        fresh._rev === report._rev &&
        this.claimed(fresh, original.id, now)
      )
        return this.originalRefused(report, input.duplicateOf ?? "", "rejected");
      return this.stale(fresh);
    }
    return { ok: true, report: after };
  }

  /**
   * Marks the original of a duplicate rejection as claimed by `report`, guarded on its being
   * another report of the district that is not rejected. A rejection of the original as
   * `report`'s duplicate then waits for the claim to go (see `unclaimedBy`). The claim
   * leaves the revision alone, so nobody's press on the original turns stale.
   */
  private async claimOriginal(
    report: ReportDoc,
    code: string,
  ): Promise<{ ok: true; id: string } | { ok: false; refused: ActResult }> {
    const original = code ? await this.col.findOne({ districtId: report.districtId, code }) : null;
    if (!original || original._id === report._id)
      return { ok: false, refused: this.originalRefused(report, code, "missing") };
    const now = this.clock.now();
    const claimed = await this.col.updateOne(
      { _id: original._id, state: { $ne: "rejected" } },
      { $push: { dupClaims: { by: report._id, at: now } } },
    );
    if (!claimed.matchedCount)
      return { ok: false, refused: this.originalRefused(report, code, "rejected") };
    return { ok: true, id: original._id };
  }

  /** A filter part: no live claim on this report by `by` (a lapsed one left by a crash is ignored). */
  private unclaimedBy(by: string, now: number): Filter {
    return {
      dupClaims: { $not: { $elemMatch: { by, at: { $gt: now - DUPLICATE_CLAIM_MS } } } },
    };
  }

  private claimed(report: ReportDoc, by: string, now: number): boolean {
    return (report.dupClaims ?? []).some((c) => c.by === by && c.at > now - DUPLICATE_CLAIM_MS);
  }

  private async releaseClaim(originalId: string, by: string): Promise<void> {
    await this.col.updateOne({ _id: originalId }, { $pull: { dupClaims: { by } } });
  }

  private originalRefused(
    report: ReportDoc,
    duplicateOf: string,
    original: "missing" | "rejected",
  ): ActResult {
    return { ok: false, why: "invalid", original, report, duplicateOf };
  }

  /**
   * Whether `act` with this `transitionId` moved the report: its audit entry (the first
   * effect) is stored, or still waits in the report after a crash before the flush.
   */
  async actedAs(reportId: string, transitionId: string): Promise<boolean> {
    const effectId = `${transitionId}:0`;
    if (await this.store.collection<AuditDoc>("audit").findOne({ _id: `audit:${effectId}` }))
      return true;
    return Boolean(await this.col.findOne({ _id: reportId, "_effects._id": effectId }));
  }

  // ------------------------------------------------------------------ reporter's side

  /** The reporter answers an owner's question; the answer lands on the report. */
  async answer(
    reportId: string,
    questionId: string,
    actor: ActorInfo,
    text: string,
  ): Promise<ActResult> {
    const report = await this.col.findOne({ _id: reportId });
    if (!report) return { ok: false, why: "not_found" };
    if (report.reporterId !== actor.personId) return { ok: false, why: "forbidden" };
    const idx = report.questions.findIndex((q) => q.id === questionId);
    const q = report.questions[idx];
    if (!q || q.answer !== undefined) return this.stale(report);
    // Nobody acts on a report that is no longer open: the answer would go unread.
    if (!isOpen(report.state)) return { ok: false, why: "invalid", notOpen: true, report };
    const now = this.clock.now();
    const card = await this.card(report);
    const after = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: {
        _id: reportId,
        [`questions.${idx}.id`]: questionId,
        [`questions.${idx}.answer`]: { $exists: false },
        state: { $in: [...OPEN_STATES] },
      },
      update: {
        $set: {
          [`questions.${idx}.answer`]: text,
          [`questions.${idx}.answeredAt`]: now,
          updatedAt: now,
        },
      },
      now,
      effects: [
        auditEffect({
          itemType: "report",
          itemId: reportId,
          actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
          action: "report.answered",
          note: text,
        }),
        ...this.notifyAll(
          await this.recipients([q.by, ...report.owners.filter((o) => o !== q.by)]),
          NOTE.answer,
          { ...card, question: q.text, answer: text },
          report,
          `rep:${reportId}:answer:${questionId}`,
        ),
      ],
    });
    if (after) return { ok: true, report: after };
    const fresh = await this.col.findOne({ _id: reportId });
    if (fresh && !isOpen(fresh.state))
      return { ok: false, why: "invalid", notOpen: true, report: fresh };
    return this.stale(fresh ?? report);
  }

  /**
   * After "resolved": fixed → closed; not fixed → reopened, back to the owner, a breach.
   * `resolution` names the resolution the button answers (its number): one of an earlier
   * resolution does not act on a later one. Buttons sent before they carried it answer
   * whichever resolution waits.
   */
  async confirm(
    reportId: string,
    actor: ActorInfo,
    fixed: boolean,
    resolution?: number,
  ): Promise<ActResult> {
    const report = await this.col.findOne({ _id: reportId });
    if (!report) return { ok: false, why: "not_found" };
    if (report.reporterId !== actor.personId) return { ok: false, why: "forbidden" };
    if (resolution !== undefined && (report.resolutions ?? 0) !== resolution)
      return this.stale(report, true);
    if (report.state !== "resolved") return this.stale(report);
    const now = this.clock.now();
    const district = await this.district(report.districtId);
    const to: ReportState = fixed ? "closed" : "reopened";
    const dl = this.deadline(district, to, now);
    const card = await this.card(report);
    const key = `rep:${reportId}:${report._rev ?? 0}:${to}`;
    // Reopened, it goes to whoever holds its step on today's roster, not to owners who
    // have left or lost the role since (with nobody there, it stays with the saved owners).
    const route = fixed ? null : await this.ownersFrom(district, report, report.level);
    const rerouted = route && !sameOwners(route, report) ? route : null;
    const owners = rerouted?.owners ?? report.owners;
    const update: Update = {
      $set: {
        state: to,
        stateSince: now,
        updatedAt: now,
        ...(dl.$set ?? {}),
        ...(rerouted ? { level: rerouted.level, step: rerouted.step, owners } : {}),
      },
      ...(dl.$unset ? { $unset: dl.$unset } : {}),
      ...(fixed ? {} : { $inc: { breaches: 1 } }),
    };
    const data = {
      ...card,
      state: to,
      event: to,
      note: "",
      reason: fixed ? "" : "not_fixed",
      ...(rerouted ? { step: rerouted.step } : {}),
    };
    const after = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: {
        _id: reportId,
        state: "resolved",
        _rev: report._rev ?? 0,
        ...(resolution !== undefined ? { resolutions: resolution } : {}),
      },
      update,
      now,
      effects: [
        auditEffect({
          itemType: "report",
          itemId: reportId,
          actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
          action: fixed ? "report.closed" : "report.reopened",
          from: "resolved",
          to,
          // Not fixed counts as a breach (the $inc above); the reason is data, not words.
          ...(fixed
            ? {}
            : {
                data: {
                  reason: "not_fixed",
                  breach: true,
                  ...(rerouted ? { fromOwners: report.owners, owners, step: rerouted.step } : {}),
                },
              }),
        }),
        ...(fixed
          ? this.notifyAll(
              await this.recipients([...owners]),
              NOTE.update,
              data,
              report,
              `${key}:owners`,
            )
          : await this.ownerNotes(
              [...owners],
              { ...data, reason: "reopened" },
              report,
              `${key}:owners`,
            )),
        ...this.notifyAll(
          [
            {
              platform: report.reporter.platform,
              chatId: report.reporter.chatId,
              personId: report.reporterId,
            },
          ],
          NOTE.update,
          data,
          report,
          `${key}:reporter`,
        ),
        ...(await this.supporterNotes(report, data, key, owners)),
      ],
    });
    return after ? { ok: true, report: after } : this.stale(report);
  }

  // ------------------------------------------------------------------ roster changes

  /**
   * After the roster changed (a re-import moved a role, switched someone off), hands each
   * open report whose owners no longer hold its step to whoever holds it now — or, where
   * nobody does, to the next rung with someone on it, as filing would. Each handover is a
   * guarded transition with its audit entry and the new owners' notification. The roster
   * version checked last is kept in the store, so an unchanged roster (every sweep, every
   * restart) costs one look at it; a changed one is read in pages of open reports, with
   * who holds each rung looked up once per rung, subject and neighbourhood, and the event
   * loop let go between pages.
   */
  async reassignAfterRosterChange(): Promise<number> {
    const deps = { store: this.store, repos: this.repos, log: this.log, clock: this.clock };
    return afterRosterChange(deps, {
      // Before proposals had a scan of their own, this one's record was the bare district id.
      checkId: (districtId) => districtId,
      items: this.col,
      filter: (districtId) => ({ districtId, state: { $in: [...OPEN_STATES] } }),
      projection: { subject: 1, neighborhood: 1, level: 1, owners: 1 },
      what: "report",
      visit: async (district, r, memo) => {
        const route = await this.ownersFrom(district, r, r.level, memo);
        if (!route || sameOwners(route, r)) return false;
        const report = await this.col.findOne({ _id: r._id });
        return Boolean(report && (await this.reassign(district, report, memo)));
      },
    });
  }

  private async reassign(
    district: DistrictDoc,
    report: ReportDoc,
    memo?: Map<string, string[]>,
  ): Promise<boolean> {
    const route = await this.ownersFrom(district, report, report.level, memo);
    if (!route || sameOwners(route, report)) return false;
    const now = this.clock.now();
    const fresh = route.owners.filter((o) => !report.owners.includes(o));
    const card = await this.card(report);
    const data = {
      ...card,
      step: route.step,
      reason: "roster",
      noagree: noAgreeLevel(district.ladders.report, route.level) === null ? 0 : 1,
    };
    const set: Record<string, unknown> = {
      level: route.level,
      step: route.step,
      owners: route.owners,
      updatedAt: now,
    };
    const push: Record<string, unknown> = {};
    if (route.step === "presidium" && !report.agenda.includes("presidium"))
      push.agenda = "presidium";
    const after = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: { _id: report._id, state: report.state, _rev: report._rev ?? 0 },
      update: Object.keys(push).length ? { $set: set, $push: push } : { $set: set },
      now,
      effects: [
        auditEffect({
          itemType: "report",
          itemId: report._id,
          actor: { system: "roster" },
          action: "report.reassigned",
          from: report.state,
          to: report.state,
          data: {
            fromStep: report.step,
            toStep: route.step,
            level: route.level,
            fromOwners: report.owners,
            owners: route.owners,
          },
        }),
        ...(await this.ownerNotes(
          fresh,
          data,
          report,
          `rep:${report._id}:${report._rev ?? 0}:reassigned`,
        )),
      ],
    });
    if (after) this.log.info({ report: report.code, to: route.step }, "report handed over");
    return Boolean(after);
  }

  // ------------------------------------------------------------------ escalation

  /**
   * Moves every report past its deadline one rung up — once per breach: the transition is
   * guarded on the deadline it breached, so a second sweep (or instance) finds nothing.
   * The query reads only what is due (index on deadlineAt), whatever else is stored.
   */
  async escalateDue(limit = 500): Promise<number> {
    const now = this.clock.now();
    let moved = 0;
    // One report that cannot move (its district gone, a broken document) must not hold up
    // every report due after it, this sweep and every later one: it is logged and skipped.
    const failed: string[] = [];
    for (;;) {
      const due = await this.col.find(
        { deadlineAt: { $lte: now }, ...(failed.length ? { _id: { $nin: failed } } : {}) },
        { sort: { deadlineAt: 1 }, limit },
      );
      if (!due.length) return moved;
      for (const report of due) {
        try {
          if (await this.escalate(report, now)) moved++;
        } catch (err) {
          failed.push(report._id);
          this.log.error({ err, report: report.code }, "report escalation failed; the rest go on");
        }
      }
      if (due.length < limit) return moved;
    }
  }

  private async escalate(report: ReportDoc, now: number): Promise<boolean> {
    const district = await this.district(report.districtId);
    const next = await this.ownersFrom(district, report, report.level + 1);
    const guard: Filter = {
      _id: report._id,
      deadlineAt: report.deadlineAt,
      level: report.level,
      state: report.state,
    };
    const key = `rep:${report._id}:breach:${report.level}:${report.deadlineAt}`;
    const card = await this.card(report);
    const atTop = !next;
    const set: Record<string, unknown> = { updatedAt: now };
    const push: Record<string, unknown> = {};
    if (next) {
      Object.assign(set, {
        level: next.level,
        step: next.step,
        owners: next.owners,
        pastOwners: [...new Set([...report.pastOwners, ...report.owners])],
      });
      if (next.step === "presidium" && !report.agenda.includes("presidium"))
        push.agenda = "presidium";
    }
    // A fresh deadline at the new rung; at the top rung the breach is recorded and the clock
    // restarts so the top owners are reminded again, never more than once per deadline.
    Object.assign(set, this.deadline(district, report.state, now).$set ?? {});
    const step = next?.step ?? report.step;
    const data = {
      ...card,
      noagree: noAgreeLevel(district.ladders.report, next?.level ?? report.level) === null ? 0 : 1,
      // At the top nothing moves: the owners are told it is overdue and still theirs.
      reason: atTop ? "overdue" : "escalated",
      step,
      fromStep: report.step,
      breaches: report.breaches + 1,
    };
    const effects: EffectInput[] = [
      auditEffect({
        itemType: "report",
        itemId: report._id,
        actor: { system: "escalation" },
        action: atTop ? "report.breach" : "report.escalated",
        from: report.state,
        to: report.state,
        data: {
          fromStep: report.step,
          toStep: step,
          level: next?.level ?? report.level,
          ...(report.deadlineKind ? { deadline: report.deadlineKind } : {}),
        },
      }),
      ...(await this.ownerNotes(
        next ? next.owners : report.owners,
        data,
        report,
        `${key}:owners`,
        // At the top the owners are only reminded: the liaison heard of them when it came.
        !atTop,
      )),
    ];
    if (next) {
      // Whoever owns it at the new rung too (a district secretary on the presidium) was just
      // told it came to them; "it left you" would contradict that.
      const left = report.owners.filter((o) => !next.owners.includes(o));
      effects.push(
        ...this.notifyAll(await this.recipients(left), NOTE.moved, data, report, `${key}:moved`),
        ...this.notifyAll(
          [
            {
              platform: report.reporter.platform,
              chatId: report.reporter.chatId,
              personId: report.reporterId,
            },
          ],
          NOTE.update,
          { ...data, event: "escalated", state: report.state },
          report,
          `${key}:reporter`,
        ),
        ...(await this.supporterNotes(
          report,
          { ...data, event: "escalated", state: report.state },
          key,
          [...next.owners, ...report.owners],
        )),
      );
    }
    const update: Update = { $set: set, $inc: { breaches: 1 } };
    if (Object.keys(push).length) update.$push = push;
    const after = await transition<ReportDoc>(this.store, {
      collection: REPORTS,
      filter: guard,
      update,
      now,
      effects,
    });
    if (after) this.log.info({ report: report.code, to: step }, "report escalated");
    return Boolean(after);
  }

  // ------------------------------------------------------------------ reading

  /**
   * Up to `limit` of the reports this person filed next to `at`, newest first (creation
   * time, then number): pages continue from a report shown, so one filed meanwhile moves
   * no other across pages. Only the person's own reports are read, whatever the key.
   */
  mine(personId: string, at: ListAt<ListKey>, limit: number): Promise<ReportDoc[]> {
    return findKeyed(this.col, { reporterId: personId }, ["createdAt", "seq"], at, limit);
  }

  /** The oldest open reports waiting for this person's action (at most WAITING_LIST). */
  waitingFor(person: PersonDoc): Promise<ReportDoc[]> {
    return this.col.find(
      { owners: person._id, state: { $in: [...OPEN_STATES] } },
      { sort: { stateSince: 1 }, limit: WAITING_LIST },
    );
  }

  /** How many open reports wait for this person's action in all. */
  countWaiting(person: PersonDoc): Promise<number> {
    return this.col.countDocuments({ owners: person._id, state: { $in: [...OPEN_STATES] } });
  }

  get(id: string): Promise<ReportDoc | null> {
    return this.col.findOne({ _id: id });
  }

  byCode(districtId: string, code: string): Promise<ReportDoc | null> {
    return this.col.findOne({ districtId, code });
  }

  history(id: string): Promise<AuditDoc[]> {
    return this.repos.audit.history("report", id);
  }
}
