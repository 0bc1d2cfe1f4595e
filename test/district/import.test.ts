import { spawnSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { formatImportReport, importDistrict } from "../../src/district/import.ts";
import { DistrictFileError } from "../../src/district/schema.ts";
import { jalaliToUtc } from "../../src/domain/time.ts";
import { createRepos, type Repos } from "../../src/repos/index.ts";
import { type EmbeddedStore, openEmbeddedStore } from "../../src/store/embedded.ts";
import type { Store } from "../../src/store/port.ts";
import { tempDir } from "../helpers/harness.ts";

let dir: string;
let store: Store;
let repos: Repos;
let districtJson: string;
let peopleCsv: string;

beforeEach(async () => {
  dir = await tempDir();
  store = await openEmbeddedStore(dir);
  repos = await createRepos(store);
  districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = "name,phone,neighborhood,roles\n";

describe("the roster cache", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is read again only when the roster changed, even from another process", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const embedded = store as EmbeddedStore;
    const secretaries = async () =>
      (await repos.people.withRole("d8", "presidium")).map((p) => p._id).sort();
    const first = await secretaries();
    expect(first.length).toBeGreaterThan(0);
    // After the cache's while, an unchanged roster costs one look at its stamp.
    vi.setSystemTime(Date.now() + 31_000);
    let before = embedded.documentsRead;
    expect(await secretaries()).toEqual(first);
    expect(embedded.documentsRead - before).toBe(1);
    // A change written by another process (an import there: no invalidate here) is seen
    // once the while has passed.
    const someone = (await repos.people.col.findOne({ districtId: "d8", roles: "councillor" }))!;
    await repos.people.col.updateOne(
      { _id: someone._id },
      { $set: { roles: [...someone.roles, "presidium"], updatedAt: 5000 } },
    );
    expect(await secretaries()).toEqual(first);
    vi.setSystemTime(Date.now() + 31_000);
    before = embedded.documentsRead;
    expect(await secretaries()).toEqual([...first, someone._id].sort());
    expect(embedded.documentsRead - before).toBeGreaterThan(20);
  });

  it("callers arriving while it is read share that one read", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const embedded = store as EmbeddedStore;
    const people = await repos.people.col.countDocuments({ districtId: "d8", active: true });
    repos.people.invalidate();
    const before = embedded.documentsRead;
    const all = await Promise.all(
      Array.from({ length: 10 }, () => repos.people.withRole("d8", "councillor")),
    );
    expect(new Set(all.map((l) => l.length)).size).toBe(1);
    // One stamp look and one roster read, not ten.
    expect(embedded.documentsRead - before).toBe(people + 1);
  });
});

describe("the roster's version (what the roster scans compare every sweep)", () => {
  /** The version as the scans knew it before imports recorded it: stamp and people on it. */
  const counted = async () => {
    const [last] = await repos.people.col.find(
      { districtId: "d8" },
      { sort: { updatedAt: -1 }, limit: 1 },
    );
    const stamp = last!.updatedAt;
    return `${stamp}:${await repos.people.col.countDocuments({ districtId: "d8", updatedAt: stamp })}`;
  };
  const extra = (from: number, n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `عضو ${from + i},0912${String(5_000_000 + from + i).padStart(7, "0")},narmak,councillor`,
    ).join("\n");

  it("after an import, is read from the import's record, not from every person", async () => {
    await importDistrict(
      repos,
      { districtJson, peopleCsv: `${peopleCsv.trimEnd()}\n${extra(0, 300)}\n` },
      1000,
    );
    const embedded = store as EmbeddedStore;
    const before = embedded.documentsRead;
    const version = await repos.people.version("d8");
    // The record alone: nobody is read, the newest person included (finding them sorts
    // everyone carrying the import's stamp), and the look-up for anyone newer finds nobody.
    expect(embedded.documentsRead - before).toBe(1);
    expect(version).toBe(await counted());
    expect(version).toMatch(/^1000:3\d\d$/);
  });

  it("while an import is under way elsewhere, counts the people it has written so far", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const recorded = await repos.people.version("d8");
    // Another process's import has written two people with its stamp, not yet a record.
    const [a, b] = await repos.people.col.find({ districtId: "d8" }, { limit: 2 });
    await repos.people.col.updateOne({ _id: a!._id }, { $set: { updatedAt: 2000 } });
    const halfway = await repos.people.version("d8");
    expect(halfway).toBe("2000:1");
    await repos.people.col.updateOne({ _id: b!._id }, { $set: { updatedAt: 2000 } });
    const done = await repos.people.version("d8");
    expect(done).toBe("2000:2");
    expect(new Set([recorded, halfway, done]).size).toBe(3);
    // Its record, when it ends, says the same.
    await repos.people.recordVersion("d8", 2000);
    expect(await repos.people.version("d8")).toBe(done);
  });

  it("an import stamped earlier than the roster (a clock set back) still changes the version", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 5000);
    const before = await repos.people.version("d8");
    // Narmak's first councillor moves to another neighbourhood, imported at 1000.
    const lines = peopleCsv.trimEnd().split("\n");
    const i = lines.findIndex((l) => l.endsWith(",narmak,councillor"));
    lines[i] = lines[i]!.replace(",narmak,", ",fadak,");
    const report = await importDistrict(
      repos,
      { districtJson, peopleCsv: `${lines.join("\n")}\n` },
      1000,
    );
    expect(report.people.updated).toBe(1);
    const after = await repos.people.version("d8");
    expect(after).not.toBe(before);
    expect(after).toBe(await counted());
  });

  it("an older import ending after a newer one leaves no record that its writes made stale", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const [a, b] = await repos.people.col.find({ districtId: "d8" }, { limit: 2 });
    // An import stamped 3000 writes two people and ends, recording its version…
    await repos.people.col.updateOne({ _id: a!._id }, { $set: { updatedAt: 3000 } });
    await repos.people.col.updateOne({ _id: b!._id }, { $set: { updatedAt: 3000 } });
    await repos.people.recordVersion("d8", 3000);
    expect(await repos.people.version("d8")).toBe("3000:2");
    // …while one stamped 2000, begun before it, still writes: it rewrites one of them.
    await repos.people.col.updateOne({ _id: b!._id }, { $set: { updatedAt: 2000 } });
    await repos.people.recordVersion("d8", 2000);
    expect(await repos.people.version("d8")).toBe("3000:1");
  });
});

describe("district import", () => {
  it("imports the sample district, then says unchanged when run again", async () => {
    const first = await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    expect(first.district).toBe("created");
    expect(first.people).toMatchObject({ created: 22, updated: 0, deactivated: 0, errors: [] });
    const second = await importDistrict(repos, { districtJson, peopleCsv }, 2000);
    expect(second.district).toBe("unchanged");
    expect(second.people).toMatchObject({ created: 0, updated: 0, unchanged: 22, deactivated: 0 });
    expect(await repos.people.col.countDocuments({})).toBe(22);
    // Every sample neighbourhood has its own secretary.
    const district = await repos.districts.get("d8");
    for (const n of district!.areas.flatMap((a) => a.neighborhoods))
      expect(
        await repos.people.col.countDocuments({
          neighborhood: n.code,
          roles: "neighborhood_secretary",
        }),
        n.code,
      ).toBeGreaterThan(0);
  });

  it("normalises every common phone form, Persian digits included", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const phones = (await repos.people.col.find({}, { sort: { phone: 1 } })).map((p) => p.phone);
    expect(phones.slice(0, 5)).toEqual([
      "989121000001",
      "989121000002",
      "989121000003",
      "989121000004",
      "989121000005",
    ]);
  });

  it("reports bad rows with their line numbers and still imports the good ones", async () => {
    const csv = `\uFEFF${HEADER}${[
      "Good One,09121110001,narmak,councillor",
      ",09121110002,narmak,councillor",
      "No Phone,12345,narmak,councillor",
      "Bad Hood,09121110003,atlantis,councillor",
      "Bad Role,09121110004,narmak,emperor",
      "Bad Subject,09121110005,narmak,wg_secretary:astrology",
      "No Hood Councillor,09121110006,,councillor",
      "Twice,0912 111 0001,narmak,councillor",
      "Too,Many,Columns,here,extra",
      "Good Two,۰۹۱۲۱۱۱۰۰۰۷,,liaison",
    ].join("\n")}\n`;
    const r = await importDistrict(repos, { districtJson, peopleCsv: csv }, 1000);
    // "Twice" has Good One's phone under another name: which of the two is right can't be
    // told, so neither is applied.
    expect(r.people.created).toBe(1);
    expect(r.people.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.people.errors[0]?.reason).toMatch(/also on line 9, under another name \(Twice\)/);
    expect(r.people.errors[1]?.reason).toMatch(/name/);
    expect(r.people.errors[2]?.reason).toMatch(/12345/);
    expect(r.people.errors[3]?.reason).toMatch(/atlantis/);
    expect(r.people.errors[4]?.reason).toMatch(/emperor/);
    expect(r.people.errors[5]?.reason).toMatch(/astrology/);
    expect(r.people.errors[6]?.reason).toMatch(/neighborhood/);
    expect(r.people.errors[7]?.reason).toMatch(/also on line 2, under another name \(Good One\)/);
    expect(r.people.errors[8]?.reason).toMatch(/columns/);
    expect(await repos.people.col.countDocuments({})).toBe(1);
  });

  it("deactivates people removed from the CSV, keeping them and their history", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const without = peopleCsv
      .split("\n")
      .filter((l) => !l.includes("09121000001"))
      .join("\n");
    const r = await importDistrict(repos, { districtJson, peopleCsv: without }, 2000);
    expect(r.people.deactivated).toBe(1);
    const gone = await repos.people.get("d8:989121000001");
    expect(gone?.active).toBe(false);
    const history = await repos.audit.history("person", "d8:989121000001");
    expect(history.map((h) => h.action)).toEqual(["person.created", "person.deactivated"]);
    // Back in the file: active again.
    const again = await importDistrict(repos, { districtJson, peopleCsv }, 3000);
    expect(again.people.updated).toBe(1);
    expect((await repos.people.get("d8:989121000001"))?.active).toBe(true);
  });

  it("a file with nobody to import is refused rather than switching the whole district off", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const active = () => repos.people.col.countDocuments({ districtId: "d8", active: true });
    const before = await active();
    await expect(importDistrict(repos, { districtJson, peopleCsv: HEADER }, 2000)).rejects.toThrow(
      new DistrictFileError(
        `people.csv has no row that can be imported; importing it would switch off all ${before} people of district d8. Nothing was changed.`,
      ),
    );
    // Every row rejected: the same, naming the first problem.
    await expect(
      importDistrict(
        repos,
        { districtJson, peopleCsv: `${HEADER}Someone,12345,narmak,councillor\n` },
        2000,
      ),
    ).rejects.toThrow(
      /\(1 rejected, the first on line 2: "12345" is not an Iranian mobile number\)/,
    );
    expect(await active()).toBe(before);
    expect((await repos.audit.history("person", "d8:989121000001")).map((h) => h.action)).toEqual([
      "person.created",
    ]);
    // A new district may start with nobody.
    const empty = await openEmbeddedStore(await tempDir());
    try {
      const r = await importDistrict(
        await createRepos(empty),
        { districtJson, peopleCsv: HEADER },
        1000,
      );
      expect(r.people).toMatchObject({ created: 0, deactivated: 0 });
    } finally {
      await empty.close();
    }
  });

  it("a rejected row leaves the person it names exactly as they were; only people absent from the file go", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const before = await repos.people.col.findOne({ _id: "d8:989121000001" });
    const edited = peopleCsv
      // A typo in her role, and in his name a quote mark that breaks the CSV row.
      .replace(
        "مریم احمدی,09121000001,narmak,councillor",
        "مریم احمدی,09121000001,narmak,councilor",
      )
      .replace("علی رضایی,", 'علی "حاج" رضایی,')
      // And one person really left.
      .split("\n")
      .filter((l) => !l.includes("09121000017"))
      .join("\n");
    const r = await importDistrict(repos, { districtJson, peopleCsv: edited }, 2000);
    expect(r.people.errors.map((e) => [e.line, e.kept])).toEqual([
      [2, true],
      [3, true],
    ]);
    expect(r.people.errors[0]?.reason).toMatch(/councilor/);
    expect(r.people).toMatchObject({ created: 0, updated: 0, deactivated: 1 });
    expect(formatImportReport(r)).toMatch(/line 2: .*left as they were/);
    expect(await repos.people.col.findOne({ _id: "d8:989121000001" })).toEqual(before);
    expect((await repos.people.get("d8:989121000002"))?.active).toBe(true);
    expect((await repos.people.get("d8:989121000017"))?.active).toBe(false);
    const history = await repos.audit.history("person", "d8:989121000001");
    expect(history.map((h) => h.action)).toEqual(["person.created"]);
  });

  it("a row whose phone is mistyped, or is another row's, leaves its person as they were, found by name", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    for (const [typo, why, errors] of [
      ["علی رضایی,0912 100 002,", /is not an Iranian mobile number/, [[3, "989121000002"]]],
      // مریم's own row (line 2) has the same phone under another name: neither is applied.
      [
        "علی رضایی,+989121000001,",
        /is also on line 2, under another name \(مریم احمدی\): neither row is applied/,
        [
          [2, undefined],
          [3, "989121000002"],
        ],
      ],
    ] as const) {
      const edited = peopleCsv.replace("علی رضایی,0912 100 0002,", typo);
      const r = await importDistrict(repos, { districtJson, peopleCsv: edited }, 2000);
      expect(r.people).toMatchObject({ deactivated: 0, switchedOff: [] });
      expect(r.people.errors.map((e) => [e.line, e.keptByName])).toEqual(errors);
      expect(r.people.errors.at(-1)?.reason).toMatch(why);
      expect((await repos.people.get("d8:989121000002"))?.active).toBe(true);
      expect(formatImportReport(r)).toContain(
        "(علی رضایی, on the roster with 989121000002, is left as they were)",
      );
    }
  });

  it("two rows with one phone under different names apply neither, whichever comes first", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const maryam = await repos.people.col.findOne({ _id: "d8:989121000001" });
    const ali = await repos.people.col.findOne({ _id: "d8:989121000002" });
    // علی's row, with مریم's number typed by mistake, moved above hers: imported first, it
    // gave مریم's record علی's name and roles (and the neighbourhood secretary's messages).
    const lines = peopleCsv.split("\n");
    const aliLine = lines.findIndex((l) => l.startsWith("علی رضایی,"));
    const aliRow = lines.splice(aliLine, 1)[0]!.replace("0912 100 0002", "09121000001");
    lines.splice(1, 0, aliRow);
    const r = await importDistrict(repos, { districtJson, peopleCsv: lines.join("\n") }, 2000);
    expect(r.people).toMatchObject({ created: 0, updated: 0, deactivated: 0, switchedOff: [] });
    expect(r.people.errors.map((e) => [e.line, e.name, e.kept, e.keptByName])).toEqual([
      [2, "علی رضایی", true, "989121000002"],
      [3, "مریم احمدی", true, undefined],
    ]);
    expect(await repos.people.col.findOne({ _id: "d8:989121000001" })).toEqual(maryam);
    expect(await repos.people.col.findOne({ _id: "d8:989121000002" })).toEqual(ali);
    const text = formatImportReport(r);
    expect(text).toContain(
      "people.csv line 3: phone 09121000001 is also on line 2, under another name (علی رضایی): neither row is applied (the person already on the roster with this phone is left as they were)",
    );
    // Fixed, the file imports as before: nothing was left half-applied.
    const again = await importDistrict(repos, { districtJson, peopleCsv }, 3000);
    expect(again.people).toMatchObject({ created: 0, updated: 0, deactivated: 0, errors: [] });
  });

  it("the same person twice (one phone, one name) is imported once, from the first row", async () => {
    const csv = `${HEADER}Good One,09121110001,narmak,councillor\ngood  one,0912 111 0001,narmak,councillor;presidium\n`;
    const r = await importDistrict(repos, { districtJson, peopleCsv: csv }, 1000);
    expect(r.people).toMatchObject({ created: 1 });
    expect(r.people.errors.map((e) => [e.line, e.appliedLine])).toEqual([[3, 2]]);
    expect((await repos.people.get("d8:989121110001"))?.roles).toEqual(["councillor"]);
  });

  it("names everyone it switched off", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const edited = peopleCsv
      .split("\n")
      .filter((l) => !l.includes("09121000017"))
      .join("\n");
    const r = await importDistrict(repos, { districtJson, peopleCsv: edited }, 2000);
    expect(r.people.switchedOff).toEqual([{ name: "نسرین اکبری", phone: "989121000017" }]);
    expect(formatImportReport(r)).toContain(
      "  switched off (not in the file): نسرین اکبری, 989121000017",
    );
  });

  it("a quote mark inside a field rejects that row only, naming its line and the field", async () => {
    const csv = `${HEADER}${[
      "Good One,09121110001,narmak,councillor",
      'محمد "مهدی" رضایی,09121110002,narmak,councillor',
      'Unclosed,"09121110003,narmak,councillor',
      "Good Two,09121110004,narmak,councillor",
      '"Quoted, properly ""as CSV says""",09121110005,narmak,councillor',
    ].join("\n")}\n`;
    const r = await importDistrict(repos, { districtJson, peopleCsv: csv }, 1000);
    expect(r.people.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(r.people.errors[0]?.reason).toMatch(/^name: .*quote/);
    expect(r.people.errors[1]?.reason).toMatch(/^phone: .*quote/);
    expect(r.people.created).toBe(3);
    expect((await repos.people.get("d8:989121110005"))?.name).toBe(
      'Quoted, properly "as CSV says"',
    );
  });

  it("a people.csv saved by Excel as Windows-1256 is refused, asking for UTF-8, and nothing is imported", async () => {
    await store.close();
    // "مریم" in Windows-1256: م=E3 ر=D1 ی=ED م=E3
    const file = join(dir, "people-1256.csv");
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`${HEADER}Good One,09121110001,narmak,councillor\n`, "ascii"),
        Buffer.from([0xe3, 0xd1, 0xed, 0xe3]),
        Buffer.from(",09121110002,narmak,councillor\n", "ascii"),
      ]),
    );
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/district-import.ts",
        join(SAMPLE_DISTRICT_DIR, "district.json"),
        file,
      ],
      {
        cwd: join(import.meta.dirname, "../.."),
        env: { ...process.env, DATA_DIR: dir, MONGODB_URI: "" },
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/people\.csv is not UTF-8 \(line 3[^\n]*save it as "CSV UTF-8"/);
    store = await openEmbeddedStore(dir);
    repos = await createRepos(store);
    expect(await repos.people.col.countDocuments({})).toBe(0);
  });

  it("records changed roles as an update", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const changed = peopleCsv.replace(
      "09121000001,narmak,councillor",
      "09121000001,narmak,councillor;presidium",
    );
    const r = await importDistrict(repos, { districtJson, peopleCsv: changed }, 2000);
    expect(r.people).toMatchObject({ updated: 1, created: 0, unchanged: 21 });
    expect((await repos.people.get("d8:989121000001"))?.roles).toEqual(["councillor", "presidium"]);
  });

  it.each([
    [(d: Record<string, unknown>) => ({ ...d, number: "eight" }), /^number: /],
    [(d: Record<string, unknown>) => ({ ...d, id: "D 8" }), /^id: .*lower-case/],
    [
      (d: { areas: { neighborhoods: { code: string }[] }[] }) => {
        d.areas[1]!.neighborhoods[0]!.code = "narmak";
        return d;
      },
      /^areas\[1\]\.neighborhoods\[0\]\.code: "narmak" is used twice/,
    ],
    [(d: Record<string, unknown>) => ({ ...d, holidays: ["13-40"] }), /^holidays\[0\]: .*Jalali/],
    [
      (d: { subjects: { deputy?: string }[] }) => {
        d.subjects[2]!.deputy = "ghost";
        return d;
      },
      /^subjects\[2\]\.deputy: no deputy with code "ghost"/,
    ],
    [
      (d: Record<string, unknown>) => ({ ...d, quietHours: { start: "25:00", end: "07:00" } }),
      /^quietHours\.start: .*HH:MM/,
    ],
    // Misspelt, it would be accepted and then make every report filing fail.
    [
      (d: Record<string, unknown>) => ({ ...d, timeZone: "Asia/Tehrn" }),
      /^timeZone: must be an IANA time zone such as "Asia\/Tehran"/,
    ],
    // No ladders written and no planning deputy: the default ladder is what needs one.
    [
      (d: { ladders?: unknown; deputies: { code: string }[]; subjects: { deputy?: string }[] }) => {
        delete d.ladders;
        d.deputies = d.deputies.filter((x) => x.code !== "planning");
        for (const s of d.subjects) if (s.deputy === "planning") delete s.deputy;
        return d;
      },
      /^deputies: the default proposal ladder needs a "planning" deputy/,
    ],
    // Written by the file: the error points at the step.
    [
      (d: { ladders: { proposal: string[] } }) => {
        d.ladders.proposal = ["liaison", "deputy:ghost"];
        return d;
      },
      /^ladders\.proposal\[1\]: no deputy with code "ghost"/,
    ],
  ])("a bad district file names the bad field (%#)", async (mutate, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: each case mutates a different part
    const bad = JSON.stringify(mutate(JSON.parse(districtJson) as any));
    const attempt = importDistrict(repos, { districtJson: bad, peopleCsv }, 1000);
    await expect(attempt).rejects.toThrow(DistrictFileError);
    await expect(importDistrict(repos, { districtJson: bad, peopleCsv }, 1000)).rejects.toThrow(
      message,
    );
    expect(await repos.people.col.countDocuments({})).toBe(0);
  });

  it.each([
    [
      "quietHours",
      (d: Record<string, unknown>) => {
        d.quiet_hours = d.quietHours;
        delete d.quietHours;
      },
      "district.json: unknown field quiet_hours (did you mean quietHours?)",
    ],
    [
      "headquarters",
      (d: Record<string, unknown>) => {
        d.headquarter = d.headquarters;
        delete d.headquarters;
      },
      "district.json: unknown field headquarter (did you mean headquarters?)",
    ],
    [
      "deadlines.reportAcknowledge",
      (d: { deadlines: Record<string, unknown> }) => {
        d.deadlines.reportAcknowlege = d.deadlines.reportAcknowledge;
        delete d.deadlines.reportAcknowledge;
      },
      "deadlines: unknown field reportAcknowlege (did you mean reportAcknowledge?)",
    ],
    [
      "headquarters.chatId, written twice",
      (d: { headquarters: Record<string, unknown> }) => {
        d.headquarters.chatID = 1;
      },
      "headquarters: unknown field chatID (did you mean chatId?)",
    ],
    [
      "a neighbourhood's name",
      (d: { areas: { neighborhoods: { name: Record<string, unknown> }[] }[] }) => {
        d.areas[0]!.neighborhoods[1]!.name.enn = "Dardasht";
      },
      "areas[0].neighborhoods[1].name: unknown field enn (did you mean en?)",
    ],
  ])(
    "a misspelt field (%s) is refused, naming it and where it is, and nothing is imported",
    async (_field, mutate, message) => {
      const d = JSON.parse(districtJson);
      mutate(d);
      const attempt = importDistrict(repos, { districtJson: JSON.stringify(d), peopleCsv }, 1000);
      await expect(attempt).rejects.toThrow(DistrictFileError);
      await expect(
        importDistrict(repos, { districtJson: JSON.stringify(d), peopleCsv }, 1000),
      ).rejects.toThrow(message);
      expect(await repos.districts.col.countDocuments({})).toBe(0);
      expect(await repos.people.col.countDocuments({})).toBe(0);
    },
  );

  it("with rows rejected and nothing else changed, the summary does not claim the store holds the files", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const edited = `${peopleCsv.replace(
      "مریم احمدی,09121000001,narmak,councillor",
      "مریم احمدی,09121000001,narmak,councilor",
    )}New Person,09121110001,atlantis,councillor\n`;
    const r = await importDistrict(repos, { districtJson, peopleCsv: edited }, 2000);
    expect(r.district).toBe("unchanged");
    expect(r.people).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    expect(r.people.errors).toHaveLength(2);
    const text = formatImportReport(r);
    expect(text).not.toMatch(/holds exactly these files/);
    expect(text.split("\n").at(-1)).toBe(
      "nothing changed, but 2 rows were rejected (listed above): fix them and import again",
    );
  });

  it("a rejected row whose phone another row imports says it is ignored and which line was applied", async () => {
    await importDistrict(repos, { districtJson, peopleCsv }, 1000);
    const edited = peopleCsv
      .replace(
        "مریم احمدی,09121000001,narmak,councillor",
        "مریم احمدی,09121000001,narmak,councillor;presidium",
      )
      .replace(/\n$/, "")
      .concat(
        "\nمریم احمدی,0912 100 0001,narmak,councillor\n",
        "علی رضایی,09121000002,narmak,emperor\n",
      );
    const lines = edited.split("\n").length - 1;
    const r = await importDistrict(repos, { districtJson, peopleCsv: edited }, 2000);
    expect(r.people).toMatchObject({ created: 0, updated: 1, deactivated: 0 });
    expect((await repos.people.get("d8:989121000001"))?.roles).toEqual(["councillor", "presidium"]);
    expect(r.people.errors.map((e) => [e.line, e.kept, e.appliedLine])).toEqual([
      [lines - 1, undefined, 2],
      [lines, undefined, 3],
    ]);
    const text = formatImportReport(r);
    expect(text).not.toMatch(/left as they were/);
    expect(text).toContain(
      `people.csv line ${lines - 1}: phone 0912 100 0001 is already used on line 2 (this row is ignored; line 2, with the same phone, was applied)`,
    );
    expect(text).toMatch(
      new RegExp(
        `people\\.csv line ${lines}: .*emperor.* \\(this row is ignored; line 3, with the same phone, was applied\\)`,
      ),
    );
  });

  it("holidays: left out, the national ones apply; none of this year's listed, the report says so", async () => {
    const inAzar1405 = jalaliToUtc({ jy: 1405, jm: 9, jd: 8, hour: 10, minute: 0 });
    const full = await importDistrict(repos, { districtJson, peopleCsv }, inAzar1405);
    expect(full.warnings).toEqual([]);
    expect(formatImportReport(full)).not.toMatch(/^note:/m);

    const parsed = JSON.parse(districtJson) as Record<string, unknown>;
    const { holidays: _, ...without } = parsed;
    const r = await importDistrict(
      repos,
      { districtJson: JSON.stringify(without), peopleCsv },
      inAzar1405,
    );
    const stored = await repos.districts.col.findOne({ _id: "d8" });
    // Nowruz and 22 Bahman are holidays wherever the file is silent.
    expect(stored?.holidays).toEqual(expect.arrayContaining(["01-01", "01-04", "11-22"]));
    expect(stored?.holidays).not.toContain("1405-01-04");
    const text = formatImportReport(r);
    expect(text).toContain("note: district.json lists no holidays: the fixed national ones");
    expect(text).toContain(
      'note: district.json lists no holiday for 1405 alone ("1405-MM-DD"): until the year\'s moving (lunar) holidays are added',
    );

    // An empty list is a wish for none, and is kept (with this year's reminder).
    const none = await importDistrict(
      repos,
      { districtJson: JSON.stringify({ ...parsed, holidays: [] }), peopleCsv },
      inAzar1405,
    );
    expect((await repos.districts.col.findOne({ _id: "d8" }))?.holidays).toEqual([]);
    expect(none.warnings).toHaveLength(1);

    // The sample lists 1405's: a year later, the 1406 ones are missing.
    const nextYear = jalaliToUtc({ jy: 1406, jm: 1, jd: 20, hour: 10, minute: 0 });
    const later = await importDistrict(repos, { districtJson, peopleCsv }, nextYear);
    expect(later.warnings).toEqual([
      'district.json lists no holiday for 1406 alone ("1406-MM-DD"): until the year\'s moving (lunar) holidays are added, deadlines count them as working days',
    ]);
  });

  it("a header that isn't name,phone,neighborhood,roles is refused", async () => {
    await expect(
      importDistrict(repos, { districtJson, peopleCsv: "nom,tel\nx,y\n" }, 1000),
    ).rejects.toThrow(/line 1: the header/);
  });

  it("the npm command imports into DATA_DIR and is idempotent", async () => {
    await store.close();
    const run = () =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", "src/cli/district-import.ts", SAMPLE_DISTRICT_DIR],
        {
          cwd: join(import.meta.dirname, "../.."),
          env: { ...process.env, DATA_DIR: dir, MONGODB_URI: "" },
          encoding: "utf8",
        },
      );
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/district d8: created/);
    expect(first.stdout).toMatch(/22 created/);
    const second = run();
    expect(second.stdout).toMatch(/unchanged: the store already holds exactly these files/);
    const badFile = join(dir, "bad.json");
    await writeFile(badFile, "{ not json");
    const bad = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/district-import.ts",
        badFile,
        join(SAMPLE_DISTRICT_DIR, "people.csv"),
      ],
      {
        cwd: join(import.meta.dirname, "../.."),
        env: { ...process.env, DATA_DIR: dir },
        encoding: "utf8",
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/district\.json is not valid JSON/);
    store = await openEmbeddedStore(dir);
    repos = await createRepos(store);
    expect(await repos.people.col.countDocuments({ active: true })).toBe(22);
  });
});
