import { pruneProcessedUpdates } from "./bot/dedupe.ts";
import type { Clock } from "./clock.ts";
import type { Logger } from "./log.ts";
import { registerMeetingRenderers } from "./meetings/notifications.ts";
import { MeetingService, MJOB } from "./meetings/service.ts";
import { ACTION_ITEMS, MEETING_SERIES, MEETINGS } from "./meetings/types.ts";
import { HeldNotices, registerHeldRenderers } from "./notify/held.ts";
import { Outbox } from "./notify/outbox.ts";
import { createTranslate, Renderers } from "./notify/renderers.ts";
import { registerProposalRenderers } from "./proposals/notifications.ts";
import { PJOB, ProposalService } from "./proposals/service.ts";
import { PROPOSALS } from "./proposals/types.ts";
import { registerReportRenderers } from "./reports/notifications.ts";
import { ReportService } from "./reports/service.ts";
import { REPORTS } from "./reports/types.ts";
import type { Repos } from "./repos/index.ts";
import { Scheduler } from "./scheduler/scheduler.ts";
import { registerStatsRenderers } from "./stats/notifications.ts";
import { StatsService } from "./stats/service.ts";
import type { Store } from "./store/port.ts";

/** The feature services shared by every bot instance of the process (one store). */
export interface Services {
  outbox: Outbox;
  renderers: Renderers;
  /** Notices kept for owners who cannot be reached, delivered when they can be. */
  held: HeldNotices;
  scheduler: Scheduler;
  reports: ReportService;
  proposals: ProposalService;
  meetings: MeetingService;
  stats: StatsService;
}

/** Collections whose items change through `transition()` (their effects are recovered). */
export const EFFECT_COLLECTIONS = [REPORTS, PROPOSALS, MEETINGS, MEETING_SERIES, ACTION_ITEMS];

export async function createServices(opts: {
  store: Store;
  repos: Repos;
  clock: Clock;
  log: Logger;
}): Promise<Services> {
  const { store, repos, clock, log } = opts;
  const outbox = new Outbox(store, clock);
  await outbox.ensureIndexes();
  const renderers = new Renderers(createTranslate());
  const scheduler = new Scheduler({ store, clock, log, effectCollections: EFFECT_COLLECTIONS });
  await scheduler.ensureIndexes();
  const held = new HeldNotices(store, repos, clock, log, renderers);
  registerHeldRenderers(renderers, repos);
  // Sign-in and "back after a block" release what waited at once; this catches the rest.
  scheduler.registerSweep("held-notices", async () => void (await held.sweep()), {
    ttlMs: 5 * 60_000,
  });
  const reports = new ReportService(store, repos, clock, log);
  await reports.ensureIndexes();
  registerReportRenderers(renderers);
  // The escalation sweep: every heartbeat, one instance moves what is past its deadline.
  scheduler.registerSweep("report-escalation", async () => void (await reports.escalateDue()), {
    ttlMs: 5 * 60_000,
  });
  // A re-import may move a role or switch someone off: their open reports go to whoever
  // holds the role now.
  scheduler.registerSweep(
    "report-owners",
    async () => void (await reports.reassignAfterRosterChange()),
    { ttlMs: 5 * 60_000 },
  );
  const meetings = new MeetingService(store, repos, clock, log, reports);
  await meetings.ensureIndexes();
  registerMeetingRenderers(renderers, meetings);
  // Action items given to a deputy follow the role, as reports follow theirs.
  scheduler.registerSweep(
    "action-item-owners",
    async () => void (await meetings.reassignItemsAfterRosterChange()),
    { ttlMs: 5 * 60_000 },
  );
  // Reminders are jobs keyed per meeting, offset and time version; the sweep generates
  // series occurrences and runs the minutes and action-item ladders.
  scheduler.register(MJOB.reminder, (job) => meetings.onReminder(job));
  scheduler.register(MJOB.attendance, (job) => meetings.onAttendanceCheck(job));
  scheduler.registerSweep("meetings", () => meetings.sweep(), { ttlMs: 5 * 60_000 });
  const proposals = new ProposalService(store, repos, clock, log, renderers.t);
  await proposals.ensureIndexes();
  registerProposalRenderers(renderers, proposals);
  // Reminder and presidium alert per step and revision; delivery to HQ as a safety net
  // behind the direct call after the last signature (both guarded, so it happens once).
  scheduler.register(PJOB.reminder, (job) => proposals.nudge(job));
  scheduler.register(PJOB.alert, (job) => proposals.nudge(job));
  // A re-import may move a step's role or switch its signer off: the current step of each
  // proposal in signature goes to whoever holds the role now.
  scheduler.registerSweep("proposal-signers", async () => void (await proposals.followRoster()), {
    ttlMs: 5 * 60_000,
  });
  scheduler.register(PJOB.deliver, async (job) => {
    await proposals.deliver(String(job.payload.proposalId));
  });
  // Whether headquarters' chat took what was sent to it; a failure is told to those who can act.
  scheduler.registerSweep(
    "proposal-hq-delivery",
    async () => void (await proposals.checkHqDeliveries()),
    { ttlMs: 5 * 60_000 },
  );
  // Processed update ids are kept for a few days only.
  scheduler.registerSweep(
    "inbox-prune",
    // Physical time, like the inbox itself (a test may move the business clock by weeks).
    async () => void (await pruneProcessedUpdates(store, Date.now())),
    { ttlMs: 5 * 60_000 },
  );
  const stats = new StatsService(store, repos, clock, log, outbox);
  await stats.ensureIndexes();
  registerStatsRenderers(renderers, stats);
  // The weekly digest: due once per district and Jalali week (see digestSweep).
  scheduler.registerSweep("stats-digest", async () => void (await stats.digestSweep()), {
    ttlMs: 5 * 60_000,
  });
  return { outbox, renderers, held, scheduler, reports, meetings, proposals, stats };
}
