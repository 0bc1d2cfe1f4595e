import { afterEach, describe, expect, it } from "vitest";
import { EmulatorClient } from "../../src/emulator/client.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { openEmbeddedStore } from "../../src/store/embedded.ts";
import { exited, spawnBot, TOKENS } from "../helpers/harness.ts";
import {
  checkInvariants,
  deliveredTo,
  FULL,
  fileProposalLikeAPerson,
  fileReportLikeAPerson,
  generatedPersonId,
  generatedUserId,
  prepareStoreDir,
  type ScriptResult,
  SECRETARY,
  size,
  sleep,
  uniqueDescription,
} from "./helpers.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const PEOPLE = size(12, 200);
const KILLS = size(3, 20);

describe("crashes: the bot process is SIGKILLed at random moments while people file reports and proposals", () => {
  it(
    `${PEOPLE} people, ${KILLS} kills: every confirmed report and submitted proposal exists once, every due notification arrives`,
    async () => {
      const { dir, cleanup } = await prepareStoreDir(PEOPLE);
      cleanups.push(cleanup);
      const emu = await startEmulator();
      cleanups.push(() => emu.close());
      emu.addBot({ token: TOKENS.telegram, dialect: "telegram" });
      const client = new EmulatorClient(emu, TOKENS.telegram);
      const env = {
        BOT_TOKEN: TOKENS.telegram,
        BOT_API_ROOT: emu.url,
        DATA_DIR: dir,
        MONGODB_URI: "",
      };

      let child = spawnBot(env);
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGKILL");
          await exited(child);
        }
      });
      // The secretary has talked to the bot, so routing notifications can reach them.
      const secretary = client.user({ id: SECRETARY.userId, firstName: "Secretary" });
      await secretary.send("/help");
      await secretary.waitFor(/\/help/, { timeoutMs: 20_000 });

      const kills: { n: number; at: number }[] = [];
      const filed = new Map<string, string>();
      const codes = new Map<string, string>();
      const proposals = new Map<string, string>();
      let done = 0;
      const people = Array.from({ length: PEOPLE }, async (_, i) => {
        // Arrivals spread over the first seconds, like real people.
        await sleep(Math.random() * size(2000, 90_000));
        const user = client.user({ id: generatedUserId(i), firstName: `P${i}` });
        const description = uniqueDescription(i);
        if (i % 4 === 3) {
          // A quarter of the people submit a small-project proposal instead.
          const title = `طرح آزمایشی ${i}`;
          const r = await fileProposalLikeAPerson(user, {
            patienceMs: 4000 + Math.random() * 2000,
            deadlineMs: size(80_000, 480_000),
            description,
            title,
            thinkMs: size(800, 2500),
          });
          proposals.set(generatedPersonId(i), title);
          done++;
          return r;
        }
        const r: ScriptResult = await fileReportLikeAPerson(user, {
          patienceMs: 4000 + Math.random() * 2000,
          deadlineMs: size(90_000, 420_000),
          description,
          thinkMs: size(800, 2500),
        });
        filed.set(generatedPersonId(i), description);
        codes.set(generatedPersonId(i), r.code);
        done++;
        return r;
      });

      // The killer: SIGKILL at a random moment, restart at once, until the kills are spent.
      const killer = (async () => {
        for (let n = 1; n <= KILLS; n++) {
          // Spaced so that every kill lands while people are still mid-flow.
          await sleep(size(800, 1500) + Math.random() * size(1500, 4000));
          if (done === PEOPLE) break;
          child.kill("SIGKILL");
          await exited(child);
          kills.push({ n, at: Date.now() });
          child = spawnBot(env);
        }
      })();

      const results = await Promise.all(people);
      await killer;
      // Let the last process deliver what is due, then stop it cleanly to read the store.
      // All routing notifications go to one secretary, paced at about one a second.
      // The secretary gets each report and each proposal's first signature request.
      await deliveredTo(client, SECRETARY.userId, filed.size + proposals.size + 1, 15_000);
      await client.idle({ quietMs: 1000, timeoutMs: 60_000 });
      child.kill("SIGTERM");
      expect(await exited(child)).toBe(0);

      const store = await openEmbeddedStore(dir);
      try {
        const report = await checkInvariants({
          store,
          bot: client.state,
          filed,
          codes,
          proposals,
        });
        expect(report.reports).toBe(filed.size);
        expect(filed.size + proposals.size).toBe(PEOPLE);
        expect(proposals.size).toBeGreaterThan(0);
        // Every kill happened during the flows (none was skipped because all were done).
        expect(kills.length).toBe(KILLS);
        // Each report was routed to the secretary: one notification each, all delivered (the
        // store has no quiet hours, so none is held for the morning).
        expect(report.held).toBe(0);
        expect(report.notificationsSent).toBeGreaterThanOrEqual(filed.size);
        const repeats = results.reduce((s, r) => s + r.repeats, 0);
        console.log(
          `crash scenario: ${PEOPLE} people (${filed.size} reports, ${proposals.size} proposals), ${kills.length} kills, ${repeats} repeated inputs, ` +
            `${report.notificationsSent} notifications sent, ${report.duplicates.length} received twice`,
        );
        for (const d of report.duplicates) {
          // Only a kill between the send and its record makes a second copy: the process died
          // once the first copy was on its way and sent it again after the restart. So a kill
          // must fall between the first copy and the last (a request already on the wire when
          // the process died still lands a moment later, and the emulator stamps whole
          // seconds: the window opens two seconds early).
          const from = (d.sentAt[0]! - 2) * 1000;
          const to = (d.sentAt.at(-1)! + 1) * 1000;
          const between = kills.filter((k) => k.at >= from && k.at < to);
          console.log(
            `  sent twice: ${d.id} to chat ${d.chatId} (${d.copies} copies, ${d.sentAt
              .map((s) => new Date(s * 1000).toISOString())
              .join(" and ")}); kills between them: ${
              between.map((k) => `#${k.n} at ${new Date(k.at).toISOString()}`).join(", ") || "none"
            }`,
          );
          expect(between, `${d.id} was sent twice with no kill between its copies`).not.toEqual([]);
        }
        // Only a crash between a send and its record may duplicate: never more than one per kill.
        expect(report.duplicates.length).toBeLessThanOrEqual(kills.length);
      } finally {
        await store.close();
      }
    },
    FULL ? 600_000 : 120_000,
  );
});
