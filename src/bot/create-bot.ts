import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, Composer, GrammyError, HttpError, type Middleware, type Transformer } from "grammy";
import { createOnboarding, ONBOARDING } from "../../conversations/onboarding.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Repos } from "../repos/index.ts";
import type { IdentityDoc, Platform } from "../repos/types.ts";
import type { Services } from "../services.ts";
import { StoreUnavailableError } from "../store/port.ts";
import type { AppDeps, BaseContext, BotContext, ConvContext } from "./context.ts";
import { conversationStorage } from "./conversation-storage.ts";
import { dedupeUpdates } from "./dedupe.ts";
import { directJsonCalls } from "./direct-calls.ts";
import {
  accessGate,
  conversationLauncher,
  coreCommands,
  coreFeatures,
  registerCoreMenu,
  showMenu,
} from "./features/core.ts";
import { FEATURES } from "./features/index.ts";
import { inFlow, leaveFlowsSaying } from "./flows.ts";
import { createI18n, DEFAULT_LANG } from "./i18n.ts";
import { jsonFetch } from "./json-fetch.ts";
import { MenuRegistry, menuEntryOf } from "./menu.ts";
import { retryingFetch } from "./retry-fetch.ts";
import { chain, mayBeCommand, only } from "./routing.ts";

export interface CreateBotOptions {
  platform: Platform;
  token: string;
  /** Bot API server root, e.g. the local emulator or https://tapi.bale.ai. */
  apiRoot?: string;
  repos: Repos;
  services: Services;
  clock: Clock;
  log: Logger;
  /** Test hook: no Bot API retries, so a test sees raw errors. */
  autoRetry?: boolean;
}

export interface ShurayarBot {
  bot: Bot<BotContext>;
  deps: AppDeps;
}

/** The key of one private/group chat for sequential processing: one update at a time per chat. */
export function chatKey(ctx: { chat?: { id: number }; from?: { id: number } }): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/** Builds a bot without side effects: nothing touches the network until it is started. */
export function createBot(opts: CreateBotOptions): ShurayarBot {
  const fetchFn = opts.autoRetry !== false ? retryingFetch() : jsonFetch;
  const bot = new Bot<BotContext>(opts.token, {
    client: {
      ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}),
      // Conversations build their Api from these options too, so they get the retries.
      fetch: fetchFn,
    },
  });
  // First, so it sits under every other transformer (and is copied into each update's Api).
  bot.api.config.use(
    directJsonCalls(opts.apiRoot ?? "https://api.telegram.org", opts.token, fetchFn),
  );

  const langs = new Map<number, BaseContext["lang"]>();
  const i18n = createI18n<BaseContext>(
    (ctx) => ctx.lang ?? (ctx.from ? langs.get(ctx.from.id) : undefined),
  );
  const menu = new MenuRegistry();
  const deps: AppDeps = {
    repos: opts.repos,
    clock: opts.clock,
    log: opts.log.child({ platform: opts.platform }),
    platform: opts.platform,
    i18n,
    langs,
    menu,
    services: opts.services,
  };
  registerCoreMenu(menu);
  for (const f of FEATURES) f.menu?.(menu, deps);

  // Every callback query gets an answer (Bale keeps the button spinning otherwise);
  // remember which ones a handler answered so the fallback below doesn't answer twice.
  const answered = new Set<string>();
  // Answers the Bot API refused: the person saw nothing from them.
  const refused = new Set<string>();
  // An answer can also come too late (the query expired, or a previous process answered
  // it before a restart): that must never abort the work the press asked for.
  const callbackAnswers: Transformer = async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method !== "answerCallbackQuery") return res;
    const id = (payload as { callback_query_id: string }).callback_query_id;
    answered.add(id);
    if (!res.ok && res.error_code === 400) {
      refused.add(id);
      deps.log.debug({ description: res.description }, "callback answer refused; carrying on");
      return { ok: true, result: true } as unknown as typeof res;
    }
    return res;
  };
  bot.api.config.use(callbackAnswers);

  // One flat chain: each update pays for the middleware it reaches, not for all of them
  // (see `chain`).
  const mws: Middleware<BotContext>[] = [];
  mws.push(errorBoundary(deps, { answered, refused }));
  mws.push(sequentialize(chatKey));
  mws.push(async (ctx, next) => {
    ctx.app = deps;
    await next();
  });
  mws.push(dedupeUpdates(opts.repos.store, `${opts.platform}:${opts.token.split(":")[0]}`));
  mws.push(async (ctx, next) => {
    const cb = ctx.callbackQuery?.id;
    await next();
    // On failure the error boundary answers instead, with an explanation.
    if (cb && !answered.delete(cb)) await ctx.answerCallbackQuery().catch(() => undefined);
    if (cb) {
      // The fallback answer just above records itself too.
      answered.delete(cb);
      refused.delete(cb);
    }
    if (answered.size > 10_000) answered.clear();
    if (refused.size > 10_000) refused.clear();
  });
  mws.push(loadIdentity);
  // Blocking or unblocking the bot, or being added to a group, says nothing to answer: what
  // it means for reaching the person is noted above. A form waiting for an answer must not
  // take it for one (nor answer a chat that has just blocked the bot).
  mws.push((ctx, next) => (ctx.myChatMember ? undefined : next()));
  mws.push(i18n.middleware());
  // Outside conversations the person is known, so only their own menu counts; inside, any
  // label (someone typing another role's label gets the fallback, the form still open).
  const markMenuLabel = (ctx: BaseContext | ConvContext, next: () => Promise<void>) => {
    const text = ctx.chat?.type === "private" ? ctx.message?.text : undefined;
    const entry = menuEntryOf(menu, deps.i18n, text);
    const person = "person" in ctx ? ctx.person : undefined;
    ctx.menuLabel =
      entry !== undefined && (person === undefined || (!!person && entry.visible(person)));
    return next();
  };
  mws.push(markMenuLabel);
  // Forms kept as documents (the report form) come before the conversations plugin: a
  // chat in one is in no conversation, and its answers — most updates a councillor sends —
  // skip the plugin's state read and machinery. Commands and others' buttons pass on.
  for (const f of FEATURES) for (const form of f.forms?.(deps) ?? []) mws.push(form);
  mws.push(
    conversations<BotContext, BaseContext>({
      storage: conversationStorage(opts.repos.store, opts.platform, () => opts.clock.now()),
      // Conversations call the Bot API through an Api of their own, without the bot's
      // transformers: a late callback answer must not end a form there either.
      plugins: [
        i18n.middleware(),
        markMenuLabel,
        (ctx, next) => {
          ctx.api.config.use(callbackAnswers);
          return next();
        },
      ],
    }),
  );
  mws.push(
    only(
      (ctx) => mayBeCommand(ctx) || ctx.callbackQuery?.data?.startsWith("lang:") === true,
      coreCommands(),
    ),
  );
  mws.push(createConversation(createOnboarding(deps), { id: ONBOARDING, plugins: [] }));
  mws.push(conversationLauncher());
  mws.push(accessGate());
  for (const f of FEATURES) {
    for (const { id, builder } of f.conversations?.(deps) ?? [])
      mws.push(createConversation(builder, id));
  }
  mws.push(only(mayBeCommand, coreFeatures()));
  // Features answer commands and their own buttons only (see FeatureModule.composer).
  const features = FEATURES.flatMap((f) => f.composer?.(deps) ?? []);
  mws.push(only((ctx) => ctx.callbackQuery !== undefined || mayBeCommand(ctx), ...features));
  mws.push(menuRouter(menu, deps));
  mws.push(fallback());
  bot.use(chain(...mws));
  return { bot, deps };
}

/**
 * A person a notification could not reach (they had blocked the bot) is in their private
 * chat again — the unblock itself, or anything they send — so they are told things again.
 * The block arrives the same way and changes nothing.
 */
async function backInChat(ctx: BotContext, identity: IdentityDoc): Promise<void> {
  if (ctx.chat?.type !== "private" || ctx.chat.id !== identity.chatId) return;
  if (ctx.myChatMember && ctx.myChatMember.new_chat_member.status === "kicked") return;
  const { repos, clock } = ctx.app;
  const at = clock.now();
  if (!(await repos.identities.markReachable(identity, at))) return;
  delete identity.unreachableAt;
  await repos.audit.append({
    _id: `identity-reachable:${identity._id}:${at}`,
    itemType: "identity",
    itemId: identity._id,
    at,
    actor: { platform: identity.platform, userId: identity.userId },
    action: "reachable",
    ...(identity.personId ? { data: { personId: identity.personId } } : {}),
  });
  // What was assigned to them meanwhile; a failure here is retried by the held sweep.
  if (identity.personId)
    await ctx.app.services.held.release(identity.personId).catch((err: unknown) => {
      ctx.app.log.error({ err, personId: identity.personId }, "held notices: release failed");
    });
}

async function loadIdentity(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  ctx.identity = null;
  ctx.person = null;
  ctx.inactivePerson = null;
  ctx.lang = DEFAULT_LANG;
  const from = ctx.from;
  if (from && !from.is_bot) {
    const { repos, platform, langs } = ctx.app;
    ctx.identity = await repos.identities.get(platform, from.id);
    if (ctx.identity?.unreachableAt !== undefined) await backInChat(ctx, ctx.identity);
    ctx.lang = ctx.identity?.lang ?? DEFAULT_LANG;
    langs.set(from.id, ctx.lang);
    const personId = ctx.identity?.personId;
    if (personId) {
      const person = await repos.people.get(personId);
      if (person?.active) ctx.person = person;
      else if (person) ctx.inactivePerson = person;
    }
  }
  await next();
}

/** Presses of main-menu buttons, recognised in either language. */
function menuRouter(menu: MenuRegistry, deps: AppDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on("message:text").filter(
    (ctx) => ctx.chat.type === "private",
    async (ctx, next) => {
      const person = ctx.person;
      if (!person) return next();
      const entry = menuEntryOf(menu, deps.i18n, ctx.message.text);
      if (!entry) return next();
      if (!entry.visible(person)) {
        // A button of a keyboard from before a re-import took the role that gave it: said
        // so, with the menu as it is now (in a form, the text is the form's to answer).
        if (await inFlow(ctx)) return next();
        return showMenu(ctx, person, "menu-entry-gone");
      }
      // A form left open (a report half filed, a question waiting) is closed first: the
      // person pressed the menu to go elsewhere. Proposal drafts stay saved.
      await leaveFlowsSaying(ctx);
      await entry.run(ctx);
    },
  );
  return c;
}

function fallback(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on("callback_query", (ctx) => ctx.answerCallbackQuery(ctx.t("callback-stale")));
  c.on("message").filter(
    (ctx) => ctx.chat.type === "private",
    async (ctx) => {
      if (ctx.person) await showMenu(ctx, ctx.person, "unknown-input");
    },
  );
  return c;
}

/**
 * Logs the failed update and tells the person, in their language, that it didn't work —
 * and, when the store is down, that nothing is lost.
 */
function errorBoundary(deps: AppDeps, callbacks: { answered: Set<string>; refused: Set<string> }) {
  return async (ctx: BotContext, next: () => Promise<void>) => {
    try {
      await next();
    } catch (err) {
      const storeDown = err instanceof StoreUnavailableError;
      deps.log.error(
        {
          err:
            err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : err,
          updateId: ctx.update.update_id,
          kinds: Object.keys(ctx.update).filter((k) => k !== "update_id"),
          apiError:
            err instanceof GrammyError
              ? err.description
              : err instanceof HttpError
                ? "http"
                : undefined,
        },
        "update failed",
      );
      if (ctx.chat?.type !== "private") return;
      const lang = ctx.lang ?? (ctx.from ? deps.langs.get(ctx.from.id) : undefined) ?? DEFAULT_LANG;
      const text = deps.i18n.t(lang, storeDown ? "error-store-unavailable" : "error-generic");
      const cb = ctx.callbackQuery?.id;
      if (cb) {
        // A press the handler had already answered can't be answered again: the alert
        // would be refused and the person left thinking it worked. Say it in the chat then.
        const shown =
          !callbacks.answered.has(cb) &&
          (await ctx.answerCallbackQuery({ text, show_alert: true }).then(
            () => !callbacks.refused.has(cb),
            () => false,
          ));
        callbacks.answered.delete(cb);
        callbacks.refused.delete(cb);
        if (shown) return;
      }
      await ctx.reply(text).catch(() => undefined);
    }
  };
}
