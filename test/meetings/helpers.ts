import { jalaliToUtc } from "../../src/domain/time.ts";
import type { User } from "../../src/emulator/client.ts";
import type { MeetingService } from "../../src/meetings/service.ts";
import type { AgendaItem, MeetingDoc } from "../../src/meetings/types.ts";
import type { ReportDoc } from "../../src/reports/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, PEOPLE, signIn } from "../helpers/harness.ts";

/** Zahra: the working-group secretary of Narmak's urban services. */
export const ZAHRA = "989121000003";
/** Hossein: a member of that working group. */
export const HOSSEIN = "989121000004";

/** Narmak's urban-services working group: Zahra's to run. */
export const NARMAK_URBAN = {
  kind: "wg",
  level: "neighborhood",
  subject: "urban_services",
  neighborhood: "narmak",
} as const;

/** A meeting of Narmak's urban-services group at `startAt`, scheduled by Zahra. */
export async function zahrasMeeting(
  h: Harness,
  startAt: number,
  place = "سرای محلهٔ نارمک",
): Promise<MeetingDoc> {
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  const r = await h.app.services.meetings.create({
    person: secretary,
    scope: NARMAK_URBAN,
    startAt,
    place,
  });
  if (!r.ok) throw new Error(r.why);
  return r.meeting;
}

/** A Tehran wall time on a Jalali day (of 1405 unless told). */
export const at = (jm: number, jd: number, hour: number, minute = 0, jy = 1405) =>
  jalaliToUtc({ jy, jm, jd, hour, minute });

/**
 * An acknowledged report of Narmak's urban services owned by its group's secretary, stored
 * as the report service writes one, for meetings to put on their agendas.
 */
export function openReport(now: number, id: string, over: Partial<ReportDoc> = {}): ReportDoc {
  return {
    _id: id,
    districtId: "d8",
    code: `8-1405-${id.slice(-5).padStart(5, "0")}`,
    jy: 1405,
    seq: 1,
    reporterId: `d8:${PEOPLE.councillor.phone}`,
    reporter: { platform: "telegram", chatId: 1 },
    subject: "urban_services",
    neighborhood: "narmak",
    description: `گزارش ${id}`,
    normText: `گزارش ${id}`,
    photos: [],
    urgency: "normal",
    state: "acknowledged",
    stateSince: now,
    level: 0,
    step: "neighborhood_wg_secretary",
    owners: [`d8:${ZAHRA}`],
    pastOwners: [],
    breaches: 0,
    supporters: [],
    questions: [],
    agenda: [],
    createdAt: now,
    updatedAt: now,
    _rev: 0,
    _effects: [],
    ...over,
  };
}

/** Zahra and Hossein signed in, and Zahra's roster entry (she runs their group's meetings). */
export async function signInGroup(
  h: Harness,
): Promise<{ zahra: User; hossein: User; secretary: PersonDoc }> {
  const client = h.client("telegram");
  const zahra = await signIn(client, ZAHRA);
  const hossein = await signIn(client, HOSSEIN);
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  return { zahra, hossein, secretary };
}

/** The meeting's agenda made exactly these items, by its secretary. */
export async function setAgenda(
  meetings: MeetingService,
  id: string,
  actor: { personId: string; platform: "telegram"; userId: number },
  items: AgendaItem[],
): Promise<void> {
  for (const a of (await meetings.agendaOf(id))!.agenda)
    await meetings.editAgenda(id, actor, { op: "remove", itemId: a.id });
  for (const item of items) await meetings.editAgenda(id, actor, { op: "add", item });
}

/**
 * Minutes recorded for the meeting with one action item, Hossein's, due at `dueAt`; the
 * item's id. (Attendance and decisions play no part where this is used.)
 */
export async function minutesWithItem(
  meetings: MeetingService,
  meetingId: string,
  actor: { personId: string; platform: "telegram"; userId: number },
  text: string,
  dueAt: number,
): Promise<string> {
  const r = await meetings.recordMinutes(meetingId, actor, {
    attended: [],
    decisions: [],
    actionItems: [{ text, owner: { type: "person", personId: `d8:${HOSSEIN}` }, dueAt }],
  });
  if (!r.ok) throw new Error(`minutes not recorded: ${r.why}`);
  return `${meetingId}:ai1`;
}
