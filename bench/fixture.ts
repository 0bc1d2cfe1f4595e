import { readFile } from "node:fs/promises";
import { SAMPLE_DISTRICT_DIR } from "../src/app.ts";
import { importDistrict } from "../src/district/import.ts";
import type { DistrictDoc } from "../src/district/schema.ts";
import { formatTrackingCode } from "../src/domain/tracking.ts";
import { silentLogger } from "../src/log.ts";
import { ReportService } from "../src/reports/service.ts";
import type { ReportDoc } from "../src/reports/types.ts";
import { createRepos, type Repos } from "../src/repos/index.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../src/store/embedded.ts";

export const DISTRICT = "d8";
const DAY = 86_400_000;

/** Phone (canonical 98…) of generated roster person `i` (0-based). */
export const benchPhone = (i: number) => `98913${String(i).padStart(7, "0")}`;
export const benchPersonId = (i: number) => `${DISTRICT}:${benchPhone(i)}`;

/**
 * The sample district plus `extraPeople` generated councillors (one CSV, imported the way
 * an admin would), in a fresh embedded store in `dir`. Returns the open store.
 */
export async function seedDistrict(
  dir: string,
  extraPeople: number,
  now: number,
): Promise<{ store: EmbeddedStore; repos: Repos; district: DistrictDoc }> {
  const store = await openEmbeddedStore(dir);
  const repos = await createRepos(store);
  const [districtJson, sampleCsv] = await Promise.all([
    readFile(`${SAMPLE_DISTRICT_DIR}/district.json`, "utf8"),
    readFile(`${SAMPLE_DISTRICT_DIR}/people.csv`, "utf8"),
  ]);
  const hoods = (JSON.parse(districtJson) as DistrictDoc).areas.flatMap((a) =>
    a.neighborhoods.map((n) => n.code),
  );
  const extra: string[] = [];
  for (let i = 0; i < extraPeople; i++)
    extra.push(`شورایار ${i},0${benchPhone(i).slice(2)},${hoods[i % hoods.length]},councillor`);
  const peopleCsv = `${sampleCsv.trimEnd()}\n${extra.join("\n")}\n`;
  await importDistrict(repos, { districtJson, peopleCsv }, now);
  const district = await repos.districts.get(DISTRICT);
  if (!district) throw new Error("bench: the sample district did not import");
  return { store, repos, district };
}

export interface ReportMix {
  /** Reports past their deadline (open, level 0, real owners). */
  due: number;
  /** Reports not due: open with a deadline weeks ahead, or closed (no deadline). */
  notDue: number;
  /** Reporters are drawn from generated people 0…reporters-1. */
  reporters: number;
}

/**
 * Inserts reports directly (insertMany in batches), as if filed over past years: codes in
 * Jalali years before the current one, so new filings never collide with them.
 */
export async function insertReports(
  store: EmbeddedStore,
  repos: Repos,
  district: DistrictDoc,
  mix: ReportMix,
  now: number,
): Promise<void> {
  const service = new ReportService(store, repos, { now: () => now }, silentLogger);
  await service.ensureIndexes();
  const hoods = district.areas.flatMap((a) => a.neighborhoods.map((n) => n.code));
  const subjects = district.subjects.map((s) => s.code);
  // Owners at level 0 for every (hood, subject): the due ones must escalate for real.
  const owners = new Map<string, { level: number; step: string; owners: string[] }>();
  for (const h of hoods)
    for (const s of subjects) {
      const r = await service.ownersFrom(district, { subject: s, neighborhood: h }, 0);
      if (r) owners.set(`${h}|${s}`, r);
    }
  const total = mix.due + mix.notDue;
  const batch: ReportDoc[] = [];
  for (let i = 0; i < total; i++) {
    const due = i < mix.due;
    const neighborhood = hoods[i % hoods.length]!;
    const subject = subjects[Math.floor(i / hoods.length) % subjects.length]!;
    const route = owners.get(`${neighborhood}|${subject}`) ?? {
      level: 2,
      step: "presidium",
      owners: [],
    };
    const jy = 1404 - (i % 4);
    const seq = Math.floor(i / 4) + 1;
    const open = due || i % 10 === 0;
    const createdAt = now - (due ? 10 : 30 + (i % 300)) * DAY;
    const reporter = i % Math.max(1, mix.reporters);
    const description = `گزارش آزمایشی شماره ${i}: چراغ‌های کوچه ${i % 97} خاموش است`;
    batch.push({
      _id: `bench-r-${String(i).padStart(7, "0")}`,
      districtId: district._id,
      code: formatTrackingCode({ district: district.number, jy, seq }, "en"),
      jy,
      seq,
      reporterId: benchPersonId(reporter),
      reporter: { platform: "telegram", chatId: 7_000_000 + reporter },
      subject,
      neighborhood,
      description,
      normText: description,
      photos: [],
      urgency: "normal",
      state: open ? "submitted" : "closed",
      stateSince: createdAt,
      level: open ? route.level : 0,
      step: open ? route.step : "neighborhood_wg_secretary",
      owners: open ? route.owners : [],
      pastOwners: [],
      ...(open
        ? { deadlineAt: due ? now - DAY - i : now + 30 * DAY + i, deadlineKind: "ack" as const }
        : {}),
      breaches: 0,
      supporters: [],
      questions: [],
      agenda: [],
      createdAt,
      updatedAt: createdAt,
      _rev: 0,
      _effects: [],
    });
    if (batch.length >= 2000) {
      await service.col.insertMany(batch.splice(0));
    }
  }
  if (batch.length) await service.col.insertMany(batch.splice(0));
}

// A report's description in the update-cost walk: what, where, which street, which door,
// what is wrong, each part drawn on its own. Two reports seldom share a whole description
// and often share parts of one, so about a third of the summaries find a similar open
// report (the bench prints how many), as when neighbours report the same broken thing.
const WHAT = [
  "چراغ روشنایی",
  "سطل زباله",
  "آسفالت",
  "جدول کنار خیابان",
  "دریچهٔ فاضلاب",
  "لولهٔ آب",
  "درخت چنار",
  "نیمکت",
  "تابلوی ایستگاه",
  "پلهٔ پل عابر",
  "وسایل بازی کودکان",
  "شیر آتش‌نشانی",
  "سرعت‌گیر",
  "نردهٔ پیاده‌رو",
  "کانال آب باران",
  "دیوار بوستان",
];
const WHERE = [
  "کنار مدرسهٔ",
  "جلوی مسجد",
  "نبش کوچهٔ",
  "روبه‌روی نانوایی",
  "پشت بوستان",
  "کنار ایستگاه مترو",
  "جلوی درمانگاه",
  "سر کوچهٔ",
  "کنار فرهنگسرای",
  "روبه‌روی بازارچهٔ",
  "پشت ورزشگاه",
  "کنار کتابخانهٔ",
];
const STREET = [
  "لاله",
  "نرگس",
  "بهار",
  "سعدی",
  "حافظ",
  "فردوسی",
  "مولوی",
  "شقایق",
  "یاس",
  "ارغوان",
  "نسترن",
  "صنوبر",
  "کاج",
  "سرو",
  "بوعلی",
  "رودکی",
  "خیام",
  "عطار",
  "پروین",
  "نیما",
];
const WRONG = [
  "از چند شب پیش خاموش است",
  "شکسته و خطرناک شده",
  "سه روز است خالی نشده",
  "نشت می‌کند و آب راه افتاده",
  "کج شده و ممکن است بیفتد",
  "چاله‌های عمیق دارد",
  "زنگ زده و تیز شده",
  "گرفته و بو می‌دهد",
  "کنده شده و روی زمین افتاده",
  "رنگش ریخته و کثیف است",
  "بی‌درپوش مانده",
  "لق شده و صدا می‌دهد",
  "زیر برف و یخ مانده",
  "با خودروها آسیب دیده",
];

/** mulberry32: a small seeded generator, so every run files the same descriptions. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The description chat `chat` types for its `n`th report. */
export function benchDescription(chat: number, n: number): string {
  const r = seeded(chat * 1_000_003 + n * 7919 + 1);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  return `${pick(WHAT)} ${pick(WHERE)} ${pick(STREET)} پلاک ${1 + Math.floor(r() * 200)} ${pick(WRONG)}`;
}
