export { Dispatcher, type DispatcherOptions, type DispatcherStats } from "./dispatcher.ts";
export {
  type AuditEntry,
  applyTransition,
  auditEffect,
  cancelJobEffect,
  type Effect,
  type EffectInput,
  flushEffects,
  type NotificationInput,
  notifyEffect,
  recoverEffects,
  scheduleEffect,
  type TransitionSpec,
  transition,
  type WithEffects,
} from "./effects.ts";
export {
  dueFilter,
  ensureOutboxIndexes,
  OUTBOX,
  Outbox,
  onOutboxChange,
  outboxChanged,
} from "./outbox.ts";
export { DEFAULT_LIMITS, Pacer, type SendLimits } from "./pacer.ts";
export { DEFAULT_QUIET_HOURS, type QuietHours, quietHoursEnd } from "./quiet-hours.ts";
export {
  createTranslate,
  type RenderContext,
  type Rendered,
  type Renderer,
  Renderers,
} from "./renderers.ts";
export * from "./types.ts";
