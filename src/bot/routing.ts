import type { Context, Middleware, MiddlewareFn } from "grammy";

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
  const mw = chain(...inner);
  return (ctx, next) => (wants(ctx) ? mw(ctx, next) : next());
}

/**
 * The middleware in order, as `new Composer(...mws)` runs them, at the cost of the ones an
 * update reaches. A Composer nests one async wrapper per middleware it holds, and every
 * update enters all of them before the first middleware runs: the bot's thirty-odd
 * top-level ones cost each update more than the handful it passes through (an eighth of
 * what the bot allocated in an update-cost run, by V8's heap profiler). Calling `next`
 * twice throws, as there.
 */
export function chain<C extends Context>(...mws: Middleware<C>[]): MiddlewareFn<C> {
  const fns = mws.map((m) => (typeof m === "function" ? m : m.middleware()));
  return (ctx, next) => {
    let reached = -1;
    const step = async (i: number): Promise<void> => {
      if (i <= reached) throw new Error("`next` already called before!");
      reached = i;
      const fn = fns[i];
      if (fn === undefined) return next();
      await fn(ctx, () => step(i + 1));
    };
    return step(0);
  };
}

/**
 * Whether an update may be a command: a message's text or caption starting with "/", which
 * grammY's `command` requires (it matches a bot_command entity at offset 0).
 */
export function mayBeCommand(ctx: Context): boolean {
  const m = ctx.message ?? ctx.channelPost;
  return (m?.text ?? m?.caption)?.startsWith("/") === true;
}
