export {
  cancelJob,
  ensureJobIndexes,
  JOBS,
  type JobDoc,
  type JobSpec,
  type JobState,
  jobsCollection,
  scheduleJob,
} from "./jobs.ts";
export { type ExclusiveOptions, LOCKS, type LockDoc, runExclusive } from "./locks.ts";
export {
  type JobContext,
  type JobHandler,
  Scheduler,
  type SchedulerOptions,
  type Sweep,
  type TickResult,
} from "./scheduler.ts";
