import { jalaliToUtc } from "../../src/domain/time.ts";
import type { ReportDoc } from "../../src/reports/types.ts";
import { PEOPLE } from "../helpers/harness.ts";

/** Zahra: the working-group secretary of Narmak's urban services. */
export const ZAHRA = "989121000003";
/** Hossein: a member of that working group. */
export const HOSSEIN = "989121000004";

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
