import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import { silentLogger } from "../../src/log.ts";
import { createServices } from "../../src/services.ts";
import { type Harness, PEOPLE, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const ZAHRA_ROW =
  "زهرا کریمی,+989121000003,narmak,councillor;wg_secretary:urban_services;wg_member:environment";
const HOSSEIN_ROW =
  "حسین موسوی,00989121000004,narmak,councillor;wg_secretary:environment;wg_member:urban_services";

it("a changed roster is checked across every open report, page after page; an unchanged one, even after a restart, reads none", async () => {
  const reports = h.app.services.reports;
  const person = (await h.repos.people.get(`d8:${PEOPLE.councillor.phone}`))!;
  // More open reports than one page holds, all with Narmak's urban-services secretary.
  const n = 620;
  for (let i = 0; i < n; i++)
    await reports.create({
      person,
      platform: "telegram",
      chatId: 7_400_000,
      subject: "urban_services",
      neighborhood: "narmak",
      description: `مورد ${i}: چراغ کوچه خاموش است`,
      photos: [],
      urgency: "normal",
    });
  expect(await reports.reassignAfterRosterChange()).toBe(0);

  const districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  const peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
  await importDistrict(
    h.repos,
    {
      districtJson,
      peopleCsv: peopleCsv
        .replace(ZAHRA_ROW, "زهرا کریمی,+989121000003,narmak,councillor;wg_member:environment")
        .replace(
          HOSSEIN_ROW,
          HOSSEIN_ROW.replace("wg_member:urban_services", "wg_secretary:urban_services"),
        ),
    },
    h.clock.now(),
  );
  h.repos.people.invalidate();
  expect(await reports.reassignAfterRosterChange()).toBe(n);
  expect(await reports.col.countDocuments({ owners: "d8:989121000004", state: "submitted" })).toBe(
    n,
  );

  // Nothing changed since: no report is read, by this process or by a fresh one (the
  // version checked is kept in the store, not in memory).
  const store = h.store as unknown as { documentsRead: number };
  // What is read is the roster's version (a count over the people the import touched),
  // never the 620 reports.
  let before = store.documentsRead;
  expect(await reports.reassignAfterRosterChange()).toBe(0);
  expect(store.documentsRead - before).toBeLessThan(50);
  const fresh = await createServices({
    store: h.store,
    repos: h.repos,
    clock: h.clock,
    log: silentLogger,
  });
  before = store.documentsRead;
  expect(await fresh.reports.reassignAfterRosterChange()).toBe(0);
  expect(store.documentsRead - before).toBeLessThan(50);
});
