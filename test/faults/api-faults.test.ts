import { afterEach, describe, expect, it } from "vitest";
import {
  checkInvariants,
  crowdFilesReports,
  FULL,
  type InProcess,
  outboxDrained,
  SECRETARY,
  size,
  startInProcess,
} from "./helpers.ts";

let env: InProcess | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const PEOPLE = size(6, 100);

describe("Bot API faults: 10% 5xx, 5% 429 with retry_after, 5% dropped connections on every method", () => {
  it(
    `${PEOPLE} people file reports through a failing Bot API; nothing is lost or applied twice`,
    async () => {
      env = await startInProcess({ people: PEOPLE });
      const { emulator, client, store, clock } = env;
      const secretary = client.user({ id: SECRETARY.userId, firstName: "Secretary" });
      await secretary.send("/help");
      await secretary.waitFor(/\/help/, { timeoutMs: 10_000 });
      emulator.faults.add({ method: "*", kind: "5xx", status: 502, probability: 0.1 });
      emulator.faults.add({ method: "*", kind: "429", retryAfter: 1, probability: 0.05 / 0.9 });
      emulator.faults.add({ method: "*", kind: "drop", probability: 0.05 / 0.85 });
      const crowd = await crowdFilesReports(client, PEOPLE, {
        patienceMs: 6000,
        deadlineMs: size(100_000, 400_000),
        thinkMs: 200,
        spreadMs: size(500, 5000),
      });
      const injected = client.state.errors.filter((e) => e.injected).length;
      emulator.faults.clear();
      // Messages still in retry backoff must go out too: the business clock is a working
      // morning, so nothing is held by quiet hours.
      await outboxDrained(store, clock, size(60_000, 200_000), true);
      await client.idle({ quietMs: 500, timeoutMs: 30_000 });
      const report = await checkInvariants({
        store,
        bot: client.state,
        ...crowd,
        now: clock.now(),
      });
      expect(report.reports).toBe(PEOPLE);
      expect(report.notificationsSent).toBeGreaterThanOrEqual(PEOPLE);
      // The faults really hit; and every error that was not injected is a bug.
      expect(injected).toBeGreaterThan(0);
      expect(client.state.errors.filter((e) => !e.injected && e.errorCode !== 400)).toEqual([]);
      expect(
        client.state.errors.filter(
          (e) =>
            !e.injected &&
            e.errorCode === 400 &&
            !/query is too old|not modified/.test(e.description),
        ),
      ).toEqual([]);
      console.log(
        `api faults: ${PEOPLE} people, ${injected} injected errors, ${crowd.repeats} repeated inputs, ` +
          `${report.notificationsSent} notifications, ${report.duplicates.length} received twice`,
      );
      // A dropped connection after the server acted can't be told from one before; a
      // repeat is the price of delivering at least once. Without crashes: none expected here
      // because "drop" cuts before the server acts.
      expect(report.duplicates).toEqual([]);
    },
    FULL ? 600_000 : 120_000,
  );
});
