import { afterEach, describe, expect, it } from "vitest";
import type { ReportDoc } from "../../src/reports/types.ts";
import {
  checkInvariants,
  crowdFilesReports,
  FULL,
  generatedUserId,
  type InProcess,
  outboxDrained,
  SECRETARY,
  size,
  sleep,
  startInProcess,
} from "./helpers.ts";

let env: InProcess | undefined;
afterEach(async () => {
  env?.store.setOutage(false);
  await env?.stop();
  env = undefined;
});

const OUTAGE_MS = size(4000, 30_000);
const PEOPLE = size(4, 30);

describe("store outage: every store call fails for a while", () => {
  it(
    `people are told it is temporarily unavailable, nothing is half-written, all resumes after ${OUTAGE_MS} ms`,
    async () => {
      env = await startInProcess({ people: PEOPLE });
      const { client, store, clock } = env;
      const secretary = client.user({ id: SECRETARY.userId, firstName: "Secretary" });
      await secretary.send("/help");
      await secretary.waitFor(/\/help/, { timeoutMs: 10_000 });

      // One person is half-way through a form when the store goes down.
      const early = client.user({ id: generatedUserId(0), firstName: "P0" });
      await early.send("📝 گزارش مشکل");
      await early.waitFor(/موضوع مشکل/, { timeoutMs: 10_000 });
      store.setOutage(true);
      const downAt = Date.now();
      await early.press("خدمات شهری");
      // Told plainly, in their language, that the system is temporarily unavailable.
      await early.waitFor(/موقتاً در دسترس نیست/, { timeoutMs: 10_000 });
      const reportsDuring = () => store.collection<ReportDoc>("reports");
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
      store.setOutage(false);

      // Everything resumes: everyone (the early person included) files a report.
      const crowd = await crowdFilesReports(client, PEOPLE, {
        patienceMs: 4000,
        deadlineMs: size(60_000, 300_000),
        thinkMs: 100,
      });
      await outboxDrained(store, clock, size(30_000, 120_000));
      await client.idle({ quietMs: 500, timeoutMs: 60_000 });
      const report = await checkInvariants({
        store,
        bot: client.state,
        ...crowd,
        now: clock.now(),
      });
      expect(report.reports).toBe(PEOPLE);
      expect((await reportsDuring().find({})).every((r) => (r._effects?.length ?? 0) === 0)).toBe(
        true,
      );
      expect(client.state.unansweredCallbacks()).toEqual([]);
    },
    FULL ? 600_000 : 60_000,
  );
});
