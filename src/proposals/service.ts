import type { Clock } from "../clock.ts";
import { calendarOf } from "../district/calendar.ts";
import { hasRole } from "../district/roles.ts";
import type { DistrictDoc } from "../district/schema.ts";
import { ownerQueries } from "../domain/reports.ts";
import { toJalali } from "../domain/time.ts";
import { formatTrackingCode } from "../domain/tracking.ts";
import { addWorkingDays } from "../domain/workdays.ts";
import type { Logger } from "../log.ts";
import {
  auditEffect,
  cancelJobEffect,
  type EffectInput,
  notifyEach,
  notifyEffect,
  scheduleEffect,
  transition,
} from "../notify/effects.ts";
import { ownerNotices } from "../notify/held.ts";
import { OUTBOX } from "../notify/outbox.ts";
import type { Recipient } from "../notify/types.ts";
import type { Repos } from "../repos/index.ts";
import { afterRosterChange } from "../repos/roster-scan.ts";
import type { AuditDoc, PersonDoc, Platform } from "../repos/types.ts";
import { type JobDoc, jobsCollection } from "../scheduler/jobs.ts";
import { newId } from "../store/ids.ts";
import { findKeyed, type ListKey } from "../store/keyed.ts";
import type { Filter, ListAt, Store, Update } from "../store/port.ts";
import { peopleIdsOf, renderProposalDocument } from "./document.ts";
import {
  cardData,
  changedFields,
  type Data,
  firstMissing,
  stepLabel,
  type Translate,
  ticketOf,
} from "./fields.ts";
import {
  type ActorInfo,
  type ChainStep,
  EDITABLE_STATES,
  type FieldName,
  PROPOSALS,
  type ProposalDoc,
  type ProposalFields,
  type SignatureRecord,
} from "./types.ts";

/** Notification kinds (renderers in notifications.ts). */
export const PNOTE = {
  signRequest: "proposal.sign_request",
  paperRequest: "proposal.paper_request",
  update: "proposal.update",
  alert: "proposal.alert",
  hq: "proposal.hq",
  hqForm: "proposal.hq_form",
  hqFailed: "proposal.hq_failed",
} as const;

/** Scheduler job kinds. */
export const PJOB = {
  reminder: "proposal-reminder",
  alert: "proposal-alert",
  deliver: "proposal-deliver",
} as const;

export type Decision = "sign" | "return" | "reject";

export type ProposalResult =
  | { ok: true; proposal: ProposalDoc }
  | { ok: false; why: "not_found" | "forbidden" | "invalid" | "incomplete" | "not_proposer" }
  | { ok: false; why: "stale"; proposal: ProposalDoc; last?: AuditDoc; lastBy?: string }
  /** A signer of record who no longer holds the step's role on the roster. */
  | { ok: false; why: "role_gone"; proposal: ProposalDoc; stepFa: string; stepEn: string };

/** The guard of a change to the step in hand: still that revision and step, untouched since. */
const stepGuard = (p: ProposalDoc): Filter => ({
  _id: p._id,
  state: "in_signature",
  revision: p.revision,
  step: p.step,
  _rev: p._rev ?? 0,
});

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Steps held by officials, who may sign on paper through the liaison. */
export function isOfficialStep(step: string): boolean {
  return (
    step === "mayor" ||
    step.startsWith("deputy") ||
    step.startsWith("area_mayor") ||
    step === "deputy_of_subject"
  );
}

/** Small projects are proposed by councillors (DESIGN §1); others sign, record or follow. */
export function mayPropose(p: PersonDoc): boolean {
  return p.active && hasRole(p.roles, "councillor");
}

/** People who may hold a signature step somewhere, and so have a "Signatures waiting" entry. */
export function maySign(p: PersonDoc): boolean {
  return [
    "wg_secretary",
    "neighborhood_secretary",
    "district_wg_secretary",
    "liaison",
    "deputy",
    "mayor",
    "area_mayor",
    "presidium",
  ].some((k) => hasRole(p.roles, k as never));
}

const jobIds = (id: string, revision: number, step: number) => ({
  reminder: `prop-remind:${id}:${revision}:${step}`,
  alert: `prop-alert:${id}:${revision}:${step}`,
});

/**
 * Small-scale project proposals: drafts, the signature chain, reminders and alerts on
 * stalled steps, delivery to headquarters. Every state change is one guarded transition
 * (state + revision + step + `_rev`) carrying its audit entry, notifications and jobs, so
 * stale buttons, double presses and crashes act at most once.
 */
/** Proposals in one "signatures waiting" query: a message of buttons stays readable. */
export const WAITING_LIST = 30;
/** Drafts offered to continue under «New proposal»; the rest are in «My proposals». */
export const DRAFTS_SHOWN = 5;

export class ProposalService {
  readonly col;
  constructor(
    private readonly store: Store,
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly t: Translate,
  ) {
    this.col = store.collection<ProposalDoc>(PROPOSALS);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { proposerId: 1, createdAt: -1 } });
    await this.col.createIndex({ keys: { signers: 1, state: 1 } });
    await this.col.createIndex({ keys: { districtId: 1, state: 1, paperOk: 1 } });
    await this.col.createIndex({ keys: { "chain.signers": 1 } });
    // Meeting agendas: a district's proposals in signature, oldest-waiting step first.
    await this.col.createIndex({ keys: { districtId: 1, state: 1, stepSince: 1 } });
  }

  // ------------------------------------------------------------------ helpers

  district(id: string): Promise<DistrictDoc> {
    return this.repos.districts.mustGet(id);
  }

  /** Every reachable private chat of these people (a person may use Telegram and Bale). */
  recipients(personIds: string[]): Promise<Recipient[]> {
    return this.repos.identities.recipientsOf(personIds);
  }

  private async names(ids: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const id of ids) out.push((await this.repos.people.get(id))?.name ?? "—");
    return out;
  }

  /** The chain from the district's ladder; each step's signers from the roster. */
  async resolveChain(district: DistrictDoc, f: ProposalFields): Promise<ChainStep[]> {
    return (await this.chainHolders(district, f)).map(({ step, people }) => ({
      step,
      signers: people.map((p) => p._id),
    }));
  }

  /** The chain with each step's signers' names, as the form's summary shows it. */
  async namedChain(
    district: DistrictDoc,
    f: ProposalFields,
  ): Promise<{ step: string; names: string[] }[]> {
    return (await this.chainHolders(district, f)).map(({ step, people }) => ({
      step,
      names: people.map((p) => p.name),
    }));
  }

  private async chainHolders(district: DistrictDoc, f: ProposalFields) {
    const chain: { step: string; people: PersonDoc[] }[] = [];
    for (const step of district.ladders.proposal)
      chain.push({ step, people: await this.holders(district, f, step) });
    return chain;
  }

  /**
   * Who holds a step on today's roster (active people only): the first of the step's
   * queries that finds anyone. `memo` shares look-ups across the proposals of one sweep.
   */
  async holdersOf(
    district: DistrictDoc,
    f: Pick<ProposalFields, "subject" | "neighborhood">,
    step: string,
    memo?: Map<string, string[]>,
  ): Promise<string[]> {
    const memoKey = `${step}|${f.subject ?? ""}|${f.neighborhood ?? ""}`;
    const known = memo?.get(memoKey);
    if (known) return known;
    const signers = (await this.holders(district, f, step)).map((p) => p._id);
    memo?.set(memoKey, signers);
    return signers;
  }

  private async holders(
    district: DistrictDoc,
    f: Pick<ProposalFields, "subject" | "neighborhood">,
    step: string,
  ): Promise<PersonDoc[]> {
    const item = { subject: f.subject ?? "", neighborhood: f.neighborhood ?? "" };
    for (const q of ownerQueries(step, item)) {
      const people = await this.repos.people.withRole(
        district._id,
        q.roles,
        q.neighborhood ? { neighborhood: q.neighborhood } : {},
      );
      if (people.length) return people;
    }
    return [];
  }

  /** Paper is allowed for officials' steps and for steps whose signers can't be reached. */
  private async paperAllowed(step: string, signers: string[]): Promise<boolean> {
    if (isOfficialStep(step)) return true;
    return (await this.recipients(signers)).length === 0;
  }

  private async liaisons(districtId: string): Promise<string[]> {
    return (await this.repos.people.withRole(districtId, "liaison")).map((p) => p._id);
  }

  /** Card data of the current form, with code and proposer. */
  async card(p: ProposalDoc, fields: ProposalFields = p.fields): Promise<Data> {
    const district = await this.district(p.districtId);
    const proposer = await this.repos.people.get(p.proposerId);
    return cardData(fields, district, { code: p.code, proposer: proposer?.name });
  }

  private notify(
    recipients: Recipient[],
    kind: string,
    data: Data,
    p: { districtId: string },
    key: string,
  ): EffectInput[] {
    return notifyEach(recipients, { kind, data, districtId: p.districtId, key });
  }

  private proposerRecipient(p: ProposalDoc): Recipient[] {
    return [{ platform: p.proposer.platform, chatId: p.proposer.chatId, personId: p.proposerId }];
  }

  /**
   * What starting step `index` of revision `revision` means: who holds it on today's roster
   * (not the chain saved at submission), the $set for the item, and the effects (sign
   * requests with each signer's "what changed", the liaison's paper request, the reminder
   * and alert jobs). `signers` is also the chain entry to save for the step.
   */
  private async startStep(
    p: ProposalDoc,
    district: DistrictDoc,
    chain: ChainStep[],
    index: number,
    revision: number,
    fields: ProposalFields,
    versions: ProposalFields[],
    now: number,
    key: string,
  ): Promise<{ set: Record<string, unknown>; effects: EffectInput[]; signers: string[] }> {
    const step = chain[index]!;
    const signers = await this.holdersOf(district, fields, step.step);
    const paperOk = await this.paperAllowed(step.step, signers);
    const requests = await this.stepRequests(
      p,
      district,
      { index, revision, step: step.step, fields, versions },
      signers,
      paperOk ? signers : null,
      key,
    );
    const set: Record<string, unknown> = {
      step: index,
      stepSince: now,
      signers,
      formerSigners: [],
      paperOk,
      ...requests.set,
    };
    const effects = requests.effects;
    const cal = calendarOf(district);
    const jobs = jobIds(p._id, revision, index);
    const payload = { proposalId: p._id, revision, step: index };
    effects.push(
      scheduleEffect({
        _id: jobs.reminder,
        kind: PJOB.reminder,
        runAt: addWorkingDays(now, district.deadlines.signatureReminder, cal),
        payload,
      }),
      scheduleEffect({
        _id: jobs.alert,
        kind: PJOB.alert,
        runAt: addWorkingDays(now, district.deadlines.signatureEscalation, cal),
        payload,
      }),
    );
    return { set, effects, signers };
  }

  /**
   * The sign requests of a step to `to` (each with what changed since their last look,
   * marked seen), and where `paperFor` is given the liaison's paper request naming them.
   */
  private async stepRequests(
    p: ProposalDoc,
    district: DistrictDoc,
    at: {
      index: number;
      revision: number;
      step: string;
      fields: ProposalFields;
      versions: ProposalFields[];
    },
    to: string[],
    paperFor: string[] | null,
    key: string,
  ): Promise<{ set: Record<string, unknown>; effects: EffectInput[] }> {
    const { index, revision, fields, versions } = at;
    const card = cardData(fields, district, {
      code: p.code,
      proposer: (await this.repos.people.get(p.proposerId))?.name,
    });
    const label = stepLabel(at.step, district, this.t);
    const base: Data = {
      proposalId: p._id,
      ticket: ticketOf({ revision, step: index }),
      card,
      stepFa: label.fa,
      stepEn: label.en,
      revision,
      signatures: (index > 0 ? await this.signedNames(p, revision, index) : []) as never,
    };
    const set: Record<string, unknown> = {};
    const effects: EffectInput[] = [];
    for (const personId of to) {
      const lastSeen = p.seen?.[personId];
      const data: Data = { ...base };
      if (lastSeen !== undefined && lastSeen < revision && versions[lastSeen - 1]) {
        const before = versions[lastSeen - 1]!;
        data.changed = changedFields(before, fields);
        data.before = cardData(before, district, { code: p.code });
      }
      set[`seen.${personId}`] = revision;
      // A signer who can't be reached now gets the request once they can (it is dropped
      // then if the step has moved on); the liaison hears of them from the paper request
      // where there is one.
      effects.push(
        ...(await ownerNotices(this.repos, this.clock.now(), {
          owners: [personId],
          kind: PNOTE.signRequest,
          data,
          districtId: p.districtId,
          key: `${key}:sign:${personId}`,
          item: { type: "proposal", label: p.code ?? fields.title ?? "" },
          tellLiaison: !paperFor,
        })),
      );
    }
    if (paperFor)
      effects.push(
        ...this.notify(
          await this.recipients(
            (await this.liaisons(p.districtId)).filter((l) => !paperFor.includes(l)),
          ),
          PNOTE.paperRequest,
          { ...base, holders: await this.names(paperFor) },
          p,
          `${key}:paper`,
        ),
      );
    return { set, effects };
  }

  private async signedNames(p: ProposalDoc, revision: number, upTo: number): Promise<string[]> {
    const sigs = p.signatures.filter((s) => s.revision === revision && s.step < upTo);
    return this.names(sigs.map((s) => s.signerId ?? s.by));
  }

  private cancelStepJobs(p: ProposalDoc): EffectInput[] {
    const jobs = jobIds(p._id, p.revision, p.step);
    const moved = p.alertJob && p.alertJob !== jobs.alert ? [cancelJobEffect(p.alertJob)] : [];
    return [cancelJobEffect(jobs.reminder), cancelJobEffect(jobs.alert), ...moved];
  }

  /** Explains a stale press: the last thing that happened to the proposal, by whom, when. */
  private async stale(p: ProposalDoc): Promise<ProposalResult> {
    const history = await this.repos.audit.history("proposal", p._id);
    const last = history.at(-1);
    const by = last?.actor.personId
      ? (await this.repos.people.get(last.actor.personId))?.name
      : undefined;
    return { ok: false, why: "stale", proposal: p, last, lastBy: by };
  }

  // ------------------------------------------------------------------ drafts

  /**
   * Starts a draft for a councillor. With an `id` (derived from the press that asked for it)
   * a second press or a redelivery finds the draft the first one made instead of making
   * another: `created` tells which.
   */
  async createDraft(
    person: PersonDoc,
    platform: Platform,
    chatId: number,
    id?: string,
  ): Promise<{ draft: ProposalDoc; created: boolean }> {
    if (!mayPropose(person)) throw new Error("createDraft: only an active councillor proposes");
    const now = this.clock.now();
    if (id) {
      const existing = await this.col.findOne({ _id: id });
      if (existing) return { draft: existing, created: false };
    }
    const doc: ProposalDoc = {
      _id: id ?? newId(now),
      districtId: person.districtId,
      proposerId: person._id,
      proposer: { platform, chatId },
      state: "draft",
      stateSince: now,
      fields: {},
      revision: 0,
      versions: [],
      chain: [],
      step: 0,
      stepSince: now,
      signers: [],
      paperOk: false,
      signatures: [],
      seen: {},
      nudges: [],
      createdAt: now,
      updatedAt: now,
      // Transitions are guarded on the revision counter; it starts at 0, not missing.
      _rev: 0,
    };
    try {
      await this.col.insertOne(doc);
    } catch (err) {
      // Two presses at once: the other one made it.
      const existing = id ? await this.col.findOne({ _id: id }) : null;
      if (existing) return { draft: existing, created: false };
      throw err;
    }
    return { draft: doc, created: true };
  }

  /** The person's latest drafts (at most DRAFTS_SHOWN) and how many there are in all. */
  async drafts(personId: string): Promise<{ rows: ProposalDoc[]; total: number }> {
    const filter = { proposerId: personId, state: "draft" };
    const rows = await this.col.find(filter, { sort: { updatedAt: -1 }, limit: DRAFTS_SHOWN });
    // Counted only when the list may hide some.
    const total = rows.length < DRAFTS_SHOWN ? rows.length : await this.col.countDocuments(filter);
    return { rows, total };
  }

  /** Saves one field (or several) of an editable proposal of this person; clears `editing`. */
  async saveFields(id: string, personId: string, patch: ProposalFields): Promise<boolean> {
    const set: Record<string, unknown> = { updatedAt: this.clock.now() };
    for (const [k, v] of Object.entries(patch)) set[`fields.${k}`] = v;
    const unset: Record<string, ""> = { editing: "" };
    if (patch.beneficiaries) unset.beneficiariesWho = "";
    const res = await this.col.updateOne(
      { _id: id, proposerId: personId, state: { $in: [...EDITABLE_STATES] } },
      { $set: set, $unset: unset },
    );
    return res.matchedCount > 0;
  }

  /** Keeps "who benefits" until the number that completes the field is answered. */
  async saveBeneficiariesWho(id: string, personId: string, who: string): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: id, proposerId: personId, state: { $in: [...EDITABLE_STATES] } },
      { $set: { beneficiariesWho: who, updatedAt: this.clock.now() } },
    );
    return res.matchedCount > 0;
  }

  /** Moves the form's cursor to one field (edit from the summary), or back to the summary. */
  async setEditing(id: string, personId: string, field: FieldName | null): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: id, proposerId: personId, state: { $in: [...EDITABLE_STATES] } },
      field
        ? { $set: { editing: field, updatedAt: this.clock.now() } }
        : { $unset: { editing: "" } },
    );
    return res.matchedCount > 0;
  }

  async deleteDraft(id: string, personId: string): Promise<boolean> {
    const res = await this.col.deleteOne({ _id: id, proposerId: personId, state: "draft" });
    return res > 0;
  }

  /**
   * Drops a draft left before its first answer (the form opened and cancelled at once): an
   * untitled draft would only clutter "My proposals". False when anything was answered.
   */
  async dropIfEmpty(id: string, personId: string): Promise<boolean> {
    const res = await this.col.deleteOne({
      _id: id,
      proposerId: personId,
      state: "draft",
      fields: {},
      beneficiariesWho: { $exists: false },
    });
    return res > 0;
  }

  /**
   * Drops the drafts begun in this chat that have no answer yet, but `keep`: a form left
   * from outside (/cancel, the menu) says nothing, and a chat has one form open at most,
   * so an empty draft of the chat is the one just left or an older such leftover.
   */
  async dropEmptyDrafts(
    personId: string,
    platform: Platform,
    chatId: number,
    keep?: string,
  ): Promise<number> {
    return this.col.deleteMany({
      proposerId: personId,
      state: "draft",
      "proposer.platform": platform,
      "proposer.chatId": chatId,
      fields: {},
      beneficiariesWho: { $exists: false },
      ...(keep ? { _id: { $ne: keep } } : {}),
    });
  }

  /**
   * A proposal form left from outside (/cancel, the menu, another button): its untitled
   * draft goes, and no field stays marked for editing, so the next visit shows the summary.
   */
  async formLeft(personId: string, platform: Platform, chatId: number, keep?: string) {
    await this.dropEmptyDrafts(personId, platform, chatId, keep);
    await this.col.updateMany(
      { proposerId: personId, state: { $in: [...EDITABLE_STATES] }, editing: { $exists: true } },
      { $unset: { editing: "" } },
    );
  }

  // ------------------------------------------------------------------ submission

  private async nextSeq(districtId: string, jy: number): Promise<number> {
    const counter = await this.store
      .collection<{ _id: string; seq: number }>("counters")
      .findOneAndUpdate(
        { _id: `proposal:${districtId}:${jy}` },
        { $inc: { seq: 1 } },
        { upsert: true },
      );
    return counter!.seq;
  }

  /** Submits a complete draft, or resubmits a returned proposal: the chain (re)starts. */
  async submit(id: string, actor: ActorInfo): Promise<ProposalResult> {
    const p = await this.col.findOne({ _id: id });
    if (!p) return { ok: false, why: "not_found" };
    if (p.proposerId !== actor.personId) return { ok: false, why: "forbidden" };
    const proposer = await this.repos.people.get(actor.personId);
    if (!proposer || !mayPropose(proposer)) return { ok: false, why: "not_proposer" };
    if (!EDITABLE_STATES.includes(p.state)) return this.stale(p);
    if (firstMissing(p.fields)) return { ok: false, why: "incomplete" };
    const now = this.clock.now();
    const district = await this.district(p.districtId);
    let code = p.code;
    if (!code) {
      const jy = toJalali(now, district.timeZone).jy;
      code = formatTrackingCode(
        { district: district.number, jy, seq: await this.nextSeq(district._id, jy) },
        "en",
      );
    }
    const revision = p.revision + 1;
    const versions = [...p.versions, p.fields];
    const chain = await this.resolveChain(district, p.fields);
    const key = `prop:${id}:r${revision}:submit`;
    const withCode = { ...p, code };
    const start = await this.startStep(
      withCode,
      district,
      chain,
      0,
      revision,
      p.fields,
      versions,
      now,
      `${key}:s0`,
    );
    chain[0] = { ...chain[0]!, signers: start.signers };
    const resubmit = p.state === "returned";
    const effects: EffectInput[] = [
      auditEffect({
        itemType: "proposal",
        itemId: id,
        actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
        action: resubmit ? "proposal.resubmitted" : "proposal.submitted",
        from: p.state,
        to: "in_signature",
        data: {
          revision,
          ...(resubmit && p.versions.at(-1)
            ? { changed: changedFields(p.versions.at(-1)!, p.fields) }
            : {}),
        },
      }),
      ...start.effects,
    ];
    const after = await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: { _id: id, state: p.state, revision: p.revision, _rev: p._rev ?? 0 },
      update: {
        $set: {
          ...start.set,
          code,
          state: "in_signature",
          stateSince: now,
          revision,
          versions,
          chain,
          signatures: [],
          nudges: [],
          submittedAt: now,
          updatedAt: now,
        },
        $unset: { editing: "" },
      },
      now,
      effects,
    });
    if (!after) {
      const fresh = await this.col.findOne({ _id: id });
      return fresh ? this.stale(fresh) : { ok: false, why: "not_found" };
    }
    return { ok: true, proposal: after };
  }

  // ------------------------------------------------------------------ the chain

  /**
   * Whether this person may sign, return or reject the current step. The roster decides,
   * not the signers saved on the proposal: whoever holds the step's role today may act (a
   * re-import may have given it to them), and a signer of record who no longer holds it
   * may not ("role_gone").
   */
  async signAccess(person: PersonDoc, p: ProposalDoc): Promise<"yes" | "no" | "role_gone"> {
    const step = p.chain[p.step];
    if (p.state !== "in_signature" || !step) return "no";
    if (!person.active || person.districtId !== p.districtId) return "no";
    const district = await this.district(p.districtId);
    if ((await this.holdersOf(district, p.fields, step.step)).includes(person._id)) return "yes";
    const former = [...p.signers, ...(p.formerSigners ?? [])];
    return former.includes(person._id) ? "role_gone" : "no";
  }

  async canSign(person: PersonDoc, p: ProposalDoc): Promise<boolean> {
    return (await this.signAccess(person, p)) === "yes";
  }

  async canRecordPaper(person: PersonDoc, p: ProposalDoc): Promise<boolean> {
    return (
      p.state === "in_signature" &&
      person.active &&
      person.districtId === p.districtId &&
      hasRole(person.roles, "liaison") &&
      !p.signers.includes(person._id) &&
      (await this.paperNow(p))
    );
  }

  /**
   * Whether the current step may be recorded on paper now: as decided when it started, or
   * because its signers can no longer be reached (a signer who blocked the bot is found
   * out only when the request bounces, after the step started).
   */
  private async paperNow(p: ProposalDoc): Promise<boolean> {
    if (p.paperOk) return true;
    const step = p.chain[p.step];
    return Boolean(step) && (await this.paperAllowed(step!.step, p.signers));
  }

  /** The refusal of a signer of record whose role moved on: names the step. */
  private async roleGone(p: ProposalDoc): Promise<ProposalResult> {
    const label = stepLabel(p.chain[p.step]!.step, await this.district(p.districtId), this.t);
    return { ok: false, why: "role_gone", proposal: p, stepFa: label.fa, stepEn: label.en };
  }

  /** A signer's press: allowed, refused with the reason, or stale. Changes nothing. */
  private async signerCheck(
    p: ProposalDoc,
    person: PersonDoc | null,
    ticket: string,
  ): Promise<ProposalResult> {
    const access = person ? await this.signAccess(person, p) : "no";
    if (!person || (access === "no" && !this.canSee(person, p)))
      return { ok: false, why: "forbidden" };
    if (p.state !== "in_signature" || ticketOf(p) !== ticket) return this.stale(p);
    if (access === "role_gone") return this.roleGone(p);
    return access === "yes" ? { ok: true, proposal: p } : { ok: false, why: "forbidden" };
  }

  /** The proposer, everyone in the chain, the liaison, the presidium and admins. */
  canSee(person: PersonDoc, p: ProposalDoc): boolean {
    if (person.districtId !== p.districtId || !person.active) return false;
    if (p.proposerId === person._id) return true;
    if (p.state === "draft") return false;
    return (
      p.signers.includes(person._id) ||
      p.chain.some((s) => s.signers.includes(person._id)) ||
      ["liaison", "presidium", "admin"].some((r) => hasRole(person.roles, r as never))
    );
  }

  /**
   * Whether this person's press of a `kind` button with `ticket` would apply now: ok, or the
   * same refusal the action itself would give (stale, forbidden). Changes nothing.
   */
  async check(
    id: string,
    personId: string,
    ticket: string,
    kind: "sign" | "paper",
  ): Promise<ProposalResult> {
    const p = await this.col.findOne({ _id: id });
    if (!p) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(personId);
    return kind === "sign"
      ? this.signerCheck(p, person, ticket)
      : this.paperCheck(p, person, ticket);
  }

  /** Whether this person may record the step `ticket` names on paper now (the liaison). */
  private async paperCheck(
    p: ProposalDoc,
    person: PersonDoc | null,
    ticket: string,
  ): Promise<ProposalResult> {
    if (!person || !this.canSee(person, p)) return { ok: false, why: "forbidden" };
    if (p.state !== "in_signature" || ticketOf(p) !== ticket) return this.stale(p);
    return (await this.canRecordPaper(person, p))
      ? { ok: true, proposal: p }
      : { ok: false, why: "forbidden" };
  }

  /** Sign, return for revision (comment required) or reject (reason required). */
  async decide(
    id: string,
    actor: ActorInfo,
    ticket: string,
    decision: Decision,
    note?: string,
  ): Promise<ProposalResult> {
    const p = await this.col.findOne({ _id: id });
    if (!p) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    const allowed = await this.signerCheck(p, person, ticket);
    if (!allowed.ok || !person) return allowed;
    if (decision !== "sign" && !note?.trim()) return { ok: false, why: "invalid" };
    if (decision === "sign") return this.advance(p, person, actor, { via: "bot" });
    return this.stop(p, person, actor, decision, note!.trim());
  }

  /**
   * The liaison records an official's decision made on paper (DESIGN §1: an official's step
   * may always be recorded on their behalf), with a photo or scan of the paper: by default
   * a signature; with `decision`, a return or a rejection and its comment or reason as
   * written.
   */
  async recordPaper(
    id: string,
    actor: ActorInfo,
    ticket: string,
    evidence: NonNullable<SignatureRecord["evidence"]>,
    decision?: { kind: "return" | "reject"; note: string },
  ): Promise<ProposalResult> {
    const p = await this.col.findOne({ _id: id });
    if (!p) return { ok: false, why: "not_found" };
    const person = await this.repos.people.get(actor.personId);
    const allowed = await this.paperCheck(p, person, ticket);
    if (!allowed.ok || !person) return allowed;
    if (!decision) return this.advance(p, person, actor, { via: "paper", evidence });
    if (!decision.note.trim()) return { ok: false, why: "invalid" };
    return this.stop(p, person, actor, decision.kind, decision.note.trim(), {
      evidence,
      onBehalfOf: p.signers[0] ?? null,
    });
  }

  private async advance(
    p: ProposalDoc,
    person: PersonDoc,
    actor: ActorInfo,
    how: { via: "bot" | "paper"; evidence?: SignatureRecord["evidence"] },
  ): Promise<ProposalResult> {
    const now = this.clock.now();
    const district = await this.district(p.districtId);
    const current = p.chain[p.step]!;
    const signerId = how.via === "bot" ? person._id : (p.signers[0] ?? null);
    const sig: SignatureRecord = {
      step: p.step,
      stepName: current.step,
      revision: p.revision,
      signerId,
      by: person._id,
      at: now,
      via: how.via,
      ...(how.evidence ? { evidence: how.evidence } : {}),
    };
    const key = `prop:${p._id}:r${p.revision}:s${p.step}`;
    const last = p.step + 1 >= p.chain.length;
    const signedLabel = stepLabel(current.step, district, this.t);
    const effects: EffectInput[] = [
      auditEffect({
        itemType: "proposal",
        itemId: p._id,
        actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
        action: how.via === "bot" ? "proposal.signed" : "proposal.signed_on_paper",
        from: "in_signature",
        to: last ? "approved" : "in_signature",
        data: {
          revision: p.revision,
          step: p.step,
          stepName: current.step,
          ...(how.via === "paper"
            ? {
                recordedBy: person._id,
                onBehalfOf: signerId ?? "",
                evidence: how.evidence?.fileId ?? "",
              }
            : {}),
        },
      }),
      ...this.cancelStepJobs(p),
    ];
    let set: Record<string, unknown> = { updatedAt: now };
    const card = await this.card(p);
    const signerName = signerId ? ((await this.repos.people.get(signerId))?.name ?? "—") : "";
    const update: Data = {
      proposalId: p._id,
      card,
      signedFa: signedLabel.fa,
      signedEn: signedLabel.en,
      signer: signerName,
      via: how.via,
      recordedBy: how.via === "paper" ? person.name : "",
    };
    if (last) {
      set = {
        ...set,
        state: "approved",
        stateSince: now,
        approvedAt: now,
        signers: [],
        paperOk: false,
      };
      effects.push(
        auditEffect({
          itemType: "proposal",
          itemId: p._id,
          _id: `audit:${key}:approved`,
          actor: { system: "proposals" },
          action: "proposal.approved",
          from: "in_signature",
          to: "approved",
        }),
        scheduleEffect({
          _id: `prop-deliver:${p._id}:r${p.revision}`,
          kind: PJOB.deliver,
          runAt: now,
          payload: { proposalId: p._id },
        }),
        ...this.notify(
          this.proposerRecipient(p),
          PNOTE.update,
          { ...update, event: "approved" },
          p,
          `${key}:approved`,
        ),
      );
    } else {
      const withSig = { ...p, signatures: [...p.signatures, sig] };
      const start = await this.startStep(
        withSig,
        district,
        p.chain,
        p.step + 1,
        p.revision,
        p.fields,
        p.versions,
        now,
        `${key}:next`,
      );
      // The step's signers as the roster has them now, kept in the chain for the record.
      const chain = p.chain.map((c, i) =>
        i === p.step + 1 ? { ...c, signers: start.signers } : c,
      );
      set = { ...set, ...start.set, chain };
      effects.push(...start.effects);
      const next = stepLabel(p.chain[p.step + 1]!.step, district, this.t);
      effects.push(
        ...this.notify(
          this.proposerRecipient(p),
          PNOTE.update,
          { ...update, event: "signed", nextFa: next.fa, nextEn: next.en },
          p,
          `${key}:signed`,
        ),
      );
    }
    const after = await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: stepGuard(p),
      update: { $set: set, $push: { signatures: sig } },
      now,
      effects,
    });
    if (!after) {
      const fresh = await this.col.findOne({ _id: p._id });
      return fresh ? this.stale(fresh) : { ok: false, why: "not_found" };
    }
    if (last) await this.deliver(p._id);
    return { ok: true, proposal: after };
  }

  private async stop(
    p: ProposalDoc,
    person: PersonDoc,
    actor: ActorInfo,
    decision: "return" | "reject",
    note: string,
    paper?: { evidence: NonNullable<SignatureRecord["evidence"]>; onBehalfOf: string | null },
  ): Promise<ProposalResult> {
    const now = this.clock.now();
    const district = await this.district(p.districtId);
    const key = `prop:${p._id}:r${p.revision}:s${p.step}:${decision}`;
    const to = decision === "return" ? "returned" : "rejected";
    const label = stepLabel(p.chain[p.step]!.step, district, this.t);
    // On paper the decision is the official's (or the step's, when nobody holds it), and the
    // record names the liaison who entered it.
    const decidedBy = paper ? paper.onBehalfOf : person._id;
    const decider = decidedBy ? ((await this.repos.people.get(decidedBy))?.name ?? "—") : "";
    const recorded = paper ? { recordedBy: person._id } : {};
    const set: Record<string, unknown> = {
      state: to,
      stateSince: now,
      updatedAt: now,
      signers: [],
      paperOk: false,
    };
    const by = decidedBy ?? person._id;
    if (decision === "return")
      set.lastReturn = {
        by,
        at: now,
        comment: note,
        step: p.step,
        revision: p.revision,
        ...recorded,
      };
    else set.rejection = { by, at: now, reason: note, step: p.step, ...recorded };
    const after = await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: stepGuard(p),
      update: { $set: set },
      now,
      effects: [
        auditEffect({
          itemType: "proposal",
          itemId: p._id,
          actor: { personId: actor.personId, platform: actor.platform, userId: actor.userId },
          action: decision === "return" ? "proposal.returned" : "proposal.rejected",
          from: "in_signature",
          to,
          note,
          data: {
            revision: p.revision,
            step: p.step,
            stepName: p.chain[p.step]!.step,
            ...(paper
              ? {
                  via: "paper",
                  recordedBy: person._id,
                  onBehalfOf: paper.onBehalfOf ?? "",
                  evidence: paper.evidence.fileId,
                }
              : {}),
          },
        }),
        ...this.cancelStepJobs(p),
        ...this.notify(
          this.proposerRecipient(p),
          PNOTE.update,
          {
            proposalId: p._id,
            card: await this.card(p),
            event: to,
            note,
            signer: paper ? decider : person.name,
            signedFa: label.fa,
            signedEn: label.en,
            recordedBy: paper ? person.name : "",
          },
          p,
          key,
        ),
      ],
    });
    if (!after) {
      const fresh = await this.col.findOne({ _id: p._id });
      return fresh ? this.stale(fresh) : { ok: false, why: "not_found" };
    }
    return { ok: true, proposal: after };
  }

  // ------------------------------------------------------------------ headquarters

  /**
   * approved → sent_to_hq: the summary and the completed form go to the headquarters chat
   * through the outbox, and the proposer is told. Guarded on `approved`, so the direct call
   * after the last signature and the safety-net job deliver once between them.
   */
  async deliver(id: string): Promise<boolean> {
    const p = await this.col.findOne({ _id: id });
    if (p?.state !== "approved") return false;
    const district = await this.district(p.districtId);
    const hq = district.headquarters;
    if (!hq) {
      this.log.warn(
        { proposal: p.code },
        "proposal approved but the district has no headquarters chat",
      );
      return false;
    }
    const now = this.clock.now();
    const key = `prop:${id}:r${p.revision}:hq`;
    const card = await this.card(p);
    const sigNames = await this.signedNames(p, p.revision, p.chain.length);
    const data: Data = { proposalId: id, card, signatures: sigNames as never };
    const hqRecipient: Recipient = { platform: hq.platform, chatId: hq.chatId };
    const after = await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: { _id: id, state: "approved", _rev: p._rev ?? 0 },
      update: { $set: { state: "sent_to_hq", stateSince: now, sentAt: now, updatedAt: now } },
      now,
      effects: [
        auditEffect({
          itemType: "proposal",
          itemId: id,
          actor: { system: "proposals" },
          action: "proposal.sent_to_hq",
          from: "approved",
          to: "sent_to_hq",
          data: { platform: hq.platform, chatId: hq.chatId },
        }),
        notifyEffect({
          _id: `${key}:1-summary`,
          recipient: hqRecipient,
          kind: PNOTE.hq,
          data,
          districtId: p.districtId,
        }),
        notifyEffect({
          _id: `${key}:2-form`,
          recipient: hqRecipient,
          kind: PNOTE.hqForm,
          data: { proposalId: id, code: p.code ?? "" },
          districtId: p.districtId,
        }),
        ...this.notify(
          this.proposerRecipient(p),
          PNOTE.update,
          { proposalId: id, card, event: "sent_to_hq" },
          p,
          `${key}:proposer`,
        ),
      ],
    });
    return Boolean(after);
  }

  /**
   * Whether headquarters got what was sent to it: a proposal is marked `sent_to_hq` when its
   * two messages are handed to the outbox, before the chat answers. Once both are sent it is
   * recorded as delivered; when either could not be (the bot removed from the group, the
   * chat gone), the liaison and the presidium are told, so someone sends it by hand or puts
   * the bot back, and so is the proposer, who was told it was sent. Each outcome is one
   * guarded transition with its audit entry and messages; a proposal whose messages are
   * still on their way waits for the next sweep.
   */
  async checkHqDeliveries(): Promise<number> {
    const outbox = this.store.collection<{ _id: string; state: string; lastError?: string }>(
      OUTBOX,
    );
    let settled = 0;
    const waiting = await this.col.find(
      { state: "sent_to_hq", hq: { $exists: false } },
      { sort: { stateSince: 1 }, limit: 100 },
    );
    for (const p of waiting) {
      try {
        const key = `prop:${p._id}:r${p.revision}:hq`;
        const sent = await outbox.find({ _id: { $in: [`${key}:1-summary`, `${key}:2-form`] } });
        const lost = sent.find((d) => d.state === "unreachable" || d.state === "failed");
        const delivered = sent.length === 2 && sent.every((d) => d.state === "sent");
        if (!lost && !delivered) continue;
        const now = this.clock.now();
        const effects: EffectInput[] = [
          auditEffect({
            itemType: "proposal",
            itemId: p._id,
            actor: { system: "proposals" },
            action: lost ? "proposal.hq_failed" : "proposal.hq_delivered",
            // The delivery error is for operators: kept in the data, never in the history
            // people read.
            ...(lost?.lastError ? { data: { error: lost.lastError } } : {}),
          }),
        ];
        if (lost) {
          const card = await this.card(p);
          const presidium = (await this.repos.people.withRole(p.districtId, "presidium")).map(
            (x) => x._id,
          );
          effects.push(
            ...this.notify(
              await this.recipients([...(await this.liaisons(p.districtId)), ...presidium]),
              PNOTE.hqFailed,
              { proposalId: p._id, card },
              p,
              `${key}:failed`,
            ),
            ...this.notify(
              this.proposerRecipient(p),
              PNOTE.update,
              { proposalId: p._id, card, event: "hq_failed" },
              p,
              `${key}:failed:proposer`,
            ),
          );
        }
        const after = await transition<ProposalDoc>(this.store, {
          collection: PROPOSALS,
          filter: { _id: p._id, state: "sent_to_hq", hq: { $exists: false } },
          update: {
            $set: { hq: { outcome: lost ? "failed" : "delivered", at: now }, updatedAt: now },
          },
          now,
          effects,
        });
        if (after) settled++;
      } catch (err) {
        this.log.error({ err, proposal: p.code }, "headquarters delivery check failed");
      }
    }
    return settled;
  }

  // ------------------------------------------------------------------ stalled steps

  /**
   * A reminder (to the signers, and the liaison where paper is allowed) or an alert (to the
   * presidium: who holds it, since when). Only while the same revision is still at the same
   * step; the nudge key in the guard makes a re-run job send nothing twice. An alert that
   * comes before the signer had the usual gap after their reminder is moved, not sent.
   */
  async nudge(job: JobDoc): Promise<void> {
    const { proposalId, revision, step } = job.payload as {
      proposalId: string;
      revision: number;
      step: number;
    };
    const kind = job.kind === PJOB.alert ? "alert" : "reminder";
    // Read before the proposal: a reminder job seen finished has its transition stored.
    const reminderJob =
      kind === "alert"
        ? await jobsCollection(this.store).findOne({
            _id: jobIds(proposalId, revision, step).reminder,
          })
        : null;
    const p = await this.col.findOne({ _id: proposalId });
    if (p?.state !== "in_signature" || p.revision !== revision || p.step !== step) return;
    const nudgeKey = `${kind}:${revision}:${step}`;
    if (p.nudges.includes(nudgeKey)) return;
    const now = this.clock.now();
    const district = await this.district(p.districtId);
    if (kind === "alert") {
      const due = this.alertDue(p, district, reminderJob, now);
      if (due > now) return this.deferAlert(p, job, due, now);
    }
    const label = stepLabel(p.chain[step]!.step, district, this.t);
    const card = await this.card(p);
    const holders = await this.names(p.signers);
    const key = `prop:${p._id}:r${revision}:s${step}:${kind}`;
    const base: Data = {
      proposalId: p._id,
      ticket: ticketOf(p),
      card,
      stepFa: label.fa,
      stepEn: label.en,
      since: p.stepSince,
      holders,
      reminder: true,
    };
    const effects: EffectInput[] = [
      auditEffect({
        itemType: "proposal",
        itemId: p._id,
        actor: { system: "proposals" },
        action: kind === "alert" ? "proposal.alerted" : "proposal.reminded",
        from: p.state,
        to: p.state,
        data: { revision, step, stepName: p.chain[step]!.step },
      }),
    ];
    const paper = kind === "reminder" && (await this.paperNow(p));
    if (kind === "reminder") {
      effects.push(
        ...this.notify(
          await this.recipients(p.signers),
          PNOTE.signRequest,
          base,
          p,
          `${key}:signers`,
        ),
      );
      if (paper)
        effects.push(
          ...this.notify(
            await this.recipients(await this.liaisons(p.districtId)),
            PNOTE.paperRequest,
            base,
            p,
            `${key}:paper`,
          ),
        );
    } else {
      const presidium = await this.repos.people.withRole(p.districtId, "presidium");
      effects.push(
        ...this.notify(
          await this.recipients(presidium.map((x) => x._id)),
          PNOTE.alert,
          base,
          p,
          `${key}:presidium`,
        ),
      );
    }
    if (kind === "reminder" && !p.nudges.includes(`alert:${revision}:${step}`))
      // The alert counts its gap from now, the time the reminder actually goes out: a late
      // reminder (the bot was down) moves it later, so the two never come together.
      effects.push(
        scheduleEffect({
          _id: p.alertJob ?? jobIds(p._id, revision, step).alert,
          kind: PJOB.alert,
          runAt: addWorkingDays(now, this.alertGap(district), calendarOf(district)),
          payload: { proposalId: p._id, revision, step },
        }),
      );
    // Paper found allowed since the step started puts it on the liaison's waiting list too.
    const update: Update = {
      $push: { nudges: nudgeKey },
      $set: {
        updatedAt: now,
        ...(paper ? { paperOk: true } : {}),
        ...(kind === "reminder" ? { reminded: { revision, step, at: now } } : {}),
      },
    };
    await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: {
        _id: p._id,
        state: "in_signature",
        revision,
        step,
        nudges: { $ne: nudgeKey },
      },
      update,
      now,
      effects,
    });
  }

  /** Working days between a step's reminder and its alert (the district's two deadlines). */
  private alertGap(district: DistrictDoc): number {
    const d = district.deadlines;
    return Math.max(0, d.signatureEscalation - d.signatureReminder);
  }

  /**
   * The earliest the step's alert may go: the gap after the reminder went out. Before the
   * reminder, the gap after the reminder job's time (or now, if it is due or running);
   * with no reminder to wait for (a job that failed, or from before `reminded` was kept),
   * now.
   */
  private alertDue(
    p: ProposalDoc,
    district: DistrictDoc,
    reminderJob: JobDoc | null,
    now: number,
  ): number {
    const cal = calendarOf(district);
    const remindedAt = remindedAtStep(p);
    if (remindedAt !== undefined) return addWorkingDays(remindedAt, this.alertGap(district), cal);
    if (p.nudges.includes(`reminder:${p.revision}:${p.step}`)) return now;
    if (reminderJob?.state === "pending" || reminderJob?.state === "running")
      return addWorkingDays(Math.max(now, reminderJob.runAt), this.alertGap(district), cal);
    return now;
  }

  /**
   * Moves the step's alert to `due`. The running job is marked done when it returns, so the
   * alert goes under a new key, kept on the proposal so the step's end cancels it; the key in
   * the guard makes a re-run of the same job move it once.
   */
  private async deferAlert(p: ProposalDoc, job: JobDoc, due: number, now: number): Promise<void> {
    const { revision, step } = p;
    const id = `${jobIds(p._id, revision, step).alert}@${due}`;
    const earlier = p.alertJob && p.alertJob !== job._id ? [cancelJobEffect(p.alertJob)] : [];
    const remindedAt = remindedAtStep(p);
    await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: {
        _id: p._id,
        state: "in_signature",
        revision,
        step,
        nudges: { $ne: `alert:${revision}:${step}` },
        alertJob: { $ne: id },
      },
      update: { $set: { alertJob: id } },
      now,
      effects: [
        auditEffect({
          itemType: "proposal",
          itemId: p._id,
          actor: { system: "proposals" },
          action: "proposal.alert_deferred",
          from: p.state,
          to: p.state,
          data: {
            revision,
            step,
            stepName: p.chain[step]!.step,
            until: due,
            ...(remindedAt !== undefined ? { remindedAt } : {}),
          },
        }),
        ...earlier,
        scheduleEffect({
          _id: id,
          kind: PJOB.alert,
          runAt: due,
          payload: { proposalId: p._id, revision, step },
        }),
      ],
    });
  }

  // ------------------------------------------------------------------ roster changes

  /**
   * After the roster changed (a re-import moved a role, switched someone off), hands the
   * current step of each proposal in signature to whoever holds it now: the new signers
   * are asked, and a step nobody holds any more goes to the liaison on paper. The roster
   * version checked last is kept in the store, so an unchanged roster costs one look at
   * it; a changed one is read in pages, holders looked up once per step, subject and
   * neighbourhood, the event loop let go between pages.
   */
  async followRoster(): Promise<number> {
    const deps = { store: this.store, repos: this.repos, log: this.log, clock: this.clock };
    return afterRosterChange(deps, {
      checkId: (districtId) => `proposals:${districtId}`,
      items: this.col,
      filter: (districtId) => ({ districtId, state: "in_signature" }),
      projection: { fields: 1, chain: 1, step: 1, signers: 1 },
      what: "proposal",
      visit: async (district, r, memo) => {
        const step = r.chain[r.step];
        if (!step) return false;
        const holders = await this.holdersOf(district, r.fields, step.step, memo);
        if (sameSet(holders, r.signers)) return false;
        const p = await this.col.findOne({ _id: r._id });
        return Boolean(p && (await this.handOver(district, p, memo)));
      },
    });
  }

  /** One proposal's current step to the roster's holders: one guarded transition. */
  private async handOver(
    district: DistrictDoc,
    p: ProposalDoc,
    memo?: Map<string, string[]>,
  ): Promise<boolean> {
    const current = p.chain[p.step];
    if (p.state !== "in_signature" || !current) return false;
    const holders = await this.holdersOf(district, p.fields, current.step, memo);
    if (sameSet(holders, p.signers)) return false;
    const now = this.clock.now();
    const paperOk = await this.paperAllowed(current.step, holders);
    const key = `prop:${p._id}:r${p.revision}:s${p.step}:roster${p._rev ?? 0}`;
    const requests = await this.stepRequests(
      p,
      district,
      {
        index: p.step,
        revision: p.revision,
        step: current.step,
        fields: p.fields,
        versions: p.versions,
      },
      holders.filter((h) => !p.signers.includes(h)),
      // The liaison is told when paper becomes the way (it may already have been).
      paperOk && !p.paperOk ? holders : null,
      key,
    );
    const chain = p.chain.map((c, i) => (i === p.step ? { ...c, signers: holders } : c));
    const after = await transition<ProposalDoc>(this.store, {
      collection: PROPOSALS,
      filter: stepGuard(p),
      update: {
        $set: {
          ...requests.set,
          signers: holders,
          formerSigners: [
            ...new Set([
              ...(p.formerSigners ?? []),
              ...p.signers.filter((s) => !holders.includes(s)),
            ]),
          ],
          chain,
          paperOk,
          updatedAt: now,
        },
      },
      now,
      effects: [
        auditEffect({
          itemType: "proposal",
          itemId: p._id,
          actor: { system: "roster" },
          action: "proposal.reassigned",
          from: "in_signature",
          to: "in_signature",
          data: {
            revision: p.revision,
            step: p.step,
            stepName: current.step,
            fromSigners: p.signers,
            signers: holders,
            paperOk,
          },
        }),
        ...requests.effects,
      ],
    });
    if (after) this.log.info({ proposal: p.code, step: current.step }, "proposal step handed over");
    return Boolean(after);
  }

  // ------------------------------------------------------------------ reading

  get(id: string): Promise<ProposalDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /**
   * Up to `limit` of this person's proposals next to `at`, newest first. The order is by
   * creation, not by the last update: a signature or a reminder between two pages would
   * otherwise move a proposal across them. Pages continue from the key of the item shown
   * last (creation time, then id), so a proposal created or deleted meanwhile moves no
   * other one across pages either. Only the person's own proposals are read, whatever key.
   */
  mine(personId: string, at: ListAt<ListKey>, limit: number): Promise<ProposalDoc[]> {
    return findKeyed(this.col, { proposerId: personId }, ["createdAt", "_id"], at, limit);
  }

  /** What waits for this person's signature (and, for the liaison, paper signatures). */
  async waitingFor(person: PersonDoc): Promise<ProposalDoc[]> {
    const mine = await this.col.find(
      { signers: person._id, state: "in_signature" },
      { sort: { stepSince: 1 }, limit: WAITING_LIST },
    );
    if (!hasRole(person.roles, "liaison")) return mine;
    const paper = await this.col.find(
      { districtId: person.districtId, state: "in_signature", paperOk: true },
      { sort: { stepSince: 1 }, limit: WAITING_LIST },
    );
    return [...mine, ...paper.filter((x) => !mine.some((m) => m._id === x._id))];
  }

  /** How many proposals wait for this person in all (for the liaison, paper ones too). */
  async countWaiting(person: PersonDoc): Promise<number> {
    const mine = await this.col.countDocuments({ signers: person._id, state: "in_signature" });
    if (!hasRole(person.roles, "liaison")) return mine;
    const paper = await this.col.countDocuments({
      districtId: person.districtId,
      state: "in_signature",
      paperOk: true,
      signers: { $ne: person._id },
    });
    return mine + paper;
  }

  history(id: string): Promise<AuditDoc[]> {
    return this.repos.audit.history("proposal", id);
  }

  /** The completed form as printable HTML, rebuilt from the stored proposal. */
  async documentHtml(id: string): Promise<string | null> {
    const p = await this.get(id);
    if (!p) return null;
    const district = await this.district(p.districtId);
    const people = new Map<string, PersonDoc>();
    for (const pid of peopleIdsOf(p)) {
      const person = await this.repos.people.get(pid);
      if (person) people.set(pid, person);
    }
    return renderProposalDocument({ proposal: p, district, people, t: this.t });
  }
}

/** When the signer of the step the proposal waits on now was reminded, if they were. */
function remindedAtStep(p: ProposalDoc): number | undefined {
  const r = p.reminded;
  return r && r.revision === p.revision && r.step === p.step ? r.at : undefined;
}
