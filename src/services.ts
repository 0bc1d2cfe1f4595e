import type { Clock } from "./clock.ts";
import type { Logger } from "./log.ts";
import { Outbox } from "./notify/outbox.ts";
import { createTranslate, Renderers } from "./notify/renderers.ts";
import { registerReportRenderers } from "./reports/notifications.ts";
import { ReportService } from "./reports/service.ts";
import { REPORTS } from "./reports/types.ts";
import type { Repos } from "./repos/index.ts";
import { Scheduler } from "./scheduler/scheduler.ts";
import type { Store } from "./store/port.ts";

/** The feature services shared by every bot instance of the process (one store). */
export interface Services {
  outbox: Outbox;
  renderers: Renderers;
  scheduler: Scheduler;
  reports: ReportService;
}

/** Collections whose items change through `transition()` (their effects are recovered). */
export const EFFECT_COLLECTIONS = [REPORTS];

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
  const reports = new ReportService(store, repos, clock, log);
  await reports.ensureIndexes();
  registerReportRenderers(renderers);
  // The escalation sweep: every heartbeat, one instance moves what is past its deadline.
  scheduler.registerSweep("report-escalation", async () => void (await reports.escalateDue()), {
    ttlMs: 5 * 60_000,
  });
  return { outbox, renderers, scheduler, reports };
}
