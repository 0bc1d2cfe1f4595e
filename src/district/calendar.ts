import type { WorkCalendar } from "../domain/workdays.ts";
import type { DistrictConfig } from "./schema.ts";

const cache = new WeakMap<object, WorkCalendar>();

/** The district's working calendar; one object per district document (calendars compile once). */
export function calendarOf(d: DistrictConfig): WorkCalendar {
  let cal = cache.get(d);
  if (!cal) {
    cal = {
      tz: d.timeZone,
      thursdayIsWorkday: d.workWeek.thursdayIsWorkday,
      holidays: d.holidays,
      officeHours: d.workWeek.officeHours,
    };
    cache.set(d, cal);
  }
  return cal;
}
