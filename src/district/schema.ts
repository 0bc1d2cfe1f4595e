import { distance } from "fastest-levenshtein";
import * as v from "valibot";
import { defaultWorkCalendar } from "../domain/workdays.ts";

/** district.json (DESIGN §7): validated on import with errors that name the field. */

/** The known key a misspelt one was probably meant to be (quiet_hours → quietHours), if any. */
function nearest(key: string, known: string[]): string | undefined {
  const squash = (k: string) => k.toLowerCase().replace(/[\s_-]/g, "");
  const same = known.find((k) => squash(k) === squash(key));
  if (same) return same;
  const limit = Math.min(2, Math.floor(key.length / 3));
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(squash(key), squash(k));
    if (d <= limit && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

/**
 * An object of the file that refuses keys it does not know: a plain object would drop a
 * misspelt optional field and silently apply its default (no headquarters, default hours).
 */
function strict<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, (issue) => {
    if (issue.expected !== "never") return issue.message;
    const key = String(issue.input);
    const guess = nearest(key, Object.keys(entries));
    return `unknown field ${key}${guess ? ` (did you mean ${guess}?)` : ""}`;
  });
}

const code = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case code: a–z, 0–9 and _"),
);
const names = strict({
  fa: v.pipe(v.string(), v.nonEmpty("must not be empty")),
  en: v.pipe(v.string(), v.nonEmpty("must not be empty")),
});
const hhmm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM"));
const workingDays = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60));
/** Jalali holiday: "MM-DD" every year or "YYYY-MM-DD" once. */
const holiday = v.pipe(
  v.string(),
  v.regex(
    /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    'must be a Jalali date "MM-DD" (every year) or "YYYY-MM-DD" (once)',
  ),
);
const ladderStep = v.pipe(
  v.string(),
  v.regex(
    /^(neighborhood_wg_secretary|neighborhood_secretary|district_wg_secretary|presidium|liaison|mayor|deputy:[a-z][a-z0-9_]*|deputy_of_subject)$/,
    "must be one of neighborhood_wg_secretary, neighborhood_secretary, district_wg_secretary, presidium, liaison, mayor, deputy:CODE, deputy_of_subject",
  ),
);
/** Every date and hour is read in this zone: a misspelt one would fail each report later. */
const timeZone = v.pipe(
  v.string(),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Asia/Tehran"'),
);
const chatRef = strict({
  platform: v.picklist(["telegram", "bale"], "must be telegram or bale"),
  chatId: v.pipe(v.number(), v.integer()),
});

export const DistrictSchema = strict({
  id: code,
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99)),
  name: names,
  timeZone: v.optional(timeZone, "Asia/Tehran"),
  areas: v.pipe(
    v.array(
      strict({
        code,
        name: names,
        neighborhoods: v.pipe(v.array(strict({ code, name: names })), v.minLength(1)),
      }),
    ),
    v.minLength(1, "must list at least one area"),
  ),
  deputies: v.optional(v.array(strict({ code, name: names })), []),
  subjects: v.pipe(
    v.array(strict({ code, name: names, deputy: v.optional(code) })),
    v.minLength(1, "must list at least one subject"),
  ),
  workingGroups: v.optional(
    v.array(
      strict({
        subject: code,
        level: v.picklist(["neighborhood", "district"], "must be neighborhood or district"),
        groupChat: v.optional(chatRef),
      }),
    ),
    [],
  ),
  ladders: v.optional(
    strict({
      report: v.optional(v.pipe(v.array(ladderStep), v.minLength(1)), [
        "neighborhood_wg_secretary",
        "district_wg_secretary",
        "presidium",
        "liaison",
      ]),
      proposal: v.optional(v.pipe(v.array(ladderStep), v.minLength(1)), [
        "neighborhood_wg_secretary",
        "district_wg_secretary",
        "liaison",
        "deputy:planning",
        "mayor",
      ]),
    }),
    {},
  ),
  deadlines: v.optional(
    strict({
      reportAcknowledge: v.optional(workingDays, 2),
      reportResolve: v.optional(workingDays, 10),
      signatureReminder: v.optional(workingDays, 3),
      signatureEscalation: v.optional(workingDays, 5),
      minutesReminder: v.optional(workingDays, 2),
      minutesEscalation: v.optional(workingDays, 5),
    }),
    {},
  ),
  quietHours: v.optional(strict({ start: hhmm, end: hhmm }), { start: "22:00", end: "07:00" }),
  workWeek: v.optional(
    strict({
      thursdayIsWorkday: v.optional(v.boolean(), false),
      officeHours: v.optional(strict({ start: hhmm, end: hhmm }), {
        start: "07:30",
        end: "14:30",
      }),
    }),
    {},
  ),
  // Left out, the fixed national holidays (Nowruz, 22 Bahman…) still apply; `[]` means none.
  holidays: v.optional(v.array(holiday), () => [...defaultWorkCalendar.holidays]),
  headquarters: v.optional(chatRef),
  meetings: v.optional(
    strict({
      reminderOffsetsMinutes: v.optional(
        v.array(v.pipe(v.number(), v.integer(), v.minValue(1))),
        [4320, 1440, 120],
      ),
    }),
    {},
  ),
  digest: v.optional(
    strict({
      weekday: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6)), 0),
      hour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(23)), 8),
    }),
    {},
  ),
});

export type DistrictConfig = v.InferOutput<typeof DistrictSchema>;

/** As stored: read back as is, never through DistrictSchema, whose strictness is for the file. */
export interface DistrictDoc extends DistrictConfig {
  _id: string;
  importedAt: number;
}

export class DistrictFileError extends Error {
  override readonly name = "DistrictFileError";
}

function pathOf(path: readonly unknown[]): string {
  const parts: string[] = [];
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === "number") parts.push(`[${key}]`);
    else parts.push(parts.length ? `.${String(key)}` : String(key));
  }
  return parts.join("");
}

/** Validates a parsed district.json, including cross-references, naming the bad field. */
export function parseDistrict(input: unknown): DistrictConfig {
  const result = v.safeParse(DistrictSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path ?? [];
    // An unknown key is named in the message; point at the object that holds it.
    if (issue.type === "strict_object" && issue.expected === "never")
      throw new DistrictFileError(
        `${pathOf(path.slice(0, -1)) || "district.json"}: ${issue.message}`,
      );
    throw new DistrictFileError(`${pathOf(path) || "(file)"}: ${issue.message}`);
  }
  const d = result.output;
  const seen = new Set<string>();
  d.areas.forEach((area, ai) => {
    if (seen.has(`area:${area.code}`))
      throw new DistrictFileError(`areas[${ai}].code: "${area.code}" is used twice`);
    seen.add(`area:${area.code}`);
    area.neighborhoods.forEach((n, ni) => {
      if (seen.has(`n:${n.code}`))
        throw new DistrictFileError(
          `areas[${ai}].neighborhoods[${ni}].code: "${n.code}" is used twice`,
        );
      seen.add(`n:${n.code}`);
    });
  });
  const deputies = new Set(d.deputies.map((x) => x.code));
  const subjects = new Set<string>();
  d.subjects.forEach((s, i) => {
    if (subjects.has(s.code))
      throw new DistrictFileError(`subjects[${i}].code: "${s.code}" is used twice`);
    subjects.add(s.code);
    if (s.deputy !== undefined && !deputies.has(s.deputy))
      throw new DistrictFileError(`subjects[${i}].deputy: no deputy with code "${s.deputy}"`);
  });
  d.workingGroups.forEach((g, i) => {
    if (!subjects.has(g.subject))
      throw new DistrictFileError(
        `workingGroups[${i}].subject: no subject with code "${g.subject}"`,
      );
  });
  for (const [ladder, steps] of Object.entries(d.ladders)) {
    steps.forEach((step, i) => {
      const deputy = step.startsWith("deputy:") ? step.slice(7) : undefined;
      if (deputy === undefined || deputies.has(deputy)) return;
      // A default ladder is not in the file: name what the file lacks, not a field it never had.
      const written = (input as { ladders?: Record<string, unknown> } | null)?.ladders?.[ladder];
      if (written === undefined)
        throw new DistrictFileError(
          `deputies: the default ${ladder} ladder needs a "${deputy}" deputy (step ${i + 1}: ${step}); add one to deputies, or write ladders.${ladder} without it`,
        );
      throw new DistrictFileError(`ladders.${ladder}[${i}]: no deputy with code "${deputy}"`);
    });
  }
  return d;
}

export function neighborhoodCodes(d: DistrictConfig): string[] {
  return d.areas.flatMap((a) => a.neighborhoods.map((n) => n.code));
}

export function findNeighborhood(d: DistrictConfig, code: string) {
  for (const area of d.areas) {
    const n = area.neighborhoods.find((x) => x.code === code);
    if (n) return { ...n, area: area.code };
  }
  return undefined;
}
