import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
});
afterAll(async () => {
  await h?.stop();
});

it("someone whose statistics role is taken away while typing a custom period gets no statistics", async () => {
  const admin = await signIn(h.client(), PEOPLE.admin.phone);
  await admin.send("/stats");
  await admin.press("بازهٔ دلخواه");
  await admin.waitFor("تاریخ شروع بازه");
  await admin.send("1405/09/01");
  await admin.waitFor("تاریخ پایان بازه");
  // The roster is re-imported meanwhile without the role (the person stays active).
  await h.repos.people.col.updateOne(
    { _id: `d8:${PEOPLE.admin.phone}` },
    { $set: { roles: ["councillor"], updatedAt: h.clock.now() } },
  );
  h.repos.people.invalidate();
  const before = admin.messages().length;
  await admin.send("1405/09/30");
  await admin.waitFor(/فقط برای هیات رئیسه/);
  await h.client().idle({ quietMs: 200 });
  const after = admin.messages().slice(before);
  expect(after.some((m) => /آمار گزارش‌های/.test(m.text ?? ""))).toBe(false);
  expect(after.some((m) => m.photo)).toBe(false);
});

it("the custom period: an end date past the calendar's last day is asked again, not an error", async () => {
  const presidium = await signIn(h.client(), PEOPLE.presidium.phone);
  await presidium.send("/stats");
  await presidium.press("بازهٔ دلخواه");
  await presidium.waitFor("تاریخ شروع بازه");
  await presidium.send("3177/12/01");
  await presidium.waitFor("تاریخ پایان بازه");
  await presidium.send("3177/12/29");
  await presidium.waitFor(/این تاریخ معتبر نیست/);
  await presidium.send("✖️ انصراف");
});

it("a forged export button for a span the statistics never offer (a century) sends nothing", async () => {
  const presidium = await signIn(h.client(), PEOPLE.presidium.phone);
  const before = presidium.messages().length;
  const press = await presidium.pressCallbackData(
    "st:x:r:13000101:14051229",
    presidium.last()!.messageId,
  );
  expect((await presidium.expectCallbackAnswered(press)).text).toBe("این دکمه دیگر معتبر نیست.");
  await h.client().idle({ quietMs: 200 });
  expect(
    presidium
      .messages()
      .slice(before)
      .filter((m) => m.document),
  ).toEqual([]);
});
