import { parse } from "csv-parse/sync";
import { normalizeIranianPhone } from "../domain/phone.ts";
import { compactKey } from "../domain/text.ts";
import { toJalali } from "../domain/time.ts";
import { defaultWorkCalendar, parseHoliday } from "../domain/workdays.ts";
import type { Repos } from "../repos/index.ts";
import type { PersonDoc } from "../repos/types.ts";
import { parseRoles } from "./roles.ts";
import {
  type DistrictConfig,
  type DistrictDoc,
  DistrictFileError,
  findNeighborhood,
  parseDistrict,
} from "./schema.ts";

export interface RowError {
  line: number;
  reason: string;
  /**
   * The row's phone, when one could be read: that person, if on the roster, is kept as is
   * (unless another row with this phone is imported).
   */
  phone?: string;
  /** The row's name, when it has one: with no usable phone, the person is found by it. */
  name?: string;
  /** Set by the import: the phone names someone already on the roster, left as they were. */
  kept?: boolean;
  /** Set by the import: the one person on the roster of this name, left as they were. */
  keptByName?: string;
  /** Set by the import: another row (this line) with the same phone is the one imported. */
  appliedLine?: number;
}

export interface ImportReport {
  districtId: string;
  district: "created" | "updated" | "unchanged";
  people: {
    created: number;
    updated: number;
    unchanged: number;
    deactivated: number;
    /** Who was switched off (absent from the file), to be read before anyone is surprised. */
    switchedOff: { name: string; phone: string }[];
    errors: RowError[];
  };
  /** What the files leave to defaults that an operator should know of. */
  warnings: string[];
}

export interface PersonRow {
  line: number;
  name: string;
  phone: string;
  neighborhood: string | null;
  roles: string[];
}

const COLUMNS = ["name", "phone", "neighborhood", "roles"];

/** What `TextDecoder` (and readFile's "utf8") puts where bytes were not UTF-8. */
const REPLACEMENT = "\uFFFD";

/**
 * Refuses a file that was not UTF-8 (Excel's "CSV" is Windows-1256 on Persian systems): its
 * names would be stored as unreadable characters.
 */
export function assertUtf8(file: string, text: string): void {
  const at = text.indexOf(REPLACEMENT);
  if (at < 0) return;
  const line = text.slice(0, at).split(/\r\n|\n|\r/).length;
  throw new DistrictFileError(
    `${file} is not UTF-8 (line ${line} holds bytes that are not UTF-8 text, as in a file Excel saved as Windows-1256): save it as "CSV UTF-8" and import it again`,
  );
}

/** One line of people.csv as fields, or why it can't be read. */
function parseLine(text: string): { fields: string[] } | { reason: string } {
  try {
    const [fields = []] = parse(text, { relax_column_count: true, trim: true }) as string[][];
    return { fields };
  } catch (err) {
    const e = err as Error & { code?: string; index?: number };
    const field = COLUMNS[e.index ?? -1] ?? `field ${(e.index ?? 0) + 1}`;
    if (e.code && /QUOTE/.test(e.code))
      return {
        reason: `${field}: a stray quote mark ("); put the whole ${field} in quotes and double the quotes inside it ("a ""b"" c"), or leave them out`,
      };
    return { reason: `${field}: ${e.message}` };
  }
}

/** The first field of a broken row that reads as a mobile number, if any. */
function phoneOf(fields: string[]): string | undefined {
  for (const f of fields) {
    const phone = normalizeIranianPhone(f.trim().replace(/^"|"$/g, ""));
    if (phone) return phone;
  }
  return undefined;
}

/**
 * Parses people.csv (UTF-8, BOM optional). Bad rows are reported; good rows are kept.
 * A roster row never spans lines, so each line is parsed on its own: a stray quote spoils
 * its own row only, never the rows after it.
 */
export function parsePeopleCsv(
  text: string,
  district: DistrictConfig,
): { rows: PersonRow[]; errors: RowError[] } {
  assertUtf8("people.csv", text);
  const rows: PersonRow[] = [];
  const errors: RowError[] = [];
  const records: { line: number; raw: string; parsed: ReturnType<typeof parseLine> }[] = [];
  for (const [i, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .entries())
    if (raw.trim() !== "") records.push({ line: i + 1, raw, parsed: parseLine(raw) });
  const header = records.shift();
  const names = header && "fields" in header.parsed ? header.parsed.fields : [];
  if (names.map((h) => h.toLowerCase()).join(",") !== COLUMNS.join(","))
    throw new DistrictFileError(`people.csv line 1: the header must be ${COLUMNS.join(",")}`);

  /** Good rows' raw phones, for the message if a later look finds them in conflict. */
  const rawPhones = new Map<number, string>();
  for (const { line, raw, parsed } of records) {
    if (!("fields" in parsed)) {
      errors.push({ line, reason: parsed.reason, phone: phoneOf(raw.split(",")) });
      continue;
    }
    const record = parsed.fields;
    if (record.length !== 4) {
      errors.push({
        line,
        reason: `expected 4 columns, found ${record.length}`,
        phone: phoneOf(record),
      });
      continue;
    }
    const [name = "", rawPhone = "", rawNeighborhood = "", rawRoles = ""] = record;
    const phone = normalizeIranianPhone(rawPhone);
    if (!phone) {
      errors.push({
        line,
        reason: name ? `"${rawPhone}" is not an Iranian mobile number` : "name is empty",
        ...(name ? { name } : {}),
      });
      continue;
    }
    const bad = (reason: string) => errors.push({ line, reason, phone, ...(name ? { name } : {}) });
    if (!name) {
      bad("name is empty");
      continue;
    }
    const neighborhood = rawNeighborhood || null;
    if (neighborhood && !findNeighborhood(district, neighborhood)) {
      bad(`no neighborhood "${neighborhood}" in the district`);
      continue;
    }
    const roles = parseRoles(rawRoles, district, neighborhood);
    if (!roles.ok) {
      bad(roles.reason);
      continue;
    }
    rawPhones.set(line, rawPhone);
    rows.push({ line, name, phone, neighborhood, roles: roles.roles });
  }
  return samePhoneRows(rows, errors, rawPhones);
}

/**
 * Rows sharing a phone. The same person twice (the same name) is imported once, from the
 * first good row. Different names mean one row's phone is a typo, and which one cannot be
 * told: applying either would give one person's record the other's name and roles, so
 * neither is applied and everyone they may be stays as they were until the file is fixed.
 */
function samePhoneRows(
  rows: PersonRow[],
  errors: RowError[],
  rawPhones: Map<number, string>,
): { rows: PersonRow[]; errors: RowError[] } {
  const named = new Map<string, { line: number; name: string }[]>();
  for (const r of [...rows, ...errors])
    if (r.phone && r.name)
      named.set(r.phone, [...(named.get(r.phone) ?? []), { line: r.line, name: r.name }]);
  const kept: PersonRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const rawPhone = rawPhones.get(row.line)!;
    const reject = (reason: string) =>
      errors.push({ line: row.line, reason, phone: row.phone, name: row.name });
    const other = named
      .get(row.phone)!
      .filter((r) => compactKey(r.name) !== compactKey(row.name))
      .sort((a, b) => a.line - b.line)[0];
    if (other) {
      reject(
        `phone ${rawPhone} is also on line ${other.line}, under another name (${other.name}): neither row is applied`,
      );
      continue;
    }
    const first = firstLine.get(row.phone);
    if (first !== undefined) {
      reject(`phone ${rawPhone} is already used on line ${first}`);
      continue;
    }
    firstLine.set(row.phone, row.line);
    kept.push(row);
  }
  return { rows: kept, errors: errors.sort((a, b) => a.line - b.line) };
}

/** Key order differs between a file and what a store hands back; compare canonically. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Imports a district and its roster. Idempotent: importing the same files again
 * changes nothing and says so. People missing from the CSV are deactivated (their
 * history stays). Each write is a keyed upsert, so an interrupted import can simply be
 * run again.
 */
export async function importDistrict(
  repos: Repos,
  files: { districtJson: string; peopleCsv: string },
  now: number,
): Promise<ImportReport> {
  assertUtf8("district.json", files.districtJson);
  let raw: unknown;
  try {
    raw = JSON.parse(files.districtJson.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new DistrictFileError(`district.json is not valid JSON: ${(err as Error).message}`);
  }
  const district = parseDistrict(raw);
  const { rows, errors } = parsePeopleCsv(files.peopleCsv, district);
  if (rows.length === 0) {
    // A file with nobody in it (a header alone, an empty export, every row rejected) is far
    // more likely a mistake than a wish to lock the whole district out: nothing is written.
    const active = await repos.people.col.countDocuments({ districtId: district.id, active: true });
    if (active > 0)
      throw new DistrictFileError(
        `people.csv has no row that can be imported${errors.length ? ` (${errors.length} rejected, the first on line ${errors[0]!.line}: ${errors[0]!.reason})` : ""}; importing it would switch off all ${active} people of district ${district.id}. Nothing was changed.`,
      );
  }

  const existing = await repos.districts.col.findOne({ _id: district.id });
  let districtResult: ImportReport["district"] = "unchanged";
  if (!existing) districtResult = "created";
  else {
    const { _id, importedAt, ...stored } = existing;
    if (!sameJson(stored, district)) districtResult = "updated";
  }
  if (districtResult !== "unchanged") {
    const doc: Omit<DistrictDoc, "_id"> = { ...district, importedAt: now };
    // Top-level keys dropped from the file are dropped from the store too.
    const dropped = existing ? Object.keys(existing).filter((k) => k !== "_id" && !(k in doc)) : [];
    await repos.districts.col.updateOne(
      { _id: district.id },
      dropped.length
        ? { $set: doc, $unset: Object.fromEntries(dropped.map((k) => [k, ""])) }
        : { $set: doc },
      { upsert: true },
    );
    repos.districts.invalidate();
    await repos.audit.append({
      itemType: "district",
      itemId: district.id,
      at: now,
      actor: { system: "import" },
      action: districtResult === "created" ? "district.created" : "district.updated",
    });
  }

  const report: ImportReport = {
    districtId: district.id,
    district: districtResult,
    people: { created: 0, updated: 0, unchanged: 0, deactivated: 0, switchedOff: [], errors },
    warnings: holidayWarnings(raw, district, now),
  };

  const current = new Map(
    (await repos.people.col.find({ districtId: district.id })).map((p) => [p._id, p]),
  );
  const keep = new Set<string>();
  // A rejected row whose phone a good row also carries (a duplicate, or a bad copy) changes
  // nothing itself, but the person is not left as they were: the good row is applied.
  const imported = new Map(rows.map((row) => [row.phone, row.line]));
  // A row rejected for a typo must not cost an existing person their access or roles: they
  // stay exactly as they were until the row is fixed. Only people absent from the file go.
  const byPhone = new Map<RowError, PersonDoc>();
  for (const error of errors) {
    const appliedLine = error.phone && imported.get(error.phone);
    if (appliedLine) {
      error.appliedLine = appliedLine;
      continue;
    }
    const person = error.phone && current.get(`${district.id}:${error.phone}`);
    if (!person) continue;
    keep.add(person._id);
    error.kept = true;
    byPhone.set(error, person);
  }
  // A row rejected for its phone (a typo, or another row's number) names its person still:
  // the one active person of that name whom no good row carries stays as they were — also
  // when the phone is someone else's on the roster, who stays as they were too (above).
  const carried = new Set(rows.map((row) => `${district.id}:${row.phone}`));
  for (const error of errors) {
    if (error.appliedLine || !error.name) continue;
    const key = compactKey(error.name);
    const owner = byPhone.get(error);
    if (owner && compactKey(owner.name) === key) continue;
    const same = [...current.values()].filter(
      (p) => p.active && !carried.has(p._id) && compactKey(p.name) === key,
    );
    if (same.length !== 1) continue;
    keep.add(same[0]!._id);
    error.keptByName = same[0]!.phone;
  }
  await repos.people.forgetVersion(district.id);
  for (const row of rows) {
    const id = `${district.id}:${row.phone}`;
    keep.add(id);
    const before = current.get(id);
    const fields = {
      name: row.name,
      neighborhood: row.neighborhood,
      roles: row.roles,
      active: true,
    };
    if (
      before &&
      before.name === fields.name &&
      before.neighborhood === fields.neighborhood &&
      sameJson(before.roles, fields.roles) &&
      before.active
    ) {
      report.people.unchanged++;
      continue;
    }
    await repos.people.col.updateOne(
      { _id: id },
      {
        $set: { ...fields, updatedAt: now },
        $setOnInsert: { districtId: district.id, phone: row.phone, createdAt: now },
      },
      { upsert: true },
    );
    await repos.audit.append({
      itemType: "person",
      itemId: id,
      at: now,
      actor: { system: "import" },
      action: before ? "person.updated" : "person.created",
      data: { roles: row.roles, neighborhood: row.neighborhood, line: row.line },
    });
    if (before) report.people.updated++;
    else report.people.created++;
  }

  const gone = [...current.values()].filter((p: PersonDoc) => p.active && !keep.has(p._id));
  for (const person of gone) {
    const res = await repos.people.col.updateOne(
      { _id: person._id, active: true },
      { $set: { active: false, updatedAt: now } },
    );
    if (res.modifiedCount === 1) {
      report.people.deactivated++;
      report.people.switchedOff.push({ name: person.name, phone: person.phone });
      await repos.audit.append({
        itemType: "person",
        itemId: person._id,
        at: now,
        actor: { system: "import" },
        action: "person.deactivated",
      });
    }
  }
  repos.people.invalidate();
  await repos.people.recordVersion(district.id, now);
  return report;
}

/**
 * Deadlines count working days, and the moving (lunar) holidays are the district's to list
 * year by year: a file without them for this year counts Tasua, Ashura or Eid al-Fitr as
 * working days, which nobody would notice until a deadline falls due on one.
 */
function holidayWarnings(raw: unknown, district: DistrictConfig, now: number): string[] {
  const out: string[] = [];
  if (!(raw && typeof raw === "object" && "holidays" in raw))
    out.push(
      `district.json lists no holidays: the fixed national ones (${defaultWorkCalendar.holidays.join(", ")}) are used`,
    );
  const { jy } = toJalali(now, district.timeZone);
  if (!district.holidays.some((h) => parseHoliday(h)?.jy === jy))
    out.push(
      `district.json lists no holiday for ${jy} alone ("${jy}-MM-DD"): until the year's moving (lunar) holidays are added, deadlines count them as working days`,
    );
  return out;
}

export function formatImportReport(r: ImportReport): string {
  const lines = [
    `district ${r.districtId}: ${r.district}`,
    `people: ${r.people.created} created, ${r.people.updated} updated, ${r.people.unchanged} unchanged, ${r.people.deactivated} deactivated, ${r.people.errors.length} rejected`,
    ...r.people.errors.map(
      (e) =>
        `  people.csv line ${e.line}: ${e.reason}${
          e.appliedLine
            ? ` (this row is ignored; line ${e.appliedLine}, with the same phone, was applied)`
            : e.kept
              ? " (the person already on the roster with this phone is left as they were)"
              : ""
        }${
          e.keptByName
            ? ` (${e.name}, on the roster with ${e.keptByName}, is left as they were)`
            : ""
        }`,
    ),
    ...r.people.switchedOff.map((p) => `  switched off (not in the file): ${p.name}, ${p.phone}`),
    ...r.warnings.map((w) => `note: ${w}`),
  ];
  const rejected = r.people.errors.length;
  if (
    r.district === "unchanged" &&
    r.people.created + r.people.updated + r.people.deactivated === 0
  )
    // Rejected rows are not in the store, so it does not hold exactly the files.
    lines.push(
      rejected
        ? `nothing changed, but ${rejected} ${rejected === 1 ? "row was" : "rows were"} rejected (listed above): fix ${rejected === 1 ? "it" : "them"} and import again`
        : "unchanged: the store already holds exactly these files",
    );
  return lines.join("\n");
}
