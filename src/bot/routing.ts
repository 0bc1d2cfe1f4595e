import { Composer, type Context, type Middleware, type MiddlewareFn } from "grammy";

/**
 * Runs `inner` only for updates `wants` accepts: one plain check in front of a composer.
 * grammY's filters (`filter`, `on`, `command`, `callbackQuery`) build a Composer for each
 * update that passes them by, so an update walking past a few dozen handlers that can never
 * be its own allocated more than its own work did (a third of all allocation, measured by
 * `npm run bench`). `wants` must hold for every update any of `inner`'s handlers takes.
 */
export function only<C extends Context>(
  wants: (ctx: C) => boolean,
  ...inner: Middleware<C>[]
): MiddlewareFn<C> {
  const mw = new Composer<C>(...inner).middleware();
  return (ctx, next) => (wants(ctx) ? mw(ctx, next) : next());
}

/**
 * Whether an update may be a command: a message's text or caption starting with "/", which
 * grammY's `command` requires (it matches a bot_command entity at offset 0).
 */
export function mayBeCommand(ctx: Context): boolean {
  const m = ctx.message ?? ctx.channelPost;
  return (m?.text ?? m?.caption)?.startsWith("/") === true;
}
