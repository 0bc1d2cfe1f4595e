import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { fa, fileReport } from "./helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

const liaisonActor = (userId: number) => ({
  personId: `d8:${PEOPLE.liaison.phone}`,
  platform: "telegram" as const,
  userId,
});

describe("rejecting a report as a duplicate", () => {
  it("is refused when the original was rejected as its duplicate while the note was typed", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const owner = await signIn(client, PEOPLE.narmakUrbanSecretary.phone);
    const liaison = await signIn(client, PEOPLE.liaison.phone);
    const x = await fileReport(h, reporter, {
      description: "آسفالت کوچه سوم خراب و پر از چاله است",
    });
    const y = await fileReport(h, reporter, {
      description: "درختان بلوار اصلی آبیاری نمی‌شوند و خشک شده‌اند",
    });
    const cardX = await owner.waitFor(new RegExp(`گزارش تازه[\\s\\S]*${fa(x.code)}`));
    // The owner starts rejecting X as a duplicate of Y (Y still open) and stops at the note.
    await owner.press("⛔ رد", { messageId: cardX.messageId });
    await owner.press("تکراری است");
    await owner.waitFor(/کد پیگیری گزارش اصلی/);
    await owner.send(fa(y.code));
    await owner.waitFor(/یادداشت کوتاهی/);
    // Meanwhile the liaison rejects Y as a duplicate of X.
    const done = await h.app.services.reports.act(y.id, "reject", liaisonActor(liaison.id), {
      reason: "duplicate",
      duplicateOf: x.code,
    });
    expect(done.ok).toBe(true);
    await owner.send("⏭ رد شدن");
    const res = await owner.waitFor(new RegExp(`گزارش ${fa(x.code)} رد نشد`));
    expect(res.text).toContain(`گزارش اصلی ${fa(y.code)} خودش رد شده است`);
    expect((await h.app.services.reports.get(x.id))?.state).toBe("submitted");
    expect((await h.app.services.reports.history(x.id)).map((a) => a.action)).toEqual([
      "report.submitted",
    ]);
  });

  it("of two reports as each other's duplicate at the same moment, never both", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const liaison = await signIn(client, PEOPLE.liaison.phone);
    const reports = h.app.services.reports;
    for (let round = 0; round < 3; round++) {
      const x = await fileReport(h, reporter, {
        description: `تیر برق کوچه ${round + 1} کج شده و خطرناک است`,
      });
      const y = await fileReport(h, reporter, {
        description: `جدول خیابان ${round + 1} شکسته و آب جمع می‌شود`,
      });
      const [a, b] = await Promise.all([
        reports.act(x.id, "reject", liaisonActor(liaison.id), {
          reason: "duplicate",
          duplicateOf: y.code,
        }),
        reports.act(y.id, "reject", liaisonActor(liaison.id), {
          reason: "duplicate",
          duplicateOf: x.code,
        }),
      ]);
      const states = [(await reports.get(x.id))?.state, (await reports.get(y.id))?.state];
      expect(states.filter((s) => s === "rejected").length).toBeLessThanOrEqual(1);
      expect([a.ok, b.ok].filter(Boolean).length).toBe(
        states.filter((s) => s === "rejected").length,
      );
    }
  });

  it("is refused as a duplicate of itself or of a code no report has", async () => {
    const client = h.client("telegram");
    const reporter = await signIn(client, PEOPLE.councillor.phone);
    const liaison = await signIn(client, PEOPLE.liaison.phone);
    const reports = h.app.services.reports;
    const x = await fileReport(h, reporter, {
      description: "پله‌های پل عابر پیاده لق شده است",
    });
    for (const duplicateOf of [x.code, "8-1405-99999"]) {
      const r = await reports.act(x.id, "reject", liaisonActor(liaison.id), {
        reason: "duplicate",
        duplicateOf,
      });
      expect(r).toMatchObject({ ok: false, original: "missing" });
    }
    expect((await reports.get(x.id))?.state).toBe("submitted");
  });
});
