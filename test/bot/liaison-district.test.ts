import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importDistrict } from "../../src/district/import.ts";
import { freshUserId, type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

/** District 1's liaison, whose roster id sorts before every District 8 person's. */
const D1_LIAISON = "رابط منطقه یک";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  const dj = JSON.parse(await readFile("samples/district-8/district.json", "utf8"));
  dj.id = "d1";
  dj.number = 1;
  dj.name = { fa: "منطقه ۱ تهران", en: "Tehran District 1" };
  delete dj.headquarters;
  await importDistrict(
    h.repos,
    {
      districtJson: JSON.stringify(dj),
      peopleCsv: `name,phone,neighborhood,roles\n${D1_LIAISON},09129990001,,liaison\n`,
    },
    h.clock.now(),
  );
});
afterAll(async () => {
  await h?.stop();
});

it("someone switched off is pointed to their own district's liaison only", async () => {
  const client = h.client("telegram");
  const user = await signIn(client, PEOPLE.councillor.phone);
  const id = `d8:${PEOPLE.councillor.phone}`;
  await h.repos.people.col.updateOne({ _id: id }, { $set: { active: false } });
  try {
    await user.send("سلام");
    const refusal = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
    expect(refusal.text).toContain(PEOPLE.liaison.name);
    expect(refusal.text).not.toContain(D1_LIAISON);
    // Signing in again says the same.
    await user.send("/start");
    await user.waitFor(/شماره/);
    await user.shareContact({ phoneNumber: PEOPLE.councillor.phone });
    const atSignIn = await user.waitFor(/دسترسی شما به ربات غیرفعال شده است/);
    expect(atSignIn.text).toContain(PEOPLE.liaison.name);
    expect(atSignIn.text).not.toContain(D1_LIAISON);
  } finally {
    await h.repos.people.col.updateOne({ _id: id }, { $set: { active: true } });
  }
});

it("a stranger is given each district's liaison with the district's name", async () => {
  const user = h.client("telegram").user({ id: freshUserId(), firstName: "Stranger" });
  await user.send("/start");
  await user.press("English");
  await user.waitFor(/Share my number/);
  await user.shareContact({ phoneNumber: "989359999999" });
  const refusal = await user.waitFor(/not on the district's roster/);
  expect(refusal.text).toContain(`${D1_LIAISON} (Tehran District 1)`);
  expect(refusal.text).toMatch(new RegExp(`${PEOPLE.liaison.name} \\(Tehran District 8\\)`));
});
