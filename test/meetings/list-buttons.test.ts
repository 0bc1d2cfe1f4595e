import { afterAll, beforeAll, expect, it } from "vitest";
import type { DistrictDoc } from "../../src/district/schema.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("a meeting's button in the list is cut between whole characters, never inside an emoji", async () => {
  const client = h.client("telegram");
  const zahra = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
  const sec = (await h.repos.people.get(`d8:${PEOPLE.narmakUrbanSecretary.phone}`))!;
  const r = await h.app.services.meetings.create({
    person: sec,
    scope: { kind: "wg", level: "neighborhood", subject: "urban_services", neighborhood: "narmak" },
    startAt: h.clock.now() + 3_600_000,
    place: "سرای محله",
  });
  expect(r.ok).toBe(true);
  const meetingButton = async () => {
    await zahra.send("📅 جلسه‌ها");
    const list = await zahra.waitFor((m) =>
      zahra
        .inlineButtons(m)
        .flat()
        .some((b) => b.callback_data?.startsWith("m:o:")),
    );
    return zahra
      .inlineButtons(list)
      .flat()
      .find((b) => b.callback_data?.startsWith("m:o:"))!.text;
  };
  // Where the subject's name starts in the button, so a tree can be put across its 60th unit.
  const districts = h.store.collection<DistrictDoc>("districts");
  const district = (await districts.findOne({ _id: sec.districtId }))!;
  const subject = district.subjects.find((s) => s.code === "urban_services")!;
  const at = (await meetingButton()).indexOf(subject.name.fa);
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(59);
  const name = `${"ب".repeat(59 - at)}🌳 سبز`;
  await districts.updateOne(
    { _id: district._id },
    {
      $set: {
        subjects: district.subjects.map((s) =>
          s.code === "urban_services" ? { ...s, name: { ...s.name, fa: name } } : s,
        ),
      },
    },
  );
  h.app.repos.districts.invalidate();
  const text = await meetingButton();
  expect(text).not.toMatch(/\p{Cs}/u);
  expect(text.endsWith(`${"ب".repeat(58 - at)}…`)).toBe(true);
});
