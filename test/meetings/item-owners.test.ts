import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { at, ZAHRA, zahrasMeeting } from "./helpers.ts";

/** An action item given to "the deputy for X" follows the role when a re-import moves it. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

// The deputy for urban services and environment; after the re-import, for planning.
const BEHROUZ = "d8:989121000018";
// An area mayor who becomes the deputy for urban services and environment.
const NASER = "d8:989121000021";

it("a deputy's action item goes to the new deputy, who is told; the former one can no longer act", async () => {
  const meetings = h.app.services.meetings;
  const tg = h.client("telegram");
  const zahra = await signIn(tg, ZAHRA);
  await signIn(tg, BEHROUZ.slice(3));
  const naser = await signIn(tg, NASER.slice(3));
  const secretary = (await h.repos.people.get(`d8:${ZAHRA}`))!;
  h.clock.set(at(9, 9, 9));
  const meeting = await zahrasMeeting(h, at(9, 10, 10), "سرای محله");
  h.clock.set(at(9, 10, 12));
  const saved = await meetings.recordMinutes(
    meeting._id,
    { personId: secretary._id, platform: "telegram", userId: zahra.id },
    {
      attended: [],
      decisions: [],
      actionItems: [
        {
          text: "جمع‌آوری نخاله‌های خیابان گلبرگ",
          owner: { type: "deputy", code: "urban_services" },
          dueAt: at(9, 25, 14),
        },
      ],
    },
  );
  expect(saved.ok).toBe(true);
  const id = `${meeting._id}:ai1`;
  expect((await meetings.getItem(id))!.ownerIds).toEqual([BEHROUZ]);

  const districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  const csv = (await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8"))
    .replace(
      "بهروز شریفی,09121000018,,deputy:urban_services;deputy:environment",
      "بهروز شریفی,09121000018,,deputy:planning",
    )
    .replace(
      "ناصر یوسفی,09121000021,,area_mayor:area1",
      "ناصر یوسفی,09121000021,,area_mayor:area1;deputy:urban_services;deputy:environment",
    );
  await importDistrict(h.repos, { districtJson, peopleCsv: csv }, h.clock.now());
  for (const b of h.app.bots) b.deps.repos.people.invalidate();
  await h.app.services.scheduler.tick();
  await h.app.dispatcher.drain();

  const item = (await meetings.getItem(id))!;
  expect(item.ownerIds).toEqual([NASER]);
  expect(
    (await meetings.openItemsFor((await h.repos.people.get(NASER))!)).map((i) => i._id),
  ).toEqual([id]);
  expect(await meetings.openItemsFor((await h.repos.people.get(BEHROUZ))!)).toEqual([]);
  await naser.waitFor(/جمع‌آوری نخاله‌های خیابان گلبرگ/);
  const history = await h.repos.audit.history("action_item", id);
  expect(history.map((a) => a.action)).toContain("action.reassigned");
  // The former deputy's button no longer acts; the item stays open.
  const done = await meetings.markDone(
    id,
    { personId: BEHROUZ, platform: "telegram", userId: 1 },
    "انجام شد",
  );
  expect(done).toMatchObject({ ok: false, why: "forbidden" });
  expect((await meetings.getItem(id))!.state).toBe("open");
  // A second sweep with the roster unchanged moves nothing and tells nobody again.
  const outbox = await h.store.collection("outbox").countDocuments({});
  await h.app.services.scheduler.tick();
  expect(await h.store.collection("outbox").countDocuments({})).toBe(outbox);
});
