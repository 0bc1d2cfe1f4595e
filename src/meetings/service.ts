import type { Clock } from "../clock.ts";
import { calendarOf } from "../district/calendar.ts";
import { hasRole } from "../district/roles.ts";
import { type DistrictDoc, findNeighborhood } from "../district/schema.ts";
import { type MonthlyRule, occurrenceInMonth, occurrencesWithin } from "../domain/recurrence.ts";
import { jalaliToUtc, toJalali } from "../domain/time.ts";
import { addWorkingDays, isHoliday } from "../domain/workdays.ts";
import type { Logger } from "../log.ts";
import {
  auditEffect,
  cancelJobEffect,
  type EffectInput,
  notifyEach,
  notifyEffect,
  scheduleEffect,
  transition,
  withdrawEffect,
} from "../notify/effects.ts";
import { ownerNotices } from "../notify/held.ts";
import { districtQuietHours, quietHoursEnd } from "../notify/quiet-hours.ts";
import type { Priority, Recipient } from "../notify/types.ts";
import type { ActResult, ReportService } from "../reports/service.ts";
import type { Repos } from "../repos/index.ts";
import { afterRosterChange } from "../repos/roster-scan.ts";
import type { AuditDoc, PersonDoc, Platform } from "../repos/types.ts";
import type { JobDoc } from "../scheduler/jobs.ts";
import { newId } from "../store/ids.ts";
import { type Filter, isDuplicateKeyError, type Json, type Store } from "../store/port.ts";
import { suggestAgenda } from "./agenda.ts";
import {
  ACTION_ITEMS,
  type ActionItemDoc,
  type ActionOwner,
  type AgendaItem,
  MEETING_SERIES,
  MEETINGS,
  type MeetingDoc,
  type MeetingScope,
  type MeetingSeriesDoc,
  type Minutes,
  type MinutesFollowUp,
  type MinutesItemDecision,
} from "./types.ts";

/** Outbox kinds (renderers in notifications.ts). */
export const MNOTE = {
  scheduled: "meeting.scheduled",
  reminder: "meeting.reminder",
  groupReminder: "meeting.reminder.group",
  moved: "meeting.moved",
  cancelled: "meeting.cancelled",
  lowAttendance: "meeting.low_attendance",
  seriesNag: "meeting.series_nag",
  minutesNag: "meeting.minutes_nag",
  minutes: "meeting.minutes",
  actionAssigned: "meeting.action_assigned",
  actionDue: "meeting.action_due",
  actionOverdue: "meeting.action_overdue",
  actionDone: "meeting.action_done",
  dateRequest: "meeting.date_request",
  dateAnswer: "meeting.date_answer",
} as const;

/**
 * Messages about a meeting at a given time: obsolete once it is cancelled or moved (or, for
 * the minutes reminder, held), so those still waiting (e.g. held overnight by quiet hours)
 * are withdrawn, and the sender drops any that it already picked up.
 */
export const TIME_BOUND_NOTES = [
  MNOTE.scheduled,
  MNOTE.reminder,
  MNOTE.groupReminder,
  MNOTE.moved,
  MNOTE.lowAttendance,
  MNOTE.minutesNag,
] as const;

/** Job kinds. */
export const MJOB = { reminder: "meeting.reminder", attendance: "meeting.attendance" } as const;

/** Occurrences of a series are generated this many Jalali months ahead. */
export const SERIES_MONTHS_AHEAD = 3;
/** Jalali day from which a series month without a meeting nags its secretary. */
export const SERIES_NAG_DAY = 20;
/** Owners are reminded this long before an action item is due. */
export const ACTION_REMIND_BEFORE_MS = 24 * 3_600_000;
/** Working days each escalation rung of an overdue action item gets before the next. */
export const ACTION_ESCALATION_DAYS = 3;
/**
 * The most items an agenda holds: more is no meeting's business, and the edit view's two
 * buttons per item must stay within the Bot API's 100 buttons a message.
 */
// The locales' meeting-result-agenda_full names this number.
export const MAX_AGENDA = 40;

/**
 * The agenda's order as a short stamp for its edit buttons: a button made for another
 * order points at other items. (Answers and reminders change the meeting, not this.)
 */
export function agendaStamp(agenda: readonly { id: string }[]): string {
  let h = 0x811c9dc5;
  for (const ch of agenda.map((a) => a.id).join("|")) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Reminders this close to the start go out even in quiet hours. */
export const URGENT_OFFSET_MIN = 120;

/**
 * Whether a reminder `offset` minutes ahead is still worth sending at `now`: the meeting
 * has not started, and no later reminder is due yet (after downtime or a quiet-hours hold
 * only the latest one goes out).
 */
export function reminderCurrent(
  m: Pick<MeetingDoc, "startAt" | "reminderOffsets">,
  offset: number,
  now: number,
): boolean {
  const left = m.startAt - now;
  if (left <= 0) return false;
  return !m.reminderOffsets.some((o) => o < offset && left <= o * 60_000);
}

export interface Actor {
  personId: string;
  platform: Platform;
  userId: number;
}

export interface MeetingInput {
  person: PersonDoc;
  scope: MeetingScope;
  startAt: number;
  durationMin?: number;
  place?: string;
  link?: string;
  notes?: string;
  reminderOffsets?: number[];
}

export interface SeriesInput extends Omit<MeetingInput, "startAt"> {
  rule: MonthlyRule;
  hour: number;
  minute: number;
}

export type MeetingResult =
  | { ok: true; meeting: MeetingDoc; unchanged?: boolean }
  | { ok: false; why: "not_found" | "forbidden" | "invalid" | "started" | "agenda_full" }
  | { ok: false; why: "stale"; meeting: MeetingDoc; last?: AuditDoc; lastBy?: string };

export type ItemResult =
  | { ok: true; item: ActionItemDoc }
  | { ok: false; why: "not_found" | "forbidden" | "invalid" | "stale" | "changed" | "past" };

export interface MinutesInput {
  attended: string[];
  decisions: MinutesItemDecision[];
  notes?: string;
  actionItems: { text: string; owner: ActionOwner; dueAt: number; reportId?: string }[];
}

const scopeKey = (s: MeetingScope): string =>
  s.kind === "wg"
    ? `wg:${s.level}:${s.subject}${s.level === "neighborhood" ? `:${s.neighborhood}` : ""}`
    : s.kind === "council"
      ? `council:${s.neighborhood}`
      : "presidium";

export function sameScope(a: MeetingScope, b: MeetingScope): boolean {
  return scopeKey(a) === scopeKey(b);
}

/** The scopes a person may schedule meetings for (DESIGN §1: secretaries and the presidium). */
export function schedulableScopes(person: PersonDoc, district: DistrictDoc): MeetingScope[] {
  const out: MeetingScope[] = [];
  const groups = district.workingGroups;
  for (const r of person.roles) {
    const [kind, subject] = r.split(":");
    if (kind === "wg_secretary" && subject && person.neighborhood)
      if (groups.some((g) => g.subject === subject && g.level === "neighborhood"))
        out.push({
          kind: "wg",
          level: "neighborhood",
          subject,
          neighborhood: person.neighborhood,
        });
    if (kind === "district_wg_secretary" && subject)
      if (groups.some((g) => g.subject === subject && g.level === "district"))
        out.push({ kind: "wg", level: "district", subject });
  }
  if (hasRole(person.roles, "presidium")) out.push({ kind: "presidium" });
  if (hasRole(person.roles, "neighborhood_secretary") && person.neighborhood)
    out.push({ kind: "council", neighborhood: person.neighborhood });
  return out;
}

export function canRun(person: PersonDoc, district: DistrictDoc, scope: MeetingScope): boolean {
  return (
    person.active &&
    person.districtId === district._id &&
    schedulableScopes(person, district).some((s) => sameScope(s, scope))
  );
}

const reminderJobId = (id: string, offset: number, tv: number) => `mtg-rem:${id}:${offset}:${tv}`;
const attendanceJobId = (id: string, tv: number) => `mtg-att:${id}:${tv}`;

/**
 * Meetings: scheduling (one-off and monthly Jalali series), reminders with RSVP, agendas,
 * minutes and action items. Every state change is one guarded transition (state AND
 * `_rev`) carrying its audit entry, notifications and reminder jobs.
 */
export class MeetingService {
  readonly meetings;
  readonly series;
  readonly items;
  constructor(
    private readonly store: Store,
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly reports: ReportService,
  ) {
    this.meetings = store.collection<MeetingDoc>(MEETINGS);
    this.series = store.collection<MeetingSeriesDoc>(MEETING_SERIES);
    this.items = store.collection<ActionItemDoc>(ACTION_ITEMS);
  }

  async ensureIndexes(): Promise<void> {
    await this.meetings.createIndex({ keys: { districtId: 1, startAt: 1 } });
    await this.meetings.createIndex({ keys: { participants: 1, startAt: 1 } });
    await this.meetings.createIndex({ keys: { seriesId: 1, startAt: 1 } });
    await this.meetings.createIndex({ keys: { minutesDueAt: 1 }, name: "minutes_due" });
    await this.meetings.createIndex({
      keys: { "minutesFollowUp.at": 1 },
      name: "minutes_follow_up",
    });
    await this.items.createIndex({ keys: { deadlineAt: 1 }, name: "deadline" });
    await this.items.createIndex({ keys: { remindAt: 1 }, name: "remind" });
    await this.items.createIndex({ keys: { ownerIds: 1, state: 1 } });
    await this.series.createIndex({ keys: { districtId: 1, active: 1 } });
  }

  // ------------------------------------------------------------------ helpers

  district(id: string): Promise<DistrictDoc> {
    return this.repos.districts.mustGet(id);
  }

  /** Every reachable private chat of these people (a person may use Telegram and Bale). */
  recipients(personIds: string[]): Promise<Recipient[]> {
    return this.repos.identities.recipientsOf(personIds);
  }

  private async notifyAll(
    personIds: string[],
    kind: string,
    data: { [k: string]: Json },
    districtId: string,
    key: string,
    priority: Priority = "normal",
  ): Promise<EffectInput[]> {
    return notifyEach(await this.recipients(personIds), { kind, data, districtId, key, priority });
  }

  /** People of the roster who take part in a meeting of this scope. */
  async participantsFor(district: DistrictDoc, scope: MeetingScope): Promise<string[]> {
    const ids = new Set<string>();
    const add = async (role: string, extra: Record<string, unknown> = {}) => {
      for (const p of await this.repos.people.withRole(district._id, role, extra)) ids.add(p._id);
    };
    if (scope.kind === "wg") {
      if (scope.level === "neighborhood") {
        await add(`wg_secretary:${scope.subject}`, { neighborhood: scope.neighborhood });
        await add(`wg_member:${scope.subject}`, { neighborhood: scope.neighborhood });
      } else {
        // The district group: its secretary and the neighbourhood groups' secretaries.
        await add(`district_wg_secretary:${scope.subject}`);
        await add(`wg_secretary:${scope.subject}`);
      }
      await add(`deputy:${scope.subject}`);
    } else if (scope.kind === "presidium") {
      await add("presidium");
      await add("mayor");
    } else {
      await add("councillor", { neighborhood: scope.neighborhood });
      await add("neighborhood_secretary", { neighborhood: scope.neighborhood });
    }
    return [...ids].sort();
  }

  /** Labels a notification needs in both languages (rendered at send time). */
  async card(m: MeetingDoc): Promise<{ [k: string]: Json }> {
    const district = await this.district(m.districtId);
    const s = m.scope;
    const subject =
      s.kind === "wg" ? district.subjects.find((x) => x.code === s.subject) : undefined;
    const hoodCode = s.kind === "council" || (s.kind === "wg" && s.level === "neighborhood");
    const hood = hoodCode
      ? findNeighborhood(district, (s as { neighborhood: string }).neighborhood)
      : undefined;
    // A meeting still to come is run by whoever holds its secretary role now (a re-import may
    // have passed it on); a held or cancelled one keeps the secretary who had it then.
    let secretaryId = m.secretaryId;
    if (m.state === "scheduled") {
      const now = await this.secretariesOf(m);
      if (!now.includes(secretaryId)) secretaryId = now[0]!;
    }
    const secretary = await this.repos.people.get(secretaryId);
    return {
      meetingId: m._id,
      scopeKind: s.kind === "wg" ? `wg-${s.level}` : s.kind,
      subjectFa: subject?.name.fa ?? (s.kind === "wg" ? s.subject : ""),
      subjectEn: subject?.name.en ?? (s.kind === "wg" ? s.subject : ""),
      hoodFa: hood?.name.fa ?? "",
      hoodEn: hood?.name.en ?? "",
      startAt: m.startAt,
      durationMin: m.durationMin,
      place: m.place ?? "",
      link: m.link ?? "",
      notes: m.notes ?? "",
      secretary: secretary?.name ?? "—",
      state: m.state,
      // Which time of the meeting a message speaks of (see TIME_BOUND_NOTES).
      timeVersion: m.timeVersion ?? 0,
    };
  }

  /** Whether a day needs a warning: Friday or one of the district's holidays. */
  dayFlags(district: DistrictDoc, ts: number): { friday: boolean; holiday: boolean } {
    const j = toJalali(ts, district.timeZone);
    const friday = j.weekday === 6;
    // A listed holiday, Thursday included; an ordinary Thursday is only a short day.
    const holiday = !friday && isHoliday(ts, calendarOf(district));
    return { friday, holiday };
  }

  private reminderEffects(m: MeetingDoc, now: number): EffectInput[] {
    const effects: EffectInput[] = [];
    for (const offset of m.reminderOffsets) {
      const runAt = m.startAt - offset * 60_000;
      if (runAt <= now) continue;
      effects.push(
        scheduleEffect({
          _id: reminderJobId(m._id, offset, m.timeVersion),
          kind: MJOB.reminder,
          runAt,
          payload: { meetingId: m._id, offset, timeVersion: m.timeVersion },
        }),
      );
    }
    const attAt = m.startAt - 24 * 3_600_000;
    if (attAt > now)
      effects.push(
        scheduleEffect({
          _id: attendanceJobId(m._id, m.timeVersion),
          kind: MJOB.attendance,
          runAt: attAt,
          payload: { meetingId: m._id, timeVersion: m.timeVersion },
        }),
      );
    return effects;
  }

  private cancelReminderEffects(m: MeetingDoc): EffectInput[] {
    return [
      ...m.reminderOffsets.map((o) => cancelJobEffect(reminderJobId(m._id, o, m.timeVersion))),
      cancelJobEffect(attendanceJobId(m._id, m.timeVersion)),
    ];
  }

  private minutesDue(district: DistrictDoc, m: { startAt: number; durationMin: number }) {
    return addWorkingDays(
      m.startAt + m.durationMin * 60_000,
      district.deadlines.minutesReminder,
      calendarOf(district),
    );
  }

  /** Why an action on this meeting no longer applies: its state, and who changed it when. */
  async stale(m: MeetingDoc): Promise<MeetingResult> {
    // The last change of state (not a reminder or an answer logged since).
    const last = (await this.repos.audit.history("meeting", m._id)).filter((a) => a.to).at(-1);
    const lastBy = last?.actor.personId
      ? (await this.repos.people.get(last.actor.personId))?.name
      : undefined;
    return { ok: false, why: "stale", meeting: m, last, lastBy };
  }

  // ------------------------------------------------------------------ scheduling

  private newMeeting(
    id: string,
    district: DistrictDoc,
    input: Omit<MeetingInput, "person"> & { secretaryId: string; seriesId?: string },
    participants: string[],
    now: number,
  ): MeetingDoc {
    const durationMin = input.durationMin ?? 90;
    return {
      _id: id,
      districtId: district._id,
      ...(input.seriesId ? { seriesId: input.seriesId } : {}),
      scope: input.scope,
      secretaryId: input.secretaryId,
      startAt: input.startAt,
      durationMin,
      ...(input.place ? { place: input.place } : {}),
      ...(input.link ? { link: input.link } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
      state: "scheduled",
      participants,
      rsvp: {},
      timeVersion: 0,
      reminderOffsets: [
        ...(input.reminderOffsets ?? district.meetings.reminderOffsetsMinutes),
      ].sort((a, b) => b - a),
      remindersSent: [],
      agenda: [],
      agendaRemoved: [],
      agendaBuilt: false,
      minutesDueAt: this.minutesDue(district, { startAt: input.startAt, durationMin }),
      minutesStage: 0,
      createdAt: now,
      updatedAt: now,
      _rev: 0,
      _effects: [],
    };
  }

  /** Inserts a meeting and announces it with its reminders; idempotent per id. */
  private async insertAndAnnounce(m: MeetingDoc, actor: Actor | null): Promise<MeetingDoc> {
    try {
      await this.meetings.insertOne(m);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.meetings.findOne({ _id: m._id }))!;
    }
    const now = this.clock.now();
    const card = await this.card(m);
    const after = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, _rev: 0 },
      update: { $set: { updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "meeting",
          itemId: m._id,
          actor: actor ?? { system: "series" },
          action: "meeting.scheduled",
          to: "scheduled",
          data: { startAt: m.startAt, participants: m.participants.length },
        }),
        ...this.reminderEffects(m, now),
        ...(await this.notifyAll(
          m.participants,
          MNOTE.scheduled,
          card,
          m.districtId,
          `mtg:${m._id}:scheduled`,
          // A meeting that begins before quiet hours end is announced now, not after it.
          (quietHoursEnd(now, districtQuietHours(await this.district(m.districtId))) ?? 0) >=
            m.startAt
            ? "urgent"
            : "normal",
        )),
      ],
    });
    return after ?? m;
  }

  async create(input: MeetingInput, id: string = newId(this.clock.now())): Promise<MeetingResult> {
    const district = await this.district(input.person.districtId);
    if (!canRun(input.person, district, input.scope)) return { ok: false, why: "forbidden" };
    const now = this.clock.now();
    if (input.startAt <= now) return { ok: false, why: "invalid" };
    const participants = await this.participantsFor(district, input.scope);
    if (!participants.includes(input.person._id)) participants.push(input.person._id);
    const m = this.newMeeting(
      id,
      district,
      { ...input, secretaryId: input.person._id },
      participants,
      now,
    );
    const actor = { personId: input.person._id } as Actor;
    return { ok: true, meeting: await this.insertAndAnnounce(m, actor) };
  }

  async createSeries(
    input: SeriesInput,
    id: string = newId(this.clock.now()),
  ): Promise<
    { ok: true; series: MeetingSeriesDoc; meetings: MeetingDoc[] } | { ok: false; why: "forbidden" }
  > {
    const district = await this.district(input.person.districtId);
    if (!canRun(input.person, district, input.scope)) return { ok: false, why: "forbidden" };
    const now = this.clock.now();
    const s: MeetingSeriesDoc = {
      _id: id,
      districtId: district._id,
      scope: input.scope,
      secretaryId: input.person._id,
      rule: input.rule,
      hour: input.hour,
      minute: input.minute,
      durationMin: input.durationMin ?? 90,
      ...(input.place ? { place: input.place } : {}),
      ...(input.link ? { link: input.link } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
      reminderOffsets: input.reminderOffsets ?? district.meetings.reminderOffsetsMinutes,
      active: true,
      nagged: [],
      createdAt: now,
      updatedAt: now,
      _rev: 0,
      _effects: [],
    };
    try {
      await this.series.insertOne(s);
      await this.repos.audit.append({
        _id: `audit:series:${id}:created`,
        itemType: "meeting_series",
        itemId: id,
        at: now,
        actor: { personId: input.person._id },
        action: "meeting.series_created",
        data: { rule: input.rule as unknown as Record<string, unknown> },
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const stored = (await this.series.findOne({ _id: id }))!;
    await this.generate(stored, now);
    const meetings = await this.meetings.find({ seriesId: id }, { sort: { startAt: 1 } });
    return { ok: true, series: stored, meetings };
  }

  /** The series' occurrences (start instants) from `from`, `months` Jalali months ahead. */
  occurrenceTimes(s: MeetingSeriesDoc, district: DistrictDoc, from: number, months: number) {
    const j = toJalali(from, district.timeZone);
    return occurrencesWithin(s.rule, { jy: j.jy, jm: j.jm, jd: j.jd }, months)
      .map((d) => ({
        key: `${d.jy}-${d.jm}`,
        at: jalaliToUtc({ ...d, hour: s.hour, minute: s.minute }, district.timeZone),
      }))
      .filter((o) => o.at > from);
  }

  /**
   * Creates the series' missing occurrences for the coming months. Ids are `series:jy-jm`,
   * so an occurrence that was moved or cancelled is never generated again.
   */
  async generate(s: MeetingSeriesDoc, now: number): Promise<number> {
    if (!s.active) return 0;
    const district = await this.district(s.districtId);
    // Whoever runs the group now: a series goes on when its secretary's role changes hands
    // (and stops only while nobody on the roster holds it).
    const holders = await this.secretariesOf(s);
    const secretaryId = holders.includes(s.secretaryId) ? s.secretaryId : holders[0]!;
    const secretary = await this.repos.people.get(secretaryId);
    if (!secretary?.active) return 0;
    let created = 0;
    for (const o of this.occurrenceTimes(s, district, now, SERIES_MONTHS_AHEAD)) {
      const id = `${s._id}:${o.key}`;
      if (await this.meetings.findOne({ _id: id })) continue;
      const participants = await this.participantsFor(district, s.scope);
      if (!participants.includes(secretaryId)) participants.push(secretaryId);
      const m = this.newMeeting(
        id,
        district,
        {
          scope: s.scope,
          startAt: o.at,
          durationMin: s.durationMin,
          ...(s.place ? { place: s.place } : {}),
          ...(s.link ? { link: s.link } : {}),
          ...(s.notes ? { notes: s.notes } : {}),
          reminderOffsets: s.reminderOffsets,
          secretaryId,
          seriesId: s._id,
        },
        participants,
        now,
      );
      await this.insertAndAnnounce(m, null);
      created++;
    }
    return created;
  }

  // ------------------------------------------------------------------ who may do what

  /**
   * Whoever holds the scope's secretary role now runs the meeting (roles change hands with
   * a roster import): its secretary of record only while they still hold it, as an owner of
   * a report or a signatory of a proposal acts only while they hold the role.
   */
  async isSecretary(person: PersonDoc, m: Pick<MeetingDoc, "districtId" | "scope">) {
    if (person.districtId !== m.districtId || !person.active) return false;
    return canRun(person, await this.district(m.districtId), m.scope);
  }

  /**
   * Who is told what the secretary must see to: the holders of the scope's secretary role
   * now, or the secretary of record while nobody holds it (someone to tell the liaison).
   */
  async secretariesOf(m: Pick<MeetingDoc, "districtId" | "scope" | "secretaryId">) {
    const district = await this.district(m.districtId);
    const scope = m.scope;
    const [role, extra] =
      scope.kind === "presidium"
        ? ["presidium", {}]
        : scope.kind === "council"
          ? ["neighborhood_secretary", { neighborhood: scope.neighborhood }]
          : scope.level === "neighborhood"
            ? [`wg_secretary:${scope.subject}`, { neighborhood: scope.neighborhood }]
            : [`district_wg_secretary:${scope.subject}`, {}];
    const now = (await this.repos.people.withRole(m.districtId, role, extra))
      .filter((p) => canRun(p, district, scope))
      .map((p) => p._id);
    return now.length ? now : [m.secretaryId];
  }

  /**
   * Who hears of a meeting's reminders, moves and cancellation: its participants and whoever
   * runs it now — after a re-import the secretary may be someone the invitation never reached.
   */
  private async audience(m: MeetingDoc): Promise<string[]> {
    return [...new Set([...m.participants, ...(await this.secretariesOf(m))])];
  }

  canSee(person: PersonDoc, m: MeetingDoc): Promise<boolean> | boolean {
    if (person.districtId !== m.districtId) return false;
    if (m.participants.includes(person._id)) return true;
    if (person.roles.some((r) => r === "presidium" || r === "liaison" || r === "admin"))
      return true;
    return this.isSecretary(person, m);
  }

  // ------------------------------------------------------------------ move / cancel

  async move(meetingId: string, actor: Actor, startAt: number): Promise<MeetingResult> {
    const m = await this.meetings.findOne({ _id: meetingId });
    if (!m) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.isSecretary(person, m))) return { ok: false, why: "forbidden" };
    const now = this.clock.now();
    if (m.state !== "scheduled") return this.stale(m);
    if (startAt <= now) return { ok: false, why: "invalid" };
    const district = await this.district(m.districtId);
    const tv = m.timeVersion + 1;
    const moved: MeetingDoc = { ...m, startAt, timeVersion: tv, rsvp: {} };
    const card = await this.card(moved);
    const after = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", _rev: m._rev ?? 0 },
      update: {
        $set: {
          startAt,
          timeVersion: tv,
          rsvp: {},
          minutesDueAt: this.minutesDue(district, moved),
          minutesStage: 0,
          updatedAt: now,
        },
      },
      now,
      effects: [
        auditEffect({
          itemType: "meeting",
          itemId: m._id,
          actor,
          action: "meeting.moved",
          from: "scheduled",
          to: "scheduled",
          data: { from: m.startAt, to: startAt },
        }),
        ...this.cancelReminderEffects(m),
        // What still waits to be sent about the old time (not the notice below: new version).
        withdrawEffect({
          kinds: [...TIME_BOUND_NOTES],
          data: { meetingId: m._id },
          dataNot: { timeVersion: tv },
        }),
        ...this.reminderEffects(moved, now),
        // Everyone at once, night or day: a changed time matters more than quiet hours.
        ...(await this.notifyAll(
          await this.audience(m),
          MNOTE.moved,
          { ...card, oldStartAt: m.startAt },
          m.districtId,
          `mtg:${m._id}:moved:${tv}`,
          "urgent",
        )),
      ],
    });
    if (!after) return this.stale((await this.meetings.findOne({ _id: meetingId }))!);
    this.log.info({ meeting: m._id, startAt }, "meeting moved");
    return { ok: true, meeting: after };
  }

  async cancel(meetingId: string, actor: Actor, reason?: string): Promise<MeetingResult> {
    const m = await this.meetings.findOne({ _id: meetingId });
    if (!m) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.isSecretary(person, m))) return { ok: false, why: "forbidden" };
    if (m.state !== "scheduled") return this.stale(m);
    const now = this.clock.now();
    const card = await this.card(m);
    const after = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", _rev: m._rev ?? 0 },
      update: {
        $set: { state: "cancelled", updatedAt: now, ...(reason ? { cancelReason: reason } : {}) },
        $unset: { minutesDueAt: "" },
      },
      now,
      effects: [
        auditEffect({
          itemType: "meeting",
          itemId: m._id,
          actor,
          action: "meeting.cancelled",
          from: "scheduled",
          to: "cancelled",
          ...(reason ? { note: reason } : {}),
        }),
        ...this.cancelReminderEffects(m),
        withdrawEffect({ kinds: [...TIME_BOUND_NOTES], data: { meetingId: m._id } }),
        ...(await this.notifyAll(
          await this.audience(m),
          MNOTE.cancelled,
          { ...card, reason: reason ?? "" },
          m.districtId,
          `mtg:${m._id}:cancelled`,
          "urgent",
        )),
      ],
    });
    if (!after) return this.stale((await this.meetings.findOne({ _id: meetingId }))!);
    return { ok: true, meeting: after };
  }

  /** Whether this meeting belongs to a monthly series that still makes new meetings. */
  async seriesActive(m: MeetingDoc): Promise<boolean> {
    if (!m.seriesId) return false;
    return (await this.series.findOne({ _id: m.seriesId }))?.active === true;
  }

  /** The series' meetings still to come after `m`, scheduled (what stopping it cancels). */
  laterInSeries(m: MeetingDoc): Promise<MeetingDoc[]> {
    if (!m.seriesId) return Promise.resolve([]);
    return this.meetings.find(
      { seriesId: m.seriesId, state: "scheduled", startAt: { $gt: m.startAt } },
      { sort: { startAt: 1 } },
    );
  }

  /**
   * Ends the monthly series `m` belongs to: no new meetings, no "schedule this month"
   * nags, and the meetings already made after `m` are cancelled (their participants told);
   * `m` itself stays. Running it again finishes what a crash left half done.
   */
  async stopSeries(
    meetingId: string,
    actor: Actor,
  ): Promise<{ ok: true; cancelled: number } | { ok: false; why: "not_found" | "forbidden" }> {
    const m = await this.meetings.findOne({ _id: meetingId });
    if (!m?.seriesId) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.isSecretary(person, m))) return { ok: false, why: "forbidden" };
    const now = this.clock.now();
    await transition<MeetingSeriesDoc>(this.store, {
      collection: MEETING_SERIES,
      filter: { _id: m.seriesId, active: true },
      update: { $set: { active: false, updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "meeting_series",
          itemId: m.seriesId,
          actor,
          action: "meeting.series_stopped",
          data: { from: m._id },
        }),
      ],
    });
    let cancelled = 0;
    for (const later of await this.laterInSeries(m))
      if ((await this.cancel(later._id, actor)).ok) cancelled++;
    return { ok: true, cancelled };
  }

  // ------------------------------------------------------------------ RSVP

  /**
   * A participant answers (or changes the answer) until the start. Guarded on the revision
   * read, retried when someone else's answer landed in between.
   */
  async rsvp(
    meetingId: string,
    actor: Actor,
    answer: "yes" | "no",
    reason?: string,
    /** A reason typed after the answer: kept only while that is still the answer. */
    opts: { reasonFor?: boolean } = {},
  ): Promise<MeetingResult> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const m = await this.meetings.findOne({ _id: meetingId });
      if (!m) return { ok: false, why: "not_found" };
      if (!m.participants.includes(actor.personId)) return { ok: false, why: "forbidden" };
      if (m.state !== "scheduled") return this.stale(m);
      const now = this.clock.now();
      if (now >= m.startAt) return { ok: false, why: "started" };
      const prev = m.rsvp[actor.personId];
      // The same answer again (a second tap, a replayed press): nothing to write or record.
      if (prev?.answer === answer && !reason) return { ok: true, meeting: m, unchanged: true };
      // The answer changed meanwhile (another press, the other messenger): the reason for
      // the old one would turn it back.
      if (opts.reasonFor && prev?.answer !== answer)
        return { ok: true, meeting: m, unchanged: true };
      const rsvp = {
        ...m.rsvp,
        [actor.personId]: {
          answer,
          at: now,
          ...(reason
            ? { reason }
            : prev?.answer === answer && prev.reason
              ? { reason: prev.reason }
              : {}),
        },
      };
      const after = await transition<MeetingDoc>(this.store, {
        collection: MEETINGS,
        filter: { _id: m._id, state: "scheduled", _rev: m._rev ?? 0 },
        update: { $set: { rsvp, updatedAt: now } },
        now,
        effects: [
          auditEffect({
            itemType: "meeting",
            itemId: m._id,
            actor,
            action: answer === "yes" ? "meeting.rsvp_yes" : "meeting.rsvp_no",
            ...(reason ? { note: reason } : {}),
          }),
        ],
      });
      if (after) return { ok: true, meeting: after };
    }
    return { ok: false, why: "invalid" };
  }

  // ------------------------------------------------------------------ jobs

  /** A reminder job: sends once for its offset and time version, only if still current. */
  async onReminder(job: JobDoc): Promise<void> {
    const { meetingId, offset, timeVersion } = job.payload as {
      meetingId: string;
      offset: number;
      timeVersion: number;
    };
    const m = await this.meetings.findOne({ _id: meetingId });
    if (m?.state !== "scheduled" || m.timeVersion !== timeVersion) return;
    const now = this.clock.now();
    if (now >= m.startAt) return;
    const key = `${offset}:${timeVersion}`;
    if (m.remindersSent.includes(key)) return;
    // After downtime several reminders fall due at once: only the latest one goes out.
    if (!reminderCurrent(m, offset, now)) return;
    const district = await this.district(m.districtId);
    // The agenda goes out with the one-day reminder (the longest offset not above a day), or
    // with the first one after it when that one never went out (overtaken, or too late).
    const dayOffset = m.reminderOffsets.filter((o) => o <= 1440).sort((a, b) => b - a)[0];
    const withAgenda =
      dayOffset !== undefined &&
      offset <= dayOffset &&
      !m.remindersSent.includes(`${dayOffset}:${timeVersion}`);
    let agenda = m.agenda;
    const set: Record<string, unknown> = { updatedAt: now };
    if (withAgenda && !m.agendaBuilt) {
      // As agendaOf builds it: an agenda longer than that could not be edited (two buttons
      // an item, and a keyboard holds 100).
      agenda = (await suggestAgenda(this.store, m.districtId, m.scope, now)).slice(0, MAX_AGENDA);
      set.agenda = agenda;
      set.agendaBuilt = true;
    }
    const card = await this.card(m);
    const data = {
      ...card,
      offset,
      withAgenda,
      agenda: withAgenda ? agenda.map((a) => a.title) : [],
    };
    const priority: Priority = offset <= URGENT_OFFSET_MIN ? "urgent" : "normal";
    const effects: EffectInput[] = [
      auditEffect({
        itemType: "meeting",
        itemId: m._id,
        actor: { system: "reminder" },
        action: "meeting.reminded",
        data: { offset, timeVersion },
      }),
      ...(await this.notifyAll(
        await this.audience(m),
        MNOTE.reminder,
        data,
        m.districtId,
        `mtg:${m._id}:rem:${key}`,
        priority,
      )),
    ];
    const s = m.scope;
    const group =
      s.kind === "wg"
        ? district.workingGroups.find((g) => g.subject === s.subject && g.level === s.level)
        : undefined;
    if (group?.groupChat)
      effects.push(
        notifyEffect({
          _id: `mtg:${m._id}:rem:${key}:group`,
          recipient: group.groupChat,
          kind: MNOTE.groupReminder,
          data,
          districtId: m.districtId,
          priority,
        }),
      );
    await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", timeVersion, remindersSent: { $ne: key } },
      update: { $set: set, $push: { remindersSent: key } },
      now,
      effects,
    });
  }

  /** The day before: tell the secretary when fewer than half have confirmed. */
  async onAttendanceCheck(job: JobDoc): Promise<void> {
    const { meetingId, timeVersion } = job.payload as { meetingId: string; timeVersion: number };
    const m = await this.meetings.findOne({ _id: meetingId });
    if (m?.state !== "scheduled" || m.timeVersion !== timeVersion) return;
    const key = `att:${timeVersion}`;
    if (m.remindersSent.includes(key)) return;
    const now = this.clock.now();
    // Late (the bot was down): a warning about "tomorrow's meeting" after it began helps no one.
    if (now >= m.startAt) return;
    // Counted among those still on the roster: someone switched off since the meeting was
    // set will not come, and is not asked.
    const onRoster: string[] = [];
    for (const p of m.participants) if ((await this.repos.people.get(p))?.active) onRoster.push(p);
    const yes = onRoster.filter((p) => m.rsvp[p]?.answer === "yes").length;
    const no = onRoster.filter((p) => m.rsvp[p]?.answer === "no").length;
    const total = onRoster.length;
    const low = yes * 2 < total;
    const card = await this.card(m);
    await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", timeVersion, remindersSent: { $ne: key } },
      update: { $set: { updatedAt: now }, $push: { remindersSent: key } },
      now,
      effects: low
        ? [
            auditEffect({
              itemType: "meeting",
              itemId: m._id,
              actor: { system: "reminder" },
              action: "meeting.low_attendance",
              data: { yes, no, total },
            }),
            ...(await this.notifyAll(
              await this.secretariesOf(m),
              MNOTE.lowAttendance,
              { ...card, yes, no, total },
              m.districtId,
              `mtg:${m._id}:${key}`,
            )),
          ]
        : [],
    });
  }

  // ------------------------------------------------------------------ sweeps

  /** Series generation, the 20th-of-the-month nag, minutes nags, action item deadlines. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    // One broken series, meeting or item is logged and passed over: it must not hold up
    // every other reminder, escalation and nag, sweep after sweep.
    for (const s of await this.series.find({ active: true }, { limit: 500 })) {
      try {
        await this.generate(s, now);
        await this.nagSeries(s, now);
      } catch (err) {
        this.log.error({ err, id: s._id }, "meetings sweep: one item failed; the rest go on");
      }
    }
    await this.minutesDueSweep(now);
    await this.minutesFollowUpSweep();
    await this.actionItemsSweep(now);
  }

  /** Minutes claimed by a save that died before its follow-up was done: finished now. */
  private async minutesFollowUpSweep(): Promise<void> {
    for (const m of await this.meetings.find(
      { "minutesFollowUp.at": { $gte: 0 } },
      { sort: { "minutesFollowUp.at": 1 }, limit: 200 },
    )) {
      try {
        await this.finishMinutes(m);
      } catch (err) {
        this.log.error({ err, id: m._id }, "meetings sweep: one item failed; the rest go on");
      }
    }
  }

  private async nagSeries(s: MeetingSeriesDoc, now: number): Promise<void> {
    const district = await this.district(s.districtId);
    const j = toJalali(now, district.timeZone);
    if (j.jd < SERIES_NAG_DAY) return;
    const month = `${j.jy}-${j.jm}`;
    if (s.nagged.includes(month)) return;
    // A series set up after this month's date has no meeting due this month: its first
    // comes next month, and that is no reason to ask for one now.
    const due = occurrenceInMonth(s.rule, j.jy, j.jm);
    if (jalaliToUtc({ ...due, hour: s.hour, minute: s.minute }, district.timeZone) <= s.createdAt)
      return;
    const from = jalaliToUtc({ jy: j.jy, jm: j.jm, jd: 1 }, district.timeZone);
    const next = j.jm === 12 ? { jy: j.jy + 1, jm: 1 } : { jy: j.jy, jm: j.jm + 1 };
    const to = jalaliToUtc({ ...next, jd: 1 }, district.timeZone);
    const has = await this.meetings.findOne({
      seriesId: s._id,
      state: { $in: ["scheduled", "held"] },
      startAt: { $gte: from, $lt: to },
    });
    if (has) return;
    const fake = { ...s, startAt: now, state: "scheduled" } as unknown as MeetingDoc;
    const card = await this.card(fake);
    await transition<MeetingSeriesDoc>(this.store, {
      collection: MEETING_SERIES,
      filter: { _id: s._id, nagged: { $ne: month } },
      update: { $push: { nagged: month }, $set: { updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "meeting_series",
          itemId: s._id,
          actor: { system: "series" },
          action: "meeting.series_nag",
          data: { month },
        }),
        ...(await this.notifyAll(
          await this.secretariesOf(s),
          MNOTE.seriesNag,
          { ...card, seriesId: s._id, jm: j.jm, jy: j.jy },
          s.districtId,
          `mtg-series:${s._id}:nag:${month}`,
        )),
      ],
    });
  }

  private async minutesDueSweep(now: number): Promise<void> {
    const due = await this.meetings.find(
      { minutesDueAt: { $lte: now }, state: "scheduled" },
      { sort: { minutesDueAt: 1 }, limit: 200 },
    );
    for (const m of due) {
      try {
        const district = await this.district(m.districtId);
        const end = m.startAt + m.durationMin * 60_000;
        const stage = m.minutesStage;
        const card = await this.card(m);
        const presidium =
          stage >= 1
            ? (await this.repos.people.withRole(m.districtId, "presidium")).map((p) => p._id)
            : [];
        // The presidium hears of it once the secretary has had the usual days after their
        // reminder — counted from now when the reminder goes out late (after downtime), or
        // both would arrive at once.
        const calendar = calendarOf(district);
        const gap = Math.max(
          0,
          district.deadlines.minutesEscalation - district.deadlines.minutesReminder,
        );
        const nextDue =
          stage === 0
            ? Math.max(
                addWorkingDays(end, district.deadlines.minutesEscalation, calendar),
                addWorkingDays(now, gap, calendar),
              )
            : undefined;
        await transition<MeetingDoc>(this.store, {
          collection: MEETINGS,
          filter: {
            _id: m._id,
            state: "scheduled",
            minutesStage: stage,
            minutesDueAt: m.minutesDueAt,
          },
          update: {
            $set: {
              minutesStage: stage + 1,
              updatedAt: now,
              ...(nextDue ? { minutesDueAt: nextDue } : {}),
            },
            ...(nextDue ? {} : { $unset: { minutesDueAt: "" } }),
          },
          now,
          effects: [
            auditEffect({
              itemType: "meeting",
              itemId: m._id,
              actor: { system: "minutes" },
              action: stage === 0 ? "meeting.minutes_reminder" : "meeting.minutes_escalated",
            }),
            ...(await this.notifyAll(
              stage === 0 ? await this.secretariesOf(m) : presidium,
              MNOTE.minutesNag,
              stage === 0
                ? { ...card, stage: "secretary" }
                : { ...card, stage: "presidium", days: district.deadlines.minutesEscalation },
              m.districtId,
              `mtg:${m._id}:minutes-nag:${stage}`,
            )),
          ],
        });
      } catch (err) {
        this.log.error({ err, id: m._id }, "meetings sweep: one item failed; the rest go on");
      }
    }
  }

  // ------------------------------------------------------------------ agenda

  /** The agenda, assembled once from open items the first time anyone looks. */
  async agendaOf(meetingId: string): Promise<MeetingDoc | null> {
    const m = await this.meetings.findOne({ _id: meetingId });
    if (!m || m.agendaBuilt || m.state !== "scheduled") return m;
    const agenda = (await suggestAgenda(this.store, m.districtId, m.scope, this.clock.now())).slice(
      0,
      MAX_AGENDA,
    );
    return (
      (await this.meetings.findOneAndUpdate(
        { _id: m._id, agendaBuilt: false },
        { $set: { agenda, agendaBuilt: true } },
      )) ?? (await this.meetings.findOne({ _id: meetingId }))
    );
  }

  /** Open items not yet on the agenda (and not removed by the secretary). */
  async agendaSuggestions(m: MeetingDoc): Promise<AgendaItem[]> {
    const all = await suggestAgenda(this.store, m.districtId, m.scope, this.clock.now());
    const have = new Set([...m.agenda.map((a) => a.id), ...m.agendaRemoved]);
    return all.filter((a) => !have.has(a.id));
  }

  async editAgenda(
    meetingId: string,
    actor: Actor,
    op:
      | { op: "remove"; itemId: string }
      | { op: "up"; itemId: string }
      | { op: "add"; item: AgendaItem }
      | { op: "sync" },
  ): Promise<MeetingResult> {
    const m = await this.agendaOf(meetingId);
    if (!m) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.isSecretary(person, m))) return { ok: false, why: "forbidden" };
    if (m.state !== "scheduled") return this.stale(m);
    const agenda = [...m.agenda];
    const removed = [...m.agendaRemoved];
    if (op.op === "remove") {
      const i = agenda.findIndex((a) => a.id === op.itemId);
      if (i < 0) return this.stale(m);
      agenda.splice(i, 1);
      removed.push(op.itemId);
    } else if (op.op === "up") {
      const i = agenda.findIndex((a) => a.id === op.itemId);
      if (i < 0) return this.stale(m);
      if (i > 0) [agenda[i - 1], agenda[i]] = [agenda[i]!, agenda[i - 1]!];
    } else if (op.op === "add") {
      if (agenda.length >= MAX_AGENDA) return { ok: false, why: "agenda_full" };
      agenda.push(op.item);
    } else
      agenda.push(
        ...(await this.agendaSuggestions(m)).slice(0, Math.max(0, MAX_AGENDA - agenda.length)),
      );
    const now = this.clock.now();
    const after = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", _rev: m._rev ?? 0 },
      update: { $set: { agenda, agendaRemoved: removed, updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "meeting",
          itemId: m._id,
          actor,
          action: `meeting.agenda_${op.op}`,
          ...(op.op === "add" ? { note: op.item.title } : {}),
        }),
      ],
    });
    if (!after) return this.stale((await this.meetings.findOne({ _id: meetingId }))!);
    return { ok: true, meeting: after };
  }

  // ------------------------------------------------------------------ minutes

  /** Who owns an action item: a roster person, or the roster's deputies of that code. */
  async ownerIds(district: DistrictDoc, owner: ActionOwner): Promise<string[]> {
    if (owner.type === "person") return [owner.personId];
    const subjects = district.subjects.filter((s) => s.deputy === owner.code).map((s) => s.code);
    const ids = new Set<string>();
    for (const s of [owner.code, ...subjects])
      for (const p of await this.repos.people.withRole(district._id, `deputy:${s}`)) ids.add(p._id);
    return [...ids];
  }

  /**
   * Saves the minutes: claim first, then act. One guarded transition (scheduled → held, on
   * `_rev`) stores the minutes with their follow-up, so of two saves at once only one wins
   * and the other is told it is stale having changed nothing; the winner then stores the
   * action items and moves the linked reports (`finishMinutes`).
   */
  async recordMinutes(
    meetingId: string,
    actor: Actor,
    input: MinutesInput,
  ): Promise<MeetingResult> {
    const m = await this.meetings.findOne({ _id: meetingId });
    if (!m) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.isSecretary(person, m))) return { ok: false, why: "forbidden" };
    if (m.state !== "scheduled") return this.stale(m);
    const now = this.clock.now();
    if (now < m.startAt) return { ok: false, why: "invalid" };
    const district = await this.district(m.districtId);

    // Action items: deterministic ids, so a repeated follow-up never duplicates them.
    const items: MinutesFollowUp["items"] = [];
    for (const [i, a] of input.actionItems.entries())
      items.push({
        _id: `${m._id}:ai${i + 1}`,
        districtId: m.districtId,
        meetingId: m._id,
        text: a.text,
        owner: a.owner,
        ownerIds: await this.ownerIds(district, a.owner),
        dueAt: a.dueAt,
        state: "open",
        level: 0,
        deadlineAt: a.dueAt,
        ...(a.dueAt - ACTION_REMIND_BEFORE_MS > now
          ? { remindAt: a.dueAt - ACTION_REMIND_BEFORE_MS }
          : {}),
        ...(a.reportId ? { reportId: a.reportId } : {}),
        createdAt: now,
        updatedAt: now,
      });
    const minutes: Minutes = {
      attended: input.attended.filter((p) => m.participants.includes(p)),
      // What came of each report move is filled in once it is done (`finishMinutes`).
      decisions: input.decisions,
      ...(input.notes ? { notes: input.notes } : {}),
      actionItemIds: items.map((it) => it._id),
      recordedBy: actor.personId,
      recordedAt: now,
    };
    const followUp: MinutesFollowUp = {
      at: now,
      actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
      items,
    };
    const claimed = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, state: "scheduled", _rev: m._rev ?? 0 },
      update: {
        $set: { state: "held", minutes, minutesFollowUp: followUp, updatedAt: now },
        $unset: { minutesDueAt: "" },
      },
      now,
      effects: [
        auditEffect({
          itemType: "meeting",
          itemId: m._id,
          actor,
          action: "meeting.minutes",
          from: "scheduled",
          to: "held",
          data: { attended: minutes.attended.length, actionItems: items.length },
        }),
        ...this.cancelReminderEffects(m),
      ],
    });
    if (!claimed) return this.stale((await this.meetings.findOne({ _id: meetingId }))!);
    return { ok: true, meeting: await this.finishMinutes(claimed) };
  }

  /**
   * The minutes' follow-up: stores the action items, moves the linked reports, then clears
   * it and tells the participants and the items' owners, in one guarded transition. Run by
   * the save that claimed the minutes, and by the sweep for one a crash left half done;
   * every step may be repeated (or run by both at once) without acting twice.
   */
  async finishMinutes(m: MeetingDoc): Promise<MeetingDoc> {
    const followUp = m.minutesFollowUp;
    if (!followUp || !m.minutes) return m;
    for (const it of followUp.items) {
      try {
        await this.items.insertOne({ ...it, _rev: 0, _effects: [] });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    const decisions: MinutesItemDecision[] = [];
    for (const d of m.minutes.decisions) {
      const item = m.agenda.find((a) => a.id === d.agendaItemId);
      if (d.reportAction && item?.kind === "report" && item.refId)
        decisions.push({
          ...d,
          reportResult: await this.minutesReportMove(m, item.id, item.refId, d, followUp.actor),
        });
      else decisions.push(d);
    }

    const card = await this.card(m);
    const names = async (ids: string[]) =>
      (await Promise.all(ids.map((id) => this.repos.people.get(id)))).map((p) => p?.name ?? "—");
    const stored = await this.items.find({ _id: { $in: m.minutes.actionItemIds } });
    const items = m.minutes.actionItemIds
      .map((id) => stored.find((it) => it._id === id))
      .filter((it): it is ActionItemDoc => Boolean(it));
    const effects: EffectInput[] = [];
    // An owner who can't be reached now is told once they can; the liaison meanwhile.
    for (const it of items)
      effects.push(
        ...(await ownerNotices(this.repos, this.clock.now(), {
          owners: it.ownerIds.length ? it.ownerIds : await this.secretariesOf(m),
          kind: MNOTE.actionAssigned,
          data: await this.itemCard(it, m),
          districtId: m.districtId,
          key: `ai:${it._id}:assigned`,
          item: { type: "action", label: it.text },
        })),
      );
    const minutesData = {
      ...card,
      attended: await names(m.minutes.attended),
      decisions: decisions.map((d) => ({
        title: m.agenda.find((a) => a.id === d.agendaItemId)?.title ?? "",
        decision: d.decision ?? "",
      })),
      actions: await Promise.all(items.map((it) => this.itemCard(it, m))),
      notes: m.minutes.notes ?? "",
    };
    const now = this.clock.now();
    const after = await transition<MeetingDoc>(this.store, {
      collection: MEETINGS,
      filter: { _id: m._id, "minutesFollowUp.at": followUp.at },
      update: {
        $set: { "minutes.decisions": decisions, updatedAt: now },
        $unset: { minutesFollowUp: "" },
      },
      now,
      effects: [
        // Long minutes go out in parts, each within one message; nothing is cut.
        ...(
          await Promise.all(
            minutesParts(minutesData).map((part, i) =>
              this.notifyAll(
                m.participants,
                MNOTE.minutes,
                part,
                m.districtId,
                // The ids order the parts for the dispatcher (same time, then id): numbered
                // all alike, padded, so part 2 never goes before part 1.
                `mtg:${m._id}:minutes:p${String(i + 1).padStart(2, "0")}`,
              ),
            ),
          )
        ).flat(),
        ...effects,
      ],
    });
    // Finished meanwhile by another run (the sweep, or the save itself): that one stands.
    return after ?? (await this.meetings.findOne({ _id: m._id })) ?? m;
  }

  /**
   * A linked report moved as a decision asks, through the report service's own guarded
   * transition, named after the meeting and the agenda item: a repeat (after a crash, or
   * alongside the sweep) recognises a move already made instead of calling it stale.
   */
  private async minutesReportMove(
    m: MeetingDoc,
    agendaItemId: string,
    reportId: string,
    d: MinutesItemDecision,
    actor: MinutesFollowUp["actor"],
  ): Promise<NonNullable<MinutesItemDecision["reportResult"]>> {
    const transitionId = `mtg:${m._id}:minutes:${agendaItemId}`;
    if (await this.reports.actedAs(reportId, transitionId)) return "ok";
    const r: ActResult = await this.reports.act(reportId, d.reportAction!, actor, {
      note: d.decision ?? "",
      ...(d.reportAction === "refer" ? { unit: d.decision ?? "" } : {}),
      transitionId,
    });
    if (r.ok) return "ok";
    if (r.why === "stale" && (await this.reports.actedAs(reportId, transitionId))) return "ok";
    return r.why;
  }

  async ownerLabel(owner: ActionOwner): Promise<string> {
    if (owner.type === "person") return (await this.repos.people.get(owner.personId))?.name ?? "—";
    return `deputy:${owner.code}`;
  }

  async itemCard(it: ActionItemDoc, m?: MeetingDoc | null): Promise<{ [k: string]: Json }> {
    const meeting = m ?? (await this.meetings.findOne({ _id: it.meetingId }));
    const district = await this.district(it.districtId);
    const owner = it.owner;
    const dep =
      owner.type === "deputy" ? district.deputies.find((d) => d.code === owner.code) : undefined;
    return {
      itemId: it._id,
      meetingId: it.meetingId,
      text: it.text,
      ownerName: owner.type === "person" ? await this.ownerLabel(owner) : "",
      deputyFa: dep?.name.fa ?? "",
      deputyEn: dep?.name.en ?? "",
      dueAt: it.dueAt,
      meetingStartAt: meeting?.startAt ?? 0,
      level: it.level,
    };
  }

  // ------------------------------------------------------------------ action items

  private async actionItemsSweep(now: number): Promise<void> {
    for (const it of await this.items.find(
      { state: "open", remindAt: { $lte: now } },
      { limit: 200 },
    )) {
      try {
        // Past its due time (the bot was down): "due soon" would come with "overdue"; the
        // reminder is dropped and the overdue notice below says what there is to say.
        const late = it.dueAt <= now;
        await transition<ActionItemDoc>(this.store, {
          collection: ACTION_ITEMS,
          filter: { _id: it._id, state: "open", remindAt: it.remindAt },
          update: { $unset: { remindAt: "" }, $set: { updatedAt: now } },
          now,
          effects: late
            ? []
            : [
                auditEffect({
                  itemType: "action_item",
                  itemId: it._id,
                  actor: { system: "reminder" },
                  action: "action.reminded",
                }),
                ...(await this.notifyAll(
                  it.ownerIds,
                  MNOTE.actionDue,
                  await this.itemCard(it),
                  it.districtId,
                  `ai:${it._id}:due:${it.dueAt}`,
                )),
              ],
        });
      } catch (err) {
        this.log.error({ err, id: it._id }, "meetings sweep: one item failed; the rest go on");
      }
    }
    for (const it of await this.items.find(
      { state: "open", deadlineAt: { $lte: now } },
      { sort: { deadlineAt: 1 }, limit: 200 },
    )) {
      try {
        await this.escalateItem(it, now);
      } catch (err) {
        this.log.error({ err, id: it._id }, "meetings sweep: one item failed; the rest go on");
      }
    }
  }

  /** Overdue: owner → the meeting's secretary → presidium; once per rung and deadline. */
  private async escalateItem(it: ActionItemDoc, now: number): Promise<void> {
    const district = await this.district(it.districtId);
    const m = await this.meetings.findOne({ _id: it.meetingId });
    const level = Math.min(it.level + 1, 2);
    const to =
      level === 1
        ? m
          ? await this.secretariesOf(m)
          : []
        : (await this.repos.people.withRole(it.districtId, "presidium")).map((p) => p._id);
    const next =
      it.level + 1 < 2
        ? addWorkingDays(now, ACTION_ESCALATION_DAYS, calendarOf(district))
        : undefined;
    const card = { ...(await this.itemCard(it, m)), level };
    const key = `ai:${it._id}:overdue:${it.level}:${it.deadlineAt}`;
    await transition<ActionItemDoc>(this.store, {
      collection: ACTION_ITEMS,
      filter: { _id: it._id, state: "open", level: it.level, deadlineAt: it.deadlineAt },
      update: {
        $set: { level, updatedAt: now, ...(next ? { deadlineAt: next } : {}) },
        ...(next ? {} : { $unset: { deadlineAt: "" } }),
      },
      now,
      effects: [
        auditEffect({
          itemType: "action_item",
          itemId: it._id,
          actor: { system: "escalation" },
          action: "action.escalated",
          data: { level },
        }),
        ...(await this.notifyAll(to, MNOTE.actionOverdue, card, it.districtId, `${key}:up`)),
        ...(await this.notifyAll(
          it.ownerIds.filter((o) => !to.includes(o)),
          MNOTE.actionOverdue,
          { ...card, toOwner: true },
          it.districtId,
          `${key}:owner`,
        )),
      ],
    });
  }

  /**
   * After the roster changed: an open action item given to a deputy ("the deputy for X")
   * goes to whoever holds that role now, who is told of it as its owners were; the one who
   * held it before can no longer act on it. A guarded update with its audit entry, as a
   * report's handover is.
   */
  async reassignItemsAfterRosterChange(): Promise<number> {
    const deps = { store: this.store, repos: this.repos, log: this.log, clock: this.clock };
    return afterRosterChange(deps, {
      checkId: (districtId) => `action-items:${districtId}`,
      items: this.items,
      filter: (districtId) => ({ districtId, state: "open", "owner.type": "deputy" }),
      projection: { owner: 1, ownerIds: 1 },
      what: "action item",
      visit: async (district, it) => {
        const owners = await this.ownerIds(district, it.owner);
        if (sameIds(owners, it.ownerIds)) return false;
        const item = await this.items.findOne({ _id: it._id });
        if (item?.state !== "open") return false;
        const now = this.clock.now();
        const fresh = owners.filter((o) => !item.ownerIds.includes(o));
        const m = await this.meetings.findOne({ _id: item.meetingId });
        const after = await transition<ActionItemDoc>(this.store, {
          collection: ACTION_ITEMS,
          filter: { _id: item._id, state: "open", _rev: item._rev ?? 0 },
          update: { $set: { ownerIds: owners, updatedAt: now } },
          now,
          effects: [
            auditEffect({
              itemType: "action_item",
              itemId: item._id,
              actor: { system: "roster" },
              action: "action.reassigned",
              data: { fromOwners: item.ownerIds, owners },
            }),
            ...(await ownerNotices(this.repos, now, {
              owners: fresh,
              kind: MNOTE.actionAssigned,
              data: await this.itemCard(item, m),
              districtId: item.districtId,
              key: `ai:${item._id}:${item._rev ?? 0}:reassigned`,
              item: { type: "action", label: item.text },
            })),
          ],
        });
        return Boolean(after);
      },
    });
  }

  async canActOnItem(person: PersonDoc, it: ActionItemDoc): Promise<boolean> {
    if (person.districtId !== it.districtId || !person.active) return false;
    if (it.ownerIds.includes(person._id)) return true;
    const m = await this.meetings.findOne({ _id: it.meetingId });
    return Boolean(m && (await this.isSecretary(person, m)));
  }

  async markDone(itemId: string, actor: Actor, note: string): Promise<ItemResult> {
    const it = await this.items.findOne({ _id: itemId });
    if (!it) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !(await this.canActOnItem(person, it))) return { ok: false, why: "forbidden" };
    if (it.state !== "open") return { ok: false, why: "stale" };
    const now = this.clock.now();
    const m = await this.meetings.findOne({ _id: it.meetingId });
    const after = await transition<ActionItemDoc>(this.store, {
      collection: ACTION_ITEMS,
      filter: { _id: it._id, state: "open", _rev: it._rev ?? 0 },
      update: {
        $set: { state: "done", doneNote: note, updatedAt: now },
        $unset: { deadlineAt: "", remindAt: "" },
      },
      now,
      effects: [
        auditEffect({
          itemType: "action_item",
          itemId: it._id,
          actor,
          action: "action.done",
          from: "open",
          to: "done",
          note,
        }),
        ...(await this.notifyAll(
          (m ? await this.secretariesOf(m) : []).filter((x) => x !== actor.personId),
          MNOTE.actionDone,
          { ...(await this.itemCard(it, m)), note, by: person.name },
          it.districtId,
          `ai:${it._id}:done`,
        )),
      ],
    });
    return after ? { ok: true, item: after } : { ok: false, why: "stale" };
  }

  async requestNewDate(
    itemId: string,
    actor: Actor,
    dueAt: number,
    reason?: string,
  ): Promise<ItemResult> {
    const it = await this.items.findOne({ _id: itemId });
    if (!it) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    if (!person || !it.ownerIds.includes(person._id)) return { ok: false, why: "forbidden" };
    if (it.state !== "open") return { ok: false, why: "stale" };
    const now = this.clock.now();
    if (dueAt <= now) return { ok: false, why: "invalid" };
    const m = await this.meetings.findOne({ _id: it.meetingId });
    const req = { dueAt, at: now, ...(reason ? { reason } : {}) };
    const after = await transition<ActionItemDoc>(this.store, {
      collection: ACTION_ITEMS,
      filter: { _id: it._id, state: "open", _rev: it._rev ?? 0 },
      update: { $set: { dateRequest: req, updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "action_item",
          itemId: it._id,
          actor,
          action: "action.date_requested",
          ...(reason ? { note: reason } : {}),
          data: { dueAt },
        }),
        ...(await this.notifyAll(
          m ? await this.secretariesOf(m) : [],
          MNOTE.dateRequest,
          {
            ...(await this.itemCard(it, m)),
            newDueAt: dueAt,
            reason: reason ?? "",
            by: person.name,
          },
          it.districtId,
          `ai:${it._id}:datereq:${now}`,
        )),
      ],
    });
    return after ? { ok: true, item: after } : { ok: false, why: "stale" };
  }

  /** The meeting's secretary approves or refuses a new date; approval restarts the ladder. */
  /**
   * The secretary approves or refuses the date an owner asked for. `asked` is the date on
   * the button pressed: a later request (another date) is not answered by it. A date
   * already past is not approved: the item would be overdue at once.
   */
  async answerDateRequest(
    itemId: string,
    actor: Actor,
    approve: boolean,
    asked?: number,
  ): Promise<ItemResult> {
    const it = await this.items.findOne({ _id: itemId });
    if (!it) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    const m = await this.meetings.findOne({ _id: it.meetingId });
    if (!person || !m || !(await this.isSecretary(person, m)))
      return { ok: false, why: "forbidden" };
    const req = it.dateRequest;
    if (it.state !== "open" || !req) return { ok: false, why: "stale" };
    if (asked !== undefined && asked !== req.dueAt) return { ok: false, why: "changed" };
    const now = this.clock.now();
    if (approve && req.dueAt <= now) return { ok: false, why: "past" };
    const set: Record<string, unknown> = { updatedAt: now };
    const unset: Record<string, ""> = {};
    if (approve) {
      Object.assign(set, { dueAt: req.dueAt, deadlineAt: req.dueAt, level: 0 });
      // A date moved nearer than the reminder's lead has no "due soon" left to send; the
      // old one (set for the old date) would come after the new date.
      if (req.dueAt - ACTION_REMIND_BEFORE_MS > now)
        set.remindAt = req.dueAt - ACTION_REMIND_BEFORE_MS;
      else unset.remindAt = "";
    }
    const after = await transition<ActionItemDoc>(this.store, {
      collection: ACTION_ITEMS,
      filter: { _id: it._id, state: "open", "dateRequest.at": req.at, _rev: it._rev ?? 0 },
      update: { $set: set, $unset: { ...unset, dateRequest: "" } },
      now,
      effects: [
        auditEffect({
          itemType: "action_item",
          itemId: it._id,
          actor,
          action: approve ? "action.date_approved" : "action.date_refused",
          data: { dueAt: req.dueAt },
        }),
        ...(await this.notifyAll(
          it.ownerIds,
          MNOTE.dateAnswer,
          { ...(await this.itemCard(it, m)), newDueAt: req.dueAt, approved: approve },
          it.districtId,
          `ai:${it._id}:dateans:${req.at}`,
        )),
      ],
    });
    return after ? { ok: true, item: after } : { ok: false, why: "stale" };
  }

  // ------------------------------------------------------------------ reading

  get(id: string): Promise<MeetingDoc | null> {
    return this.meetings.findOne({ _id: id });
  }

  getItem(id: string): Promise<ActionItemDoc | null> {
    return this.items.findOne({ _id: id });
  }

  /** Upcoming (and recently ended, minutes pending) meetings a person takes part in or runs. */
  async upcomingFor(person: PersonDoc, limit = 8): Promise<MeetingDoc[]> {
    return this.meetings.find(await this.upcomingFilter(person), {
      sort: { startAt: 1 },
      limit,
    });
  }

  async countUpcomingFor(person: PersonDoc): Promise<number> {
    return this.meetings.countDocuments(await this.upcomingFilter(person));
  }

  private async upcomingFilter(person: PersonDoc): Promise<Filter> {
    // Those the person runs now count too: a role handed over by a re-import brings its
    // meetings with it, though the invitation went to the one before.
    const district = await this.repos.districts.get(person.districtId);
    const runs = district
      ? schedulableScopes(person, district).map((scope) =>
          Object.fromEntries(Object.entries(scope).map(([k, v]) => [`scope.${k}`, v])),
        )
      : [];
    return {
      districtId: person.districtId,
      state: "scheduled",
      startAt: { $gte: this.clock.now() - 14 * 86_400_000 },
      $or: [{ participants: person._id }, { secretaryId: person._id }, ...runs],
    };
  }

  /** The person's open action items, the soonest due first. */
  openItemsFor(person: PersonDoc, limit = 20): Promise<ActionItemDoc[]> {
    return this.items.find({ ownerIds: person._id, state: "open" }, { sort: { dueAt: 1 }, limit });
  }

  countOpenItemsFor(person: PersonDoc): Promise<number> {
    return this.items.countDocuments({ ownerIds: person._id, state: "open" });
  }

  history(id: string): Promise<AuditDoc[]> {
    return this.repos.audit.history("meeting", id);
  }
}

/** Characters of people's text in one part of the minutes: room is left for the labels. */
const MINUTES_PART_BUDGET = 3_000;

/**
 * The minutes message in parts that each fit a message: the meeting and who attended, then
 * the decisions, the action items and the notes, packed in order; a part is full when the
 * people's text in it (decisions, titles, items, notes) would pass the budget. One part
 * for most meetings; each carries `part`, `parts` and the number of its first decision.
 */
export function minutesParts(data: {
  decisions: { title: string; decision: string }[];
  actions: { [k: string]: Json }[];
  notes: string;
  [k: string]: unknown;
}): { [k: string]: Json }[] {
  const { decisions, actions, notes, ...head } = data;
  const blocks: { kind: "decision" | "action" | "notes"; size: number; value: Json }[] = [
    ...decisions.map((d) => ({
      kind: "decision" as const,
      size: d.title.length + d.decision.length + 12,
      value: d as unknown as Json,
    })),
    ...actions.map((a) => ({
      kind: "action" as const,
      size: JSON.stringify(a).length,
      value: a as Json,
    })),
    ...(notes ? [{ kind: "notes" as const, size: notes.length + 20, value: notes }] : []),
  ];
  const attendedSize = JSON.stringify(head.attended ?? []).length;
  const parts: { decisions: Json[]; actions: Json[]; notes: string; from: number }[] = [];
  let current = { decisions: [] as Json[], actions: [] as Json[], notes: "", from: 0 };
  let used = attendedSize;
  let seen = 0;
  for (const b of blocks) {
    const empty = !current.decisions.length && !current.actions.length && !current.notes;
    if (!empty && used + b.size > MINUTES_PART_BUDGET) {
      parts.push(current);
      current = { decisions: [], actions: [], notes: "", from: seen };
      used = 0;
    }
    if (b.kind === "decision") {
      current.decisions.push(b.value);
      seen++;
    } else if (b.kind === "action") current.actions.push(b.value);
    else current.notes = b.value as string;
    used += b.size;
  }
  parts.push(current);
  return parts.map((p, i) => ({
    // Later parts name the meeting (the card's fields) without repeating who attended.
    ...((i === 0 ? head : { ...head, attended: [] }) as { [k: string]: Json }),
    decisions: p.decisions,
    actions: p.actions,
    notes: p.notes,
    decisionsFrom: p.from,
    part: i + 1,
    parts: parts.length,
  }));
}

/** Whether two lists of ids hold the same people, in any order. */
function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
