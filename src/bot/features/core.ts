import { Composer, InlineKeyboard } from "grammy";
import { liaisonVar, ONBOARDING } from "../../../conversations/onboarding.ts";
import { parseRole } from "../../district/roles.ts";
import { findNeighborhood } from "../../district/schema.ts";
import { localizeDigits } from "../../domain/digits.ts";
import { toLocalPhone } from "../../domain/phone.ts";
import { callbackText } from "../../reports/history.ts";
import type { Lang, PersonDoc } from "../../repos/types.ts";
import type { BaseContext, BotContext } from "../context.ts";
import { inFlow, leaveFlows, leaveFlowsSaying } from "../flows.ts";
import { isLang, LANGS } from "../i18n.ts";
import { mainMenuKeyboard } from "../menu.ts";

const isPrivate = (ctx: BaseContext) => ctx.chat?.type === "private";

/** Asks the launcher (installed after the conversations) to enter `id` for this update. */
function launch(ctx: BotContext, id: string, next: () => Promise<void>): Promise<void> {
  ctx.launch = id;
  return next();
}

/** Enters the conversation a command asked for; see `launch`. */
export function conversationLauncher(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.use(async (ctx, next) => {
    const id = ctx.launch;
    if (!id) return next();
    ctx.launch = undefined;
    await ctx.conversation.enter(id);
  });
  return c;
}

export async function showMenu(
  ctx: BaseContext,
  person: PersonDoc,
  key = "menu-prompt",
  vars?: Record<string, string>,
) {
  await ctx.reply(ctx.t(key, vars), {
    reply_markup: mainMenuKeyboard(ctx, ctx.app.menu, person),
  });
}

export function languageKeyboard(ctx: BaseContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const lang of LANGS) kb.text(ctx.app.i18n.t(lang, "language-name"), `lang:${lang}`);
  return kb;
}

/** Why a switched-off person is refused, naming the liaison to turn to. */
async function inactiveRefusal(ctx: BaseContext): Promise<string> {
  return ctx.t("refuse-inactive", {
    liaison: await liaisonVar(ctx.app, ctx.lang, ctx.inactivePerson?.districtId),
  });
}

async function helpText(ctx: BaseContext): Promise<string> {
  const person = ctx.person;
  // "Press /start and share your number" cannot let a switched-off person back in.
  if (!person && ctx.inactivePerson)
    return [ctx.t("help-intro"), await inactiveRefusal(ctx)].join("\n\n");
  if (!person) return [ctx.t("help-intro"), ctx.t("help-stranger")].join("\n\n");
  const has = (kind: string) => person.roles.some((r) => r === kind || r.startsWith(`${kind}:`));
  const lines = [ctx.t("help-intro")];
  if (has("councillor")) lines.push(ctx.t("help-role-councillor"), ctx.t("help-role-reports"));
  if (has("neighborhood_secretary") || has("wg_secretary") || has("district_wg_secretary"))
    lines.push(ctx.t("help-role-secretary"));
  if (has("presidium")) lines.push(ctx.t("help-role-presidium"));
  if (has("liaison")) lines.push(ctx.t("help-role-liaison"));
  if (has("mayor") || has("deputy") || has("area_mayor")) lines.push(ctx.t("help-role-official"));
  if (has("admin")) lines.push(ctx.t("help-role-admin"));
  if (has("councillor")) lines.push(ctx.t("help-role-proposals"));
  if (ctx.app.menu.visibleTo(person).some((e) => e.key === "menu-proposal-waiting"))
    lines.push(ctx.t("help-role-signer"));
  if (ctx.app.menu.visibleTo(person).some((e) => e.key === "menu-meetings"))
    lines.push(ctx.t("help-role-meetings"));
  if (has("presidium") || has("liaison") || has("admin")) lines.push(ctx.t("help-role-stats"));
  lines.push(ctx.t("help-commands"));
  return lines.join("\n\n");
}

async function profileText(ctx: BaseContext, person: PersonDoc): Promise<string> {
  const district = await ctx.app.repos.districts.get(person.districtId);
  const lang = ctx.lang;
  const subjectName = (code: string) =>
    district?.subjects.find((s) => s.code === code)?.name[lang] ?? code;
  const areaName = (code: string) =>
    district?.areas.find((a) => a.code === code)?.name[lang] ?? code;
  const roles = person.roles.map((token) => {
    const role = parseRole(token);
    if (!role) return token;
    return `• ${ctx.t(`role-${role.kind}`, {
      subject: role.subject ? subjectName(role.subject) : "",
      area: role.area ? areaName(role.area) : "",
    })}`;
  });
  const neighborhood =
    person.neighborhood && district
      ? (findNeighborhood(district, person.neighborhood)?.name[lang] ?? person.neighborhood)
      : ctx.t("profile-no-neighborhood");
  return ctx.t("profile", {
    name: person.name,
    phone: localizeDigits(toLocalPhone(person.phone), lang),
    neighborhood,
    district: district?.name[lang] ?? person.districtId,
    roles: roles.join("\n"),
  });
}

/**
 * Commands that work for everyone and at any moment — even in the middle of a
 * conversation, which they leave first. Installed before the conversations themselves.
 */
export function coreCommands(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  // A channel gets nothing: whatever the bot wrote there, every subscriber would read.
  const group = c.filter((ctx) => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup");
  // Private-only commands in a group: a polite pointer to the private chat.
  group.command(["start", "menu", "cancel", "language", "help", "track", "stats"], (ctx) =>
    ctx.reply(ctx.t("refuse-private-only")),
  );

  const pm = c.filter(isPrivate);
  pm.command("start", async (ctx, next) => {
    await leaveFlowsSaying(ctx);
    if (ctx.person) return showMenu(ctx, ctx.person, "welcome-back", { name: ctx.person.name });
    if (!ctx.inactivePerson && !ctx.identity?.lang)
      return ctx.reply(ctx.t("choose-language"), { reply_markup: languageKeyboard(ctx) });
    return launch(ctx, ONBOARDING, next);
  });

  pm.command("language", async (ctx) => {
    await leaveFlowsSaying(ctx);
    await ctx.reply(ctx.t("choose-language"), { reply_markup: languageKeyboard(ctx) });
  });

  pm.callbackQuery(/^lang:(\w+)$/, async (ctx, next) => {
    const lang = ctx.match[1];
    if (!isLang(lang)) return ctx.answerCallbackQuery(ctx.t("callback-stale"));
    await ctx.app.repos.identities.setLang(
      ctx.app.platform,
      ctx.from.id,
      lang,
      ctx.app.clock.now(),
    );
    ctx.lang = lang;
    ctx.app.langs.set(ctx.from.id, lang);
    ctx.i18n.useLocale(lang);
    await ctx.answerCallbackQuery(ctx.t("language-changed"));
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (ctx.person) return showMenu(ctx, ctx.person, "language-changed");
    await leaveFlows(ctx);
    // Someone the roster switched off is told so in the new language; signing in again
    // would not let them back.
    if (ctx.inactivePerson) return ctx.reply(await inactiveRefusal(ctx));
    return launch(ctx, ONBOARDING, next);
  });

  pm.command("help", async (ctx) => {
    const text = await helpText(ctx);
    // Help read in the middle of a form: the form still waits for its answer, and says so.
    const open = ctx.person ? await inFlow(ctx) : false;
    return ctx.reply(open ? `${text}\n\n${ctx.t("help-form-open")}` : text);
  });

  pm.command("cancel", async (ctx) => {
    const active = await leaveFlows(ctx);
    if (ctx.person) return showMenu(ctx, ctx.person, active ? "cancelled" : "nothing-to-cancel");
    // Someone switched off learns why nothing works, not that nothing was going on.
    if (ctx.inactivePerson)
      return ctx.reply(await inactiveRefusal(ctx), { reply_markup: { remove_keyboard: true } });
    return ctx.reply(ctx.t(active ? "onboarding-cancelled" : "nothing-to-cancel"), {
      reply_markup: { remove_keyboard: true },
    });
  });

  return c;
}

/** Refuses everything else to accounts not matched to an active roster person. */
export function accessGate(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.use(async (ctx, next) => {
    if (ctx.person) return next();
    // Someone the roster switched off is told so, by message or button alike: /start
    // would not let them back in.
    // Built only when it is sent: the liaisons' names are a read of the roster.
    const refusal = async () =>
      ctx.inactivePerson ? await inactiveRefusal(ctx) : ctx.t("refuse-unregistered");
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: callbackText(await refusal()), show_alert: true });
      return;
    }
    // The bot may sit in group chats for reminders: strangers' chatter there is ignored.
    if (!isPrivate(ctx)) return;
    if (!ctx.message && !ctx.editedMessage) return;
    await ctx.reply(await refusal());
  });
  return c;
}

/** Matched people only: /menu and the basic menu entries. */
export function coreFeatures(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.filter(isPrivate);
  pm.command("menu", async (ctx) => {
    if (!ctx.person) return;
    await leaveFlowsSaying(ctx);
    await showMenu(ctx, ctx.person);
  });
  return c;
}

export function registerCoreMenu(menu: import("../menu.ts").MenuRegistry): void {
  menu.add({
    key: "menu-profile",
    order: 900,
    visible: () => true,
    run: async (ctx) => ctx.person && ctx.reply(await profileText(ctx, ctx.person)),
  });
  menu.add({
    key: "menu-language",
    order: 910,
    visible: () => true,
    run: (ctx) => ctx.reply(ctx.t("choose-language"), { reply_markup: languageKeyboard(ctx) }),
  });
  menu.add({
    key: "menu-help",
    order: 920,
    visible: () => true,
    run: async (ctx) => ctx.reply(await helpText(ctx)),
  });
}

export type { Lang };
